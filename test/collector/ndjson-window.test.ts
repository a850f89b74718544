/**
 * The NDJSON store's bounded deduplication window and group commit: memory
 * bounded by the window however many ids pass (the old `Set` of every id
 * broke at V8's 16,777,216), reopening that reads only the newest lines, and
 * concurrent appends sharing one write and one sync.
 */
import { open, readFile, rm, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createIdWindow, GENERATIONS } from '../../src/collector/id-window.js';
import { readLines } from '../../src/collector/ndjson-lines.js';
import { readLinesBackward } from '../../src/collector/ndjson-tail.js';
import { createNdjsonStore } from '../../src/collector/ndjson-store.js';
import { openEventStore } from '../../src/collector/open-store.js';
import type { NdjsonStore, NdjsonStoreOptions } from '../../src/collector/ndjson-store.js';
import type { Line } from '../../src/collector/ndjson-lines.js';
import { ConfigError } from '../../src/errors/index.js';
import type { Logger } from '../../src/io/logger.js';
import { collect, customEvents } from './support/events.js';

let dir: string;
let file: string;
let stores: NdjsonStore[];

function spyLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, debug() {}, info() {}, error() {}, warn: (message: string) => void warnings.push(message) };
}

async function openStore(options: Partial<NdjsonStoreOptions> = {}): Promise<NdjsonStore> {
  const store = await createNdjsonStore({ path: file, logger: spyLogger(), ...options });
  stores.push(store);
  return store;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'splitkit-window-'));
  file = join(dir, 'events.ndjson');
  stores = [];
});

