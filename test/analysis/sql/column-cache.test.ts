/**
 * The column cache of an NDJSON log (Parquet parts in `<log>.columns`): converted once, extended by what is
 * appended, converted again when the log is cut or rewritten, and never a reason for an analysis to fail or
 * to differ from the in-memory report.
 */
import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeFromStore, inferDesign } from '../../../src/analysis/index.js';
import { inferDesignInEngine } from '../../../src/analysis/from-store.js';
import { reportFromAggregates } from '../../../src/analysis/report-from-aggregates.js';
import { resolveOptions } from '../../../src/analysis/resolve-options.js';
import { duckdbAggregates, duckdbExposureShapes, withDuckDb } from '../../../src/analysis/sql/duckdb-engine.js';
import type { StoreAnalysisOptions } from '../../../src/analysis/index.js';
import { updateColumnCache } from '../../../src/analysis/sql/column-cache.js';
import type { ColumnCacheFiles } from '../../../src/analysis/sql/column-cache.js';
import { runAnalyze } from '../../../src/cli/analyze.js';
import { runCaptured } from '../../cli/support.js';
import { acquireFileLock } from '../../../src/collector/file-lock.js';
import { ndjsonColumnFiles } from '../../../src/collector/ndjson-column-files.js';
import { createNdjsonStore } from '../../../src/collector/ndjson-store.js';
import type { NdjsonStore } from '../../../src/collector/ndjson-store.js';
import type { SplitkitEvent } from '../../../src/events/types.js';
import { DAY, T0, exposure, track } from '../fixtures.js';
import { parityEvents, parityOptions } from './parity-fixture.js';
import { expectSameReport } from './same-report.js';
import { ndjsonLines as lines } from './event-log.js';

