#!/usr/bin/python3
"""Reference values for the stats engine (src/analysis/stats), from SciPy and NumPy.

Writes test/vectors/stats/reference.json, which is checked in: the tests read
the JSON and never need Python. Regenerate after changing the cases:

    apt-get install -y python3-scipy python3-statsmodels   # Debian's SciPy, NumPy, statsmodels
    /usr/bin/python3 scripts/stats-reference.py

The t quantiles (and so the Welch intervals) are SciPy's t.ppf polished with
Newton steps on SciPy's own t CDF, because SciPy 1.10's t.ppf is only good to
about 1e-8; the raw t.ppf values are kept next to them.

The two-proportion Wald test and interval come from statsmodels
(test_proportions_2indep, confint_proportions_2indep), the adjusted p-values
from statsmodels' multipletests. Fieller's relative intervals are found here
independently of the engine's closed form: by inverting the test numerically
(brentq on the test statistic). Where neither library has a ready-made
function (the Welch interval, the ratio delta method, the sample size formula)
the values are computed here by the formulas of docs/statistics.md, with
SciPy's distribution functions for the quantiles and tails. Every number is a
float64, written with repr precision; an unbounded interval end is null.
"""

import json
import math
import os
import sys
import warnings

import numpy as np
import scipy
import statsmodels
from scipy import optimize, stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import confint_proportions_2indep, test_proportions_2indep

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'vectors', 'stats', 'reference.json')


def generated(spec):
    """Deterministic long samples, rebuilt identically by the tests: offset + scale * ((i * multiplier) % modulus)."""
    i = np.arange(spec['count'], dtype=np.int64)
    return spec['offset'] + spec['scale'] * ((i * spec['multiplier']) % spec['modulus']).astype(np.float64)


def values_of(side):
    if 'values' in side:
        return np.asarray(side['values'], dtype=np.float64)
    return generated(side['generate'])


def moments(side):
    if 'n' in side:
        return side['n'], side['mean'], side['variance']
    v = values_of(side)
    return len(v), float(np.mean(v)), float(np.var(v, ddof=1))


def relative(m_c, var_mean_c, m_t, var_mean_t, crit, non_negative=False):
    """Lift (relative to |m_c|) and Fieller interval: every ratio rho whose test |m_t - rho m_c| / sqrt(V_t + rho^2 V_c) <= crit,
    found by root search on that statistic (not by the engine's quadratic formula). None = unbounded."""
    lift = (m_t - m_c) / m_c
    est = m_t / m_c
    g = lambda rho: (m_t - rho * m_c) ** 2 - crit * crit * (var_mean_t + rho * rho * var_mean_c)
    assert g(est) <= 0

    def edge(direction):
        step = max(abs(est), 1.0)
        for _ in range(200):
            far = est + direction * step
            if g(far) > 0:
                return optimize.brentq(g, min(est, far), max(est, far), xtol=1e-300, rtol=4 * np.finfo(float).eps, maxiter=500)
            step *= 2
        return None  # the statistic never exceeds crit on this side: unbounded

    def ray_start(edge_at, direction):
        """Past a gap edge, where the statistic falls back under crit (the set's far ray starts)."""
        step = max(abs(edge_at), 1.0) * 1e-9
        while g(edge_at + direction * step) <= 0:  # step into the gap
            step *= 2
        gap = edge_at + direction * step
        inside = gap
        while g(inside) > 0:  # then out of it, into the far ray
            step *= 2
            inside = edge_at + direction * step
        return optimize.brentq(g, min(gap, inside), max(gap, inside), xtol=1e-300, rtol=4 * np.finfo(float).eps, maxiter=500)

    low, high = edge(-1), edge(1)
    if m_c * m_c - crit * crit * var_mean_c < 0:
        # Both far ends belong to the set: its hull is unbounded above and, unless cut at 0, below.
        high = None
        if low is not None:
            start = ray_start(low, -1)
            low = (0.0 if start >= 0 else max(low, 0.0)) if non_negative else None
    if non_negative and (low is None or low < 0):
        low = 0.0
    if m_c < 0:
        # Relative to |control| (docs/statistics.md): below a negative control the lift and its interval mirror.
        return (m_t - m_c) / -m_c, [None if high is None else 1 - high, None if low is None else 1 - low]
    return lift, [None if low is None else low - 1, None if high is None else high - 1]


