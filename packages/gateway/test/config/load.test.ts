import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig, redactConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/errors.js';

const BASE = {
  WWE_GATEWAY_AMI_USERNAME: 'gateway',
  WWE_GATEWAY_AMI_SECRET: 'env-secret-123',
  WWE_GATEWAY_DN_RANGES: '5001-5020',
  WWE_GATEWAY_RELAY_ENABLED: 'false',
};

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.code, 'CONFIG_INVALID');
    return [...error.problems];
  }
  assert.fail('expected a ConfigError');
}

test('environment only: defaults fill the rest', () => {
  const config = loadConfig({ env: BASE });
  assert.equal(config.ami.host, '127.0.0.1');
  assert.equal(config.ami.port, 5038);
  assert.equal(config.ami.authType, 'md5');
  assert.equal(config.ami.secret, 'env-secret-123');
  assert.equal(config.dns.registrationTemplate, 'genesys_reg_{dn}');
  assert.equal(config.http.host, '127.0.0.1');
  assert.equal(config.http.token, undefined);
  assert.equal(config.relay.enabled, false);
});

test('file < environment; secrets from _FILE with the trailing newline dropped', () => {
  const files: Record<string, string> = {
    '/etc/wwe/gateway.json': JSON.stringify({ ami: { host: '10.0.0.5', port: 5039, username: 'from-file' }, dns: { ranges: '6000-6009', actionsPerSecond: 200 } }),
    '/run/secrets/ami': 'file-secret-456\n',
    '/run/secrets/http': 'http-token-0123456789abcdef\n',
  };
  const config = loadConfig({
    env: { WWE_GATEWAY_CONFIG: '/etc/wwe/gateway.json', WWE_GATEWAY_AMI_PORT: '5038', WWE_GATEWAY_AMI_SECRET_FILE: '/run/secrets/ami', WWE_GATEWAY_HTTP_TOKEN_FILE: '/run/secrets/http', WWE_GATEWAY_RELAY_ENABLED: 'no' },
    readFile: (path) => files[path] ?? assert.fail(`unexpected read ${path}`),
  });
  assert.equal(config.ami.host, '10.0.0.5');
  assert.equal(config.ami.port, 5038);
  assert.equal(config.ami.username, 'from-file');
  assert.equal(config.ami.secret, 'file-secret-456');
  assert.equal(config.http.token, 'http-token-0123456789abcdef');
  assert.equal(config.dns.actionsPerSecond, 200);
});

test('every problem is reported at once, naming the setting and its variable', () => {
  const found = problems(() =>
    loadConfig({ env: { WWE_GATEWAY_AMI_PORT: 'abc', WWE_GATEWAY_DN_RANGES: '5010-5001', WWE_GATEWAY_HTPP_PORT: '80', WWE_GATEWAY_AMI_AUTH_TYPE: 'sha1' } }),
  );
  const text = found.join('\n');
  assert.match(text, /WWE_GATEWAY_AMI_PORT: expected an integer/);
  assert.match(text, /dns\.ranges \(WWE_GATEWAY_DN_RANGES\): .*below the start/);
  assert.match(text, /WWE_GATEWAY_HTPP_PORT is not a setting/);
  assert.match(text, /ami\.username \(WWE_GATEWAY_AMI_USERNAME\): is required/);
  assert.match(text, /ami\.secret \(WWE_GATEWAY_AMI_SECRET\): is required/);
  assert.match(text, /ami\.authType/);
  assert.match(text, /relay\.genesysAddresses/);
});

test('a secret written in the config file is refused, and never echoed', () => {
  const found = problems(() =>
    loadConfig({ env: { ...BASE, WWE_GATEWAY_CONFIG: 'c.json' }, readFile: () => JSON.stringify({ ami: { secret: 'leaked-in-file' }, http: { token: 'x' } }) }),
  );
  assert.ok(found.some((p) => /ami\.secret must not be written in the config file: set WWE_GATEWAY_AMI_SECRET or ami\.secretFile/.test(p)));
  assert.ok(found.some((p) => /http\.token must not be written/.test(p)));
  assert.ok(!found.join('\n').includes('leaked-in-file'));
});

test('a short or multi-line secret is refused without echoing it', () => {
  const found = problems(() => loadConfig({ env: { ...BASE, WWE_GATEWAY_AMI_SECRET: 'abc', WWE_GATEWAY_HTTP_TOKEN: 'two\nlines-token-long-enough' } }));
  assert.ok(found.some((p) => /ami\.secret .*at least 8/.test(p)));
  assert.ok(found.some((p) => /http\.token .*single line/.test(p)));
  assert.ok(!found.join('\n').includes('two\nlines'));
});

test('unknown keys in the file are typos, not silently ignored; unreadable secret files are named', () => {
  const found = problems(() =>
    loadConfig({ env: { ...BASE, WWE_GATEWAY_CONFIG: 'c.json', WWE_GATEWAY_AMI_SECRET: '', WWE_GATEWAY_AMI_SECRET_FILE: '/missing' }, readFile: (p) => {
      if (p === 'c.json') return JSON.stringify({ ami: { hots: 'x' } });
      throw Object.assign(new Error('nope'), { code: 'ENOENT' });
    } }),
  );
  assert.ok(found.some((p) => /hots/.test(p)), found.join('\n'));
  assert.ok(found.some((p) => /ami\.secretFile: cannot read \/missing \(ENOENT\)/.test(p)));
});

