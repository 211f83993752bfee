/**
 * What an agent may dial or transfer to: a number or extension (digits, letters and `.+*#_-`, up to 64),
 * or a `sip:`/`sips:` URI without blanks, quotes or angle brackets (up to 200 after the scheme). Anything
 * else could break the Request-URI or a Refer-To header.
 */
const CALL_TARGET = /^(sips?:[^\s<>"]{1,200}|[A-Za-z0-9.+*#_-]{1,64})$/;

export function isCallTarget(value: unknown): value is string {
  return typeof value === 'string' && CALL_TARGET.test(value);
}
