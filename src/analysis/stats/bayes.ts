/**
 * Bayesian readouts of a comparison: the chance that treatment beats control,
 * the expected loss of choosing treatment, and a credible interval of the
 * difference (treatment − control).
 *
 * - Conversions: conjugate Beta–Binomial. With a Beta(α₀, β₀) prior each
 *   rate's posterior is Beta(α₀ + s, β₀ + n − s); the quantities are
 *   one-dimensional integrals over the narrower of the two posteriors,
 *   evaluated by Simpson's rule (200 steps over mean ± 15 sd) with the other
 *   one's incomplete beta function (tabulated at 401 nodes, cubic Hermite in
 *   between).
 * - Means and ratios: a normal approximation. The difference D has posterior
 *   N(m, s²) from the estimate d with standard error se and an optional
 *   normal prior N(μ₀, τ²) on D: 1/s² = 1/se² + 1/τ², m = s²(d/se² + μ₀/τ²).
 *   With no prior (τ = ∞) m = d and s = se.
 * - Means with a standard error estimated from few units (`df`, Welch's
 *   degrees of freedom): the likelihood of D is the scaled t, d + se·T_df.
 *   With no prior the posterior is that t, so the credible interval is
 *   Welch's confidence interval and the chance to beat is 1 − the one-sided p;
 *   with a normal prior the posterior is a scale mixture of normals (t_df is
 *   N(0, 1/w) with w ~ Gamma(df/2, rate df/2)), integrated over log w.
 *
 * "Beats" means "is higher"; for metrics where lower is better the analysis
 * swaps the sides. Formulas and references: docs/statistics.md.
 */
import { AnalysisError } from '../../errors/index.js';
import { normalCdf, normalIsf, normalPdf } from './distributions/normal.js';
import { studentTCdf, studentTPdf, studentTSf } from './distributions/student-t.js';
import { studentTIsf } from './distributions/student-t-quantile.js';
import { betaTails } from './special/incomplete-beta.js';
import { logBeta } from './special/log-gamma.js';
import { proportionSample } from './sample.js';
import type { ProportionSample } from './types.js';
import { confidenceOf, requireFinite } from './validate.js';

/** Beta(alpha, beta) prior of a conversion rate. Default Beta(1, 1), uniform. */
export interface BetaPrior {
  alpha: number;
  beta: number;
}

/** Normal prior N(mean, sd²) of the difference of two means. Default: none (flat). */
export interface NormalPrior {
  mean: number;
  sd: number;
}

/** The Bayesian readout of treatment against control. */
export interface BayesianComparison {
  /** P(treatment > control) under the posterior. */
  chanceToBeat: number;
  /** E[max(0, control − treatment)]: what choosing treatment is expected to cost, in the metric's units. */
  expectedLoss: number;
  /** Equal-tailed credible interval of treatment − control at the confidence level. */
  credibleInterval: [number, number];
}

/** Simpson steps over the inner posterior. */
const STEPS = 200;
/** Nodes of the outer posterior's tabulated CDF: its cubic Hermite error, not Simpson's, set the accuracy at 200. */
const TABLE_STEPS = 400;
const SPREAD = 15;

/**
 * Beta–Binomial readout of two conversion rates.
 *
 * @throws AnalysisError when a group is invalid, the prior is not positive,
 *   a posterior parameter is below 1 (its density is unbounded at 0 or 1), or
 *   the confidence is not strictly between 0 and 1.
 */
