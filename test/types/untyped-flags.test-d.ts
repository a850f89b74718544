/**
 * Without generated declarations (the main program has none), every name is
 * a string and every read is typed by its fallback, exactly as before typed
 * flags. Compiled by `tsc --noEmit` in `npm run typecheck`.
 */
import { expectTypeOf } from 'vitest';
import { createClient, type Json } from '../../src/index.js';
import { useExperiment, useGate, useParam } from '../../src/react/index.js';

const client = createClient({ ruleset: {} });
expectTypeOf(client.checkGate).parameter(0).toEqualTypeOf<string>();
expectTypeOf(client.checkGate('anything at all')).toEqualTypeOf<boolean>();
expectTypeOf(client.getParam('limit', 10 as number)).toEqualTypeOf<number>();
expectTypeOf(client.getParam('label', 'x' as string)).toEqualTypeOf<string>();
expectTypeOf(client.getParam('layout', { columns: 2 })).toEqualTypeOf<{ columns: number }>();
expectTypeOf(client.getParamDetails('limit', 10 as number).value).toEqualTypeOf<number>();
expectTypeOf(client.getParamDetails('layout', { columns: 2 }).value).toEqualTypeOf<{ columns: number }>();
// A null fallback takes a value of any JSON type (none can mismatch it), so the read is any JSON value.
expectTypeOf(client.getParam('limit', null)).toEqualTypeOf<Json>();
expectTypeOf(client.getParamDetails('limit', null).value).toEqualTypeOf<Json>();
expectTypeOf(useParam('limit', null)).toEqualTypeOf<Json>();
expectTypeOf(client.getParam('limit', 10 as number | null)).toEqualTypeOf<number | null>();
const experiment = client.getExperiment('any_experiment');
expectTypeOf(experiment.variant).toEqualTypeOf<string | null>();
expectTypeOf(experiment.get('color', '#000' as string)).toEqualTypeOf<string>();
expectTypeOf(experiment.get('size', 3 as number)).toEqualTypeOf<number>();
expectTypeOf(experiment.get('size', null)).toEqualTypeOf<Json>();
expectTypeOf(useGate).parameter(0).toEqualTypeOf<string>();
expectTypeOf(useParam('limit', 1 as number)).toEqualTypeOf<number>();
expectTypeOf(useExperiment('e').variant).toEqualTypeOf<string | null>();

// Without generated types, an experiment's details read as any variant key or null.
expectTypeOf(createClient({ ruleset: {} }).getExperimentDetails('any').value).toEqualTypeOf<string | null>();
