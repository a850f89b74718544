/**
 * The regularized incomplete beta function I_x(a, b) and its complement,
 * by the continued fraction
 *
 *   I_x(a, b) = x^a (1−x)^b / (a·B(a, b)) · 1 / (1 + d₁ / (1 + d₂ / (1 + …)))
 *   d₂ₘ₊₁ = −(a + m)(a + b + m)·x / ((a + 2m)(a + 2m + 1))
 *   d₂ₘ   = m(b − m)·x / ((a + 2m − 1)(a + 2m))
 *
 * (evaluated in its even-contracted form, see `fraction`), which converges
 * quickly for x < (a + 1)/(a + b + 2). Above that point the
 * symmetry I_x(a, b) = 1 − I_{1−x}(b, a) is used, so whichever tail the
 * fraction computes directly keeps full relative precision.
 */
import { continuedFraction } from './continued-fraction.js';
import { logBeta } from './log-gamma.js';

/**
 * The point x of I_x(a, b) given as x, 1 − x and their logarithms, each
 * computed by the caller without cancellation.
 */
export interface BetaPoint {
  x: number;
  y: number;
  logX: number;
  logY: number;
}

/** I_x(a, b) (`lower`) and 1 − I_x(a, b) (`upper`). */
export interface BetaTails {
  lower: number;
  upper: number;
}

/**
 * A generous cap: for the t distribution the contracted fraction needs at most
 * about 100 terms at any df (measured from df 0.05 to 1e15).
 */
const MAX_TERMS = 1_000_000;

/**
 * I_x(a, b) and its complement for a, b > 0, each accurate to about 1e-14
 * relative (the one the continued fraction computes) or 1e-16 absolute (the
 * other, taken as 1 minus it, which is then at least about 0.05).
 */
export function betaTails(a: number, b: number, point: BetaPoint): BetaTails {
  // Test the logarithms: x itself may have underflowed while x^a is still representable.
  if (point.logX === -Infinity) return { lower: 0, upper: 1 };
  if (point.logY === -Infinity) return { lower: 1, upper: 0 };
  if (point.x < (a + 1) / (a + b + 2)) {
    const lower = fraction(a, b, point.x, point.y, point.logX, point.logY);
    return { lower, upper: 1 - lower };
  }
  const upper = fraction(b, a, point.y, point.x, point.logY, point.logX);
  return { lower: 1 - upper, upper };
}

/**
 * I_x(a, b) from the even contraction of the continued fraction,
 *
 *   1 + d₁/(1 + d₂/(1 + d₃/…)) = (1 + d₁ + τ)/(1 + τ),  τ = d₂ − d₂d₃/H,
 *   H = (1 + d₃) + d₄ − d₄d₅/((1 + d₅) + d₆ − d₆d₇/(…)).
 *
 * The contraction exposes every odd term as 1 + d₂ₘ₊₁, which `onePlusOdd`
 * computes without cancellation. With x close to 1 and a large (the t
 * distribution with many degrees of freedom) d₂ₘ₊₁ is close to −1, and the
 * uncontracted fraction would lose about a·ε of relative precision.
 */
function fraction(a: number, b: number, x: number, y: number, logX: number, logY: number): number {
  const d = (n: number): number => {
    const m = Math.floor(n / 2);
    if (n % 2 === 1) return (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
    return (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
  };
  // 1 + d₂ₘ₊₁. For x near 1 the numerator (a+2m)(a+2m+1) − (a+m)(a+b+m)(1−y) is expanded
  // by hand so that y enters exactly instead of through 1 − x.
  const onePlusOdd = (m: number): number => {
    const scale = (a + 2 * m) * (a + 2 * m + 1);
    if (x < 0.5) return 1 - ((a + m) * (a + b + m) * x) / scale;
    return (a * (1 - b + 2 * m) + m * (3 * m + 2 - b) + (a + m) * (a + b + m) * y) / scale;
  };
  const h = continuedFraction(
    onePlusOdd(1) + d(4),
    (k) => -d(2 * k + 2) * d(2 * k + 3),
    (k) => onePlusOdd(k + 1) + d(2 * k + 4),
    MAX_TERMS,
  );
  const tau = d(2) - (d(2) * d(3)) / h;
  const logFront = a * logX + b * logY - logBeta(a, b) - Math.log(a);
  return (Math.exp(logFront) * (1 + tau)) / (onePlusOdd(0) + tau);
}
