import type { GatewayExtension } from '../gateway.js';
import { RemoteAnswerService } from './remote-answer-service.js';

/**
 * The remote-answer relay as a gateway extension: reads `config.relay`, binds the HEP listener, adds
 * `POST /api/dns/:dn/answer`, and registers its metrics on the gateway's registry.
 */
export function remoteAnswerExtension(): GatewayExtension {
  return {
    name: 'remote-answer',
    async start({ config, client, sync, router, registry, logger }) {
      const relay = config.relay;
      if (!relay.enabled) {
        logger.info({}, 'remote-answer relay disabled (relay.enabled=false)');
        return;
      }
      // `relay` is the service's options as they are: every setting keeps its name from config to use.
      return RemoteAnswerService.start(relay, { client, directory: sync, router, registry, logger });
    },
  };
}