afterEach(async () => {
  vi.restoreAllMocks();
  for (const store of stores) await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('id window', () => {
  it('holds at least the last `capacity` ids and never more than a generation beyond', () => {
    const window = createIdWindow(1000);
    const total = 200_000;
    for (let i = 0; i < total; i++) window.add(`id-${i}`);
    expect(window.size).toBeGreaterThanOrEqual(1000);
    expect(window.size).toBeLessThanOrEqual(1000 + 1000 / GENERATIONS);
    // Tables at most 3/4 full, doubling from 1,024 slots of 8 bytes: a bound that does not grow with `total`.
    expect(window.bytes).toBeLessThanOrEqual((GENERATIONS + 1) * 1024 * 8);
    let held = 0;
    for (let i = total - 1000; i < total; i++) if (window.has(`id-${i}`)) held++;
    expect(held).toBe(1000);
    let forgotten = 0;
    for (let i = 0; i < 1000; i++) if (!window.has(`id-${i}`)) forgotten++;
    expect(forgotten).toBe(1000);
  });

  it('tells ids apart that differ in one character, in length, or only past the first characters', () => {
    const window = createIdWindow(100_000);
    const ids = Array.from({ length: 50_000 }, (_, i) => `0b7d5c1e-${i.toString(16).padStart(4, '0')}-4a5f-9c3b`);
    for (const id of ids) window.add(id);
    let misses = 0;
    for (const id of ids) if (!window.has(id)) misses++;
    expect(misses).toBe(0);
    let falseHits = 0;
    for (const id of ids) {
      if (window.has(`${id}x`)) falseHits++;
      if (window.has(id.slice(0, -1))) falseHits++;
      if (window.has(`${id.slice(0, -1)}d`) && !id.endsWith('d')) falseHits++;
    }
    expect(falseHits).toBe(0);
    expect(window.has('')).toBe(false);
  });

  it('loads older ids until the window is full', () => {
    const window = createIdWindow(100);
    let loaded = 0;
    for (let i = 999; i >= 0; i--) if (window.addOlder(`id-${i}`)) loaded++;
    expect(loaded).toBe(100);
    expect(window.has('id-999') && window.has('id-900')).toBe(true);
    expect(window.has('id-899')).toBe(false);
  });
});

describe('reading a log backwards', () => {
  it('yields the same lines as reading forwards, across chunk boundaries and multi-byte characters', async () => {
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 3.5 * 1024 * 1024; i++) {
      const line = i % 7 === 0 ? '' : `{"n":${i},"t":"${'é€😀ab'.repeat(i % 5000)}"}`;
      parts.push(line);
      size += Buffer.byteLength(line) + 1;
    }
    const text = `${parts.join('\n')}\n{"torn":`;
    await writeFile(file, text);
    const forwards: Line[] = [];
    for await (const line of readLines(file)) forwards.push(line);
    const handle = await open(file, 'r');
    const backwards: Line[] = [];
    try {
      for await (const line of readLinesBackward(handle, Buffer.byteLength(text))) backwards.push(line);
    } finally {
      await handle.close();
    }
    expect(backwards.reverse()).toEqual(forwards);
    expect(forwards.at(-1)).toMatchObject({ text: '{"torn":', complete: false });
  });
});

describe('NDJSON store deduplication window', () => {
  it('drops repeats within the window, before and after reopening, and keeps memory to the window', async () => {
    const store = await openStore({ dedupeWindow: 100 });
    const events = customEvents(1000);
    for (let i = 0; i < 1000; i += 10) await store.append(events.slice(i, i + 10));
    const newest = events.slice(-100);
    expect(await store.append(newest)).toEqual({ stored: 0, duplicates: 100 });
    await store.close();
    const reopened = await openStore({ dedupeWindow: 100 });
    expect(await reopened.append(newest)).toEqual({ stored: 0, duplicates: 100 });
    // Past the window a repeat is stored again: the store no longer holds those ids.
    expect(await reopened.append(events.slice(0, 10))).toEqual({ stored: 10, duplicates: 0 });
    expect(await collect(reopened.read())).toHaveLength(1010);
  });

  it('reads only the newest lines when it opens, and still reads the whole log', async () => {
    const events = customEvents(300);
    const old = customEvents(1);
    // Lines no window-sized open reaches: were they read, they would be reported as skipped.
    const garbage = Array.from({ length: 50 }, () => 'not an event').join('\n');
    await writeFile(
      file,
      `${JSON.stringify(old[0])}\n${garbage}\n${events.map((e) => JSON.stringify(e)).join('\n')}\n`,
    );
    const logger = spyLogger();
    const store = await openStore({ dedupeWindow: 200, logger });
    expect(logger.warnings).toEqual([]);
    expect(await store.append(events.slice(-200))).toEqual({ stored: 0, duplicates: 200 });
    expect(await collect(store.read())).toEqual([...old, ...events]);
  });

  it('opens a log written by an earlier version, whatever the order of its keys', async () => {
    const events = customEvents(3);
    const reordered = events.map(({ id, ...rest }) => JSON.stringify({ ...rest, id }));
    const escaped = { ...customEvents(1)[0]!, id: 'quote"and\\slash' };
    await writeFile(file, `${reordered.join('\n')}\n${JSON.stringify(escaped)}\n`);
    const store = await openStore();
    expect(await store.append([...events, escaped])).toEqual({ stored: 0, duplicates: 4 });
    expect(await collect(store.read())).toEqual([...events, escaped]);
  });

  it('takes its window from openEventStore, as the CLI opens it', async () => {
    const store = await openEventStore(file, { logger: spyLogger(), dedupeWindow: 4 });
    stores.push(store as NdjsonStore);
    const events = customEvents(40);
    for (const event of events) await store.append([event]);
    expect(await store.append([events[39]!])).toEqual({ stored: 0, duplicates: 1 });
    expect(await store.append([events[0]!])).toEqual({ stored: 1, duplicates: 0 });
  });

  it('refuses a window that is not a positive integer', async () => {
    for (const dedupeWindow of [0, -1, 1.5, Number.NaN]) {
      const error = await createNdjsonStore({ path: file, dedupeWindow }).catch((e: unknown) => e);
      expect(error instanceof ConfigError && error.issues).toEqual([
        { path: 'dedupeWindow', message: 'expected an integer >= 1' },
      ]);
    }
  });
});

describe('NDJSON store group commit', () => {
  it('writes the appends waiting during a sync together, with one sync, and settles each after it', async () => {
    const store = await openStore();
    const probe = await open(join(dir, 'probe'), 'w');
    const proto = Object.getPrototypeOf(probe) as { datasync(): Promise<void> };
    await probe.close();
    const original = proto.datasync;
    const gates: (() => void)[] = [];
    const syncs: string[] = [];
    vi.spyOn(proto, 'datasync').mockImplementation(async function (this: unknown) {
      syncs.push(await readFile(file, 'utf8'));
      await new Promise<void>((resolve) => gates.push(resolve));
      return original.call(this);
    });
    const settled: number[] = [];
    const firstEvents = customEvents(2);
    const first = store.append(firstEvents).then(() => settled.push(0));
    await vi.waitFor(() => expect(gates).toHaveLength(1));
    const batches = Array.from({ length: 10 }, () => customEvents(3));
    const rest = batches.map((events, i) => store.append(events).then((result) => (settled.push(i + 1), result)));
    gates[0]!();
    await first;
    await vi.waitFor(() => expect(gates).toHaveLength(2));
    // All ten batches were written before the second sync, and none is acknowledged before it ends.
    expect(syncs[1]!.trim().split('\n')).toHaveLength(2 + 30);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toEqual([0]);
    gates[1]!();
    expect(await Promise.all(rest)).toEqual(batches.map(() => ({ stored: 3, duplicates: 0 })));
    expect(syncs).toHaveLength(2);
    expect(await collect(store.read())).toEqual([...firstEvents, ...batches.flat()]);
  });

  it('stores an id sent by two appends of one group once', async () => {
    const store = await openStore();
    const events = customEvents(4);
    const results = await Promise.all([store.append(events), store.append(events.slice(2)), store.append(events)]);
    expect(results).toEqual([
      { stored: 4, duplicates: 0 },
      { stored: 0, duplicates: 2 },
      { stored: 0, duplicates: 4 },
    ]);
    expect(await collect(store.read())).toEqual(events);
  });
});
