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
 *
 * What it holds is bounded whatever the peer sends: one line (`maxLineLength`, measured whole, however
 * the bytes were chunked) and one message (`maxMessageLength`, `maxFields`). Past a bound the rest of the
 * message is dropped as it arrives, so a hostile or broken peer costs at most that much memory.
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
  /** Most characters in one message (its lines together) before it is discarded as malformed. Default 1 MiB. */
  maxMessageLength?: number;
  /** Most fields in one message before it is discarded as malformed. Default 4096. */
  maxFields?: number;
}

const BANNER = /^Asterisk Call Manager\/(\S+)/;

export class AmiParser {
  readonly #decoder = new StringDecoder('utf8');
  readonly #maxLineLength: number;
  readonly #maxMessageLength: number;
  readonly #maxFields: number;
  #expectBanner: boolean;
  #partial = '';
  /** Set while the line being received is too long; the rest of it is dropped. */
  #overlong = false;
  #fields: Array<[string, string]> = [];
  /** Characters of the fields kept for the message being read. */
  #messageLength = 0;
  #spoiled: { reason: string; excerpt: string } | undefined;
  #malformed = 0;

  constructor(options: AmiParserOptions = {}) {
    this.#expectBanner = options.expectBanner ?? true;
    this.#maxLineLength = options.maxLineLength ?? 64 * 1024;
    this.#maxMessageLength = options.maxMessageLength ?? 1024 * 1024;
    this.#maxFields = options.maxFields ?? 4096;
  }

  /** Messages skipped because they could not be read. */
  get malformedCount(): number {
    return this.#malformed;
  }

  /** Characters held for input not complete yet; never above `maxMessageLength + maxLineLength`. */
  get bufferedLength(): number {
    return this.#messageLength + this.#partial.length;
  }

  /** Feeds bytes from the socket; returns whatever became complete. */
  push(chunk: Buffer | string): AmiParsed[] {
    const text = typeof chunk === 'string' ? chunk : this.#decoder.write(chunk);
    const out: AmiParsed[] = [];
    let start = 0;
    for (;;) {
      const lf = text.indexOf('\n', start);
      if (lf < 0) break;
      const from = start;
      start = lf + 1;
      if (this.#overlong) {
        this.#overlong = false;
        continue;
      }
      // Measured before the line is built: a 5 MB line must not be copied just to be refused.
      if (this.#partial.length + (lf - from) > this.#maxLineLength + 1) {
        this.#overlongLine(this.#partial || text.slice(from, from + 100));
        continue;
      }
      let line = this.#partial + text.slice(from, lf);
      this.#partial = '';
      if (line.endsWith('\r')) line = line.slice(0, -1);
      this.#line(line, out);
    }
    if (!this.#overlong && start < text.length) {
      if (this.#partial.length + (text.length - start) > this.#maxLineLength + 1) {
        this.#overlongLine(this.#partial || text.slice(start, start + 100));
        this.#overlong = true;
      } else {
        this.#partial += text.slice(start);
      }
    }
    return out;
  }

  /** Forgets any partial input (after a reconnect) and expects a new banner. */
  reset(expectBanner = true): void {
    this.#partial = '';
    this.#overlong = false;
    this.#dropFields();
    this.#spoiled = undefined;
    this.#expectBanner = expectBanner;
  }

  #overlongLine(start: string): void {
    this.#partial = '';
    this.#spoil(`line longer than ${this.#maxLineLength} characters`, start);
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
    if (this.#messageLength + line.length > this.#maxMessageLength) {
      this.#spoil(`message longer than ${this.#maxMessageLength} characters`, line);
      return;
    }
    this.#messageLength += line.length;
    this.#fields.push([key, line.slice(colon + 1).trimStart()]);
  }

  /** Marks the message being read as unreadable and lets go of what it held; the rest of it is skipped. */
  #spoil(reason: string, line: string): void {
    this.#spoiled ??= { reason, excerpt: excerpt(line) };
    this.#dropFields();
  }

  #dropFields(): void {
    this.#fields = [];
    this.#messageLength = 0;
  }

  #endOfMessage(out: AmiParsed[]): void {
    if (this.#spoiled !== undefined) {
      out.push({ kind: 'malformed', ...this.#spoiled });
      this.#malformed += 1;
      this.#spoiled = undefined;
      this.#dropFields();
      return;
    }
    if (this.#fields.length === 0) return; // extra blank line between messages
    out.push({ kind: 'message', message: new AmiMessage(this.#fields) });
    this.#dropFields();
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