test('the relay needs its HEP password and Genesys addresses when enabled', () => {
  const found = problems(() => loadConfig({ env: { ...BASE, WWE_GATEWAY_RELAY_ENABLED: 'true' } }));
  assert.ok(found.some((p) => /relay\.hep\.password/.test(p)));
  const config = loadConfig({ env: { ...BASE, WWE_GATEWAY_RELAY_ENABLED: 'true', WWE_GATEWAY_HEP_PASSWORD: 'hep-pass-123', WWE_GATEWAY_GENESYS_ADDRESSES: '10.0.0.7:5060, 10.0.0.8' } });
  assert.deepEqual(config.relay.genesysAddresses, ['10.0.0.7:5060', '10.0.0.8']);
  assert.equal(config.relay.hep.port, 9060);
  assert.equal(config.relay.notifyResponder, true);
});

test('redactConfig hides every secret', () => {
  const config = loadConfig({ env: { ...BASE, WWE_GATEWAY_HTTP_TOKEN: 'http-token-0123456789abcdef' } });
  const text = JSON.stringify(redactConfig(config));
  assert.ok(!text.includes('env-secret-123'));
  assert.ok(!text.includes('http-token-0123456789abcdef'));
  assert.match(text, /\[redacted\]/);
});

const ADMIN_TOKEN = 'admin-token-0123456789abcdef';
const PRESENCE_TOKEN = 'presence-token-0123456789abcd';

test('CORS origins: off by default; a comma-separated list of exact origins from the environment or the file', () => {
  assert.deepEqual(loadConfig({ env: BASE }).http.corsOrigins, []);
  const fromEnv = loadConfig({ env: { ...BASE, WWE_GATEWAY_HTTP_CORS_ORIGINS: 'https://wwe.example.com, http://localhost:8080' } });
  assert.deepEqual(fromEnv.http.corsOrigins, ['https://wwe.example.com', 'http://localhost:8080']);
  const fromFile = loadConfig({ env: { ...BASE, WWE_GATEWAY_CONFIG: 'c.json' }, readFile: () => JSON.stringify({ http: { corsOrigins: ['https://[::1]:8443'] } }) });
  assert.deepEqual(fromFile.http.corsOrigins, ['https://[::1]:8443']);
});

test('CORS origins that are not exact origins are refused, each named with the fix', () => {
  const bad = ['*', 'null', 'https://*.example.com', 'https://wwe.example.com/', 'https://wwe.example.com/app', 'HTTPS://WWE.example.com', 'https://wwe.example.com:443', 'wwe.example.com', 'ftp://files.example.com', 'https://user:pw@wwe.example.com'];
  const found = problems(() => loadConfig({ env: { ...BASE, WWE_GATEWAY_HTTP_CORS_ORIGINS: bad.join(',') } }));
  assert.equal(found.length, bad.length, found.join('\n'));
  for (const problem of found) assert.match(problem, /^http\.corsOrigins\.\d+ \(WWE_GATEWAY_HTTP_CORS_ORIGINS\): /);
  const text = found.join('\n');
  assert.match(text, /wildcards are not allowed/);
  assert.match(text, /"null" is not allowed/);
  assert.match(text, /write "https:\/\/wwe\.example\.com" \(no path/);
  assert.match(text, /only http and https/);
  assert.match(text, /no user or password/);
  assert.match(text, /"wwe\.example\.com" is not an origin/);
});

test('presence token: from the environment or its _FILE, at least 16 characters, never in the file, redacted', () => {
  const config = loadConfig({
    env: { ...BASE, WWE_GATEWAY_HTTP_TOKEN: ADMIN_TOKEN, WWE_GATEWAY_HTTP_PRESENCE_TOKEN_FILE: '/run/secrets/presence' },
    readFile: (path) => (path === '/run/secrets/presence' ? `${PRESENCE_TOKEN}\n` : assert.fail(path)),
  });
  assert.equal(config.http.presenceToken, PRESENCE_TOKEN);
  assert.ok(!JSON.stringify(redactConfig(config)).includes(PRESENCE_TOKEN));

  const inFile = problems(() =>
    loadConfig({ env: { ...BASE, WWE_GATEWAY_HTTP_TOKEN: ADMIN_TOKEN, WWE_GATEWAY_CONFIG: 'c.json' }, readFile: () => JSON.stringify({ http: { presenceToken: 'leaked-presence-token-123' } }) }),
  );
  assert.ok(inFile.some((p) => /http\.presenceToken must not be written in the config file: set WWE_GATEWAY_HTTP_PRESENCE_TOKEN or http\.presenceTokenFile/.test(p)));
  assert.ok(!inFile.join('\n').includes('leaked-presence-token-123'));

  const short = problems(() => loadConfig({ env: { ...BASE, WWE_GATEWAY_HTTP_TOKEN: ADMIN_TOKEN, WWE_GATEWAY_HTTP_PRESENCE_TOKEN: 'short-one' } }));
  assert.ok(short.some((p) => /http\.presenceToken \(WWE_GATEWAY_HTTP_PRESENCE_TOKEN\): must be at least 16/.test(p)));
  assert.ok(!short.join('\n').includes('short-one'));
});

test('the presence token needs the admin token, and must differ from it', () => {
  const alone = problems(() => loadConfig({ env: { ...BASE, WWE_GATEWAY_HTTP_PRESENCE_TOKEN: PRESENCE_TOKEN } }));
  assert.ok(alone.some((p) => /http\.presenceToken \(WWE_GATEWAY_HTTP_PRESENCE_TOKEN\): needs the admin token/.test(p)), alone.join('\n'));
  const same = problems(() => loadConfig({ env: { ...BASE, WWE_GATEWAY_HTTP_TOKEN: ADMIN_TOKEN, WWE_GATEWAY_HTTP_PRESENCE_TOKEN: ADMIN_TOKEN } }));
  assert.ok(same.some((p) => /http\.presenceToken .*must differ from the admin token/.test(p)), same.join('\n'));
  assert.ok(!same.join('\n').includes(ADMIN_TOKEN));
});
