import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TypedEmitter, type ListenerErrorSink } from '../src/typed-emitter.js';

interface Events {
  change: { value: number };
  closed: undefined;
}

class Counter extends TypedEmitter<Events> {
  constructor(sink?: ListenerErrorSink) {
    super();
    if (sink) this.setListenerErrorSink(sink);
  }
  set(value: number): void {
    this.emit('change', { value });
  }
  close(): void {
    this.emit('closed', undefined);
    this.removeAllListeners();
  }
}

test('listeners run in subscription order; on() returns an unsubscribe function', () => {
  const counter = new Counter();
  const seen: string[] = [];
  counter.on('change', ({ value }) => seen.push(`a${value}`));
  const off = counter.on('change', ({ value }) => seen.push(`b${value}`));
  counter.set(1);
  off();
  counter.set(2);
  assert.deepEqual(seen, ['a1', 'b1', 'a2']);
  assert.equal(counter.listenerCount('change'), 1);
});

test('once() fires once, and can be cancelled before it fires', () => {
  const counter = new Counter();
  let once = 0;
  let cancelled = 0;
  counter.once('change', () => (once += 1));
  counter.once('change', () => (cancelled += 1))();
  counter.set(1);
  counter.set(2);
  assert.equal(once, 1);
  assert.equal(cancelled, 0);
  assert.equal(counter.listenerCount('change'), 0);
});

test('a throwing listener reaches neither the emitting code nor the other listeners; its error goes to the sink', () => {
  const reported: Array<[string, unknown]> = [];
  const counter = new Counter((event, error) => reported.push([event, error]));
  const bug = new Error('app bug');
  const after: number[] = [];
  counter.on('change', () => {
    throw bug;
  });
  counter.on('change', ({ value }) => after.push(value));
  assert.doesNotThrow(() => counter.set(7));
  assert.deepEqual(after, [7]);
  assert.deepEqual(reported, [['change', bug]]);
});

test('a sink that throws does not undo the isolation', () => {
  const counter = new Counter(() => {
    throw new Error('broken logger');
  });
  const after: number[] = [];
  counter.on('change', () => {
    throw new Error('app bug');
  });
  counter.on('change', ({ value }) => after.push(value));
  assert.doesNotThrow(() => counter.set(3));
  assert.deepEqual(after, [3]);
});

test('without a sink, a listener error is reported on stderr (Node has no reportError)', (t) => {
  const written: unknown[][] = [];
  t.mock.method(console, 'error', (...args: unknown[]) => written.push(args));
  const counter = new Counter();
  const bug = new Error('app bug');
  counter.on('change', () => {
    throw bug;
  });
  counter.set(1);
  assert.deepEqual(written, [['a "change" listener threw', bug]]);
});

test('without a sink, reportError is used where the platform has it (browsers)', (t) => {
  const reported: unknown[] = [];
  const global = globalThis as { reportError?: (error: unknown) => void };
  global.reportError = (error) => reported.push(error);
  t.after(() => delete global.reportError);
  const counter = new Counter();
  const bug = new Error('app bug');
  counter.on('change', () => {
    throw bug;
  });
  counter.set(1);
  assert.deepEqual(reported, [bug]);
});

test('a listener may unsubscribe others while the event is delivered; they still get this one', () => {
  const counter = new Counter();
  const seen: string[] = [];
  const offB = counter.on('change', () => seen.push('b'));
  counter.on('change', () => {
    seen.push('c');
    offB();
  });
  counter.set(1);
  counter.set(2);
  assert.deepEqual(seen, ['b', 'c', 'c']);
});

test('removeAllListeners() drops every subscription', () => {
  const counter = new Counter();
  let closed = 0;
  counter.on('closed', () => (closed += 1));
  counter.on('change', () => assert.fail('no change after close'));
  counter.close();
  counter.set(1);
  assert.equal(closed, 1);
  assert.equal(counter.listenerCount('closed'), 0);
});
