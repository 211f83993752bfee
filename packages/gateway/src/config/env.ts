/**
 * Every environment variable the gateway reads, in one table: it drives loading and the README.
 * Variables ending in `_FILE` name a file holding a secret (Docker/Kubernetes secrets).
 */
export interface EnvVariable {
  readonly name: string;
  /** Dotted path in the config object. */
  readonly path: string;
  readonly type: 'string' | 'integer' | 'number' | 'boolean' | 'list';
  readonly secret?: boolean;
  readonly description: string;
}

export const ENV_PREFIX = 'WWE_GATEWAY_';

export const ENV_VARIABLES: readonly EnvVariable[] = [
  { name: 'WWE_GATEWAY_AMI_HOST', path: 'ami.host', type: 'string', description: 'Asterisk AMI host (default 127.0.0.1)' },
  { name: 'WWE_GATEWAY_AMI_PORT', path: 'ami.port', type: 'integer', description: 'AMI port (default 5038)' },
  { name: 'WWE_GATEWAY_AMI_USERNAME', path: 'ami.username', type: 'string', description: 'manager.conf user (required)' },
  { name: 'WWE_GATEWAY_AMI_SECRET', path: 'ami.secret', type: 'string', secret: true, description: 'AMI secret (required, or _FILE)' },
  { name: 'WWE_GATEWAY_AMI_SECRET_FILE', path: 'ami.secretFile', type: 'string', description: 'file holding the AMI secret' },
  { name: 'WWE_GATEWAY_AMI_AUTH_TYPE', path: 'ami.authType', type: 'string', description: 'md5 (default, challenge-response) or plain' },
  { name: 'WWE_GATEWAY_AMI_TLS', path: 'ami.tls.enabled', type: 'boolean', description: 'connect to AMI over TLS (default false)' },
  { name: 'WWE_GATEWAY_AMI_TLS_CA_FILE', path: 'ami.tls.caFile', type: 'string', description: 'CA bundle that signed the AMI certificate' },
  { name: 'WWE_GATEWAY_DN_RANGES', path: 'dns.ranges', type: 'string', description: 'managed DNs, e.g. 5001-5020,6100-6199 (required)' },
  { name: 'WWE_GATEWAY_REGISTRATION_TEMPLATE', path: 'dns.registrationTemplate', type: 'string', description: 'outbound registration name (default genesys_reg_{dn})' },
  { name: 'WWE_GATEWAY_UNREGISTER_DEBOUNCE_MS', path: 'dns.unregisterDebounceMs', type: 'integer', description: 'wait after the last browser contact goes (default 3000)' },
  { name: 'WWE_GATEWAY_CONFIRM_TIMEOUT_MS', path: 'dns.confirmTimeoutMs', type: 'integer', description: 'retry a register not confirmed by then (default 6000)' },
  { name: 'WWE_GATEWAY_ACTIONS_PER_SECOND', path: 'dns.actionsPerSecond', type: 'integer', description: 'PJSIPRegister actions per second (default 300)' },
  { name: 'WWE_GATEWAY_ACTION_BURST', path: 'dns.actionBurst', type: 'integer', description: 'registers sent at once before pacing (default 50)' },
  { name: 'WWE_GATEWAY_UNREGISTERS_PER_SECOND', path: 'dns.unregistersPerSecond', type: 'integer', description: 'PJSIPUnregister actions per second (default 1000)' },
  { name: 'WWE_GATEWAY_HTTP_HOST', path: 'http.host', type: 'string', description: 'HTTP listen address (default 127.0.0.1; others need a token)' },
  { name: 'WWE_GATEWAY_HTTP_PORT', path: 'http.port', type: 'integer', description: 'HTTP port (default 8090)' },
  { name: 'WWE_GATEWAY_HTTP_TOKEN', path: 'http.token', type: 'string', secret: true, description: 'bearer token for the HTTP API' },
  { name: 'WWE_GATEWAY_HTTP_TOKEN_FILE', path: 'http.tokenFile', type: 'string', description: 'file holding the HTTP token' },
  { name: 'WWE_GATEWAY_HTTP_PRESENCE_TOKEN', path: 'http.presenceToken', type: 'string', secret: true, description: "read-only token for agents' browsers: grants only `GET /api/dns/:dn` (needs the HTTP token too)" },
  { name: 'WWE_GATEWAY_HTTP_PRESENCE_TOKEN_FILE', path: 'http.presenceTokenFile', type: 'string', description: 'file holding the presence token' },
  { name: 'WWE_GATEWAY_HTTP_CORS_ORIGINS', path: 'http.corsOrigins', type: 'list', description: 'exact origins whose pages may read presence, e.g. https://wwe.example.com, comma-separated (default none: no CORS)' },
  { name: 'WWE_GATEWAY_HTTP_MAX_CONNECTIONS', path: 'http.maxConnections', type: 'integer', description: 'most HTTP connections open at once; more are closed on arrival (default 4096: above the number of agents)' },
  { name: 'WWE_GATEWAY_LOG_LEVEL', path: 'log.level', type: 'string', description: 'fatal, error, warn, info (default), debug, trace' },
  { name: 'WWE_GATEWAY_UNREGISTER_ON_SHUTDOWN', path: 'shutdown.unregisterAll', type: 'boolean', description: 'unregister every managed DN on stop (default false)' },
  { name: 'WWE_GATEWAY_RELAY_ENABLED', path: 'relay.enabled', type: 'boolean', description: 'relay Genesys remote-answer NOTIFYs (default true)' },
  { name: 'WWE_GATEWAY_HEP_HOST', path: 'relay.hep.host', type: 'string', description: 'HEP3 listen address (default 127.0.0.1)' },
  { name: 'WWE_GATEWAY_HEP_PORT', path: 'relay.hep.port', type: 'integer', description: 'HEP3 listen UDP port (default 9060)' },
  { name: 'WWE_GATEWAY_HEP_PASSWORD', path: 'relay.hep.password', type: 'string', secret: true, description: 'hep.conf capture_password (required when the relay is on)' },
  { name: 'WWE_GATEWAY_HEP_PASSWORD_FILE', path: 'relay.hep.passwordFile', type: 'string', description: 'file holding the HEP capture password' },
  { name: 'WWE_GATEWAY_GENESYS_ADDRESSES', path: 'relay.genesysAddresses', type: 'list', description: 'SIP Server address(es) as Asterisk sees them, ip or ip:port, comma-separated (required when the relay is on)' },
  { name: 'WWE_GATEWAY_ASTERISK_ADDRESSES', path: 'relay.asteriskAddresses', type: 'list', description: "Asterisk's trunk address(es); when set, only NOTIFYs sent to them are relayed" },
  { name: 'WWE_GATEWAY_QUALITY_ENABLED', path: 'quality.enabled', type: 'boolean', description: "call quality from Asterisk's RTCP reports in /metrics and the dashboard (default true; needs manager.conf read=reporting)" },
  { name: 'WWE_GATEWAY_QUALITY_BROWSER_REPORTS', path: 'quality.browserReports.enabled', type: 'boolean', description: "accept agents' browsers' own call summaries at POST /api/dns/:dn/quality (default false)" },
  { name: 'WWE_GATEWAY_QUALITY_AGENT_PASSWORDS_FILE', path: 'quality.browserReports.agentPasswordsFile', type: 'string', description: "JSON file with agents' SIP passwords for browser reports (default: the TURN one)" },
  { name: 'WWE_GATEWAY_QUALITY_MOS_THRESHOLD', path: 'quality.mosThreshold', type: 'number', description: 'calls whose worst MOS is below this are listed as below threshold (default 3.5)' },
  { name: 'WWE_GATEWAY_NOTIFY_RESPONDER', path: 'relay.notifyResponder', type: 'boolean', description: "answer Genesys' NOTIFY with 200 OK on UDP trunks (default true)" },
  { name: 'WWE_GATEWAY_TURN_ENABLED', path: 'turn.enabled', type: 'boolean', description: "issue TURN credentials to agents' browsers (default false)" },
  { name: 'WWE_GATEWAY_TURN_SECRET', path: 'turn.secret', type: 'string', secret: true, description: "coturn's static-auth-secret (required when TURN is on)" },
  { name: 'WWE_GATEWAY_TURN_SECRET_FILE', path: 'turn.secretFile', type: 'string', description: 'file holding the TURN secret' },
  { name: 'WWE_GATEWAY_TURN_URLS', path: 'turn.urls', type: 'list', description: 'TURN URIs handed to browsers, comma-separated, e.g. turns:turn.example.com:443?transport=tcp' },
  { name: 'WWE_GATEWAY_TURN_TTL_SECONDS', path: 'turn.ttlSeconds', type: 'integer', description: 'credential lifetime, 300–86400 s (default 14400)' },
  { name: 'WWE_GATEWAY_TURN_AGENT_PASSWORDS_FILE', path: 'turn.agentPasswordsFile', type: 'string', description: "JSON file with agents' SIP passwords ({\"agents\":{…}}, the generator's secrets.json)" },
];
