/**
 * Rejects prerequisites that would make one read decide too many gates. Evaluation decides a required gate
 * every time a rule requires it (there is no cache: the hot path allocates nothing), so gates that each
 * require the next from several rules multiply: the work grows with the product of the rule counts, and a
 * chain well within the depth limit can hang a read. Reported like the depth problem, where reads start: at a
 * gate no other gate requires, and at the first heaviest `requires` of an experiment or a parameter. A read
 * that reaches a cycle is left to check-cycles, and one that goes too deep to check-depth (its depth explains
 * the work); the others are judged all the same.
 */
import { MAX_PREREQUISITE_DECISIONS, MAX_PREREQUISITE_DEPTH } from './defaults.js';
import type { Path } from './issues.js';
import type { Edge, Prerequisites } from './prerequisites.js';
import type { SemanticContext } from './semantic-context.js';

/** The most gate decisions a read may cost, and the requirement that costs the most of them. */
interface Work {
  decisions: number;
  heaviest: Path | undefined;
}

/**
 * Reports every place where a read would decide more than {@link MAX_PREREQUISITE_DECISIONS} gates. `levels`
 * (from check-depth) holds how deep the prerequisites below each gate that is not cyclic go.
 */
export function checkPrerequisiteWork(
  context: SemanticContext,
  { graph, finished, required, entries }: Prerequisites,
  levels: ReadonlyMap<string, number>,
): void {
  // Worst case per gate: itself, and every gate each of its rules requires (rules and requirements are all tried).
  // Counted for gates that are not cyclic (those with levels), each after the gates it requires.
  const decisions = new Map<string, number>();
  for (const gate of finished)
    if (levels.has(gate)) decisions.set(gate, 1 + sum(graph.get(gate) ?? [], decisions).decisions);
  /** Whether a read that decides `gate` `above` levels below where it starts is judged here. */
  const judged = (gate: string, above: number): boolean =>
    !graph.has(gate) || (levels.get(gate) ?? Infinity) + above <= MAX_PREREQUISITE_DEPTH;
  for (const [gate, edges] of graph) {
    if (required.has(gate) || !judged(gate, 0)) continue;
    report(context, { ...sum(edges, decisions), decisions: decisions.get(gate) ?? 0 });
  }
  // An experiment's requirements, or those of all rules of a parameter (a read may try every one).
  const reads = new Map<string, Edge[]>();
  for (const edge of entries) {
    const key = `${edge.path[0]}\0${edge.path[1]}`;
    const edges = reads.get(key) ?? [];
    edges.push(edge);
    reads.set(key, edges);
  }
  for (const edges of reads.values())
    if (edges.every((edge) => judged(edge.to, 1))) report(context, sum(edges, decisions));
}

/** The decisions of the gates `edges` require (unknown gates count none), and the costliest edge's path. */
function sum(edges: readonly Edge[], decisions: ReadonlyMap<string, number>): Work {
  let total = 0;
  let most = 0;
  let heaviest: Path | undefined;
  for (const edge of edges) {
    const cost = decisions.get(edge.to) ?? 0;
    total += cost;
    if (cost > most) {
      most = cost;
      heaviest = edge.path;
    }
  }
  return { decisions: total, heaviest };
}

function report(context: SemanticContext, { decisions, heaviest }: Work): void {
  if (decisions <= MAX_PREREQUISITE_DECISIONS || heaviest === undefined) return;
  const shown = decisions < 1e6 ? String(decisions) : decisions.toExponential(1);
  context.issues.add(
    heaviest,
    `prerequisites make one read decide up to ${shown} gates from here; at most ${MAX_PREREQUISITE_DECISIONS} are allowed (a gate counts each time a rule requires it)`,
  );
}
