// The relay end to end inside the gateway: HEP3 over UDP in → PJSIPNotify on a (simulated) AMI out,
// and the 200 OK to a UDP socket playing SIP Server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { Registry } from 'prom-client';
import { AmiClient } from '../../src/ami/client.js';
import { encodeHep3 } from '../../src/hep/hep3.js';
import { HepListener } from '../../src/hep/hep-listener.js';
import { parseVias } from '../../src/sip/header-values.js';
import { parseSipMessage } from '../../src/sip/sip-message.js';
import { amiRemoteAnswerDelegate } from '../../src/relay/ami-delegate.js';
import { parsePeerAddress } from '../../src/relay/peer-address.js';
import { RemoteAnswerMetrics } from '../../src/relay/remote-answer-metrics.js';
import { RemoteAnswerRelay, type RemoteAnswerRelayEvents, type RemoteAnswerRelayOptions } from '../../src/relay/remote-answer-relay.js';
import type { RelayLogger } from '../../src/relay/log-once.js';
import { UdpSipResponder } from '../../src/relay/sip-responder.js';
import { AmiSimulator } from '../support/ami-simulator.js';
import { asteriskNotifyToBrowser, callShape, invite, notify, ringing, type CallShape } from '../sip/fixtures/genesys-flows.js';

const PASSWORD = 'hep-secret-for-this-test';

interface LogLine {
  level: 'info' | 'warn' | 'debug';
  context: Record<string, unknown>;
  message: string;
}

async function setup(options: Partial<RemoteAnswerRelayOptions> = {}) {
  const sim = new AmiSimulator({ dns: ['1002', '5001', '5002'] });
  const amiPort = await sim.start();
  const client = new AmiClient({ host: '127.0.0.1', port: amiPort, username: 'gateway', secret: 'simulated-secret', keepaliveIntervalMs: 0 });
  await client.start();

  // SIP Server's side of the trunk: it sends the NOTIFYs and must receive the 200 OKs.
  const genesys = createSocket('udp4');
  genesys.bind(0, '127.0.0.1');
  await once(genesys, 'listening');
  const genesysAddress = { address: '127.0.0.1', port: genesys.address().port };
  const asteriskAddress = { address: '127.0.0.1', port: 5060 };

  const browsers = new Set(['1002', '5001']);
  const registry = new Registry();
  const logs: LogLine[] = [];
  const logger: RelayLogger = {
    info: (context, message) => logs.push({ level: 'info', context: context as Record<string, unknown>, message }),
    warn: (context, message) => logs.push({ level: 'warn', context: context as Record<string, unknown>, message }),
    debug: (context, message) => logs.push({ level: 'debug', context: context as Record<string, unknown>, message }),
  };
  const responder = new UdpSipResponder();
  const relay = new RemoteAnswerRelay(
    {
      genesysAddresses: [parsePeerAddress(`127.0.0.1:${genesysAddress.port}`)],
      asteriskAddresses: [parsePeerAddress('127.0.0.1:5060')],
      isAgentDn: (dn) => /^(1002|500[0-9])$/.test(dn),
      ...options,
    },
    {
      delegate: amiRemoteAnswerDelegate(client, { hasBrowserContacts: (dn) => browsers.has(dn) }),
      responder,
      metrics: new RemoteAnswerMetrics(registry),
      logger,
    },
  );
  const listener = new HepListener({ port: 0, password: PASSWORD }, relay.hepDelegate());
  const hep = await listener.start();
  const asterisk = createSocket('udp4'); // res_hep_pjsip's sending side

  const call = (overrides: Partial<CallShape> = {}) => callShape({ genesys: genesysAddress, asterisk: asteriskAddress, ...overrides });
  /** Mirrors one SIP message as Asterisk would: HEP3 to the listener. */
  const mirror = (text: string, direction: 'in' | 'out' = 'in', authKey: string = PASSWORD) =>
    new Promise<void>((resolve, reject) => {
      const [source, destination] = direction === 'in' ? [genesysAddress, asteriskAddress] : [asteriskAddress, genesysAddress];
      const packet = encodeHep3({ source, destination, authKey, captureId: 2001, payload: text, timestamp: { seconds: Math.floor(Date.now() / 1000), microseconds: 0 } });
      asterisk.send(packet, hep.port, '127.0.0.1', (error) => (error ? reject(error) : resolve()));
    });
  const sendRaw = (data: Buffer) => new Promise<void>((resolve) => asterisk.send(data, hep.port, '127.0.0.1', () => resolve()));
  const next = <K extends keyof RemoteAnswerRelayEvents>(event: K) =>
    new Promise<RemoteAnswerRelayEvents[K]>((resolve) => relay.once(event, resolve));
  const received = (socket: Socket) => once(socket, 'message').then(([data]) => (data as Buffer).toString());
  const metric = async (name: string, labels: Record<string, string>) => {
    const found = (await registry.getSingleMetric(name)?.get())?.values.find((v) =>
      Object.entries(labels).every(([k, l]) => (v.labels as Record<string, unknown>)[k] === l),
    );
    return found?.value ?? 0;
  };

  return {
    sim, client, relay, listener, genesys, browsers, registry, logs, call, mirror, sendRaw, next, received, metric,
    async [Symbol.asyncDispose]() {
      asterisk.close();
      genesys.close();
      await listener.close();
      await responder.close();
      await client.stop(50);
      await sim.stop();
    },
  };
}

