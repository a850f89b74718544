import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

// The hot path allocates nothing per read: a gate check or an experiment read on a warmed-up client,
// exposures off, must not produce garbage. Measured as GC events in a child process over 6,000,000 reads.
// Any allocation at all (V8's smallest object is 16 bytes) would be ≥ 96 MB over those reads, i.e. many
// young-generation collections (semi-spaces are at most 16 MB here), so allowing one stray collection
// still fails on every real regression.
describe('allocation on the hot path', () => {
  it('gate and experiment reads allocate nothing (full client, with overrides installed too, and lite client)', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'test/client/fixtures/allocation-probe.ts'], {
      timeout: 120_000,
    });
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as { full: number; overridden: number; lite: number };
    expect(result.full).toBeLessThanOrEqual(1);
    expect(result.overridden).toBeLessThanOrEqual(1);
    expect(result.lite).toBeLessThanOrEqual(1);
  });
});
