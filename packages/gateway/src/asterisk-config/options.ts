import { ConfigError } from '../errors.js';
import { DnRanges } from '../registration-sync/dn-ranges.js';
import { validateRegistrationTemplate } from '../registration-sync/registration-names.js';
import { resolveTurnServerOptions, type TurnServerInput, type TurnServerOptions } from './turnserver-conf.js';

/** Inputs of `wwe-gateway asterisk-config`. */
export interface AsteriskConfigOptions {
  /** DN ranges, e.g. `5001-5020,6100-6199`. */
  dnRanges: string;
  /** Genesys SIP Server: `host` or `host:port` (UDP). */
  genesys: string;
  /** Address browsers and Genesys reach this Asterisk at (external_*_address). */
  publicAddress: string;
  /** TLS certificate and key for WSS and DTLS (PEM files on the Asterisk host). */
  certFile: string;
  keyFile: string;
  /** Where the gateway runs, as Asterisk sees it (AMI permit, HEP destination). Default 127.0.0.1. */
  gatewayAddress?: string;
  /** Gateway HEP listener port. Default 9060. */
  hepPort?: number;
  /** Default 5038. */
  amiPort?: number;
  /** AMI over TLS, used only when the gateway runs on another host. Default 5039. */
  amiTlsPort?: number;
  /** Asterisk WSS port (http.conf tlsbindaddr). Default 8089. */
  wssPort?: number;
  /** Asterisk SIP/UDP port for the Genesys trunk. Default 5060. */
  sipPort?: number;
  rtpStart?: number;
  rtpEnd?: number;
  /** STUN server for ICE (`host:port`); none by default. */
  stun?: string;
  /** Outbound registration expiry toward Genesys, seconds: short, since a crashed Asterisk never unregisters. */
  registrationExpiration?: number;
  registrationTemplate?: string;
  /**
   * Codecs the Genesys trunk carries, in order of preference (Asterisk names). Default `ulaw,alaw`.
   * Agents' browser legs get the same list, so a call never needs a transcoder Asterisk may lack.
   */
  codecs?: string;
  /**
   * This Asterisk has an opus translator (`codec_opus`, a separate download): browsers may use opus
   * and Asterisk transcodes to the trunk's codecs. Default false: stock Asterisk cannot.
   */
  opusTranscoder?: boolean;
  /** Seconds between OPTIONS pings to the trunk (qualify_frequency); 0 turns qualifying off. Default 30. */
  trunkQualifySeconds?: number;
  /**
   * Seconds without RTP or RTCP from an agent's browser in a call (not on hold) before Asterisk hangs it
   * up (`rtp_timeout`), so Genesys hears of a browser that vanished; 0 turns it off. Default 30: above the
   * softphone's own recovery bound (20 s after it notices), so a browser that can recover does first.
   */
  agentRtpTimeoutSeconds?: number;
  /** coturn for agents behind NAT/firewalls: writes turnserver.conf and the gateway's TURN settings. */
  turn?: TurnServerInput;
  /** nginx in front (TLS on 443 for WSS, the gateway's browser API and the pages): writes its site file. */
  proxy?: { host: string; certFile?: string; keyFile?: string; staticRoot?: string };
  /**
   * Extension agents dial for the softphone's preflight test call: Asterisk answers and echoes their
   * audio back (`Echo()`). Only agents reach it. Default `*43`.
   */
  echoExtension?: string;
}

export type ResolvedAsteriskConfigOptions = Required<Omit<AsteriskConfigOptions, 'stun' | 'codecs' | 'turn' | 'proxy'>> & {
  stun: string | undefined;
  proxy: { host: string; certFile: string; keyFile: string; staticRoot: string } | undefined;
  turn: TurnServerOptions | undefined;
  /** The trunk's codecs, in order. */
  trunkCodecs: readonly string[];
  /** The agents' codecs: the trunk's, with opus first when a translator is declared. */
  agentCodecs: readonly string[];
  genesysHost: string;
  genesysPort: number;
  dns: readonly string[];
};

/** Audio codec names Asterisk's `allow=` knows (the ones a Genesys trunk may carry). */
const KNOWN_CODECS = new Set(['ulaw', 'alaw', 'g722', 'g729', 'g726', 'gsm', 'ilbc', 'speex', 'opus', 'slin', 'slin16']);

const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const PATH = /^\/[A-Za-z0-9._/-]+$/;

