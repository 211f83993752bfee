import { parseArgs } from 'node:util';
import { writeAsteriskConfig } from './asterisk-config/generate.js';
import type { AsteriskConfigOptions } from './asterisk-config/options.js';
import { loadConfig, redactConfig } from './config/load.js';
import { ConfigError, GatewayError } from './errors.js';
import { defaultExtensions } from './extensions.js';
import { Gateway } from './gateway.js';
import { createLogger } from './logger.js';
import { VERSION } from './version.js';

const HELP = `wwe-gateway ${VERSION}

Keeps Genesys SIP Server registrations in step with agents' browsers through Asterisk AMI.

Usage:
  wwe-gateway run [--config <file>]        start the gateway (settings: file and WWE_GATEWAY_* variables)
  wwe-gateway check-config [--config <file>]
                                           validate the settings and print them, secrets hidden
  wwe-gateway asterisk-config --dns <ranges> --genesys <host[:port]> --public-address <host>
                              --cert <file> --key <file> [--gateway-address <ip>] [--hep-port <n>]
                              [--ami-port <n>] [--ami-tls-port <n>] [--wss-port <n>] [--sip-port <n>] [--stun <host:port>]
                              [--rtp-start <n>] [--rtp-end <n>] [--registration-expiration <s>]
                              [--codecs <list>] [--opus-transcoder] [--trunk-qualify <s>] [--rtp-timeout <s>]
                              [--echo-extension <exten>]
                              [--out <dir>] [--rotate-secrets]
                              [--turn-host <host> [--turn-peer <ip,…>] [--turn-port <n>]
                               [--turn-cert <file> --turn-key <file> [--turn-tls-port <n>]]
                               [--turn-listen <ip>] [--turn-external-ip <ip>]
                               [--turn-relay-ports <min-max>] [--turn-ttl <s>]]
                              [--proxy-host <host> [--proxy-cert <file> --proxy-key <file>]
                               [--static-root <dir>]]
                                           write pjsip.conf, extensions.conf, manager.conf, http.conf,
                                           rtp.conf, hep.conf, pjsip_notify.conf, gateway.json,
                                           gateway.env and secrets.json (existing secrets are kept);
                                           with --turn-host also turnserver.conf (coturn), with
                                           --proxy-host also wwe-webrtc.nginx.conf (nginx site)
  wwe-gateway --help | --version
`;

export interface CliIo {
  env?: Readonly<Record<string, string | undefined>>;
  /** Aborting stops `run` as SIGINT/SIGTERM would (tests). */
  stop?: AbortSignal;
  /** Where JSON logs go (default stdout). */
  logDestination?: NodeJS.WritableStream;
}

/** Entry point of the `wwe-gateway` command; resolves to the process exit code. */
export async function main(argv: readonly string[], out: (text: string) => void = (text) => process.stdout.write(text), io: CliIo = {}): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || argv.includes('--help')) {
    out(HELP);
    return 0;
  }
  if (command === '--version') {
    out(`${VERSION}\n`);
    return 0;
  }
  try {
    switch (command) {
      case 'run':
        return await run(rest, io);
      case 'check-config':
        return checkConfig(rest, out, io);
      case 'asterisk-config':
        return asteriskConfig(rest, out);
      default:
        out(HELP);
        return 2;
    }
  } catch (error) {
    if (error instanceof GatewayError || (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      out(`wwe-gateway: ${(error as Error).message}\n`);
      return 2;
    }
    throw error;
  }
}

function configFile(args: readonly string[]): string | undefined {
  const { values } = parseArgs({ args: [...args], options: { config: { type: 'string', short: 'c' } }, strict: true });
  return values.config;
}

function checkConfig(args: readonly string[], out: (text: string) => void, io: CliIo): number {
  const file = configFile(args);
  const config = loadConfig({ ...(file && { configFile: file }), ...(io.env && { env: io.env }) });
  out(`${JSON.stringify(redactConfig(config), null, 2)}\n`);
  return 0;
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const file = configFile(args);
  const config = loadConfig({ ...(file && { configFile: file }), ...(io.env && { env: io.env }) });
  const logger = createLogger({ level: config.log.level }, io.logDestination);
  logger.info({ version: VERSION, config: redactConfig(config) }, 'starting');
  const gateway = new Gateway(config, { logger, extensions: defaultExtensions() });
  const fatal = gateway.fatal();
  try {
    await gateway.start();
  } catch (error) {
    // A port in use, an unreadable file: say what and stop cleanly.
    const code = (error as NodeJS.ErrnoException).code;
    logger.fatal({ err: error, code }, code === 'EADDRINUSE' ? 'a listening port is already in use' : 'gateway failed to start');
    await gateway.stop();
    logger.flush();
    return 1;
  }
  let onSignal: (signal: string) => void = () => undefined;
  const reason = await new Promise<{ signal?: string; error?: Error }>((resolve) => {
    onSignal = (signal: string) => resolve({ signal });
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    io.stop?.addEventListener('abort', () => resolve({ signal: 'abort' }), { once: true });
    void fatal.then((error) => resolve({ error }));
  });
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  logger.info({ signal: reason.signal, error: reason.error?.message }, 'stopping');
  await gateway.stop();
  logger.info({}, 'stopped');
  logger.flush();
  return reason.error ? 1 : 0;
}

