/**
 * Reading a ruleset file for serving: the exact bytes, checked the way
 * clients will check them (UTF-8, JSON, `parseRuleset`), with a strong ETag
 * and, when a key is given, a signature over the same bytes.
 */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { isSplitkitError } from '../errors/index.js';
import type { ValidationIssue } from '../errors/index.js';
import { parseRuleset } from '../ruleset/parse.js';
import { DEFAULT_MAX_BYTES, updatedAtMs } from '../source/use-text.js';
import type { Ruleset } from '../ruleset/types.js';
import { duplicateKeyWarning, duplicateKeys } from './json-duplicate-keys.js';
import { findJsonSyntaxError } from './json-syntax.js';
import { notRegular } from '../collector/not-regular.js';
import type { RulesetSigner } from './signing.js';
import { sharedSaltWarning, sharedSalts } from '../ruleset/shared-salts.js';
import { shortRegexWarning, shortRegexes } from '../ruleset/short-regexes.js';
import { neverMatchWarning, neverMatches } from '../ruleset/never-matches.js';

/** A ruleset ready to serve. */
export interface ServedRuleset {
  /** The file's bytes, served as they are. */
  bytes: Buffer;
  /** The same bytes as text (the stream's `body`). */
  text: string;
  /** Strong ETag, quoted: `"sha256-<22 chars of base64url>"`. */
  etag: string;
  /** Base64 Ed25519 signature of `bytes`, when serving with a key. */
  signature: string | undefined;
  /** The validated ruleset (for summaries). */
  ruleset: Ruleset;
}

/**
 * The `data` of the stream's `ruleset` event for `served`: one line of JSON with the ETag, the signature and
 * the text. Clients cap it by `source.maxBytes` (in characters), so `splitkit validate` measures it too.
 */
export function rulesetEventData(served: Pick<ServedRuleset, 'etag' | 'signature' | 'text'>): string {
  return JSON.stringify({
    etag: served.etag,
    ...(served.signature === undefined ? {} : { signature: served.signature }),
    body: served.text,
  });
}

/** The outcome of reading a ruleset file: served, or every problem found (JSON path, or line:column for syntax). */
export type RulesetFileResult = { ok: true; served: ServedRuleset } | { ok: false; problems: ValidationIssue[] };

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The strong ETag of `bytes`. */
export function etagOf(bytes: Uint8Array): string {
  return `"sha256-${createHash('sha256').update(bytes).digest('base64url').slice(0, 22)}"`;
}

/** Checks ruleset bytes as a client would; never throws. */
export function checkRulesetBytes(
  bytes: Uint8Array,
): { ok: true; text: string; ruleset: Ruleset } | { ok: false; problems: ValidationIssue[] } {
  const parsed = parseJsonBytes(bytes);
  if (!parsed.ok) return parsed;
  try {
    return { ok: true, text: parsed.text, ruleset: parseRuleset(parsed.document) };
  } catch (error) {
    if (isSplitkitError(error) && 'issues' in error)
      return { ok: false, problems: [...(error as { issues: ValidationIssue[] }).issues] };
    return { ok: false, problems: [{ path: '', message: String(error) }] };
  }
}

/**
 * The JSON document in `bytes`, or why there is none: not UTF-8, a byte order mark, or a syntax error with its
 * line and column. Never throws.
 */
export function parseJsonBytes(
  bytes: Uint8Array,
): { ok: true; text: string; document: unknown } | { ok: false; problems: ValidationIssue[] } {
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    return { ok: false, problems: [{ path: '', message: 'the file is not valid UTF-8' }] };
  }
  // JSON forbids a byte order mark, and a signature covers the exact bytes: clients decoding the body
  // would drop it and then fail to verify, so it is refused here rather than there.
  if (text.startsWith('\uFEFF'))
    return {
      ok: false,
      problems: [{ path: '', message: 'the file starts with a byte order mark; save it as UTF-8 without BOM' }],
    };
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const located = findJsonSyntaxError(text);
    const where = located === undefined ? '' : `line ${located.line}, column ${located.column}: `;
    return {
      ok: false,
      problems: [{ path: '', message: `invalid JSON: ${where}${located?.message ?? (error as Error).message}` }],
    };
  }
  return { ok: true, text, document };
}

/**
 * Reads a regular file whole; throws an Error whose message says why not (`no such file`, `is a directory`,
 * `is a FIFO …`, or the system's). Opened without blocking and checked before reading: a FIFO with no writer
 * would block the open forever (a reload that never ends, a shutdown that never exits), and a device such as
 * /dev/zero would never end.
 */
