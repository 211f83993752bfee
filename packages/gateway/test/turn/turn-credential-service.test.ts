import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { agentProof, agentProofHeader, parseAgentProofHeader, proofMatches } from '../../src/agent-auth/agent-proof.js';
import { TurnCredentialService } from '../../src/turn/turn-credential-service.js';
import { turnCredential } from '../../src/turn/turn-credentials.js';
import { AgentNonces } from '../../src/agent-auth/agent-nonces.js';
import { turnUriProblem } from '../../src/turn/turn-options.js';

const SECRET = 'turn-shared-secret-for-tests-0123';
const PASSWORDS = new Map([
  ['5001', 'agent-5001-password-xyz'],
  ['5002', 'agent-5002-password-xyz'],
]);
const T0 = Date.UTC(2026, 0, 15, 9, 0, 0);

function service(overrides: Partial<ConstructorParameters<typeof TurnCredentialService>[0]> = {}) {
  return new TurnCredentialService({ secret: SECRET, urls: ['turn:turn.example.com:3478?transport=udp', 'turns:turn.example.com:5349?transport=tcp', 'stun:turn.example.com:3478'], agentPasswords: PASSWORDS, ...overrides }, T0);
}

function request(s: TurnCredentialService, dn: string, password: string, now = T0) {
  const nonce = s.nonce(now);
  assert.equal(nonce.outcome, 'issued');
  return s.issue(agentProofHeader(password, dn, nonce.outcome === 'issued' ? nonce.nonce : ''), now);
}

test('the credential is coturn\'s REST-API scheme: "<expiry>:<dn>" and base64 HMAC-SHA1 of it', () => {
  const credential = turnCredential(SECRET, '5001', 3600, T0 + 999);
  const expiry = T0 / 1000 + 3600;
  assert.equal(credential.username, `${expiry}:5001`);
  assert.equal(credential.credential, createHmac('sha1', SECRET).update(`${expiry}:5001`).digest('base64'));
  assert.equal(credential.expiresAt, expiry * 1000);
  // A fixed vector, computed independently: printf '1700000000:5001' | openssl dgst -sha1 -hmac north -binary | base64
  assert.equal(turnCredential('north', '5001', 0, 1_700_000_000_000).credential, 'vUqIjHWX8sFlz7TFgIBnNaEr1RU=');
});

test('an agent proving its SIP password gets RTCIceServer[] with ttl and expiry; the secret is nowhere in it', () => {
  const result = request(service(), '5001', PASSWORDS.get('5001')!);
  assert.equal(result.outcome, 'issued');
  if (result.outcome !== 'issued') return;
  const { iceServers, ttl, expiresAt } = result.response;
  assert.equal(ttl, 14_400, 'default lifetime: 4 hours');
  assert.equal(expiresAt, T0 + 14_400_000);
  assert.deepEqual(iceServers, [
    { urls: ['turn:turn.example.com:3478?transport=udp', 'turns:turn.example.com:5349?transport=tcp'], username: `${T0 / 1000 + 14_400}:5001`, credential: turnCredential(SECRET, '5001', 14_400, T0).credential },
    { urls: ['stun:turn.example.com:3478'] },
  ]);
  assert.ok(!JSON.stringify(result).includes(SECRET));
  assert.ok(!JSON.stringify(result).includes(PASSWORDS.get('5001')!));
});

test('a wrong password, another DN\'s password and an unknown DN are refused alike', () => {
  const s = service();
  assert.equal(request(s, '5001', 'not-the-password').outcome, 'proof_invalid');
  assert.equal(request(s, '5001', PASSWORDS.get('5002')!).outcome, 'proof_invalid');
  assert.equal(request(s, '5999', 'whatever-password').outcome, 'proof_invalid');
});

test('a nonce works once, within its lifetime, and only if this gateway issued it', () => {
  const s = service();
  const issued = s.nonce(T0);
  assert.equal(issued.outcome, 'issued');
  if (issued.outcome !== 'issued') return;
  assert.equal(issued.expiresIn, 30);
  const header = agentProofHeader(PASSWORDS.get('5001')!, '5001', issued.nonce);
  assert.equal(s.issue(header, T0 + 1000).outcome, 'issued');
  assert.deepEqual(s.issue(header, T0 + 2000), { outcome: 'nonce_invalid', dn: '5001', problem: 'reused' }, 'a captured request cannot be replayed');

  const late = s.nonce(T0);
  if (late.outcome !== 'issued') return assert.fail();
  assert.deepEqual(s.issue(agentProofHeader(PASSWORDS.get('5001')!, '5001', late.nonce), T0 + 30_000), { outcome: 'nonce_invalid', dn: '5001', problem: 'expired' });

  const other = service().nonce(T0); // another process: another key
  if (other.outcome !== 'issued') return assert.fail();
  assert.equal((s.issue(agentProofHeader(PASSWORDS.get('5001')!, '5001', other.nonce), T0) as { problem?: string }).problem, 'malformed');
  const tampered = late.nonce.slice(0, -2) + (late.nonce.endsWith('AA') ? 'AB' : 'AA');
  assert.equal((s.issue(agentProofHeader(PASSWORDS.get('5001')!, '5001', tampered), T0) as { problem?: string }).problem, 'malformed');
});

