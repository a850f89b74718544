import { spawnSync } from 'node:child_process';
import { mkdtemp, open, readFile, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createNdjsonStore } from '../../src/collector/ndjson-store.js';
import type { NdjsonStore } from '../../src/collector/ndjson-store.js';
import { isSplitkitError } from '../../src/errors/index.js';
import type { Logger } from '../../src/io/logger.js';
import { collect, customEvents } from './support/events.js';

let dir: string;
let file: string;
let stores: NdjsonStore[];

function spyLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, debug() {}, info() {}, error() {}, warn: (message: string) => void warnings.push(message) };
}

async function openStore(options: { readOnly?: boolean; logger?: Logger } = {}): Promise<NdjsonStore> {
  const store = await createNdjsonStore({ path: file, logger: spyLogger(), ...options });
  stores.push(store);
  return store;
}

async function lines(): Promise<string[]> {
  return (await readFile(file, 'utf8')).split('\n');
}

async function fileHandlePrototype(): Promise<{ datasync(): Promise<void> }> {
  const handle = await open(join(dir, 'probe'), 'w');
  await handle.close();
  return Object.getPrototypeOf(handle) as { datasync(): Promise<void> };
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'splitkit-ndjson-'));
  file = join(dir, 'events.ndjson');
  stores = [];
});

afterEach(async () => {
  vi.restoreAllMocks();
  for (const store of stores) await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('NDJSON store durability', () => {
  it('writes one event per line and resolves an append only after the data is synced', async () => {
    const store = await openStore();
    const proto = await fileHandlePrototype();
    const original = proto.datasync;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let syncCalled!: () => void;
    const synced = new Promise<void>((resolve) => (syncCalled = resolve));
    let fileAtSync = '';
    vi.spyOn(proto, 'datasync').mockImplementation(async function (this: unknown) {
      fileAtSync = await readFile(file, 'utf8');
      syncCalled();
      await gate;
      return original.call(this);
    });
    const events = customEvents(3);
    let settled = false;
    const appended = store.append(events).then((result) => ((settled = true), result));
    await synced;
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    expect(
      fileAtSync
        .split('\n')
        .slice(0, 3)
        .map((line) => JSON.parse(line) as unknown),
    ).toEqual(events);
    release();
    expect(await appended).toEqual({ stored: 3, duplicates: 0 });
    expect(await lines()).toEqual([...events.map((event) => JSON.stringify(event)), '']);
  });

  it('rolls a failed append back so that its retry is stored exactly once', async () => {
    const store = await openStore();
    const before = customEvents(2);
    await store.append(before);
    const proto = await fileHandlePrototype();
    vi.spyOn(proto, 'datasync').mockRejectedValueOnce(Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }));
    const events = customEvents(4);
    const error = await store.append(events).catch((e: unknown) => e);
    expect(isSplitkitError(error) && error.code).toBe('STORE_FAILED');
    expect(await lines()).toHaveLength(3);
    expect(await store.append(events)).toEqual({ stored: 4, duplicates: 0 });
    expect(await collect(store.read())).toEqual([...before, ...events]);
  });

  it('rejects every append of a group whose write fails, none left waiting', async () => {
    const store = await openStore();
    const proto = await fileHandlePrototype();
    const original = proto.datasync;
    vi.spyOn(proto, 'datasync')
      .mockImplementationOnce(function (this: unknown) {
        return original.call(this);
      })
      .mockRejectedValueOnce(Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }));
    // The first append is written alone; the three that wait for it form one group, whose sync fails.
    const batches = [1, 2, 3, 4].map((size) => customEvents(size));
    const states: string[] = [];
    const appends = batches.map((events, i) =>
      store.append(events).then(
        (result) => (states[i] = `stored ${result.stored}`),
        (error: unknown) => (states[i] = isSplitkitError(error) ? error.code : 'other'),
      ),
    );
    // Close waits for every group's commit to end, whether or not it settled its appends.
    await store.close();
    await new Promise((resolve) => setImmediate(resolve));
    expect(states).toEqual(['stored 1', 'STORE_FAILED', 'STORE_FAILED', 'STORE_FAILED']);
    await Promise.all(appends);
    expect(await lines()).toEqual([JSON.stringify(batches[0]![0]), '']);
  });

  it.each([
    ['deleted', async () => rm(file)],
    ['moved away (a log rotation)', async () => rename(file, `${file}.1`)],
    [
      'replaced by another file',
      async () => rename(await writeFile(`${file}.new`, '').then(() => `${file}.new`), file),
    ],
  ])('acknowledges nothing once the log was %s while open: the events would be gone from it', async (_, change) => {
    const store = await openStore();
    await store.append(customEvents(1));
    await change();
    const error = await store.append(customEvents(2)).catch((e: unknown) => e);
    expect(isSplitkitError(error) && error.code).toBe('STORE_FAILED');
    expect((error as Error).message).toBe(
      `The event log ${file} was moved, replaced or deleted while open; restart the collector to write to ${file} again`,
    );
  });

  it('does not show a read events appended after the read began', async () => {
    const store = await openStore();
    const old = customEvents(2);
    await store.append(old);
    const reading = store.read();
    await store.append(customEvents(2));
    expect(await collect(reading)).toEqual(old);
  });

  it('creates missing folders and the file', async () => {
    file = join(dir, 'a', 'b', 'events.ndjson');
    const store = await openStore();
    await store.append(customEvents(1));
    expect((await stat(file)).size).toBeGreaterThan(0);
  });
});

