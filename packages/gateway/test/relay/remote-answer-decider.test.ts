import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeHep3, encodeHep3, HepProtocolType, type HepEndpoint, type HepPacket } from '../../src/hep/hep3.js';
import { EVERYDAY_IGNORE_REASONS, RemoteAnswerDecider, type RemoteAnswerDecision, type RemoteAnswerDeciderOptions } from '../../src/relay/remote-answer-decider.js';
import { parsePeerAddress } from '../../src/relay/peer-address.js';
import {
  asteriskNotifyToBrowser,
  browserRegister,
  callShape,
  invite,
  notify,
  ringing,
  type CallShape,
} from '../sip/fixtures/genesys-flows.js';

const isAgentDn = (dn: string) => /^(100[0-9]|500[0-9])$/.test(dn);

function decider(options: Partial<RemoteAnswerDeciderOptions> = {}) {
  return new RemoteAnswerDecider({ genesysAddresses: [parsePeerAddress('192.0.2.81')], isAgentDn, ...options });
}

/** A captured message as Asterisk's res_hep_pjsip reports it (through the real codec). */
function captured(payload: string, source: HepEndpoint, destination: HepEndpoint, protocolType: number = HepProtocolType.SIP): HepPacket {
  return decodeHep3(encodeHep3({ source, destination, payload, protocolType }));
}
const fromGenesys = (call: CallShape, text: string) => captured(text, call.genesys, call.asterisk);
const toGenesys = (call: CallShape, text: string) => captured(text, call.asterisk, call.genesys);

function relayOf(decision: RemoteAnswerDecision) {
  assert.equal(decision.kind, 'relay', `expected a relay decision, got ${JSON.stringify(decision)}`);
  return decision as Extract<RemoteAnswerDecision, { kind: 'relay' }>;
}

test('flow A: INVITE with SDP, 180, NOTIFY talk 2.9 s later → relay to the To user with the call UUID', () => {
  const d = decider();
  const call = callShape();
  assert.deepEqual(d.decide(fromGenesys(call, invite(call, { withSdp: true })), 0), { kind: 'call_seen', dn: '1002', callUuid: call.callUuid });
  assert.deepEqual(d.decide(toGenesys(call, ringing(call)), 5), { kind: 'ignore', reason: 'other_message' });
  const relay = relayOf(d.decide(fromGenesys(call, notify(call)), 2905));
  assert.deepEqual(relay.request, { dn: '1002', event: 'talk', callUuid: call.callUuid });
  assert.equal(relay.topVia.branch, `${call.branchBase}-150`);
  assert.equal(relay.topVia.transport, 'UDP');
  assert.equal(relay.sip.method, 'NOTIFY');
});

test('flow B: INVITE without SDP, 180, NOTIFY within a millisecond → relay', () => {
  const d = decider();
  const call = callShape({ dn: '5001', caller: '5550100' });
  assert.equal(d.decide(fromGenesys(call, invite(call, { withSdp: false })), 100).kind, 'call_seen');
  d.decide(toGenesys(call, ringing(call)), 100.4);
  const relay = relayOf(d.decide(fromGenesys(call, notify(call)), 100.9));
  assert.deepEqual(relay.request, { dn: '5001', event: 'talk', callUuid: call.callUuid });
});

test('a NOTIFY on its own relays too (the INVITE is not required when the To user is a DN)', () => {
  const call = callShape();
  assert.equal(decider().decide(fromGenesys(call, notify(call)), 0).kind, 'relay');
});

test('Event: hold is relayed as hold; the event package is matched without case or parameters', () => {
  const d = decider();
  const call = callShape();
  assert.equal(relayOf(d.decide(fromGenesys(call, notify(call, { event: 'hold', cseq: 3 })), 0)).request.event, 'hold');
  assert.equal(relayOf(d.decide(fromGenesys(call, notify(call, { event: 'Talk;id=1', cseq: 4 })), 0)).request.event, 'talk');
  assert.deepEqual(d.decide(fromGenesys(call, notify(call, { event: 'refer', cseq: 5 })), 0), { kind: 'ignore', reason: 'unsupported_event' });
  const talkOnly = decider({ events: ['talk'] });
  assert.deepEqual(talkOnly.decide(fromGenesys(call, notify(call, { event: 'hold' })), 0), { kind: 'ignore', reason: 'unsupported_event' });
});