# ---------------------------------------------------------------- distributions

def representable(value):
    """Keeps probabilities of at least 1e-300; below, doubles are subnormal or 0 and relative errors mean nothing."""
    return value >= 1e-300


def t_quantile(p, df):
    """SciPy's t.ppf polished by Newton steps on SciPy's t.cdf/t.sf and t.pdf.

    SciPy 1.10 inverts the t CDF with CDFLIB's root search, which stops around
    1e-8 relative (measured: up to 5e-9 on the grid below), while its t.cdf and
    t.sf (Cephes) are accurate to about 1e-15. Newton steps from 1e-8 reach the
    last bits in two steps; a third costs nothing. Each step works on the smaller tail so it keeps its precision.
    """
    t = float(stats.t.ppf(p, df))
    if p == 0.5:
        return 0.0
    for _ in range(3):
        if p < 0.5:
            t -= (stats.t.cdf(t, df) - p) / stats.t.pdf(t, df)
        else:
            t += (stats.t.sf(t, df) - (1 - p)) / stats.t.pdf(t, df)
    return float(t)


def distributions():
    zs = sorted(set([round(z, 2) for z in np.arange(-37.0, 37.01, 0.25)] + [0.0, 1e-9, -1e-9, 1.5, -1.5, 1.959963984540054]))
    normal = [{'z': z, 'cdf': float(stats.norm.cdf(z)), 'sf': float(stats.norm.sf(z))} for z in zs]

    low = [float(p) for p in np.logspace(-12, math.log10(0.5), 120)]
    ps = sorted(set(low + [1 - p for p in low] + [0.5, 0.025, 0.975, 0.995, 0.9, 0.8, 0.1, 0.2]))
    normal_quantile = [{'p': p, 'quantile': float(stats.norm.ppf(p))} for p in ps]

    dfs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100, 150, 200, 300, 500, 750, 1000,
           1.5, 2.5, 3.7, 17.776, 123.4]
    ts = [0.0, 0.001, 0.1, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 10.0, 15.0, 20.0, 50.0, 100.0, 1000.0]
    student = []
    for df in dfs:
        for t in ts:
            for signed in ([t, -t] if t else [t]):
                student.append({'t': signed, 'df': df, 'cdf': float(stats.t.cdf(signed, df)), 'sf': float(stats.t.sf(signed, df))})

    tail_ps = [1e-12, 1e-10, 1e-9, 1e-7, 1e-5, 1e-4, 1e-3, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.4, 0.45]
    quantile_ps = tail_ps + [0.5] + [1 - p for p in reversed(tail_ps)]
    student_quantile = [{'p': p, 'df': df, 'quantile': float(stats.t.ppf(p, df)), 'polished': t_quantile(p, df)}
                        for df in dfs for p in quantile_ps]

    chi_dfs = [1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 50, 100, 1000, 0.5, 2.5]
    xs = [0.0, 1e-6, 0.01, 0.1, 0.5, 1.0, 2.0, 3.0, 5.0, 7.5, 10.0, 15.0, 20.0, 30.0, 50.0, 75.0, 100.0, 150.0, 200.0,
          500.0, 1000.0, 1100.0, 1500.0]
    chi_square = [{'x': x, 'df': k, 'sf': float(stats.chi2.sf(x, k))} for k in chi_dfs for x in xs]
    chi_square = [row for row in chi_square if representable(row['sf'])]
    student = [row for row in student if representable(row['cdf']) and representable(row['sf'])]
    normal = [row for row in normal if representable(row['cdf']) and representable(row['sf'])]

    return {
        'normal': normal,
        'normalQuantile': normal_quantile,
        'studentT': student,
        'studentTQuantile': student_quantile,
        'chiSquare': chi_square,
    }


