import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { parseServeArgs } from '../../src/cli/serve-args.js';
import { captureIo } from './support.js';

describe('splitkit serve arguments', () => {
  it('takes --ruleset and --key anywhere and hands every other option to the collector parser', () => {
    const parsed = parseServeArgs(
      ['--store', 'e.ndjson', '--ruleset=r.json', '--port', '0', '--key', 'k.pem', '--cors', '*'],
      {},
    );
    expect(parsed).toMatchObject({
      ok: true,
      args: {
        help: false,
        ruleset: 'r.json',
        key: 'k.pem',
        collect: {
          help: false,
          store: 'e.ndjson',
          port: 0,
          host: '127.0.0.1',
          path: '/events',
          secret: undefined,
          cors: { origins: '*' },
          maxBodyBytes: 1_048_576,
        },
      },
    });
    expect(parseServeArgs(['--ruleset', 'r.json', '--store', 'e'], {})).toMatchObject({
      ok: true,
      args: { key: undefined, maxStreams: 10_000, collect: { port: 8787 } },
    });
    expect(parseServeArgs(['--max-streams=50', '--ruleset', 'r.json', '--store', 'e'], {})).toMatchObject({
      ok: true,
      args: { maxStreams: 50, collect: { store: 'e' } },
    });
  });

  it.each([
    [['--store', 'e'], 'missing --ruleset (the ruleset JSON file to serve)'],
    [['--ruleset', 'r.json'], 'missing --store'],
    [['--store', 'e', '--ruleset'], '--ruleset needs a value'],
    [['--ruleset', '--store', 'e'], '--ruleset needs a value'],
    [['--store', 'e', '--ruleset='], '--ruleset needs a value'],
    [['--store', 'e', '--ruleset', 'a', '--ruleset', 'b'], '--ruleset given twice'],
    [['--store', 'e', '--ruleset', 'r', '--key'], '--key needs a value'],
    [['--store', 'e', '--ruleset', 'r', '--port', '99999'], "--port must be a number from 0 to 65535, got '99999'"],
    [['--store', 'e', '--ruleset', 'r', '--port', 'http'], "--port must be a number from 0 to 65535, got 'http'"],
    [['--store', 'e', '--ruleset', 'r', '--max-body', '0'], "--max-body must be a positive number of bytes, got '0'"],
    [['--store', 'e', '--ruleset', 'r', '--cors', ','], "--cors needs '*' or a list of origins"],
    [
      ['--store', 'e', '--ruleset', 'r', '--max-streams', '0'],
      "--max-streams must be a positive whole number, got '0'",
    ],
    [['--store', 'e', '--ruleset', 'r', '--max-streams', '1.5'], '--max-streams must be a positive whole number'],
    [['--store', 'e', '--ruleset', 'r', '--max-streams'], '--max-streams needs a value'],
    [['--store', 'e', '--ruleset', 'r', '--bogus'], "'--bogus'"],
    [['--store', 'e', '--ruleset', 'r', 'extra'], "'extra'"],
  ])('rejects %j: %s', (argv, message) => {
    const parsed = parseServeArgs(argv, {});
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toContain(message);
  });
});

