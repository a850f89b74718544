#!/usr/bin/env python3
"""Reference values for the intervals at the corrected level (src/analysis/stats/multiple-comparisons.ts
adjustedIntervalLevels, src/analysis/adjusted-intervals.ts; docs/statistics.md, "Intervals at the corrected
level"), computed independently of the engine with statsmodels and SciPy.

Writes test/vectors/stats/multiplicity-reference.json, which is checked in: the tests read the JSON and
never need Python. Regenerate after changing the cases:

    python3 scripts/multiplicity-reference.py

It needs SciPy 1.11 or later (ttest_ind's confidence_interval) and statsmodels. The stored JSON names the
versions it was written with.

Each family holds m comparisons of one kind: proportions (statsmodels' Wald test,
test_proportions_2indep(method='wald', compare='diff'), and its interval confint_proportions_2indep at the
level) or means (SciPy's Welch test on the stored values, ttest_ind(equal_var=False), and its
confidence_interval at the level). The rejections and adjusted p-values come from statsmodels'
multipletests ('holm' or 'fdr_bh') at alpha = 1 - confidence. The levels are coded here from the rules:

- Holm, k rejected of m: a rejected comparison whose p-value is the j-th smallest (ties: the first rank of
  the tie) at 1 - alpha/(m - j + 1); every kept one at 1 - alpha/m (Bonferroni).
- Benjamini-Hochberg, R selected of m: selected at 1 - R alpha/m (Benjamini & Yekutieli 2005), the others
  at 1 - alpha/m.

The script checks what the levels promise before it writes: each interval excludes 0 exactly when
multipletests rejects.
"""

import json
import os
import sys

import numpy as np
import scipy
import statsmodels
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import confint_proportions_2indep, test_proportions_2indep

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'vectors', 'stats', 'multiplicity-reference.json')


def levels(pvalues, reject, method, alpha):
    m = len(pvalues)
    count = int(sum(reject))
    if method == 'fdr_bh':
        return [
            (1 - count * alpha / m, 'fcr-selected') if r else (1 - alpha / m, 'bonferroni-unselected')
            for r in reject
        ]
    order = sorted(range(m), key=lambda i: (pvalues[i], i))
    first = {}
    for rank, i in enumerate(order, start=1):
        first.setdefault(pvalues[i], rank)
    return [
        (1 - alpha / (m - first[p] + 1), 'holm-rejected') if r else (1 - alpha / m, 'holm-kept')
        for p, r in zip(pvalues, reject)
    ]


def proportion_family(name, method, confidence, pairs):
    alpha = 1 - confidence
    comparisons = []
    for (sc, nc), (st, nt) in pairs:
        # statsmodels compares the first group with the second: treatment first, so diff = p_T - p_C.
        p = test_proportions_2indep(st, nt, sc, nc, method='wald', compare='diff').pvalue
        comparisons.append({'control': {'successes': sc, 'n': nc}, 'treatment': {'successes': st, 'n': nt}, 'pValue': p})
    return finish(name, 'proportions', method, confidence, comparisons, lambda c, level: list(
        confint_proportions_2indep(
            c['treatment']['successes'], c['treatment']['n'], c['control']['successes'], c['control']['n'],
            method='wald', compare='diff', alpha=1 - level,
        )
    ))


def mean_family(name, method, confidence, rng, specs):
    comparisons = []
    for n_c, n_t, shift, sd in specs:
        control = np.round(rng.normal(10.0, sd, n_c), 6)
        treatment = np.round(rng.normal(10.0 + shift, sd * 1.3, n_t), 6)
        p = stats.ttest_ind(treatment, control, equal_var=False).pvalue
        comparisons.append({'control': control.tolist(), 'treatment': treatment.tolist(), 'pValue': float(p)})

    def interval(c, level):
        result = stats.ttest_ind(np.array(c['treatment']), np.array(c['control']), equal_var=False)
        ci = result.confidence_interval(confidence_level=level)
        return [float(ci.low), float(ci.high)]

    return finish(name, 'means', method, confidence, comparisons, interval)


