import { z } from 'zod';
import { DnRanges } from '../registration-sync/dn-ranges.js';
import { originProblem } from '../http/cors.js';
import { validateRegistrationTemplate } from '../registration-sync/registration-names.js';
import { BROWSER_REPORT_DEFAULTS } from '../quality/browser-report-gate.js';
import { TURN_DEFAULTS, turnUriProblem } from '../turn/turn-options.js';
import type { GatewayConfig } from './gateway-config.js';

const port = z.number().int().min(1).max(65_535);
const host = z.string().min(1).regex(/^[A-Za-z0-9.:[\]-]+$/, 'must be a host name or IP address');
const ms = (min: number, max: number) => z.number().int().min(min).max(max);
const secret = z.string().min(8, 'must be at least 8 characters').regex(/^[^\r\n]*$/, 'must be a single line');

/** The gateway's configuration, after defaults, file, environment and secret files. */
export const configSchema = z.strictObject({
  ami: z.strictObject({
    host: host.default('127.0.0.1'),
    port: port.default(5038),
    username: z.string().min(1, 'is required').regex(/^[A-Za-z0-9_.-]+$/, 'may contain letters, digits, "_", "." and "-"'),
    secret,
    authType: z.enum(['md5', 'plain']).default('md5'),
    tls: z
      .strictObject({
        enabled: z.boolean().default(false),
        caFile: z.string().min(1).optional(),
        servername: z.string().min(1).optional(),
        rejectUnauthorized: z.boolean().default(true),
      })
      .prefault({}),
    connectTimeoutMs: ms(100, 120_000).default(5_000),
    actionTimeoutMs: ms(100, 120_000).default(10_000),
    keepaliveIntervalMs: ms(0, 600_000).default(15_000),
  }),
  dns: z.strictObject({
    ranges: z.string().superRefine((spec, ctx) => {
      try {
        DnRanges.parse(spec);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    }),
    registrationTemplate: z
      .string()
      .default('genesys_reg_{dn}')
      .superRefine((template, ctx) => {
        const problem = validateRegistrationTemplate(template);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    unregisterDebounceMs: ms(0, 600_000).default(3_000),
    confirmTimeoutMs: ms(500, 600_000).default(6_000),
    actionsPerSecond: z.number().int().min(1).max(100_000).default(300),
    actionBurst: z.number().int().min(1).max(100_000).default(50),
    unregistersPerSecond: z.number().int().min(1).max(100_000).default(1_000),
    restartUptimeSeconds: z.number().int().min(0).max(86_400).default(60),
  }),
  http: z
    .strictObject({
      host: host.default('127.0.0.1'),
      port: z.number().int().min(0).max(65_535).default(8090),
      token: secret.min(16, 'must be at least 16 characters').optional(),
      /** Read-only token for agents' browsers: grants only `GET /api/dns/:dn`. */
      presenceToken: secret.min(16, 'must be at least 16 characters').optional(),
      /** Exact origins whose pages may read presence cross-origin (CORS). Empty: no CORS headers. */
      corsOrigins: z
        .array(
          z.string().superRefine((origin, ctx) => {
            const problem = originProblem(origin);
            if (problem) ctx.addIssue({ code: 'custom', message: problem });
          }),
        )
        .default([]),
      /** Most HTTP connections open at once (agents' browsers each keep one while polling presence). */
      maxConnections: z.number().int().min(16).max(1_000_000).default(4_096),
      /** Most `GET /api/events` streams open at once. */
      maxEventStreams: z.number().int().min(1).max(1_000).default(50),
      /** An event stream whose client takes no data for this long, while data waits for it, is dropped. */
      eventStreamStallTimeoutMs: ms(1_000, 600_000).default(30_000),
    })
    .prefault({})
    .superRefine((http, ctx) => {
      if (http.presenceToken !== undefined && http.token === undefined) {
        ctx.addIssue({ code: 'custom', path: ['presenceToken'], message: 'needs the admin token too (WWE_GATEWAY_HTTP_TOKEN or _FILE): without it every route is open' });
      }
      if (http.presenceToken !== undefined && http.presenceToken === http.token) {
        ctx.addIssue({ code: 'custom', path: ['presenceToken'], message: 'must differ from the admin token (http.token)' });
      }
    }),
  log: z.strictObject({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info') }).prefault({}),
  shutdown: z.strictObject({ unregisterAll: z.boolean().default(false), timeoutMs: ms(0, 120_000).default(5_000) }).prefault({}),
  /** Options of the remote-answer relay (HEP listener and NOTIFY responder). */
  relay: z
    .strictObject({
      enabled: z.boolean().default(true),
      hep: z
        .strictObject({
          host: host.default('127.0.0.1'),
          port: port.default(9060),
          password: secret.optional(),
          /** Largest HEP packet accepted, bytes. */
          maxPacketBytes: z.number().int().min(512).max(65_535).default(16_384),
          /** Socket receive buffer asked of the kernel (capped by net.core.rmem_max), bytes. */
          receiveBufferBytes: z.number().int().min(65_536).max(1 << 30).default(8 * 1024 * 1024),
        })
        .prefault({}),
      /** SIP Server address(es) as Asterisk sees them (`ip` or `ip:port`): only their NOTIFYs are relayed. */
      genesysAddresses: z.array(z.string().min(1).regex(/^[A-Za-z0-9.:[\]-]+$/, 'must be ip or ip:port')).default([]),
      /** Asterisk's trunk address(es); when set, the NOTIFY must be addressed to one of them. */
      asteriskAddresses: z.array(z.string().min(1).regex(/^[A-Za-z0-9.:[\]-]+$/, 'must be ip or ip:port')).default([]),
      /** Send the 200 OK to Genesys' NOTIFY on UDP trunks (stock Asterisk never answers it). */
      notifyResponder: z.boolean().default(true),
    })
    .prefault({})
    .superRefine((relay, ctx) => {
      if (relay.enabled && relay.genesysAddresses.length === 0) {
        ctx.addIssue({ code: 'custom', path: ['genesysAddresses'], message: 'is required while the relay is enabled (WWE_GATEWAY_GENESYS_ADDRESSES), or disable the relay' });
      }
      if (relay.enabled && !relay.hep.password) {
        ctx.addIssue({ code: 'custom', path: ['hep', 'password'], message: 'is required while the relay is enabled (WWE_GATEWAY_HEP_PASSWORD or _FILE; it must match capture_password in hep.conf)' });
      }
    }),
  /** Short-lived TURN credentials for agents' browsers (coturn `use-auth-secret`). */
  turn: z
    .strictObject({
      enabled: z.boolean().default(false),
      /** coturn's `static-auth-secret`. */
      secret: secret.min(16, 'must be at least 16 characters').optional(),
      urls: z
        .array(
          z.string().superRefine((uri, ctx) => {
            const problem = turnUriProblem(uri);
            if (problem) ctx.addIssue({ code: 'custom', message: problem });
          }),
        )
        .default([]),
      ttlSeconds: z.number().int().min(300).max(86_400).default(TURN_DEFAULTS.ttlSeconds),
      /** JSON file `{ "agents": { "<dn>": "<SIP password>" } }` (the generator's secrets.json). */
      agentPasswordsFile: z.string().min(1).optional(),
      perDnPerMinute: z.number().int().min(1).max(10_000).default(TURN_DEFAULTS.perDnPerMinute),
      perDnBurst: z.number().int().min(1).max(10_000).default(TURN_DEFAULTS.perDnBurst),
      globalPerSecond: z.number().int().min(1).max(100_000).default(TURN_DEFAULTS.globalPerSecond),
      globalBurst: z.number().int().min(1).max(100_000).default(TURN_DEFAULTS.globalBurst),
    })
    .prefault({})
    .superRefine((turn, ctx) => {
      if (!turn.enabled) return;
      if (!turn.secret) ctx.addIssue({ code: 'custom', path: ['secret'], message: "is required while TURN is enabled (WWE_GATEWAY_TURN_SECRET or _FILE; coturn's static-auth-secret)" });
      if (!turn.urls.some((u) => /^turns?:/.test(u))) ctx.addIssue({ code: 'custom', path: ['urls'], message: 'needs at least one turn: or turns: URI while TURN is enabled' });
      if (!turn.agentPasswordsFile) ctx.addIssue({ code: 'custom', path: ['agentPasswordsFile'], message: "is required while TURN is enabled: agents prove their DN's SIP password" });
    }),
  /** Call quality from Asterisk's RTCP reports (AMI RTCPSent/RTCPReceived: manager.conf read=reporting). */
  quality: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** A live call whose worst MOS is below this is listed as below threshold (dashboard, /metrics). */
      mosThreshold: z.number().min(1).max(4.5).default(3.5),
      /** A leg without an RTCP report for this long is over (Asterisk reports every 5 s). */
      legTimeoutMs: ms(6_000, 600_000).default(15_000),
      /** Agents' browsers post their own summary of each call (`POST /api/dns/:dn/quality`). */
      browserReports: z
        .strictObject({
          enabled: z.boolean().default(false),
          /** JSON file `{ "agents": { "<dn>": "<SIP password>" } }`; default `turn.agentPasswordsFile`. */
          agentPasswordsFile: z.string().min(1).optional(),
          perDnPerMinute: z.number().int().min(1).max(10_000).default(BROWSER_REPORT_DEFAULTS.perDnPerMinute),
          perDnBurst: z.number().int().min(1).max(10_000).default(BROWSER_REPORT_DEFAULTS.perDnBurst),
        })
        .prefault({}),
    })
    .prefault({}),
});

export type { GatewayConfig, QualityConfig, RelayConfig, TurnConfig } from './gateway-config.js';

// The public type and the schema must not drift: this line stops compiling the day they differ.
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const schemaMatchesType: Same<z.infer<typeof configSchema>, GatewayConfig> = true;
void schemaMatchesType;
