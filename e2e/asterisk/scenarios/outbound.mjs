// The agent dials out: browser → Asterisk (from-agents) → the Genesys trunk. The Genesys side answers
// by the number dialled (see genesys-server.xml): 7… waits for the agent's BYE, 8… hangs up itself
// after 3 s, 9… puts the call on hold and retrieves it.
import assert from 'node:assert/strict';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The agent `dn` dials `number`; resolves once the call is active with audio both ways. */
async function dialOut(lab, dn, number) {
  const agent = await lab.agent(lab.subject, dn);
  const since = Date.now();
  await agent.run('call', number);
  await agent.waitForState('active');
  const invite = lab.genesys.requests('INVITE', since).find((message) => message.firstLine.startsWith(`INVITE sip:${number}@`));
  assert.ok(invite, `Genesys never got an INVITE for ${number}`);
  const audio = await lab.audioBothWays(agent, since);
  return { agent, since, audio };
}

/** Packets `agent` receives over `ms`. */
async function packetsDuring(agent, ms) {
  const before = await agent.audioPackets();
  await sleep(ms);
  return (await agent.audioPackets()) - before;
}

export const outboundAgentHangsUp = {
  name: 'outbound: the agent dials, Asterisk sends it to the Genesys trunk, answered, audio both ways, BYE from the agent',
  timeoutMs: 20_000,
  async run(lab) {
    const { agent, since } = await dialOut(lab, '5011', '7001');
    await agent.run('hangup');
    await agent.waitForState('idle');
    await lab.until('a BYE at Genesys', () => lab.genesys.requests('BYE', since).length > 0);
  },
};

export const outboundGenesysHangsUp = {
  name: 'outbound: Genesys hangs up; the agent sees the call end by the remote side',
  timeoutMs: 20_000,
  async run(lab) {
    const { agent } = await dialOut(lab, '5012', '8001');
    await agent.waitForEvent('ended', { match: { originator: 'remote' }, timeoutMs: 8000 });
    await agent.waitForState('idle');
  },
};

export const holdFromAgent = {
  name: 'hold/retrieve from the agent: Genesys gets re-INVITEs (sendonly, then sendrecv); media stops and resumes',
  timeoutMs: 25_000,
  async run(lab) {
    const { agent, since } = await dialOut(lab, '5013', '7002');
    await agent.run('hold');
    await agent.waitForState('held');
    await lab.until('a re-INVITE with a=sendonly at Genesys', () => lab.genesys.requests('INVITE', since).some((m) => /\na=sendonly/.test(m.text)));
    await sleep(300);
    const onHold = await packetsDuring(agent, 800);
    assert.ok(onHold <= 3, `on hold the browser still received ${onHold} packets in 0.8 s`);
    await agent.run('unhold');
    await agent.waitForState('active');
    await lab.until('a re-INVITE with a=sendrecv at Genesys', () => lab.genesys.requests('INVITE', since).filter((m) => /\na=sendrecv/.test(m.text)).length >= 1 && lab.genesys.requests('INVITE', since).length >= 3);
    await sleep(300);
    const resumed = await packetsDuring(agent, 800);
    assert.ok(resumed > 10, `after retrieve the browser received only ${resumed} packets in 0.8 s`);
    await agent.run('hangup');
  },
};

export const holdFromGenesys = {
  name: 'hold/retrieve from Genesys (re-INVITE a=sendonly, then a=sendrecv): the browser is held by the remote side, its audio to Genesys stops, then resumes',
  timeoutMs: 25_000,
  async run(lab) {
    const { agent, since } = await dialOut(lab, '5014', '9001');
    const stream = lab.genesys.rtp.streamsSince(since).at(-1);
    const atGenesys = async (ms) => {
      const before = stream.audio;
      await sleep(ms);
      return stream.audio - before;
    };
    // genesys-server.xml holds 2 s after the ACK and retrieves 2 s later.
    await agent.waitForEvent('hold', { match: { remote: true }, timeoutMs: 5000 });
    await sleep(300);
    const onHold = await atGenesys(800);
    assert.ok(onHold <= 3, `while Genesys held the call it still received ${onHold} packets from the browser in 0.8 s`);
    await agent.waitForEvent('hold', { match: { remote: false }, timeoutMs: 5000 });
    await sleep(300);
    const resumed = await atGenesys(800);
    assert.ok(resumed > 10, `after Genesys retrieved the call it received only ${resumed} packets from the browser in 0.8 s`);
    assert.equal(await agent.state(), 'active');
    await agent.run('hangup');
  },
};

export const dtmfToTrunk = {
  name: 'DTMF: each digit the agent sends reaches the trunk as one well-formed RFC 4733 event of about the sent duration',
  timeoutMs: 25_000,
  async run(lab) {
    const { agent, since } = await dialOut(lab, '5015', '7003');
    const digits = '1234#';
    await agent.run('sendDtmf', digits, { transport: 'rfc4733' });
    const stream = await lab.until('five DTMF events at Genesys', () => {
      const found = lab.genesys.rtp.streamsSince(since).find((s) => s.events.length >= digits.length && s.events.at(-1).endPackets > 0);
      return found;
    }, { timeoutMs: 8000 });
    await sleep(500);
    const events = stream.events;
    console.log(`    events: ${events.map((e) => `${e.digit}×${e.packets} (end ${e.endPackets}, ${Math.max(...e.durations)} samples, ${(e.lastAt - e.firstAt).toFixed(0)} ms)`).join(', ')}`);
    assert.equal(events.map((e) => e.digit).join(''), digits, 'the digits at the trunk, in order');
    for (const event of events) {
      const longest = Math.max(...event.durations);
      assert.ok(event.endPackets >= 1 && event.endPackets <= 3, `digit ${event.digit}: ${event.endPackets} end packets`);
      assert.ok(event.packets <= 20, `digit ${event.digit} arrived as ${event.packets} packets (a flood)`);
      assert.ok(event.durations.every((d, i) => i === 0 || d >= event.durations[i - 1]), `digit ${event.digit}: the duration field went backwards (wrapped): ${event.durations.join(',')}`);
      assert.ok(longest >= 400 && longest <= 2400, `digit ${event.digit} lasted ${longest} samples (${longest / 8} ms); the softphone sends 100 ms`);
    }
    await agent.run('hangup');
  },
};
