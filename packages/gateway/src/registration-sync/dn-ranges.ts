import { DnError } from '../errors.js';

/** A DN: 1–15 digits. Anything else could carry CR/LF or AMI headers into an action. */
export const DN_PATTERN = /^[0-9]{1,15}$/;

export function isValidDn(dn: string): boolean {
  return DN_PATTERN.test(dn);
}

/** Throws DN_INVALID for anything that is not 1–15 digits. */
export function assertDn(dn: string): string {
  if (!isValidDn(dn)) throw new DnError('DN_INVALID', `DN ${JSON.stringify(dn.slice(0, 40))} is not 1–15 digits`);
  return dn;
}

interface Range {
  readonly first: string;
  readonly last: string;
}

/** Largest number of DNs one gateway accepts, so a typo like `1-999999999` fails at start. */
export const MAX_DNS = 100_000;

/**
 * The DNs a gateway manages, from a spec like `5001-5020,6100-6199,7000`. Ends of a range have the
 * same number of digits, so leading zeros (`0100-0199`) mean what they say.
 */
export class DnRanges implements Iterable<string> {
  readonly #ranges: readonly Range[];
  readonly size: number;
  readonly spec: string;

  private constructor(spec: string, ranges: readonly Range[], size: number) {
    this.spec = spec;
    this.#ranges = ranges;
    this.size = size;
  }

  static parse(spec: string): DnRanges {
    const fail = (why: string) => new DnError('DN_RANGE_INVALID', `DN ranges ${JSON.stringify(spec.slice(0, 80))}: ${why} (expected e.g. "5001-5020,6100-6199")`);
    const parts = spec.split(',').map((p) => p.trim()).filter((p) => p !== '');
    if (parts.length === 0) throw fail('no range given');
    const ranges: Range[] = [];
    let size = 0;
    for (const part of parts) {
      const match = /^([0-9]{1,15})(?:\s*-\s*([0-9]{1,15}))?$/.exec(part);
      if (!match) throw fail(`"${part.slice(0, 40)}" is not a DN or a DN-DN range`);
      const first = match[1]!;
      const last = match[2] ?? first;
      if (first.length !== last.length) throw fail(`"${part}": both ends need the same number of digits`);
      if (last < first) throw fail(`"${part}": the end is below the start`);
      const count = Number(BigInt(last) - BigInt(first)) + 1;
      for (const other of ranges) {
        if (other.first.length === first.length && first <= other.last && other.first <= last) throw fail(`"${part}" overlaps ${other.first}-${other.last}`);
      }
      size += count;
      if (size > MAX_DNS) throw fail(`more than ${MAX_DNS} DNs`);
      ranges.push({ first, last });
    }
    return new DnRanges(parts.join(','), ranges, size);
  }

  contains(dn: string): boolean {
    return this.#find(dn) !== undefined;
  }

  /** The range a DN falls in, as written in the spec (`5001-5020`, or `7000` for a single DN). */
  rangeOf(dn: string): string | undefined {
    const range = this.#find(dn);
    return range && (range.first === range.last ? range.first : `${range.first}-${range.last}`);
  }

  #find(dn: string): Range | undefined {
    if (!isValidDn(dn)) return undefined;
    return this.#ranges.find((r) => r.first.length === dn.length && r.first <= dn && dn <= r.last);
  }

  *[Symbol.iterator](): Iterator<string> {
    for (const { first, last } of this.#ranges) {
      const end = BigInt(last);
      for (let n = BigInt(first); n <= end; n++) yield n.toString().padStart(first.length, '0');
    }
  }
}
