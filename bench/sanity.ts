/**
 * Before timing anything: do the three SDKs evaluate the same logical flags?
 * Per user, each SDK's 100% twin of the gate must agree with the ground truth
 * (`country in [US, CA]`); the 20% gate may only pass targeted users, and
 * pass about 20% of them; every user gets a variant, in shares of about
 * 50/25/25. Bucketing differs by design (each SDK hashes its own way), so only
 * shares are compared, within 5 binomial standard deviations.
 */
import type { LiteClient, SplitkitClient } from '../src/index.js';
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

/** The SDK instances the sanity check evaluates, with their per-user inputs. */
export interface SanitySubjects {
  splitkit: SplitkitClient;
  lite: LiteClient;
  growthbook: GrowthBookClient;
  growthbookContexts: readonly UserContext[];
  flagd: FlagdCore;
  flagdContexts: readonly EvaluationContext[];
}

/** Evaluators for every SDK over the same users (exposures off, so the check logs nothing). */
export function evaluators(users: readonly BenchUser[], s: SanitySubjects): Evaluator[] {
  const quiet = { exposure: false };
  const splitkit = (sdk: string, client: LiteClient): Evaluator => ({
    sdk,
    targeted: (i) => client.checkGate(TARGETING_GATE, users[i], quiet),
    gate: (i) => client.checkGate(GATE, users[i], quiet),
    variant: (i) => client.getExperiment(EXPERIMENT, users[i], quiet).variant,
  });
  return [
    splitkit('splitkit', s.splitkit),
    splitkit('splitkit/lite', s.lite),
    {
      sdk: 'GrowthBook',
      targeted: (i) => s.growthbook.isOn(TARGETING_GATE, s.growthbookContexts[i]!),
      gate: (i) => s.growthbook.isOn(GATE, s.growthbookContexts[i]!),
      variant: (i) => s.growthbook.evalFeature<string>(EXPERIMENT, s.growthbookContexts[i]!).value,
    },
    {
      sdk: 'flagd-core',
      targeted: (i) => s.flagd.resolveBooleanEvaluation(TARGETING_GATE, false, s.flagdContexts[i]).value,
      gate: (i) => s.flagd.resolveBooleanEvaluation(GATE, false, s.flagdContexts[i]).value,
      variant: (i) => s.flagd.resolveStringEvaluation(EXPERIMENT, '', s.flagdContexts[i]).value || null,
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
  const ok =
    targetingMismatches === 0 &&
    passedUntargeted === 0 &&
    unassigned === 0 &&
    Math.abs(rolloutShare - ROLLOUT) <= rolloutTolerance &&
    VARIANTS.every(([, share], v) => Math.abs(variantShares[v]! - share) <= variantTolerances[v]!);
  return {
    sdk: evaluator.sdk,
    targetingMismatches,
    passedUntargeted,
    rolloutShare,
    rolloutTolerance,
    variantShares,
    variantTolerances,
    unassigned,
    ok,
  };
}
