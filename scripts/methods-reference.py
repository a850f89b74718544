#!/usr/bin/env python3
"""Reference values for CUPED and the sequential confidence sequences (src/analysis/stats/cuped.ts,
src/analysis/stats/sequential.ts), computed independently of the engine with NumPy and SciPy.

Writes test/vectors/stats/methods-reference.json, which is checked in: the tests read the JSON and
never need Python. Regenerate after changing the cases:

    python3 scripts/methods-reference.py

It needs SciPy 1.11 or later (ttest_ind's confidence_interval); Debian's SciPy 1.10 at
/usr/bin/python3 fails. The stored JSON names the versions it was written with.

CUPED (Deng, Xu, Kohavi & Walker 2013), as docs/analysis.md defines it: theta is the slope of the
least-squares fit of Y on [1, X] over all units (numpy.linalg.lstsq, not a covariance formula), the
adjusted values are Y - theta (X - mean X), and the comparison is SciPy's Welch test
(scipy.stats.ttest_ind, equal_var=False) on them; the variance reductions are 1 - var(Y')/var(Y)
with NumPy's variances. Each case stores its units (variant, Y and X), so the test can turn them
into events and run the whole analysis.

Sequential (Waudby-Smith, Arbour, Sinha, Kennedy & Ramdas, "Time-uniform central limit theory and
asymptotic confidence sequences", 2024, two-sided normal mixture boundary): the half-width is
coded from the paper's formula with Howard et al.'s closed-form rho for N*; the true minimizer of
the width at N* is found numerically (scipy.optimize.minimize_scalar) to show how close that closed
form comes (widthAtTuningOverOptimal); the always-valid
p-value is found by root search (brentq) on the level at which the sequence's edge reaches 0;
the relative interval's ends are the roots of Fieller's quadratic by numpy.roots.

The sample ratio check with small expected counts (srm_exact_case): SciPy's exact binomial test.

Sequential funnel step rows (funnel_case): the same sequences on each step's share and, from step 2,
on its conversion from the step before, with that ratio's delta-method variance from NumPy's sample
covariance of the units' 0/1 arrays.
"""

import json
import math
import os
import sys

import numpy as np
import scipy
from scipy import optimize, stats

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'vectors', 'stats', 'methods-reference.json')


def cuped_case(name, seed, n_per_group, effect, rho, kind, confidence=0.95):
    rng = np.random.default_rng(seed)
    variants, ys, xs = [], [], []
    for v in range(2):
        for _ in range(n_per_group):
            if kind == 'sum':
                # Spend before and after exposure share a per-unit level: correlated, non-negative, cents.
                level = rng.gamma(2.0, 10.0)
                x = round(max(0.0, level + rng.normal(0, 10.0 * (1 - rho))), 2)
                y = round(max(0.0, level + rng.normal(0, 10.0 * (1 - rho)) + (effect if v == 1 else 0.0)), 2)
            else:
                p = rng.uniform(0.05, 0.6)
                x = float(rng.random() < p)
                y = float(rng.random() < min(1.0, p + (effect if v == 1 else 0.0)))
            variants.append(v)
            ys.append(y)
            xs.append(x)
    variant = np.asarray(variants)
    y = np.asarray(ys)
    x = np.asarray(xs)
    design = np.column_stack([np.ones_like(x), x])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    theta = float(coef[1])
    adjusted = y - theta * (x - x.mean())
    c, t = adjusted[variant == 0], adjusted[variant == 1]
    test = stats.ttest_ind(t, c, equal_var=False)
    ci = test.confidence_interval(confidence_level=confidence)
    reduction = lambda a, b: float(1 - np.var(a, ddof=1) / np.var(b, ddof=1))
    return {
        'name': name,
        'kind': kind,
        'confidence': confidence,
        'theta': theta,
        'meanX': float(x.mean()),
        'varianceReduction': reduction(adjusted, y),
        'groups': [
            {
                'adjustedMean': float(adjusted[variant == v].mean()),
                'adjustedVariance': float(np.var(adjusted[variant == v], ddof=1)),
                'varianceReduction': reduction(adjusted[variant == v], y[variant == v]),
                'covariateMean': float(x[variant == v].mean()),
            }
            for v in range(2)
        ],
        'difference': float(t.mean() - c.mean()),
        'ci': [float(ci.low), float(ci.high)],
        'pValue': float(test.pvalue),
        'units': {'variant': variant.tolist(), 'y': y.tolist(), 'x': x.tolist()},
    }


def boundary(n, alpha, rho2):
    """The paper's two-sided half-width of the mean of n units with unit variance (times sqrt n)."""
    return math.sqrt(n) * math.sqrt(2 * (n * rho2 + 1) / (n * n * rho2) * math.log(math.sqrt(n * rho2 + 1) / alpha))


