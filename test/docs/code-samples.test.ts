/**
 * The code samples of README.md and docs/*.md are part of the product: a user who copies one must get code
 * that compiles against the package. Every ```ts / ```tsx (and ```js / ```jsx) block is type-checked as its
 * own module, against the source entries (`splitkit`, `splitkit/react`, … through the tsconfig paths), with
 * the project's strict options. The convention for fragments (a hidden prelude, a skip with its reason, a
 * `// error` line) is in samples.ts and docs/development.md ("Code samples").
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Sample,
  type SampleProblem,
  checkSamples,
  extractSamples,
  formatProblem,
  repositorySamples,
} from './samples.js';

const root = join(import.meta.dirname, '..', '..');

describe('the code samples of README.md and docs/*.md', () => {
  let samples: Sample[];
  let conventionProblems: SampleProblem[];
  let found: Map<Sample, SampleProblem[]>;
  beforeAll(() => {
    ({ samples, problems: conventionProblems } = repositorySamples(root));
    found = checkSamples(root, samples);
  });

  it('finds the blocks of every page (inside list items too)', () => {
    expect(samples.length).toBeGreaterThanOrEqual(35);
    const pages = new Set(samples.map((sample) => sample.file));
    for (const page of ['README.md', 'docs/client.md', 'docs/react.md', 'docs/typed-flags.md', 'docs/collector.md'])
      expect(pages).toContain(page);
    expect(samples.some((sample) => sample.file === 'docs/client.md' && sample.indent > 0)).toBe(true);
    expect(samples.filter((sample) => sample.lang === 'tsx').length).toBeGreaterThanOrEqual(3);
  });

  it('uses the sample comments as docs/development.md describes them', () => {
    expect(conventionProblems.map(formatProblem)).toEqual([]);
  });

  it('compile as written, each as its own module (named by page, line and column, with the message)', () => {
    expect([...found.values()].flat().map(formatProblem)).toEqual([]);
    // The skipped blocks are few, and each says why.
    const skipped = samples.filter((sample) => sample.skip !== undefined);
    expect(skipped.length).toBeLessThanOrEqual(3);
  });
});

describe('the sample checker', () => {
  /** Checks the blocks of one made-up page, as the repository's pages are checked. */
  function check(file: string, markdown: string): string[] {
    const { samples, problems } = extractSamples(file, markdown);
    const found = checkSamples(root, samples);
    return [...problems, ...[...found.values()].flat()].map(formatProblem);
  }

  it("names the page, line and column of a compiler error, with the compiler's message", () => {
    const page = [
      '# Page',
      '',
      'Text.',
      '',
      '```ts',
      "import { createClient } from 'splitkit';",
      '',
      'const n: number = createClient({});',
      '```',
      '',
    ];
    expect(check('docs/made-up.md', page.join('\n'))).toEqual([
      "docs/made-up.md:8: col 7: TS2322: Type 'SplitkitClient' is not assignable to type 'number'.",
    ]);
  });

  it('resolves every package entry to the source, and refuses a name an entry does not export', () => {
    const page = [
      '```tsx',
      "import { createClient } from 'splitkit';",
      "import { SplitkitProvider } from 'splitkit/react';",
      "import { SplitkitServerProvider } from 'splitkit/openfeature';",
      "import { createCollector } from 'splitkit/collector';",
      "import { analyzeExperiment } from 'splitkit/analysis';",
      "import { bucket } from 'splitkit/evaluation';",
      "import { createEventPipeline } from 'splitkit/pipeline';",
      "import { eventBatchSchema } from 'splitkit/protocol';",
      "import { createTestClient } from 'splitkit/testing';",
      "import { LiteClient } from 'splitkit/lite';",
      "import { checkGate } from 'splitkit';",
      'const client = createClient({ ruleset: {} });',
      'export const all = [client, SplitkitServerProvider, createCollector, analyzeExperiment, bucket,',
      '  createEventPipeline, eventBatchSchema, createTestClient, LiteClient, checkGate];',
      'export const page = <SplitkitProvider client={client}><p /></SplitkitProvider>;',
      '```',
    ];
    expect(check('docs/entries.md', page.join('\n'))).toEqual([
      "docs/entries.md:12: col 10: TS2305: Module '\"splitkit\"' has no exported member 'checkGate'.",
    ]);
  });

  it('puts a hidden prelude before its block, and names its own errors as the prelude lines', () => {
    const page = [
      'A fragment:',
      '',
      '  <!-- sample: prelude',
      "  import type { SplitkitClient } from 'splitkit';",
      '  declare const client: SplitkitClient;',
      '  declare const user: Usr;',
      '  -->',
      '  ```ts',
      "  client.checkGate('g', user);",
      "  client.checkGate('g', undefined, { exposur: false });",
      '  ```',
    ];
    expect(check('docs/fragment.md', page.join('\n'))).toEqual([
      "docs/fragment.md:6: col 23 of the hidden prelude: TS2304: Cannot find name 'Usr'.",
      expect.stringMatching(/^docs\/fragment\.md:10: col 38: TS2561: Object literal may only specify known properties/),
    ]);
  });

  it('expects an error on a `// error` line, and reports one that compiles', () => {
    const page = [
      '```ts',
      "import { createClient } from 'splitkit';",
      'const client = createClient({ ruleset: {} });',
      "client.getParam('limit', 10).toUpperCase(); // error: a number has no toUpperCase",
      "client.getParam('limit', 'x').toUpperCase(); // error: wrongly said so",
      '```',
    ];
    expect(check('docs/errors.md', page.join('\n'))).toEqual([
      'docs/errors.md:5: its comment says `// error`, but the line compiles',
    ]);
  });

  it("keeps one page's module augmentation (typed flags) out of the other pages", () => {
    const typed = [
      '```ts',
      "declare module 'splitkit' {",
      '  interface FlagRegistry { gates: { only_gate: true }; experiments: {}; params: {} }',
      '}',
      '```',
      '',
      '<!-- sample: prelude',
      "import type { SplitkitClient } from 'splitkit';",
      'declare const client: SplitkitClient;',
      '-->',
      '```ts',
      "client.checkGate('only_gate');",
      "client.checkGate('other_gate'); // error: not a gate of the registry",
      '```',
    ].join('\n');
    const untyped = [
      '<!-- sample: prelude',
      "import type { SplitkitClient } from 'splitkit';",
      'declare const client: SplitkitClient;',
      '-->',
      '```ts',
      "client.checkGate('other_gate');",
      '```',
    ].join('\n');
    const a = extractSamples('docs/typed.md', typed);
    const b = extractSamples('docs/untyped.md', untyped);
    const found = checkSamples(root, [...a.samples, ...b.samples]);
    expect([...a.problems, ...b.problems, ...[...found.values()].flat()].map(formatProblem)).toEqual([]);
  });

  it('skips a block whose comment gives a reason, and refuses a comment it cannot use', () => {
    const page = [
      '<!-- sample: skip the fields of a metric, not code -->',
      '```ts',
      '{ key, kind, event? }',
      '```',
      '',
      '<!-- sample: skip -->',
      '```ts',
      'export {};',
      '```',
      '',
      '<!-- sample: prelude',
      'declare const x: number;',
      '-->',
      'Text between the comment and its block.',
      '```ts',
      'export {};',
      '```',
      '',
      '<!-- sample: prelude',
      'declare const y: number;',
      '-->',
      '```json',
      '{}',
      '```',
    ];
    const { samples } = extractSamples('docs/skip.md', page.join('\n'));
    expect(samples.map((sample) => sample.skip)).toEqual(['the fields of a metric, not code', undefined, undefined]);
    expect(check('docs/skip.md', page.join('\n'))).toEqual([
      'docs/skip.md:6: a sample comment is `<!-- sample: skip <reason> -->` or `<!-- sample: prelude` then the hidden lines then `-->`',
      'docs/skip.md:11: sample comment not followed by a code block',
      'docs/skip.md:19: sample comment above a `json` block',
    ]);
  });
});
