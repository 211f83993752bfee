import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig, redactConfig } from '../../src/config/load.js';
import { loadAgentPasswords } from '../../src/agent-auth/agent-passwords.js';

const BASE = { WWE_GATEWAY_AMI_USERNAME: 'gw', WWE_GATEWAY_AMI_SECRET: 'ami-secret-123', WWE_GATEWAY_DN_RANGES: '5001-5002', WWE_GATEWAY_RELAY_ENABLED: 'false' };

test('TURN on without its secret, a TURN URI or the passwords file: every problem named with its variable', () => {
  assert.throws(
    () => loadConfig({ env: { ...BASE, WWE_GATEWAY_TURN_ENABLED: 'true', WWE_GATEWAY_TURN_URLS: 'stun:stun.example.com' } }),
    (e: { problems: string[] }) =>
      e.problems.some((p) => p.startsWith('turn.secret (WWE_GATEWAY_TURN_SECRET)')) &&
      e.problems.some((p) => p.startsWith('turn.urls (WWE_GATEWAY_TURN_URLS)') && p.includes('turn: or turns:')) &&
      e.problems.some((p) => p.startsWith('turn.agentPasswordsFile (WWE_GATEWAY_TURN_AGENT_PASSWORDS_FILE)')),
  );
  assert.throws(() => loadConfig({ env: { ...BASE, WWE_GATEWAY_TURN_URLS: 'turn:x\nno-auth' } }), /turn\.urls/);
});

test('the TURN secret comes from the environment or its _FILE, never the config file, and is redacted', () => {
  const files: Record<string, string> = { '/run/secrets/turn': 'turn-secret-from-a-file-0123\n', '/etc/gw.json': JSON.stringify({ turn: { secret: 'inline-secret-0123456789' } }) };
  const config = loadConfig({
    env: { ...BASE, WWE_GATEWAY_TURN_ENABLED: 'true', WWE_GATEWAY_TURN_SECRET_FILE: '/run/secrets/turn', WWE_GATEWAY_TURN_URLS: 'turn:turn.example.com:3478?transport=udp,turns:turn.example.com:443?transport=tcp', WWE_GATEWAY_TURN_AGENT_PASSWORDS_FILE: '/etc/secrets.json', WWE_GATEWAY_TURN_TTL_SECONDS: '3600' },
    readFile: (path) => files[path]!,
  });
  assert.equal(config.turn.secret, 'turn-secret-from-a-file-0123');
  assert.equal(config.turn.ttlSeconds, 3600);
  assert.equal(config.turn.urls.length, 2);
  assert.ok(!JSON.stringify(redactConfig(config)).includes('turn-secret-from-a-file'));
  assert.throws(() => loadConfig({ configFile: '/etc/gw.json', env: BASE, readFile: (path) => files[path]! }), /turn\.secret must not be written in the config file/);
});

test('agents\' passwords file: the generator\'s secrets.json shape; problems name the file and the DN, never a password', () => {
  const read = (text: string) => () => text;
  assert.deepEqual([...loadAgentPasswords('/s.json', read(JSON.stringify({ amiSecret: 'x', agents: { '5001': 'password-5001' } })))], [['5001', 'password-5001']]);
  assert.throws(() => loadAgentPasswords('/s.json', read('{')), /cannot read \/s\.json \(not valid JSON\)/);
  assert.throws(() => loadAgentPasswords('/s.json', read('{"agents":[]}')), /no "agents" object/);
  assert.throws(
    () => loadAgentPasswords('/s.json', read(JSON.stringify({ agents: { '5001': 'short', 'x\r\n': 'long-enough-password' } }))),
    (e: Error) => /DN 5001/.test(e.message) && /is not a DN/.test(e.message) && !e.message.includes('long-enough-password') && !e.message.includes('short"'),
  );
  assert.throws(() => loadAgentPasswords('/nonexistent/secrets.json'), /cannot read \/nonexistent\/secrets\.json \(ENOENT\)/);
});
