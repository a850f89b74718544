/**
 * The experiment as the analysis reads it: its unit, its variants and their
 * planned weights. A ruleset experiment fits as is once its key is added.
 */

/** A variant as the analysis needs it. A ruleset `Variant` fits as is. */
export interface AnalysisVariant {
  key: string;
  /** Planned share of units; only the ratios between weights matter (percent in a ruleset). */
  weight: number;
}

/**
 * The experiment being analyzed. For an experiment of a ruleset, `designFromRuleset(ruleset, key)` makes it
 * (with the unit the evaluator uses when the experiment names none).
 */
export interface ExperimentDesign {
  key: string;
  /** Unit attribute the experiment randomizes on, e.g. `deviceID` or `userID`. */
  unit: string;
  /** Variant every other one is compared with. Default: the first variant. */
  control?: string;
  variants: readonly AnalysisVariant[];
  /**
   * The weights are a guess (`inferDesign` assumes them equal), not the plan:
   * the sample ratio is then not checked (`srm.status` is `not checked`), since
   * a split that differs from a guessed one is no evidence of a broken split.
   */
  weightsAssumed?: boolean;
}
