/**
 * The column cache of an NDJSON log: its rows parsed and typed once into
 * Parquet parts kept beside it, so that an analysis with DuckDB scans
 * columns instead of parsing every JSON line again. The log is append-only,
 * so each analysis converts only the bytes added since the last one (a new
 * part); a log that was cut or rewritten is converted again from the start.
 * See docs/scale.md, "The column cache".
 */
import { literal } from './dialect.js';
import { convertLog, readPath } from './dialect-duckdb.js';
import { holdsNullFields } from './duckdb-log.js';
import type { ColumnPart } from './dialect-duckdb.js';
import type { SqlExecutor } from './run-sql.js';
import { checkFileLines, isCheckedLines, joinCheckedLines } from './skipped-lines.js';
import type { CheckedLines } from './skipped-lines.js';
import type { SkippedLines } from '../types.js';

/**
 * The files of one log's column cache, as the NDJSON store provides them
 * (the analysis does no file I/O of its own: it runs in browsers too).
 */
export interface ColumnCacheFiles {
  /** The path of the file `name` in the cache's folder. */
  path(name: string): string;
  /**
   * Takes the cache for one analysis, creating its folder when missing;
   * undefined when another live analysis holds it. Rejects when the folder cannot be written.
   */
  lock(): Promise<{ release(): Promise<void> } | undefined>;
  /** Where the log's last complete line ends now. */
  end(): Promise<number>;
  /** A digest of samples of the log's bytes before `end`: it changes when the log is cut or rewritten. */
  fingerprint(end: number): Promise<string>;
  /**
   * A file holding exactly the log's bytes [start, end): a copy, or the log
   * itself when no one is writing it. `intact()` says whether it still held
   * just those bytes when converted (a log read in place may have grown).
   */
  slice(start: number, end: number, copy: boolean): Promise<LogSlice>;
  /** The manifest's text; undefined when there is none. */
  readManifest(): Promise<string | undefined>;
  /** Replaces the manifest in one step (a reader sees the old or the new one). */
  writeManifest(text: string): Promise<void>;
  /** The names of the files in the folder (the cache tells its parts by {@link PART_FILE}). */
  names(): Promise<string[]>;
  /** Files an update left behind when it stopped half-way (slices, unfinished manifests). */
  leftovers(): Promise<string[]>;
  /** Makes files of the folder durable, so a manifest written after them never lists a part a crash emptied. */
  persist(names: readonly string[]): Promise<void>;
  /** Deletes files of the folder by name. */
  remove(names: readonly string[]): Promise<void>;
}

/** Bytes of the log to convert, from {@link ColumnCacheFiles.slice}. */
export interface LogSlice {
  readonly path: string;
  intact(): Promise<boolean>;
  done(): Promise<void>;
}

/**
 * The cache's format; a different one (an older splitkit's typing) is converted again.
 * 3: a `value` or `variant` of JSON `null` is typed as present (format 2 read it as absent).
 * 4: each part records its lines and those that are not events (`checked`, skipped-lines.ts).
 */
const FORMAT = 4;

/** A part as the manifest lists it; `checked` is absent when its lines could not be checked. */
interface Part {
  file: string;
  rows: number;
  checked?: CheckedLines;
}

/** Parts kept before the newer ones are merged into one. */
const MAX_PARTS = 8;

/** The name of a part (see partName): the one rule for which files of the folder are parts. */
const PART_FILE = /^part-[\w-]+\.parquet$/;

/** The parts in the folder, listed or not. */
async function partsIn(files: ColumnCacheFiles): Promise<string[]> {
  return (await files.names()).filter((name) => PART_FILE.test(name));
}

interface Manifest {
  format: number;
  /** The log bytes converted: [0, end). */
  end: number;
  fingerprint: string;
  parts: Part[];
}

/** What {@link updateColumnCache} did. */
export interface CacheUpdate {
  /** The parts to read, in log order. */
  parts: ColumnPart[];
  /** The lines of the log the parts hold that are not events; undefined when a part's were not checked. */
  skippedLines?: SkippedLines;
  /** Log bytes converted by this update. */
  converted: number;
}

/**
 * Brings the cache up to the log's current end with DuckDB (`run`) and
 * returns its parts. The caller holds the cache's lock.
 */
