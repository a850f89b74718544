/**
 * The browser-facing build shortens the internal property names listed in
 * scripts/internal-props.ts. These tests keep that list safe: no listed name
 * is part of a contract (public types, platform objects, names used as
 * strings), every listed name is still used, and code bundled with the list
 * behaves exactly like the source.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { INTERNAL_PROPS, INTERNAL_PROPS_PATTERN } from '../../scripts/internal-props.js';
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

/** `name` inside a regular expression (`$` is an identifier character and a pattern anchor). */
const literal = (name: string) => name.replace(/\$/g, '\\$');

const sourceFiles = filesUnder(join(root, 'src'), '.ts');
const sourceText = sourceFiles.map((file) => readFileSync(file, 'utf8')).join('\n');

describe('the internal property list', () => {
  it('has no name that is part of the public API (the built declaration files)', () => {
    const declarations = filesUnder(join(root, 'dist'), '.d.ts');
    expect(declarations.length, 'dist/*.d.ts: run `npm run build` first').toBeGreaterThan(0);
    // Private members are in the declarations by name only; they are not an API.
    const publicNames = declaredNames(declarations, /^\s*private\s/);
    expect(INTERNAL_PROPS.filter((name) => publicNames.has(name))).toEqual([]);
  });

  it('has no name that a platform object (DOM, JavaScript built-ins, Node) has', () => {
    const typescriptLib = join(root, 'node_modules', 'typescript', 'lib');
    const libraries = readdirSync(typescriptLib).filter((name) => /^lib\..*\.d\.ts$/.test(name)).map((name) => join(typescriptLib, name));
    const platformNames = declaredNames([...libraries, ...filesUnder(join(root, 'node_modules', '@types', 'node'), '.d.ts')]);
    expect(INTERNAL_PROPS.filter((name) => platformNames.has(name))).toEqual([]);
  });

  it('has no name that the source uses as a string (`obj["name"]`, `"name" in obj`, JSON keys)', () => {
    expect(INTERNAL_PROPS.filter((name) => new RegExp(`['"\`]${literal(name)}['"\`]`).test(sourceText))).toEqual([]);
  });

  it('has only names the source still uses as properties, once each', () => {
    expect(INTERNAL_PROPS.filter((name) => !new RegExp(`\\.${literal(name)}\\b|\\b${literal(name)}\\??:`).test(sourceText))).toEqual([]);
    expect(new Set(INTERNAL_PROPS).size).toBe(INTERNAL_PROPS.length);
  });
});

describe('code bundled with the list', () => {
  const directory = mkdtempSync(join(tmpdir(), 'splitkit-mangled-'));
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
      // Minified as an app's bundler would: what is left of a listed name is then a property, not a local.
      minify: true,
      mangleProps: INTERNAL_PROPS_PATTERN,
      write: false,
      outfile,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.text;
    writeFileSync(outfile, code);
    return { module: await import(pathToFileURL(outfile).href), code };
  }

  it('no longer contains the listed names, and behaves exactly like the source', async () => {
    const root = await bundle('src/index.ts');
    const lite = await bundle('src/lite.ts');
    const evaluation = await bundle('src/evaluation.ts');
    for (const { code } of [root, lite, evaluation]) {
      expect(INTERNAL_PROPS.filter((name) => new RegExp(`\\.${literal(name)}\\b|[{,]${literal(name)}:`).test(code))).toEqual([]);
    }
    const expected = await transcript(sourceApi as unknown as PackageApi, sourceLite as unknown as LiteApi, sourceEvaluation);
    const actual = await transcript(root.module as PackageApi, lite.module as LiteApi, evaluation.module as EvaluationApi);
    expect(actual).toEqual(expected);
    // The scenario reaches the listed names' code: experiments split, not allocated, scheduled, stopped.
    const reasons = new Set(JSON.stringify(expected).match(/"(SPLIT|NOT_ALLOCATED|DISABLED|STATIC|HOLDOUT)"/g));
    expect([...reasons].sort()).toEqual(['"DISABLED"', '"HOLDOUT"', '"NOT_ALLOCATED"', '"SPLIT"', '"STATIC"']);
    // ...and the event pipeline: the full client delivered exposures, a custom event and an identity link.
    const sent = JSON.stringify((expected as { events: unknown[] }).events[0]);
    for (const type of ['"exposure"', '"event"', '"identify"']) expect(sent).toContain(`"type":${type}`);
  }, 60_000);

  it('the built package (per-module ESM and bundled CJS, both shortened) behaves exactly like the source', async () => {
    // What ships: tsup shortens names across many output files, which must agree with each other.
    const expected = await transcript(sourceApi as unknown as PackageApi, sourceLite as unknown as LiteApi, sourceEvaluation);
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
