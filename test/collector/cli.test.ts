import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { parseCollectArgs } from '../../src/cli/collect-args.js';
import { createNdjsonStore } from '../../src/collector/ndjson-store.js';
import { createCollector } from '../../src/collector/collector.js';
import { memoryStore } from './support/memory-store.js';
import { silentLogger } from '../../src/io/logger.js';
import { captureIo } from '../cli/support.js';
import { batch, customEvents } from './support/events.js';
import { spawnCli, spawnCollector } from './support/child-collector.js';
import type { ChildCli } from './support/child-collector.js';

vi.mock('../../src/cli/analyze.js', () => ({ runAnalyze: vi.fn(async () => 7) }));

describe('splitkit command dispatch', () => {
  it('prints help with --help and exits 0', async () => {
    const io = captureIo();
    expect(await main(['--help'], io)).toBe(0);
    expect(io.output).toContain('Usage: splitkit <command>');
  });

  it("prints the package's version with --version, -v or version, and exits 0", async () => {
    const { version } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));
    for (const flag of ['--version', '-v', 'version']) {
      const io = captureIo();
      expect(await main([flag], io)).toBe(0);
      expect(io.output).toBe(`${version}\n`);
    }
  });

  it('exits 2 with usage on stderr without a command or with an unknown one', async () => {
    const none = captureIo();
    expect(await main([], none)).toBe(2);
    expect(none.errors).toContain('Usage: splitkit');
    const unknown = captureIo();
    expect(await main(['colect'], unknown)).toBe(2);
    expect(unknown.errors).toContain("unknown command 'colect'");
  });

  it('hands `analyze` and its arguments to runAnalyze and returns its exit code', async () => {
    const { runAnalyze } = await import('../../src/cli/analyze.js');
    expect(await main(['analyze', '--store', 'x.ndjson', '--experiment', 'e'], captureIo())).toBe(7);
    expect(runAnalyze).toHaveBeenCalledWith(['--store', 'x.ndjson', '--experiment', 'e'], expect.anything());
  });

  it('prints collect help, and exits 2 on bad collect arguments', async () => {
    const help = captureIo();
    expect(await main(['collect', '--help'], help)).toBe(0);
    expect(help.output).toContain('Usage: splitkit collect');
    for (const args of [
      [],
      ['--store', 'f', '--port', '80a'],
      ['--store', 'f', '--bogus'],
      ['--store', 'f', '--max-body', '0'],
      ['--store', 'f', '--path', 'x'],
    ]) {
      const io = captureIo();
      expect(await main(['collect', ...args], io)).toBe(2);
      expect(io.errors).toContain('splitkit collect:');
    }
  });

  it('exits 2 on options only the collector rejects, before it opens the store', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'splitkit-cli-'));
    const file = join(dir, 'events.ndjson');
    try {
      for (const [args, problem] of [
        [['--secret', ''], '--secret: expected a non-empty string'],
        [['--path', '/a?b'], "--path: expected a path starting with '/' and without a query"],
      ] as const) {
        const io = captureIo();
        expect(await main(['collect', '--port', '0', '--store', file, ...args], io)).toBe(2);
        expect(io.errors).toContain(`splitkit collect: ${problem}`);
      }
      // No store was opened: no log, no lock left behind.
      await expect(stat(file)).rejects.toThrow();
      await expect(stat(`${file}.lock`)).rejects.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('splitkit collect with a log another collector writes', () => {
  it('exits 1 instead of collecting into a read-only log', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'splitkit-cli-'));
    const file = join(dir, 'events.ndjson');
    const writer = await createNdjsonStore({ path: file, logger: silentLogger });
    try {
      const io = captureIo();
      expect(await main(['collect', '--port', '0', '--store', file], io)).toBe(1);
      expect(io.errors).toContain('is being written by another collector');
      expect(io.output).toBe('');
    } finally {
      await writer.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('splitkit collect arguments', () => {
  it('fills defaults and reads the secret from SPLITKIT_COLLECTOR_SECRET', () => {
    expect(parseCollectArgs(['--store', 'e.ndjson'], { SPLITKIT_COLLECTOR_SECRET: 'env-secret' })).toEqual({
      ok: true,
      args: {
        help: false,
        store: 'e.ndjson',
        port: 8787,
        host: '127.0.0.1',
        path: '/events',
        secret: 'env-secret',
        cors: undefined,
        dedupeWindow: undefined,
        maxBodyBytes: 1_048_576,
        maxEvents: 1000,
        maxJsonValues: 50_000,
        maxInFlightBytes: 32 * 1024 * 1024,
        maxConnections: 512,
        headersTimeoutMs: 10_000,
        requestTimeoutMs: 30_000,
        bodyTimeoutMs: 10_000,
        maxEventAgeMs: 90 * 86_400_000,
        maxEventAheadMs: 86_400_000,
      },
    });
  });

  it('reads every limit flag, durations with their unit', () => {
    const parsed = parseCollectArgs([
      '--store',
      'e',
      '--max-events',
      '10',
      '--max-json-values',
      '99',
      '--max-in-flight',
      '4096',
      '--max-body',
      '4096',
      '--max-connections',
      '3',
      '--headers-timeout',
      '500ms',
      '--request-timeout',
      '2s',
      '--body-timeout',
      '1m',
      '--max-event-age',
      '7d',
      '--max-event-ahead',
      '2h',
    ]);
    expect(parsed.ok && parsed.args).toMatchObject({
      maxEvents: 10,
      maxJsonValues: 99,
      maxInFlightBytes: 4096,
      maxConnections: 3,
      headersTimeoutMs: 500,
      requestTimeoutMs: 2000,
      bodyTimeoutMs: 60_000,
      maxEventAgeMs: 7 * 86_400_000,
      maxEventAheadMs: 7_200_000,
    });
    expect(parseCollectArgs(['--store', 'e', '--body-timeout', '10'])).toEqual({
      ok: false,
      error: expect.stringContaining('--body-timeout must be a duration'),
    });
    expect(parseCollectArgs(['--store', 'e', '--max-connections', '0'])).toEqual({
      ok: false,
      error: expect.stringContaining('--max-connections must be'),
    });
  });

  it('refuses --max-in-flight below --max-body: such a body would be answered 503 on every retry', () => {
    expect(parseCollectArgs(['--store', 'e', '--max-in-flight', '4096'])).toEqual({
      ok: false,
      error: expect.stringContaining(
        '--max-in-flight: expected at least --max-body (1048576): a body larger than it would be answered 503 on every retry',
      ),
    });
    expect(() => createCollector({ store: memoryStore(), maxInFlightBytes: 1000, maxBodyBytes: 2000 })).toThrow(
      /maxInFlightBytes: expected at least maxBodyBytes \(2000\)/,
    );
  });

  it('reads --dedupe-window as a positive whole number', () => {
    const parsed = parseCollectArgs(['--store', 'e', '--dedupe-window', '500000']);
    expect(parsed.ok && parsed.args.dedupeWindow).toBe(500_000);
    for (const text of ['0', '1.5', 'lots']) {
      expect(parseCollectArgs(['--store', 'e', '--dedupe-window', text])).toEqual({
        ok: false,
        error: `--dedupe-window must be a positive whole number, got '${text}'`,
      });
    }
  });

  it('parses CORS origins, and an explicit secret wins over the environment', () => {
    const parsed = parseCollectArgs(
      ['--store', 'e', '--cors', 'https://a.example, https://b.example', '--secret', 's'],
      { SPLITKIT_COLLECTOR_SECRET: 'x' },
    );
    expect(parsed.ok && parsed.args.cors).toEqual({ origins: ['https://a.example', 'https://b.example'] });
    expect(parsed.ok && parsed.args.secret).toBe('s');
    const any = parseCollectArgs(['--store', 'e', '--cors', '*']);
    expect(any.ok && any.args.cors).toEqual({ origins: '*' });
  });
});

describe('splitkit collect usage errors', () => {
  it('refuses an empty --host (it would listen on every interface), naming --host', async () => {
    expect(parseCollectArgs(['--store', 'e', '--host', ''], {})).toEqual({
      ok: false,
      error: expect.stringContaining('--host needs an address'),
    });
    const io = captureIo();
    expect(await main(['collect', '--store', 'e.ndjson', '--port', '0', '--host', ''], io)).toBe(2);
    expect(io.errors).toMatch(/^splitkit collect: --host needs an address/);
  });

  it.each([
    ['--port', '1', '--port', '22'],
    ['--store', 'a.ndjson'],
    ['--secret', 'a-secret', '--secret', 'b-secret'],
  ])('refuses an option given twice: %s', (...extra) => {
    const argv = ['--store', 'e.ndjson', ...extra];
    expect(parseCollectArgs(argv, {})).toEqual({ ok: false, error: `${extra[0]} given twice` });
  });

  it('refuses an empty SPLITKIT_COLLECTOR_SECRET as it refuses --secret ""', () => {
    expect(parseCollectArgs(['--store', 'e'], { SPLITKIT_COLLECTOR_SECRET: '' })).toEqual({
      ok: false,
      error: expect.stringContaining('SPLITKIT_COLLECTOR_SECRET is set but empty'),
    });
    // An explicit --secret does not read it.
    const parsed = parseCollectArgs(['--store', 'e', '--secret', 'given'], { SPLITKIT_COLLECTOR_SECRET: '' });
    expect(parsed.ok && parsed.args.secret).toBe('given');
  });

  it("names every bad option at once, the collector's own checks included", async () => {
    const io = captureIo();
    const argv = ['collect', '--store', 'e.ndjson', '--max-body', '0', '--path', 'x', '--port', 'p', '--cors', ','];
    expect(await main(argv, io)).toBe(2);
    for (const problem of [
      "--port must be a number from 0 to 65535, got 'p'",
      "--max-body must be a positive number of bytes, got '0'",
      "--cors needs '*' or a list of origins",
      "--path: expected a path starting with '/' and without a query",
    ])
      expect(io.errors).toContain(`splitkit collect: ${problem}\n`);
    expect(parseCollectArgs(['--store', 'e', '--headers-timeout', '10s', '--request-timeout', '5s'], {})).toMatchObject(
      { ok: false, error: expect.stringContaining('at least --headers-timeout') },
    );
  });
});

describe('splitkit collect that cannot listen', () => {
  it('exits 1 and leaves no empty log it created', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'splitkit-cli-'));
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = String((taken.address() as AddressInfo).port);
    try {
      const io = captureIo();
      expect(await main(['collect', '--store', join(dir, 'events.ndjson'), '--port', port], io)).toBe(1);
      expect(io.errors).toContain('listen EADDRINUSE');
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('names an IPv6 address it cannot listen on in brackets, as in a URL (::1:port reads as another address)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'splitkit-cli-'));
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '::1', resolve));
    const port = String((taken.address() as AddressInfo).port);
    try {
      const io = captureIo();
      const argv = ['collect', '--store', join(dir, 'events.ndjson'), '--host', '::1', '--port', port];
      expect(await main(argv, io)).toBe(1);
      expect(io.errors).toContain(`splitkit collect: cannot listen on [::1]:${port}: listen EADDRINUSE`);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('splitkit collect process', () => {
  let dir: string;
  const children: ChildCli[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'splitkit-cli-'));
  });

  afterEach(async () => {
    for (const cli of children.splice(0)) {
      if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGKILL');
      await cli.exited;
    }
    await rm(dir, { recursive: true, force: true });
  });

  it('serves batches, and on SIGTERM finishes the request in flight before exiting 0', async () => {
    const file = join(dir, 'events.ndjson');
    const cli = await spawnCollector(['--store', file, '--secret', 'topsecret', '--cors', '*']);
    children.push(cli);
    expect(cli.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/events$/);
    const first = customEvents(2);
    const ok = await fetch(cli.url, {
      method: 'POST',
      headers: { Authorization: 'Bearer topsecret' },
      body: JSON.stringify(batch(first)),
    });
    expect(await ok.json()).toEqual({ accepted: 2, duplicates: 0 });
    expect((await fetch(cli.url, { method: 'POST', body: JSON.stringify(batch(first)) })).status).toBe(401);

    // Half a request is on the wire when SIGTERM arrives; it must still be answered and stored.
    const late = customEvents(3);
    const body = JSON.stringify(batch(late));
    const answered = new Promise<number>((resolve, reject) => {
      const req = request(
        cli.url,
        {
          method: 'POST',
          headers: { Authorization: 'Bearer topsecret', 'Content-Length': String(Buffer.byteLength(body)) },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 50), () => {
        cli.child.kill('SIGTERM');
        void cli.waitFor('SIGTERM: stopping').then(() => req.end(body.slice(50)));
      });
    });
    expect(await answered).toBe(200);
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    expect(cli.stdout()).toContain('stopped');
    const stored = (await readFile(file, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { id: string }).id);
    expect(stored).toEqual([...first, ...late].map((event) => event.id));
    await expect(stat(`${file}.lock`)).rejects.toThrow(/ENOENT/);
  });

  it('exits 1 with a message when the store cannot be opened, with no password in it', async () => {
    const cli = spawnCli([
      'collect',
      '--port',
      '0',
      '--store',
      'postgres://nobody:hunter2pw@127.0.0.1:1/none?password=hunter2q',
    ]);
    children.push(cli);
    expect((await cli.exited).code).toBe(1);
    expect(cli.stderr()).toContain('Cannot prepare the PostgreSQL events table');
    expect(cli.stderr() + cli.stdout()).not.toMatch(/hunter2/);
  });

  it('releases the lock and exits 0 on a SIGTERM right after the listening line, every time', {
    timeout: 60_000,
  }, async () => {
    const file = join(dir, 'events.ndjson');
    for (let run = 0; run < 5; run++) {
      const cli = spawnCli(['collect', '--port', '0', '--store', file]);
      children.push(cli);
      cli.child.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString('utf8').includes('listening')) cli.child.kill('SIGTERM');
      });
      expect(await cli.exited).toEqual({ code: 0, signal: null });
      await expect(stat(`${file}.lock`)).rejects.toThrow(/ENOENT/);
    }
  });

  it('releases the lock on a SIGTERM while it is still starting', async () => {
    const file = join(dir, 'events.ndjson');
    await writeFile(file, `${JSON.stringify(customEvents(1)[0])}\n`);
    const cli = spawnCli(['collect', '--port', '0', '--store', file]);
    children.push(cli);
    // As soon as the lock exists the store is being opened: the signal lands before the server listens.
    while (
      !(await stat(`${file}.lock`).then(
        () => true,
        () => false,
      )) &&
      cli.child.exitCode === null
    )
      await new Promise((resolve) => setTimeout(resolve, 1));
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    await expect(stat(`${file}.lock`)).rejects.toThrow(/ENOENT/);
  });

  it('exits 1 within seconds, naming the path, when the store folder cannot be made (/proc)', async () => {
    const started = performance.now();
    for (const args of [
      ['collect', '--port', '0', '--store', '/proc/x/events.ndjson'],
      ['serve', '--port', '0', '--ruleset', 'examples/quickstart/ruleset.json', '--store', '/proc/x/events.ndjson'],
    ]) {
      const cli = spawnCli(args);
      children.push(cli);
      // Node's own recursive mkdir would spin here forever: kill it after 10 s and fail.
      const timer = setTimeout(() => cli.child.kill('SIGKILL'), 10_000);
      const exit = await cli.exited;
      clearTimeout(timer);
      expect(exit).toEqual({ code: 1, signal: null });
      expect(cli.stderr()).toContain('Cannot create the folder /proc/x: it cannot be made (ENOENT');
    }
    expect(performance.now() - started).toBeLessThan(15_000);
  });

  it('refuses a --store file that is not an event log and leaves it untouched', async () => {
    const file = join(dir, 'notes.txt');
    const text = 'first line of my notes\nsecond line without a newline';
    await writeFile(file, text);
    const cli = spawnCli(['collect', '--port', '0', '--store', file]);
    children.push(cli);
    expect((await cli.exited).code).toBe(1);
    expect(cli.stderr()).toContain('is not a splitkit event log');
    expect(await readFile(file, 'utf8')).toBe(text);
    await expect(stat(`${file}.lock`)).rejects.toThrow(/ENOENT/);
  });
});
