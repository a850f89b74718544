/**
 * The prerequisite graph of a ruleset's gates and one depth-first walk over
 * it, which the cycle, depth and work checks read: the cycles it met, the
 * order it finished the gates in, and where reads start (gates no gate
 * requires, and the `requires` of experiments and parameter rules). Only
 * gates can be required, so the graph has gates alone.
 */
import { targetedPaths } from './check-targeting.js';
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
  /**
   * Gates on a cycle or requiring one, directly or not: their depth and work cannot be counted, and the cycle
   * check explains them. The other gates are judged as if the cycle were not there.
   */
  cyclic: ReadonlySet<string>;
  /**
   * Gates some gate off a cycle requires; every other gate is where a read starts. A gate required only by gates
   * on a cycle (or requiring one) is a start too: the cycle check explains its requirers, not it.
   */
  required: ReadonlySet<string>;
  /** The requirements of experiments and parameter rules (reads start there too), in ruleset order. */
  entries: readonly Edge[];
}

interface Frame {
  gate: string;
  edges: readonly Edge[];
  next: number;
}

/** The prerequisite graph of `context`'s gates, walked. */
export function prerequisites(context: SemanticContext): Prerequisites {
  const graph = prerequisiteGraph(context);
  const walked = walk(graph);
  const cyclic = cyclicGates(graph, walked);
  const required = new Set<string>();
  for (const [gate, edges] of graph) if (!cyclic.has(gate)) for (const edge of edges) required.add(edge.to);
  return { graph, ...walked, cyclic, required, entries: entryEdges(context) };
}

/**
 * The gates on a cycle or requiring one. A gate on no cycle the walk met finished after every gate it requires
 * (one still on the walk's stack would have closed a cycle through it), so one pass in that order sees each
 * requirement's verdict before the gate's.
 */
function cyclicGates(
  graph: ReadonlyMap<string, readonly Edge[]>,
  { cycles, finished }: Pick<Prerequisites, 'cycles' | 'finished'>,
): Set<string> {
  const cyclic = new Set(cycles.flat());
  for (const gate of finished) {
    if ((graph.get(gate) ?? []).some((edge) => cyclic.has(edge.to))) cyclic.add(gate);
  }
  return cyclic;
}

function entryEdges(context: SemanticContext): Edge[] {
  const edges: Edge[] = [];
  for (const path of targetedPaths(context).filter((path) => path[0] !== 'gates')) {
    for (const index of context.items([...path, 'requires'])) {
      const at = [...path, 'requires', index, 'gate'];
      const to = context.valid<string>(at);
      if (to !== undefined) edges.push({ to, path: at });
    }
  }
  return edges;
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
function walk(graph: ReadonlyMap<string, readonly Edge[]>): Pick<Prerequisites, 'cycles' | 'finished'> {
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
