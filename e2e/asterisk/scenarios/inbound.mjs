// Genesys calls an agent DN through Asterisk's trunk; the browser leg is answered by the softphone on
// each of Genesys' signals. Checked at the Genesys side (sipp's messages) and on the media.
import assert from 'node:assert/strict';

const HINTS = [
  ['Call-Info answer-after', 'Call-Info: <sip:127.0.0.2>;answer-after=0', 'call-info'],
  ['Alert-Info', 'Alert-Info: <http://127.0.0.2>;info=alert-autoanswer', 'alert-info'],
  ['Answer-Mode', 'Answer-Mode: Auto', 'answer-mode'],
];

/**
 * Genesys' INVITE with an auto-answer `hint` to `agent` on `dn`: the softphone decides to answer on
 * sight, Genesys gets its 200 OK, and `media(since)` checks the call's media while it is up (the call
 * lasts `callMs` after the answer). Resolves once the call ended at both ends.
 */
export async function answeredOnSight(lab, agent, dn, { uuid, hint, media, callMs = 3000 }) {
  const since = Date.now();
  const call = lab.sipp('genesys-call-autoanswer.xml', dn, { keys: { uuid, hint, call_ms: callMs }, timeoutMs: 20_000 });
  try {
    const decision = await agent.waitForEvent('decision', { match: { uuid } });
    assert.equal(decision.answer, true, `the softphone refused to auto-answer (${decision.reason})`);
    await agent.waitForEvent('confirmed', { match: { uuid } });
    await media(since);
    const { messages } = await call.done;
    assert.ok(messages.some((m) => m.direction === 'received' && /^SIP\/2\.0 200/.test(m.firstLine) && /CSeq:\s*1 INVITE/i.test(m.text)), 'Genesys never got a 200 OK for its INVITE');
    await agent.waitForState('idle');
  } finally {
    await call.stop();
  }
}

export const autoAnswer = HINTS.map(([label, hint], index) => ({
  name: `inbound, ${label}: Genesys' INVITE answered on sight, 200 OK at Genesys, audio both ways`,
  timeoutMs: 25_000,
  async run(lab) {
    const dn = String(5003 + index);
    const agent = await lab.agent(lab.subject, dn);
    await lab.online(dn);
    await answeredOnSight(lab, agent, dn, {
      uuid: `AUTOANSWER0000${index}`,
      hint,
      media: async (since) => {
        const audio = await lab.audioBothWays(agent, since);
        console.log(`    audio: browser received ${audio.browser}, Genesys received ${audio.genesys} packets`);
      },
    });
  },
}));

/** Time of the first message in `messages` matching `direction`, a first-line pattern and a CSeq method. */
function at(messages, direction, firstLine, method) {
  return messages.find((m) => m.direction === direction && firstLine.test(m.firstLine) && new RegExp(`^CSeq:\\s*\\d+ ${method}`, 'mi').test(m.text))?.at;
}

/**
 * Genesys' INVITE without a hint to `agent` on `dn`, then its NOTIFY talk in the early dialog 300 ms
 * after the 180: the call rings, the NOTIFY answers it, and `media(since)` checks the call's media while
 * it is up. Logs NOTIFY → 200 OK as Genesys saw it.
 */
export async function answeredOnNotify(lab, agent, dn, { uuid, media, callMs = 3000 }) {
  const since = Date.now();
  const call = lab.sipp('genesys-call.xml', dn, { keys: { uuid, notify_ms: 300, call_ms: callMs }, timeoutMs: 20_000 });
  try {
    const ring = await agent.waitForEvent('decision', { match: { uuid } });
    assert.equal(ring.answer, false, 'an INVITE without an auto-answer hint must ring');
    const decision = await agent.waitForEvent('decision', { match: { uuid, signal: 'remote-answer' } });
    assert.equal(decision.answer, true, `the remote answer was refused (${decision.reason})`);
    await agent.waitForEvent('confirmed', { match: { uuid } });
    await media(since);
    const { messages } = await call.done;
    const notify = at(messages, 'sent', /^NOTIFY/, 'NOTIFY');
    const answered = at(messages, 'received', /^SIP\/2\.0 200/, 'INVITE');
    console.log(`    NOTIFY → 200 OK (INVITE) at Genesys: ${(answered - notify).toFixed(1)} ms`);
  } finally {
    await call.stop();
  }
}

export const remoteAnswerFlowA = {
  name: 'remote answer, flow A: NOTIFY talk in the early dialog gets its 200 OK, the browser answers, audio both ways',
  timeoutMs: 25_000,
  async run(lab) {
    const dn = '5006';
    const agent = await lab.agent(lab.subject, dn);
    await answeredOnNotify(lab, agent, dn, { uuid: 'REMOTEANSWER00A1', media: (since) => lab.audioBothWays(agent, since) });
  },
};

