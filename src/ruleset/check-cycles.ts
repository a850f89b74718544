/**
 * Rejects prerequisite cycles: a gate whose rules require itself, directly or
 * through other gates, could never be decided. Experiments and parameter
 * rules also have `requires`, but only gates can be required, so every cycle
 * runs through gates alone; requirements from experiments and parameters
 * cannot close one and need no node of their own here.
 */
import type { Path } from './issues.js';
import type { SemanticContext } from './semantic-context.js';

/** A gate's requirement of another gate. */
export interface Edge {
  to: string;
  /** Path of the `gate` field that makes this edge, where a cycle is reported. */
  path: Path;
}

interface Frame {
  gate: string;
  edges: Edge[];
  next: number;
}

/** Reports each prerequisite cycle of `graph` (the ruleset's {@link prerequisiteGraph}) once, spelled out, e.g. `a -> b -> a`. */
export function checkCycles(context: SemanticContext, graph: ReadonlyMap<string, Edge[]>): void {
  const reported = new Set<string>();
  const done = new Set<string>();
  for (const start of graph.keys()) {
    if (done.has(start)) continue;
    // Iterative depth-first search: a long chain of gates must not overflow the call stack.
    const stack: Frame[] = [{ gate: start, edges: graph.get(start) ?? [], next: 0 }];
    const depthOf = new Map<string, number>([[start, 0]]);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1] as Frame;
      const edge = frame.edges[frame.next++];
      if (edge === undefined) {
        stack.pop();
        depthOf.delete(frame.gate);
        done.add(frame.gate);
        continue;
      }
      const depth = depthOf.get(edge.to);
      if (depth !== undefined) {
        const cycle = [...stack.slice(depth).map((entry) => entry.gate), edge.to];
        report(context, graph, cycle, reported);
      } else if (!done.has(edge.to) && graph.has(edge.to)) {
        depthOf.set(edge.to, stack.length);
        stack.push({ gate: edge.to, edges: graph.get(edge.to) ?? [], next: 0 });
      }
    }
  }
}

/** Gate key -> the gates its rules require (only requirements that are valid and name a gate). */
export function prerequisiteGraph(context: SemanticContext): Map<string, Edge[]> {
  const graph = new Map<string, Edge[]>();
  for (const gate of context.keys(['gates'])) {
    const edges: Edge[] = [];
    for (const rule of context.items(['gates', gate, 'rules'])) {
      for (const index of context.items(['gates', gate, 'rules', rule, 'requires'])) {
        const path = ['gates', gate, 'rules', rule, 'requires', index, 'gate'];
        const to = context.valid<string>(path);
        if (to !== undefined) edges.push({ to, path });
      }
    }
    graph.set(gate, edges);
  }
  return graph;
}

/** Reports a cycle (closed: first gate repeated at the end) unless a rotation of it was reported. */
function report(
  context: SemanticContext,
  graph: ReadonlyMap<string, Edge[]>,
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