# ---------------------------------------------------------------- summaries and comparisons

LONG_A = {'count': 100000, 'multiplier': 7919, 'modulus': 1009, 'scale': 0.37, 'offset': 1000.0}
LONG_B = {'count': 100000, 'multiplier': 104729, 'modulus': 997, 'scale': 0.375, 'offset': 1001.25}


def summarize_cases():
    cases = [
        {'name': 'two values', 'values': [1.0, 2.0]},
        {'name': 'three values', 'values': [0.1, 0.2, 0.4]},
        {'name': 'large offset', 'values': [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16]},
        {'name': 'constant', 'values': [3.5, 3.5, 3.5]},
        {'name': 'mixed signs', 'values': [-2.5, 3.75, 0.0, 12.125, -7.0, 1.0 / 3.0]},
        {'name': '1e5 generated values', 'generate': LONG_A},
    ]
    for case in cases:
        n, mean, variance = moments(case)
        case.update({'n': n, 'mean': mean, 'variance': variance})
    return cases


SLEEP_GROUP_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
SLEEP_GROUP_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]


def compare_means_cases():
    cases = [
        {'name': 'n = 2 each, 95%', 'control': {'values': [1.0, 3.0]}, 'treatment': {'values': [4.0, 7.0]}, 'confidence': 0.95},
        {'name': 'n = 3 each, 99%', 'control': {'values': [10.2, 11.9, 9.4]}, 'treatment': {'values': [12.5, 14.1, 13.0]}, 'confidence': 0.99},
        {'name': 'n = 2 vs 5, 99% (df near 1)', 'control': {'values': [2.0, 9.0]}, 'treatment': {'values': [4.1, 4.4, 3.9, 4.6, 4.0]}, 'confidence': 0.99},
        {'name': 'n = 4 vs 6, 99%', 'control': {'values': [20.0, 23.5, 19.0, 22.25]}, 'treatment': {'values': [25.0, 18.5, 30.0, 27.5, 21.0, 29.0]}, 'confidence': 0.99},
        {'name': 'n = 5 each, 80%', 'control': {'values': [3.1, 2.7, 3.8, 3.3, 2.9]}, 'treatment': {'values': [3.4, 3.9, 3.0, 4.2, 3.6]}, 'confidence': 0.8},
        {'name': 'unequal n and variances', 'control': {'values': [12.1, 14.3, 11.8, 13.0, 12.7, 15.2, 11.1, 13.9]},
         'treatment': {'values': [10.0, 19.5, 14.2, 8.3, 17.7, 12.9, 21.4, 9.6, 15.1, 13.3, 18.8, 11.2, 16.4, 7.9, 20.2, 14.8, 12.0, 17.1, 10.7, 16.0]},
         'confidence': 0.95},
        {'name': 'zero-variance control', 'control': {'values': [5.0, 5.0, 5.0, 5.0]}, 'treatment': {'values': [4.0, 6.0, 7.0, 5.0, 8.0]}, 'confidence': 0.95},
        {'name': 'zero-variance treatment', 'control': {'values': [2.0, 3.5, 2.5, 4.0]}, 'treatment': {'values': [3.0, 3.0, 3.0]}, 'confidence': 0.9},
        {'name': 'negative control mean', 'control': {'values': [-4.0, -5.5, -3.25, -6.0]}, 'treatment': {'values': [-2.0, -3.0, -1.5, -2.75, -3.5]}, 'confidence': 0.95},
        {'name': 'p near 1e-9 (summaries)', 'control': {'n': 40, 'mean': 10.0, 'variance': 4.0}, 'treatment': {'n': 40, 'mean': 12.9, 'variance': 4.0}, 'confidence': 0.95},
        {'name': 'p near 1e-10 (summaries, unequal)', 'control': {'n': 30, 'mean': 5.0, 'variance': 1.0}, 'treatment': {'n': 60, 'mean': 6.97, 'variance': 2.25}, 'confidence': 0.95},
        {'name': 'p near 1e-12 (summaries)', 'control': {'n': 200, 'mean': 50.0, 'variance': 100.0}, 'treatment': {'n': 200, 'mean': 57.3, 'variance': 110.0}, 'confidence': 0.99},
        {'name': 'tiny p, small df (n = 3 each)', 'control': {'n': 3, 'mean': 1.0, 'variance': 0.0001}, 'treatment': {'n': 3, 'mean': 2.0, 'variance': 0.0001}, 'confidence': 0.99},
        {'name': 'n = 1e5 summaries', 'control': {'n': 100000, 'mean': 12.31, 'variance': 150.2}, 'treatment': {'n': 100000, 'mean': 12.45, 'variance': 152.9}, 'confidence': 0.95},
        {'name': 'n = 1e5 generated values', 'control': {'generate': LONG_A}, 'treatment': {'generate': LONG_B}, 'confidence': 0.95},
        {'name': 'mixed: summary vs values', 'control': {'n': 12, 'mean': 7.5, 'variance': 2.2}, 'treatment': {'values': [8.1, 9.3, 7.7, 8.8, 10.2, 8.4]}, 'confidence': 0.9},
        {'name': 'Student sleep data (control = group 2)', 'control': {'values': SLEEP_GROUP_2}, 'treatment': {'values': SLEEP_GROUP_1}, 'confidence': 0.95},
        {'name': 'non-negative counts, wide: cut at -100%', 'control': {'values': [0.0, 1.0, 0.0, 3.0, 0.0, 2.0]}, 'treatment': {'values': [0.0, 0.0, 1.0, 0.0, 0.0, 0.0]}, 'confidence': 0.95, 'nonNegative': True},
        {'name': 'control mean within noise of 0: unbounded', 'control': {'n': 5, 'mean': 0.5, 'variance': 4.0}, 'treatment': {'n': 5, 'mean': 3.0, 'variance': 4.0}, 'confidence': 0.95},
        {'name': 'non-negative, control near 0: one ray', 'control': {'n': 8, 'mean': 0.4, 'variance': 1.0}, 'treatment': {'n': 8, 'mean': 3.0, 'variance': 1.0}, 'confidence': 0.95, 'nonNegative': True},
    ]
    for case in cases:
        n_c, m_c, v_c = moments(case['control'])
        n_t, m_t, v_t = moments(case['treatment'])
        if 'n' in case['control'] or 'n' in case['treatment']:
            res = stats.ttest_ind_from_stats(m_t, math.sqrt(v_t), n_t, m_c, math.sqrt(v_c), n_c, equal_var=False)
        else:
            with warnings.catch_warnings():
                # SciPy warns that a constant group is "nearly identical" data; its variance is exactly 0 here.
                warnings.simplefilter('ignore', RuntimeWarning)
                res = stats.ttest_ind(values_of(case['treatment']), values_of(case['control']), equal_var=False)
        a, b = v_c / n_c, v_t / n_t
        se = math.sqrt(a + b)
        df = (a + b) ** 2 / (a * a / (n_c - 1) + b * b / (n_t - 1))
        diff = m_t - m_c
        q = t_quantile((1 + case['confidence']) / 2, df)
        lift, rel_ci = relative(m_c, a, m_t, b, q, case.get('nonNegative', False))
        case.update({
            'statistic': float(res.statistic), 'df': df,
            'difference': diff, 'ci': [diff - q * se, diff + q * se], 'pValue': float(res.pvalue),
            'relativeLift': lift, 'relativeCi': rel_ci,
        })
    return cases


