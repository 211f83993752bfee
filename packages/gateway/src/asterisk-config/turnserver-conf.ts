import type { ResolvedAsteriskConfigOptions } from './options.js';
import type { GeneratedSecrets } from './secrets.js';

/** TURN settings of the generated configuration; present only when `--turn-host` is given. */
export interface TurnServerOptions {
  /** Name browsers reach coturn at; also the realm. */
  readonly host: string;
  /** Asterisk's media address(es) as coturn reaches them: the only peers coturn relays to. */
  readonly peers: readonly string[];
  readonly port: number;
  /** TLS listener (`turns:`), only with a certificate. */
  readonly tls?: { readonly port: number; readonly certFile: string; readonly keyFile: string };
  /** `listening-ip` and `relay-ip`; all addresses when absent. */
  readonly listenIp?: string;
  /** `external-ip` when coturn sits behind 1:1 NAT. */
  readonly externalIp?: string;
  readonly relayPortMin: number;
  readonly relayPortMax: number;
  /** Lifetime of the credentials the gateway issues, seconds. */
  readonly ttlSeconds: number;
}

/** `asterisk-config`'s TURN inputs (`--turn-*`). */
export interface TurnServerInput {
  /** Host name (or IPv4) browsers reach coturn at. Turns TURN on. */
  host: string;
  /** Asterisk's media IPv4 address(es) as coturn reaches them. Default: --public-address when it is an IPv4 address. */
  peers?: readonly string[];
  /** Default 3478. */
  port?: number;
  /** Default 5349; only used with a certificate. */
  tlsPort?: number;
  certFile?: string;
  keyFile?: string;
  listenIp?: string;
  externalIp?: string;
  /** `min-max`, default 49152-65535. */
  relayPorts?: string;
  /** Credential lifetime, seconds: 300–86400, default 14400. */
  ttlSeconds?: number;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const PATH = /^\/[A-Za-z0-9._/-]+$/;

/** Validates the TURN inputs; every problem goes to `problems`, named by its flag. */
export function resolveTurnServerOptions(input: TurnServerInput, publicAddress: string, problems: string[]): TurnServerOptions {
  if (!HOST.test(input.host)) problems.push('--turn-host: expected a host name or IPv4 address');
  const peers = input.peers ?? (IPV4.test(publicAddress) ? [publicAddress] : []);
  if (peers.length === 0) problems.push("--turn-peer: Asterisk's media IPv4 address is needed (coturn relays to it and nothing else) when --public-address is a host name");
  for (const peer of peers) if (!IPV4.test(peer)) problems.push(`--turn-peer: ${JSON.stringify(peer.slice(0, 40))} is not an IPv4 address`);
  const port = (flag: string, value: number | undefined, fallback: number) => {
    const p = value ?? fallback;
    if (!Number.isInteger(p) || p < 1 || p > 65_535) problems.push(`${flag}: expected a port number`);
    return p;
  };
  if ((input.certFile === undefined) !== (input.keyFile === undefined)) problems.push('--turn-cert and --turn-key go together');
  for (const [flag, path] of [['--turn-cert', input.certFile], ['--turn-key', input.keyFile]] as const) {
    if (path !== undefined && !PATH.test(path)) problems.push(`${flag}: expected an absolute path of letters, digits, ".", "_", "-" and "/"`);
  }
  for (const [flag, ip] of [['--turn-listen', input.listenIp], ['--turn-external-ip', input.externalIp]] as const) {
    if (ip !== undefined && !IPV4.test(ip)) problems.push(`${flag}: expected an IPv4 address`);
  }
  const range = /^(\d{1,5})-(\d{1,5})$/.exec(input.relayPorts ?? '49152-65535');
  const relayPortMin = Number(range?.[1] ?? 0);
  const relayPortMax = Number(range?.[2] ?? 0);
  if (!range || relayPortMin < 1024 || relayPortMax > 65_535 || relayPortMax <= relayPortMin) problems.push('--turn-relay-ports: expected min-max above 1023, e.g. 49152-65535');
  const ttlSeconds = input.ttlSeconds ?? 14_400;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 300 || ttlSeconds > 86_400) problems.push('--turn-ttl: expected 300–86400 seconds');
  const tlsPort = port('--turn-tls-port', input.tlsPort, 5349);
  return {
    host: input.host,
    peers,
    port: port('--turn-port', input.port, 3478),
    ...(input.certFile !== undefined && input.keyFile !== undefined && { tls: { port: tlsPort, certFile: input.certFile, keyFile: input.keyFile } }),
    ...(input.listenIp !== undefined && { listenIp: input.listenIp }),
    ...(input.externalIp !== undefined && { externalIp: input.externalIp }),
    relayPortMin,
    relayPortMax,
    ttlSeconds,
  };
}