describe('NDJSON store recovery', () => {
  it('drops an unfinished last line, reports it, and appends cleanly after it', async () => {
    const [kept] = customEvents(1);
    const whole = `${JSON.stringify(kept)}\n`;
    const torn = '{"id":"torn","type":"ev';
    await writeFile(file, whole + torn);
    const logger = spyLogger();
    const store = await openStore({ logger });
    expect(logger.warnings).toEqual([
      expect.stringContaining(`dropped an unfinished last line (${torn.length} bytes at byte ${whole.length})`),
    ]);
    expect(await readFile(file, 'utf8')).toBe(whole);
    const more = customEvents(2);
    await store.append(more);
    expect(await collect(store.read())).toEqual([kept, ...more]);
    await store.close();
    const reopenedLogger = spyLogger();
    const reopened = await openStore({ logger: reopenedLogger });
    expect(reopenedLogger.warnings).toEqual([]);
    expect(await collect(reopened.read())).toEqual([kept, ...more]);
  });

  it('keeps a last line that is a whole event missing its newline', async () => {
    const events = customEvents(2);
    await writeFile(file, `${JSON.stringify(events[0])}\n${JSON.stringify(events[1])}`);
    const logger = spyLogger();
    const store = await openStore({ logger });
    expect(logger.warnings).toEqual([expect.stringContaining('added one')]);
    expect(await store.append(events)).toEqual({ stored: 0, duplicates: 2 });
    const more = customEvents(1);
    await store.append(more);
    expect(await collect(store.read())).toEqual([...events, ...more]);
  });

  it('skips and reports lines that are not events, without deleting them', async () => {
    const events = customEvents(2);
    const text = `${JSON.stringify(events[0])}\nnot json\n[1,2]\n\n${JSON.stringify(events[1])}\n`;
    await writeFile(file, text);
    const logger = spyLogger();
    const store = await openStore({ logger });
    expect(logger.warnings).toEqual([expect.stringContaining('skipped 2 line(s)')]);
    expect(await collect(store.read())).toEqual(events);
    expect(await readFile(file, 'utf8')).toBe(text);
  });

  it.each([
    ['a text file', 'my notes\nlast line without a newline'],
    ['a CSV', 'id,name\n1,a\n'],
    ['a JSON document', '{\n  "name": "config"\n}'],
  ])('refuses %s, leaving it untouched and unlocked', async (_kind, text) => {
    await writeFile(file, text);
    const error = await openStore().catch((e: unknown) => e);
    expect(isSplitkitError(error) && error.code).toBe('STORE_FAILED');
    expect((error as Error).message).toContain('is not a splitkit event log');
    expect(await readFile(file, 'utf8')).toBe(text);
    await expect(stat(`${file}.lock`)).rejects.toThrow(/ENOENT/);
  });

  it('repairs a log whose first write was cut short', async () => {
    await writeFile(file, '{"id":"half","type":"ev');
    const store = await openStore({ logger: spyLogger() });
    expect(await readFile(file, 'utf8')).toBe('');
    expect(await store.append(customEvents(1))).toEqual({ stored: 1, duplicates: 0 });
  });
});