def finish(name, kind, method, confidence, comparisons, interval):
    alpha = 1 - confidence
    pvalues = [c['pValue'] for c in comparisons]
    reject, adjusted, _, _ = multipletests(pvalues, alpha=alpha, method=method)
    # multipletests rejects p_adj <= alpha; the engine (and its labels) p_adj < alpha: no case sits on it.
    assert all(abs(a - alpha) > 1e-9 for a in adjusted), name
    for c, p_adj, r, (level, rule) in zip(comparisons, adjusted, reject, levels(pvalues, reject, method, alpha)):
        ci = interval(c, level)
        if (ci[0] > 0 or ci[1] < 0) != bool(r):
            sys.exit(f'{name}: interval {ci} at {level} disagrees with the rejection {r}')
        c.update({'adjustedPValue': float(p_adj), 'rejected': bool(r), 'level': level, 'rule': rule, 'ci': ci})
    return {
        'name': name,
        'kind': kind,
        'method': 'holm' if method == 'holm' else 'benjamini-hochberg',
        'confidence': confidence,
        'comparisons': comparisons,
    }


def main():
    rng = np.random.default_rng(20261207)
    families = [
        # Holm rejects three of four; the third (p between alpha/m and alpha/(m - 2)) is one a Bonferroni
        # interval at alpha/m would leave touching 0 beside "significant".
        proportion_family('holm, 3 of 4 rejected', 'holm', 0.95, [
            ((500, 5000), (640, 5000)),
            ((500, 5000), (600, 5000)),
            ((500, 5000), (574, 5000)),
            ((500, 5000), (520, 5000)),
        ]),
        proportion_family('holm, all rejected', 'holm', 0.95, [
            ((300, 3000), (420, 3000)),
            ((300, 3000), (380, 3000)),
        ]),
        proportion_family('holm, tied rejections', 'holm', 0.95, [
            ((100, 1000), (150, 1000)),
            ((100, 1000), (150, 1000)),
            ((100, 1000), (104, 1000)),
        ]),
        proportion_family('holm, none rejected, a tie', 'holm', 0.9, [
            ((100, 1000), (118, 1000)),
            ((100, 1000), (118, 1000)),
            ((100, 1000), (95, 1000)),
        ]),
        proportion_family('bh, 2 of 5 selected', 'fdr_bh', 0.95, [
            ((200, 2000), (290, 2000)),
            ((200, 2000), (255, 2000)),
            ((200, 2000), (240, 2000)),
            ((200, 2000), (190, 2000)),
            ((200, 2000), (210, 2000)),
        ]),
        proportion_family('bh, none selected', 'fdr_bh', 0.95, [
            ((200, 2000), (225, 2000)),
            ((200, 2000), (180, 2000)),
            ((200, 2000), (212, 2000)),
        ]),
        mean_family('bh means, 99%', 'fdr_bh', 0.99, rng, [
            (40, 60, 2.5, 2.0), (40, 60, 1.4, 2.0), (40, 60, 0.2, 2.0), (30, 30, -1.8, 2.0),
        ]),
        mean_family('holm means, small groups', 'holm', 0.95, rng, [
            (8, 12, 3.0, 1.5), (8, 12, 1.5, 1.5), (10, 10, 0.0, 1.5),
        ]),
    ]
    data = {
        'generator': 'scripts/multiplicity-reference.py',
        'versions': {'scipy': scipy.__version__, 'statsmodels': statsmodels.__version__, 'numpy': np.__version__},
        'families': families,
    }
    with open(OUT, 'w') as f:
        json.dump(data, f, indent=1)
        f.write('\n')
    for family in families:
        print(family['name'], [(round(c['pValue'], 5), c['rejected'], c['rule'], round(c['level'], 5)) for c in family['comparisons']])


main()
