import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkAsteriskConf } from '../../src/asterisk-config/conf-check.js';
import { loadConfig } from '../../src/config/load.js';
import { renderAsteriskConfig, writeAsteriskConfig } from '../../src/asterisk-config/generate.js';
import { resolveAsteriskConfigOptions, type AsteriskConfigOptions } from '../../src/asterisk-config/options.js';
import { ensureSecrets, parseSecrets } from '../../src/asterisk-config/secrets.js';

const GOLDEN = new URL('./golden/', import.meta.url);
const OPTIONS: AsteriskConfigOptions = {
  dnRanges: '5001-5002,6100',
  genesys: '10.20.0.7:5060',
  publicAddress: 'pbx.example.com',
  certFile: '/etc/asterisk/keys/asterisk.crt',
  keyFile: '/etc/asterisk/keys/asterisk.key',
  gatewayAddress: '127.0.0.1',
  hepPort: 9060,
  stun: 'stun.example.com:3478',
};
const counter = () => {
  let n = 0;
  return () => `test-secret-${String(++n).padStart(8, '0')}`;
};

function render() {
  const resolved = resolveAsteriskConfigOptions(OPTIONS);
  const { secrets } = ensureSecrets(undefined, resolved.dns, { random: counter() });
  return renderAsteriskConfig(resolved, secrets);
}

test('every generated file matches its golden file', () => {
  for (const file of render()) {
    const golden = new URL(file.name, GOLDEN);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, file.content);
    assert.equal(file.content, readFileSync(golden, 'utf8'), `${file.name} differs from test/asterisk-config/golden/${file.name} (UPDATE_GOLDEN=1 to accept)`);
  }
});

test('every generated .conf file is well-formed Asterisk config with no duplicate objects', () => {
  for (const file of render().filter((f) => f.name.endsWith('.conf'))) {
    const check = checkAsteriskConf(file.content, { typedObjects: file.name === 'pjsip.conf' });
    assert.deepEqual(check.problems, [], file.name);
    assert.ok(check.sections.length > 0, file.name);
  }
});

test('pjsip.conf: WebRTC agents with max_contacts=1/remove_existing, trunk, and a low-delay registration per DN', () => {
  const pjsip = checkAsteriskConf(render().find((f) => f.name === 'pjsip.conf')!.content, { typedObjects: true });
  const section = (name: string, type: string) => pjsip.sections.find((s) => s.name === name && s.type === type);
  const get = (name: string, type: string, key: string) => section(name, type)?.settings.find(([k]) => k === key)?.[1];
  const template = (name: string, key: string) => pjsip.sections.find((s) => s.name === name)?.settings.find(([k]) => k === key)?.[1];
  assert.equal(template('webrtc-agent-aor', 'max_contacts'), '1');
  assert.equal(template('webrtc-agent-aor', 'remove_existing'), 'yes');
  assert.equal(template('webrtc-agent', 'webrtc'), 'yes');
  assert.equal(template('genesys-registration', 'max_random_initial_delay'), '1');
  for (const dn of ['5001', '5002', '6100']) {
    assert.ok(section(dn, 'endpoint') && section(dn, 'aor') && section(`${dn}-auth`, 'auth'), dn);
    assert.equal(get(`genesys_reg_${dn}`, 'registration', 'client_uri'), `sip:${dn}@10.20.0.7`);
  }
  assert.equal(get('genesys', 'identify', 'match'), '10.20.0.7');
  assert.equal(get('genesys', 'aor', 'contact'), 'sip:10.20.0.7:5060');
  const passwords = ['5001', '5002', '6100'].map((dn) => get(`${dn}-auth`, 'auth', 'password'));
  assert.equal(new Set(passwords).size, 3, 'one password per DN');
});

