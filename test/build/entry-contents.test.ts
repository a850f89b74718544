/**
 * What the browser entries leave out, as docs/architecture.md's "Entry points and what they pull in" says:
 * bundled from src/ the way an app's bundler would (esbuild, browser platform, code behind `import()` split
 * off), the modules each entry's start chunk holds. A stray import (the lean client reaching for the event
 * pipeline, the full client's class or zod) would put kilobytes back into every page that uses the entry.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

/** The source files in the start chunk of `entry` (its entry output's inputs, lazy chunks left out). */
async function startChunkInputs(entry: string): Promise<string[]> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    splitting: true,
    outdir: 'unused',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const output = Object.values(result.metafile.outputs).find((each) => each.entryPoint === entry);
  return Object.keys(output?.inputs ?? {});
}

describe('the start chunk of a browser entry', () => {
  it('splitkit/lean: the lite reads, delivery and identity; no zod, event pipeline, full client or overrides', async () => {
    const inputs = await startChunkInputs('src/lean.ts');
    for (const held of ['src/client/lean-client.ts', 'src/client/reader.ts', 'src/client/identity.ts'])
      expect(inputs).toContain(held);
    const stray = inputs.filter((path) =>
      /node_modules\/zod\/|src\/events\/|src\/client\/(client|build-client|overrides|assignments|options)\.ts$|src\/source\/start-source\.ts$/.test(
        path,
      ),
    );
    expect(stray).toEqual([]);
  });

  it('splitkit/lite: no lean client, delivery or identity either', async () => {
    const inputs = await startChunkInputs('src/lite.ts');
    expect(inputs).toContain('src/client/lite-client.ts');
    expect(inputs.filter((path) => /lean|delivery|identity|node_modules\/zod\//.test(path))).toEqual([]);
  });
});
