import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIo } from './support.js';

describe('splitkit validate: decisions that share a salt', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'splitkit-validate-salts-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('warns on stderr with every decision, the salt and the unit, and still exits 0', async () => {
    const file = join(dir, 'shared.json');
    await writeFile(
      file,
      JSON.stringify({
        version: 1,
        gates: { checkout: { rules: [{ id: 'rollout', rollout: 20 }] } },
        params: { checkout: { default: 1, rules: [{ id: 'rollout', rollout: 20, value: 2 }] } },
        experiments: {
          a: {
            salt: 'same',
            variants: [
              { key: 'x', weight: 50 },
              { key: 'y', weight: 50 },
            ],
          },
          b: {
            salt: 'same',
            variants: [
              { key: 'x', weight: 50 },
              { key: 'y', weight: 50 },
            ],
          },
        },
        holdouts: { h: { salt: 'same', percent: 10 } },
      }),
    );
    const io = captureIo();
    expect(await main(['validate', file], io)).toBe(0);
    expect(io.output).toContain(`${file}: valid (`);
    expect(io.errors).toBe(
      `${file}: warning: gates.checkout.rules[0] and params.checkout.rules[0] hash the same salt "checkout.rollout" over userID, so they pick the same units; give one a salt of its own unless that is intended\n` +
        `${file}: warning: experiments.a (variants), experiments.b (variants) and holdouts.h hash the same salt "same" over userID, so they pick the same units; give one a salt of its own unless that is intended\n`,
    );
  });

  it('says nothing when a salt is shared only by decisions that do not hash', async () => {
    const file = join(dir, 'fine.json');
    await writeFile(
      file,
      JSON.stringify({
        version: 1,
        gates: { checkout: { rules: [{ id: 'rollout', rollout: 100 }] } },
        params: { checkout: { default: 1, rules: [{ id: 'rollout', rollout: 20, value: 2 }] } },
      }),
    );
    const io = captureIo();
    expect(await main(['validate', file], io)).toBe(0);
    expect(io.errors).toBe('');
  });
});
