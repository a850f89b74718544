/**
 * Version comparisons `$veq $vne $vgt $vgte $vlt $vlte`, GrowthBook-compatible.
 *
 * Both sides are put in a padded form and compared as strings: drop a leading
 * `v` and a `+build` suffix, split on `-` and `.`, add a `~` part when there
 * are exactly three parts (so a release sorts after its pre-releases), pad
 * numeric parts to five characters with leading spaces, and join with `-`.
 * The operand is padded once at compile time; the attribute is compared with
 * it character by character without building its padded form (no allocation).
 */
import { alwaysFalse } from './combine.js';
import type { OperatorCompiler, ValueTest } from './types.js';

const WIDTH = 5;
const SPACE = 0x20;
const DASH = 0x2d;
const DOT = 0x2e;
const TILDE = 0x7e;
const LOWER_V = 0x76;

function isSeparator(code: number): boolean {
  return code === DASH || code === DOT;
}

function isDigits(text: string, from: number, to: number): boolean {
  if (from === to) return false;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return false;
  }
  return true;
}

function isLineTerminator(code: number): boolean {
  return code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029;
}

/** The text a value is compared as: numbers in decimal, anything else but a non-empty string as "0". */
function versionText(value: unknown): string {
  if (typeof value === 'string') return value === '' ? '0' : value;
  return typeof value === 'number' ? String(value) : '0';
}

function coreStart(text: string): number {
  return text.charCodeAt(0) === LOWER_V ? 1 : 0;
}

/**
 * Where the build suffix starts. The suffix runs from a `+` to the end of the
 * text on one line (GrowthBook strips it with `/\+.*$/`, and `.` stops at line
 * breaks), so a `+` with a line break after it does not count.
 */
function coreEnd(text: string, start: number): number {
  const plus = text.indexOf('+', start);
  if (plus === -1) return text.length;
  for (let i = text.length - 1; i > plus; i--) {
    if (isLineTerminator(text.charCodeAt(i))) {
      const later = text.indexOf('+', i + 1);
      return later === -1 ? text.length : later;
    }
  }
  return plus;
}

/** The padded form of a version, e.g. `"v1.2.3+b7"` -> `"    1-    2-    3-~"`. */
export function paddedVersion(version: unknown): string {
  const text = versionText(version);
  const start = coreStart(text);
  const end = coreEnd(text, start);
  const parts: string[] = [];
  let from = start;
  for (let i = start; i <= end; i++) {
    if (i < end && !isSeparator(text.charCodeAt(i))) continue;
    const part = text.slice(from, i);
    parts.push(isDigits(text, from, i) ? part.padStart(WIDTH, ' ') : part);
    from = i + 1;
  }
  if (parts.length === 3) parts.push('~');
  return parts.join('-');
}

// One step of a string comparison: the next character of the attribute's padded form against `padded`.
function step(code: number, padded: string, index: number): number {
  // Past the end charCodeAt gives NaN, which is neither equal nor less: the longer side is greater.
  const other = padded.charCodeAt(index);
  return code === other ? 0 : code < other ? -1 : 1;
}

/**
 * Compares a version with an already padded one: negative, 0 or positive, as
 * `paddedVersion(version)` compares with `padded` by UTF-16 code units.
 */
export function compareVersion(version: unknown, padded: string): number {
  const text = versionText(version);
  const end = coreEnd(text, coreStart(text));
  let from = coreStart(text);
  let index = 0;
  let parts = 0;
  let order = 0;
  for (;;) {
    // Find where this part ends and whether it is all digits in one pass.
    let to = from;
    let digits = true;
    for (; to < end; to++) {
      const code = text.charCodeAt(to);
      if (isSeparator(code)) break;
      if (code < 0x30 || code > 0x39) digits = false;
    }
    if (parts > 0 && (order = step(DASH, padded, index++))) return order;
    parts++;
    if (digits && to > from) {
      for (let n = to - from; n < WIDTH; n++) if ((order = step(SPACE, padded, index++))) return order;
    }
    for (let i = from; i < to; i++) if ((order = step(text.charCodeAt(i), padded, index++))) return order;
    if (to >= end) break;
    from = to + 1;
  }
  if (parts === 3) {
    if ((order = step(DASH, padded, index++))) return order;
    if ((order = step(TILDE, padded, index++))) return order;
  }
  return index < padded.length ? -1 : 0;
}

/** Compiles a version operator; the operand must be a string or a number. */
function versionOperator(accept: (order: number) => boolean): OperatorCompiler {
  return (operand): ValueTest => {
    if (typeof operand !== 'string' && typeof operand !== 'number') return alwaysFalse;
    const padded = paddedVersion(operand);
    return (value) => accept(compareVersion(value, padded));
  };
}

/** `$veq $vne $vgt $vgte $vlt $vlte`. */
export const versionOperators = {
  $veq: versionOperator((order) => order === 0),
  $vne: versionOperator((order) => order !== 0),
  $vgt: versionOperator((order) => order > 0),
  $vgte: versionOperator((order) => order >= 0),
  $vlt: versionOperator((order) => order < 0),
  $vlte: versionOperator((order) => order <= 0),
} satisfies Record<string, OperatorCompiler>;