test('AgentNonces: a nonce from the future is refused; the redeemed set stays bounded', () => {
  const nonces = new AgentNonces(30_000, 3);
  const future = nonces.issue(T0 + 60_000);
  assert.equal(nonces.redeem(future, T0), 'expired');
  for (let i = 0; i < 10; i++) assert.equal(nonces.redeem(nonces.issue(T0), T0), undefined);
  assert.equal(nonces.redeem('', T0), 'malformed');
  assert.equal(nonces.redeem('%%%', T0), 'malformed');
});

test('missing or malformed Authorization headers are refused before any work', () => {
  const s = service();
  for (const header of [undefined, '', 'Bearer abc', 'WWE-TURN dn="5001"', 'WWE-TURN dn="50\r\n01", nonce="a", proof="b"', `WWE-TURN dn="5001", nonce="${'a'.repeat(200)}", proof="${'b'.repeat(43)}"`]) {
    assert.equal(s.issue(header, T0).outcome, 'unauthenticated', String(header));
  }
  const parsed = parseAgentProofHeader(agentProofHeader('pw-pw-pw-pw', '5001', 'nonce-1'));
  assert.deepEqual(parsed, { dn: '5001', nonce: 'nonce-1', proof: agentProof('pw-pw-pw-pw', '5001', 'nonce-1') });
  assert.equal(proofMatches(parsed!.proof, 'pw-pw-pw-pw', '5001', 'nonce-1'), true);
  assert.equal(proofMatches(parsed!.proof, undefined, '5001', 'nonce-1'), false);
});

test('per-DN limit counts only proven requests, so flooding a DN without its password locks nobody out', () => {
  const s = service({ perDnPerMinute: 2, perDnBurst: 2 });
  for (let i = 0; i < 20; i++) assert.equal(request(s, '5001', 'guess-guess-guess').outcome, 'proof_invalid');
  assert.equal(request(s, '5001', PASSWORDS.get('5001')!).outcome, 'issued');
  assert.equal(request(s, '5001', PASSWORDS.get('5001')!).outcome, 'issued');
  const third = request(s, '5001', PASSWORDS.get('5001')!);
  assert.deepEqual(third, { outcome: 'rate_limited', scope: 'dn', dn: '5001', retryAfterSeconds: 30 });
  assert.equal(request(s, '5002', PASSWORDS.get('5002')!).outcome, 'issued', 'other DNs are not affected');
  assert.equal(request(s, '5001', PASSWORDS.get('5001')!, T0 + 30_000).outcome, 'issued', 'refilled');
});

test('the global limit bounds every request, and nonces have a bucket of their own', () => {
  const s = service({ globalPerSecond: 5, globalBurst: 5 });
  for (let i = 0; i < 5; i++) assert.equal(s.issue('garbage', T0).outcome, 'unauthenticated');
  const limited = s.issue('garbage', T0);
  assert.equal(limited.outcome, 'rate_limited');
  assert.equal((limited as { retryAfterSeconds: number }).retryAfterSeconds, 1);
  assert.equal(s.nonce(T0).outcome, 'issued', 'a flood of credential requests does not stop nonces');
  for (let i = 0; i < 4; i++) s.nonce(T0);
  assert.equal(s.nonce(T0).outcome, 'rate_limited');
  assert.equal(s.issue('garbage', T0 + 1000).outcome, 'unauthenticated', 'refilled a second later');
});

test('TURN URIs are checked as a browser would take them', () => {
  for (const ok of ['turn:turn.example.com:3478?transport=udp', 'turns:turn.example.com:443?transport=tcp', 'turn:192.0.2.10', 'stun:stun.example.com:3478']) assert.equal(turnUriProblem(ok), undefined, ok);
  for (const bad of ['turn://turn.example.com', 'http://x', 'turn:turn.example.com:3478?transport=sctp', 'turn:a b', 'turn:host\r\n']) assert.ok(turnUriProblem(bad), bad);
});

test('the proof matches the browser\'s WebCrypto computation (same vector as the softphone\'s test)', () => {
  // printf 'wwe-turn-v1\n5001\nnonce-1' | openssl dgst -sha256 -hmac sip-password-5001 -binary | base64 | tr '+/' '-_' | tr -d '='
  assert.equal(agentProof('sip-password-5001', '5001', 'nonce-1'), 'QdRiZ6UOq4Px9X0163LGgUjT7R9VkhWxDKaXZ7752E8');
});
