/**
 * The checks that need more than one field at a time, run after the
 * structural pass on every part of the document that passed it, so one
 * malformed rule does not hide the problems of its neighbours.
 */
import { checkCycles } from './check-cycles.js';
import { checkPrerequisiteDepth } from './check-depth.js';
import { checkPrerequisiteWork } from './check-work.js';
import { checkExperiments } from './check-experiments.js';
import { checkHoldouts } from './check-holdouts.js';
import { checkLayers } from './check-layers.js';
import { checkRuleIds } from './check-rule-ids.js';
import { checkTargeting } from './check-targeting.js';
import type { Issue, IssueList } from './issues.js';
import { prerequisites } from './prerequisites.js';
import { SemanticContext } from './semantic-context.js';

/** Adds the semantic problems of `document` to `issues`; `structural` lists what the schema rejected. */
export function checkSemantics(document: unknown, structural: readonly Issue[], issues: IssueList): void {
  const context = new SemanticContext(document, structural, issues);
  checkRuleIds(context);
  checkExperiments(context);
  checkLayers(context);
  checkHoldouts(context);
  checkTargeting(context);
  // One walk over the gates' requirements serves the three prerequisite checks.
  const required = prerequisites(context);
  checkCycles(context, required);
  // A chain too deep also costs too much work: the work check leaves it to the depth check, which explains it.
  checkPrerequisiteWork(context, required, checkPrerequisiteDepth(context, required));
}
