/**
 * The React majors splitkit/react supports, each tested: 19 is the `react`
 * and `react-dom` devDependencies, 18 their npm aliases `react-18` and
 * `react-dom-18`. npm cannot install react-dom 18 beside React 19 with its
 * own peer, so the React 18 code is bundled with esbuild, whose aliases
 * apply to every import in the bundle (react-dom's own `require('react')`
 * included): one React 18, never a mix.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/** The supported React majors, newest first. */
export const REACT_MAJORS = [19, 18] as const;
export type ReactMajor = (typeof REACT_MAJORS)[number];

/** esbuild `alias` that makes a bundle use React `major`. */
export function reactAliases(major: ReactMajor): { [name: string]: string } {
  return major === 18 ? { react: 'react-18', 'react-dom': 'react-dom-18' } : {};
}

/**
 * Imports `entry` bundled for Node with React `major` and everything it imports (React, react-dom/server,
 * splitkit's sources), so its React is that major's. The module is written to a temporary directory.
 */
export function importWithReact<T>(entry: string, major: ReactMajor): Promise<T> {
  const key = `${major}:${entry}`;
  let loaded = bundled.get(key);
  if (loaded === undefined) bundled.set(key, (loaded = bundleAndImport(entry, major)));
  return loaded as Promise<T>;
}

/** Bundles once per entry and major, for all the tests of a file. */
const bundled = new Map<string, Promise<unknown>>();

async function bundleAndImport(entry: string, major: ReactMajor): Promise<unknown> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    alias: reactAliases(major),
    define: { 'process.env.NODE_ENV': '"development"' },
    // React's CommonJS requires Node's built-ins: give the ESM bundle a require.
    banner: {
      js: "import { createRequire as __splitkitRequire } from 'node:module'; const require = __splitkitRequire(import.meta.url);",
    },
  });
  const file = join(mkdtempSync(join(tmpdir(), `splitkit-react${major}-`)), 'entry.mjs');
  writeFileSync(file, result.outputFiles[0]!.text);
  return import(pathToFileURL(file).href);
}
