/**
 * `splitkit validate` on seeded mutated ruleset files: a number JSON cannot hold (1e309, which parses as
 * Infinity) at a random leaf of a random valid ruleset. The command exits 1 and names that exact path, never crashes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runValidate } from '../../src/cli/validate.js';
import { formatPath } from '../../src/shared/zod-issues.js';
import { seededRandom } from '../../src/testing/index.js';
import { pick, randomRuleset } from '../eval/random-ruleset.js';

const dir = mkdtempSync(join(tmpdir(), 'splitkit-validate-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Path = (string | number)[];

/** Paths of the leaves (numbers, strings, booleans) of a document. */
function leaves(value: unknown, at: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(value)) value.forEach((item, i) => leaves(item, [...at, i], out));
  else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) leaves((value as Record<string, unknown>)[key], [...at, key], out);
  } else out.push(at);
  return out;
}

describe('splitkit validate on mutated files', () => {
  it('names the exact path of 1e309 at a random leaf of 40 random rulesets', async () => {
    const r = seededRandom(7);
    const misses: string[] = [];
    for (let n = 0; n < 40; n++) {
      const doc = randomRuleset(r) as unknown as Record<string | number, unknown>;
      const path = pick(r, leaves(doc));
      let node = doc;
      for (const part of path.slice(0, -1)) node = node[part] as Record<string | number, unknown>;
      // Wrong everywhere, also where any JSON value is allowed (params, conditions): no JSON number overflows.
      const raw = pick(r, ['1e309', '-1e309']);
      node[path[path.length - 1]!] = '@@MUTATION@@';
      const file = join(dir, `r${n}.json`);
      writeFileSync(file, JSON.stringify(doc).replace('"@@MUTATION@@"', raw));
      let err = '';
      const code = await runValidate([file], { out: () => undefined, err: (text) => void (err += text) });
      if (code !== 1 || !err.includes(formatPath(path)))
        misses.push(`${formatPath(path)} = ${raw}: exit ${code}\n${err}`);
    }
    expect(misses).toEqual([]);
  });
});
