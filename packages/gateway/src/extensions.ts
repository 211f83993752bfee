import type { GatewayConfig } from './config/schema.js';
import type { GatewayExtension } from './gateway.js';

/**
 * The extensions `wwe-gateway run` starts beside the core (registration sync, HTTP, metrics). Each gets
 * the AMI client, the DN directory, the HTTP router and the metrics registry through `GatewayContext`;
 * the remote-answer relay plugs in here, reading its options from `config.relay`.
 */
export function defaultExtensions(_config: GatewayConfig): GatewayExtension[] {
  return [];
}
