/**
 * A private key other users may read (copied with `cp`, checked out by git, unpacked by a deploy: 0644) lets
 * them sign rulesets every client accepts. keygen writes 0600; `serve --key` and `sign` used a readable one
 * without a word. They now warn, and still use it.
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIo } from './support.js';

describe.skipIf(process.platform === 'win32')('a private key other users may read', () => {
  let dir: string;
  const key = () => join(dir, 'splitkit-signing.key');
  const ruleset = () => join(dir, 'ruleset.json');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'splitkit-key-mode-'));
    expect(await main(['keygen', '--out', dir], captureIo())).toBe(0);
    await writeFile(ruleset(), '{"version":1}');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('sign warns naming the mode and signs all the same; a key only its owner reads gets no warning', async () => {
    await chmod(key(), 0o644);
    const readable = captureIo();
    expect(await main(['sign', ruleset(), '--key', key()], readable)).toBe(0);
    expect(readable.errors).toBe(
      `splitkit sign: --key ${key()}: warning: every user may read this private key (mode 0644), and sign rulesets ` +
        `your clients accept with it; chmod 600 ${key()}\n`,
    );
    await chmod(key(), 0o640);
    const group = captureIo();
    expect(await main(['sign', ruleset(), '--key', key()], group)).toBe(0);
    expect(group.errors).toContain('warning: its group may read this private key (mode 0640)');
    await chmod(key(), 0o600);
    const owner = captureIo();
    expect(await main(['sign', ruleset(), '--key', key()], owner)).toBe(0);
    expect(owner.errors).toBe('');
  });

  it('serve warns at start', async () => {
    await chmod(key(), 0o644);
    const io = captureIo();
    // A ruleset that is not there: serve stops before the store, having checked the key.
    const argv = ['serve', '--ruleset', join(dir, 'missing.json'), '--store', join(dir, 'e.ndjson'), '--key', key()];
    expect(await main(argv, io)).toBe(1);
    expect(io.errors).toContain(
      `splitkit serve: --key ${key()}: warning: every user may read this private key (mode 0644)`,
    );
    await chmod(key(), 0o600);
  });
});
