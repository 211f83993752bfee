import { SignalError } from '../errors.js';
import type { AutoAnswerSignal } from './types.js';

/** Longest header value considered; anything longer is refused as hostile. */
export const MAX_SIGNAL_HEADER_LENGTH = 1024;
/** Longest `answer-after` accepted, seconds (a day). Longer values are treated as garbage. */
const MAX_ANSWER_AFTER_SECONDS = 86_400;

export interface ParsedSignals {
  signals: AutoAnswerSignal[];
  /** Headers that were present but unusable: the call is not auto-answered on their account. */
  problems: SignalError[];
}

/** Reads every value of a header (JsSIP's `request.getHeaders`). */
export type HeaderReader = (name: string) => readonly string[];

/**
 * Finds auto-answer requests in an INVITE's headers. Pure: no I/O, never throws.
 * Honours `Call-Info …;answer-after=N`, `Alert-Info` auto-answer forms, and (Priv-)Answer-Mode.
 */
export function parseAutoAnswerSignals(readHeaders: HeaderReader): ParsedSignals {
  const signals: AutoAnswerSignal[] = [];
  const problems: SignalError[] = [];
  const each = (name: string, parse: (value: string) => AutoAnswerSignal | SignalError | undefined): void => {
    for (const value of readHeaders(name)) {
      const problem = checkValue(name, value);
      if (problem) {
        problems.push(problem);
        continue;
      }
      const result = parse(value);
      if (result instanceof SignalError) problems.push(result);
      else if (result) signals.push(result);
    }
  };
  each('Call-Info', parseCallInfo);
  each('Alert-Info', parseAlertInfo);
  each('Answer-Mode', (value) => parseAnswerMode(value, false));
  each('Priv-Answer-Mode', (value) => parseAnswerMode(value, true));
  return { signals, problems };
}

function checkValue(name: string, value: string): SignalError | undefined {
  if (value.length > MAX_SIGNAL_HEADER_LENGTH) {
    return new SignalError(name, `${name} is ${value.length} characters long (limit ${MAX_SIGNAL_HEADER_LENGTH}); ignored.`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(value)) {
    return new SignalError(name, `${name} contains control characters; ignored.`);
  }
  return undefined;
}

/** Splits a header value into its comma-separated entries, respecting <…> and "…". */
export function splitHeaderEntries(value: string): string[] {
  const entries: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (const char of value) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === '<') depth += 1;
    else if (!quoted && char === '>') depth = Math.max(0, depth - 1);
    if (char === ',' && depth === 0 && !quoted) {
      entries.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  entries.push(current);
  return entries.map((entry) => entry.trim()).filter((entry) => entry.length > 0);
}

/** Parameters after the `<uri>` (or the whole entry when there is none), lower-cased names. */
export function headerParams(entry: string): Map<string, string> {
  const close = entry.lastIndexOf('>');
  const tail = close >= 0 ? entry.slice(close + 1) : entry;
  const params = new Map<string, string>();
  for (const part of tail.split(';')) {
    const [rawName, ...rest] = part.split('=');
    const name = rawName?.trim().toLowerCase();
    if (!name) continue;
    params.set(name, rest.join('=').trim().replace(/^"(.*)"$/, '$1'));
  }
  return params;
}

/** Whole seconds as a non-negative decimal integer, or undefined. */
function parseSeconds(value: string): number | undefined {
  if (!/^\d{1,6}$/.test(value)) return undefined;
  const seconds = Number(value);
  return seconds <= MAX_ANSWER_AFTER_SECONDS ? seconds : undefined;
}

function parseCallInfo(value: string): AutoAnswerSignal | SignalError | undefined {
  for (const entry of splitHeaderEntries(value)) {
    const params = headerParams(entry);
    if (params.has('answer-after')) {
      const seconds = parseSeconds(params.get('answer-after') ?? '');
      if (seconds === undefined) {
        return new SignalError('Call-Info', `Call-Info answer-after is not a number of seconds: "${truncate(params.get('answer-after') ?? '')}"; ignored.`);
      }
      return { kind: 'call-info', delayMs: seconds * 1000, header: value };
    }
    if (isAutoAnswerInfo(params.get('info'))) return { kind: 'call-info', delayMs: 0, header: value };
  }
  return undefined;
}

const AUTO_ANSWER_PHRASE = /(^|[^a-z])(alert-autoanswer|auto-?answer|auto\s+answer|ring\s*answer|intercom)([^a-z]|$)/i;

function isAutoAnswerInfo(info: string | undefined): boolean {
  return info !== undefined && AUTO_ANSWER_PHRASE.test(info);
}

function parseAlertInfo(value: string): AutoAnswerSignal | SignalError | undefined {
  for (const entry of splitHeaderEntries(value)) {
    const params = headerParams(entry);
    // `<uri>;info=alert-autoanswer` (Genesys, Polycom) or a bare phrase (`Ring Answer`, `Auto Answer`).
    const bare = entry.includes('<') ? '' : entry.split(';')[0] ?? '';
    if (!isAutoAnswerInfo(params.get('info')) && !AUTO_ANSWER_PHRASE.test(bare)) continue;
    const delay = params.get('delay') ?? params.get('answer-after');
    if (delay === undefined) return { kind: 'alert-info', delayMs: 0, header: value };
    const seconds = parseSeconds(delay);
    if (seconds === undefined) {
      return new SignalError('Alert-Info', `Alert-Info delay is not a number of seconds: "${truncate(delay)}"; ignored.`);
    }
    return { kind: 'alert-info', delayMs: seconds * 1000, header: value };
  }
  return undefined;
}

function parseAnswerMode(value: string, privileged: boolean): AutoAnswerSignal | SignalError | undefined {
  const name = privileged ? 'Priv-Answer-Mode' : 'Answer-Mode';
  const mode = value.split(';')[0]?.trim().toLowerCase();
  if (mode === 'auto' || mode === 'manual') return { kind: 'answer-mode', mode, privileged, header: value };
  return new SignalError(name, `${name} must be Auto or Manual, got "${truncate(value)}"; ignored.`);
}

function truncate(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}