def compare_proportions_cases():
    cases = [
        {'name': '100/1000 vs 130/1000', 'control': {'successes': 100, 'n': 1000}, 'treatment': {'successes': 130, 'n': 1000}, 'confidence': 0.95},
        {'name': 'small groups, 99%', 'control': {'successes': 3, 'n': 10}, 'treatment': {'successes': 7, 'n': 12}, 'confidence': 0.99},
        {'name': 'unequal n, 80%', 'control': {'successes': 410, 'n': 5000}, 'treatment': {'successes': 95, 'n': 1000}, 'confidence': 0.8},
        {'name': 'p near 1e-9', 'control': {'successes': 500, 'n': 10000}, 'treatment': {'successes': 705, 'n': 10000}, 'confidence': 0.95},
        {'name': 'p near 1e-12', 'control': {'successes': 1000, 'n': 20000}, 'treatment': {'successes': 1335, 'n': 20000}, 'confidence': 0.95},
        {'name': 'demo FR purchase: 16/263 vs 10/62', 'control': {'successes': 16, 'n': 263}, 'treatment': {'successes': 10, 'n': 62}, 'confidence': 0.95},
        {'name': 'rare event, wide relative interval cut at -100%', 'control': {'successes': 5, 'n': 307}, 'treatment': {'successes': 1, 'n': 76}, 'confidence': 0.95},
        {'name': 'control within noise of 0 at 99%: unbounded above', 'control': {'successes': 2, 'n': 300}, 'treatment': {'successes': 9, 'n': 300}, 'confidence': 0.99},
        {'name': 'large n, tiny lift', 'control': {'successes': 31234, 'n': 1000000}, 'treatment': {'successes': 31567, 'n': 1000000}, 'confidence': 0.95},
    ]
    for case in cases:
        c, t = case['control'], case['treatment']
        p_c, p_t = c['successes'] / c['n'], t['successes'] / t['n']
        # statsmodels' Wald test and interval of the difference (unpooled variance), treatment first.
        test = test_proportions_2indep(t['successes'], t['n'], c['successes'], c['n'], method='wald', compare='diff')
        low, high = confint_proportions_2indep(t['successes'], t['n'], c['successes'], c['n'], method='wald', compare='diff', alpha=1 - case['confidence'])
        z = float(stats.norm.ppf((1 + case['confidence']) / 2))
        a, b = p_c * (1 - p_c) / c['n'], p_t * (1 - p_t) / t['n']
        lift, rel_ci = relative(p_c, a, p_t, b, z, True)
        case.update({
            'statistic': float(test.statistic), 'difference': float(test.diff), 'ci': [float(low), float(high)],
            'pValue': float(test.pvalue), 'relativeLift': lift, 'relativeCi': rel_ci,
        })
    return cases