/** The URIs the gateway hands to browsers for this coturn: UDP first, then TCP and TLS for networks that block UDP. */
export function turnUris(turn: TurnServerOptions): string[] {
  return [
    `turn:${turn.host}:${turn.port}?transport=udp`,
    `turn:${turn.host}:${turn.port}?transport=tcp`,
    ...(turn.tls ? [`turns:${turn.host}:${turn.tls.port}?transport=tcp`] : []),
  ];
}

/** Concurrent allocations per credential: a browser allocates per TURN URI per call (UDP, TCP, TLS), two calls at once. */
export const TURN_USER_QUOTA = 6;
/** Allocations in total: the per-credential quota for every DN, so one agent cannot starve the rest. */
export const totalQuota = (dnCount: number) => Math.max(TURN_USER_QUOTA, dnCount * TURN_USER_QUOTA);

const LOOPBACK = /^127\./;

/**
 * turnserver.conf for coturn, hardened for one job: relaying agents' media to this Asterisk.
 * - Only the REST-API shared secret authenticates (`use-auth-secret`): the gateway mints per-agent
 *   credentials that expire; there are no static users and no default secret.
 * - It relays to Asterisk's media address(es) and nowhere else: every IPv4 and IPv6 peer is denied,
 *   then those addresses are allowed (coturn lets `allowed-peer-ip` override `denied-peer-ip`). A leaked
 *   credential cannot reach the internal network, the cloud metadata address or the internet.
 * - No CLI, no TCP relays (browsers relay UDP only), no multicast peers, no RFC 5780 or old-STUN
 *   answers (less reflection), no software version, quotas per credential and in total.
 */
export function renderTurnserverConf(o: ResolvedAsteriskConfigOptions, turn: TurnServerOptions, secrets: Pick<GeneratedSecrets, 'turnSecret'>): string {
  if (!secrets.turnSecret) throw new Error('turnserver.conf needs the TURN secret: generate secrets with { turn: true }');
  const allowsLoopback = turn.peers.some((peer) => LOOPBACK.test(peer));
  return `${[
    '# Generated by `wwe-gateway asterisk-config`. Re-run the command rather than editing: it keeps existing secrets.',
    '# coturn for wwe-webrtc: relays agents\' media to Asterisk only, with short-lived credentials from wwe-gateway.',
    '',
    `listening-port=${turn.port}`,
    ...(turn.tls ? [`tls-listening-port=${turn.tls.port}`, `cert=${turn.tls.certFile}`, `pkey=${turn.tls.keyFile}`, 'no-tlsv1', 'no-tlsv1_1'] : ['# No certificate given (--turn-cert/--turn-key): no TLS listener.', 'no-tls']),
    '# Browsers speak TURN over UDP, TCP or TLS; never DTLS.',
    'no-dtls',
    ...(turn.listenIp ? [`listening-ip=${turn.listenIp}`, `relay-ip=${turn.listenIp}`] : []),
    ...(turn.externalIp ? [`external-ip=${turn.externalIp}`] : []),
    `min-port=${turn.relayPortMin}`,
    `max-port=${turn.relayPortMax}`,
    '',
    '# Authentication: TURN REST API credentials (username "<expiry>:<dn>", HMAC-SHA1 of it as password).',
    'use-auth-secret',
    `static-auth-secret=${secrets.turnSecret}`,
    `realm=${turn.host}`,
    'fingerprint',
    'stale-nonce=600',
    '',
    '# Relay to Asterisk\'s media address(es) only.',
    'no-tcp-relay',
    'no-multicast-peers',
    'denied-peer-ip=0.0.0.0-255.255.255.255',
    'denied-peer-ip=::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
    ...(allowsLoopback ? ['# Asterisk is on a loopback address here: loopback peers are allowed, and only it among them.', 'allow-loopback-peers'] : []),
    ...turn.peers.map((peer) => `allowed-peer-ip=${peer}`),
    '',
    `user-quota=${TURN_USER_QUOTA}`,
    `total-quota=${totalQuota(o.dns.length)}`,
    '',
    'no-cli',
    'no-software-attribute',
    'no-rfc5780',
    'no-stun-backward-compatibility',
    'response-origin-only-with-rfc5780',
    '# Logs go to the journal (systemd) or syslog.',
    'syslog',
  ].join('\n')}\n`;
}
