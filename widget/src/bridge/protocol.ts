// The bridge's message vocabulary, independent of how messages travel (see transport.ts).
// Every message is `{ protocol, version, type, id, payload }`. A command's reply reuses the command's
// `id` with `type: 'reply'`, so either side can match replies to requests.
import { isCallTarget } from '@wwe-webrtc/shared';
import type { QualitySummary, QualityWarning } from '@wwe-webrtc/softphone';
import type { CallEndReason, CallSummary, SoftphoneSnapshot, WidgetErrorInfo } from '../state.js';

/** Marks our messages among everything else posted to a window (WWE's own API, extensions, other frames). */
export const BRIDGE_PROTOCOL = 'wwe-softphone';
export const BRIDGE_VERSION = 1;

/** Longest id and string field accepted: a bound on what a peer can make us hold. */
const MAX_ID_LENGTH = 64;
const MAX_STRING_LENGTH = 2048;

export interface ConfigurePayload {
  server?: string;
  dn?: string;
  password?: string;
  displayName?: string;
  gatewayUrl?: string;
  /** The gateway's read-only presence token (never its admin token). */
  gatewayToken?: string;
  /** Short-lived TURN credentials from the gateway at `gatewayUrl` (the `gateway-turn` attribute). */
  gatewayTurn?: boolean;
  autoAnswer?: boolean;
}

/** Host → widget commands: what each takes and what its reply carries. */
export interface BridgeCommands {
  /** Subscribes the sender to widget events; the reply carries the current state. */
  hello: { payload: Record<string, never>; result: { version: number; state: SoftphoneSnapshot } };
  getState: { payload: Record<string, never>; result: SoftphoneSnapshot };
  configure: { payload: ConfigurePayload; result: SoftphoneSnapshot };
  connect: { payload: Record<string, never>; result: SoftphoneSnapshot };
  disconnect: { payload: Record<string, never>; result: SoftphoneSnapshot };
  /** "Use here": moves the DN from another tab of the browser to this widget (refused during a call there). */
  takeover: { payload: Record<string, never>; result: SoftphoneSnapshot };
  answer: { payload: { callId?: string }; result: CallSummary };
  hangup: { payload: { callId?: string }; result: CallSummary };
  /** `hold: false` resumes. */
  hold: { payload: { callId?: string; hold?: boolean }; result: CallSummary };
  mute: { payload: { callId?: string; muted?: boolean }; result: CallSummary };
  dial: { payload: { target: string }; result: CallSummary };
  dtmf: { payload: { tones: string; callId?: string }; result: CallSummary };
  /** Blind transfer (REFER) of the current call, or the one named. */
  transfer: { payload: { target: string; callId?: string }; result: CallSummary };
  setAutoAnswer: { payload: { enabled: boolean }; result: { enabled: boolean } };
}

/** Widget → host events. */
export interface BridgeEvents {
  /** Posted when the widget's bridge starts, so a host that loaded first knows to say hello. */
  ready: { version: number };
  state: SoftphoneSnapshot;
  incoming: CallSummary;
  answered: CallSummary;
  ended: { call: CallSummary; reason: CallEndReason; quality?: QualitySummary };
  'quality-warning': { call: CallSummary; warning: QualityWarning };
  error: WidgetErrorInfo;
}

export type CommandType = keyof BridgeCommands;
export type EventType = keyof BridgeEvents;
export type CommandPayload<K extends CommandType> = BridgeCommands[K]['payload'];
export type CommandResult<K extends CommandType> = BridgeCommands[K]['result'];

interface EnvelopeBase<T extends string, P> {
  protocol: typeof BRIDGE_PROTOCOL;
  version: typeof BRIDGE_VERSION;
  type: T;
  id: string;
  payload: P;
}

