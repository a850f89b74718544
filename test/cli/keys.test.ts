import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIo } from './support.js';

const CLI = fileURLToPath(new URL('../collector/fixtures/cli.ts', import.meta.url));
// By URL: the child runs in a temporary directory, where a bare `tsx` would not resolve.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** Runs `splitkit <args>` from source in a child process whose working directory is `cwd`, as a user would. */
function runCli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', TSX, CLI, ...args], { cwd, timeout: 30_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Whether WebCrypto verifies `signature` (base64) of `bytes` with the base64 raw Ed25519 `publicKey`. */
async function verifies(publicKey: string, signature: string, bytes: string): Promise<boolean> {
  const key = await crypto.subtle.importKey('raw', Buffer.from(publicKey, 'base64'), { name: 'Ed25519' }, false, [
    'verify',
  ]);
  return crypto.subtle.verify({ name: 'Ed25519' }, key, Buffer.from(signature, 'base64'), Buffer.from(bytes));
}

const RULESET = '{"version":1,"revision":"r1","gates":{"g":{"rules":[{"id":"all","rollout":100}]}}}\n';

describe('splitkit keygen and sign', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'splitkit-keys-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('makes a key pair whose signatures WebCrypto verifies with the printed public key', async () => {
    const io = captureIo();
    expect(await main(['keygen', '--out', dir], io)).toBe(0);
    const publicKey = /public key: (\S+)/.exec(io.output)![1]!;
    expect(Buffer.from(publicKey, 'base64')).toHaveLength(32);
    expect((await readFile(join(dir, 'splitkit-signing.pub'), 'utf8')).trim()).toBe(publicKey);
    const keyFile = join(dir, 'splitkit-signing.key');
    expect(await readFile(keyFile, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);

    const file = join(dir, 'ruleset.json');
    await writeFile(file, RULESET);
    const signed = captureIo();
    expect(await main(['sign', file, '--key', keyFile], signed)).toBe(0);
    expect(signed.output).toContain(`wrote ${file}.sig`);
    const signature = await readFile(`${file}.sig`, 'utf8');
    expect(signature).toMatch(/^[A-Za-z0-9+/]{86}==\n$/);
    const key = await crypto.subtle.importKey('raw', Buffer.from(publicKey, 'base64'), { name: 'Ed25519' }, false, [
      'verify',
    ]);
    const check = (bytes: string) =>
      crypto.subtle.verify({ name: 'Ed25519' }, key, Buffer.from(signature.trim(), 'base64'), Buffer.from(bytes));
    expect(await check(RULESET)).toBe(true);
    expect(await check(RULESET.replace('100', '10'))).toBe(false);
  });

  it('signs `splitkit sign ruleset.json` with the key a plain `splitkit keygen` wrote in the same directory', async () => {
    expect((await runCli(['keygen'], dir)).code).toBe(0);
    await writeFile(join(dir, 'ruleset.json'), RULESET);
    const signed = await runCli(['sign', 'ruleset.json'], dir);
    expect(signed).toMatchObject({ code: 0, stderr: '' });
    expect(signed.stdout).toContain('wrote ruleset.json.sig');
    const publicKey = (await readFile(join(dir, 'splitkit-signing.pub'), 'utf8')).trim();
    const signature = (await readFile(join(dir, 'ruleset.json.sig'), 'utf8')).trim();
    expect(await verifies(publicKey, signature, RULESET)).toBe(true);
    expect(await verifies(publicKey, signature, RULESET.replace('100', '10'))).toBe(false);
  }, 60_000);

  it('without --key and no key file in the directory, exits 1 naming the file it looked for and --key', async () => {
    await writeFile(join(dir, 'ruleset.json'), RULESET);
    const run = await runCli(['sign', 'ruleset.json'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`splitkit sign: key file ${join(dir, 'splitkit-signing.key')} (the default`);
    expect(run.stderr).toContain('no such file');
    expect(run.stderr).toContain('pass --key <file>');
    await expect(stat(join(dir, 'ruleset.json.sig'))).rejects.toThrow(/ENOENT/);
  }, 30_000);

  it('refuses --out or --key given twice (parseArgs would keep the last one silently), writing nothing', async () => {
    const io = captureIo();
    expect(await main(['keygen', '--out', join(dir, 'a'), '--out', join(dir, 'b')], io)).toBe(2);
    expect(io.errors).toMatch(/^splitkit keygen: --out given twice\n/);
    expect(await readdir(dir)).toEqual([]);
    await writeFile(join(dir, 'ruleset.json'), RULESET);
    const signIo = captureIo();
    expect(await main(['sign', join(dir, 'ruleset.json'), '--key', 'a.key', '--key=b.key'], signIo)).toBe(2);
    expect(signIo.errors).toMatch(/^splitkit sign: --key given twice\n/);
    expect(await readdir(dir)).toEqual(['ruleset.json']);
  });

  it('never overwrites an existing key', async () => {
    expect(await main(['keygen', '--out', dir], captureIo())).toBe(0);
    const before = await readFile(join(dir, 'splitkit-signing.key'), 'utf8');
    const io = captureIo();
    expect(await main(['keygen', '--out', dir], io)).toBe(1);
    expect(io.errors).toContain(`--out ${dir}: cannot write ${join(dir, 'splitkit-signing.key')}: already exists`);
    expect(await readFile(join(dir, 'splitkit-signing.key'), 'utf8')).toBe(before);
  });

  it.each([
    [['keygen', '--out'], 2, "splitkit keygen: Option '--out <value>' argument missing"],
    [['keygen', 'extra'], 2, 'splitkit keygen: Unexpected argument'],
    [
      ['keygen', '--out', '/dev/null/keys'],
      1,
      'splitkit keygen: --out /dev/null/keys: Cannot create the folder /dev/null/keys: /dev/null is not a folder',
    ],
    [['sign'], 2, 'splitkit sign: missing the ruleset file to sign'],
    [['sign', 'a.json', 'b.json', '--key', 'k'], 2, 'splitkit sign: expected one ruleset file, got 2'],
    [['sign', 'a.json', '--key', ''], 2, 'splitkit sign: --key needs a file'],
    [
      ['sign', 'a.json', '--key', '/nonexistent-splitkit.key'],
      1,
      'splitkit sign: --key /nonexistent-splitkit.key: no such file',
    ],
  ])('%j exits %i: %s', async (argv, code, message) => {
    const io = captureIo();
    expect(await main(argv, io)).toBe(code);
    expect(io.errors).toContain(message);
  });

  it('keygen --out creates a folder that does not exist yet (a rotation: `--out keys-2026`)', async () => {
    const out = join(dir, 'keys-2026', 'next');
    expect(await main(['keygen', '--out', out], captureIo())).toBe(0);
    expect((await readFile(join(out, 'splitkit-signing.pub'), 'utf8')).trim()).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it('refuses to sign a ruleset that does not validate', async () => {
    expect(await main(['keygen', '--out', dir], captureIo())).toBe(0);
    const file = join(dir, 'bad.json');
    await writeFile(file, '{"version":1,"gates":{"g":{"rules":[{"id":"r","rollout":-1}]}}}');
    const io = captureIo();
    expect(await main(['sign', file, '--key', join(dir, 'splitkit-signing.key')], io)).toBe(1);
    expect(io.errors).toContain(`${file}: gates.g.rules[0].rollout: expected a number between 0 and 100`);
    expect(io.errors).toContain('nothing signed');
    await expect(stat(`${file}.sig`)).rejects.toThrow(/ENOENT/);
  });

  it('keygen: a .pub that cannot be written exits 1 on one line, and removes the new key again', async () => {
    // A directory where the .pub goes: writing it fails (EISDIR), even as root.
    await mkdir(join(dir, 'splitkit-signing.pub'));
    const run = await runCli(['keygen', '--out', dir], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `splitkit keygen: --out ${dir}: cannot write ${join(dir, 'splitkit-signing.pub')}: it is a directory (EISDIR); ` +
        `the new ${join(dir, 'splitkit-signing.key')} was removed again, no key was made\n`,
    );
    expect(run.stdout).toBe('');
    // No private key is left next to a missing public key: running it again is not "already exists".
    expect(await readdir(dir)).toEqual(['splitkit-signing.pub']);
  }, 30_000);

  it('sign: a .sig that cannot be written exits 1 on one line and no stale signature is left', async () => {
    expect(await main(['keygen', '--out', dir], captureIo())).toBe(0);
    const key = join(dir, 'splitkit-signing.key');
    // A name whose .sig fits the file system's 255 bytes, but no longer name beside it: the write fails.
    const name = `${'r'.repeat(246)}.json`;
    await writeFile(join(dir, name), RULESET);
    await writeFile(join(dir, `${name}.sig`), 'an older signature\n');
    const run = await runCli(['sign', name, '--key', key], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(
        `^splitkit sign: cannot write ${name}\\.sig: .*nothing signed \\(an older one there was removed\\)\n$`,
      ),
    );
    await expect(stat(join(dir, `${name}.sig`))).rejects.toThrow(/ENOENT/);
    expect((await readdir(dir)).sort()).toEqual([name, 'splitkit-signing.key', 'splitkit-signing.pub'].sort());

    // A directory in its place cannot be replaced nor removed: still one line, exit 1, and it says so.
    const file = join(dir, 'ruleset.json');
    await writeFile(file, RULESET);
    await mkdir(`${file}.sig`);
    const blocked = await runCli(['sign', file, '--key', key], dir);
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toMatch(/^splitkit sign: cannot write .*ruleset\.json\.sig: .*could not be removed .*\n$/);
    expect(blocked.stderr.split('\n')).toHaveLength(2);
  }, 60_000);

  it('sign replaces an older .sig whole', async () => {
    expect(await main(['keygen', '--out', dir], captureIo())).toBe(0);
    const file = join(dir, 'ruleset.json');
    await writeFile(file, RULESET);
    await writeFile(`${file}.sig`, 'an older signature\n');
    expect(await main(['sign', file, '--key', join(dir, 'splitkit-signing.key')], captureIo())).toBe(0);
    expect(await readFile(`${file}.sig`, 'utf8')).toMatch(/^[A-Za-z0-9+/]{86}==\n$/);
    expect((await readdir(dir)).sort()).toEqual(
      ['ruleset.json', 'ruleset.json.sig', 'splitkit-signing.key', 'splitkit-signing.pub'].sort(),
    );
  });
});
