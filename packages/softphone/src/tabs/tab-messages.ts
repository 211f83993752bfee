/**
 * What the tabs of one browser profile tell each other about a DN, over a `BroadcastChannel` named after
 * it. The channel is same-origin by construction; messages are still read defensively, because any
 * script of the origin can post on it.
 */
export type TabMessage =
  /** A tab started standing by and asks who owns the DN. */
  | { type: 'hello'; from: string }
  /** The owner, on becoming owner, on every `hello`, and whenever its number of calls changes. */
  | { type: 'owner'; from: string; calls: number }
  /** A standing-by tab asks the owner to hand the DN over ("use here"). */
  | { type: 'takeover-request'; from: string; requestId: string }
  /** The owner says no: a call is in progress there, or another takeover is. */
  | { type: 'takeover-refused'; from: string; requestId: string; reason: TakeoverRefusal }
  /** The owner stops refreshing its registration; the requester may register now. */
  | { type: 'takeover-accepted'; from: string; requestId: string }
  /** The requester registered and holds the lock: the old owner stops without un-REGISTER. */
  | { type: 'takeover-done'; from: string; requestId: string }
  /** The requester could not register: the owner carries on. */
  | { type: 'takeover-aborted'; from: string; requestId: string };

export type TakeoverRefusal = 'call-in-progress' | 'takeover-in-progress';

const TYPES = new Set(['hello', 'owner', 'takeover-request', 'takeover-refused', 'takeover-accepted', 'takeover-done', 'takeover-aborted']);
const REFUSALS = new Set<string>(['call-in-progress', 'takeover-in-progress']);
const ID = /^[A-Za-z0-9-]{1,64}$/;

/** The message in `data`, or undefined when it is not one of ours (or malformed). */
export function readTabMessage(data: unknown): TabMessage | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const message = data as Record<string, unknown>;
  if (typeof message.type !== 'string' || !TYPES.has(message.type)) return undefined;
  if (typeof message.from !== 'string' || !ID.test(message.from)) return undefined;
  switch (message.type) {
    case 'hello':
      return { type: 'hello', from: message.from };
    case 'owner': {
      const calls = message.calls;
      if (typeof calls !== 'number' || !Number.isInteger(calls) || calls < 0 || calls > 100) return undefined;
      return { type: 'owner', from: message.from, calls };
    }
    default: {
      if (typeof message.requestId !== 'string' || !ID.test(message.requestId)) return undefined;
      const base = { from: message.from, requestId: message.requestId };
      if (message.type !== 'takeover-refused') return { type: message.type, ...base } as TabMessage;
      if (typeof message.reason !== 'string' || !REFUSALS.has(message.reason)) return undefined;
      return { type: 'takeover-refused', ...base, reason: message.reason as TakeoverRefusal };
    }
  }
}
