/**
 * `npm run size` (after `npm run build`): what each browser app ships,
 * minified and gzipped, the way an app's bundler would build it (esbuild:
 * bundle, minify, ESM, browser, es2020; gzip level 9). 1 KB = 1024 bytes.
 * The apps are written against src/ (so they type-check), but bundled
 * against the built package in dist/, as an app that installed splitkit is.
 * Code behind `import()` is split off as a bundler does and reported apart
 * ("lazy"). Prints a table with the goals, the biggest inputs of the full client's
 * bundle, and writes `.tmp/size-results.json`. Exits 0 whatever the sizes:
 * the numbers are for reading.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile, type Plugin } from 'esbuild';
import { INTERNAL_PROPS_PATTERN, RESERVED_PROPS_PATTERN } from './internal-props.js';

const KB = 1024;
/** GrowthBook's published browser size, the full client's goal. */
const GROWTHBOOK_PUBLISHED = 14.6 * KB;
const OUTPUT = '.tmp/size-results.json';
const root = fileURLToPath(new URL('..', import.meta.url));

interface App {
  name: string;
  entry: string;
  /** Largest acceptable min+gzip size in bytes, and how the goal reads. */
  goal?: { bytes: number; label: string; strict: boolean };
  /** Packages the app brings itself (React), left out of the bundle. */
  external?: string[];
  /** Bundles modules of src/ that are no package entry (the diagnostic app). */
  fromSource?: boolean;
  /**
   * Modules behind `import()` the app loads at start (the ruleset source): its goal counts their chunks, and
   * the chunks those import statically, with the entry chunk. Chunks loaded only in some cases (the
   * fetch-based stream reader where EventSource cannot serve) are not counted.
   */
  loadsAtStart?: string[];
}

interface Measured {
  name: string;
  entry: string;
  minified?: number;
  gzipped?: number;
  /** Gzipped bytes of the chunks a bundler splits off at `import()`, fetched only when that code runs. */
  lazyGzipped?: number;
  /** Gzipped bytes of the lazy chunks the app loads at start (counted in its goal). */
  startGzipped?: number;
  goal?: string;
  met?: boolean;
  error?: string;
  /** Minified bytes each input contributes, largest first. */
  inputs?: { path: string; bytes: number }[];
}

const apps: App[] = [
  {
    name: 'splitkit/lite (a)',
    entry: 'scripts/size-apps/lite.ts',
    goal: { bytes: 6 * KB, label: '≤ 6.0 KB', strict: false },
  },
  {
    name: 'splitkit full client (b)',
    entry: 'scripts/size-apps/full.ts',
    goal: { bytes: GROWTHBOOK_PUBLISHED, label: '< 14.6 KB (GrowthBook)', strict: true },
  },
  {
    name: 'full client + URL source (c)',
    entry: 'scripts/size-apps/full-source.ts',
    loadsAtStart: ['dist/source/start-source.js'],
    goal: { bytes: GROWTHBOOK_PUBLISHED, label: '< 14.6 KB, + start chunks', strict: true },
  },
  {
    name: 'lean + URL source (f)',
    entry: 'scripts/size-apps/lean-source.ts',
    loadsAtStart: ['dist/source/start-source.js'],
    goal: { bytes: GROWTHBOOK_PUBLISHED, label: '< 14.6 KB, + start chunks', strict: true },
  },
  { name: 'full client, validating (b+)', entry: 'scripts/size-apps/full-validated.ts' },
  { name: '(b) + OpenFeature web provider', entry: 'scripts/size-apps/openfeature-web.ts' },
  { name: '(b) + splitkit/react', entry: 'scripts/size-apps/react.ts', external: ['react'] },
  { name: 'GrowthBook (d)', entry: 'scripts/size-apps/growthbook.ts' },
  { name: 'flagd-core (e)', entry: 'scripts/size-apps/flagd.ts' },
  { name: 'diagnostic: evaluator only', entry: 'scripts/size-apps/core.ts', fromSource: true },
];

