/**
 * `splitkit types -` reads the ruleset from standard input, as `splitkit validate -` does (a CI step:
 * `git show HEAD:ruleset.json | splitkit types - --out flags.d.ts`). It answered "unknown option '-'".
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { runTypes } from '../../src/cli/types.js';
import { captureIo } from './support.js';

const RULESET = await readFile(new URL('../../examples/quickstart/ruleset.json', import.meta.url));

describe('splitkit types -', () => {
  it('types the ruleset on standard input, named <stdin>', async () => {
    const io = Object.assign(captureIo(), { readStdin: async () => RULESET });
    const fromStdin = await runTypes(['-'], io);
    const fromFile = captureIo();
    expect(
      await runTypes([new URL('../../examples/quickstart/ruleset.json', import.meta.url).pathname], fromFile),
    ).toBe(0);
    expect(fromStdin).toBe(0);
    expect(io.errors).toBe('');
    expect(io.output).toBe(fromFile.output.replace('from ruleset.json.', 'from <stdin>.'));
    expect(io.output).toContain('button_color: { variant: "red" | "blue"; params: { color: string } };');
  });

  it('an invalid ruleset on standard input: its problems, named <stdin>, exit 1', async () => {
    const io = Object.assign(captureIo(), {
      readStdin: async () => Buffer.from('{"version":1,"gates":{"g":{"rules":[{"id":"a","rollout":300}]}}}'),
    });
    expect(await runTypes(['-'], io)).toBe(1);
    expect(io.errors).toBe('splitkit types: <stdin>: gates.g.rules[0].rollout: expected a number between 0 and 100\n');
  });
});
