/**
 * A copy of a string that does not point into the socket chunk it was cut from: V8 keeps a whole
 * 64 KiB chunk alive for every long-lived substring of it, which adds up over 10,000 DNs.
 */
export function detach(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}
