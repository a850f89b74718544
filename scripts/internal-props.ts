/**
 * Internal property names start with `_` (`compiled._gatesByName`,
 * `this._reader`), and the build shortens exactly those (esbuild
 * `mangleProps`), the way Preact ships its internals: property names survive
 * minification, so on a small SDK the names of compiled-ruleset fields and
 * private client members are a measurable share of the gzip size.
 *
 * A `_` name is never part of a contract: not in the public types (options,
 * results, events, the ruleset), not read from JSON, storage or the wire, not
 * a property of any platform or dependency object, and never used as a string
 * (`obj['_name']`, `'_name' in obj`). test/build/internal-props.test.ts checks
 * all of that, and that code bundled with the pattern behaves exactly as the
 * source does. A new internal field only needs its `_`; a public one must not
 * have it.
 */

/**
 * Names that start with `_` and are kept (esbuild `reserveProps`): `__proto__` and other dunder names;
 * `_zod`, the property zod's schemas carry (src/ruleset/structural-issues.ts reads it); and
 * `_bootstrapNames`, the client method splitkit/openfeature calls, because a provider from one build (ESM)
 * may be given a client from another (CommonJS, or another copy of the package), whose short names differ.
 * Go regular expressions (esbuild's) have no lookahead, hence two patterns.
 */
export const RESERVED_PROPS_PATTERN = /^(?:__.*|_zod|_bootstrapNames)$/;

/** The pattern esbuild's `mangleProps` takes: a leading `_`. */
export const INTERNAL_PROPS_PATTERN = /^_/;

/** Whether the build shortens `name`. */
export function isInternalProp(name: string): boolean {
  return INTERNAL_PROPS_PATTERN.test(name) && !RESERVED_PROPS_PATTERN.test(name);
}

/** Source directories whose code ships in the browser bundles (`npm run size`), the lite client's first. */
const BROWSER_DIRS = ['src/eval', 'src/client', 'src/events', 'src/adapters', 'src/io', 'src/shared', 'src/source'];

/**
 * The short names for the ESM build (esbuild `mangleCache`), so that the names the browser code uses most
 * get the one-letter ones. esbuild ranks names by their uses across the whole package (the analysis and the
 * collector included), so fields of the hash state or the compiled ruleset could end up with two letters
 * in the 6 KB lite bundle. A first pass lets esbuild pick its names (free of clashes with every property
 * name that is not shortened); they are then handed out again, shortest first, in order of uses in the
 * browser directories (src/eval and src/client counting double, the modules the lite bundle holds four
 * times: with only the directories weighed, names of the full client's members took one-letter names from
 * five fields of the lite read and compile path, such as the experiments' schedule and variant salt). A
 * permutation of esbuild's own names clashes with nothing esbuild's choice did not.
 */
export async function browserFirstNames(root: string, entries: string[]): Promise<Record<string, string>> {
  const { build } = await import('esbuild');
  const { readFileSync, readdirSync } = await import('node:fs');
  const { join } = await import('node:path');
  const first = await build({
    absWorkingDir: root,
    entryPoints: entries,
    outdir: join(root, '.tmp', 'mangle-pass'),
    bundle: false,
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    mangleProps: INTERNAL_PROPS_PATTERN,
    reserveProps: RESERVED_PROPS_PATTERN,
    mangleCache: {},
  });
  const chosen = Object.entries(first.mangleCache ?? {}).filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string',
  );
  const uses = new Map<string, number>(chosen.map(([name]) => [name, 0]));
  // The modules of src/lite.ts's bundle (what size app (a) ships): its names are counted four times.
  const lite = await build({
    absWorkingDir: root,
    entryPoints: ['src/lite.ts'],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const liteFiles = new Set(Object.keys(lite.metafile.inputs));
  for (const dir of BROWSER_DIRS) {
    for (const file of readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.ts')) continue;
      const weight = liteFiles.has(`${dir}/${file}`) ? 6 : dir === 'src/eval' || dir === 'src/client' ? 2 : 1;
      for (const match of readFileSync(join(root, dir, file), 'utf8').matchAll(/\b_[A-Za-z]\w*/g))
        if (uses.has(match[0])) uses.set(match[0], uses.get(match[0])! + weight);
    }
  }
  const short = chosen.map(([, short]) => short).sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  const ranked = chosen.map(([name]) => name).sort((a, b) => uses.get(b)! - uses.get(a)! || (a < b ? -1 : 1));
  return Object.fromEntries(ranked.map((name, i) => [name, short[i]!]));
}
