/**
 * Rejects prerequisite chains deeper than evaluation follows. A required gate
 * is decided one level below whatever requires it, and evaluation gives up
 * past {@link MAX_PREREQUISITE_DEPTH} levels (its guard against cycles), so a
 * longer chain, though it has no cycle, would answer ERROR on every read. A
 * problem is reported where reads start: at a gate that no other gate
 * requires, and at each `requires` of an experiment or parameter rule. A
 * gate on a cycle, or requiring one, gets no depth problem: check-cycles
 * reports the cycle. Other gates are judged all the same.
 */
import { MAX_PREREQUISITE_DEPTH } from './defaults.js';
import type { Path } from './issues.js';
import type { Edge, Prerequisites } from './prerequisites.js';
import type { SemanticContext } from './semantic-context.js';

/** How far a gate's prerequisites reach below it, and the edge its deepest chain starts with. */
interface Reach {
  levels: number;
  deepest: Edge | undefined;
}

/**
 * Reports every place where a read would follow `prerequisites` deeper than evaluation does. Returns how many
 * levels of prerequisites lie below each gate that is not `cyclic`.
 */
export function checkPrerequisiteDepth(
  context: SemanticContext,
  prerequisites: Prerequisites,
): ReadonlyMap<string, number> {
  const reach = reachOf(prerequisites);
  for (const [gate, { levels, deepest }] of reach) {
    if (levels > MAX_PREREQUISITE_DEPTH && deepest !== undefined && !prerequisites.required.has(gate))
      report(context, deepest.path, levels, chain(gate, reach));
  }
  // Gate rules are covered above: their gate is the start of a read.
  for (const { to, path } of prerequisites.entries) {
    const below = reach.get(to);
    if (below !== undefined && below.levels + 1 > MAX_PREREQUISITE_DEPTH)
      report(context, path, below.levels + 1, chain(to, reach));
  }
  return new Map([...reach].map(([gate, { levels }]) => [gate, levels]));
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
 * The reach of each gate that is not cyclic, worked out in the order the walk finished the gates (such a gate
 * after those it requires, none of which is cyclic). A requirement of an unknown gate is left out.
 */
function reachOf({ graph, cyclic, finished }: Prerequisites): Map<string, Reach> {
  const reach = new Map<string, Reach>();
  for (const gate of finished) {
    if (cyclic.has(gate)) continue;
    let levels = 0;
    let deepest: Edge | undefined;
    for (const each of graph.get(gate) ?? []) {
      const below = reach.get(each.to);
      if (below !== undefined && below.levels + 1 > levels) {
        levels = below.levels + 1;
        deepest = each;
      }
    }
    reach.set(gate, { levels, deepest });
  }
  return reach;
}
