import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as z from 'zod/mini';
import type { RulesetInput } from '../../src/ruleset/normalize.js';
import { rulesetSchema } from '../../src/ruleset/schema.js';
import { fullDocument, minimalDocument } from './helpers.js';

// Compile-time checks (tsc): the schema's type and the hand-written input type describe the same documents.
type SchemaInput = z.infer<typeof rulesetSchema>;
expectTypeOf<SchemaInput>().toExtend<RulesetInput>();
const inputToSchema = (value: RulesetInput): SchemaInput => value;

describe('rulesetSchema', () => {
  it('accepts valid documents as written', () => {
    expect(z.safeParse(rulesetSchema, minimalDocument()).success).toBe(true);
    expect(z.safeParse(rulesetSchema, inputToSchema(fullDocument())).success).toBe(true);
  });

  it('rejects unknown keys', () => {
    expect(z.safeParse(rulesetSchema, { gates: { g: { rolout: 5 } } }).success).toBe(false);
  });

  it('converts to JSON Schema for tooling, closed to unknown keys', () => {
    const schema = z.toJSONSchema(rulesetSchema) as { type: string; additionalProperties: boolean; properties: object };
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toStrictEqual([
      'version',
      'revision',
      'updatedAt',
      'gates',
      'experiments',
      'layers',
      'holdouts',
      'params',
      'segments',
    ]);
    expect(JSON.stringify(schema)).toContain('"maximum":100');
  });
});

describe('bundle boundaries', () => {
  async function bundledInputs(entry: string): Promise<{ inputs: string[]; bytes: number }> {
    const result = await build({
      entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
      bundle: true,
      write: false,
      minify: true,
      format: 'esm',
      metafile: true,
      logLevel: 'silent',
    });
    return { inputs: Object.keys(result.metafile.inputs), bytes: result.outputFiles[0]?.contents.length ?? 0 };
  }

  it('normalizeRuleset pulls in no validator', async () => {
    const { inputs } = await bundledInputs('../../src/ruleset/normalize.ts');
    expect(inputs.filter((path) => path.includes('node_modules'))).toStrictEqual([]);
    expect(inputs.filter((path) => /schema|parse|zod/.test(path))).toStrictEqual([]);
  });

  it('parseRuleset bundles zod/mini, not the full zod', async () => {
    const { inputs } = await bundledInputs('../../src/ruleset/parse.ts');
    const zodFiles = inputs.filter((path) => path.includes('node_modules/zod/'));
    expect(zodFiles.some((path) => path.includes('/mini/'))).toBe(true);
    expect(zodFiles.filter((path) => path.includes('/classic/'))).toStrictEqual([]);
  });
});