def ratio_summary(numerators, denominators):
    x = np.asarray(numerators, dtype=np.float64)
    y = np.asarray(denominators, dtype=np.float64)
    cov = np.cov(x, y, ddof=1)
    return {'n': len(x), 'meanNumerator': float(np.mean(x)), 'meanDenominator': float(np.mean(y)),
            'varianceNumerator': float(cov[0, 0]), 'varianceDenominator': float(cov[1, 1]), 'covariance': float(cov[0, 1])}


def ratio_estimate(s):
    r = s['meanNumerator'] / s['meanDenominator']
    var = (s['varianceNumerator'] - 2 * r * s['covariance'] + r * r * s['varianceDenominator']) / (s['n'] * s['meanDenominator'] ** 2)
    return r, var


def compare_ratios_cases():
    cases = [
        {'name': 'revenue per session', 'confidence': 0.95,
         'control': {'numerators': [12.0, 0.0, 30.5, 8.25, 0.0, 19.9, 5.0, 41.0], 'denominators': [3, 1, 6, 2, 2, 4, 1, 7]},
         'treatment': {'numerators': [15.5, 22.0, 0.0, 36.0, 9.75, 28.1, 11.0, 3.5, 44.2], 'denominators': [3, 4, 1, 6, 2, 5, 2, 1, 8]}},
        {'name': 'clicks per view, 99%', 'confidence': 0.99,
         'control': {'numerators': [1, 0, 2, 1, 3, 0, 1, 2, 0, 1], 'denominators': [5, 3, 8, 4, 9, 2, 6, 7, 3, 5]},
         'treatment': {'numerators': [2, 1, 3, 2, 4, 1, 2, 3, 1, 2], 'denominators': [6, 4, 7, 5, 9, 3, 5, 8, 4, 6]}},
        {'name': 'two units each, 80%', 'confidence': 0.8,
         'control': {'numerators': [2.0, 5.0], 'denominators': [1.0, 3.0]},
         'treatment': {'numerators': [4.0, 9.0], 'denominators': [2.0, 2.5]}},
        {'name': 'strong difference', 'confidence': 0.95,
         'control': {'numerators': [float(v) for v in range(10, 70)], 'denominators': [float(10 + (i % 7)) for i in range(60)]},
         'treatment': {'numerators': [float(v) * 1.6 for v in range(10, 70)], 'denominators': [float(10 + (i % 5)) for i in range(60)]}},
    ]
    for case in cases:
        sc = ratio_summary(case['control']['numerators'], case['control']['denominators'])
        st = ratio_summary(case['treatment']['numerators'], case['treatment']['denominators'])
        r_c, v_c = ratio_estimate(sc)
        r_t, v_t = ratio_estimate(st)
        diff = r_t - r_c
        se = math.sqrt(v_c + v_t)
        z = float(stats.norm.ppf((1 + case['confidence']) / 2))
        lift, rel_ci = relative(r_c, v_c, r_t, v_t, z, True)
        case.update({
            'controlSummary': sc, 'treatmentSummary': st,
            'difference': diff, 'ci': [diff - z * se, diff + z * se], 'pValue': float(2 * stats.norm.sf(abs(diff) / se)),
            'relativeLift': lift, 'relativeCi': rel_ci,
        })
    return cases


