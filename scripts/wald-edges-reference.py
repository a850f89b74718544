#!/usr/bin/env python3
"""Exact error rates of the Wald interval for a difference of two rates near 0% (docs/statistics.md, "Rates near
0% or 100%"), with and without the analysis's rule of at least 5 converted and 5 not converted per group, and of
the Agresti-Caffo interval (one success and one failure added to each group) for comparison.

Every pair of counts is weighed by its binomial probability (scipy.stats.binom); a miss is the rule passing and
the 95% interval lying wholly above (or below) the true difference: one side is nominally 2.5%. Prints only;
test/analysis/stats/wald-edges.test.ts computes the Wald numbers exactly with the engine's own compareProportions.

    python3 scripts/wald-edges-reference.py
"""
import numpy as np
from scipy.stats import binom, norm

Z = norm.isf(0.025)


def misses(n1, p1, n2, p2, minimum, agresti_caffo=False):
    x1 = np.arange(n1 + 1)
    x2 = np.arange(n2 + 1)
    w1 = binom.pmf(x1, n1, p1)
    w2 = binom.pmf(x2, n2, p2)
    keep1, keep2 = w1 > 1e-15, w2 > 1e-15
    x1, w1, x2, w2 = x1[keep1], w1[keep1], x2[keep2], w2[keep2]
    c, t = np.meshgrid(x1, x2, indexing='ij')
    w = np.outer(w1, w2)
    lowest = max(minimum, 0 if agresti_caffo else 1)
    ok = (c >= lowest) & (n1 - c >= lowest) & (t >= lowest) & (n2 - t >= lowest)
    add = 1 if agresti_caffo else 0
    a1, a2 = (c + add) / (n1 + 2 * add), (t + add) / (n2 + 2 * add)
    d = a2 - a1
    se = np.sqrt(a1 * (1 - a1) / (n1 + 2 * add) + a2 * (1 - a2) / (n2 + 2 * add))
    truth = p2 - p1
    return (w * (ok & (d - Z * se > truth))).sum(), (w * (ok & (d + Z * se < truth))).sum(), w[ok].sum()


CASES = [
    (1000, 0.001, 1000, 0.004),
    (5000, 0.001, 1250, 0.003),
    (5000, 0.001, 20000, 0.001),
    (2000, 0.01, 8000, 0.01),
    (2000, 0.01, 500, 0.03),
]
for case in CASES:
    for label, minimum, ac in [('wald, no rule', 1, False), ('wald, rule 5', 5, False), ('wald, rule 10', 10, False),
                               ('agresti-caffo, no rule', 0, True), ('agresti-caffo, rule 5', 5, True)]:
        above, below, passes = misses(*case, minimum, ac)
        print(f'{case} {label:24} above {above:.4f} below {below:.4f} answered {passes:.4f}')
