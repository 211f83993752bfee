// The package as a user gets it: `pnpm pack`ed, unpacked into a fresh project's node_modules beside its
// dependencies, compiled by a strict TypeScript project that checks every declaration file
// (`skipLibCheck: false`), and imported by Node. The program below is the README's and the remote-answer
// doc's examples plus every public export; the list of runtime exports is pinned, so adding or removing
// one is a decision made here, not an accident.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtPackage } from '../../../scripts/built-package.mjs';

const gatewayDir = fileURLToPath(new URL('../', import.meta.url));
const root = join(gatewayDir, '../..');

/** Every value the package exports, sorted. Types are covered by the program compiling. */
const RUNTIME_EXPORTS = [
  'AMI_CLIENT_DEFAULTS', 'AMI_EVENT_DECODERS', 'AmiActionError', 'AmiAuthError', 'AmiClient', 'AmiConnectionError', 'AmiInvalidFieldError',
  'AmiMessage', 'AmiParser', 'ConfigError', 'DN_PATTERN', 'DnError', 'DnRanges', 'ENV_VARIABLES', 'Gateway', 'GatewayError',
  'GatewayHttpServer', 'HEP_LISTENER_DEFAULTS', 'HepError', 'HepListener', 'HttpError', 'REGISTRATION_SYNC_DEFAULTS',
  'REMOTE_ANSWER_DECIDER_DEFAULTS', 'RegistrationSync', 'RemoteAnswerDecider', 'RemoteAnswerRelay', 'RemoteAnswerService', 'Router',
  'SipError', 'UdpSipResponder', 'VERSION', 'amiEventDecoder', 'assertDn', 'buildResponse', 'createGatewayMetrics', 'createLogger',
  'decodeContactStatus', 'decodeFullyBooted', 'decodeHep3', 'decodeRegistry', 'defaultExtensions', 'encodeHep3', 'isContactPresent',
  'isValidDn', 'loadConfig', 'main', 'originProblem', 'parsePeerAddress', 'parseSipMessage', 'pjsipNotify', 'pjsipRegister',
  'pjsipUnregister', 'readJsonBody', 'redactConfig', 'remoteAnswerExtension', 'renderAsteriskConfig', 'responseDestination', 'sendError',
  'sendJson', 'serializeAction', 'writeAsteriskConfig',
  'AGENT_PROOF_CONTEXT', 'AGENT_PROOF_SCHEME', 'TURN_DEFAULTS', 'TurnCredentialService', 'agentProof', 'agentProofHeader',
  'renderNginxSite', 'turnCredential', 'turnExtension',
].sort();