/** Validates everything that ends up inside a config file: no value may break a line or start a comment. */
export function resolveAsteriskConfigOptions(options: AsteriskConfigOptions): ResolvedAsteriskConfigOptions {
  const problems: string[] = [];
  let dns: string[] = [];
  try {
    dns = [...DnRanges.parse(options.dnRanges)];
  } catch (error) {
    problems.push(`--dns: ${(error as Error).message}`);
  }
  const [genesysHost = '', genesysPortText] = (options.genesys ?? '').split(':');
  if (!HOST.test(genesysHost) || (genesysPortText !== undefined && !/^\d{1,5}$/.test(genesysPortText))) problems.push('--genesys: expected host or host:port, e.g. 10.0.0.7:5060');
  if (!HOST.test(options.publicAddress ?? '')) problems.push('--public-address: expected a host name or IPv4 address');
  for (const [flag, path] of [['--cert', options.certFile], ['--key', options.keyFile]] as const) {
    if (!PATH.test(path ?? '')) problems.push(`${flag}: expected an absolute path of letters, digits, ".", "_", "-" and "/"`);
  }
  const gatewayAddress = options.gatewayAddress ?? '127.0.0.1';
  const gatewayProblem = unicastAddressProblem(gatewayAddress);
  if (gatewayProblem) problems.push(`--gateway-address: ${gatewayProblem}`);
  if (options.stun !== undefined && !/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(options.stun)) problems.push('--stun: expected host or host:port');
  const template = options.registrationTemplate ?? 'genesys_reg_{dn}';
  const templateProblem = validateRegistrationTemplate(template);
  if (templateProblem) problems.push(`--registration-template: ${templateProblem}`);
  const portOf = (flag: string, value: number | undefined, fallback: number) => {
    const port = value ?? fallback;
    if (!Number.isInteger(port) || port < 1 || port > 65_535) problems.push(`${flag}: expected a port number`);
    return port;
  };
  const trunkCodecs = (options.codecs ?? 'ulaw,alaw').split(',').map((codec) => codec.trim().toLowerCase());
  const unknownCodecs = trunkCodecs.filter((codec) => !KNOWN_CODECS.has(codec));
  if (unknownCodecs.length > 0 || trunkCodecs.length === 0 || new Set(trunkCodecs).size !== trunkCodecs.length) {
    problems.push(`--codecs: expected a comma-separated list of distinct codecs from ${[...KNOWN_CODECS].join(', ')}${unknownCodecs.length > 0 ? ` (unknown: ${unknownCodecs.join(', ')})` : ''}`);
  }
  const opusTranscoder = options.opusTranscoder ?? false;
  const agentCodecs = opusTranscoder && !trunkCodecs.includes('opus') ? ['opus', ...trunkCodecs] : trunkCodecs;
  const resolved: ResolvedAsteriskConfigOptions = {
    ...options,
    dns,
    genesysHost,
    genesysPort: portOf('--genesys port', genesysPortText === undefined ? undefined : Number(genesysPortText), 5060),
    gatewayAddress,
    hepPort: portOf('--hep-port', options.hepPort, 9060),
    amiPort: portOf('--ami-port', options.amiPort, 5038),
    amiTlsPort: portOf('--ami-tls-port', options.amiTlsPort, 5039),
    wssPort: portOf('--wss-port', options.wssPort, 8089),
    sipPort: portOf('--sip-port', options.sipPort, 5060),
    rtpStart: portOf('--rtp-start', options.rtpStart, 10_000),
    rtpEnd: portOf('--rtp-end', options.rtpEnd, 20_000),
    stun: options.stun,
    turn: options.turn === undefined ? undefined : resolveTurnServerOptions(options.turn, options.publicAddress ?? '', problems),
    proxy: options.proxy === undefined ? undefined : resolveProxy(options.proxy, options, problems),
    registrationExpiration: options.registrationExpiration ?? 300,
    registrationTemplate: template,
    trunkCodecs,
    agentCodecs,
    opusTranscoder,
    trunkQualifySeconds: options.trunkQualifySeconds ?? 30,
    echoExtension: options.echoExtension ?? '*43',
    agentRtpTimeoutSeconds: options.agentRtpTimeoutSeconds ?? 30,
  };
  if (!/^[0-9*#]{1,16}$/.test(resolved.echoExtension)) problems.push('--echo-extension: expected 1–16 of 0-9, * and #, e.g. *43');
  if (!Number.isInteger(resolved.agentRtpTimeoutSeconds) || resolved.agentRtpTimeoutSeconds < 0 || resolved.agentRtpTimeoutSeconds > 3600) {
    problems.push('--rtp-timeout: expected 0 (off) to 3600 seconds');
  }
  if (!Number.isInteger(resolved.trunkQualifySeconds) || resolved.trunkQualifySeconds < 0 || resolved.trunkQualifySeconds > 3600) {
    problems.push('--trunk-qualify: expected 0 (off) to 3600 seconds');
  }
  if (resolved.rtpEnd <= resolved.rtpStart) problems.push('--rtp-end must be above --rtp-start');
  if (!Number.isInteger(resolved.registrationExpiration) || resolved.registrationExpiration < 60 || resolved.registrationExpiration > 3600) {
    problems.push('--registration-expiration: expected 60–3600 seconds');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return resolved;
}

function resolveProxy(proxy: NonNullable<AsteriskConfigOptions['proxy']>, options: AsteriskConfigOptions, problems: string[]): NonNullable<ResolvedAsteriskConfigOptions['proxy']> {
  if (!HOST.test(proxy.host)) problems.push('--proxy-host: expected a host name');
  const resolved = { host: proxy.host, certFile: proxy.certFile ?? options.certFile, keyFile: proxy.keyFile ?? options.keyFile, staticRoot: proxy.staticRoot ?? '/var/www/wwe-webrtc' };
  for (const [flag, path] of [['--proxy-cert', resolved.certFile], ['--proxy-key', resolved.keyFile], ['--static-root', resolved.staticRoot]] as const) {
    if (!PATH.test(path ?? '')) problems.push(`${flag}: expected an absolute path of letters, digits, ".", "_", "-" and "/"`);
  }
  return resolved;
}

/**
 * Why `address` cannot be where the gateway is (it goes into AMI's `permit=` and HEP's capture
 * address), or undefined: an IPv4 unicast address. `0.0.0.0` would permit nobody and send HEP nowhere,
 * and broadcast or multicast addresses are no host at all.
 */
function unicastAddressProblem(address: string): string | undefined {
  const octets = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address)?.slice(1).map(Number);
  if (!octets || octets.some((octet) => octet > 255)) return 'expected an IPv4 address';
  if (octets[0] === 0) return `${address} is not the address of a host (0.x.x.x means "this network"); give the gateway's own address`;
  if (octets[0]! >= 224) return `${address} is a multicast, broadcast or reserved address; give the gateway's own address`;
  return undefined;
}