export type CommandEnvelope<K extends CommandType = CommandType> = EnvelopeBase<K, CommandPayload<K>>;
export type EventEnvelope<K extends EventType = EventType> = EnvelopeBase<K, BridgeEvents[K]>;
export type ReplyPayload<R = unknown> = { ok: true; result: R } | { ok: false; error: WidgetErrorInfo };
export type ReplyEnvelope<R = unknown> = EnvelopeBase<'reply', ReplyPayload<R>>;
export type BridgeMessage = CommandEnvelope | EventEnvelope | ReplyEnvelope;

export type BridgeErrorCode =
  | 'MALFORMED_MESSAGE'
  | 'UNSUPPORTED_VERSION'
  | 'UNKNOWN_TYPE'
  | 'INVALID_PAYLOAD'
  | 'INVALID_ORIGIN'
  | 'TIMEOUT'
  | 'CLOSED';

/** A bridge failure with a stable `code`; command failures carry the widget's own codes instead. */
export class BridgeError extends Error {
  override readonly name = 'BridgeError';
  constructor(
    readonly code: BridgeErrorCode | (string & {}),
    message: string,
  ) {
    super(message);
  }

  toJSON(): WidgetErrorInfo {
    return { code: this.code, message: this.message };
  }
}

export function envelope<T extends string, P>(type: T, id: string, payload: P): EnvelopeBase<T, P> {
  return { protocol: BRIDGE_PROTOCOL, version: BRIDGE_VERSION, type, id, payload };
}

/** Ids are unique per sender; a random prefix keeps two hosts' ids apart in logs. */
export function createIdFactory(prefix: string): () => string {
  const salt = Math.random().toString(36).slice(2, 8);
  let next = 0;
  return () => `${prefix}-${salt}-${(next += 1)}`;
}

/** What a received value turned out to be. `foreign` is someone else's traffic: ignore it silently. */
export type Parsed<E> =
  | { kind: 'foreign' }
  | { kind: 'invalid'; id: string | null; error: BridgeError }
  | { kind: 'valid'; message: E };

type Check = (payload: Record<string, unknown>) => string | null;

