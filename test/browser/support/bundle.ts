/**
 * Bundles the SDK for the page, in memory, the way an app's bundler would:
 * one IIFE exposing `window.splitkit`.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * The entries a page can load: `index` is the main entry; `browser` is the
 * browser build (src/browser.ts), which bundlers pick through the package's
 * `browser` export condition; `lean` is `splitkit/lean` (src/lean.ts). Each is
 * the page's `window.splitkit`.
 */
export type SdkEntry = 'index' | 'browser' | 'lean';

/** The browser bundle of `src/<entry>.ts` as JavaScript source. */
export async function bundleSdk(entry: SdkEntry = 'index'): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(`../../../src/${entry}.ts`, import.meta.url))],
    bundle: true,
    format: 'iife',
    globalName: 'splitkit',
    platform: 'browser',
    target: 'es2020',
    write: false,
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild produced no output for src/${entry}.ts`);
  return output.text;
}
