import { Counter } from 'prom-client';
import type { GatewayExtension } from '../gateway.js';
import { addTurnRoutes } from '../http/turn-routes.js';
import { loadAgentPasswords } from '../agent-auth/agent-passwords.js';
import { TurnCredentialService } from './turn-credential-service.js';

/**
 * TURN credentials for agents' browsers as a gateway extension: reads `config.turn` and the agents'
 * SIP passwords, adds `GET /api/turn/nonce` and `GET /api/turn/credentials`, and counts requests in
 * `wwe_gateway_turn_requests_total{route,result}`. Does nothing when `turn.enabled` is false.
 */
export function turnExtension(options: { now?: () => number } = {}): GatewayExtension {
  return {
    name: 'turn',
    async start({ config, router, registry, logger }) {
      const turn = config.turn;
      if (!turn.enabled || turn.secret === undefined || turn.agentPasswordsFile === undefined) {
        logger.info({}, 'TURN credentials disabled (turn.enabled=false)');
        return;
      }
      const now = options.now ?? Date.now;
      const agentPasswords = loadAgentPasswords(turn.agentPasswordsFile);
      const service = new TurnCredentialService(
        {
          secret: turn.secret,
          urls: turn.urls,
          agentPasswords,
          ttlSeconds: turn.ttlSeconds,
          perDnPerMinute: turn.perDnPerMinute,
          perDnBurst: turn.perDnBurst,
          globalPerSecond: turn.globalPerSecond,
          globalBurst: turn.globalBurst,
        },
        now(),
      );
      const requests = new Counter({ name: 'wwe_gateway_turn_requests_total', help: 'TURN nonce and credential requests by result', labelNames: ['route', 'result'] as const, registers: [registry] });
      addTurnRoutes(router, service, { logger, requests, now });
      logger.info({ urls: turn.urls, ttlSeconds: turn.ttlSeconds, agents: agentPasswords.size }, 'TURN credentials enabled');
    },
  };
}