def srm_cases():
    cases = [
        {'name': 'balanced 50/50', 'observed': [5012, 4988], 'weights': [50, 50]},
        {'name': '50/50 mismatch, p near 1e-10', 'observed': [10460, 9540], 'weights': [1, 1]},
        {'name': '3 groups, weights 1:1:2', 'observed': [2490, 2555, 4955], 'weights': [1, 1, 2]},
        {'name': '4 groups, uneven weights', 'observed': [1210, 2390, 3720, 2680], 'weights': [0.12, 0.24, 0.37, 0.27]},
        {'name': 'Mendel 9:3:3:1', 'observed': [315, 108, 101, 32], 'weights': [9, 3, 3, 1]},
        {'name': 'severe mismatch', 'observed': [1000, 1500], 'weights': [1, 1]},
        {'name': 'an empty group', 'observed': [0, 25, 25], 'weights': [1, 1, 1]},
    ]
    for case in cases:
        obs = np.asarray(case['observed'], dtype=np.float64)
        w = np.asarray(case['weights'], dtype=np.float64)
        expected = obs.sum() * w / w.sum()
        res = stats.chisquare(obs, expected)
        case.update({'chiSquare': float(res.statistic), 'pValue': float(res.pvalue)})
    return cases


def winsorize_cases():
    cases = [
        {'name': 'upper 0.9 interpolated', 'values': [1, 2, 3, 4, 5, 6, 7, 8, 9, 100], 'upper': 0.9},
        {'name': 'both sides interpolated, order kept', 'values': [50, -3, 7, 12, 0, 8, 9, 11, 2, 1000, 5], 'lower': 0.05, 'upper': 0.95},
        {'name': 'ties at the threshold', 'values': [0, 0, 0, 1, 1, 1, 1, 2, 9, 9], 'lower': 0.2, 'upper': 0.8},
        {'name': 'lower only', 'values': [-100, 3, 4, 5, 6, 7, 8], 'lower': 0.1},
        {'name': 'quantiles 0 and 1 change nothing', 'values': [3, 1, 2, 10, -4], 'lower': 0.0, 'upper': 1.0},
        {'name': 'equal quantiles collapse to one value', 'values': [4, 8, 15, 16, 23, 42], 'lower': 0.5, 'upper': 0.5},
        {'name': 'single value', 'values': [7.5], 'lower': 0.1, 'upper': 0.9},
        # For these two the last bit of the threshold depends on interpolating from the nearer order statistic, as NumPy does.
        {'name': 'last bit: upper 0.97 of five values', 'values': [21.413, 42.11, -10.504, 30.091, -5.538], 'upper': 0.97},
        {'name': 'last bit: lower 0.8 of two values', 'values': [-19.033, -42.303], 'lower': 0.8},
        {'name': 'fractional data, 1% and 99%', 'values': [0.013 * ((i * 37) % 101) - 0.4 for i in range(101)] + [25.0, -30.0], 'lower': 0.01, 'upper': 0.99},
    ]
    for case in cases:
        v = np.asarray(case['values'], dtype=np.float64)
        lo = float(np.quantile(v, case['lower'])) if 'lower' in case else -math.inf
        hi = float(np.quantile(v, case['upper'])) if 'upper' in case else math.inf
        case['expected'] = [float(x) for x in np.clip(v, lo, hi)]
        case['values'] = [float(x) for x in v]
        case['thresholds'] = [lo if 'lower' in case else None, hi if 'upper' in case else None]
    return cases


