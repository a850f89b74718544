/**
 * A generated family of patterns for the regex time bound: quantified parts
 * over overlapping character classes side by side, nested, in alternations,
 * anchored or not, case-insensitive or not, and the texts that make a
 * backtracking engine try the most splits of them.
 */

/** Quantified parts, most of them able to take each other's characters. */
const PARTS = [
  '.*',
  '.+',
  '.*?',
  '\\s+',
  '\\s*',
  '\\w+',
  '\\w*',
  '\\d+',
  '[a-z]+',
  '[^x]*',
  'a*',
  'a+',
  'a?',
  '(?:ab)*',
  '(?:a|b)+',
  'a{0,500}',
  '.{1,999}',
  '[\\s\\S]*',
  '(?:a|ab)*',
  '(a+)+',
  '(?:\\w+\\s?)+',
  'a{2,}',
  '\\S+',
  '(?=.*a)',
];
/** What may stand between two parts: nothing, a character they share, or one they do not. */
const GLUE = ['', 'a', 'b', ' ', '!', '@', '\\.', 'x', 'ab', '\\b'];

/** A small deterministic generator (so a failure names a pattern that can be reproduced). */
export function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

/** One pattern: 1 to 3 branches of 1 to 6 parts with glue, maybe anchored at either end, maybe grouped and repeated. */
export function generatePattern(random: () => number): { pattern: string; flags: string } {
  const branches: string[] = [];
  const count = 1 + Math.floor(random() * 3);
  for (let b = 0; b < count; b++) {
    let branch = '';
    const parts = 1 + Math.floor(random() * 6);
    for (let p = 0; p < parts; p++) branch += pick(random, GLUE) + pick(random, PARTS);
    branch += pick(random, GLUE);
    if (random() < 0.15) branch = `(?:${branch})${pick(random, ['*', '+', '{2}', '?'])}`;
    if (random() < 0.4) branch += '$';
    branches.push(branch);
  }
  const body = branches.join('|');
  const anchored = random() < 0.4;
  return { pattern: anchored ? `^(?:${body})` : body, flags: random() < 0.3 ? 'i' : '' };
}

/** Texts of `length` characters that make backtracking parts try the most splits, each ending in a mismatch. */
export function hostileTexts(length: number): string[] {
  const fill = (unit: string, tail: string) =>
    unit.repeat(Math.ceil(length / unit.length)).slice(0, length - tail.length) + tail;
  return [
    fill('a', '!'),
    fill(' ', 'x'),
    fill('ab', '\n'),
    fill('a ', '!'),
    fill('aA1', '\u0000'),
    fill('@a.', '!'),
    fill('x', ''),
    fill('A', '!'),
  ];
}
