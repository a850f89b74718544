/**
 * The layering docs/architecture.md promises, as a test: every import and
 * re-export under src/ is read with the TypeScript scanner and checked
 * against the table below. A new import that goes against a layer fails here
 * with the file, the specifier and the rule it breaks.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * What a module is for the rules: a folder under src/ (`eval`, `client`), `root` for the entry files
 * directly in src/ (index.ts, lite.ts, …), `node:` for a Node built-in, `package:<name>` for a
 * dependency, or the top folder of anything outside src/ (`test`, `bench`).
 */
type Area = string;

/** The subpaths and the tools built on the core (serve/ is the `splitkit serve` command's, Node only). */
const SUBPATHS: Area[] = ['analysis', 'report', 'collector', 'cli', 'serve', 'testing', 'react', 'openfeature'];
/**
 * Everything an app's bundle may contain: the entries in src/ and the folders they are built from (source/
 * is the ruleset source the client loads with import()).
 */
const CORE: Area[] = ['root', 'client', 'source', 'events', 'io', 'adapters', 'eval', 'ruleset', 'errors', 'shared'];
const EVERYWHERE: Area[] = [...CORE, ...SUBPATHS];

interface Rule {
  /** The areas whose imports the rule checks. */
  from: Area[];
  /** When given, the only areas they may import (their own included). */
  only?: Area[];
  /** Areas they must not import. */
  never?: Area[];
  /** Files the rule leaves alone, such as a subpath's entry that re-exports a neighbour. */
  except?: string[];
  /** Why, as the failure message says it. */
  why: string;
}

export const RULES: Rule[] = [
  {
    from: ['eval', 'ruleset'],
    only: ['eval', 'ruleset', 'errors', 'shared', 'package:zod'],
    why: 'the pure core does no I/O and reads no environment: it builds on the ruleset language, errors and neutral helpers only',
  },
  {
    from: ['ruleset'],
    never: ['eval'],
    why: 'the ruleset language (with its operator table) sits below the evaluator, which reads it',
  },
  {
    from: ['shared'],
    only: ['shared', 'errors', 'package:zod'],
    why: 'neutral helpers are usable by every part, so they depend on none',
  },
  {
    from: ['io'],
    only: ['io', 'errors', 'shared'],
    why: 'the I/O interfaces and their guards know nothing of the event model or the client',
  },
  { from: ['errors'], only: ['errors'], why: 'the error hierarchy is the bottom layer' },
  {
    from: CORE,
    never: [...SUBPATHS, 'node:'],
    why: 'subpaths depend on the core, never the reverse, and the core runs in browsers',
  },
  {
    from: ['analysis'],
    never: ['collector', 'cli', 'serve', 'node:'],
    why: 'the analysis reads any EventStore and runs in browsers; servers and commands are built on it',
  },
  {
    from: ['analysis'],
    never: ['report'],
    // The `splitkit/analysis` entry hands out the reports beside the analysis.
    except: ['src/analysis/index.ts'],
    why: 'the analysis returns structured results and reasons; the reports render them',
  },
  {
    from: EVERYWHERE.filter((area) => area !== 'cli'),
    never: ['serve'],
    why: 'serve/ holds the parts of the `splitkit serve` command: nothing depends on it but the CLI',
  },
  { from: EVERYWHERE, never: ['test', 'bench', 'examples', 'scripts', 'outside'], why: 'published code stands alone' },
];

/** One import of one module. */
export interface Edge {
  /** The importing file, relative to the repository (`src/eval/hash.ts`). */
  file: string;
  /** The specifier as written. */
  specifier: string;
}

/** The area of a file path relative to the repository. */
function areaOfPath(path: string): Area {
  const parts = path.split('/');
  if (parts[0] === '..') return 'outside';
  if (parts[0] !== 'src') return parts[0]!;
  return parts.length === 2 ? 'root' : parts[1]!;
}

/** The area an import of `specifier` from `file` reaches. */
export function areaOfImport({ file, specifier }: Edge): Area {
  if (specifier.startsWith('.')) return areaOfPath(posix.normalize(posix.join(posix.dirname(file), specifier)));
  if (specifier.startsWith('node:') || isBuiltin(specifier)) return 'node:';
  const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
  return `package:${name}`;
}

/** Every rule `edge` breaks, as messages. */
export function violations(edge: Edge): string[] {
  const from = areaOfPath(edge.file);
  const to = areaOfImport(edge);
  const broken = RULES.filter(
    (rule) =>
      rule.from.includes(from) &&
      to !== from &&
      !rule.except?.includes(edge.file) &&
      (rule.never?.includes(to) || (rule.only && !rule.only.includes(to))),
  );
  return broken.map((rule) => `${edge.file} imports '${edge.specifier}' (${to}): ${rule.why}`);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts|cts)$/.test(entry.name) ? [path] : [];
  });
}