export async function readRegularFile(file: string): Promise<Buffer> {
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message,
    );
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new Error(notRegular(stats));
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** Reads, checks, tags and (with `signer`) signs the ruleset file at `file`; never throws. */
export async function readRulesetFile(file: string, signer?: RulesetSigner): Promise<RulesetFileResult> {
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(file);
  } catch (error) {
    return { ok: false, problems: [{ path: '', message: `cannot read the file: ${(error as Error).message}` }] };
  }
  return servedRuleset(bytes, signer);
}

/** Checks, tags and (with `signer`) signs ruleset bytes read from somewhere (a file, stdin); never throws. */
export function servedRuleset(bytes: Buffer, signer?: RulesetSigner): RulesetFileResult {
  const checked = checkRulesetBytes(bytes);
  if (!checked.ok) return checked;
  return {
    ok: true,
    served: {
      bytes,
      text: checked.text,
      etag: etagOf(bytes),
      signature: signer?.sign(bytes),
      ruleset: checked.ruleset,
    },
  };
}

/** How far ahead of this machine's clock an `updatedAt` may be before it is worth a warning (clocks drift). */
const FUTURE_SLACK_MS = 5 * 60_000;

/**
 * A warning when the ruleset's `updatedAt` lies ahead of `nowMs` (a publishing machine whose clock is wrong):
 * clients that take it refuse every ruleset with an earlier `updatedAt` (and no higher numeric `revision`)
 * until then. Undefined when there is nothing to say.
 */
function futureUpdatedAt(ruleset: Ruleset, nowMs: number): string | undefined {
  const at = updatedAtMs(ruleset);
  if (!(at - nowMs > FUTURE_SLACK_MS)) return undefined;
  const hours = (at - nowMs) / 3_600_000;
  const ahead =
    hours < 1
      ? `${Math.round(hours * 60)} min`
      : hours < 48
        ? `${Math.round(hours)} h`
        : `${Math.round(hours / 24)} days`;
  return (
    `updatedAt ${ruleset.updatedAt} is ${ahead} ahead of this machine's clock: clients that take this ruleset refuse ` +
    'every later one with an earlier updatedAt (unless its numeric revision is higher) until then'
  );
}

/** One line per problem: `file: path: message` (the path left out for the document itself). */
export function formatProblems(file: string, problems: readonly ValidationIssue[]): string {
  return problems.map((p) => `${file}: ${p.path ? `${p.path}: ` : ''}${p.message}\n`).join('');
}

/** "3 gates, 2 experiments, …": what a ruleset defines. */
export function summarizeRuleset(ruleset: Ruleset): string {
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return [
    count(Object.keys(ruleset.gates).length, 'gate', 'gates'),
    count(Object.keys(ruleset.experiments).length, 'experiment', 'experiments'),
    count(Object.keys(ruleset.params).length, 'parameter', 'parameters'),
    count(Object.keys(ruleset.layers).length, 'layer', 'layers'),
    count(Object.keys(ruleset.holdouts).length, 'holdout', 'holdouts'),
    count(Object.keys(ruleset.segments).length, 'segment', 'segments'),
  ].join(', ');
}

/** A warning when clients with the default `source.maxBytes` would refuse `served`; undefined when they take it. */
function sizeWarning(served: Omit<ServedRuleset, 'ruleset'>): string | undefined {
  const { bytes } = served;
  // The stream event carries the text JSON-escaped with the ETag and signature, counted in characters.
  const event = rulesetEventData(served).length;
  if (bytes.length <= DEFAULT_MAX_BYTES && event <= DEFAULT_MAX_BYTES) return undefined;
  return (
    `the ruleset is ${bytes.length} bytes (${event} characters as a stream event), over the ${DEFAULT_MAX_BYTES} ` +
    'clients take by default: they refuse it unless their source.maxBytes is raised'
  );
}

/**
 * What `splitkit validate` and `splitkit serve` warn about in a valid ruleset (served as asked; each is a
 * prompt to look): a size clients refuse by default, a key given twice in one object (only the last counts),
 * an updatedAt ahead of `nowMs`, decisions that hash the same salt, patterns that test less text than a
 * reader would expect, and ids and operands that never match.
 */
export function rulesetWarnings(served: ServedRuleset, nowMs: number): string[] {
  const { ruleset } = served;
  return [
    sizeWarning(served),
    ...duplicateKeys(served.text).map(duplicateKeyWarning),
    futureUpdatedAt(ruleset, nowMs),
    ...sharedSalts(ruleset).map(sharedSaltWarning),
    ...shortRegexes(ruleset).map(shortRegexWarning),
    ...neverMatches(ruleset).map(neverMatchWarning),
  ].filter((warning): warning is string => warning !== undefined);
}
