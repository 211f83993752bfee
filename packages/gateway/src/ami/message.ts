/**
 * One AMI message (response, event or action) as ordered `Key: Value` pairs. Keys are matched without
 * regard to case, as Asterisk does; a key may repeat (`Variable:`), and the first occurrence wins on
 * `get`, again as Asterisk does.
 */
export class AmiMessage {
  readonly fields: ReadonlyArray<readonly [key: string, value: string]>;

  constructor(fields: ReadonlyArray<readonly [string, string]>) {
    this.fields = fields;
  }

  get(key: string): string | undefined {
    const wanted = key.toLowerCase();
    for (const [k, v] of this.fields) if (k.toLowerCase() === wanted) return v;
    return undefined;
  }

  getAll(key: string): string[] {
    const wanted = key.toLowerCase();
    return this.fields.filter(([k]) => k.toLowerCase() === wanted).map(([, v]) => v);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** `Event:` name, for events. */
  get event(): string | undefined {
    return this.get('Event');
  }

  /** `Response:` value (`Success`, `Error`, `Goodbye`), for responses. */
  get response(): string | undefined {
    return this.get('Response');
  }

  get actionId(): string | undefined {
    return this.get('ActionID');
  }

  /** First value of every key, for logs and JSON. */
  toObject(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of this.fields) if (!(k in out)) out[k] = v;
    return out;
  }
}
