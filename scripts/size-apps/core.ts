/**
 * Diagnostic size app: the evaluator alone, without any client class:
 * compile the trusted ruleset (the compiler applies its defaults), evaluate
 * the gate and the experiment. The floor under `splitkit/lite` as the code
 * stands.
 */
import { compileRuleset, createEvalRecord, evaluateExperiment, evaluateGate } from '../../src/eval/index.js';
import { ruleset } from './ruleset.js';

const compiled = compileRuleset(ruleset);
const user = { userID: 'user-42', country: 'US' };
const record = createEvalRecord();
const checkout = evaluateGate(compiled, 'new_checkout', user, Date.now(), record).value === true;
const variant = evaluateExperiment(compiled, 'button_color', user, Date.now(), record).value;
document.body.dataset.checkout = String(checkout);
document.body.dataset.variant = String(variant);
