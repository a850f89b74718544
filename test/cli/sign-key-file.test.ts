/**
 * `splitkit sign --key` given what is not a private key file. serve's `--key` refused a FIFO, a device and a
 * directory by name; sign read them with a plain readFile: a FIFO without a writer hung it for good, /dev/zero
 * ran until "Invalid string length", a directory gave "EISDIR: illegal operation". And the `.pub` keygen wrote
 * beside the key got OpenSSL's "DECODER routines::unsupported", in serve too.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { spawnCli } from '../collector/support/child-collector.js';
import type { ChildCli } from '../collector/support/child-collector.js';
import { captureIo } from './support.js';

const RULESET = '{"version":1,"gates":{"g":{"rules":[{"id":"all","rollout":50}]}}}';

describe('splitkit sign --key that is not a private key file', () => {
  let dir: string;
  let cli: ChildCli | undefined;
  const ruleset = () => join(dir, 'ruleset.json');

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'splitkit-sign-key-'));
    await writeFile(ruleset(), RULESET);
  });

  afterEach(async () => {
    if (cli && cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGKILL');
    await cli?.exited;
    cli = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it.skipIf(process.platform === 'win32')(
    'refuses a FIFO at once instead of waiting for a writer',
    async () => {
      const fifo = join(dir, 'key.fifo');
      execFileSync('mkfifo', [fifo]);
      cli = spawnCli(['sign', ruleset(), '--key', fifo]);
      const exited = await Promise.race([
        cli.exited,
        new Promise((resolve) => setTimeout(() => resolve('hung'), 10_000)),
      ]);
      expect(exited).toEqual({ code: 1, signal: null });
      expect(cli.stderr()).toBe(`splitkit sign: --key ${fifo}: is a FIFO (named pipe), not a regular file\n`);
    },
    30_000,
  );

  it('names a directory or a device as such, as serve --key does', async () => {
    const folder = join(dir, 'keys');
    await mkdir(folder);
    for (const [key, problem] of [
      [folder, 'is a directory'],
      ...(process.platform === 'win32' ? [] : [['/dev/zero', 'is a device, not a regular file']]),
    ] as const) {
      const io = captureIo();
      expect(await main(['sign', ruleset(), '--key', key], io)).toBe(1);
      expect(io.errors).toBe(`splitkit sign: --key ${key}: ${problem}\n`);
    }
  });

  it('says that the .pub keygen wrote is the public key, in sign and serve alike', async () => {
    expect(await main(['keygen', '--out', dir], captureIo())).toBe(0);
    const pub = join(dir, 'splitkit-signing.pub');
    const message =
      'this is a public key (the .pub that splitkit keygen writes); give the private key beside it, splitkit-signing.key';
    const signed = captureIo();
    expect(await main(['sign', ruleset(), '--key', pub], signed)).toBe(1);
    expect(signed.errors).toBe(`splitkit sign: --key ${pub}: ${message}\n`);
    const served = captureIo();
    expect(await main(['serve', '--ruleset', ruleset(), '--store', join(dir, 'e.ndjson'), '--key', pub], served)).toBe(
      1,
    );
    expect(served.errors).toBe(`splitkit serve: --key ${pub}: ${message}\n`);
  });
});