for (const flow of ['A (INVITE with SDP)', 'B (delayed offer, NOTIFY within 1 ms)'] as const) {
  test(`flow ${flow}: one exact PJSIPNotify, and a 200 OK that completes Genesys' NOTIFY transaction`, async () => {
    await using ctx = await setup();
    const call = ctx.call();
    const notifyText = notify(call);
    const answered = ctx.received(ctx.genesys);
    const relayed = ctx.next('relayed');
    await ctx.mirror(invite(call, { withSdp: flow.startsWith('A') }));
    await ctx.mirror(ringing(call), 'out');
    await ctx.mirror(notifyText);

    const action = await ctx.sim.waitForAction((a) => a.action === 'PJSIPNotify');
    assert.equal(
      action.raw,
      `Action: PJSIPNotify\r\nActionID: ${action.get('ActionID')}\r\nEndpoint: 1002\r\nVariable: Event=talk\r\n` +
        `Variable: X-Genesys-CallUUID=${call.callUuid}\r\n\r\n`,
    );
    assert.deepEqual((await relayed).request, { dn: '1002', event: 'talk', callUuid: call.callUuid });

    const response = parseSipMessage(await answered);
    const request = parseSipMessage(notifyText);
    assert.equal(response.kind === 'response' && response.status, 200);
    // A UAC matches a response to its client transaction by top Via branch + CSeq method (§17.1.3).
    assert.equal(parseVias(response.headers.getAll('via'))[0]?.branch, `${call.branchBase}-150`);
    assert.deepEqual(response.headers.getAll('via'), request.headers.getAll('via'));
    for (const name of ['from', 'to', 'call-id', 'cseq']) assert.equal(response.headers.get(name), request.headers.get(name), name);
    assert.equal(response.headers.get('content-length'), '0');
    assert.equal(await ctx.metric('wwe_gateway_remote_answer_requests_total', { source: 'hep', event: 'talk', outcome: 'relayed' }), 1);
    assert.equal(await ctx.metric('wwe_gateway_remote_answer_sip_responses_total', { result: 'sent' }), 1);
    assert.match(await ctx.registry.metrics(), /^wwe_gateway_remote_answer_relay_seconds_count\{source="hep"\} 1$/m);
  });
}

test('retransmissions: never relayed twice, each answered again with the same 200 OK', async () => {
  await using ctx = await setup();
  const call = ctx.call();
  const text = notify(call);
  const first = ctx.received(ctx.genesys);
  await ctx.mirror(text);
  const firstResponse = await first;
  for (let i = 0; i < 3; i += 1) {
    const again = ctx.received(ctx.genesys);
    await ctx.mirror(text);
    assert.equal(await again, firstResponse);
  }
  assert.equal(ctx.sim.actionsNamed('PJSIPNotify').length, 1);
  assert.equal(await ctx.metric('wwe_gateway_remote_answer_requests_total', { outcome: 'duplicate' }), 3);
  assert.equal(await ctx.metric('wwe_gateway_remote_answer_sip_responses_total', { result: 'resent' }), 3);
  assert.equal(ctx.logs.filter((l) => l.context.kind === 'hep:duplicate' && l.level === 'warn').length, 1, 'logged once');
});

test('two ringing calls, one NOTIFY: only that call\'s DN and UUID are relayed', async () => {
  await using ctx = await setup();
  const one = ctx.call({ dn: '5001' });
  const two = ctx.call({ dn: '1002' });
  await ctx.mirror(invite(one, { withSdp: true }));
  await ctx.mirror(invite(two, { withSdp: false }));
  await ctx.mirror(notify(two));
  const action = await ctx.sim.waitForAction((a) => a.action === 'PJSIPNotify');
  assert.equal(action.get('Endpoint'), '1002');
  assert.deepEqual(action.message.getAll('Variable'), ['Event=talk', `X-Genesys-CallUUID=${two.callUuid}`]);
});

