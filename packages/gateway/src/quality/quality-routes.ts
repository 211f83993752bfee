import { sendError, sendJson } from '../http/respond.js';
import type { Router } from '../http/router.js';
import type { CallQualityTable } from './call-quality-table.js';

/**
 * `GET /api/quality` — every call Asterisk is reporting RTCP for, per leg and direction (admin token);
 * `?below=true` only those whose worst MOS is under the threshold; `?attention=true` those and the
 * calls whose browser reported a quality warning (what the dashboard shows).
 */
export function addQualityRoutes(router: Router, table: CallQualityTable): void {
  router.add('GET', '/api/quality', ({ res, url }) => {
    const below = url.searchParams.get('below');
    const attention = url.searchParams.get('attention');
    for (const [name, value] of [['below', below], ['attention', attention]] as const) {
      if (value !== null && value !== 'true' && value !== 'false') {
        sendError(res, 400, 'BAD_QUERY', `${name} must be true or false`);
        return;
      }
    }
    const calls = attention === 'true' ? table.needingAttention() : below === 'true' ? table.belowThreshold() : table.calls();
    sendJson(res, 200, { mosThreshold: table.mosThreshold, measured: table.size, calls });
  });
}
