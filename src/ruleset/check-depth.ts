/**
 * Rejects prerequisite chains deeper than evaluation follows. A required gate
 * is decided one level below whatever requires it, and evaluation gives up
 * past {@link MAX_PREREQUISITE_DEPTH} levels (its guard against cycles), so a
 * longer chain, though it has no cycle, would answer ERROR on every read. A
 * problem is reported where reads start: at a gate that no other gate
 * requires, and at each `requires` of an experiment or parameter rule. A
 * ruleset with a cycle gets no depth problems: check-cycles reports the cycle.
 */
import type { Edge } from './check-cycles.js';
import { MAX_PREREQUISITE_DEPTH } from './defaults.js';
import { targetedPaths } from './check-targeting.js';
import type { Path } from './issues.js';
import type { SemanticContext } from './semantic-context.js';

/** How far a gate's prerequisites reach below it, and the edge its deepest chain starts with. */
interface Reach {
  levels: number;
  deepest: Edge | undefined;
}

/** Reports every place where a read would follow prerequisites (`graph`, from check-cycles.ts) deeper than evaluation does. */
export function checkPrerequisiteDepth(context: SemanticContext, graph: ReadonlyMap<string, Edge[]>): void {
  const reach = reachOf(graph);
  if (reach === undefined) return;
  const required = new Set<string>();
  for (const edges of graph.values()) for (const edge of edges) required.add(edge.to);
  for (const [gate, { levels, deepest }] of reach) {
    if (levels > MAX_PREREQUISITE_DEPTH && deepest !== undefined && !required.has(gate))
      report(context, deepest.path, levels, chain(gate, reach));
  }
  // Gate rules are covered above: their gate is the start of a read.
  for (const path of targetedPaths(context).filter((path) => path[0] !== 'gates')) {
    for (const index of context.items([...path, 'requires'])) {
      const at = [...path, 'requires', index, 'gate'];
      const gate = context.valid<string>(at);
      const below = gate === undefined ? undefined : reach.get(gate);
      if (below !== undefined && below.levels + 1 > MAX_PREREQUISITE_DEPTH)
        report(context, at, below.levels + 1, chain(gate as string, reach));
    }
  }
}

function report(context: SemanticContext, path: Path, levels: number, gates: string[]): void {
  // Only reported for chains of more than 32 gates, so there is always a middle to leave out.
  const shown = [...gates.slice(0, 3), '…', gates[gates.length - 1]];
  context.issues.add(
    path,
    `prerequisites nest ${levels} levels deep from here (${shown.join(' -> ')}); evaluation follows at most ${MAX_PREREQUISITE_DEPTH}`,
  );
}

/** The gates of the deepest chain from `gate` down. */
function chain(gate: string, reach: ReadonlyMap<string, Reach>): string[] {
  const gates = [gate];
  for (let edge = reach.get(gate)?.deepest; edge !== undefined; edge = reach.get(edge.to)?.deepest) gates.push(edge.to);
  return gates;
}

/**
 * Each gate's reach, worked out children first with an explicit stack (a long chain must not overflow
 * the call stack); undefined when the gates form a cycle. A requirement of an unknown gate is left out.
 */
function reachOf(graph: ReadonlyMap<string, Edge[]>): Map<string, Reach> | undefined {
  const reach = new Map<string, Reach>();
  const open = new Set<string>();
  for (const start of graph.keys()) {
    if (reach.has(start)) continue;
    const stack = [{ gate: start, next: 0 }];
    open.add(start);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1] as { gate: string; next: number };
      const edges = graph.get(frame.gate) as Edge[];
      const edge = edges[frame.next++];
      if (edge !== undefined) {
        if (!graph.has(edge.to) || reach.has(edge.to)) continue;
        if (open.has(edge.to)) return undefined;
        open.add(edge.to);
        stack.push({ gate: edge.to, next: 0 });
        continue;
      }
      let levels = 0;
      let deepest: Edge | undefined;
      for (const each of edges) {
        const below = reach.get(each.to);
        if (below !== undefined && below.levels + 1 > levels) {
          levels = below.levels + 1;
          deepest = each;
        }
      }
      reach.set(frame.gate, { levels, deepest });
      open.delete(frame.gate);
      stack.pop();
    }
  }
  return reach;
}
