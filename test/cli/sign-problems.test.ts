/**
 * `splitkit sign` with a key it cannot use and a ruleset it cannot sign: one run names both, as `serve` does.
 * Before, it stopped at the key, so `sign nope.json` in a folder without a key said only "no such file" of the
 * default key, and the missing ruleset came up on the next attempt.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIo } from './support.js';

describe('splitkit sign: the problems of the key and the ruleset, at once', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'splitkit-sign-problems-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a missing key and a missing ruleset: both named, exit 1, nothing written', async () => {
    const io = captureIo();
    const ruleset = join(dir, 'nope.json');
    const key = join(dir, 'missing.key');
    expect(await main(['sign', ruleset, '--key', key], io)).toBe(1);
    expect(io.errors).toBe(
      `splitkit sign: --key ${key}: no such file\n` +
        `${ruleset}: cannot read the file: no such file\n` +
        `splitkit sign: ${ruleset} is not a valid ruleset; nothing signed\n`,
    );
    expect(io.output).toBe('');
  });

  it('a missing key and a valid ruleset: the key alone, exit 1', async () => {
    const io = captureIo();
    const ruleset = join(dir, 'ruleset.json');
    await writeFile(ruleset, '{"version":1}');
    const key = join(dir, 'missing.key');
    expect(await main(['sign', ruleset, '--key', key], io)).toBe(1);
    expect(io.errors).toBe(`splitkit sign: --key ${key}: no such file\n`);
  });
});