def sample_size_cases():
    cases = [
        {'baselineRate': 0.1, 'minDetectableEffect': 0.1},
        {'baselineRate': 0.1, 'minDetectableEffect': 1.0},
        {'baselineRate': 0.05, 'minDetectableEffect': 0.2, 'alpha': 0.01, 'power': 0.9},
        {'baselineRate': 0.3, 'minDetectableEffect': -0.1, 'alpha': 0.1, 'power': 0.8},
        {'baselineRate': 0.5, 'minDetectableEffect': 0.02},
        {'baselineRate': 0.01, 'minDetectableEffect': 0.05, 'power': 0.95},
        {'baselineRate': 0.8, 'minDetectableEffect': 0.25},
    ]
    for case in cases:
        p1, mde = case['baselineRate'], case['minDetectableEffect']
        alpha, power = case.get('alpha', 0.05), case.get('power', 0.8)
        p2 = p1 * (1 + mde)
        p_bar = (p1 + p2) / 2
        root = stats.norm.ppf(1 - alpha / 2) * math.sqrt(2 * p_bar * (1 - p_bar)) + stats.norm.ppf(power) * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))
        exact = root * root / (p2 - p1) ** 2
        case.update({'unrounded': float(exact), 'n': int(math.ceil(exact))})
    return cases


def adjust_cases():
    families = [
        {'name': 'four p-values', 'pValues': [0.01, 0.04, 0.03, 0.2]},
        {'name': 'ties and ones', 'pValues': [0.02, 0.02, 1.0, 0.5, 0.02]},
        {'name': 'single', 'pValues': [0.013]},
        {'name': 'demo segments, 14 comparisons', 'pValues': [0.880, 0.752, 0.512, 0.602, 0.233, 0.228, 0.383, 0.316, 0.232, 0.307, 0.040, 0.041, 0.713, 0.689]},
        {'name': 'many small', 'pValues': [1e-8, 3e-6, 0.0004, 0.0011, 0.009, 0.012, 0.049, 0.051, 0.3, 0.9]},
    ]
    for family in families:
        p = np.asarray(family['pValues'], dtype=np.float64)
        family['benjamini-hochberg'] = [float(x) for x in multipletests(p, method='fdr_bh')[1]]
        family['holm'] = [float(x) for x in multipletests(p, method='holm')[1]]
    return families