describe('splitkit serve argument errors, as printed', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'splitkit-serve-args-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints its help with --help and exits 0', async () => {
    const io = captureIo();
    expect(await main(['serve', '--help'], io)).toBe(0);
    expect(io.output).toContain('Usage: splitkit serve --ruleset <file.json>');
  });

  it('its help lists every option serve takes: its own and all the collector ones', async () => {
    const { COLLECT_USAGE, SERVE_USAGE } = await import('../../src/cli/usage.js');
    const flags = (text: string) => new Set(text.match(/--[a-z][a-z-]*/g));
    for (const flag of flags(COLLECT_USAGE)) expect(flags(SERVE_USAGE)).toContain(flag);
    for (const flag of ['--ruleset', '--key', '--max-streams']) expect(flags(SERVE_USAGE)).toContain(flag);
  });

  it('exits 2 with the usage on a usage error', async () => {
    const io = captureIo();
    expect(await main(['serve', '--store', 'e'], io)).toBe(2);
    expect(io.errors).toMatch(/^splitkit serve: missing --ruleset/);
    expect(io.errors).toContain('Usage: splitkit serve');
  });

  it.each([
    [['--secret', ''], '--secret: expected a non-empty string'],
    [['--path', 'events'], "--path: expected a path starting with '/' and without a query"],
    [['--path', '/ruleset.json'], '--path: /ruleset.json is taken by serve itself'],
    [['--path', '/healthz'], '--path: /healthz is taken by serve itself'],
    // The collector's own limits, named by their flags, as `collect` names them.
    [['--max-events', '0'], '--max-events must be'],
    [['--max-connections', '0'], '--max-connections must be'],
  ])('exits 2 on %j before opening the store: %s', async (extra, problem) => {
    const io = captureIo();
    const store = join(dir, 'events.ndjson');
    expect(await main(['serve', '--ruleset', join(dir, 'r.json'), '--store', store, '--port', '0', ...extra], io)).toBe(
      2,
    );
    expect(io.errors).toContain(`splitkit serve: ${problem}`);
    await expect(stat(store)).rejects.toThrow(/ENOENT/);
  });

  it('names every bad option at once and exits 2', async () => {
    const io = captureIo();
    const argv = ['serve', '--ruleset', 'r.json', '--store', join(dir, 'e.ndjson'), '--path', '/healthz'];
    expect(await main([...argv, '--max-body', '0', '--max-streams', '0', '--port', '1', '--port', '2'], io)).toBe(2);
    for (const problem of [
      '--path: /healthz is taken by serve itself',
      "--max-body must be a positive number of bytes, got '0'",
      "--max-streams must be a positive whole number, got '0'",
      '--port given twice',
    ])
      expect(io.errors).toContain(`splitkit serve: ${problem}\n`);
    await expect(stat(join(dir, 'e.ndjson'))).rejects.toThrow(/ENOENT/);
  });

  it('refuses an empty --host, which would listen on every interface', async () => {
    const io = captureIo();
    const store = join(dir, 'e.ndjson');
    expect(await main(['serve', '--ruleset', 'r.json', '--store', store, '--port', '0', '--host', ''], io)).toBe(2);
    expect(io.errors).toMatch(/^splitkit serve: --host needs an address/);
    await expect(stat(store)).rejects.toThrow(/ENOENT/);
  });

  it('never prints the store URL password, whatever fails', async () => {
    await writeFile(join(dir, 'r.json'), '{"version":1}');
    const io = captureIo();
    const store = 'postgres://ann:s3cr3t-pw@127.0.0.1:1/db';
    const code = await main(['serve', '--ruleset', join(dir, 'r.json'), '--store', store, '--port', '0'], io);
    expect(code).toBe(1);
    expect(io.errors.length).toBeGreaterThan(0);
    expect(`${io.output}${io.errors}`).not.toContain('s3cr3t-pw');
  });

  it('exits 1 naming --key when the key file is missing or not an Ed25519 private key', async () => {
    await writeFile(join(dir, 'r.json'), '{"version":1}');
    const store = join(dir, 'events.ndjson');
    const run = async (key: string) => {
      const io = captureIo();
      expect(
        await main(['serve', '--ruleset', join(dir, 'r.json'), '--store', store, '--port', '0', '--key', key], io),
      ).toBe(1);
      return io.errors;
    };
    expect(await run(join(dir, 'none.key'))).toContain(
      `splitkit serve: --key ${join(dir, 'none.key')}: no such file (make one with \`splitkit keygen\`)`,
    );
    await writeFile(join(dir, 'text.key'), 'not a key');
    expect(await run(join(dir, 'text.key'))).toContain(`--key ${join(dir, 'text.key')}: not a PEM private key`);
    const { generateKeyPairSync } = await import('node:crypto');
    const rsa = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    await writeFile(join(dir, 'ec.key'), rsa);
    expect(await run(join(dir, 'ec.key'))).toContain(`--key ${join(dir, 'ec.key')}: expected an Ed25519 key, got ec`);
    // OpenSSL says "interrupted or cancelled" for an encrypted key and "unsupported" for a public one.
    const pair = generateKeyPairSync('ed25519');
    const encrypted = pair.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' });
    await writeFile(join(dir, 'encrypted.key'), encrypted);
    expect(await run(join(dir, 'encrypted.key'))).toContain(
      `--key ${join(dir, 'encrypted.key')}: the private key is encrypted with a passphrase; give an unencrypted PKCS#8 key`,
    );
    await writeFile(join(dir, 'public.pem'), pair.publicKey.export({ type: 'spki', format: 'pem' }));
    expect(await run(join(dir, 'public.pem'))).toContain(
      `--key ${join(dir, 'public.pem')}: this is a public key; give the private key file`,
    );
    await expect(stat(store)).rejects.toThrow(/ENOENT/);
  });

  it('exits 1 naming both a missing key and a bad ruleset, before opening the store', async () => {
    const file = join(dir, 'r.json');
    await writeFile(file, '{"version":1,"gates":{"g":{"rules":[{"id":"r","rollout":101}]}}}');
    const store = join(dir, 'events.ndjson');
    const io = captureIo();
    const key = join(dir, 'none.key');
    expect(await main(['serve', '--ruleset', file, '--store', store, '--port', '0', '--key', key], io)).toBe(1);
    expect(io.errors).toContain(`splitkit serve: --key ${key}: no such file`);
    expect(io.errors).toContain(`${file}: gates.g.rules[0].rollout: expected a number between 0 and 100`);
    await expect(stat(store)).rejects.toThrow(/ENOENT/);
  });

  it('exits 1 naming --ruleset and every problem with its path when the ruleset cannot be served', async () => {
    const store = join(dir, 'events.ndjson');
    const file = join(dir, 'r.json');
    const run = async () => {
      const io = captureIo();
      expect(await main(['serve', '--ruleset', file, '--store', store, '--port', '0'], io)).toBe(1);
      return io.errors;
    };
    expect(await run()).toContain(
      `splitkit serve: --ruleset ${file} cannot be served:\n${file}: cannot read the file: no such file`,
    );
    await writeFile(
      file,
      '{"version":1,"gates":{"g":{"rules":[{"id":"r","rollout":101}]}},"experiments":{"e":{"variants":[]}}}',
    );
    const errors = await run();
    expect(errors).toContain(`${file}: gates.g.rules[0].rollout: expected a number between 0 and 100`);
    expect(errors).toContain(`${file}: experiments.e.variants: expected at least one variant`);
    await expect(stat(store)).rejects.toThrow(/ENOENT/);
  });

  it('exits 1 when the port is taken, closing the store and leaving no signal handlers behind', async () => {
    const file = join(dir, 'r.json');
    await writeFile(file, await readFile(new URL('../../examples/quickstart/ruleset.json', import.meta.url)));
    const store = join(dir, 'events.ndjson');
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    const handlers = [process.listenerCount('SIGTERM'), process.listenerCount('SIGINT')];
    try {
      const io = captureIo();
      expect(await main(['serve', '--ruleset', file, '--store', store, '--port', String(port)], io)).toBe(1);
      expect(io.errors).toContain(`splitkit serve: cannot listen on 127.0.0.1:${port}: listen EADDRINUSE`);
      expect(io.output).toBe('');
      await expect(stat(`${store}.lock`)).rejects.toThrow(/ENOENT/);
      // The log it created for this run is not left behind empty; an existing one stays.
      expect(await readdir(dir)).toEqual(['r.json']);
      await writeFile(store, '');
      expect(await main(['serve', '--ruleset', file, '--store', store, '--port', String(port)], captureIo())).toBe(1);
      expect((await readdir(dir)).sort()).toEqual(['events.ndjson', 'r.json']);
      expect([process.listenerCount('SIGTERM'), process.listenerCount('SIGINT')]).toEqual(handlers);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
  it('names an IPv6 address it cannot listen on in brackets, as in a URL (::1:port reads as another address)', async () => {
    const file = join(dir, 'r.json');
    await writeFile(file, await readFile(new URL('../../examples/quickstart/ruleset.json', import.meta.url)));
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '::1', resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const io = captureIo();
      const argv = [
        'serve',
        '--ruleset',
        file,
        '--store',
        join(dir, 'v6.ndjson'),
        '--host',
        '::1',
        '--port',
        String(port),
      ];
      expect(await main(argv, io)).toBe(1);
      expect(io.errors).toContain(`splitkit serve: cannot listen on [::1]:${port}: listen EADDRINUSE`);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
