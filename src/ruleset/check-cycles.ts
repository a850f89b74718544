/**
 * Rejects prerequisite cycles: a gate whose rules require itself, directly or
 * through other gates, could never be decided. Experiments and parameter
 * rules also have `requires`, but only gates can be required, so every cycle
 * runs through gates alone; requirements from experiments and parameters
 * cannot close one.
 */
import type { Edge, Prerequisites } from './prerequisites.js';
import type { SemanticContext } from './semantic-context.js';

/** Reports each cycle the prerequisite walk met once, spelled out, e.g. `a -> b -> a`. */
export function checkCycles(context: SemanticContext, { graph, cycles }: Prerequisites): void {
  const reported = new Set<string>();
  for (const cycle of cycles) report(context, graph, cycle, reported);
}

/** Reports a cycle (closed: first gate repeated at the end) unless a rotation of it was reported. */
function report(
  context: SemanticContext,
  graph: ReadonlyMap<string, readonly Edge[]>,
  cycle: string[],
  reported: Set<string>,
): void {
  const open = cycle.slice(0, -1);
  // Start at the smallest key so that every rotation of the same cycle reads the same.
  let first = 0;
  for (let i = 1; i < open.length; i++) if ((open[i] as string) < (open[first] as string)) first = i;
  const rotated = [...open.slice(first), ...open.slice(0, first)];
  const closed = [...rotated, rotated[0] as string];
  const id = JSON.stringify(closed);
  if (reported.has(id)) return;
  reported.add(id);
  const from = closed[0] as string;
  const edge = (graph.get(from) ?? []).find((candidate) => candidate.to === closed[1]) as Edge;
  context.issues.add(edge.path, `prerequisite cycle: ${closed.join(' -> ')}`);
}
