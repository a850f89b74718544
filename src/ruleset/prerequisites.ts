/**
 * The prerequisite graph of a ruleset's gates and one depth-first walk over
 * it, which both the cycle check and the depth check read: the cycles it
 * met, and the order it finished the gates in. Experiments and parameter
 * rules also have `requires`, but only gates can be required, so the graph
 * has gates alone.
 */
import type { Path } from './issues.js';
import type { SemanticContext } from './semantic-context.js';

/** A gate's requirement of another gate. */
export interface Edge {
  to: string;
  /** Path of the `gate` field that makes this edge, where a problem with it is reported. */
  path: Path;
}

/** The gates' requirements and what one walk over them found. */
export interface Prerequisites {
  /** Gate key -> the gates its rules require (only requirements that are valid and name a gate). */
  graph: ReadonlyMap<string, readonly Edge[]>;
  /** Each cycle as the walk met it, closed (its first gate again at the end), e.g. `[b, a, b]`. */
  cycles: string[][];
  /** Every gate, each after all the gates it requires unless a cycle runs through them. */
  finished: string[];
}

interface Frame {
  gate: string;
  edges: readonly Edge[];
  next: number;
}

/** The prerequisite graph of `context`'s gates, walked. */
export function prerequisites(context: SemanticContext): Prerequisites {
  const graph = prerequisiteGraph(context);
  return { graph, ...walk(graph) };
}

function prerequisiteGraph(context: SemanticContext): Map<string, Edge[]> {
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

/**
 * Depth-first, from each gate in key order, following requirements in rule order and leaving out those of
 * unknown gates; iterative, so a long chain of gates cannot overflow the call stack.
 */
function walk(graph: ReadonlyMap<string, readonly Edge[]>): Omit<Prerequisites, 'graph'> {
  const cycles: string[][] = [];
  const finished: string[] = [];
  const done = new Set<string>();
  for (const start of graph.keys()) {
    if (done.has(start)) continue;
    const stack: Frame[] = [{ gate: start, edges: graph.get(start) ?? [], next: 0 }];
    // Where each gate on the stack stands in it.
    const depthOf = new Map<string, number>([[start, 0]]);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1] as Frame;
      const edge = frame.edges[frame.next++];
      if (edge === undefined) {
        stack.pop();
        depthOf.delete(frame.gate);
        done.add(frame.gate);
        finished.push(frame.gate);
        continue;
      }
      const depth = depthOf.get(edge.to);
      if (depth !== undefined) {
        cycles.push([...stack.slice(depth).map((entry) => entry.gate), edge.to]);
      } else if (!done.has(edge.to) && graph.has(edge.to)) {
        depthOf.set(edge.to, stack.length);
        stack.push({ gate: edge.to, edges: graph.get(edge.to) ?? [], next: 0 });
      }
    }
  }
  return { cycles, finished };
}