test('Event: hold is relayed as hold', async () => {
  await using ctx = await setup();
  const call = ctx.call();
  await ctx.mirror(notify(call, { event: 'hold', cseq: 5 }));
  const action = await ctx.sim.waitForAction((a) => a.action === 'PJSIPNotify');
  assert.deepEqual(action.message.getAll('Variable'), ['Event=hold', `X-Genesys-CallUUID=${call.callUuid}`]);
});

test('a DN without a browser is not relayed (PJSIPNotify would say Success anyway), counted, not answered', async () => {
  await using ctx = await setup();
  ctx.browsers.delete('1002');
  const skipped = ctx.next('skipped');
  await ctx.mirror(notify(ctx.call()));
  assert.deepEqual(await skipped, { source: 'hep', outcome: 'no_browser' });
  assert.equal(ctx.sim.actionsNamed('PJSIPNotify').length, 0);
  assert.equal(await ctx.metric('wwe_gateway_remote_answer_requests_total', { outcome: 'no_browser' }), 1);
  assert.equal(await ctx.metric('wwe_gateway_remote_answer_sip_responses_total', {}), 0);
});

test('when Asterisk refuses the PJSIPNotify, nothing is answered and the retransmission retries', async () => {
  await using ctx = await setup();
  let refusals = 1;
  ctx.sim.script('PJSIPNotify', (action) =>
    refusals-- > 0 ? `Response: Error\r\nActionID: ${action.get('ActionID')}\r\nMessage: Unable to retrieve endpoint 1002\r\n\r\n` : undefined,
  );
  const call = ctx.call();
  const skipped = ctx.next('skipped');
  await ctx.mirror(notify(call));
  assert.deepEqual(await skipped, { source: 'hep', outcome: 'notify_failed' });
  const answered = ctx.received(ctx.genesys);
  await ctx.mirror(notify(call)); // SIP Server's retransmission 500 ms later
  assert.match(await answered, /^SIP\/2\.0 200 OK\r\n/);
  assert.equal(ctx.sim.actionsNamed('PJSIPNotify').length, 2);
  assert.equal(await ctx.metric('wwe_gateway_remote_answer_requests_total', { outcome: 'notify_failed' }), 1);
  assert.equal(await ctx.metric('wwe_gateway_remote_answer_requests_total', { outcome: 'relayed' }), 1);
});

test('a forged Via (maddr, received, another host or port) cannot aim the 200 OK anywhere but the Genesys address the NOTIFY came from', { timeout: 10_000 }, async () => {
  await using ctx = await setup();
  // A socket at the address the forged Vias point to: nothing may ever arrive there.
  const target = createSocket('udp4');
  target.bind(5099, '127.0.0.9');
  await once(target, 'listening');
  const stray: string[] = [];
  target.on('message', (data: Buffer) => stray.push(data.toString()));
  try {
    const forge = (via: string) => notify(ctx.call()).replace(/^Via: .*$/m, `Via: ${via}`);
    const genesysPort = ctx.genesys.address().port;
    for (const via of [
      `SIP/2.0/UDP 127.0.0.1:${genesysPort};branch=z9hG4bKforged1;maddr=127.0.0.9`,
      'SIP/2.0/UDP 127.0.0.9:5099;branch=z9hG4bKforged2;maddr=127.0.0.9',
      'SIP/2.0/UDP 127.0.0.9:5099;branch=z9hG4bKforged3',
      `SIP/2.0/UDP 127.0.0.1:5099;branch=z9hG4bKforged4;received=127.0.0.9`,
    ]) {
      const relayed = ctx.next('relayed');
      await ctx.mirror(forge(via));
      await relayed; // the answer request itself passed every check
    }
    // The first one names the address the NOTIFY really came from: only maddr was forged, and ignored.
    const answered = ctx.received(ctx.genesys);
    await ctx.mirror(forge(`SIP/2.0/UDP 127.0.0.1:${genesysPort};branch=z9hG4bKforged5;maddr=127.0.0.9`));
    assert.match(await answered, /branch=z9hG4bKforged5/);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(stray, [], 'no 200 OK reached the forged address');
    assert.equal(await ctx.metric('wwe_gateway_remote_answer_sip_responses_total', { result: 'refused_destination' }), 3);
    assert.equal(ctx.logs.filter((l) => l.context.kind === 'refused_destination' && l.level === 'warn').length, 1);
  } finally {
    target.close();
  }
});

