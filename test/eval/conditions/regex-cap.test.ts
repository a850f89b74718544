import { describe, expect, it } from 'vitest';
import { compileCondition } from '../../../src/eval/conditions/index.js';
import { regexSubjectCap } from '../../../src/ruleset/regex-cap.js';
import { createClient } from '../../../src/index.js';
import { createClient as createBrowserClient } from '../../../src/browser.js';
import { createClient as createLiteClient } from '../../../src/lite.js';
import { generatePattern, hostileTexts, lcg } from '../../ruleset/regex-family.js';

/** A read's bound: a hang takes seconds to years; the worst capped read takes a few milliseconds. */
const READ_BOUND_MS = 50;

/** The patterns and a family of the shapes that backtrack most, none of them validated. */
function hostilePatterns(): string[] {
  const patterns = [
    '.*a.*a.*a.*a.*a.*a.*a.*a!',
    '^.*a.*a.*a.*a.*a.*a.*a.*a!',
    '\\s+$',
    '(a+)+$',
    '(\\w+\\s?)+$',
    '(a|a)*$',
    '(a|aa)+$',
    '^(a|a)*$',
    '(.*a){12}',
    '(?:a?){30}a{30}',
    `${'(?:|)'.repeat(40)}x`,
    '(.*)\\1\\1!',
    'a{0,500}a{0,500}a{0,500}!',
    '(?=.*a)(?=.*a)(?=.*a).*a.*!',
  ];
  // Chains of `.*x`, `\s*`, `\w+` and `a*` of degree 2 to 10, anchored or not.
  for (let degree = 2; degree <= 10; degree++) {
    patterns.push(`${'.*a'.repeat(degree)}!`, `^${'\\s*'.repeat(degree)}x$`, `${'\\w+'.repeat(degree)}!`);
  }
  const random = lcg(23);
  for (let i = 0; i < 30; i++) patterns.push(generatePattern(random).pattern);
  return patterns;
}

type Reads = (text: string) => boolean;

/** A gate on `v` matching `pattern`, read through each path that compiles conditions. */
const paths: Record<string, (pattern: string) => Reads> = {
  lite: (pattern) => {
    const client = createLiteClient({ ruleset: gate(pattern) });
    return (text) => client.checkGate('g', { v: text });
  },
  browser: (pattern) => {
    const client = createBrowserClient({ ruleset: gate(pattern), environment: 'server' });
    return (text) => client.checkGate('g', { v: text });
  },
  'Node, trusted': (pattern) => {
    const client = createClient({ ruleset: gate(pattern), environment: 'server', validate: false });
    return (text) => client.checkGate('g', { v: text });
  },
  // A refused ruleset is reported and serves defaults; an accepted one keeps its patterns' caps.
  'Node, validated': (pattern) => {
    const client = createClient({ ruleset: gate(pattern), environment: 'server', onError: () => {} });
    return (text) => client.checkGate('g', { v: text });
  },
};

function gate(pattern: string) {
  return { gates: { g: { rules: [{ id: 'r', when: { v: { $regex: pattern } } }] } } };
}

describe('regexSubjectCap', () => {
  it('keeps the 500-character cap for patterns without competing quantifiers', () => {
    for (const pattern of [
      'acme',
      '@acme\\.com$',
      '^94',
      '\\s+$',
      'Mozilla/5\\.0.*(iPhone|iPad)',
      'https://(www\\.)?example\\.com/',
      '(?:ab)*c',
      '[(*+]+',
      `^(${Array.from({ length: 40 }, (_, i) => `C${i}`).join('|')})$`,
    ])
      expect(regexSubjectCap(pattern), pattern).toBe(500);
  });

  it('lowers the cap as the number of unbounded quantifiers grows', () => {
    const caps = [1, 2, 3, 5, 8].map((degree) => regexSubjectCap('.*a'.repeat(degree)));
    expect(caps[0]).toBe(500);
    expect(caps[1]).toBeLessThan(100);
    for (let i = 1; i < caps.length; i++) expect(caps[i]).toBeLessThan(caps[i - 1]!);
    expect(regexSubjectCap('.*a.*a.*a.*a.*a.*a.*a.*a!')).toBeLessThan(5);
  });

  it('refuses a repeated group that can match in several ways', () => {
    for (const pattern of ['(a+)+$', '(\\w+\\s?)+$', '(a|a)*', '(a|aa)+$', '(?:a*){2}', '((ab))*', '(?:x|y){3,}'])
      expect(regexSubjectCap(pattern), pattern).toBe(-1);
    // Empty branches multiply the attempts even on empty text.
    expect(regexSubjectCap(`${'(?:|)'.repeat(40)}x`)).toBeLessThan(0);
  });

  it('reads escapes and classes as one character', () => {
    expect(regexSubjectCap('\\(a+\\)+')).toBe(regexSubjectCap('xa+x+'));
    expect(regexSubjectCap('[(a+)]+')).toBe(regexSubjectCap('x+'));
    expect(regexSubjectCap('x+')).toBe(500);
  });

  it('makes text over the cap not match, and a refused pattern never match (true under $not)', () => {
    const chain = compileCondition({ v: { $regex: '.*a.*a.*a' } });
    expect(chain({ v: 'xaaa' })).toBe(true);
    expect(chain({ v: `${'x'.repeat(200)}aaa` })).toBe(false);
    expect(compileCondition({ v: { $regex: '(a|b)+' } })({ v: 'ab' })).toBe(false);
    expect(compileCondition({ v: { $not: { $regex: '(a|b)+' } } })({ v: 'ab' })).toBe(true);
  });
});

describe.each(Object.keys(paths))('every read ends in bounded time (%s)', (path) => {
  it('on the issue patterns and a generated family, at 500 and 60,000 characters', () => {
    const make = paths[path]!;
    const texts = [...hostileTexts(500), ...hostileTexts(60_000), `${' '.repeat(60_000)}x`];
    let slowest = { ms: 0, what: '' };
    let reads = 0;
    for (const pattern of hostilePatterns()) {
      for (const text of texts) {
        // A slow read is retried on a fresh client, twice (the machine may have been busy; a first run is
        // interpreted): only a read that is slow three times fails the bound.
        let ms = Infinity;
        for (let attempt = 0; attempt < 3 && ms >= READ_BOUND_MS; attempt++) {
          const read = make(pattern);
          const started = performance.now();
          read(text);
          ms = Math.min(ms, performance.now() - started);
        }
        reads++;
        if (ms > slowest.ms)
          slowest = { ms, what: `/${pattern}/ on ${JSON.stringify(text.slice(0, 6))}… (${text.length})` };
      }
    }
    console.info(`[regex] ${path}: ${reads} reads, slowest ${slowest.ms.toFixed(2)} ms (${slowest.what})`);
    expect(reads).toBeGreaterThan(40 * 17);
    expect(slowest.ms, slowest.what).toBeLessThan(READ_BOUND_MS);
  });
});