def bayes_cases():
    """Beta-Binomial readouts by SciPy's adaptive quadrature (integrate.quad) over the control posterior,
    and the credible interval by brentq on the quadrature CDF of the difference. Independent of the
    engine's Simpson grid and tabulated CDF."""
    from scipy import integrate
    cases = [
        {'name': '100/1000 vs 130/1000, uniform prior', 'control': {'successes': 100, 'n': 1000}, 'treatment': {'successes': 130, 'n': 1000}, 'confidence': 0.95, 'prior': {'alpha': 1, 'beta': 1}},
        {'name': 'demo FR purchase 16/263 vs 10/62', 'control': {'successes': 16, 'n': 263}, 'treatment': {'successes': 10, 'n': 62}, 'confidence': 0.95, 'prior': {'alpha': 1, 'beta': 1}},
        {'name': 'treatment worse, 90%', 'control': {'successes': 60, 'n': 400}, 'treatment': {'successes': 41, 'n': 410}, 'confidence': 0.9, 'prior': {'alpha': 1, 'beta': 1}},
        {'name': 'informative prior Beta(10, 90)', 'control': {'successes': 12, 'n': 80}, 'treatment': {'successes': 18, 'n': 85}, 'confidence': 0.95, 'prior': {'alpha': 10, 'beta': 90}},
        {'name': 'large n, tiny lift', 'control': {'successes': 31234, 'n': 1000000}, 'treatment': {'successes': 31567, 'n': 1000000}, 'confidence': 0.95, 'prior': {'alpha': 1, 'beta': 1}},
    ]
    for case in cases:
        a0, b0 = case['prior']['alpha'], case['prior']['beta']
        c, t = case['control'], case['treatment']
        bc = stats.beta(a0 + c['successes'], b0 + c['n'] - c['successes'])
        bt = stats.beta(a0 + t['successes'], b0 + t['n'] - t['successes'])
        lo, hi = bc.ppf(1e-15), bc.isf(1e-15)
        tlo, thi = bt.ppf(1e-15), bt.isf(1e-15)
        opts = dict(limit=500, epsabs=1e-14, epsrel=1e-12, points=[bc.mean()])
        chance = integrate.quad(lambda x: bc.pdf(x) * bt.sf(x), lo, hi, **opts)[0]
        # E[max(0, C - T)] = integral over x of f_C(x) * integral_0^x F_T(u) du.
        inner = lambda x: integrate.quad(bt.cdf, tlo, x, limit=200, epsabs=1e-15, epsrel=1e-11)[0] if x > tlo else 0.0
        loss = integrate.quad(lambda x: bc.pdf(x) * inner(x), lo, hi, limit=200, epsabs=1e-15, epsrel=1e-9, points=[bc.mean()])[0]
        cdf = lambda d: integrate.quad(lambda x: bc.pdf(x) * bt.cdf(x + d), lo, hi, **opts)[0]
        tail = (1 - case['confidence']) / 2
        span = 20 * math.sqrt(bc.var() + bt.var())
        center = bt.mean() - bc.mean()
        q = lambda p: optimize.brentq(lambda d: cdf(d) - p, center - span, center + span, xtol=1e-14, rtol=1e-12)
        case.update({'chanceToBeat': chance, 'expectedLoss': loss, 'credibleInterval': [q(tail), q(1 - tail)]})
    return cases


def is_rows(value):
    return isinstance(value, list) and len(value) > 0 and isinstance(value[0], dict)


def dump(value, indent):
    """JSON with one case (or grid row) per line, so diffs of the checked-in file stay readable."""
    inner = indent + '  '
    if isinstance(value, dict) and any(isinstance(v, dict) or is_rows(v) for v in value.values()):
        items = [f'{inner}{json.dumps(k)}: {dump(v, inner)}' for k, v in value.items()]
        return '{\n' + ',\n'.join(items) + '\n' + indent + '}'
    if is_rows(value):
        return '[\n' + ',\n'.join(inner + json.dumps(v, allow_nan=False) for v in value) + '\n' + indent + ']'
    return json.dumps(value, allow_nan=False)


def main():
    data = {
        'generator': 'scripts/stats-reference.py',
        'versions': {'python': sys.version.split()[0], 'scipy': scipy.__version__, 'numpy': np.__version__, 'statsmodels': statsmodels.__version__},
        'distributions': distributions(),
        'summarize': summarize_cases(),
        'compareMeans': compare_means_cases(),
        'compareProportions': compare_proportions_cases(),
        'compareRatios': compare_ratios_cases(),
        'sampleRatioMismatch': srm_cases(),
        'winsorize': winsorize_cases(),
        'requiredSampleSize': sample_size_cases(),
        'adjustPValues': adjust_cases(),
        'bayesProportions': bayes_cases(),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        f.write(dump(data, ''))
        f.write('\n')
    print('wrote', os.path.normpath(OUT))


if __name__ == '__main__':
    main()