export async function updateColumnCache(files: ColumnCacheFiles, run: SqlExecutor): Promise<CacheUpdate> {
  const end = await files.end();
  const manifest = parseManifest(await files.readManifest());
  const valid =
    manifest !== undefined &&
    manifest.end <= end &&
    (await files.fingerprint(manifest.end)) === manifest.fingerprint &&
    (await partsReadable(files, run, manifest.parts));
  let kept = valid ? manifest.parts : [];
  const start = valid ? manifest.end : 0;
  const fresh: string[] = [];
  if (end > start) {
    const part = await convert(files, run, start, end);
    kept = [...kept, part];
    fresh.push(part.file);
  }
  if (kept.length > MAX_PARTS) {
    // The first part is usually the bulk of the log: merging only the later ones keeps each merge small.
    const merged = await merge(files, run, kept.slice(1));
    kept = [kept[0]!, merged];
    fresh.push(merged.file);
  }
  if (!valid || fresh.length > 0) {
    await files.persist(fresh);
    await files.writeManifest(
      JSON.stringify({ format: FORMAT, end, fingerprint: await files.fingerprint(end), parts: kept }),
    );
  }
  // Parts no longer listed (replaced, merged, or left by an update that stopped before its manifest) and
  // an interrupted update's slices: the lock is ours, so nothing else is using them.
  const listed = new Set(kept.map((part) => part.file));
  await files.remove([...(await partsIn(files)).filter((name) => !listed.has(name)), ...(await files.leftovers())]);
  const checked = kept.map((part) => part.checked);
  const update: CacheUpdate = {
    parts: kept.map((part) => ({ path: files.path(part.file), rows: part.rows })),
    converted: end - start,
  };
  if (checked.every((c): c is CheckedLines => c !== undefined)) update.skippedLines = joinCheckedLines(checked).skipped;
  return update;
}

/** Converts the log's bytes [start, end) into a new part. */
async function convert(files: ColumnCacheFiles, run: SqlExecutor, start: number, end: number): Promise<Part> {
  const inPlace = await convertSlice(files, run, await files.slice(start, end, false));
  if (inPlace !== undefined) return inPlace;
  // The log grew while it was read in place: convert a copy of exactly the bytes wanted.
  const copied = await convertSlice(files, run, await files.slice(start, end, true));
  if (copied === undefined) throw new Error('a copy of the log changed while it was converted');
  return copied;
}

/** The part converted from `slice`; undefined (and no part) when the slice no longer held its bytes. */
async function convertSlice(files: ColumnCacheFiles, run: SqlExecutor, slice: LogSlice): Promise<Part | undefined> {
  const file = partName();
  try {
    const keepNulls = await holdsNullFields(run, [slice.path]);
    const rows = await copyTo(run, convertLog(slice.path, keepNulls), files.path(file));
    // The lines that are not events are dropped here, so they are counted here, once per part.
    const checked = await checkFileLines(run, slice.path).catch(() => undefined);
    if (await slice.intact()) return checked === undefined ? { file, rows } : { file, rows, checked };
    await files.remove([file]);
    return undefined;
  } finally {
    await slice.done();
  }
}

/**
 * Whether every listed part is there and a whole Parquet file with the rows
 * the manifest says (its footer is read, not its data): a part cut short by
 * a crash or a full disk means converting the log again, not a failed analysis.
 */
