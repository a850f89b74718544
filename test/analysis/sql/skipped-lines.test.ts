/**
 * Lines of an NDJSON log that are not events: every engine that reads the log (memory, DuckDB, with
 * and without the column cache) counts them, says why and where the first are, in the JSON report and
 * in both renderings. Blank lines are not counted.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeFromStore, renderHtmlReport, renderTerminalReport } from '../../../src/analysis/index.js';
import type { AnalysisEngine } from '../../../src/analysis/index.js';
import { createNdjsonStore } from '../../../src/collector/ndjson-store.js';
import { DAY, T0, exposure, track } from '../fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'splitkit-skipped-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const OPTIONS = {
  experiment: {
    key: 'button_color',
    unit: 'deviceID',
    variants: [
      { key: 'control', weight: 50 },
      { key: 'green', weight: 50 },
    ],
  },
  metrics: [{ key: 'revenue', event: 'purchase', kind: 'sum' as const }],
  now: T0 + 10 * DAY,
};

/** Event lines: each unit exposed and buying once. */
function eventLines(units: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < units; i++) {
    const u = { deviceID: `d${i}` };
    lines.push(JSON.stringify(exposure(u, i % 2 === 0 ? 'control' : 'green', T0 + i)));
    lines.push(JSON.stringify(track(u, 'purchase', T0 + DAY + i, 1 + (i % 7))));
  }
  return lines;
}

async function analyze(lines: readonly string[], name: string, engine: AnalysisEngine, columnCache = false) {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  const store = await createNdjsonStore({ path, readOnly: true });
  try {
    return await analyzeFromStore(store, { ...OPTIONS, engine, columnCache });
  } finally {
    await store.close();
  }
}

/** 40 units' events with, in order: a blank line, a whitespace line and one bad line of each kind. */
function mixedLog(): string[] {
  const lines = eventLines(40);
  lines.splice(3, 0, ''); // line 4: blank, not counted
  lines.splice(5, 0, ' \t '); // line 6: blanks, not counted
  lines.splice(7, 0, 'not json at all'); // line 8
  lines.splice(10, 0, '[1, 2]'); // line 11
  lines.splice(20, 0, '{"type":"event","name":"purchase"}'); // line 21
  lines.splice(30, 0, '{"id":null,"type":"event"}'); // line 31
  lines.splice(40, 0, '{"id":"cut","type":"ev'); // line 41: a write cut short
  lines.splice(50, 0, '"a string"'); // line 51
  return lines;
}

const EXPECTED = {
  count: 6,
  reasons: { notJson: 2, notObject: 2, noId: 2 },
  first: [
    { line: 8, reason: 'notJson' },
    { line: 11, reason: 'notObject' },
    { line: 21, reason: 'noId' },
  ],
};

