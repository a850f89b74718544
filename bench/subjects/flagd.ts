/**
 * flagd-core's cases: `FlagdCore` in its default compiled mode (json-logic
 * built into functions), one evaluation context per user (pre-built, outside
 * the timing) with `targetingKey` = the user id, which `fractional` hashes.
 */
import { FlagdCore } from '@openfeature/flagd-core';
import type { EvaluationContext } from '@openfeature/core';
import { EXPERIMENT, GATE, flagdConfig } from '../flags.js';
import type { BenchCase } from '../harness.js';
import type { BenchUser } from '../users.js';

/** A FlagdCore loaded with the benchmark flags. */
export function flagdCore(): FlagdCore {
  const core = new FlagdCore();
  core.setConfigurations(flagdConfig);
  return core;
}

/** The evaluation contexts flagd takes. */
export function flagdContexts(users: readonly BenchUser[]): EvaluationContext[] {
  return users.map((user) => ({ targetingKey: user.userID, country: user.country }));
}

/** Gate and experiment cases. */
export function flagdCases(users: readonly BenchUser[]): BenchCase[] {
  const core = flagdCore();
  const contexts = flagdContexts(users);
  const n = users.length;
  return [
    { group: 'gate', sdk: 'flagd-core', mode: 'compiled', operations: n, run: (a, b) => gate(core, contexts, a, b) },
    {
      group: 'experiment',
      sdk: 'flagd-core',
      mode: 'compiled',
      operations: n,
      run: (a, b) => experiment(core, contexts, a, b),
    },
  ];
}

function gate(core: FlagdCore, contexts: readonly EvaluationContext[], from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) if (core.resolveBooleanEvaluation(GATE, false, contexts[i]).value) sum++;
  return sum;
}

function experiment(core: FlagdCore, contexts: readonly EvaluationContext[], from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += core.resolveStringEvaluation(EXPERIMENT, '', contexts[i]).value.length;
  return sum;
}
