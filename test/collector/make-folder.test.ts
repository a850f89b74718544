/**
 * makeFolder on the real file system: nested and existing folders, a file in
 * the way, callers racing, and the /proc path on which Node 20's own
 * recursive mkdir spins forever.
 */
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeFolder } from '../../src/collector/make-folder.js';

describe('makeFolder', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'splitkit-folder-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a folder under /proc within a second, naming the path and the level that failed', async () => {
    const started = performance.now();
    const made = makeFolder('/proc/x/y');
    await expect(made).rejects.toThrow(/^Cannot create the folder \/proc\/x\/y: \/proc\/x cannot be made \(ENOENT/);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('creates every missing level of a nested folder', async () => {
    const folder = join(dir, 'a', 'b', 'c');
    await makeFolder(folder);
    expect((await stat(folder)).isDirectory()).toBe(true);
  });

  it('resolves for a folder that exists, and for the root', async () => {
    await makeFolder(dir);
    await makeFolder('/');
    expect((await stat(dir)).isDirectory()).toBe(true);
  });

  it('refuses a file in the way, at the folder itself or at a parent', async () => {
    const file = join(dir, 'file');
    await writeFile(file, 'x');
    await expect(makeFolder(file)).rejects.toThrow(`Cannot create the folder ${file}: it is not a folder`);
    await expect(makeFolder(join(file, 'sub', 'deeper'))).rejects.toThrow(
      `Cannot create the folder ${join(file, 'sub', 'deeper')}: ${file} is not a folder`,
    );
  });

  it('lets callers racing for the same folders all succeed', async () => {
    const folder = join(dir, 'x', 'y', 'z');
    await Promise.all(Array.from({ length: 8 }, () => makeFolder(folder)));
    expect((await stat(folder)).isDirectory()).toBe(true);
  });
});