const dir = mkdtempSync(join(tmpdir(), 'splitkit-column-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Seeds 21 and 22 give two halves of one log: the second's ids differ, its units overlap the first's.
const first = parityEvents(21);
const second = parityEvents(22).map((e) => ({ ...e, id: `b-${(e as { id?: unknown }).id}` }));

let n = 0;
function logWith(text: string): string {
  const path = join(dir, `log${++n}.ndjson`);
  writeFileSync(path, text);
  return path;
}

function manifest(path: string): { end: number; parts: { file: string; rows: number }[] } {
  return JSON.parse(readFileSync(join(`${path}.columns`, 'manifest.json'), 'utf8'));
}

function partFiles(path: string): string[] {
  return readdirSync(`${path}.columns`).filter((name) => name.endsWith('.parquet'));
}

/** The in-memory report and the DuckDB one through the cache, which must agree. */
async function expectCachedMatchesMemory(
  store: NdjsonStore,
  options: Omit<StoreAnalysisOptions, 'engine'> = parityOptions,
) {
  const memory = await analyzeFromStore(store, { ...options, engine: 'memory' });
  const cached = await analyzeFromStore(store, { ...options, engine: 'duckdb', columnCache: true });
  expectSameReport(cached, memory);
  return cached;
}

describe('the column cache', () => {
  it('converts the log once, then reads it without converting again', async () => {
    const path = logWith(lines(first));
    const store = await createNdjsonStore({ path, readOnly: true });
    await expectCachedMatchesMemory(store);
    const built = manifest(path);
    expect(built.end).toBe(readFileSync(path).length);
    expect(built.parts).toHaveLength(1);
    expect(built.parts[0]?.rows).toBe(first.filter((e) => typeof (e as { id?: unknown }).id === 'string').length);
    // Read in place: no copy of the log is left beside it.
    expect(readdirSync(`${path}.columns`).sort()).toEqual(['manifest.json', built.parts[0]?.file]);
    await expectCachedMatchesMemory(store);
    expect(manifest(path)).toEqual(built);
    await store.close();
  });

  it('converts only what was appended since, as a new part', async () => {
    const path = logWith(lines(first));
    const store = await createNdjsonStore({ path, readOnly: true });
    await analyzeFromStore(store, { ...parityOptions, engine: 'duckdb', columnCache: true });
    const before = manifest(path);
    appendFileSync(path, lines(second));
    const report = await expectCachedMatchesMemory(store);
    const after = manifest(path);
    expect(after.parts.slice(0, 1)).toEqual(before.parts);
    expect(after.parts).toHaveLength(2);
    expect(after.end).toBe(readFileSync(path).length);
    expect(report.units).toBeGreaterThan(0);
    await store.close();
  });

  it('counts a null value or variant appended after the cache was built, as memory does', async () => {
    const path = logWith(lines(first));
    const store = await createNdjsonStore({ path, readOnly: true });
    const before = await expectCachedMatchesMemory(store);
    // The first part was converted by the typed read (no null value or variant); the appended slice needs its own scan.
    appendFileSync(
      path,
      lines([
        exposure({ deviceID: 'late' }, 'green', T0),
        { ...track({ deviceID: 'late' }, 'purchase', T0 + DAY), value: null },
        { ...exposure({ deviceID: 'late-null' }, 'green', T0), variant: null },
      ]),
    );
    const after = await expectCachedMatchesMemory(store);
    expect(manifest(path).parts).toHaveLength(2);
    expect(after.invalid.events.nonNumberValue).toBe(before.invalid.events.nonNumberValue + 1);
    expect(after.exclusions.unknownVariant).toBe(before.exclusions.unknownVariant + 1);
    await store.close();
  });

  it('leaves an unfinished last line for later, and converts it once it is whole', async () => {
    const last = lines(second.slice(-1));
    const path = logWith(lines(first) + last.slice(0, 20));
    const store = await createNdjsonStore({ path, readOnly: true });
    await expectCachedMatchesMemory(store);
    expect(manifest(path).end).toBe(Buffer.byteLength(lines(first)));
    appendFileSync(path, last.slice(20));
    await expectCachedMatchesMemory(store);
    expect(manifest(path).end).toBe(readFileSync(path).length);
    await store.close();
  });

  it('converts the log again when it was cut, rewritten, or a part or the manifest was lost', async () => {
    const path = logWith(lines(first) + lines(second));
    const store = await createNdjsonStore({ path, readOnly: true });
    await expectCachedMatchesMemory(store);
    const whole = manifest(path).parts[0]?.file;

    // Cut: shorter than what was converted.
    writeFileSync(path, lines(first));
    await expectCachedMatchesMemory(store);
    expect(manifest(path).parts.map((p) => p.file)).not.toContain(whole);
    expect(partFiles(path)).toHaveLength(1);

    // Rewritten: as long as before or longer, other bytes (the first half's ids changed).
    writeFileSync(path, lines(first.map((e) => ({ ...e, id: `x-${(e as { id?: unknown }).id}` }))) + lines(second));
    await expectCachedMatchesMemory(store);
    expect(manifest(path).parts).toHaveLength(1);

    // A part deleted by hand, then a manifest that is not one.
    rmSync(join(`${path}.columns`, manifest(path).parts[0]?.file ?? ''));
    await expectCachedMatchesMemory(store);
    writeFileSync(join(`${path}.columns`, 'manifest.json'), '{"format":1,"end":');
    await expectCachedMatchesMemory(store);
    expect(partFiles(path)).toEqual(manifest(path).parts.map((p) => p.file));
    await store.close();
  });

  it('converts again a cache of format 2, which read a null value or variant as absent (and a format 3 one)', async () => {
    const path = logWith(lines([...first, { ...track({ deviceID: 'n1' }, 'purchase', T0 + DAY), value: null }]));
    const store = await createNdjsonStore({ path, readOnly: true });
    await expectCachedMatchesMemory(store);
    const current = JSON.parse(readFileSync(join(`${path}.columns`, 'manifest.json'), 'utf8'));
    expect(current.format).toBe(4);
    // The same manifest, valid in every other respect, as the previous release wrote it.
    writeFileSync(join(`${path}.columns`, 'manifest.json'), JSON.stringify({ ...current, format: 2 }));
    await expectCachedMatchesMemory(store);
    const rebuilt = JSON.parse(readFileSync(join(`${path}.columns`, 'manifest.json'), 'utf8'));
    expect(rebuilt.format).toBe(4);
    expect(rebuilt.parts.map((p: { file: string }) => p.file)).not.toEqual(
      current.parts.map((p: { file: string }) => p.file),
    );
    expect(partFiles(path)).toEqual(rebuilt.parts.map((p: { file: string }) => p.file));
    // Format 3 parts did not count their lines that are not events (skippedLines): converted again too.
    writeFileSync(join(`${path}.columns`, 'manifest.json'), JSON.stringify({ ...rebuilt, format: 3 }));
    await expectCachedMatchesMemory(store);
    const again = JSON.parse(readFileSync(join(`${path}.columns`, 'manifest.json'), 'utf8'));
    expect(again.format).toBe(4);
    expect(again.parts[0]?.file).not.toBe(rebuilt.parts[0]?.file);
    expect(again.parts[0]?.checked?.skipped.count).toBe(0);
    await store.close();
  });

  it('converts again when a part was cut short or emptied (a crash, a full disk), instead of failing', async () => {
    const path = logWith(lines(first));
    const store = await createNdjsonStore({ path, readOnly: true });
    await expectCachedMatchesMemory(store);
    for (const damage of [(part: string) => truncateSync(part, 100), (part: string) => writeFileSync(part, '')]) {
      const part = join(`${path}.columns`, manifest(path).parts[0]?.file ?? '');
      damage(part);
      const report = await expectCachedMatchesMemory(store);
      expect(report.notes.join('\n')).not.toContain('column cache was not used');
      expect(manifest(path).parts[0]?.file).not.toBe(part.split('/').at(-1));
    }
    await store.close();
  });

  it('parses the log, with a note, when a part goes missing after it was checked', async () => {
    const path = logWith(lines(first));
    const files = ndjsonColumnFiles(path);
    // The update's last step (removing leftovers) also deletes the parts it just listed.
    const vanishing: ColumnCacheFiles = {
      ...files,
      async remove(names) {
        await files.remove([...names, ...(await files.names()).filter((name) => name.endsWith('.parquet'))]);
      },
    };
    const options = resolveOptions(parityOptions);
    const cached = await duckdbAggregates(options, { files: [path], cache: vanishing });
    expect(options.notes[0]).toMatch(/^The log's column cache was not used \(.*\); DuckDB parsed the log instead/);
    const parsedOptions = resolveOptions(parityOptions);
    const parsed = await duckdbAggregates(parsedOptions, { files: [path] });
    // Reports, not raw aggregates: their rows come back in no particular order.
    expectSameReport(
      reportFromAggregates(options, cached),
      reportFromAggregates({ ...parsedOptions, notes: options.notes }, parsed),
    );
    const notes: string[] = [];
    const shapes = await duckdbExposureShapes({ files: [path], cache: vanishing }, 'button_color', notes);
    expect(notes[0]).toMatch(/column cache was not used/);
    // Groups come back in no particular order.
    const sorted = (rows: object[]) => rows.map((row) => JSON.stringify(row)).sort();
    expect(sorted(shapes)).toEqual(sorted(await duckdbExposureShapes({ files: [path] }, 'button_color')));
  });

  it('guesses a design from the cache as from the log, a string variant starting with U+0001 included', async () => {
    const odd = first
      .filter((e) => (e as { type?: unknown }).type === 'exposure')
      .slice(0, 3)
      .map((e, i) => ({ ...e, id: `odd-${i}`, variant: '\u0001x' }));
    const path = logWith(lines([...first, ...odd]));
    const store = await createNdjsonStore({ path, readOnly: true });
    const memory = await inferDesign(store, 'button_color');
    const cached = await inferDesignInEngine(store, 'button_color', {}, 'duckdb', true);
    await store.close();
    expect(memory.experiment.variants.map((v) => v.key)).toContain('\u0001x');
    expect(cached).toEqual(memory);
  });

  it('removes what an interrupted update left: slices, unfinished manifests, parts no manifest lists', async () => {
    const path = logWith(lines(first));
    const store = await createNdjsonStore({ path, readOnly: true });
    await expectCachedMatchesMemory(store);
    const kept = readdirSync(`${path}.columns`).sort();
    for (const name of ['slice-0b1c.ndjson', 'manifest.json.0b1c.tmp', 'part-0b1c.parquet']) {
      writeFileSync(join(`${path}.columns`, name), 'left over');
    }
    await expectCachedMatchesMemory(store);
    expect(readdirSync(`${path}.columns`).sort()).toEqual(kept);
    await store.close();
  });

  it('merges later parts once there are more than eight, keeping every row once', async () => {
    const events = parityEvents(23);
    const chunk = Math.ceil(events.length / 10);
    const path = logWith(lines(events.slice(0, chunk)));
    const store = await createNdjsonStore({ path, readOnly: true });
    const counts: number[] = [];
    for (let i = 1; i <= 10; i++) {
      if (i > 1) appendFileSync(path, lines(events.slice((i - 1) * chunk, i * chunk)));
      await analyzeFromStore(store, { ...parityOptions, engine: 'duckdb', columnCache: true });
      counts.push(manifest(path).parts.length);
    }
    expect(counts).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 2, 3]);
    expect(partFiles(path)).toHaveLength(3);
    const rows = manifest(path).parts.reduce((sum, p) => sum + p.rows, 0);
    expect(rows).toBe(events.filter((e) => typeof (e as { id?: unknown }).id === 'string').length);
    await expectCachedMatchesMemory(store);
    await store.close();
  });

  it('converts from where appends are committed when this process writes the log', async () => {
    const path = join(dir, 'written.ndjson');
    const store = await createNdjsonStore({ path });
    await store.append(first.filter((e) => typeof (e as { id?: unknown }).id === 'string') as SplitkitEvent[]);
    await expectCachedMatchesMemory(store);
    // The writer holds the log's lock: the bytes were copied to a slice, which is gone.
    expect(readdirSync(`${path}.columns`).filter((name) => name.startsWith('slice-'))).toEqual([]);
    await store.append(second.filter((e) => typeof (e as { id?: unknown }).id === 'string') as SplitkitEvent[]);
    await expectCachedMatchesMemory(store);
    expect(manifest(path).parts).toHaveLength(2);
    await store.close();
  });

  it('is not a reason to fail: a folder that cannot be made, or one another analysis holds, means parsing the log', async () => {
    const blocked = logWith(lines(first));
    // A file where the folder should be: mkdir fails (as it does in a read-only directory).
    writeFileSync(`${blocked}.columns`, '');
    const store = await createNdjsonStore({ path: blocked, readOnly: true });
    const memory = await analyzeFromStore(store, { ...parityOptions, engine: 'memory' });
    const parsed = await analyzeFromStore(store, { ...parityOptions, engine: 'duckdb', columnCache: true });
    await store.close();
    expect(parsed.notes[0]).toMatch(
      /^The log's column cache was not used \(Cannot create the folder \S+\.columns: it is not a folder\); DuckDB parsed the log instead/,
    );
    expectSameReport({ ...parsed, notes: parsed.notes.slice(1) }, memory);

    const held = logWith(lines(first));
    mkdirSync(`${held}.columns`);
    const lock = await acquireFileLock(join(`${held}.columns`, 'cache'));
    expect(lock.acquired).toBe(true);
    const heldStore = await createNdjsonStore({ path: held, readOnly: true });
    const whileHeld = await analyzeFromStore(heldStore, { ...parityOptions, engine: 'duckdb', columnCache: true });
    expect(whileHeld.notes[0]).toMatch(/not used \(another analysis is using it\)/);
    expectSameReport({ ...whileHeld, notes: whileHeld.notes.slice(1) }, memory);
    if (lock.acquired) await lock.lock.release();
    await expectCachedMatchesMemory(heldStore);
    await heldStore.close();
  });

  it('is not kept by default for a log under 64 MiB, nor ever with columnCache: false', async () => {
    const path = logWith(lines(first));
    const store = await createNdjsonStore({ path, readOnly: true });
    await analyzeFromStore(store, { ...parityOptions, engine: 'duckdb' });
    await analyzeFromStore(store, { ...parityOptions, engine: 'duckdb', columnCache: false });
    await store.close();
    expect(readdirSync(dir)).not.toContain(`log${n}.ndjson.columns`);
  });

  it('converts a copy when the log grew while it was read in place', async () => {
    const path = logWith(lines(first));
    const files = ndjsonColumnFiles(path);
    let grown = false;
    // The log grows right after its first in-place slice is taken, as a live writer's appends would.
    const growing: ColumnCacheFiles = {
      ...files,
      async slice(start, end, copy) {
        const slice = await files.slice(start, end, copy);
        if (!copy && !grown) {
          expect(slice.path).toBe(path);
          appendFileSync(path, lines(second));
          grown = true;
        }
        return slice;
      },
    };
    const lock = await growing.lock();
    const update = await withDuckDb({}, (run) => updateColumnCache(growing, run));
    await lock?.release();
    expect(grown).toBe(true);
    expect(update.converted).toBe(Buffer.byteLength(lines(first)));
    expect(update.parts).toHaveLength(1);
    const store = await createNdjsonStore({ path, readOnly: true });
    await expectCachedMatchesMemory(store);
    expect(manifest(path).parts).toHaveLength(2);
    await store.close();
  });

  it('is taken by `splitkit analyze --column-cache` and refused by --no-column-cache', async () => {
    const path = logWith(lines(first));
    const run = (...flags: string[]) => {
      const argv = ['--store', path, '--experiment', 'button_color', '--metric', 'converted:conversion:event=purchase'];
      return runCaptured(runAnalyze, [...argv, ...flags]);
    };
    expect((await run('--engine', 'duckdb', '--no-column-cache')).code).toBe(0);
    expect(readdirSync(dir)).not.toContain(`log${n}.ndjson.columns`);
    expect((await run('--engine', 'duckdb', '--column-cache')).code).toBe(0);
    expect(manifest(path).parts).toHaveLength(1);
    const both = await run('--column-cache', '--no-column-cache');
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--column-cache and --no-column-cache contradict each other');
  });
});
