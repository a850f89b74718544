/**
 * Checks every place that targets users: gate rules, experiments, parameter
 * rules (their `when`, `segments` and `requires`) and the segments
 * themselves. Prerequisite cycles are checked separately (check-cycles.ts).
 */
import { checkCondition, type ConditionScope } from './check-conditions.js';
import type { Path } from './issues.js';
import type { SemanticContext } from './semantic-context.js';

/** Checks targeting references and conditions, and the segments' own definitions. */
export function checkTargeting(context: SemanticContext): void {
  const scope: ConditionScope = { context, groups: segmentsWithIds(context), regexVerdicts: new Map() };
  for (const path of targetedPaths(context)) {
    for (const index of context.items([...path, 'requires'])) {
      const gate = context.valid<string>([...path, 'requires', index, 'gate']);
      if (gate !== undefined) context.checkReference([...path, 'requires', index, 'gate'], gate, 'gates', 'gate');
    }
    for (const index of context.items([...path, 'segments'])) {
      const segment = context.valid<string>([...path, 'segments', index]);
      if (segment !== undefined) context.checkReference([...path, 'segments', index], segment, 'segments', 'segment');
    }
    const when = context.valid<unknown>([...path, 'when']);
    if (when !== undefined) checkCondition(when, [...path, 'when'], scope);
  }
  for (const segment of context.keys(['segments'])) {
    const path = ['segments', segment];
    const when = context.valid<unknown>([...path, 'when']);
    if (when !== undefined) checkCondition(when, [...path, 'when'], scope);
    if (context.isObjectAt(path) && !context.has(path, 'ids') && !context.has(path, 'when')) {
      context.issues.add(path, 'a segment needs `ids`, `when` or both');
    }
  }
}

/** Segments that list ids, whether or not the list itself is valid (a broken list is reported already). */
function segmentsWithIds(context: SemanticContext): Set<string> {
  return new Set(context.keys(['segments']).filter((segment) => context.has(['segments', segment], 'ids')));
}

/** Paths of every targeted object: gate rules, experiments and parameter rules. */
export function targetedPaths(context: SemanticContext): Path[] {
  const paths: Path[] = [];
  for (const gate of context.keys(['gates'])) {
    for (const index of context.items(['gates', gate, 'rules'])) paths.push(['gates', gate, 'rules', index]);
  }
  for (const experiment of context.keys(['experiments'])) paths.push(['experiments', experiment]);
  for (const param of context.keys(['params'])) {
    for (const index of context.items(['params', param, 'rules'])) paths.push(['params', param, 'rules', index]);
  }
  return paths;
}