def best_rho2(alpha, tuning):
    res = optimize.minimize_scalar(lambda r: boundary(tuning, alpha, math.exp(r)), bounds=(-30, 5), method='bounded',
                                   options={'xatol': 1e-12})
    return math.exp(res.x)


def sequential_case(name, c, t, confidence, tuning, non_negative=False):
    alpha = 1 - confidence
    # Howard et al. (2021): the closed-form rho that approximately minimizes the width at N*.
    rho2 = (-2 * math.log(alpha) + math.log(-2 * math.log(alpha) + 1)) / tuning
    optimal = best_rho2(alpha, tuning)
    n = c['n'] + t['n']
    va, vb = c['variance'] / c['n'], t['variance'] / t['n']
    se = math.sqrt(va + vb)
    d = t['mean'] - c['mean']
    crit = boundary(n, alpha, rho2)
    # Always-valid p-value: the level at which the sequence's edge nearest 0 touches 0.
    edge = lambda log_a: abs(d) - se * boundary(n, math.exp(log_a), rho2)
    if edge(0.0) <= 0:
        p = 1.0
    else:
        p = math.exp(optimize.brentq(edge, -745.0, 0.0, xtol=1e-14))
    # Fieller with the sequence's critical value: (m_t - r m_c)^2 = crit^2 (V_t + r^2 V_c).
    mc, mt = c['mean'], t['mean']
    roots = np.roots([mc * mc - crit * crit * va, -2 * mt * mc, mt * mt - crit * crit * vb])
    rel = sorted(float(r.real) - 1 for r in roots)
    if non_negative:
        rel[0] = max(rel[0], -1.0)
    return {
        'name': name, 'control': c, 'treatment': t, 'confidence': confidence, 'tuning': tuning,
        'nonNegative': non_negative, 'rho2': rho2, 'rho2Optimal': optimal,
        'widthAtTuningOverOptimal': boundary(tuning, alpha, rho2) / boundary(tuning, alpha, optimal), 'critical': crit, 'difference': d,
        'ci': [d - crit * se, d + crit * se], 'pValue': p, 'relativeCi': rel,
    }


def sequential_cases():
    return [
        sequential_case('balanced, clear effect', {'n': 2000, 'mean': 10.0, 'variance': 25.0},
                        {'n': 2000, 'mean': 10.6, 'variance': 27.0}, 0.95, 5000, True),
        sequential_case('small, no effect', {'n': 50, 'mean': 3.0, 'variance': 4.0},
                        {'n': 60, 'mean': 3.1, 'variance': 5.0}, 0.95, 5000),
        sequential_case('unequal groups, 90%', {'n': 12000, 'mean': 0.12, 'variance': 0.12 * 0.88},
                        {'n': 3000, 'mean': 0.135, 'variance': 0.135 * 0.865}, 0.9, 1000, True),
        sequential_case('large, tiny effect, tuned large', {'n': 200000, 'mean': 5.0, 'variance': 9.0},
                        {'n': 200000, 'mean': 5.04, 'variance': 9.0}, 0.99, 100000),
        sequential_case('past tuning by 100x', {'n': 250000, 'mean': 1.0, 'variance': 1.0},
                        {'n': 250000, 'mean': 1.01, 'variance': 1.1}, 0.95, 5000),
    ]


def funnel_case(name, groups, confidence, tuning):
    """A funnel's step rows with sequential testing, from unit-level 0/1 arrays.

    groups: per variant (control first) its units and the units reaching each step (each step's
    units are among the step before's). Each step's share compares as a proportion (the Wald
    variance p(1 - p), the difference clipped to [-1, 1]); from step 2, its conversion from the step
    before as a ratio of means with NumPy's sample variances and covariance (ddof 1) by the delta
    method. Every row is a sequential_case on those groups.
    """
    def share(n, r):
        p = r / n
        return {'n': n, 'mean': p, 'variance': p * (1 - p)}

    def conversion(n, reached, previous):
        x = np.zeros(n)
        x[:reached] = 1
        y = np.zeros(n)
        y[:previous] = 1
        r = x.mean() / y.mean()
        cov = np.cov(x, y, ddof=1)
        per_unit = (cov[0, 0] - 2 * r * cov[0, 1] + r * r * cov[1, 1]) / y.mean() ** 2
        return {'n': n, 'mean': float(r), 'variance': float(per_unit)}

    rows = []
    control = groups[0]
    for v, g in enumerate(groups[1:], start=1):
        for s in range(len(g['reached'])):
            case = sequential_case(f'{name}: step {s + 1} share, variant {v}', share(control['n'], control['reached'][s]),
                                   share(g['n'], g['reached'][s]), confidence, tuning, True)
            case['ci'] = [max(-1.0, case['ci'][0]), min(1.0, case['ci'][1])]
            rows.append({'step': s + 1, 'variant': v, 'row': 'share', 'difference': case['difference'], 'ci': case['ci'], 'pValue': case['pValue'],
                         'relativeCi': case['relativeCi']})
            if s == 0:
                continue
            case = sequential_case(f'{name}: step {s + 1} conversion, variant {v}',
                                   conversion(control['n'], control['reached'][s], control['reached'][s - 1]),
                                   conversion(g['n'], g['reached'][s], g['reached'][s - 1]), confidence, tuning, True)
            rows.append({'step': s + 1, 'variant': v, 'row': 'stepConversion', 'difference': case['difference'], 'ci': case['ci'],
                         'pValue': case['pValue'], 'relativeCi': case['relativeCi']})
    return {'name': name, 'confidence': confidence, 'tuning': tuning, 'groups': groups, 'rows': rows}


