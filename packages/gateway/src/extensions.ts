import type { GatewayExtension } from './gateway.js';
import { qualityExtension } from './quality/quality-extension.js';
import { remoteAnswerExtension } from './relay/remote-answer-extension.js';
import { turnExtension } from './turn/turn-extension.js';

/**
 * The extensions `wwe-gateway run` starts beside the core (registration sync, HTTP, metrics). Each gets
 * the AMI client, the DN directory, the HTTP router and the metrics registry through `GatewayContext`.
 * The remote-answer relay, the TURN credentials and call quality read their options from
 * `config.relay`, `config.turn` and `config.quality`, and do nothing when disabled.
 */
export function defaultExtensions(): GatewayExtension[] {
  return [remoteAnswerExtension(), turnExtension(), qualityExtension()];
}