const TONES = /^[0-9A-D*#,]{1,64}$/i;
const isTones = (value: string): boolean => TONES.test(value);

const checks: { [K in CommandType]: Check[] } = {
  hello: [],
  getState: [],
  configure: [
    optional('server', 'string'),
    optional('dn', 'string'),
    optional('password', 'string'),
    optional('displayName', 'string'),
    optional('gatewayUrl', 'string'),
    optional('gatewayToken', 'string'),
    optional('gatewayTurn', 'boolean'),
    optional('autoAnswer', 'boolean'),
  ],
  connect: [],
  disconnect: [],
  takeover: [],
  answer: [optional('callId', 'string')],
  hangup: [optional('callId', 'string')],
  hold: [optional('callId', 'string'), optional('hold', 'boolean')],
  mute: [optional('callId', 'string'), optional('muted', 'boolean')],
  // Dial and transfer targets follow the softphone's own rule: a number or a sip: URI that cannot break a header.
  dial: [required('target', 'string'), matches('target', isCallTarget, 'a number or SIP address')],
  dtmf: [required('tones', 'string'), matches('tones', isTones, 'DTMF tones (0-9, *, #, A-D, comma)'), optional('callId', 'string')],
  transfer: [required('target', 'string'), matches('target', isCallTarget, 'a number or SIP address'), optional('callId', 'string')],
  setAutoAnswer: [required('enabled', 'boolean')],
};

/** Validates a host → widget message. */
export function parseCommand(data: unknown): Parsed<CommandEnvelope> {
  const base = parseBase(data);
  if (base.kind !== 'valid') return base;
  const { type, id, payload } = base.message;
  if (!Object.hasOwn(checks, type)) {
    return invalid(id, 'UNKNOWN_TYPE', `Unknown command "${type}". Known: ${Object.keys(checks).join(', ')}.`);
  }
  for (const check of checks[type as CommandType]) {
    const problem = check(payload);
    if (problem) return invalid(id, 'INVALID_PAYLOAD', `Command "${type}": ${problem}.`);
  }
  return { kind: 'valid', message: base.message as unknown as CommandEnvelope };
}

const EVENT_TYPES: ReadonlySet<string> = new Set<EventType>(['ready', 'state', 'incoming', 'answered', 'ended', 'quality-warning', 'error']);

/** Validates a widget → host message (an event or a reply). */
export function parseWidgetMessage(data: unknown): Parsed<EventEnvelope | ReplyEnvelope> {
  const base = parseBase(data);
  if (base.kind !== 'valid') return base;
  const { type, id, payload } = base.message;
  if (type === 'reply') {
    const ok = payload['ok'];
    const error = payload['error'];
    const wellFormed =
      ok === true ||
      (ok === false && isRecord(error) && typeof error['code'] === 'string' && typeof error['message'] === 'string');
    if (!wellFormed) return invalid(id, 'MALFORMED_MESSAGE', 'A reply needs { ok: true, result } or { ok: false, error: { code, message } }.');
    return { kind: 'valid', message: base.message as unknown as ReplyEnvelope };
  }
  if (!EVENT_TYPES.has(type)) return invalid(id, 'UNKNOWN_TYPE', `Unknown event "${type}".`);
  return { kind: 'valid', message: base.message as unknown as EventEnvelope };
}

interface RawEnvelope {
  type: string;
  id: string;
  payload: Record<string, unknown>;
}

function parseBase(data: unknown): Parsed<RawEnvelope> {
  if (!isRecord(data) || data['protocol'] !== BRIDGE_PROTOCOL) return { kind: 'foreign' };
  const id = typeof data['id'] === 'string' && isBoundedId(data['id']) ? data['id'] : null;
  if (id === null) return invalid(null, 'MALFORMED_MESSAGE', `"id" must be a string of 1-${MAX_ID_LENGTH} characters.`);
  if (data['version'] !== BRIDGE_VERSION) {
    return invalid(id, 'UNSUPPORTED_VERSION', `Protocol version ${String(data['version'])} is not supported; this widget speaks version ${BRIDGE_VERSION}.`);
  }
  const type = data['type'];
  if (typeof type !== 'string' || type.length === 0 || type.length > MAX_ID_LENGTH) {
    return invalid(id, 'MALFORMED_MESSAGE', '"type" must be a non-empty string.');
  }
  const payload = data['payload'] ?? {};
  if (!isRecord(payload)) return invalid(id, 'MALFORMED_MESSAGE', '"payload" must be an object.');
  return { kind: 'valid', message: { type, id, payload } };
}

function invalid(id: string | null, code: BridgeErrorCode, message: string): Parsed<never> {
  return { kind: 'invalid', id, error: new BridgeError(code, message) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isBoundedId(value: string): boolean {
  return value.length > 0 && value.length <= MAX_ID_LENGTH && !hasControlCharacters(value);
}

function optional(field: string, kind: 'string' | 'boolean'): Check {
  return (payload) => (payload[field] === undefined ? null : typeProblem(field, payload[field], kind));
}

function required(field: string, kind: 'string' | 'boolean'): Check {
  return (payload) => (payload[field] === undefined ? `"${field}" is required` : typeProblem(field, payload[field], kind));
}

function matches(field: string, accepts: (value: string) => boolean, what: string): Check {
  return (payload) => {
    const value = payload[field];
    return typeof value !== 'string' || accepts(value) ? null : `"${field}" must be ${what}`;
  };
}

function typeProblem(field: string, value: unknown, kind: 'string' | 'boolean'): string | null {
  if (typeof value !== kind) return `"${field}" must be a ${kind}`;
  if (kind === 'string' && ((value as string).length > MAX_STRING_LENGTH || hasControlCharacters(value as string))) {
    return `"${field}" must be at most ${MAX_STRING_LENGTH} printable characters`;
  }
  return null;
}

/** CR/LF and friends: nothing a command needs, and what header injection is made of. */
function hasControlCharacters(value: string): boolean {
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