def funnel_cases():
    return [
        funnel_case('three steps, one treatment', [
            {'n': 3000, 'reached': [2400, 900, 300]},
            {'n': 3100, 'reached': [2550, 1050, 390]},
        ], 0.95, 5000),
        funnel_case('two treatments, 90%', [
            {'n': 1500, 'reached': [700, 140]},
            {'n': 1450, 'reached': [690, 175]},
            {'n': 1550, 'reached': [640, 120]},
        ], 0.9, 2000),
    ]


def srm_exact_case(name, observed, weights):
    """The sample ratio check where a variant expects fewer than 5 units: SciPy's exact two-sided binomial
    test (binomtest, 'minlike') of each variant against the rest; with more than two variants the smallest
    p-value times their number, capped at 1. Also SciPy's chi-square p-value, which it replaces."""
    total = sum(observed)
    shares = [w / sum(weights) for w in weights]
    ps = [stats.binomtest(o, total, s).pvalue for o, s in zip(observed, shares)]
    exact = min(ps) if len(observed) == 2 else min(1.0, min(ps) * len(observed))
    chi = stats.chisquare(observed, [total * s for s in shares])
    return {'name': name, 'observed': observed, 'weights': weights, 'binomial': ps, 'pValue': exact,
            'chiSquarePValue': float(chi.pvalue), 'minExpected': min(total * s for s in shares)}


def srm_exact_cases():
    return [
        srm_exact_case('99/1, 95 and 5 of 100', [95, 5], [99, 1]),
        srm_exact_case('99/1, 100 and 0 of 100', [100, 0], [99, 1]),
        srm_exact_case('50/50, 0 and 9 of 9', [0, 9], [50, 50]),
        srm_exact_case('50/50, 1 and 7 of 8', [1, 7], [50, 50]),
        srm_exact_case('three arms, a 1% arm with 9 of 300', [150, 141, 9], [49.5, 49.5, 1]),
        srm_exact_case('three arms, 2000 units, 0.01% arm with 3', [1003, 994, 3], [0.4999, 0.4999, 0.0002]),
    ]


def dump(value, indent):
    inner = indent + '  '
    if isinstance(value, dict) and any(isinstance(v, (dict, list)) and v and isinstance(v, dict) or
                                       (isinstance(v, list) and v and isinstance(v[0], dict)) for v in value.values()):
        items = [f'{inner}{json.dumps(k)}: {dump(v, inner)}' for k, v in value.items()]
        return '{\n' + ',\n'.join(items) + '\n' + indent + '}'
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return '[\n' + ',\n'.join(inner + json.dumps(v, allow_nan=False) for v in value) + '\n' + indent + ']'
    return json.dumps(value, allow_nan=False)


def main():
    data = {
        'generator': 'scripts/methods-reference.py',
        'versions': {'python': sys.version.split()[0], 'scipy': scipy.__version__, 'numpy': np.__version__},
        'cuped': [
            cuped_case('revenue, strongly correlated', 1, 300, 1.5, 0.8, 'sum'),
            cuped_case('revenue, weakly correlated', 2, 200, 0.0, 0.2, 'sum'),
            cuped_case('conversion, pre-period conversions', 3, 400, 0.08, 0.0, 'conversion', 0.9),
        ],
        'sequential': sequential_cases(),
        'sequentialFunnel': funnel_cases(),
        'srmExact': srm_exact_cases(),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        f.write(dump(data, ''))
        f.write('\n')
    print('wrote', os.path.normpath(OUT))


if __name__ == '__main__':
    main()
