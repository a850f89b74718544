/**
 * Typed flags, compiled with the declarations `splitkit types` generated from
 * examples/quickstart/ruleset.json (flags.d.ts beside this file) by
 * `tsc -p test/types/typed` in `npm run typecheck`. Each `@ts-expect-error`
 * must be an error, or the compile fails.
 */
import { expectTypeOf } from 'vitest';
import { createClient, type ExperimentResult } from 'splitkit';
import { useExperiment, useGate, useParam } from 'splitkit/react';

const client = createClient({ ruleset: {} });

// Gates: the ruleset's names only.
expectTypeOf(client.checkGate('new_checkout')).toEqualTypeOf<boolean>();
// @ts-expect-error a typo is not a gate of the ruleset
client.checkGate('new_chekout');
// @ts-expect-error an experiment is not a gate
client.getGateDetails('button_color');

// Parameters carry the ruleset's type.
expectTypeOf(client.getParam('free_shipping_threshold', 50)).toEqualTypeOf<number>();
// @ts-expect-error the parameter is a number
client.getParam('free_shipping_threshold', 'fifty');
// @ts-expect-error not a parameter of the ruleset
client.getParam('free_shipping', 50);
// The details read takes the same names and types.
expectTypeOf(client.getParamDetails('free_shipping_threshold', 50).value).toEqualTypeOf<number>();
// @ts-expect-error the parameter is a number
client.getParamDetails('free_shipping_threshold', 'fifty');

// Experiments: the variant keys and the variants' parameters.
const experiment = client.getExperiment('button_color');
expectTypeOf(experiment).toEqualTypeOf<ExperimentResult<'button_color'>>();
expectTypeOf(experiment.variant).toEqualTypeOf<'red' | 'blue' | null>();
expectTypeOf(experiment.get('color', '#000')).toEqualTypeOf<string>();
// @ts-expect-error not a parameter of the experiment's variants
experiment.get('colour', '#000');
// @ts-expect-error the parameter is a string
experiment.get('color', 0);
// @ts-expect-error not an experiment of the ruleset
client.getExperiment('button_colour');
expectTypeOf(client.getExperimentDetails('button_color').value).toEqualTypeOf<'red' | 'blue' | null>();
// @ts-expect-error not an experiment of the ruleset
client.getExperimentDetails('button_colour');

// A null fallback takes a value of any JSON type at run time (none can mismatch it): accepted for a declared
// parameter too, the read then being its type or null (the fallback, when the ruleset in use lacks it).
expectTypeOf(client.getParam('free_shipping_threshold', null)).toEqualTypeOf<number | null>();
expectTypeOf(client.getParamDetails('free_shipping_threshold', null).value).toEqualTypeOf<number | null>();
expectTypeOf(client.getParam('free_shipping_threshold', 50 as number | null)).toEqualTypeOf<number | null>();
expectTypeOf(experiment.get('color', null)).toEqualTypeOf<string | null>();
expectTypeOf(useParam('free_shipping_threshold', null)).toEqualTypeOf<number | null>();

// The React hooks take the same names and types.
expectTypeOf(useGate).parameter(0).toEqualTypeOf<'new_checkout'>();
expectTypeOf(useParam('free_shipping_threshold', 50)).toEqualTypeOf<number>();
expectTypeOf(useExperiment('button_color').variant).toEqualTypeOf<'red' | 'blue' | null>();

// Overrides take the ruleset's names and types too: a typo in a QA or test override is a compile error.
client.override({
  gates: { new_checkout: true },
  experiments: { button_color: 'blue' },
  params: { free_shipping_threshold: 0 },
});
client.override({ experiments: { button_color: null } });
// @ts-expect-error a typo is not a gate of the ruleset
client.override({ gates: { new_chekout: true } });
// @ts-expect-error not a variant of the experiment
client.override({ experiments: { button_color: 'green' } });
// @ts-expect-error the parameter is a number
client.override({ params: { free_shipping_threshold: 'free' } });
createClient({ ruleset: {}, overrides: { gates: { new_checkout: false } } });
// @ts-expect-error not a parameter of the ruleset
createClient({ ruleset: {}, overrides: { params: { free_shipping: 0 } } });
client.clearOverrides('gates', 'new_checkout');
client.clearOverrides('experiments', 'button_color');
client.clearOverrides('params');
client.clearOverrides();
// @ts-expect-error a typo is not a gate of the ruleset
client.clearOverrides('gates', 'new_chekout');
// @ts-expect-error a gate is not a parameter
client.clearOverrides('params', 'new_checkout');
// A kind known only at run time takes any of its names.
declare const kind: 'gates' | 'params';
client.clearOverrides(kind, 'free_shipping_threshold');
