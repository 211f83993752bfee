// Agents at home: the page, the WebSocket and the TURN credentials come through nginx (the generated
// site), and media through coturn (the generated turnserver.conf) with relay-only ICE. Checked on the
// browser's own statistics (the selected candidate pair is a relay from the lab's coturn) and at the
// Genesys side (the 200 OK, and audio packets at its RTP peer).
import assert from 'node:assert/strict';
import { answeredOnNotify, answeredOnSight, widgetTakesTwoCalls } from './inbound.mjs';

const AUTO_ANSWER = 'Call-Info: <sip:127.0.0.2>;answer-after=0';

/**
 * The media check of a call at home: on a relay from the lab's coturn (lab.relayedMedia), and audio
 * both ways at the browser and at Genesys; the route and the counts are logged for the record.
 */
function relayedBothWays(lab, agent) {
  return async (since) => {
    const route = await lab.relayedMedia(agent);
    const audio = await lab.audioBothWays(agent, since);
    console.log(
      `    relay ${route.local.address}:${route.local.port} (${route.local.relayProtocol} to coturn) ⇄ Asterisk ${route.remote.address}:${route.remote.port} ${route.remote.candidateType}; ` +
        `pair sent ${route.packetsSent}, received ${route.packetsReceived}; browser inbound-rtp ${audio.browser}, Genesys received ${audio.genesys}`,
    );
  };
}

export const remoteAutoAnswer = {
  name: 'agent at home, auto-answer: registers through nginx, relay-only ICE with TURN credentials from the gateway, 200 OK at Genesys, audio both ways through coturn',
  timeoutMs: 30_000,
  async run(lab) {
    const dn = '5030';
    const agent = await lab.remoteAgent(lab.subject, dn);
    await lab.online(dn);
    lab.registeredThroughProxy(dn);
    lab.servedByProxy([
      { path: '/', status: 200 },
      { path: '/api/turn/nonce', status: 200 },
      { path: '/api/turn/credentials', status: 200 },
    ]);
    await answeredOnSight(lab, agent, dn, { uuid: 'RELAYAUTO0000001', hint: AUTO_ANSWER, callMs: 5000, media: relayedBothWays(lab, agent) });
  },
};

export const remoteRemoteAnswer = {
  name: "agent at home, remote answer: Genesys' NOTIFY talk answers the ringing call, relay-only ICE, audio both ways through coturn",
  timeoutMs: 30_000,
  async run(lab) {
    const dn = '5031';
    const agent = await lab.remoteAgent(lab.subject, dn);
    lab.registeredThroughProxy(dn);
    await answeredOnNotify(lab, agent, dn, { uuid: 'RELAYNOTIFY00001', callMs: 5000, media: relayedBothWays(lab, agent) });
  },
};

/**
 * Credentials coturn must refuse, handed to the softphone as its provider's answer would be: one that
 * the gateway's secret signed but that expired an hour ago (what a browser holds when its refreshes
 * failed for longer than the lifetime), and one signed with another secret.
 */
const REFUSED = [
  ['expired', 'signed by the gateway, expired an hour ago', (lab, dn) => lab.turnServers(dn, { ttlSeconds: -3600 })],
  ['forged', 'signed with a secret coturn does not have', (lab, dn) => lab.turnServers(dn, { ttlSeconds: 3600, secret: 'a-secret-coturn-does-not-have-0123' })],
];

export const refusedCredentials = REFUSED.map(([kind, detail, make], index) => ({
  name: `agent at home with ${kind} TURN credentials (${detail}): coturn answers 401, the browser gathers no relay candidate, the softphone reports TURN_REFUSED and refuses the call (480 at Genesys) instead of answering into silence`,
  timeoutMs: 30_000,
  async run(lab) {
    const dn = String(5032 + index);
    const iceServers = await make(lab, dn);
    const asked = await lab.askCoturn(iceServers[0]);
    assert.equal(asked.ok, false, `coturn granted a relay to ${kind} credentials`);
    assert.equal(asked.code, 401, `coturn refused with ${asked.code} ${asked.reason}, not 401`);

    const agent = await lab.remoteAgent(lab.subject, dn, { gatewayUrl: undefined, iceServersGrant: { iceServers, ttl: 3600 } });
    const uuid = `RELAYREFUSED000${index}`;
    const mark = await agent.eventCount();
    const call = lab.sipp('genesys-call-autoanswer.xml', dn, { keys: { uuid, hint: AUTO_ANSWER }, timeoutMs: 20_000 });
    try {
      await agent.waitForEvent('call', { match: { uuid }, since: mark });
      for (const url of lab.gateway.config.turn.urls) {
        const refusal = await agent.waitForEvent('iceCandidateError', { match: { url }, since: mark });
        assert.equal(refusal.errorCode, 401, `${url}: ${refusal.errorCode} ${refusal.errorText}`);
        const reported = await agent.waitForEvent('error', { match: { code: 'TURN_REFUSED' }, since: mark });
        assert.match(reported.message, /refused a relay \(401/);
      }
      const ended = await agent.waitForEvent('ended', { since: mark });
      assert.equal(ended.reason, 'media-failed');
      const { messages } = await call.done;
      const finals = messages.filter((m) => m.direction === 'received' && /^SIP\/2\.0 [2-6]\d\d/.test(m.firstLine) && /^CSeq:\s*\d+ INVITE/im.test(m.text));
      assert.deepEqual(finals.map((m) => m.firstLine.slice(0, 11)), ['SIP/2.0 480'], 'Genesys hears 480, never a 200 OK');
      const events = (await agent.events()).slice(mark);
      assert.ok(!events.some((event) => event.type === 'confirmed'), 'the browser must not have answered');
      console.log(`    coturn: ${asked.code} ${asked.reason}; the browser refused the call, Genesys received ${finals.map((m) => m.firstLine).join(', ')}`);
    } finally {
      await call.stop();
    }
  },
}));

export const remoteWidget = {
  name: '<wwe-softphone gateway-url gateway-turn> loaded from nginx: registers through nginx, presence through nginx, relay-only ICE, auto-answers Genesys and answers from its button, audio both ways through coturn',
  timeoutMs: 40_000,
  async run(lab) {
    const dn = '5034';
    const agent = await lab.remoteAgent('widget', dn, { gatewayToken: lab.gateway.presenceToken });
    await agent.waitForEvent('presence', { match: { state: 'registered' }, timeoutMs: 15_000 });
    lab.registeredThroughProxy(dn);
    lab.servedByProxy([{ path: '/', status: 200 }, { path: '/api/turn/credentials', status: 200 }, { path: `/api/dns/${dn}`, status: 200 }]);
    await widgetTakesTwoCalls(lab, agent, dn, 'RELAYWIDGET000', relayedBothWays(lab, agent));
    const errors = (await agent.events()).filter((event) => event.type === 'error');
    assert.deepEqual(errors, [], 'the widget reported errors');
  },
};