export function bayesProportions(
  control: ProportionSample,
  treatment: ProportionSample,
  options?: { confidence?: number; prior?: BetaPrior },
): BayesianComparison {
  const confidence = confidenceOf(options);
  const prior = options?.prior ?? { alpha: 1, beta: 1 };
  requireFinite(prior.alpha, 'prior.alpha');
  requireFinite(prior.beta, 'prior.beta');
  if (!(prior.alpha > 0 && prior.beta > 0))
    throw new AnalysisError('prior.alpha and prior.beta must be greater than 0');
  const c = proportionSample(control, 'control');
  const t = proportionSample(treatment, 'treatment');
  const post = (g: ProportionSample, name: string) => {
    const a = prior.alpha + g.successes;
    const b = prior.beta + g.n - g.successes;
    if (a < 1 || b < 1)
      throw new AnalysisError(
        `${name}'s posterior Beta(${a}, ${b}) has an unbounded density; it needs both parameters at least 1`,
      );
    return { a, b };
  };
  const pc = post(c, 'control');
  const pt = post(t, 'treatment');
  const tail = (1 - confidence) / 2;
  // Integrate over the narrower posterior: the other one's CDF is then smooth on the grid's scale. Over a
  // wide control grid a much narrower treatment's CDF is a step between two nodes, and Simpson's rule
  // misses it by up to a node's mass (10 of 1,000 against 100,000 of 10 million: chance 0.434, truly 0.418).
  const over = spread(pt) < spread(pc) ? { inner: pt, outer: pc, sign: -1 } : { inner: pc, outer: pt, sign: 1 };
  const grid = betaGrid(over.inner.a, over.inner.b);
  const cdfOuter = betaCdf(over.outer.a, over.outer.b);
  const meanOuter = over.outer.a / (over.outer.a + over.outer.b);
  const logNorm = logBeta(over.outer.a, over.outer.b) + Math.log(over.outer.a);
  // P(outer > x), E[max(0, x − outer)] and E[max(0, outer − x)] at a node x of the inner posterior. With
  // I_x(a + 1, b) = I_x(a, b) − x^a (1 − x)^b / (a·B(a, b)): E[outer; outer ≤ x] = mean·I_x(a + 1, b).
  let above = 0;
  let lossAbove = 0;
  let lossBelow = 0;
  grid.x.forEach((x, i) => {
    const w = grid.w[i] as number;
    const below = cdfOuter(x);
    const step = x <= 0 || x >= 1 ? 0 : Math.exp(over.outer.a * Math.log(x) + over.outer.b * Math.log1p(-x) - logNorm);
    const meanBelow = meanOuter * Math.max(0, below - step);
    above += w * (1 - below);
    lossAbove += w * Math.max(0, x * below - meanBelow);
    lossBelow += w * Math.max(0, meanOuter - meanBelow - x * (1 - below));
  });
  // D = p_T − p_C: over the control, P(D ≤ d) = ∫ f_C(x)·F_T(x + d); over the treatment, ∫ f_T(y)·(1 − F_C(y − d)).
  const cdfD = (d: number) => {
    let p = 0;
    grid.x.forEach((x, i) => {
      const w = grid.w[i] as number;
      p += over.sign === 1 ? w * cdfOuter(x + d) : w * (1 - cdfOuter(x - d));
    });
    return p;
  };
  // Over the control, P(T > C) is the mass of the treatment above each node, and the loss E[max(0, C − T)] its
  // mass below; over the treatment, P(T > C) is the control's mass below each node and the loss its mass above.
  const chance = over.sign === 1 ? above : 1 - above;
  return {
    chanceToBeat: Math.min(1, Math.max(0, chance)),
    expectedLoss: over.sign === 1 ? lossAbove : lossBelow,
    credibleInterval: [solve(cdfD, tail, -1, 1), solve(cdfD, 1 - tail, -1, 1)],
  };
}

/**
 * Readout of a difference `difference` with standard error `standardError`,
 * optionally shrunk by a normal prior on the difference. Normal by default;
 * with `df` (Welch's degrees of freedom of an estimated standard error) the
 * likelihood is Student's t with `df` degrees of freedom (see the module comment).
 *
 * @throws AnalysisError when the difference is not finite, the standard error
 *   is not positive, the prior's sd is not positive, `df` is not above 1, or
 *   the confidence is not strictly between 0 and 1.
 */