test('a NOTIFY over TCP/TLS is relayed but cannot be answered by the gateway', async () => {
  await using ctx = await setup();
  const relayed = ctx.next('relayed');
  await ctx.mirror(notify(ctx.call(), { transport: 'TCP' }));
  await relayed;
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(await ctx.metric('wwe_gateway_remote_answer_sip_responses_total', { result: 'not_udp' }), 1);
});

test('answering can be switched off', async () => {
  await using ctx = await setup({ notifyResponder: false });
  const relayed = ctx.next('relayed');
  await ctx.mirror(notify(ctx.call()));
  await relayed;
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(await ctx.metric('wwe_gateway_remote_answer_sip_responses_total', { result: 'disabled' }), 1);
});

test('hostile and odd input: each ignored or refused, counted, logged once, never relayed', async () => {
  await using ctx = await setup();
  const call = ctx.call();
  const settle = async (count: number, send: () => Promise<void>) => {
    for (let i = 0; i < count; i += 1) {
      const done = Promise.race([ctx.next('dropped'), ctx.next('ignored'), ctx.next('skipped')]);
      await send();
      await done;
    }
  };
  // Wrong capture password, twice.
  await settle(2, () => ctx.mirror(notify(call), 'in', 'not-the-password'));
  // Truncated chunks.
  const packet = encodeHep3({ source: call.genesys, destination: call.asterisk, authKey: PASSWORD, payload: notify(call) });
  await settle(2, () => ctx.sendRaw(packet.subarray(0, packet.length - 20)));
  // A non-SIP payload.
  await settle(2, () => ctx.mirror('\x16\x03\x01 definitely not SIP'));
  // A NOTIFY for an unknown DN and no INVITE to resolve it; then an invalid UUID.
  await settle(1, () => ctx.mirror(notify(ctx.call({ dn: '9999' }))));
  await settle(1, () => ctx.mirror(notify(ctx.call(), { callUuid: 'X,Route=<sip:evil>' })));
  // Asterisk's own NOTIFY to the browser, as HEP reports it: everyday traffic, counted, not logged.
  await settle(2, () => ctx.mirror(asteriskNotifyToBrowser('1002', call.callUuid), 'out'));
  // An in-dialog NOTIFY talk that did not come from Genesys (e.g. genesysAddresses is wrong): warned once.
  await settle(2, () => ctx.mirror(notify(call), 'out'));

  assert.equal(ctx.sim.actionsNamed('PJSIPNotify').length, 0);
  assert.equal(await ctx.metric('wwe_gateway_hep_packets_total', { result: 'auth_failed' }), 2);
  assert.equal(await ctx.metric('wwe_gateway_hep_packets_total', { result: 'malformed' }), 2);
  assert.equal(await ctx.metric('wwe_gateway_hep_messages_ignored_total', { reason: 'not_sip' }), 2);
  assert.equal(await ctx.metric('wwe_gateway_hep_messages_ignored_total', { reason: 'asterisk_notify' }), 2);
  assert.equal(await ctx.metric('wwe_gateway_hep_messages_ignored_total', { reason: 'not_from_genesys' }), 2);
  assert.equal(await ctx.metric('wwe_gateway_remote_answer_requests_total', { outcome: 'unknown_dn' }), 1);
  assert.equal(await ctx.metric('wwe_gateway_remote_answer_requests_total', { outcome: 'invalid_call_uuid' }), 1);
  const warnings = ctx.logs.filter((l) => l.level === 'warn').map((l) => l.context.kind);
  assert.deepEqual(warnings.sort(), ['hep:auth_failed', 'hep:invalid_call_uuid', 'hep:malformed', 'hep:not_from_genesys', 'hep:not_sip', 'hep:unknown_dn'].sort());
  assert.ok(!ctx.logs.some((l) => JSON.stringify(l).includes(PASSWORD)), 'the capture password is never logged');
});

