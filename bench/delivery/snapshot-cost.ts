/**
 * The cost of `client.snapshot(user)` per visitor, in both modes, against a
 * same-run baseline: the reads a server makes to render the same page
 * without a snapshot (every gate, experiment and parameter once).
 */
import { createClient } from '../../src/index.js';
import type { RulesetInput, User } from '../../src/index.js';

/** Median µs per call of each case over `rounds` passes of `users`. */
export interface SnapshotCost {
  what: string;
  microseconds: number;
  /** Bytes of the JSON a page embeds (median visitor). */
  bytes?: number;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export function measureSnapshotCost(ruleset: RulesetInput, users: readonly User[], rounds: number): SnapshotCost[] {
  const client = createClient({ ruleset, environment: 'server' });
  const names = (kind: 'gates' | 'experiments' | 'params') => Object.keys(client.getRuleset()[kind] ?? {});
  const [gates, experiments, params] = [names('gates'), names('experiments'), names('params')];
  let sink = 0;
  const cases: [string, (user: User) => unknown][] = [
    [
      'baseline: read every gate, experiment and parameter once',
      (user) => {
        for (const g of gates) sink += client.checkGate(g, user, { exposure: false }) ? 1 : 0;
        for (const e of experiments)
          sink += client.getExperiment(e, user, { exposure: false }).variant === null ? 0 : 1;
        for (const p of params) sink += client.getParam(p, null, user, { exposure: false }) === null ? 0 : 1;
      },
    ],
    ["snapshot(user) (mode 'values')", (user) => client.snapshot(user)],
    ["snapshot(user) + JSON.stringify (mode 'values')", (user) => JSON.stringify(client.snapshot(user)).length],
    [
      "snapshot(user) + JSON.stringify (mode 'ruleset')",
      (user) => JSON.stringify(client.snapshot(user, { mode: 'ruleset' })).length,
    ],
  ];
  const results: SnapshotCost[] = [];
  for (const [what, run] of cases) {
    const times: number[] = [];
    for (let round = 0; round < rounds + 1; round++) {
      const start = process.hrtime.bigint();
      for (const user of users) sink += run(user) ? 1 : 0;
      if (round > 0) times.push(Number(process.hrtime.bigint() - start) / 1000 / users.length);
    }
    results.push({ what, microseconds: median(times) });
  }
  const sizes = (mode: 'values' | 'ruleset') =>
    median(users.slice(0, 200).map((user) => JSON.stringify(client.snapshot(user, { mode })).length));
  results[2]!.bytes = sizes('values');
  results[3]!.bytes = sizes('ruleset');
  if (sink < 0) console.log(sink);
  return results;
}