export function bayesNormal(
  difference: number,
  standardError: number,
  options?: { confidence?: number; prior?: NormalPrior; df?: number },
): BayesianComparison & { posteriorMean: number } {
  const confidence = confidenceOf(options);
  requireFinite(difference, 'difference');
  if (!(standardError > 0 && Number.isFinite(standardError)))
    throw new AnalysisError(`standardError must be a positive number, got ${standardError}`);
  const df = options?.df ?? Infinity;
  // Above 1 the t has a mean, so the expected loss exists.
  if (!(df > 1)) throw new AnalysisError(`df must be greater than 1, got ${df}`);
  const prior = options?.prior;
  if (prior !== undefined) {
    requireFinite(prior.mean, 'prior.mean');
    if (!(prior.sd > 0)) throw new AnalysisError(`prior.sd must be greater than 0, got ${prior.sd}`);
  }
  const tail = (1 - confidence) / 2;
  const informative = prior !== undefined && Number.isFinite(prior.sd);
  if (df !== Infinity) {
    if (informative) return tMixture(difference, standardError, df, prior, tail);
    // The posterior is d + se·T_df: Welch's interval, chance Φ_t(d/se).
    const z = difference / standardError;
    const q = studentTIsf(tail, df);
    return {
      chanceToBeat: studentTCdf(z, df),
      // E[max(0, −D)] = se·E[(T − z)⁺] with E[(T − c)⁺] = (df + c²)/(df − 1)·f(c) − c·P(T > c).
      expectedLoss: Math.max(
        0,
        standardError * (((df + z * z) / (df - 1)) * studentTPdf(z, df) - z * studentTSf(z, df)),
      ),
      credibleInterval: [difference - q * standardError, difference + q * standardError],
      posteriorMean: difference,
    };
  }
  let m = difference;
  let s = standardError;
  if (informative) {
    const precision = 1 / (s * s) + 1 / (prior.sd * prior.sd);
    m = (difference / (s * s) + prior.mean / (prior.sd * prior.sd)) / precision;
    s = 1 / Math.sqrt(precision);
  }
  const z = m / s;
  const q = normalIsf(tail);
  return {
    chanceToBeat: normalCdf(z),
    // E[max(0, −D)] for D ~ N(m, s²) = s·φ(m/s) − m·Φ(−m/s).
    expectedLoss: Math.max(0, s * normalPdf(z) - m * normalCdf(-z)),
    credibleInterval: [m - q * s, m + q * s],
    posteriorMean: m,
  };
}

const MIXTURE_STEPS = 400;

/**
 * The posterior of D under the likelihood d ~ D + se·T_df and the prior N(μ₀, τ²). With T_df = N(0, 1/w),
 * w ~ Gamma(k, rate k), k = df/2, D given w is the conjugate normal N(m_w, s_w²) (1/s_w² = w/se² + 1/τ²,
 * m_w = s_w²(d·w/se² + μ₀/τ²)), and w given the data has density ∝ Gamma(w)·N(d; μ₀, se²/w + τ²). The
 * readouts are integrals over v = log w (Simpson, MIXTURE_STEPS steps over the mass of log w: its lower
 * tail falls like e^{kv}, its upper like exp(−k·e^v), its sd is about 1/√k).
 */
function tMixture(
  d: number,
  se: number,
  df: number,
  prior: NormalPrior,
  tail: number,
): BayesianComparison & { posteriorMean: number } {
  const k = df / 2;
  const lo = -(30 / k + 12 / Math.sqrt(k));
  const hi = 12 / Math.sqrt(k);
  const h = (hi - lo) / MIXTURE_STEPS;
  const tau2 = prior.sd * prior.sd;
  const se2 = se * se;
  const logs: number[] = [];
  const nodeMeans: number[] = [];
  const nodeSds: number[] = [];
  for (let i = 0; i <= MIXTURE_STEPS; i++) {
    const v = lo + i * h;
    const w = Math.exp(v);
    const spread = se2 / w + tau2;
    const simpson = i === 0 || i === MIXTURE_STEPS ? 1 : i % 2 === 1 ? 4 : 2;
    const gap = d - prior.mean;
    logs.push(Math.log(simpson) + k * v - k * w - 0.5 * Math.log(spread) - (gap * gap) / (2 * spread));
    const precision = w / se2 + 1 / tau2;
    nodeMeans.push((d * w) / se2 / precision + prior.mean / tau2 / precision);
    nodeSds.push(1 / Math.sqrt(precision));
  }
  const top = Math.max(...logs);
  // Nodes whose weight is below 1e-18 of the largest change no readout; leaving them out keeps it fast.
  const kept = logs.flatMap((l, i) => (l - top > -41 ? [i] : []));
  const total = kept.reduce((sum, i) => sum + Math.exp((logs[i] as number) - top), 0);
  const weights = kept.map((i) => Math.exp((logs[i] as number) - top) / total);
  const means = kept.map((i) => nodeMeans[i] as number);
  const sds = kept.map((i) => nodeSds[i] as number);
  let chance = 0;
  let loss = 0;
  let mean = 0;
  weights.forEach((w, i) => {
    const m = means[i] as number;
    const s = sds[i] as number;
    chance += w * normalCdf(m / s);
    loss += w * (s * normalPdf(m / s) - m * normalCdf(-m / s));
    mean += w * m;
  });
  const cdf = (x: number) =>
    weights.reduce((p, w, i) => p + w * normalCdf((x - (means[i] as number)) / (sds[i] as number)), 0);
  const widest = Math.max(...sds);
  const low = Math.min(...means) - 40 * widest;
  const high = Math.max(...means) + 40 * widest;
  const quantile = (p: number) => {
    let a = low;
    let b = high;
    for (let i = 0; i < 200 && b - a > 1e-12 * (high - low); i++) {
      const mid = (a + b) / 2;
      if (cdf(mid) < p) a = mid;
      else b = mid;
    }
    return (a + b) / 2;
  };
  return {
    chanceToBeat: Math.min(1, Math.max(0, chance)),
    expectedLoss: Math.max(0, loss),
    credibleInterval: [quantile(tail), quantile(1 - tail)],
    posteriorMean: mean,
  };
}