const USER_PROGRAM = `
import * as gateway from '@wwe-webrtc/gateway';
import {
  AmiClient, RegistrationSync, pjsipNotify, Gateway, loadConfig, remoteAnswerExtension, defaultExtensions, GatewayError,
  HepListener, RemoteAnswerRelay, RemoteAnswerDecider, UdpSipResponder, parsePeerAddress, decodeHep3, encodeHep3,
  parseSipMessage, buildResponse, responseDestination, HepError, SipError, GatewayHttpServer, sendJson, readJsonBody,
  writeAsteriskConfig, DnRanges,
  type AmiClientEvents, type ContactStatusEvent, type DnStatus, type GatewayErrorCode, type GatewayExtension,
  type RemoteAnswerDelegate, type HepPacket, type RequestContext, type AsteriskConfigOptions, type GatewayConfig, type TurnConfig,
  turnExtension,
} from '@wwe-webrtc/gateway';

// Every runtime export is named here: one more or one fewer fails to compile.
const everyExport: Record<keyof typeof gateway, true> = {
  ${RUNTIME_EXPORTS.map((name) => `${name}: true`).join(', ')},
};
void everyExport;

// README, "Using it as a library".
export async function library(uuid: string): Promise<void> {
  const ami = new AmiClient({ host: '127.0.0.1', username: 'wwe-gateway', secret: process.env.AMI_SECRET! });
  ami.on('contactStatus', (e: ContactStatusEvent) => console.log(e.aor, e.status, e.present));
  ami.on('registry', (e) => console.log(e.clientUri, e.status));
  await ami.start();
  const { items } = await ami.list('PJSIPShowRegistrationsOutbound');
  console.log(items.length, items[0]?.get('ObjectName'));
  await pjsipNotify(ami, { endpoint: '5001', headers: { Event: 'talk', 'X-Genesys-CallUUID': uuid } });
  const sync = new RegistrationSync(ami, { dnRanges: '5001-5200' });
  sync.start();
  const online: boolean = sync.hasBrowserContacts('5001');
  sync.on('change', (status: DnStatus) => console.log(status.dn, status.genesys, online));
  const payload: AmiClientEvents['fullyBooted'] = { uptime: 1, lastReload: 1 };
  console.log(payload, [...DnRanges.parse('5001-5002')]);
}

// docs/remote-answer.md, "Using it from code", and an extension of one's own.
export async function service(): Promise<void> {
  const extra: GatewayExtension = {
    name: 'hello',
    async start({ router }) {
      router.add('GET', '/api/hello', ({ res, url }: RequestContext) => sendJson(res, 200, { hello: url.pathname }));
      router.add('POST', '/api/echo', async ({ req, res }) => sendJson(res, 200, await readJsonBody(req)));
    },
  };
  const config: GatewayConfig = loadConfig();
  const turn: TurnConfig = config.turn;
  console.log(turn.enabled, turn.urls);
  const running = new Gateway(config, { extensions: [remoteAnswerExtension(), turnExtension(), ...defaultExtensions(), extra] });
  await running.start();
  try {
    await running.stop();
  } catch (error) {
    if (error instanceof GatewayError) {
      const code: GatewayErrorCode = error.code;
      console.log(code);
    }
  }
}

export async function pieces(delegate: RemoteAnswerDelegate): Promise<void> {
  const relay = new RemoteAnswerRelay({ genesysAddresses: [parsePeerAddress('192.0.2.81:5060')], isAgentDn: (dn) => /^50\\d\\d$/.test(dn) }, { delegate, responder: new UdpSipResponder() });
  relay.on('relayed', ({ request, latencyMs }) => console.log(request.dn, request.callUuid, latencyMs));
  const listener = new HepListener({ port: 9060, password: 'from-the-environment' }, relay.hepDelegate());
  await listener.start();
  const packet: HepPacket = decodeHep3(encodeHep3({ source: { address: '192.0.2.81', port: 5060 }, destination: { address: '192.0.2.54', port: 5060 }, payload: 'OPTIONS sip:x SIP/2.0\\r\\n\\r\\n' }));
  const decision = new RemoteAnswerDecider({ genesysAddresses: [parsePeerAddress('192.0.2.81')], isAgentDn: () => true }).decide(packet, Date.now());
  if (decision.kind === 'relay') console.log(buildResponse(decision.sip), responseDestination(decision.topVia, decision.receivedFrom));
  const sip = parseSipMessage('SIP/2.0 200 OK\\r\\n\\r\\n');
  console.log(sip.kind === 'response' ? sip.status : sip.method, listener.kernelStats()?.drops);
  for (const error of [new HepError('HEP_BAD_MAGIC', 'x'), new SipError('SIP_BAD_VIA', 'y')]) console.log(error.code satisfies GatewayErrorCode);
  await listener.close();
}

export function configure(options: AsteriskConfigOptions, http: GatewayHttpServer): void {
  writeAsteriskConfig('/etc/wwe/asterisk', options, { rotateSecrets: false });
  console.log(http.openConnections, http.connectionsRefused, http.authRequired);
}
`;

test('the packed package compiles in a strict TypeScript project (skipLibCheck off) and imports in Node, with exactly its documented exports', { timeout: 180_000 }, () => {
  builtPackage(gatewayDir);
  const project = mkdtempSync(join(tmpdir(), 'wwe-gateway-user-'));
  try {
    const modules = join(project, 'node_modules');
    mkdirSync(join(modules, '@wwe-webrtc', 'gateway'), { recursive: true });
    mkdirSync(join(modules, '@types'), { recursive: true });
    // What `npm install @wwe-webrtc/gateway` would unpack: the tarball `pnpm pack` makes from "files".
    execFileSync('pnpm', ['pack', '--pack-destination', project], { cwd: gatewayDir, stdio: ['ignore', 'ignore', 'inherit'] });
    const tarball = readdirSync(project).find((name) => name.endsWith('.tgz'))!;
    execFileSync('tar', ['xzf', join(project, tarball), '--strip-components=1', '-C', join(modules, '@wwe-webrtc', 'gateway')]);
    // Its dependencies, and Node's types, as npm would place them beside it (linked, so no network).
    for (const dependency of ['pino', 'prom-client', 'zod']) symlinkSync(realpathSync(join(gatewayDir, 'node_modules', dependency)), join(modules, dependency));
    symlinkSync(realpathSync(join(root, 'node_modules/@types/node')), join(modules, '@types/node'));
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'a-user', private: true, type: 'module' }));
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: false,
          noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true, verbatimModuleSyntax: true, noEmit: true, types: ['node'],
        },
        files: ['app.ts'],
      }),
    );
    writeFileSync(join(project, 'app.ts'), USER_PROGRAM);
    try {
      execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', project], { cwd: project, encoding: 'utf8' });
    } catch (error) {
      assert.fail(`a user's strict project does not compile against the package:\n${(error as { stdout?: string }).stdout ?? String(error)}`);
    }
    const exported = execFileSync(process.execPath, ['--input-type=module', '-e', "console.log(JSON.stringify(Object.keys(await import('@wwe-webrtc/gateway')).sort()))"], { cwd: project, encoding: 'utf8' });
    assert.deepEqual(JSON.parse(exported), RUNTIME_EXPORTS);
    const version = execFileSync(join(modules, '@wwe-webrtc/gateway/bin/wwe-gateway.js'), ['--version'], { cwd: project, encoding: 'utf8' });
    assert.match(version, /^\d+\.\d+\.\d+\n$/);
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});
