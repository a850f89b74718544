/**
 * `splitkit validate` on a ruleset whose `updatedAt` lies ahead of the clock (a publishing machine whose
 * clock is wrong): valid, but clients that take it refuse every later ruleset with an earlier updatedAt
 * until then, so it warns.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIo } from './support.js';

describe('splitkit validate: updatedAt ahead of the clock', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'splitkit-validate-future-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function validate(updatedAt: string) {
    const file = join(dir, 'ruleset.json');
    await writeFile(file, JSON.stringify({ updatedAt, gates: { g: { rules: [{ id: 'all', rollout: 50 }] } } }));
    const io = captureIo();
    return { code: await main(['validate', file], io), errors: io.errors, file };
  }
  const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

  it('warns when updatedAt is more than five minutes ahead, saying how far; the file is still valid', async () => {
    const cases = [
      [2 * 86_400_000 + 60_000, '2 days ahead'],
      [3 * 3_600_000 + 60_000, '3 h ahead'],
      [20 * 60_000, '20 min ahead'],
    ] as const;
    for (const [offset, ahead] of cases) {
      const updatedAt = at(offset);
      const { code, errors, file } = await validate(updatedAt);
      expect(code).toBe(0);
      expect(errors).toBe(
        `${file}: warning: updatedAt ${updatedAt} is ${ahead} of this machine's clock: clients that take this ` +
          'ruleset refuse every later one with an earlier updatedAt (unless its numeric revision is higher) until then\n',
      );
    }
  });

  it('says nothing for a past updatedAt, one within the clocks drift, or one with an offset', async () => {
    for (const updatedAt of [at(-86_400_000), at(60_000), '2020-01-01T00:00:00+02:00'])
      expect((await validate(updatedAt)).errors).toBe('');
  });
});