test('a flood is bounded by the listener and relays at most once', async () => {
  await using ctx = await setup();
  await ctx.listener.close();
  const flooded = new HepListener({ port: 0, password: PASSWORD, maxPacketsPerSecond: 50, burstPackets: 20 }, ctx.relay.hepDelegate());
  const text = notify(ctx.call());
  const packet = encodeHep3({ source: { address: '127.0.0.1', port: (ctx.genesys.address()).port }, destination: { address: '127.0.0.1', port: 5060 }, authKey: PASSWORD, payload: text });
  const relayed = ctx.next('relayed');
  for (let i = 0; i < 2000; i += 1) flooded.receive(packet, 1000);
  await relayed;
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(ctx.sim.actionsNamed('PJSIPNotify').length, 1);
  assert.equal(await ctx.metric('wwe_gateway_hep_packets_total', { result: 'rate_limited' }), 1980);
  assert.equal(await ctx.metric('wwe_gateway_remote_answer_requests_total', { outcome: 'duplicate' }), 19);
  assert.equal(ctx.logs.filter((l) => l.level === 'warn' && l.context.kind === 'hep:rate_limited').length, 1);
});

test('HTTP answer: relays with or without a UUID; refuses unknown DNs, bad UUIDs and absent browsers', async () => {
  await using ctx = await setup();
  assert.deepEqual(await ctx.relay.answer('5001', { callUuid: 'UIVB8J6JE91C53UIM3VI59VHQ4000099' }), {
    outcome: 'relayed',
    request: { dn: '5001', event: 'talk', callUuid: 'UIVB8J6JE91C53UIM3VI59VHQ4000099' },
  });
  assert.equal((await ctx.relay.answer('5001')).outcome, 'relayed');
  const frames = ctx.sim.actionsNamed('PJSIPNotify').map((a) => a.message.getAll('Variable'));
  assert.deepEqual(frames, [['Event=talk', 'X-Genesys-CallUUID=UIVB8J6JE91C53UIM3VI59VHQ4000099'], ['Event=talk']]);
  assert.equal((await ctx.relay.answer('5001\r\n\r\nAction: Command')).outcome, 'unknown_dn');
  assert.equal((await ctx.relay.answer('5001', { callUuid: 'a\r\nAction: Command' })).outcome, 'invalid_call_uuid');
  assert.equal((await ctx.relay.answer('5002')).outcome, 'no_browser');
  assert.equal(ctx.sim.actionsNamed('PJSIPNotify').length, 2);
  assert.equal(await ctx.metric('wwe_gateway_remote_answer_requests_total', { source: 'http', outcome: 'relayed' }), 2);
});

test('distinct requests for one DN beyond its rate are not relayed; a retransmission retries later', async () => {
  let clock = 1_000_000;
  await using ctx = await setup({ maxRelaysPerDnPerSecond: 1, relayBurstPerDn: 2, now: () => clock });
  const calls = [ctx.call(), ctx.call(), ctx.call()];
  for (const call of calls) {
    const settled = Promise.race([ctx.next('relayed'), ctx.next('skipped')]);
    await ctx.mirror(notify(call));
    await settled;
  }
  assert.equal(ctx.sim.actionsNamed('PJSIPNotify').length, 2);
  assert.equal(await ctx.metric('wwe_gateway_remote_answer_requests_total', { outcome: 'rate_limited' }), 1);
  clock += 1000; // SIP Server retransmits the third NOTIFY; a token is back
  const relayed = ctx.next('relayed');
  await ctx.mirror(notify(calls[2]!));
  assert.equal((await relayed).request.callUuid, calls[2]!.callUuid);
  assert.equal(ctx.sim.actionsNamed('PJSIPNotify').length, 3);
});

test('answer requests spread over many DNs are bounded in total, not only per DN', async () => {
  let clock = 1_000_000;
  await using ctx = await setup({ isAgentDn: (dn) => /^6\d{3}$/.test(dn), maxRelaysPerSecond: 50, relayBurst: 100, now: () => clock });
  const dns = Array.from({ length: 500 }, (_, i) => String(6000 + i));
  for (const dn of dns) ctx.browsers.add(dn);
  // A looping CTI adapter, or a token in the wrong hands: one request for each of 500 DNs at once.
  const outcomes = await Promise.all(dns.map((dn) => ctx.relay.answer(dn)));
  const limited = outcomes.filter((result) => result.outcome === 'rate_limited').length;
  assert.equal(limited, 400);
  assert.equal(ctx.sim.actionsNamed('PJSIPNotify').length, 100, 'Asterisk was sent the burst and nothing more');
  clock += 1_000;
  const later = await Promise.all(dns.slice(0, 100).map((dn) => ctx.relay.answer(dn)));
  assert.equal(later.filter((result) => result.outcome !== 'rate_limited').length, 50, 'then the sustained rate');
  assert.equal(ctx.logs.filter((l) => l.level === 'warn' && l.context.kind === 'http:rate_limited').length, 1, 'logged once');
});