test('retransmissions (same Call-ID + CSeq) are duplicates within the window; a new CSeq is a new request', () => {
  const d = decider({ dedupeWindowMs: 64_000 });
  const call = callShape();
  const packet = fromGenesys(call, notify(call));
  assert.equal(d.decide(packet, 0).kind, 'relay');
  // SIP Server retransmitted 10 times in 27.5 s.
  for (const at of [500, 1500, 3500, 7500, 11_500, 15_500, 19_500, 23_500, 27_500]) {
    assert.equal(d.decide(packet, at).kind, 'duplicate', `retransmission at ${at} ms`);
  }
  assert.equal(d.decide(fromGenesys(call, notify(call, { cseq: 3 })), 28_000).kind, 'relay');
  assert.equal(d.decide(packet, 64_001).kind, 'relay', 'remembered for the window only');
});

test('forget() lets a retransmission be decided afresh', () => {
  const d = decider();
  const call = callShape();
  const packet = fromGenesys(call, notify(call));
  const first = relayOf(d.decide(packet, 0));
  d.forget(first.transaction);
  assert.equal(d.decide(packet, 500).kind, 'relay');
});

test('Asterisk\'s own NOTIFY to a browser never loops back, and is everyday traffic', () => {
  const d = decider({ genesysAddresses: [parsePeerAddress('127.0.0.1:5070')] });
  const packet = captured(asteriskNotifyToBrowser('5001', 'UIVB8J6JE91C53UIM3VI59VHQ4000015'), { address: '127.0.0.1', port: 8088 }, { address: '127.0.0.1', port: 45602 });
  assert.deepEqual(d.decide(packet, 0), { kind: 'ignore', reason: 'asterisk_notify' });
  assert.ok(EVERYDAY_IGNORE_REASONS.has('asterisk_notify'));
  assert.ok(!EVERYDAY_IGNORE_REASONS.has('not_from_genesys'), 'an in-dialog NOTIFY from an unknown address is worth a warning');
  // Even if it were reported with Genesys' address, it has no To tag (out of dialog).
  const spoofed = captured(asteriskNotifyToBrowser('5001', 'X'), { address: '127.0.0.1', port: 5070 }, { address: '127.0.0.1', port: 5060 });
  assert.deepEqual(d.decide(spoofed, 0), { kind: 'ignore', reason: 'no_to_tag' });
});

test('Genesys and Asterisk on one host are told apart by port; asteriskAddresses narrows the destination', () => {
  const call = callShape({ genesys: { address: '127.0.0.1', port: 5070 }, asterisk: { address: '127.0.0.1', port: 5060 } });
  const d = decider({ genesysAddresses: [parsePeerAddress('127.0.0.1:5070')], asteriskAddresses: [parsePeerAddress('127.0.0.1:5060')] });
  assert.equal(d.decide(captured(notify(call), call.genesys, call.asterisk), 0).kind, 'relay');
  assert.deepEqual(d.decide(captured(notify(call, { cseq: 9 }), call.asterisk, call.genesys), 0), { kind: 'ignore', reason: 'not_from_genesys' });
  const elsewhere = captured(notify(call, { cseq: 10 }), call.genesys, { address: '127.0.0.1', port: 5080 });
  assert.deepEqual(d.decide(elsewhere, 0), { kind: 'ignore', reason: 'not_from_genesys' });
});

test('a NOTIFY from Genesys without a To tag is outside any dialog and ignored', () => {
  const call = callShape();
  assert.deepEqual(decider().decide(fromGenesys(call, notify(call, { withToTag: false })), 0), { kind: 'ignore', reason: 'no_to_tag' });
});

test('a To user that is not a DN resolves through the UUID from the INVITE', () => {
  const d = decider();
  const call = callShape();
  d.decide(fromGenesys(call, invite(call, { withSdp: false })), 0);
  const relay = relayOf(d.decide(fromGenesys(call, notify(call, { toUser: 'agent-alias' })), 10));
  assert.equal(relay.request.dn, '1002');
  assert.equal(d.dnForCall(call.callUuid, 10), '1002');
});

test('a NOTIFY without X-Genesys-CallUUID takes the UUID of its call\'s INVITE', () => {
  const d = decider();
  const call = callShape();
  d.decide(fromGenesys(call, invite(call, { withSdp: true })), 0);
  assert.equal(relayOf(d.decide(fromGenesys(call, notify(call, { withCallUuid: false })), 10)).request.callUuid, call.callUuid);
});