/** 1 − I_x(a, b): P(p > x) for p ~ Beta(a, b). */
function betaUpper(a: number, b: number, x: number): number {
  if (x <= 0) return 1;
  if (x >= 1) return 0;
  return betaTails(a, b, { x, y: 1 - x, logX: Math.log(x), logY: Math.log1p(-x) }).upper;
}

/** The standard deviation of Beta(a, b). */
function spread(p: { a: number; b: number }): number {
  const total = p.a + p.b;
  return Math.sqrt((p.a * p.b) / (total * total * (total + 1)));
}

/** Where Beta(a, b) has its mass: mean ± 15 sd, within [0, 1]. */
function support(a: number, b: number): [number, number] {
  const mean = a / (a + b);
  const sd = Math.sqrt((a * b) / ((a + b) * (a + b) * (a + b + 1)));
  return [Math.max(0, mean - SPREAD * sd), Math.min(1, mean + SPREAD * sd)];
}

function betaDensity(a: number, b: number, lb: number, x: number): number {
  if (x <= 0) return a === 1 ? Math.exp(-lb) : 0;
  if (x >= 1) return b === 1 ? Math.exp(-lb) : 0;
  return Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - lb);
}

/** Simpson nodes and weights (density included) over the mass of Beta(a, b). */
function betaGrid(a: number, b: number): { x: number[]; w: number[] } {
  const [lo, hi] = support(a, b);
  const h = (hi - lo) / STEPS;
  const lb = logBeta(a, b);
  const x: number[] = [];
  const w: number[] = [];
  for (let i = 0; i <= STEPS; i++) {
    const xi = lo + i * h;
    const simpson = i === 0 || i === STEPS ? 1 : i % 2 === 1 ? 4 : 2;
    x.push(xi);
    w.push(((simpson * h) / 3) * betaDensity(a, b, lb, xi));
  }
  return { x, w };
}

/**
 * The CDF of Beta(a, b): the incomplete beta function at TABLE_STEPS + 1 nodes over
 * its mass, joined by cubic Hermite interpolation with the density as slope
 * (error of order h⁴, far below 1e-7 here); 0 below the mass and 1 above.
 */
function betaCdf(a: number, b: number): (y: number) => number {
  const [lo, hi] = support(a, b);
  const h = (hi - lo) / TABLE_STEPS;
  const lb = logBeta(a, b);
  const value = Array.from({ length: TABLE_STEPS + 1 }, (_, i) => 1 - betaUpper(a, b, lo + i * h));
  const slope = Array.from({ length: TABLE_STEPS + 1 }, (_, i) => h * betaDensity(a, b, lb, lo + i * h));
  return (y) => {
    if (y <= lo) return 0;
    if (y >= hi) return 1;
    const at = (y - lo) / h;
    const i = Math.min(TABLE_STEPS - 1, Math.floor(at));
    const t = at - i;
    const t2 = t * t;
    const t3 = t2 * t;
    return (
      (2 * t3 - 3 * t2 + 1) * (value[i] as number) +
      (t3 - 2 * t2 + t) * (slope[i] as number) +
      (-2 * t3 + 3 * t2) * (value[i + 1] as number) +
      (t3 - t2) * (slope[i + 1] as number)
    );
  };
}

/** The d in [lo, hi] with cdf(d) = p, by bisection (cdf is non-decreasing). */
function solve(cdf: (d: number) => number, p: number, lo: number, hi: number): number {
  for (let i = 0; i < 60 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2;
    if (cdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