/** The package entries the apps import from src/: each resolves to its built file, `src/<entry>.js` → `dist/<entry>.js`. */
const PACKAGE_ENTRY = /\/src\/(lite|lean|browser|index|openfeature\/index|react\/index)\.js$/;

/** Resolves the apps' imports of package entries to dist/, as `import 'splitkit/lite'` would. */
const builtPackage: Plugin = {
  name: 'built-package',
  setup(context) {
    context.onResolve({ filter: PACKAGE_ENTRY }, (args) => ({
      path: join(root, 'dist', `${PACKAGE_ENTRY.exec(args.path)![1]}.js`),
    }));
  },
};

function contributors(metafile: Metafile): { path: string; bytes: number }[] {
  const output = Object.values(metafile.outputs).find((each) => each.entryPoint !== undefined);
  if (!output) return [];
  return Object.entries(output.inputs)
    .map(([path, input]) => ({ path, bytes: input.bytesInOutput }))
    .filter((input) => input.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
}

async function measure(app: App): Promise<Measured> {
  try {
    const result = await build({
      absWorkingDir: root,
      entryPoints: [app.entry],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2020',
      define: { 'process.env.NODE_ENV': '"production"' },
      plugins: [builtPackage],
      external: app.external,
      // The diagnostic app bundles src/eval itself: shortened as the package build is.
      mangleProps: app.fromSource ? INTERNAL_PROPS_PATTERN : undefined,
      reserveProps: app.fromSource ? RESERVED_PROPS_PATTERN : undefined,
      write: false,
      metafile: true,
      // As an app's bundler does: code behind `import()` (the ruleset source) goes to its own chunk, which the
      // page fetches only when that code runs.
      splitting: true,
      outdir: 'size-out',
      logLevel: 'silent',
    });
    // The page loads the entry chunk and what it imports statically; the rest waits for its `import()`.
    const outputs = result.metafile.outputs;
    const initial = new Set([Object.entries(outputs).find(([, output]) => output.entryPoint !== undefined)![0]]);
    for (const path of initial)
      for (const next of outputs[path]!.imports)
        if (next.kind === 'import-statement' && !next.external) initial.add(next.path);
    const isInitial = (file: { path: string }) => [...initial].some((path) => file.path.endsWith(`/${path}`));
    const gzip = (files: typeof result.outputFiles) =>
      files.reduce((sum, file) => sum + gzipSync(file.contents, { level: 9 }).length, 0);
    // The initial chunks as one file (gzip as a single bundle would be), the lazy ones each on their own.
    const initialFiles = result.outputFiles.filter(isInitial);
    const code = Buffer.concat(initialFiles.map((file) => file.contents));
    const gzipped = gzipSync(code, { level: 9 }).length;
    const lazyGzipped = gzip(result.outputFiles.filter((file) => !isInitial(file)));
    const atStart = new Set(
      Object.entries(outputs)
        .filter(([, output]) => app.loadsAtStart?.includes(output.entryPoint ?? ''))
        .map(([path]) => path),
    );
    for (const path of atStart)
      for (const next of outputs[path]!.imports)
        if (next.kind === 'import-statement' && !next.external && !initial.has(next.path)) atStart.add(next.path);
    const startGzipped = gzip(
      result.outputFiles.filter((file) => [...atStart].some((path) => file.path.endsWith(`/${path}`))),
    );
    const counted = gzipped + startGzipped;
    const met = app.goal && (app.goal.strict ? counted < app.goal.bytes : counted <= app.goal.bytes);
    return {
      name: app.name,
      entry: app.entry,
      minified: code.length,
      gzipped,
      lazyGzipped,
      startGzipped: app.loadsAtStart ? startGzipped : undefined,
      goal: app.goal?.label,
      met,
      inputs: contributors(result.metafile),
    };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n').slice(0, 3).join(' ') : String(error);
    return { name: app.name, entry: app.entry, goal: app.goal?.label, error: message };
  }
}

/** Minified bytes per directory (src/client, node_modules/zod, …), largest first. */
function byDirectory(inputs: readonly { path: string; bytes: number }[]): { path: string; bytes: number }[] {
  const totals = new Map<string, number>();
  for (const input of inputs) {
    const parts = input.path.split('/');
    const packageDepth = parts[0] === 'node_modules' ? (parts[1]?.startsWith('@') ? 3 : 2) : 2;
    const directory = parts.slice(0, Math.min(packageDepth, parts.length - 1)).join('/') || input.path;
    totals.set(directory, (totals.get(directory) ?? 0) + input.bytes);
  }
  return [...totals].map(([path, bytes]) => ({ path, bytes })).sort((a, b) => b.bytes - a.bytes);
}

const kb = (bytes: number | undefined) => (bytes === undefined ? '–' : (bytes / KB).toFixed(2));
const pad = (cells: string[], widths: number[]) =>
  cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');

if (!existsSync(join(root, 'dist', 'browser.js'))) {
  console.error('dist/ is missing: run `npm run build` first (`npm run size` does).');
  process.exit(1);
}

const results: Measured[] = [];
for (const app of apps) results.push(await measure(app));

const growthbook = results.find((r) => r.name.startsWith('GrowthBook'))?.gzipped;
const widths = [30, 10, 10, 22, 26, 8];
console.log(`Bundle sizes: esbuild bundle + minify, ESM, browser, es2020; gzip level 9; 1 KB = ${KB} bytes\n`);
console.log(pad(['app', 'min KB', 'gzip KB', 'lazy gzip KB', 'goal', 'result'], widths));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of results) {
  const verdict = r.error ? 'ERROR' : r.met === undefined ? '' : r.met ? 'met' : 'MISSED';
  console.log(
    pad(
      [
        r.name,
        kb(r.minified),
        kb(r.gzipped),
        r.lazyGzipped ? `${kb(r.lazyGzipped)}${r.startGzipped ? ` (${kb(r.startGzipped)} at start)` : ''}` : '',
        r.goal ?? '',
        verdict,
      ],
      widths,
    ),
  );
}
const full = results.find((r) => r.name.startsWith('splitkit full'));
if (full?.gzipped !== undefined && growthbook !== undefined) {
  console.log(
    `\nfull client vs GrowthBook measured here (${kb(growthbook)} KB): ${full.gzipped < growthbook ? 'smaller' : 'LARGER'} by ${kb(Math.abs(growthbook - full.gzipped))} KB`,
  );
}
const lean = results.find((r) => r.name.startsWith('lean'));
if (lean?.gzipped !== undefined && growthbook !== undefined) {
  const counted = lean.gzipped + (lean.startGzipped ?? 0);
  console.log(
    `lean client + URL source, with its start chunks (${kb(counted)} KB) vs GrowthBook: ${counted < growthbook ? 'smaller' : 'LARGER'} by ${kb(Math.abs(growthbook - counted))} KB`,
  );
}
for (const r of results.filter((r) => r.error)) console.log(`\n${r.name} did not bundle: ${r.error}`);

const top = full?.inputs ?? [];
console.log(
  `\nLargest inputs of the full client's bundle (minified bytes before gzip; total ${top.reduce((s, i) => s + i.bytes, 0)})`,
);
for (const input of top.slice(0, 20)) console.log(`${String(input.bytes).padStart(7)}  ${relative('.', input.path)}`);
console.log('\nBy directory');
for (const group of byDirectory(top).slice(0, 12)) console.log(`${String(group.bytes).padStart(7)}  ${group.path}`);
const lite = results.find((r) => r.name.startsWith('splitkit/lite'))?.inputs ?? [];
console.log(`\nLargest inputs of the lite bundle (minified bytes; total ${lite.reduce((s, i) => s + i.bytes, 0)})`);
for (const input of lite.slice(0, 10)) console.log(`${String(input.bytes).padStart(7)}  ${relative('.', input.path)}`);

mkdirSync('.tmp', { recursive: true });
writeFileSync(
  OUTPUT,
  `${JSON.stringify({ date: new Date().toISOString(), kilobyte: KB, apps: results, fullByDirectory: byDirectory(top), liteByDirectory: byDirectory(lite) }, null, 2)}\n`,
);
console.log(`\nresults written to ${OUTPUT}`);
