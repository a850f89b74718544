/**
 * Number and text formatting shared by the terminal and HTML reports, by
 * part: numbers.ts (numbers), comparison-cells.ts (a comparison's cells) and
 * report-sentences.ts (the sentences). The reports import those parts; this
 * module gathers their exports under one name for code that formats a bit of
 * everything (the report tests import it).
 */
export {
  NONE,
  P_FLOOR,
  formatChance,
  formatCount,
  formatDays,
  formatDifference,
  formatInterval,
  formatLevel,
  formatLift,
  formatLoss,
  formatNumber,
  formatP,
  formatPercent,
  formatTime,
  formatValue,
  pText,
} from './numbers.js';
export {
  UNTRUSTED_GUARDRAIL,
  UNTRUSTED_LABEL,
  UNTRUSTED_TEXT,
  bayesText,
  formatDifferenceCi,
  formatDifferenceWithCi,
  formatLiftWithCi,
  formatPAdjusted,
  outcomeLabel,
  resultLabel,
  shownOutcome,
} from './comparison-cells.js';
export {
  beforeExposureText,
  capsText,
  definitionText,
  guardrailText,
  harmText,
  invalidText,
  methodName,
  powerSentence,
  reasonText,
  reportReasonText,
  srmTestText,
} from './report-sentences.js';
