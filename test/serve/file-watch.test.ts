import { writeFileSync } from 'node:fs';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { watchFile } from '../../src/serve/file-watch.js';
import type { StopWatching } from '../../src/serve/file-watch.js';

describe('watchFile', () => {
  let dir: string;
  let stop: StopWatching | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'splitkit-watch-'));
  });
  afterEach(async () => {
    stop?.();
    await rm(dir, { recursive: true, force: true });
  });

  /** Counts notifications; `until(n)` waits (bounded) for the n-th. */
  function counter() {
    let count = 0;
    return {
      notify: () => void count++,
      count: () => count,
      async until(n: number, timeoutMs = 2_000): Promise<number> {
        const started = performance.now();
        while (count < n) {
          if (performance.now() - started > timeoutMs)
            throw new Error(`${count} of ${n} notifications after ${timeoutMs} ms`);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        return performance.now() - started;
      },
    };
  }

  it('notices writes, a replacement by rename and a removal, one notification per burst', async () => {
    const file = join(dir, 'ruleset.json');
    await writeFile(file, '1');
    const seen = counter();
    // Five writes in one turn of the event loop: a burst however loaded the machine is (awaited writes, a full
    // run in parallel once spaced them wider than the debounce and the burst became three).
    stop = watchFile(file, seen.notify, { debounceMs: 30, pollMs: 200 });
    for (let i = 0; i < 5; i++) writeFileSync(file, `burst ${i}`);
    expect(await seen.until(1)).toBeLessThan(1_000);
    // Let the poll catch up with the burst, then the count must rest.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const afterBurst = seen.count();
    expect(afterBurst).toBeLessThanOrEqual(2);

    await writeFile(join(dir, 'next.json'), 'replaced');
    await rename(join(dir, 'next.json'), file);
    expect(await seen.until(afterBurst + 1)).toBeLessThan(1_000);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const afterRename = seen.count();
    await rm(file);
    expect(await seen.until(afterRename + 1)).toBeLessThan(1_000);
  });

  it('ignores other files in the directory and stops when told', async () => {
    const file = join(dir, 'ruleset.json');
    await writeFile(file, '1');
    const seen = counter();
    stop = watchFile(file, seen.notify, { debounceMs: 10, pollMs: 50 });
    await writeFile(join(dir, 'other.json'), 'x');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seen.count()).toBe(0);
    stop();
    await writeFile(file, '2');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seen.count()).toBe(0);
  });
});
