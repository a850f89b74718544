import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchFile } from '../../src/serve/file-watch.js';

// A host where fs.watch is unavailable (inotify limits reached, some network file systems).
vi.mock('node:fs', async (original) => ({
  ...(await original<typeof import('node:fs')>()),
  watch: () => {
    throw Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), { code: 'ENOSPC' });
  },
}));

describe('watchFile without fs.watch', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('still notices a change with its stat poll, within the poll interval and the debounce', async () => {
    dir = await mkdtemp(join(tmpdir(), 'splitkit-poll-'));
    const file = join(dir, 'ruleset.json');
    await writeFile(file, 'one');
    let seen = 0;
    const stop = watchFile(file, () => void seen++, { pollMs: 100, debounceMs: 20 });
    try {
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect(seen).toBe(0);
      const started = performance.now();
      await writeFile(file, 'two, longer');
      while (seen === 0 && performance.now() - started < 2_000) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(seen).toBe(1);
      expect(performance.now() - started).toBeLessThan(600);
    } finally {
      stop();
    }
  });
});