async function partsReadable(
  files: ColumnCacheFiles,
  run: SqlExecutor,
  parts: readonly { file: string; rows: number }[],
): Promise<boolean> {
  const present = new Set(await partsIn(files));
  if (!parts.every((part) => present.has(part.file))) return false;
  try {
    for (const part of parts) {
      const [meta] = await run(
        `SELECT num_rows FROM parquet_file_metadata(${literal(readPath(files.path(part.file)))})`,
      );
      if (Number(meta?.num_rows) !== part.rows) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/** Merges `parts` (in order) into one new part. */
async function merge(files: ColumnCacheFiles, run: SqlExecutor, parts: readonly Part[]): Promise<Part> {
  const file = partName();
  const list = parts.map((part) => literal(readPath(files.path(part.file)))).join(', ');
  const rows = await copyTo(run, `SELECT * FROM read_parquet([${list}])`, files.path(file));
  const checked = parts.map((part) => part.checked);
  if (!checked.every((c): c is CheckedLines => c !== undefined)) return { file, rows };
  return { file, rows, checked: joinCheckedLines(checked) };
}

/** Writes the rows of `select` to the Parquet file `path`; returns how many. */
async function copyTo(run: SqlExecutor, select: string, path: string): Promise<number> {
  const [result] = await run(`COPY (${select}) TO ${literal(path)} (FORMAT parquet, COMPRESSION zstd)`);
  return Number(result?.Count ?? 0);
}

function partName(): string {
  // Named so that PART_FILE matches it.
  return `part-${crypto.randomUUID()}.parquet`;
}

/** The manifest in `text`, or undefined when it is missing, of another format or not one. */
function parseManifest(text: string | undefined): Manifest | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as Manifest;
    const partsOk =
      Array.isArray(value.parts) &&
      value.parts.every(
        (part) =>
          typeof part?.file === 'string' &&
          PART_FILE.test(part.file) &&
          Number.isSafeInteger(part.rows) &&
          (part.checked === undefined || isCheckedLines(part.checked)),
      );
    if (
      value.format !== FORMAT ||
      !Number.isSafeInteger(value.end) ||
      typeof value.fingerprint !== 'string' ||
      !partsOk
    )
      return undefined;
    return value;
  } catch {
    return undefined;
  }
}

/**
 * The column cache's parts brought up to the log's end, and the release of
 * its lock; undefined (with a note saying why, the log then being parsed
 * instead) when the cache cannot be used. Analysis never fails for its cache.
 */
async function useColumnCache(
  cache: ColumnCacheFiles,
  run: SqlExecutor,
  notes: string[],
): Promise<{ parts: ColumnPart[]; skippedLines?: SkippedLines; release(): Promise<void> } | undefined> {
  const unused = (why: string) => {
    notes.push(cacheUnusedNote(why));
    return undefined;
  };
  let lock: { release(): Promise<void> } | undefined;
  try {
    lock = await cache.lock();
  } catch (error) {
    return unused((error as Error).message);
  }
  if (lock === undefined) return unused('another analysis is using it');
  // A lock that cannot be removed is left to be taken over later: never a reason to fail the analysis.
  const release = () => lock.release().catch(() => {});
  try {
    const { parts, skippedLines } = await updateColumnCache(cache, run);
    if (parts.length > 0) return skippedLines === undefined ? { parts, release } : { parts, skippedLines, release };
    // An empty log has nothing to convert: it is read as it is.
    await release();
    return undefined;
  } catch (error) {
    await release();
    return unused((error as Error).message);
  }
}

/** The report's note when the analysis parsed the log instead of reading its column cache, and why. */
function cacheUnusedNote(why: string): string {
  // DuckDB's messages go on over several lines (a hint, the statement): the first says what happened.
  return `The log's column cache was not used (${why.split('\n')[0]?.trim()}); DuckDB parsed the log instead, which is slower.`;
}

/**
 * Runs `use` in a DuckDB from `open` over the log's rows: the column cache's
 * parts when `cache` is given and usable, else none (`use` parses the log).
 * A read that fails on one of the parts (deleted or damaged after they were
 * checked) runs again without the cache, with a note; any other error is the
 * analysis's own and is not retried.
 */
export async function withLogRows<T>(
  open: (use: (run: SqlExecutor) => Promise<T>) => Promise<T>,
  cache: ColumnCacheFiles | undefined,
  notes: string[],
  use: (run: SqlExecutor, parts: readonly ColumnPart[] | undefined, skippedLines?: SkippedLines) => Promise<T>,
): Promise<T> {
  let parts: readonly ColumnPart[] | undefined;
  try {
    return await open(async (run) => {
      const cached = cache === undefined ? undefined : await useColumnCache(cache, run, notes);
      parts = cached?.parts;
      try {
        return await use(run, parts, cached?.skippedLines);
      } finally {
        await cached?.release();
      }
    });
  } catch (error) {
    const message = String((error as Error)?.message);
    if (!parts?.some((part) => message.includes(part.path) || message.includes(readPath(part.path)))) throw error;
    notes.push(cacheUnusedNote(message));
    return open((run) => use(run, undefined));
  }
}
