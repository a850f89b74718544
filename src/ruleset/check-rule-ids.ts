/** Rule ids name rules in results and default their salts, so they must be unique within a gate or parameter. */
import type { SemanticContext } from './semantic-context.js';

/** Reports repeated rule ids in every gate and parameter. */
export function checkRuleIds(context: SemanticContext): void {
  for (const gate of context.keys(['gates'])) checkUnique(context, ['gates', gate]);
  for (const param of context.keys(['params'])) checkUnique(context, ['params', param]);
}

function checkUnique(context: SemanticContext, owner: readonly string[]): void {
  const firstIndex = new Map<string, number>();
  for (const index of context.items([...owner, 'rules'])) {
    const id = context.valid<string>([...owner, 'rules', index, 'id']);
    if (id === undefined) continue;
    const first = firstIndex.get(id);
    if (first === undefined) firstIndex.set(id, index);
    else
      context.issues.add(
        [...owner, 'rules', index, 'id'],
        `duplicate rule id ${JSON.stringify(id)} (also rules[${first}])`,
      );
  }
}