test('extensions.conf copies the Genesys headers onto the browser leg with a Dial b() pre-dial handler', () => {
  const text = render().find((f) => f.name === 'extensions.conf')!.content;
  assert.match(text, /Dial\(PJSIP\/\$\{EXTEN\},60,b\(wwe-browser-leg\^s\^1\)\)/);
  for (const header of ['X-Genesys-CallUUID', 'Call-Info', 'Alert-Info', 'Answer-Mode']) {
    assert.match(text, new RegExp(`PJSIP_HEADER\\(read,${header}\\)`));
    assert.match(text, new RegExp(`Set\\(PJSIP_HEADER\\(add,${header}\\)=`));
  }
  assert.match(text, /\[wwe-browser-leg\][\s\S]*Return\(\)/);
  assert.match(text, /\[from-agents\][\s\S]*Dial\(PJSIP\/\$\{EXTEN\}@genesys/);
});

test("an echo extension for the preflight test call, reachable only from the agents' context", () => {
  const conf = checkAsteriskConf(render().find((f) => f.name === 'extensions.conf')!.content);
  const lines = (context: string) => conf.sections.find((s) => s.name === context)?.settings.map(([key, value]) => `${key} => ${value}`) ?? [];
  const agents = lines('from-agents');
  const echo = agents.findIndex((line) => line.startsWith('exten => *43,1,'));
  assert.ok(echo >= 0, 'from-agents has *43');
  assert.ok(echo < agents.findIndex((line) => line.startsWith('exten => _[0-9*#+].')), 'before the catch-all pattern');
  assert.deepEqual(agents.slice(echo + 1, echo + 5), ['same => n,Answer()', 'same => n,Set(TIMEOUT(absolute)=30)', 'same => n,Echo()', 'same => n,Hangup()']);
  for (const context of ['from-genesys', 'wwe-browser-leg', 'wwe-transfer']) assert.ok(!lines(context).some((line) => /Echo\(|\*43/.test(line)), context);
  const custom = renderWith({ echoExtension: '#9999' }).files.find((f) => f.name === 'extensions.conf')!.content;
  assert.match(custom, /^exten => #9999,1,NoOp\(Echo test/m);
  assert.throws(() => resolveAsteriskConfigOptions({ ...OPTIONS, echoExtension: '*43,1,Dial(x)' }), /--echo-extension/);
});

test('manager.conf is least privilege; hep.conf points at the gateway listener', () => {
  const files = render();
  const manager = files.find((f) => f.name === 'manager.conf')!.content;
  assert.match(manager, /^bindaddr=127\.0\.0\.1$/m);
  // reporting: the RTCP events call quality reads; nothing may be written with it.
  assert.match(manager, /^read=system,reporting$/m);
  assert.match(manager, /^write=system$/m);
  assert.match(manager, /^channelvars=WWE_CALL_UUID,CHANNEL\(audionativeformat\)$/m);
  assert.match(manager, /^permit=127\.0\.0\.1\/255\.255\.255\.255$/m);
  const hep = files.find((f) => f.name === 'hep.conf')!.content;
  assert.match(hep, /^capture_address=127\.0\.0\.1:9060$/m);
  assert.match(hep, /^capture_password=test-secret-\d{8}$/m);
  const env = files.find((f) => f.name === 'gateway.env')!.content;
  assert.ok(env.includes(hep.match(/capture_password=(\S+)/)![1]!), 'the gateway gets the same HEP password');
});

test('writes files with private modes, and is idempotent: secrets are kept unless rotation is asked', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wwe-astconf-'));
  try {
    const first = writeAsteriskConfig(dir, OPTIONS);
    assert.equal(first.secretsCreated, 7); // AMI, HEP, HTTP token, presence token, 3 agents
    const snapshot = Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
    assert.equal(statSync(join(dir, 'secrets.json')).mode & 0o777, 0o600);
    assert.equal(statSync(join(dir, 'gateway.env')).mode & 0o777, 0o600);
    const again = writeAsteriskConfig(dir, OPTIONS);
    assert.equal(again.secretsCreated, 0);
    for (const [name, content] of Object.entries(snapshot)) assert.equal(readFileSync(join(dir, name), 'utf8'), content, name);
    const grown = writeAsteriskConfig(dir, { ...OPTIONS, dnRanges: '5001-5003,6100' });
    assert.equal(grown.secretsCreated, 1, 'only the new DN gets a new password');
    const rotated = writeAsteriskConfig(dir, OPTIONS, { rotateSecrets: true });
    assert.equal(rotated.secretsCreated, 7);
    assert.notEqual(readFileSync(join(dir, 'manager.conf'), 'utf8'), snapshot['manager.conf']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('secrets are random and never repeat between runs', () => {
  const a = ensureSecrets(undefined, ['5001']).secrets;
  const b = ensureSecrets(undefined, ['5001']).secrets;
  assert.notEqual(a.amiSecret, b.amiSecret);
  assert.match(a.amiSecret, /^[A-Za-z0-9_-]{32}$/);
});

for (const [label, patch, problem] of [
  ['a DN range with an injected line', { dnRanges: '5001\n[evil]' }, /--dns/],
  ['a Genesys address with a newline', { genesys: '10.0.0.1\ncontext=evil' }, /--genesys/],
  ['a comment in the public address', { publicAddress: 'pbx;x' }, /--public-address/],
  ['a relative certificate path', { certFile: 'keys/asterisk.crt' }, /--cert/],
  ['a gateway host name', { gatewayAddress: 'gateway.local' }, /--gateway-address/],
  ['an inverted RTP range', { rtpStart: 20000, rtpEnd: 10000 }, /--rtp-end/],
] as const) {
  test(`refuses ${label}`, () => {
    assert.throws(() => resolveAsteriskConfigOptions({ ...OPTIONS, ...patch }), (e: { code?: string; problems?: string[] }) => e.code === 'CONFIG_INVALID' && e.problems!.some((p) => problem.test(p)));
  });
}

test('the checker catches what it should', () => {
  const bad = '[a]\ntype=aor\nnot a setting\n[a]\ntype=aor\n[b](missing)\ntype=aor\nx=1\r\n';
  const problems = checkAsteriskConf(bad, { typedObjects: true }).problems.join('\n');
  assert.match(problems, /cannot read/);
  assert.match(problems, /duplicates line 1/);
  assert.match(problems, /template missing before/);
  assert.match(problems, /carriage return/);
  assert.match(checkAsteriskConf('x=1\n').problems.join(), /outside any section/);
  assert.deepEqual(checkAsteriskConf('[a]\ntype=aor\n[a]\ntype=endpoint\n', { typedObjects: true }).problems, []);
});

test('gateway.json + gateway.env load as a valid gateway configuration matching the Asterisk side', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wwe-astconf-'));
  try {
    writeAsteriskConfig(dir, OPTIONS);
    const env = Object.fromEntries(
      readFileSync(join(dir, 'gateway.env'), 'utf8')
        .split('\n')
        .filter((line) => /^[A-Z_]+=/.test(line))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    const config = loadConfig({ configFile: join(dir, 'gateway.json'), env });
    const setting = (file: string, key: string) => new RegExp(`^${key}=(.*)$`, 'm').exec(readFileSync(join(dir, file), 'utf8'))?.[1];
    assert.equal(config.ami.secret, setting('manager.conf', 'secret'));
    assert.equal(config.ami.username, /^\[(wwe-gateway)\]$/m.exec(readFileSync(join(dir, 'manager.conf'), 'utf8'))?.[1]);
    assert.equal(config.relay.hep.password, setting('hep.conf', 'capture_password'));
    assert.equal(`${config.relay.hep.host}:${config.relay.hep.port}`, setting('hep.conf', 'capture_address'));
    assert.equal(config.dns.ranges, OPTIONS.dnRanges);
    // By address, like pjsip.conf's identify: SIP Server's requests may come from any of its ports.
    assert.deepEqual(config.relay.genesysAddresses, ['10.20.0.7']);
    assert.ok(config.http.token && config.http.token.length >= 16);
    assert.ok(config.http.presenceToken && config.http.presenceToken.length >= 16);
    assert.notEqual(config.http.presenceToken, config.http.token);
    assert.deepEqual(config.http.corsOrigins, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a secrets.json from before the presence token keeps every secret and gains a presence token', () => {
  const older = { amiSecret: 'older-ami-secret-0123456', hepPassword: 'older-hep-password-01234', httpToken: 'older-http-token-0123456', agents: { '5001': 'older-agent-password-012' } };
  const { secrets, created } = ensureSecrets(parseSecrets(JSON.stringify(older)), ['5001'], { random: counter() });
  assert.equal(created, 1);
  assert.deepEqual({ ...secrets, presenceToken: undefined }, { ...older, presenceToken: undefined });
  assert.equal(secrets.presenceToken, 'test-secret-00000001');
});

const renderWith = (overrides: Partial<AsteriskConfigOptions>) => {
  const resolved = resolveAsteriskConfigOptions({ ...OPTIONS, ...overrides });
  const { secrets } = ensureSecrets(undefined, resolved.dns, { random: counter() });
  const files = renderAsteriskConfig(resolved, secrets);
  const pjsip = checkAsteriskConf(files.find((f) => f.name === 'pjsip.conf')!.content, { typedObjects: true });
  const setting = (name: string, key: string, type?: string) =>
    pjsip.sections.find((s) => s.name === name && (type === undefined || s.type === type))?.settings.find(([k]) => k === key)?.[1];
  return { files, setting };
};

test('codecs: agents carry exactly the trunk codecs (stock Asterisk has no opus translator)', () => {
  const stock = renderWith({});
  assert.equal(stock.setting('webrtc-agent', 'allow'), 'ulaw,alaw');
  assert.equal(stock.setting('genesys', 'allow'), 'ulaw,alaw');
  const g722 = renderWith({ codecs: 'g722,ulaw' });
  assert.equal(g722.setting('webrtc-agent', 'allow'), 'g722,ulaw');
  assert.equal(g722.setting('genesys', 'allow'), 'g722,ulaw');
});

test('codecs: with a declared opus translator, browsers prefer opus and the trunk keeps its codecs', () => {
  const transcoding = renderWith({ opusTranscoder: true });
  assert.equal(transcoding.setting('webrtc-agent', 'allow'), 'opus,ulaw,alaw');
  assert.equal(transcoding.setting('genesys', 'allow'), 'ulaw,alaw');
  // A trunk that carries opus itself needs no translator: both legs get the same list.
  assert.equal(renderWith({ codecs: 'opus,ulaw', opusTranscoder: true }).setting('webrtc-agent', 'allow'), 'opus,ulaw');
});

test('codecs: unknown, empty or repeated names are refused with the flag named', () => {
  for (const codecs of ['ulaw,mp3', '', 'ulaw,ulaw', 'ulaw;alaw']) {
    assert.throws(() => resolveAsteriskConfigOptions({ ...OPTIONS, codecs }), /--codecs/, codecs);
  }
});

test('trunk qualify is an option: 30 s by default, 0 turns OPTIONS pings off', () => {
  assert.equal(renderWith({}).setting('genesys', 'qualify_frequency', 'aor'), '30');
  assert.equal(renderWith({ trunkQualifySeconds: 0 }).setting('genesys', 'qualify_frequency', 'aor'), '0');
  assert.throws(() => resolveAsteriskConfigOptions({ ...OPTIONS, trunkQualifySeconds: -1 }), /--trunk-qualify/);
});

test('an agent call without RTP or RTCP for 30 s is hung up (so Genesys hears of a vanished browser); --rtp-timeout 0 turns it off', () => {
  assert.equal(renderWith({}).setting('webrtc-agent', 'rtp_timeout'), '30');
  assert.equal(renderWith({}).setting('genesys', 'rtp_timeout'), undefined, 'the trunk keeps its calls: Genesys ends them');
  assert.equal(renderWith({ agentRtpTimeoutSeconds: 0 }).setting('webrtc-agent', 'rtp_timeout'), undefined);
  assert.throws(() => resolveAsteriskConfigOptions({ ...OPTIONS, agentRtpTimeoutSeconds: -1 }), /--rtp-timeout/);
});

test('hold passes through to both sides, and a browser REFER is handed on to Genesys', () => {
  const { files, setting } = renderWith({});
  assert.equal(setting('webrtc-agent', 'moh_passthrough'), 'yes');
  assert.equal(setting('genesys', 'moh_passthrough'), 'yes');
  assert.equal(setting('genesys', 'send_connected_line'), 'no');
  assert.equal(setting('webrtc-agent', 'set_var'), 'TRANSFER_CONTEXT=wwe-transfer');
  const extensions = files.find((f) => f.name === 'extensions.conf')!.content;
  assert.match(extensions, /\[wwe-transfer\][\s\S]*Transfer\(PJSIP\/sip:\$\{EXTEN\}@10\.20\.0\.7:5060\)/);
  assert.match(extensions, /\[wwe-transfer\][\s\S]*TRANSFERSTATUS[\s\S]*Dial\(PJSIP\/\$\{EXTEN\}@genesys/, 'falls back to dialling the target itself');
});

/** A fresh private output folder, removed afterwards. */
function withDir(run: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'wwe-astconf-'));
  try {
    run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const problemsOf = (run: () => unknown): string[] => {
  try {
    run();
  } catch (error) {
    assert.equal((error as { code?: string }).code, 'CONFIG_INVALID', String(error));
    return [...(error as { problems: string[] }).problems];
  }
  return assert.fail('expected CONFIG_INVALID');
};

test('planted symbolic links are replaced, never written through', () => {
  withDir((dir) => {
    const victims = mkdtempSync(join(tmpdir(), 'wwe-astconf-victim-'));
    try {
      for (const name of ['manager.conf', 'gateway.env', 'pjsip.conf']) {
        writeFileSync(join(victims, name), 'precious\n');
        symlinkSync(join(victims, name), join(dir, name));
      }
      writeAsteriskConfig(dir, OPTIONS);
      for (const name of ['manager.conf', 'gateway.env', 'pjsip.conf']) {
        assert.equal(readFileSync(join(victims, name), 'utf8'), 'precious\n', `${name} was written through its link`);
        assert.ok(lstatSync(join(dir, name)).isFile(), `${name} is now a file of its own`);
      }
      assert.equal(statSync(join(dir, 'gateway.env')).mode & 0o777, 0o600);
    } finally {
      rmSync(victims, { recursive: true, force: true });
    }
  });
});

test('a secrets.json that is a symbolic link is refused: secrets are never read through a link', () => {
  withDir((dir) => {
    const chosen = join(dir, 'attacker-chosen.json');
    writeFileSync(chosen, JSON.stringify({ amiSecret: 'chosen-by-the-attacker-0123456789' }));
    symlinkSync(chosen, join(dir, 'secrets.json'));
    const problems = problemsOf(() => writeAsteriskConfig(dir, OPTIONS));
    assert.match(problems.join('\n'), /secrets\.json is a symbolic link/);
    assert.ok(!existsSync(join(dir, 'manager.conf')), 'nothing written');
  });
});

test('an output folder every user can write to is refused', () => {
  withDir((dir) => {
    chmodSync(dir, 0o777);
    const problems = problemsOf(() => writeAsteriskConfig(dir, OPTIONS));
    assert.match(problems.join('\n'), /writable by every user/);
    assert.deepEqual(readdirSync(dir), [], 'nothing written');
  });
});

test('weak or damaged hand-edited secrets are refused with what to do, not reused or silently replaced', () => {
  withDir((dir) => {
    writeAsteriskConfig(dir, OPTIONS);
    const good = JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8')) as { agents: Record<string, string> };
    const manager = readFileSync(join(dir, 'manager.conf'), 'utf8');
    writeFileSync(join(dir, 'secrets.json'), JSON.stringify({ ...good, amiSecret: 'aaaaaaaaaaaaaaaa', hepPassword: 'short', agents: { ...good.agents, '5001': 'abababababababababababab' } }));
    const problems = problemsOf(() => writeAsteriskConfig(dir, OPTIONS)).join('\n');
    assert.match(problems, /amiSecret/);
    assert.match(problems, /hepPassword/);
    assert.match(problems, /agents\.5001/);
    assert.match(problems, /--rotate-secrets/);
    assert.doesNotMatch(problems, /aaaaaaaa|ababab/, 'the secrets themselves are not repeated');
    assert.equal(readFileSync(join(dir, 'manager.conf'), 'utf8'), manager, 'nothing rewritten');
    writeFileSync(join(dir, 'secrets.json'), '{ not json');
    assert.match(problemsOf(() => writeAsteriskConfig(dir, OPTIONS)).join('\n'), /secrets\.json is not valid JSON/);
    assert.equal(writeAsteriskConfig(dir, OPTIONS, { rotateSecrets: true }).secretsCreated, 7, '--rotate-secrets starts over');
  });
});

test('with the gateway on another host, AMI crosses the network only over TLS; plain AMI stays on loopback', () => {
  withDir((dir) => {
    writeAsteriskConfig(dir, { ...OPTIONS, gatewayAddress: '10.20.0.9' });
    const manager = readFileSync(join(dir, 'manager.conf'), 'utf8');
    const general = checkAsteriskConf(manager).sections.find((s) => s.name === 'general')!;
    const setting = (key: string) => general.settings.find(([k]) => k === key)?.[1];
    assert.equal(setting('bindaddr'), '127.0.0.1', 'cleartext AMI never leaves the host');
    assert.equal(setting('tlsenable'), 'yes');
    assert.equal(setting('tlsbindaddr'), '0.0.0.0:5039');
    assert.equal(setting('tlscertfile'), OPTIONS.certFile);
    assert.equal(setting('tlsprivatekey'), OPTIONS.keyFile);
    assert.match(manager, /^permit=10\.20\.0\.9\/255\.255\.255\.255$/m);
    const env = Object.fromEntries(
      readFileSync(join(dir, 'gateway.env'), 'utf8').split('\n').filter((line) => /^[A-Z_]+=/.test(line)).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    const config = loadConfig({ configFile: join(dir, 'gateway.json'), env });
    assert.deepEqual([config.ami.host, config.ami.port, config.ami.tls.enabled], ['pbx.example.com', 5039, true]);
  });
  // On the same host nothing changes: plain AMI on loopback, no TLS listener.
  const local = render().find((f) => f.name === 'manager.conf')!.content;
  assert.doesNotMatch(local, /tlsenable|0\.0\.0\.0:/);
});

test('refuses an address the gateway cannot be at', () => {
  for (const gatewayAddress of ['0.0.0.0', '255.255.255.255', '224.0.0.1', '0.1.2.3', '10.0.0.256']) {
    assert.match(problemsOf(() => resolveAsteriskConfigOptions({ ...OPTIONS, gatewayAddress })).join('\n'), /--gateway-address/, gatewayAddress);
  }
});
