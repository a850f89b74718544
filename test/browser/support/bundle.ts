/**
 * Bundles the SDK's main entry for the page, in memory, the way an app's
 * bundler would: one IIFE exposing `window.splitkit`.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ENTRY = fileURLToPath(new URL('../../../src/index.ts', import.meta.url));

/** The browser bundle of `src/index.ts` as JavaScript source. */
export async function bundleSdk(): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    format: 'iife',
    globalName: 'splitkit',
    platform: 'browser',
    target: 'es2020',
    write: false,
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild produced no output for src/index.ts');
  return output.text;
}
