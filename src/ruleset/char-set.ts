/**
 * Sets of UTF-16 code units as sorted, disjoint, inclusive ranges. The regex
 * safety check uses them to ask whether two branches of an alternation can
 * start with the same character, and which characters two quantifiers can
 * both consume.
 */

/** Sorted, disjoint, inclusive `[low, high]` ranges of code units. */
export type CharSet = readonly (readonly [number, number])[];

/** Largest UTF-16 code unit; patterns without the `u` flag match code units. */
const MAX = 0xffff;

/** No character. */
export const EMPTY: CharSet = [];

/** Every code unit. */
export const ANY: CharSet = [[0, MAX]];

/** `\d` */
export const DIGIT: CharSet = [[0x30, 0x39]];

/** `\w` */
export const WORD: CharSet = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
];

/** `\s`: ECMAScript WhiteSpace and LineTerminator. */
export const SPACE: CharSet = normalize([
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
]);

/** `.` without the `s` flag: everything but line terminators. */
export const DOT: CharSet = complement([
  [0x0a, 0x0a],
  [0x0d, 0x0d],
  [0x2028, 0x2029],
]);

/** The set holding one code unit. */
export function single(code: number): CharSet {
  return [[code, code]];
}

/** Sorts and merges ranges into canonical form. */
export function normalize(ranges: readonly (readonly [number, number])[]): CharSet {
  const sorted = ranges.filter(([low, high]) => low <= high).sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [low, high] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && low <= last[1] + 1) last[1] = Math.max(last[1], high);
    else out.push([low, high]);
  }
  return out;
}

/** Characters in either set. */
export function union(a: CharSet, b: CharSet): CharSet {
  return normalize([...a, ...b]);
}

/** Every code unit not in the set. */
export function complement(set: CharSet): CharSet {
  const out: [number, number][] = [];
  let next = 0;
  for (const [low, high] of normalize(set)) {
    if (low > next) out.push([next, low - 1]);
    next = high + 1;
  }
  if (next <= MAX) out.push([next, MAX]);
  return out;
}

/** True when the sets share at least one code unit. */
export function intersects(a: CharSet, b: CharSet): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [aLow, aHigh] = a[i] as readonly [number, number];
    const [bLow, bHigh] = b[j] as readonly [number, number];
    if (aLow <= bHigh && bLow <= aHigh) return true;
    if (aHigh < bHigh) i++;
    else j++;
  }
  return false;
}

/** Characters in both sets. */
export function intersection(a: CharSet, b: CharSet): CharSet {
  return complement(union(complement(a), complement(b)));
}

/**
 * The set as matched case-insensitively. ASCII letters get their other case;
 * any non-ASCII character is widened to all of non-ASCII, because its case
 * partners are not worth tabulating here and over-approximating only makes
 * the safety check stricter.
 */
export function caseFold(set: CharSet): CharSet {
  const extra: [number, number][] = [];
  for (const [low, high] of set) {
    const upperLow = Math.max(low, 0x41);
    const upperHigh = Math.min(high, 0x5a);
    if (upperLow <= upperHigh) extra.push([upperLow + 32, upperHigh + 32]);
    const lowerLow = Math.max(low, 0x61);
    const lowerHigh = Math.min(high, 0x7a);
    if (lowerLow <= lowerHigh) extra.push([lowerLow - 32, lowerHigh - 32]);
    if (high >= 0x80) extra.push([0x80, MAX]);
  }
  return normalize([...set, ...extra]);
}