/** Every import, `export … from` and `import()` under `dir` (`src`, `examples`). */
function importsUnder(dir: string): Edge[] {
  return sourceFiles(join(ROOT, dir)).flatMap((path) => {
    const file = relative(ROOT, path).split('\\').join('/');
    const { importedFiles } = ts.preProcessFile(readFileSync(path, 'utf8'), true, true);
    return importedFiles.map(({ fileName }) => ({ file, specifier: fileName }));
  });
}

/** Reads of the clock, randomness or the global object in `path` (a type-checker cannot see these: they are ES2022). */
function impureReads(path: string): string[] {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    const text = ts.isPropertyAccessExpression(node) || ts.isIdentifier(node) ? node.getText(source) : '';
    const bareDate = ts.isNewExpression(node) && node.expression.getText(source) === 'Date' && !node.arguments?.length;
    if (['Date.now', 'Math.random', 'globalThis', 'performance'].includes(text) || bareDate) {
      found.push(
        `${relative(ROOT, path)}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}: ${node.getText(source)}`,
      );
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the layering of src/', () => {
  it('places every folder and entry file of src/ in a layer of the table', () => {
    const areas = readdirSync(join(ROOT, 'src'), { withFileTypes: true }).map((entry) =>
      entry.isDirectory() ? entry.name : 'root',
    );
    // A new folder the table does not name would be checked by no rule at all.
    expect([...new Set(areas)].filter((area) => !EVERYWHERE.includes(area))).toEqual([]);
  });

  it('has no import that goes against a layer', () => {
    const edges = importsUnder('src');
    // The scan itself works: it sees the evaluator's imports of the ruleset.
    expect(edges.some((edge) => edge.file.startsWith('src/eval/') && areaOfImport(edge) === 'ruleset')).toBe(true);
    expect(edges.flatMap(violations)).toEqual([]);
  });

  it('has the examples import splitkit by its package name, as an app does', () => {
    const edges = importsUnder('examples');
    expect(edges.some((edge) => edge.specifier === 'splitkit')).toBe(true);
    const intoSrc = edges.filter((edge) => EVERYWHERE.includes(areaOfImport(edge)));
    expect(intoSrc.map((edge) => `${edge.file} imports '${edge.specifier}'`)).toEqual([]);
  });

  it('keeps the pure core off the clock, randomness and the global object', () => {
    const core = ['eval', 'ruleset', 'shared', 'errors'].flatMap((area) => sourceFiles(join(ROOT, 'src', area)));
    expect(core.length).toBeGreaterThan(50);
    expect(core.flatMap(impureReads)).toEqual([]);
  });

  it.each([
    ['src/ruleset/check-conditions.ts', '../eval/conditions/operator-names.js'],
    ['src/eval/hash.ts', '../client/reader.js'],
    ['src/eval/hash.ts', '../io/logger.js'],
    ['src/ruleset/parse.ts', 'node:crypto'],
    ['src/shared/option-checks.ts', '../events/types.js'],
    ['src/io/transport.ts', '../collector/store.js'],
    ['src/io/transport.ts', '../events/types.js'],
    ['src/client/reader.ts', '../analysis/index.js'],
    ['src/events/pipeline.ts', 'node:timers'],
    ['src/adapters/beacon.ts', 'fs'],
    ['src/analysis/run.ts', '../collector/index.js'],
    ['src/report/html.ts', '../../test/support/pipeline.js'],
    ['src/index.ts', '../bench/run.js'],
    ['src/source/cache.ts', 'node:fs'],
    ['src/source/start-source.ts', '../analysis/index.js'],
    ['src/client/build-client.ts', '../serve/signing.js'],
    ['src/collector/collector.ts', '../serve/serve-handler.js'],
    ['src/analysis/verdict.ts', '../report/format.js'],
  ])('refuses %s importing %s', (file, specifier) => {
    expect(violations({ file, specifier })).not.toEqual([]);
  });

  it.each([
    ['src/eval/compile.ts', '../ruleset/defaults.js'],
    ['src/ruleset/parse.ts', 'zod/mini'],
    ['src/client/reader.ts', '../eval/index.js'],
    ['src/collector/collector.ts', 'node:http'],
    ['src/analysis/from-store.ts', '../events/store.js'],
    ['src/report/html.ts', '../analysis/types.js'],
    ['src/client/build-client.ts', '../source/cache.js'],
    ['src/cli/serve.ts', '../serve/ruleset-route.js'],
    ['src/analysis/index.ts', '../report/index.js'],
    ['src/serve/ruleset-route.ts', '../collector/cors.js'],
  ])('allows %s importing %s', (file, specifier) => {
    expect(violations({ file, specifier })).toEqual([]);
  });
});
