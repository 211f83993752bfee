import type { GatewayExtension } from './gateway.js';
import { remoteAnswerExtension } from './relay/remote-answer-extension.js';
import { turnExtension } from './turn/turn-extension.js';

/**
 * The extensions `wwe-gateway run` starts beside the core (registration sync, HTTP, metrics). Each gets
 * the AMI client, the DN directory, the HTTP router and the metrics registry through `GatewayContext`.
 * The remote-answer relay and the TURN credentials read their options from `config.relay` and
 * `config.turn`, and do nothing when disabled.
 */
export function defaultExtensions(): GatewayExtension[] {
  return [remoteAnswerExtension(), turnExtension()];
}
