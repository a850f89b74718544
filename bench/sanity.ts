/**
 * Before timing anything: do the three SDKs evaluate the same logical flags?
 * Per user, each SDK's 100% twin of the gate must agree with the ground truth
 * (`country in [US, CA]`); the 20% gate may only pass targeted users, and
 * pass about 20% of them; every user gets a variant, in shares of about
 * 50/25/25. Bucketing differs by design (each SDK hashes its own way), so only
 * shares are compared, within 5 binomial standard deviations.
 */
import type { SplitkitClient } from '../src/index.js';
import type { GrowthBookClient, UserContext } from '@growthbook/growthbook';
import type { FlagdCore } from '@openfeature/flagd-core';
import type { EvaluationContext } from '@openfeature/core';
import { EXPERIMENT, GATE, ROLLOUT, TARGETING_GATE, VARIANTS } from './flags.js';
import { binomialTolerance } from './stats.js';
import { TARGET_COUNTRIES, type BenchUser } from './users.js';

/** How one SDK evaluates one user. */
export interface Evaluator {
  sdk: string;
  targeted(index: number): boolean;
  gate(index: number): boolean;
  variant(index: number): string | null;
}

/** What the check found for one SDK. */
export interface SanityRow {
  sdk: string;
  /** Users whose targeting result differs from `country in [US, CA]`. */
  targetingMismatches: number;
  /** Users who passed the gate without being targeted. */
  passedUntargeted: number;
  /** Share of targeted users who passed the gate. */
  rolloutShare: number;
  rolloutTolerance: number;
  /** Share of users per variant, in VARIANTS order. */
  variantShares: number[];
  variantTolerances: number[];
  /** Users without a variant. */
  unassigned: number;
  ok: boolean;
}

/** Evaluators for the three SDKs over the same users. */
export function evaluators(users: readonly BenchUser[], splitkit: SplitkitClient, growthbook: GrowthBookClient, gbContexts: readonly UserContext[], flagd: FlagdCore, flagdContexts: readonly EvaluationContext[]): Evaluator[] {
  const quiet = { exposure: false };
  return [
    {
      sdk: 'splitkit',
      targeted: (i) => splitkit.checkGate(TARGETING_GATE, users[i], quiet),
      gate: (i) => splitkit.checkGate(GATE, users[i], quiet),
      variant: (i) => splitkit.getExperiment(EXPERIMENT, users[i], quiet).variant,
    },
    {
      sdk: 'GrowthBook',
      targeted: (i) => growthbook.isOn(TARGETING_GATE, gbContexts[i]!),
      gate: (i) => growthbook.isOn(GATE, gbContexts[i]!),
      variant: (i) => growthbook.evalFeature<string>(EXPERIMENT, gbContexts[i]!).value,
    },
    {
      sdk: 'flagd-core',
      targeted: (i) => flagd.resolveBooleanEvaluation(TARGETING_GATE, false, flagdContexts[i]).value,
      gate: (i) => flagd.resolveBooleanEvaluation(GATE, false, flagdContexts[i]).value,
      variant: (i) => flagd.resolveStringEvaluation(EXPERIMENT, '', flagdContexts[i]).value || null,
    },
  ];
}

/** Checks one SDK against the ground truth and the expected shares. */
export function checkEvaluator(users: readonly BenchUser[], evaluator: Evaluator): SanityRow {
  let targetingMismatches = 0;
  let targetedCount = 0;
  let passed = 0;
  let passedUntargeted = 0;
  let unassigned = 0;
  const counts = VARIANTS.map(() => 0);
  for (let i = 0; i < users.length; i++) {
    const truth = TARGET_COUNTRIES.includes(users[i]!.country);
    const targeted = evaluator.targeted(i);
    if (targeted !== truth) targetingMismatches++;
    if (targeted) targetedCount++;
    if (evaluator.gate(i)) {
      if (targeted) passed++;
      else passedUntargeted++;
    }
    const index = VARIANTS.findIndex(([key]) => key === evaluator.variant(i));
    if (index < 0) unassigned++;
    else counts[index]!++;
  }
  const rolloutShare = passed / targetedCount;
  const rolloutTolerance = binomialTolerance(ROLLOUT, targetedCount);
  const variantShares = counts.map((count) => count / users.length);
  const variantTolerances = VARIANTS.map(([, share]) => binomialTolerance(share, users.length));
  const ok = targetingMismatches === 0 && passedUntargeted === 0 && unassigned === 0 &&
    Math.abs(rolloutShare - ROLLOUT) <= rolloutTolerance &&
    VARIANTS.every(([, share], v) => Math.abs(variantShares[v]! - share) <= variantTolerances[v]!);
  return { sdk: evaluator.sdk, targetingMismatches, passedUntargeted, rolloutShare, rolloutTolerance, variantShares, variantTolerances, unassigned, ok };
}