describe('lines of the log that are not events', () => {
  for (const [engine, columnCache] of [
    ['memory', false],
    ['duckdb', false],
    ['duckdb', true],
  ] as const) {
    it(`are counted with their reasons and first line numbers (${engine}${columnCache ? ', column cache' : ''})`, async () => {
      const report = await analyze(mixedLog(), `mixed-${engine}-${columnCache}.ndjson`, engine, columnCache);
      expect(report.skippedLines).toEqual(EXPECTED);
      // The skipped lines change nothing else: the 40 units are all there.
      expect(report.units).toBe(40);
      expect(JSON.parse(JSON.stringify(report)).skippedLines).toEqual(EXPECTED);
      const sentence =
        'Skipped: 6 lines of the log are not events and were skipped (2 not JSON, 2 JSON but not an object, ' +
        '2 without an event id), first at lines 8, 11 and 21.';
      const text = renderTerminalReport(report, { color: false }).replace(/\n\s+/g, ' ');
      expect(text).toContain(sentence);
      expect(renderHtmlReport(report)).toContain(`<p class="srm-bad">${sentence}</p>`);
    });
  }

  it('a log with blank lines only besides its events reads 0 skipped, and the reports say nothing', async () => {
    const lines = eventLines(10);
    lines.splice(2, 0, '', '   ');
    for (const engine of ['memory', 'duckdb'] as const) {
      const report = await analyze(lines, `clean-${engine}.ndjson`, engine);
      expect(report.skippedLines).toEqual({ count: 0, reasons: { notJson: 0, notObject: 0, noId: 0 }, first: [] });
      expect(renderTerminalReport(report, { color: false })).not.toContain('Skipped');
      expect(renderHtmlReport(report)).not.toContain('Skipped');
    }
  });

  it('one skipped line is named in the singular', async () => {
    const lines = eventLines(10);
    lines.splice(4, 0, '{"id":7}{');
    const report = await analyze(lines, 'one.ndjson', 'duckdb');
    const text = renderTerminalReport(report, { color: false }).replace(/\n\s+/g, ' ');
    expect(text).toContain('Skipped: 1 line of the log is not an event and was skipped (1 not JSON), first at line 5.');
  });

  it('line numbers are exact in a log DuckDB scans in parallel chunks', async () => {
    // About 24 MB: many of DuckDB's read buffers, read by both threads.
    const lines = eventLines(60_000);
    const bad = [70_001, 100_000, 119_999];
    for (const line of bad) lines.splice(line - 1, 0, 'oops');
    const report = await analyze(lines, 'big.ndjson', 'duckdb');
    expect(report.skippedLines?.count).toBe(3);
    expect(report.skippedLines?.first.map((f) => f.line)).toEqual(bad);
    expect(report.units).toBe(60_000);
  }, 60_000);

  it('the column cache counts each part once when it converts it, and numbers lines across its parts', async () => {
    const path = join(dir, 'cached.ndjson');
    const first = eventLines(10);
    first.splice(2, 0, 'garbage one'); // line 3
    writeFileSync(path, `${first.join('\n')}\n`);
    const read = async () => {
      const store = await createNdjsonStore({ path, readOnly: true });
      try {
        return await analyzeFromStore(store, { ...OPTIONS, engine: 'duckdb', columnCache: true });
      } finally {
        await store.close();
      }
    };
    expect((await read()).skippedLines?.first).toEqual([{ line: 3, reason: 'notJson' }]);
    // Appended later: a second part, whose lines are numbered after the first part's 21.
    appendFileSync(path, `${['[]', ...eventLines(2), '{"no":"id"}'].join('\n')}\n`);
    const report = await read();
    expect(report.skippedLines).toEqual({
      count: 3,
      reasons: { notJson: 1, notObject: 1, noId: 1 },
      first: [
        { line: 3, reason: 'notJson' },
        { line: 22, reason: 'notObject' },
        { line: 27, reason: 'noId' },
      ],
    });
    // Each part carries its own count in the manifest: the log is not parsed again to count them.
    const manifest = JSON.parse(readFileSync(join(`${path}.columns`, 'manifest.json'), 'utf8'));
    expect(manifest.parts.map((p: { checked: { lines: number; skipped: { count: number } } }) => p.checked)).toEqual([
      {
        lines: 21,
        skipped: { count: 1, reasons: { notJson: 1, notObject: 0, noId: 0 }, first: [{ line: 3, reason: 'notJson' }] },
      },
      {
        lines: 6,
        skipped: {
          count: 2,
          reasons: { notJson: 0, notObject: 1, noId: 1 },
          first: [
            { line: 1, reason: 'notObject' },
            { line: 6, reason: 'noId' },
          ],
        },
      },
    ]);
  });

  it('a last line still being written (no newline yet) is not counted; the same line ended is', async () => {
    const path = join(dir, 'tail.ndjson');
    const lines = eventLines(10);
    const analyzeWith = async (engine: AnalysisEngine) => {
      const store = await createNdjsonStore({ path, readOnly: true });
      try {
        return await analyzeFromStore(store, { ...OPTIONS, engine });
      } finally {
        await store.close();
      }
    };
    writeFileSync(path, `${lines.join('\n')}\nbroken\n{"id":"e-half","ty`);
    for (const engine of ['memory', 'duckdb'] as const)
      expect((await analyzeWith(engine)).skippedLines?.first, engine).toEqual([{ line: 21, reason: 'notJson' }]);
    appendFileSync(path, '\n');
    for (const engine of ['memory', 'duckdb'] as const)
      expect((await analyzeWith(engine)).skippedLines?.first, engine).toEqual([
        { line: 21, reason: 'notJson' },
        { line: 22, reason: 'notJson' },
      ]);
  });
});
