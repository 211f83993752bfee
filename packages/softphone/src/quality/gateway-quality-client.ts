// wwe-gateway's quality-report exchange, loaded with the first report of a softphone with `gatewayQualityReport`.
import type { BrowserQualityReport } from '@wwe-webrtc/shared';
import { QualityReportError } from '../errors.js';
import { QUALITY_PROOF, agentProofHeader } from '../gateway/agent-proof.js';
import type { GatewayQualityReportOptions } from './gateway-quality-report.js';

/** One report: a single-use nonce, the HMAC proof of the DN's password over it, the POST. */
export function sendGatewayQualityReport(options: GatewayQualityReportOptions, report: BrowserQualityReport): Promise<void> {
  const base = options.gatewayUrl.endsWith('/') ? options.gatewayUrl : `${options.gatewayUrl}/`;
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const request = async (path: string, init: RequestInit) => {
    let response: Response;
    try {
      response = await doFetch(new URL(path, base), { ...init, cache: 'no-store', credentials: 'omit', signal: AbortSignal.timeout(timeoutMs) });
    } catch (cause) {
      throw new QualityReportError(`Cannot reach the gateway at ${base} to report call quality.`, { cause });
    }
    const body = (await response.json().catch(() => ({}))) as { nonce?: unknown; error?: { code?: string } };
    return { status: response.status, body };
  };
  const refused = (reply: { status: number; body: { error?: { code?: string } } }) =>
    new QualityReportError(`The gateway refused the call-quality report: ${reply.body.error?.code ?? `HTTP ${reply.status}`}.`);
  return (async () => {
    for (let attempt = 0; ; attempt++) {
      const nonceReply = await request('api/quality/nonce', { headers: { accept: 'application/json' } });
      if (nonceReply.status !== 200 || typeof nonceReply.body.nonce !== 'string') throw refused(nonceReply);
      const authorization = await agentProofHeader(QUALITY_PROOF, options.dn, options.password, nonceReply.body.nonce);
      const reply = await request(`api/dns/${encodeURIComponent(options.dn)}/quality`, {
        method: 'POST',
        headers: { accept: 'application/json', 'content-type': 'application/json', authorization },
        body: JSON.stringify(report),
      });
      // A nonce can go stale between the two requests (a gateway restart): one more try with a new one.
      if (reply.status === 401 && reply.body.error?.code === 'QUALITY_NONCE_INVALID' && attempt === 0) continue;
      if (reply.status !== 202) throw refused(reply);
      return;
    }
  })();
}