describe('NDJSON store writer lock', () => {
  it('opens read-only, without repairing anything, while another live process writes the file', async () => {
    const [event] = customEvents(1);
    const text = `${JSON.stringify(event)}\n{"id":"being-writt`;
    await writeFile(file, text);
    // The parent of this test worker is alive and is not us.
    await writeFile(`${file}.lock`, `${process.ppid}\n`);
    const logger = spyLogger();
    const store = await openStore({ logger });
    expect(store.readOnly).toBe(true);
    expect(logger.warnings).toEqual([expect.stringContaining(`written by process ${process.ppid}`)]);
    expect(await collect(store.read())).toEqual([event]);
    const error = await store.append(customEvents(1)).catch((e: unknown) => e);
    expect(isSplitkitError(error) && error.code).toBe('STORE_FAILED');
    expect(await readFile(file, 'utf8')).toBe(text);
  });

  it('takes over the lock of a process that is gone and removes it on close', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid;
    await writeFile(`${file}.lock`, `${gone}\n`);
    const store = await openStore();
    expect(store.readOnly).toBe(false);
    expect(await readFile(`${file}.lock`, 'utf8')).toMatch(new RegExp(`^${process.pid} [0-9a-f]{32}\\n$`));
    await store.close();
    await expect(stat(`${file}.lock`)).rejects.toThrow(/ENOENT/);
  });

  it('opens a second store on the same file in this process read-only', async () => {
    const writer = await openStore();
    const second = await openStore();
    expect([writer.readOnly, second.readOnly]).toEqual([false, true]);
    await writer.append(customEvents(2));
    expect(await collect(second.read())).toHaveLength(2);
  });

  it('finds the lock through a symbolic link to the log: one writer per file, whatever the path', async () => {
    const writer = await openStore();
    const link = join(dir, 'current.ndjson');
    await symlink(file, link);
    const logger = spyLogger();
    const throughLink = await createNdjsonStore({ path: link, logger });
    stores.push(throughLink);
    expect([writer.readOnly, throughLink.readOnly]).toEqual([false, true]);
    expect(logger.warnings).toEqual([expect.stringContaining(`written by process ${process.pid}`)]);
    await writer.close();
    // Released, the log is written through the link, with the lock beside the file it names.
    const next = await createNdjsonStore({ path: link, logger: spyLogger() });
    stores.push(next);
    expect(next.readOnly).toBe(false);
    expect(await readFile(`${file}.lock`, 'utf8')).toMatch(new RegExp(`^${process.pid} `));
    await expect(stat(`${link}.lock`)).rejects.toThrow(/ENOENT/);
  });

  it('opens read-only on request, and fails to open a missing file that way', async () => {
    await writeFile(file, '');
    const store = await openStore({ readOnly: true });
    expect(store.readOnly).toBe(true);
    await expect(stat(`${file}.lock`)).rejects.toThrow(/ENOENT/);
    const error = await createNdjsonStore({ path: join(dir, 'missing.ndjson'), readOnly: true }).catch(
      (e: unknown) => e,
    );
    expect(isSplitkitError(error) && error.code).toBe('STORE_FAILED');
  });
});
