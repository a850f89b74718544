/**
 * The build shortens internal property names, which start with `_`
 * (scripts/internal-props.ts). These tests keep the convention safe: no `_`
 * name is part of a contract (public types, platform or dependency objects,
 * names used as strings), and code bundled with the pattern behaves exactly
 * like the source.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { INTERNAL_PROPS_PATTERN, RESERVED_PROPS_PATTERN, isInternalProp } from '../../scripts/internal-props.js';
import * as sourceApi from '../../src/index.js';
import * as sourceLite from '../../src/lite.js';
import * as sourceEvaluation from '../../src/evaluation.js';
import { transcript, type EvaluationApi, type LiteApi, type PackageApi } from './parity-scenario.js';

const root = join(import.meta.dirname, '..', '..');

function filesUnder(directory: string, suffix: string): string[] {
  return readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith(suffix))
    .map((name) => join(directory, name));
}

/** Names declared as properties or methods (`name:`, `name?:`, `name(`) in declaration files. */
function declaredNames(files: readonly string[], skip?: RegExp): Set<string> {
  const names = new Set<string>();
  for (const file of files) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (skip?.test(line)) continue;
      for (const match of line.matchAll(/([A-Za-z_$][\w$]*)\??\s*[:(]/g)) names.add(match[1]!);
    }
  }
  return names;
}

const mangled = (names: Iterable<string>) => [...names].filter(isInternalProp).sort();

const sourceFiles = filesUnder(join(root, 'src'), '.ts');
const sourceText = sourceFiles.map((file) => readFileSync(file, 'utf8')).join('\n');
/** Every `_` name the source reads as a property (`x._name`): every internal field is read somewhere. */
const internalNames = new Set(mangled([...sourceText.matchAll(/\.(_[A-Za-z$][\w$]*)\b/g)].map((match) => match[1]!)));

describe('the `_` convention for internal names', () => {
  it('is in use (the source has internal names) and keeps the reserved names', () => {
    expect(internalNames.size).toBeGreaterThan(50);
    expect(['_zod', '__proto__', '_bootstrapNames', 'reader'].filter(isInternalProp)).toEqual([]);
  });

  it('has no `_` name in the public API (the built declaration files)', () => {
    const declarations = filesUnder(join(root, 'dist'), '.d.ts');
    expect(declarations.length, 'dist/*.d.ts: run `npm run build` first').toBeGreaterThan(0);
    // Private members are in the declarations by name only; they are not an API.
    expect(mangled(declaredNames(declarations, /^\s*private\s/))).toEqual([]);
  });

  it('has no `_` name that a platform or dependency object has (DOM, JavaScript built-ins, Node, zod)', () => {
    const typescriptLib = join(root, 'node_modules', 'typescript', 'lib');
    const libraries = readdirSync(typescriptLib)
      .filter((name) => /^lib\..*\.d\.ts$/.test(name))
      .map((name) => join(typescriptLib, name));
    const foreign = declaredNames([
      ...libraries,
      ...filesUnder(join(root, 'node_modules', '@types', 'node'), '.d.ts'),
      ...filesUnder(join(root, 'node_modules', 'zod', 'v4'), '.d.ts'),
    ]);
    // Node's stream internals (`_read`, `_write`, …) are the kind of name this catches.
    expect(foreign.has('_read')).toBe(true);
    expect([...internalNames].filter((name) => foreign.has(name))).toEqual([]);
  });

  it('has no `_` name that the source uses as a string (`obj["_name"]`, `"_name" in obj`, JSON keys)', () => {
    expect(mangled([...sourceText.matchAll(/['"`](_[A-Za-z$][\w$]*)['"`]/g)].map((match) => match[1]!))).toEqual([]);
  });
});

describe('code bundled with the pattern', () => {
  // Inside the repository, so the bundles' imports of dependencies resolve to node_modules.
  mkdirSync(join(root, '.tmp'), { recursive: true });
  const directory = mkdtempSync(join(root, '.tmp', 'mangled-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  async function bundle(entry: string): Promise<{ module: unknown; code: string }> {
    const outfile = join(directory, `${entry.replace(/\W/g, '-')}.mjs`);
    const result = await build({
      absWorkingDir: root,
      entryPoints: [entry],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // Minified as an app's bundler would: what is left of a `_` name is then a property, not a local.
      minify: true,
      // Dependencies stay outside, as in the published package (zod is a dependency).
      packages: 'external',
      mangleProps: INTERNAL_PROPS_PATTERN,
      reserveProps: RESERVED_PROPS_PATTERN,
      write: false,
      outfile,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.text;
    writeFileSync(outfile, code);
    return { module: await import(pathToFileURL(outfile).href), code };
  }

  it('no longer contains `_` names, and behaves exactly like the source', async () => {
    const root = await bundle('src/index.ts');
    const lite = await bundle('src/lite.ts');
    const evaluation = await bundle('src/evaluation.ts');
    for (const { code } of [root, lite, evaluation]) {
      const left = [...code.matchAll(/\.(_[A-Za-z$][\w$]*)\b|[{,](_[A-Za-z$][\w$]*):/g)].map(
        (match) => match[1] ?? match[2]!,
      );
      expect([...new Set(left)].filter((name) => internalNames.has(name))).toEqual([]);
    }
    const expected = await transcript(
      sourceApi as unknown as PackageApi,
      sourceLite as unknown as LiteApi,
      sourceEvaluation,
    );
    const actual = await transcript(
      root.module as PackageApi,
      lite.module as LiteApi,
      evaluation.module as EvaluationApi,
    );
    expect(actual).toEqual(expected);
    // The scenario reaches the internal names' code: experiments split, not allocated, scheduled, stopped.
    const reasons = new Set(JSON.stringify(expected).match(/"(SPLIT|NOT_ALLOCATED|DISABLED|STATIC|HOLDOUT)"/g));
    expect([...reasons].sort()).toEqual(['"DISABLED"', '"HOLDOUT"', '"NOT_ALLOCATED"', '"SPLIT"', '"STATIC"']);
    // ...and the event pipeline: the full client delivered exposures, a custom event and an identity link.
    const sent = JSON.stringify((expected as { events: unknown[] }).events[0]);
    for (const type of ['"exposure"', '"event"', '"identify"']) expect(sent).toContain(`"type":${type}`);
  }, 60_000);

  it('the built package (per-module ESM and bundled CJS, both shortened) behaves exactly like the source', async () => {
    // What ships: tsup shortens names across many output files, which must agree with each other.
    const expected = await transcript(
      sourceApi as unknown as PackageApi,
      sourceLite as unknown as LiteApi,
      sourceEvaluation,
    );
    const esm = await transcript(
      (await import(pathToFileURL(join(root, 'dist', 'index.js')).href)) as PackageApi,
      (await import(pathToFileURL(join(root, 'dist', 'lite.js')).href)) as LiteApi,
      (await import(pathToFileURL(join(root, 'dist', 'evaluation.js')).href)) as EvaluationApi,
    );
    expect(esm).toEqual(expected);
    const require = createRequire(import.meta.url);
    const cjs = await transcript(
      require(join(root, 'dist', 'index.cjs')) as PackageApi,
      require(join(root, 'dist', 'lite.cjs')) as LiteApi,
      require(join(root, 'dist', 'evaluation.cjs')) as EvaluationApi,
    );
    expect(cjs).toEqual(expected);
  }, 60_000);
});
