/**
 * Without the optional `@duckdb/node-api` package: importing it fails here as it does when it is not
 * installed, so an explicit DuckDB engine is a clear error and the default falls back to memory, saying so.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { analyzeFromStore } from '../../../src/analysis/index.js';
import { DUCKDB_FALLBACK_NOTE, inferDesignInEngine } from '../../../src/analysis/from-store.js';
import { resolveOptions } from '../../../src/analysis/resolve-options.js';
import { duckdbAggregates, loadDuckDb } from '../../../src/analysis/sql/duckdb-engine.js';
import { runAnalyze } from '../../../src/cli/analyze.js';
import { runCaptured } from '../../cli/support.js';
import { createNdjsonStore } from '../../../src/collector/ndjson-store.js';
import { ConfigError } from '../../../src/errors/index.js';
import { BUTTON } from '../fixtures.js';
import { parityEvents, parityOptions } from './parity-fixture.js';
import { expectSameReport } from './same-report.js';
import { writeEventLog } from './event-log.js';

vi.mock('@duckdb/node-api', () => {
  throw Object.assign(new Error("Cannot find package '@duckdb/node-api'"), { code: 'ERR_MODULE_NOT_FOUND' });
});

const dir = mkdtempSync(join(tmpdir(), 'splitkit-no-duckdb-'));
const path = join(dir, 'events.ndjson');
writeEventLog(path, parityEvents(3));
const ruleset = join(dir, 'ruleset.json');
writeFileSync(ruleset, JSON.stringify({ version: 1, experiments: { button_color: BUTTON } }));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const INSTALL = "the duckdb engine needs the '@duckdb/node-api' package (npm install @duckdb/node-api)";

function cli(...argv: string[]) {
  const base = ['--store', path, '--experiment', 'button_color', '--metric', 'converted:conversion:event=purchase'];
  return runCaptured(runAnalyze, [...base, ...argv]);
}

describe('without @duckdb/node-api', () => {
  it('cannot load the package (the simulation holds)', async () => {
    expect(await loadDuckDb()).toBeUndefined();
  });

  it('refuses an explicit duckdb engine with an error naming the package and how to install it', async () => {
    const store = await createNdjsonStore({ path, readOnly: true });
    const error = await analyzeFromStore(store, { ...parityOptions, engine: 'duckdb' }).catch((e: unknown) => e);
    await store.close();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code: 'INVALID_OPTIONS', issues: [{ path: 'engine', message: INSTALL }] });
    await expect(duckdbAggregates(resolveOptions(parityOptions), { files: [path] })).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
      issues: [{ path: 'engine', message: INSTALL }],
    });
  });

  it('analyzes an NDJSON log in memory by default, with a note saying DuckDB would be faster', async () => {
    const store = await createNdjsonStore({ path, readOnly: true });
    const chosen = await analyzeFromStore(store, parityOptions);
    const memory = await analyzeFromStore(store, { ...parityOptions, engine: 'memory' });
    await store.close();
    expect(chosen.units).toBeGreaterThan(300);
    expect(chosen.notes).toContain(DUCKDB_FALLBACK_NOTE);
    expect(DUCKDB_FALLBACK_NOTE).toContain('npm install @duckdb/node-api');
    expect(memory.notes).not.toContain(DUCKDB_FALLBACK_NOTE);
    expectSameReport({ ...chosen, notes: [] }, { ...memory, notes: [] });
  });

  it('guesses the design in memory by default, and refuses an explicit duckdb engine before reading', async () => {
    const store = await createNdjsonStore({ path, readOnly: true });
    const read = vi.fn(store.read);
    const watched = { ...store, read };
    const guessed = await inferDesignInEngine(watched, 'button_color', {}, undefined);
    expect(guessed.experiment.variants.map((v) => v.key)).toEqual(['control', 'green', 'purple']);
    read.mockClear();
    await expect(inferDesignInEngine(watched, 'button_color', {}, 'duckdb')).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
      issues: [{ message: INSTALL }],
    });
    expect(read).not.toHaveBeenCalled();
    await store.close();
  });

  it('splitkit analyze: --engine duckdb exits 2 naming the package; the default prints the note', async () => {
    for (const argv of [
      ['--engine', 'duckdb'],
      ['--engine', 'duckdb', '--ruleset', ruleset],
    ]) {
      const refused = await cli(...argv);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(INSTALL);
      // One problem per line, as the options error words it: the line break is not escaped.
      expect(refused.stderr).toContain('Invalid analysis options:\nengine: ');
      expect(refused.stderr).not.toContain('\\u000a');
    }
    const json = join(dir, 'report.json');
    const fallback = await cli('--json', json);
    expect(fallback.code).toBe(0);
    expect(fallback.stdout.replace(/\s+/g, ' ')).toContain('install it with npm install @duckdb/node-api.');
    expect(JSON.parse(readFileSync(json, 'utf8')).notes).toContain(DUCKDB_FALLBACK_NOTE);
    const printed = await cli('--print-sql');
    expect(printed.code).toBe(2);
    expect(printed.stderr).toContain(`no SQL to print: ${INSTALL}`);
  });
});