function asteriskConfig(args: readonly string[], out: (text: string) => void): number {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    options: {
      dns: { type: 'string' },
      genesys: { type: 'string' },
      'public-address': { type: 'string' },
      cert: { type: 'string' },
      key: { type: 'string' },
      'gateway-address': { type: 'string' },
      'hep-port': { type: 'string' },
      'ami-port': { type: 'string' },
      'ami-tls-port': { type: 'string' },
      'wss-port': { type: 'string' },
      'sip-port': { type: 'string' },
      'rtp-start': { type: 'string' },
      'rtp-end': { type: 'string' },
      stun: { type: 'string' },
      'registration-expiration': { type: 'string' },
      'registration-template': { type: 'string' },
      codecs: { type: 'string' },
      'opus-transcoder': { type: 'boolean', default: false },
      'trunk-qualify': { type: 'string' },
      'echo-extension': { type: 'string' },
      'rtp-timeout': { type: 'string' },
      out: { type: 'string', default: '.' },
      'rotate-secrets': { type: 'boolean', default: false },
      'proxy-host': { type: 'string' },
      'proxy-cert': { type: 'string' },
      'proxy-key': { type: 'string' },
      'static-root': { type: 'string' },
      'turn-host': { type: 'string' },
      'turn-peer': { type: 'string' },
      'turn-port': { type: 'string' },
      'turn-tls-port': { type: 'string' },
      'turn-cert': { type: 'string' },
      'turn-key': { type: 'string' },
      'turn-listen': { type: 'string' },
      'turn-external-ip': { type: 'string' },
      'turn-relay-ports': { type: 'string' },
      'turn-ttl': { type: 'string' },
    },
  });
  const strayProxyFlags = ['proxy-cert', 'proxy-key', 'static-root'].filter((flag) => flag in values);
  if (values['proxy-host'] === undefined && strayProxyFlags.length > 0) throw new ConfigError([`--${strayProxyFlags[0]} needs --proxy-host (the name agents' browsers use)`]);
  const strayTurnFlags = Object.keys(values).filter((flag) => flag.startsWith('turn-') && flag !== 'turn-host');
  if (values['turn-host'] === undefined && strayTurnFlags.length > 0) throw new ConfigError([`--${strayTurnFlags[0]} needs --turn-host (the name browsers reach coturn at)`]);
  const int = (value: string | undefined) => (value === undefined ? undefined : /^\d+$/.test(value) ? Number(value) : NaN);
  const options: AsteriskConfigOptions = {
    dnRanges: values.dns ?? '',
    genesys: values.genesys ?? '',
    publicAddress: values['public-address'] ?? '',
    certFile: values.cert ?? '',
    keyFile: values.key ?? '',
    ...(values['gateway-address'] && { gatewayAddress: values['gateway-address'] }),
    ...(values.stun && { stun: values.stun }),
    ...(values['registration-template'] && { registrationTemplate: values['registration-template'] }),
    ...(values.codecs && { codecs: values.codecs }),
    ...(values['echo-extension'] && { echoExtension: values['echo-extension'] }),
    opusTranscoder: values['opus-transcoder'],
    trunkQualifySeconds: int(values['trunk-qualify']),
    agentRtpTimeoutSeconds: int(values['rtp-timeout']),
    hepPort: int(values['hep-port']),
    amiPort: int(values['ami-port']),
    amiTlsPort: int(values['ami-tls-port']),
    wssPort: int(values['wss-port']),
    sipPort: int(values['sip-port']),
    rtpStart: int(values['rtp-start']),
    rtpEnd: int(values['rtp-end']),
    registrationExpiration: int(values['registration-expiration']),
    ...(values['proxy-host'] !== undefined && {
      proxy: {
        host: values['proxy-host'],
        ...(values['proxy-cert'] !== undefined && { certFile: values['proxy-cert'] }),
        ...(values['proxy-key'] !== undefined && { keyFile: values['proxy-key'] }),
        ...(values['static-root'] !== undefined && { staticRoot: values['static-root'] }),
      },
    }),
    ...(values['turn-host'] !== undefined && {
      turn: {
        host: values['turn-host'],
        ...(values['turn-peer'] !== undefined && { peers: values['turn-peer'].split(',').map((p) => p.trim()) }),
        ...(values['turn-cert'] !== undefined && { certFile: values['turn-cert'] }),
        ...(values['turn-key'] !== undefined && { keyFile: values['turn-key'] }),
        ...(values['turn-listen'] !== undefined && { listenIp: values['turn-listen'] }),
        ...(values['turn-external-ip'] !== undefined && { externalIp: values['turn-external-ip'] }),
        ...(values['turn-relay-ports'] !== undefined && { relayPorts: values['turn-relay-ports'] }),
        port: int(values['turn-port']),
        tlsPort: int(values['turn-tls-port']),
        ttlSeconds: int(values['turn-ttl']),
      },
    }),
  };
  const result = writeAsteriskConfig(values.out, options, { rotateSecrets: values['rotate-secrets'] });
  out(
    `Wrote ${result.files.join(', ')} to ${result.directory}\n` +
      `${result.secretsCreated === 0 ? 'Reused every existing secret.' : `Generated ${result.secretsCreated} new secret(s); existing ones were kept.`}\n` +
      'Copy the .conf files to /etc/asterisk, and give the gateway gateway.json (WWE_GATEWAY_CONFIG) and gateway.env.\n' +
      (options.turn ? 'turnserver.conf is for coturn (/etc/turnserver.conf, or the coturn unit in deploy/).\n' : ''),
  );
  return 0;
}