export const remoteAnswerFlowB = {
  name: 'remote answer, flow B: delayed-offer INVITE answered on NOTIFY talk, offer in the 200, answer in the ACK, audio both ways',
  timeoutMs: 25_000,
  async run(lab) {
    const dn = '5007';
    const agent = await lab.agent(lab.subject, dn);
    const uuid = 'REMOTEANSWER00B1';
    const since = Date.now();
    const call = lab.sipp('genesys-click-to-dial.xml', dn, { keys: { uuid, destination: '4000', notify_ms: 0, call_ms: 3000 }, timeoutMs: 20_000 });
    try {
      await agent.waitForEvent('confirmed', { match: { uuid } });
      await lab.audioBothWays(agent, since);
      const { messages } = await call.done;
      const ok = messages.find((m) => m.direction === 'received' && /^SIP\/2\.0 200/.test(m.firstLine) && /CSeq:\s*1 INVITE/i.test(m.text));
      assert.match(ok?.text ?? '', /\nm=audio \d+ RTP\/AVP /, 'the 200 OK to a delayed-offer INVITE must carry an RTP/AVP offer');
      const notify = at(messages, 'sent', /^NOTIFY/, 'NOTIFY');
      console.log(`    NOTIFY → 200 OK (INVITE) at Genesys: ${(ok.at - notify).toFixed(1)} ms`);
    } finally {
      await call.stop();
    }
  },
};

export const remoteAnswerTwoCalls = {
  name: "remote answer: two calls ringing on two DNs, each NOTIFY answers only its UUID's call",
  timeoutMs: 30_000,
  async run(lab) {
    const [first, second] = await Promise.all([lab.agent(lab.subject, '5008'), lab.agent(lab.subject, '5009')]);
    const calls = [
      lab.sipp('genesys-call.xml', '5008', { keys: { uuid: 'TWOCALLS00000001', notify_ms: 500, call_ms: 2000 }, timeoutMs: 20_000 }),
      lab.sipp('genesys-call.xml', '5009', { keys: { uuid: 'TWOCALLS00000002', notify_ms: 3500, call_ms: 2000 }, timeoutMs: 20_000 }),
    ];
    try {
      await Promise.all([first.waitForState('ringing'), second.waitForState('ringing')]);
      await first.waitForEvent('confirmed', { match: { uuid: 'TWOCALLS00000001' } });
      assert.equal(await second.state(), 'ringing', 'the second DN must keep ringing when the first call is answered');
      const early = (await second.events()).filter((event) => event.type === 'decision' && event.answer);
      assert.deepEqual(early, [], 'the second DN must not have decided to answer yet');
      await second.waitForEvent('confirmed', { match: { uuid: 'TWOCALLS00000002' } });
      await Promise.all(calls.map((call) => call.done));
    } finally {
      await Promise.all(calls.map((call) => call.stop()));
    }
  },
};

export const blindTransfer = {
  name: "blind transfer: the agent's REFER reaches Genesys as a REFER on its own leg (Genesys transfers the call), the agent's call ends",
  needs: ['transfer'],
  timeoutMs: 30_000,
  async run(lab) {
    const dn = '5010';
    const agent = await lab.agent(lab.subject, dn);
    const uuid = 'TRANSFER00000001';
    const call = lab.sipp('genesys-call-transfer.xml', dn, { keys: { uuid, hint: 'Call-Info: <sip:127.0.0.2>;answer-after=0' }, timeoutMs: 25_000 });
    try {
      await agent.waitForEvent('confirmed', { match: { uuid } });
      await agent.waitForAudio();
      await agent.run('transfer', '7005');
      const { messages } = await call.done;
      const refer = messages.find((m) => m.direction === 'received' && m.firstLine.startsWith('REFER '));
      assert.ok(refer, 'Genesys should receive a REFER on its call');
      assert.match(refer.text, /^Refer-To:\s*<?sip:7005@127\.0\.0\.2/im, 'the REFER should name the target at SIP Server');
      await agent.waitForState('idle');
      const outcome = await agent.waitForEvent('transferred', { timeoutMs: 5000 }).catch(async () => (await agent.events()).find((e) => e.type === 'transferFailed'));
      console.log(`    the softphone reports: ${outcome?.type} ${outcome?.code ?? ''}`);
    } finally {
      await call.stop();
    }
  },
};

/**
 * The widget's two calls on `dn`: Genesys' INVITE with an auto-answer hint, then one that rings until
 * the agent clicks Answer and ends when the agent clicks Hang up. `media(since)` checks each call's
 * media while it is up.
 */
export async function widgetTakesTwoCalls(lab, agent, dn, uuidPrefix, media) {
  let since = Date.now();
  const first = lab.sipp('genesys-call-autoanswer.xml', dn, {
    keys: { uuid: `${uuidPrefix}01`, hint: 'Call-Info: <sip:127.0.0.2>;answer-after=0', call_ms: 5000 },
    timeoutMs: 20_000,
  });
  try {
    await agent.waitForEvent('confirmed', { match: { uuid: `${uuidPrefix}01` } });
    await media(since);
    await first.done;
  } finally {
    await first.stop();
  }
  await agent.waitForState('idle');

  since = Date.now();
  const second = lab.sipp('genesys-call.xml', dn, { keys: { uuid: `${uuidPrefix}02`, hangup: 'agent' }, timeoutMs: 20_000 });
  try {
    await agent.waitForState('ringing');
    await agent.run('answer');
    await agent.waitForState('active');
    await media(since);
    await agent.run('hangup');
    await second.done;
  } finally {
    await second.stop();
  }
  await agent.waitForState('idle');
}

export const widgetCall = {
  name: '<wwe-softphone>: registers through Asterisk, auto-answers Genesys, answers from its button and hangs up from its button, audio both ways',
  timeoutMs: 35_000,
  async run(lab) {
    const dn = '5020';
    const agent = await lab.agent('widget', dn);
    await lab.online(dn);
    await widgetTakesTwoCalls(lab, agent, dn, 'WIDGET00000000', (since) => lab.audioBothWays(agent, since));
  },
};
