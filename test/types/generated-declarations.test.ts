/**
 * `splitkit types` on awkward rulesets, checked the way an app meets them: the generated declarations and a
 * consumer file are compiled together by the TypeScript compiler (semantic errors, not only parsing), with
 * `splitkit` and its subpaths resolved to the sources as in the repo's tsconfig. Right names and values must
 * compile; each `@ts-expect-error` line must be an error, or the compile fails.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { flagDeclarations } from '../../src/cli/flag-declarations.js';
import { parseRuleset } from '../../src/ruleset/parse.js';

const root = new URL('../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'splitkit-typed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The diagnostics of compiling `declarations` (as flags.d.ts) with `consumer` (as use.ts), one line each. */
function compile(declarations: string, consumer: string): string[] {
  const flags = join(dir, 'flags.d.ts');
  const use = join(dir, 'use.ts');
  writeFileSync(flags, declarations);
  writeFileSync(use, consumer);
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  )!;
  const program = ts.createProgram([flags, use], { ...config.options, noEmit: true, noUnusedLocals: true });
  // The two files' own diagnostics (the sources they import are checked by npm run typecheck).
  const diagnostics = [flags, use].flatMap((file) => {
    const source = program.getSourceFile(file)!;
    return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
  });
  return [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics(), ...diagnostics].map((diagnostic) => {
    const where = diagnostic.file
      ? `${diagnostic.file.fileName.slice(dir.length + 1)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}: `
      : '';
    return where + ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
  });
}

const awkward = parseRuleset({
  gates: {
    'new-checkout': {},
    class: {},
    constructor: {},
    toString: {},
    ünïcode: {},
    'q"uote\'s': {},
    '123': {},
    'a b': {},
  },
  experiments: {
    'checkout.flow': {
      variants: [
        { key: 'control', weight: 50, params: { steps: 3, title: 'Pay', extra: null } },
        { key: 'one-page', weight: 50, params: { steps: 'one', layout: { cols: [1, 'two'] } } },
      ],
    },
    no_params: { variants: [{ key: 'only', weight: 100 }] },
    in_layer: { variants: [{ key: 'on', weight: 100, params: { x: true } }] },
  },
  layers: { checkout_layer: { experiments: [{ experiment: 'in_layer', share: 50 }] } },
  holdouts: { global: { percent: 5, gates: ['class'], experiments: ['in_layer'], params: ['limit'] } },
  params: {
    limit: { default: 10, rules: [{ id: 'r', value: 20 }] },
    maybe: { default: null, rules: [{ id: 'r', value: 'on' }] },
    mixed: { default: 1, rules: [{ id: 'r', value: 'x' }] },
    empty_list: { default: [] },
    nested: { default: { a: { b: [{ c: 'd' }] } } },
  },
});

describe('generated declarations, compiled with an app file', () => {
  it('types names that are not identifiers, mixed parameter types, layers and holdouts', () => {
    const consumer = `
import { createClient, type Json } from 'splitkit';
import { createTestClient } from 'splitkit/testing';
import { createClient as createLiteClient } from 'splitkit/lite';
import { useExperiment, useGate, useParam } from 'splitkit/react';

const client = createClient({ ruleset: {} });
for (const name of ['new-checkout', 'class', 'constructor', 'toString', 'ünïcode', "q\\"uote's", '123', 'a b'] as const)
  client.checkGate(name);
// @ts-expect-error not a gate of the ruleset
client.checkGate('new_checkout');
// @ts-expect-error an experiment is not a gate
client.getGateDetails('no_params');
// @ts-expect-error a holdout is not a gate
client.checkGate('global');
// @ts-expect-error a layer is not an experiment
client.getExperiment('checkout_layer');

export const limit: number = client.getParam('limit', 5);
// @ts-expect-error the parameter is a number
client.getParam('limit', '5');
export const maybe: null | string = client.getParam('maybe', null);
export const mixed: number | string = client.getParam('mixed', 0);
// @ts-expect-error the parameter is a number or a string
client.getParam('mixed', true);
// A null fallback takes either type at run time (a number fallback would serve itself for a string).
export const either: number | string | null = client.getParam('mixed', null);
export const list: Json[] = client.getParam('empty_list', []);
export const nested: string = client.getParam('nested', { a: { b: [] } }).a.b[0]!.c;
// @ts-expect-error not a parameter of the ruleset
client.getParamDetails('limits', 5);

const flow = client.getExperiment('checkout.flow');
export const variant: 'control' | 'one-page' | null = flow.variant;
// @ts-expect-error not a variant of the experiment
export const wrong: 'control' | 'two-page' | null = flow.variant;
export const steps: number | string = flow.get('steps', 1);
export const anySteps: number | string | null = flow.get('steps', null);
// @ts-expect-error a null fallback reads null too
export const notNull: number | string = flow.get('steps', null);
export const extra: null = flow.get('extra', null);
export const cols: (number | string)[] = flow.get('layout', { cols: [] }).cols;
// @ts-expect-error the parameter is a string
flow.get('title', 0);
// @ts-expect-error no variant of the experiment has it
flow.get('color', '#000');
// @ts-expect-error the experiment's variants have no parameters
client.getExperiment('no_params').get('anything', 1);
export const on: 'on' | null = client.getExperiment('in_layer').variant;

// @ts-expect-error the test client takes the same names
createTestClient().checkGate('clas');
// @ts-expect-error so does the lite client
createLiteClient({ ruleset: {} }).getParam('limit', 'x');

export function App(): unknown[] {
  // @ts-expect-error the hooks take the same names
  useGate('clas');
  const threshold: number = useParam('limit', 1);
  const shown: 'control' | 'one-page' | null = useExperiment('checkout.flow').variant;
  return [useGate('class'), threshold, shown];
}
`;
    expect(compile(flagDeclarations(awkward, 'ruleset.json'), consumer)).toEqual([]);
  });

  it('types an empty ruleset: no name is a gate, experiment or parameter', () => {
    const consumer = `
import { createClient } from 'splitkit';
const client = createClient({ ruleset: {} });
// @ts-expect-error the ruleset has no gates
client.checkGate('anything');
// @ts-expect-error nor experiments
client.getExperiment('anything');
// @ts-expect-error nor parameters
client.getParam('anything', 1);
`;
    expect(compile(flagDeclarations(parseRuleset({}), 'ruleset.json'), consumer)).toEqual([]);
  });
});
