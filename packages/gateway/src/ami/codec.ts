import { StringDecoder } from 'node:string_decoder';
import { AmiInvalidFieldError } from '../errors.js';
import { AmiMessage } from './message.js';

/**
 * The AMI wire format, both ways, with no I/O.
 *
 * Asterisk ends a line with CRLF but splits its own input on CR-LF *or* bare LF, and some error
 * messages end in `\n` (transcript 02: `Message: No Contacts found\n\r\n\r\n`), so the parser treats LF as
 * the line end, drops one trailing CR, and skips blank lines between messages. It never throws: a line
 * it cannot read spoils only its own message, which is skipped and counted.
 */

export type AmiParsed =
  | { readonly kind: 'banner'; readonly version: string; readonly line: string }
  | { readonly kind: 'message'; readonly message: AmiMessage }
  | { readonly kind: 'malformed'; readonly reason: string; readonly excerpt: string };

export interface AmiParserOptions {
  /** Expect the one-line `Asterisk Call Manager/<version>` greeting first (client side). Default true. */
  expectBanner?: boolean;
  /** Longest line accepted before it is discarded as malformed. Default 64 KiB. */
  maxLineLength?: number;
  /** Most fields in one message before it is discarded as malformed. Default 4096. */
  maxFields?: number;
}

const BANNER = /^Asterisk Call Manager\/(\S+)/;

export class AmiParser {
  readonly #decoder = new StringDecoder('utf8');
  readonly #maxLineLength: number;
  readonly #maxFields: number;
  #expectBanner: boolean;
  #partial = '';
  /** Set while the line being received is too long; the rest of it is dropped. */
  #overlong = false;
  #fields: Array<[string, string]> = [];
  #spoiled: { reason: string; excerpt: string } | undefined;
  #malformed = 0;

  constructor(options: AmiParserOptions = {}) {
    this.#expectBanner = options.expectBanner ?? true;
    this.#maxLineLength = options.maxLineLength ?? 64 * 1024;
    this.#maxFields = options.maxFields ?? 4096;
  }

  /** Messages skipped because they could not be read. */
  get malformedCount(): number {
    return this.#malformed;
  }

  /** Feeds bytes from the socket; returns whatever became complete. */
  push(chunk: Buffer | string): AmiParsed[] {
    const text = typeof chunk === 'string' ? chunk : this.#decoder.write(chunk);
    const out: AmiParsed[] = [];
    let start = 0;
    for (;;) {
      const lf = text.indexOf('\n', start);
      if (lf < 0) break;
      const piece = text.slice(start, lf);
      start = lf + 1;
      if (this.#overlong) {
        this.#overlong = false;
        this.#partial = '';
        continue;
      }
      let line = this.#partial + piece;
      this.#partial = '';
      if (line.endsWith('\r')) line = line.slice(0, -1);
      this.#line(line, out);
    }
    const rest = text.slice(start);
    if (!this.#overlong) {
      this.#partial += rest;
      if (this.#partial.length > this.#maxLineLength) {
        this.#spoil(`line longer than ${this.#maxLineLength} characters`, this.#partial);
        this.#partial = '';
        this.#overlong = true;
      }
    }
    return out;
  }

  /** Forgets any partial input (after a reconnect) and expects a new banner. */
  reset(expectBanner = true): void {
    this.#partial = '';
    this.#overlong = false;
    this.#fields = [];
    this.#spoiled = undefined;
    this.#expectBanner = expectBanner;
  }

  #line(line: string, out: AmiParsed[]): void {
    if (this.#expectBanner) {
      if (line === '') return;
      this.#expectBanner = false;
      const match = BANNER.exec(line);
      if (match) {
        out.push({ kind: 'banner', version: match[1] ?? '', line });
        return;
      }
      out.push({ kind: 'malformed', reason: 'expected the "Asterisk Call Manager/<version>" banner', excerpt: excerpt(line) });
      this.#malformed += 1;
      return;
    }
    if (line === '') {
      this.#endOfMessage(out);
      return;
    }
    if (this.#spoiled !== undefined) return;
    const colon = line.indexOf(':');
    if (colon <= 0) {
      this.#spoil('line without "Key: Value"', line);
      return;
    }
    const key = line.slice(0, colon).trim();
    if (key === '' || /\s/.test(key)) {
      this.#spoil('invalid key', line);
      return;
    }
    if (this.#fields.length >= this.#maxFields) {
      this.#spoil(`more than ${this.#maxFields} fields`, line);
      return;
    }
    this.#fields.push([key, line.slice(colon + 1).trimStart()]);
  }

  #spoil(reason: string, line: string): void {
    this.#spoiled ??= { reason, excerpt: excerpt(line) };
  }

  #endOfMessage(out: AmiParsed[]): void {
    if (this.#spoiled !== undefined) {
      out.push({ kind: 'malformed', ...this.#spoiled });
      this.#malformed += 1;
      this.#spoiled = undefined;
      this.#fields = [];
      return;
    }
    if (this.#fields.length === 0) return; // extra blank line between messages
    out.push({ kind: 'message', message: new AmiMessage(this.#fields) });
    this.#fields = [];
  }
}

function excerpt(line: string): string {
  return line.length > 80 ? `${line.slice(0, 80)}…` : line;
}

/** A value accepted by the serializer; arrays repeat the key (e.g. several `Variable:` lines). */
export type AmiFieldValue = string | number | boolean | readonly (string | number)[];
export type AmiFields = Readonly<Record<string, AmiFieldValue | undefined>>;

const KEY = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const FORBIDDEN_IN_VALUE = /[\r\n\u0000]/;

/**
 * Serializes one action. Refuses, with `AmiInvalidFieldError`, any key that is not a plain token and any
 * value containing CR, LF or NUL: Asterisk splits on both CR and LF and escapes nothing, so a DN like
 * `5001\r\n\r\nAction: Command` would otherwise become a second action run with the gateway's rights.
 */
export function serializeAction(action: string, fields: AmiFields = {}, actionId?: string): string {
  const lines: string[] = [];
  const add = (key: string, value: string | number | boolean) => {
    if (!KEY.test(key)) throw new AmiInvalidFieldError(key, 'keys must be letters, digits, "_" or "-"');
    const text = String(value);
    if (FORBIDDEN_IN_VALUE.test(text)) throw new AmiInvalidFieldError(key, 'values must not contain CR, LF or NUL');
    lines.push(`${key}: ${text}`);
  };
  add('Action', action);
  if (actionId !== undefined) add('ActionID', actionId);
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const lower = key.toLowerCase();
    if (lower === 'action' || lower === 'actionid') {
      throw new AmiInvalidFieldError(key, 'set by the client; pass it as the action name or leave ActionID to the client');
    }
    if (Array.isArray(value)) for (const item of value as readonly (string | number)[]) add(key, item);
    else add(key, value as string | number | boolean);
  }
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** Serializes a message as Asterisk writes it (used by the simulator and tests). */
export function serializeMessage(fields: ReadonlyArray<readonly [string, string | number]>): string {
  return `${fields.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`;
}
