// Tab ownership with the browser's real Web Locks and BroadcastChannel: several TabOwnership instances
// in one page share the origin's lock manager and channels exactly as tabs of one profile do (closing
// or crashing a real tab is proven in the real-Asterisk suite). A simulated registrar with
// max_contacts=1 / remove_existing=yes records every moment the DN had no contact.
import { expect } from 'chai';
import { TabOwnership } from '../../src/tabs/tab-ownership.js';
import type { TabOwnershipDelegate, TabState } from '../../src/tabs/tab-ownership.js';
import { readTabMessage } from '../../src/tabs/tab-messages.js';
import { TabError } from '../../src/errors.js';
import { silentLogger } from '../../src/logger.js';
import { sleep } from '../support/lab-phone.js';

/** One DN at a registrar that keeps one contact and replaces it on every REGISTER. */
class Registrar {
  contact: string | undefined;
  /** Moments (ms) the DN went without a contact after its first registration. */
  readonly gaps: number[] = [];
  readonly log: string[] = [];
  #registered = false;

  register(tab: string): void {
    this.contact = tab;
    this.#registered = true;
    this.log.push(`register ${tab}`);
  }

  /** The tab's WebSocket closed: its contact goes, if it is still the registered one. */
  close(tab: string): void {
    this.log.push(`close ${tab}`);
    if (this.contact !== tab) return;
    this.contact = undefined;
    if (this.#registered) this.gaps.push(performance.now());
  }
}

class Tab implements TabOwnershipDelegate {
  readonly ownership: TabOwnership;
  calls = 0;
  activations = 0;
  held: string[] = [];
  failActivation = false;
  readonly states: TabState[] = [];

  constructor(
    readonly name: string,
    readonly registrar: Registrar,
    key: string,
    options: { replyTimeoutMs?: number; takeoverTimeoutMs?: number; openChannel?: (name: string) => BroadcastChannel } = {},
  ) {
    this.ownership = new TabOwnership({ key, logger: silentLogger, ...options }, this);
    this.ownership.on('stateChanged', ({ state }) => this.states.push(state));
  }

  async activate(): Promise<void> {
    this.activations += 1;
    await sleep(30); // the REGISTER round trip
    if (this.failActivation) throw new Error('401');
    this.registrar.register(this.name);
  }

  async deactivate(): Promise<void> {
    this.registrar.close(this.name);
  }

  callsInProgress(): number {
    return this.calls;
  }

  pauseRegistration(): void {
    this.held.push('pause');
  }

  resumeRegistration(): void {
    this.held.push('resume');
  }

  /** The tab is closed: the browser releases its lock and its WebSocket closes. */
  close(): void {
    this.ownership.stop();
    this.registrar.close(this.name);
  }