test('unknown DN, unknown call and missing UUID are refused, once per transaction', () => {
  const d = decider();
  const stranger = callShape({ dn: '7777' });
  const packet = fromGenesys(stranger, notify(stranger));
  assert.equal(d.decide(packet, 0).kind, 'refuse');
  assert.deepEqual(
    (({ kind, reason }) => ({ kind, reason }))(d.decide(fromGenesys(stranger, notify(stranger, { cseq: 3 })), 0) as { kind: string; reason: string }),
    { kind: 'refuse', reason: 'unknown_dn' },
  );
  assert.equal(d.decide(packet, 10).kind, 'duplicate');
  const noUuid = callShape();
  const decision = d.decide(fromGenesys(noUuid, notify(noUuid, { withCallUuid: false })), 0);
  assert.equal(decision.kind === 'refuse' && decision.reason, 'no_call_uuid');
});

test('hostile values: a UUID that could split AMI variables, a To user carrying escaped CR/LF', () => {
  const d = decider();
  const call = callShape();
  const uuidDecision = d.decide(fromGenesys(call, notify(call, { callUuid: 'ABC,Route=<sip:evil>' })), 0);
  assert.equal(uuidDecision.kind === 'refuse' && uuidDecision.reason, 'invalid_call_uuid');
  const injected = callShape({ dn: '5001%0D%0A%0D%0AAction:%20Command' });
  const dnDecision = d.decide(fromGenesys(injected, notify(injected)), 0);
  assert.equal(dnDecision.kind === 'refuse' && dnDecision.reason, 'unknown_dn');
  // Raw CR/LF cannot get inside a value: it ends the header line, and the rest is another SIP header.
  const split = notify(call, { cseq: 7 }).replace('X-Genesys-CallUUID: ', 'X-Genesys-CallUUID: A\r\nAction: Command\r\nX: ');
  assert.deepEqual(relayOf(d.decide(fromGenesys(call, split), 0)).request, { dn: '1002', event: 'talk', callUuid: 'A' });
});

test('non-SIP payloads, other protocols and broken SIP are ignored with a reason', () => {
  const d = decider();
  const call = callShape();
  assert.deepEqual(d.decide(fromGenesys(call, '\x80\x00RTP-ish binary'), 0), { kind: 'ignore', reason: 'not_sip' });
  // res_hep_rtcp's reports arrive on the same listener: everyday traffic with a reason of their own.
  assert.deepEqual(d.decide(captured(notify(call), call.genesys, call.asterisk, HepProtocolType.RTCP), 0), { kind: 'ignore', reason: 'rtcp' });
  assert.ok(EVERYDAY_IGNORE_REASONS.has('rtcp'));
  assert.deepEqual(d.decide(captured(notify(call), call.genesys, call.asterisk, HepProtocolType.RTP), 0), { kind: 'ignore', reason: 'not_sip' });
  assert.deepEqual(d.decide(fromGenesys(call, 'GET / HTTP/1.1\r\n\r\n'), 0), { kind: 'ignore', reason: 'not_sip' });
  const badCSeq = notify(call).replace('CSeq: 2 NOTIFY', 'CSeq: two NOTIFY');
  const decision = d.decide(fromGenesys(call, badCSeq), 0);
  assert.equal(decision.kind === 'ignore' && decision.error?.code, 'SIP_BAD_CSEQ');
  const noCallId = notify(call).replace(/Call-ID: .*\r\n/, '');
  assert.deepEqual((d.decide(fromGenesys(call, noCallId), 0) as { reason: string }).reason, 'malformed_sip');
});

test('everyday traffic is "other_message": REGISTER, responses, Asterisk\'s INVITE to a browser', () => {
  const d = decider();
  const call = callShape();
  assert.deepEqual(d.decide(captured(browserRegister('5001'), { address: '127.0.0.1', port: 45602 }, { address: '127.0.0.1', port: 8088 }), 0), { kind: 'ignore', reason: 'other_message' });
  assert.deepEqual(d.decide(toGenesys(call, ringing(call)), 0), { kind: 'ignore', reason: 'other_message' });
  assert.deepEqual(d.decide(toGenesys(call, invite(call, { withSdp: true })), 0), { kind: 'ignore', reason: 'other_message' });
});

test('the call map expires and is bounded', () => {
  const d = decider({ callTtlMs: 1000, maxTracked: 2 });
  const calls = [callShape(), callShape(), callShape()];
  calls.forEach((call, i) => d.decide(fromGenesys(call, invite(call, { withSdp: false })), i));
  assert.equal(d.dnForCall(calls[0]!.callUuid, 3), undefined, 'evicted by the bound');
  assert.equal(d.dnForCall(calls[2]!.callUuid, 3), '1002');
  assert.equal(d.dnForCall(calls[2]!.callUuid, 1003), undefined, 'expired');
});

test('requires at least one Genesys peer', () => {
  assert.throws(() => new RemoteAnswerDecider({ genesysAddresses: [], isAgentDn }), RangeError);
});