  get state(): TabState {
    return this.ownership.state;
  }
}

let keys = 0;
const uniqueKey = (): string => `test-${Date.now()}-${++keys}`;

async function until(what: string, check: () => boolean, timeoutMs = 3000): Promise<number> {
  const started = performance.now();
  while (!check()) {
    if (performance.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(5);
  }
  return performance.now() - started;
}

describe('TabOwnership', () => {
  const open: Tab[] = [];
  const tab = (name: string, registrar: Registrar, key: string, options?: ConstructorParameters<typeof Tab>[3]): Tab => {
    const created = new Tab(name, registrar, key, options);
    open.push(created);
    return created;
  };
  afterEach(() => {
    for (const t of open.splice(0)) t.ownership.stop();
  });
  /** Tabs named `names` on one DN and one registrar, started in that order (the first one owns it). */
  const started = async <Names extends string[]>(...names: Names): Promise<{ registrar: Registrar; key: string; tabs: { [K in keyof Names]: Tab } }> => {
    const registrar = new Registrar();
    const key = uniqueKey();
    const tabs = names.map((name) => tab(name, registrar, key));
    for (const t of tabs) await t.ownership.start();
    return { registrar, key, tabs: tabs as { [K in keyof Names]: Tab } };
  };

  it('gives the DN to the first tab; the second and third stand by and never register', async () => {
    const registrar = new Registrar();
    const key = uniqueKey();
    const [a, b, c] = [tab('a', registrar, key), tab('b', registrar, key), tab('c', registrar, key)];
    expect(await a.ownership.start()).to.equal('owner');
    expect(await b.ownership.start()).to.equal('standby');
    expect(await c.ownership.start()).to.equal('standby');
    expect([a.state, b.state, c.state]).to.deep.equal(['owner', 'standby', 'standby']);
    expect([a.activations, b.activations, c.activations]).to.deep.equal([1, 0, 0]);
    expect(registrar.contact).to.equal('a');
  });

  it("tells the tabs standing by how many calls the owner has", async () => {
    const registrar = new Registrar();
    const key = uniqueKey();
    const [a, b] = [tab('a', registrar, key), tab('b', registrar, key)];
    a.calls = 1;
    await a.ownership.start();
    await b.ownership.start();
    await until('b hears of the call', () => b.ownership.ownerCalls === 1);
    a.calls = 0;
    a.ownership.callsChanged();
    await until('b hears the call ended', () => b.ownership.ownerCalls === 0);
  });

  it('"use here": the new tab registers before the old one lets go, the DN is never without a contact', async () => {
    const {
      registrar,
      tabs: [a, b],
    } = await started('a', 'b');
    await b.ownership.takeover();
    await until('a stands by', () => a.state === 'standby');
    expect(b.state).to.equal('owner');
    expect(registrar.log).to.deep.equal(['register a', 'register b', 'close a']);
    expect(registrar.contact).to.equal('b');
    expect(registrar.gaps).to.deep.equal([]);
    expect(a.states).to.deep.equal(['claiming', 'owner', 'handing-over', 'standby']);
    expect(b.states).to.deep.equal(['claiming', 'standby', 'taking-over', 'owner']);
    expect(a.held).to.deep.equal(['pause'], 'the old owner sends no REGISTER during the handover, nor after');
  });

  it('the tab that was taken over waits in line again: when the new owner closes, it takes the DN back', async () => {
    const {
      registrar,
      tabs: [a, b],
    } = await started('a', 'b');
    await b.ownership.takeover();
    await until('a stands by', () => a.state === 'standby');
    b.close();
    await until('a owns the DN again', () => registrar.contact === 'a', 1000);
    expect(a.state).to.equal('owner');
    expect(a.activations).to.equal(2);
  });

  it('never takes over a tab with a call in progress', async () => {
    const {
      registrar,
      tabs: [a, b],
    } = await started('a', 'b');
    a.calls = 1;
    const error = await b.ownership.takeover().catch((e: unknown) => e);
    expect(error).to.be.instanceOf(TabError);
    expect((error as TabError).code).to.equal('OTHER_TAB_BUSY');
    expect([a.state, b.state]).to.deep.equal(['owner', 'standby']);
    expect(b.activations).to.equal(0);
    expect(registrar.contact).to.equal('a');
  });

  it('a closed owner hands over to the first tab in line within a second', async () => {
    const {
      registrar,
      tabs: [a, b, c],
    } = await started('a', 'b', 'c');
    a.close();
    const ms = await until('b owns the DN', () => registrar.contact === 'b', 1000);
    expect([b.state, c.state]).to.deep.equal(['owner', 'standby']);
    expect(ms).to.be.below(1000);
    // And again: b goes, c takes over.
    b.close();
    await until('c owns the DN', () => registrar.contact === 'c', 1000);
  });

  it('three tabs: a takeover from the third, then that owner closes; exactly one owner at every step', async () => {
    const registrar = new Registrar();
    const key = uniqueKey();
    const tabs = [tab('a', registrar, key), tab('b', registrar, key), tab('c', registrar, key)];
    const owners = (): string[] => tabs.filter((t) => t.state === 'owner' || t.state === 'handing-over').map((t) => t.name);
    const seen: string[][] = [];
    for (const t of tabs) t.ownership.on('stateChanged', () => seen.push(owners()));
    for (const t of tabs) await t.ownership.start();
    await tabs[2]!.ownership.takeover();
    await until('a stands by', () => tabs[0]!.state === 'standby');
    expect(owners()).to.deep.equal(['c']);
    tabs[2]!.close();
    await until('b owns the DN', () => registrar.contact === 'b', 1000);
    expect(owners()).to.deep.equal(['b']);
    // During a takeover both the old and the new owner may say so for a moment; never two others.
    expect(seen.every((list) => list.length <= 2)).to.equal(true, JSON.stringify(seen));
    expect(registrar.gaps.length).to.equal(1, 'only the closed owner leaves a gap (until the next tab registers)');
  });

  it('a failed registration in the new tab leaves the DN with the old one', async () => {
    const {
      registrar,
      tabs: [a, b],
    } = await started('a', 'b');
    b.failActivation = true;
    const error = await b.ownership.takeover().catch((e: unknown) => e);
    expect((error as TabError).code).to.equal('TAKEOVER_FAILED');
    await until('a owns again', () => a.state === 'owner');
    expect(b.state).to.equal('standby');
    expect(a.held).to.deep.equal(['pause', 'resume']);
    expect(registrar.contact).to.equal('a');
  });

  it('an owner that does not answer is taken over after the reply timeout (it had no call)', async () => {
    const registrar = new Registrar();
    const key = uniqueKey();
    // a hears nothing: its channel drops every message (a tab whose script is stuck).
    const deaf = (name: string): BroadcastChannel => Object.assign(new BroadcastChannel(`${name}-unused`), { postMessage: () => undefined });
    const a = tab('a', registrar, key, { openChannel: deaf });
    const b = tab('b', registrar, key, { replyTimeoutMs: 200 });
    await a.ownership.start();
    await b.ownership.start();
    await b.ownership.takeover();
    expect(b.state).to.equal('owner');
    await until('a lost the lock and stands by', () => a.state === 'standby');
    expect(registrar.log).to.deep.equal(['register a', 'register b', 'close a']);
  });

  it('two tabs pressing "use here" at once: one wins, the other is told another takeover is under way', async () => {
    const {
      registrar,
      tabs: [a, b, c],
    } = await started('a', 'b', 'c');
    const outcomes = await Promise.allSettled([b.ownership.takeover(), c.ownership.takeover()]);
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(won.length).to.equal(1);
    expect((lost[0]!.reason as TabError).code).to.equal('OTHER_TAB_BUSY');
    await until('a stands by', () => a.state === 'standby');
    expect([b, c].filter((t) => t.state === 'owner').length).to.equal(1);
    expect(registrar.gaps).to.deep.equal([]);
  });

  it('ignores messages that are not its own on the channel', async () => {
    const {
      key,
      tabs: [a, b],
    } = await started('a', 'b');
    const rogue = new BroadcastChannel(`wwe-softphone:${key}`);
    rogue.postMessage({ type: 'takeover-done', from: 'x', requestId: 'y' });
    rogue.postMessage({ type: 'owner', from: 'x', calls: -3 });
    rogue.postMessage('Action: Command');
    rogue.postMessage({ type: 'takeover-request', from: 'bad id with spaces', requestId: '1' });
    await sleep(50);
    rogue.close();
    expect([a.state, b.state]).to.deep.equal(['owner', 'standby']);
    expect(b.ownership.ownerCalls).to.equal(0);
  });

  it('cannot take over unless standing by', async () => {
    const a = tab('a', new Registrar(), uniqueKey());
    await a.ownership.start();
    const error = await a.ownership.takeover().catch((e: unknown) => e);
    expect((error as TabError).code).to.equal('NOT_STANDING_BY');
  });
});

describe('readTabMessage', () => {
  it('reads the messages tabs send', () => {
    expect(readTabMessage({ type: 'owner', from: 'a-1', calls: 2 })).to.deep.equal({ type: 'owner', from: 'a-1', calls: 2 });
    expect(readTabMessage({ type: 'takeover-refused', from: 'a', requestId: 'r', reason: 'call-in-progress' })).to.deep.equal({
      type: 'takeover-refused',
      from: 'a',
      requestId: 'r',
      reason: 'call-in-progress',
    });
    expect(readTabMessage({ type: 'hello', from: 'a', extra: 1 })).to.deep.equal({ type: 'hello', from: 'a' });
  });

  it('drops anything else', () => {
    for (const data of [null, 'x', 1, {}, { type: 'owner', from: 'a' }, { type: 'owner', from: 'a', calls: 1.5 }, { type: 'nope', from: 'a' }, { type: 'takeover-request', from: 'a' }, { type: 'takeover-refused', from: 'a', requestId: 'r', reason: 'x' }, { type: 'hello', from: 'a\r\nb' }]) {
      expect(readTabMessage(data), JSON.stringify(data)).to.equal(undefined);
    }
  });
});
