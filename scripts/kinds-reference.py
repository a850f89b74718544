#!/usr/bin/python3
"""Reference values for the quantile, funnel, activeDays and retention metric kinds.

Writes test/vectors/stats/kinds-reference.json, which is checked in: the tests
read the JSON and never need Python. Regenerate after changing the cases:

    apt-get install -y python3-scipy python3-statsmodels
    /usr/bin/python3 scripts/kinds-reference.py

Independent of the engine's code:
- quantiles: NumPy's type-1 quantile (method='inverted_cdf'), and the
  Deng-Knoblich-Yu (2018) variance written directly with NumPy's var/cov over
  units; normal quantiles and tails from SciPy;
- a seeded event set (exposures and events with times) whose per-unit funnel,
  active days and retention are computed here from the definitions in
  docs/statistics.md, then compared with statsmodels' two-proportion Wald test
  (funnel, retention, step shares), SciPy's Welch test (active days) and the
  ratio delta method (step conversions); relative intervals by numerical
  inversion of the test (the `relative` of scripts/stats-reference.py).
Every number is a float64 with repr precision; an unbounded interval end is null.
"""

import importlib.util
import json
import math
import os
import sys

import numpy as np
import scipy
import statsmodels
from scipy import stats
from statsmodels.stats.proportion import confint_proportions_2indep, test_proportions_2indep

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'test', 'vectors', 'stats', 'kinds-reference.json')
_spec = importlib.util.spec_from_file_location('stats_reference', os.path.join(HERE, 'stats-reference.py'))
base = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(base)

DAY = 86_400_000
T0 = 1_714_521_600_000  # 2024-05-01T00:00:00Z


# ---------------------------------------------------------------- quantiles

def quantile_estimate(values, unit, k, q, confidence):
    values = np.asarray(values, dtype=np.float64)
    unit = np.asarray(unit, dtype=np.int64)
    n = len(values)
    x = np.sort(values)
    est = float(np.quantile(values, q, method='inverted_cdf'))
    # The same order statistic by the spec's rank ceil(q n), in float64 as every engine computes it.
    assert est == x[max(1, math.ceil(q * n)) - 1], 'numpy type-1 and the rank formula disagree'
    N = np.bincount(unit, minlength=k).astype(np.float64)
    S = np.bincount(unit, weights=(values <= est).astype(np.float64), minlength=k)
    cov = np.cov(np.vstack([S, N]), ddof=1)
    p = S.sum() / N.sum()
    r = S.mean() / N.mean()
    var = (cov[0, 0] - 2 * r * cov[0, 1] + r * r * cov[1, 1]) / (k * N.mean() ** 2)
    sigma = math.sqrt(max(0.0, var))
    z = float(stats.norm.ppf(1 - (1 - confidence) / 2))
    low = max(1, math.floor(n * (q - z * sigma)))
    high = min(n, math.ceil(n * (q + z * sigma)))
    ci = [float(x[low - 1]), float(x[high - 1])]
    return {'value': est, 'n': n, 'units': k, 'unitsWithValues': int((N > 0).sum()), 'sigma': sigma, 'p': p,
            'ranks': [low, high], 'ci': ci, 'standardError': (ci[1] - ci[0]) / (2 * z)}


def compare_quantiles(c, t, confidence, non_negative):
    z = float(stats.norm.ppf(1 - (1 - confidence) / 2))
    diff = t['value'] - c['value']
    a, b = c['standardError'] ** 2, t['standardError'] ** 2
    se = math.sqrt(a + b)
    lift, rel_ci = base.relative(c['value'], a, t['value'], b, z, non_negative)
    return {'difference': diff, 'ci': [diff - z * se, diff + z * se], 'pValue': float(2 * stats.norm.sf(abs(diff) / se)),
            'relativeLift': lift, 'relativeCi': rel_ci}


def clustered(rng, k, center, spread_units, spread_events, max_events, empty_share=0.0):
    values, unit = [], []
    for i in range(k):
        if rng.random() < empty_share:
            continue
        level = math.log(center) + spread_units * rng.standard_normal()
        for _ in range(1 + int(rng.integers(0, max_events))):
            values.append(round(math.exp(level + spread_events * rng.standard_normal()), 3))
            unit.append(i)
    return {'values': values, 'unit': unit, 'units': k}


def quantile_cases():
    rng = np.random.default_rng(20181)
    cases = [
        {'name': 'P50, 40 units, 1-5 events each', 'q': 0.5, 'confidence': 0.95,
         'control': clustered(rng, 40, 100, 0.5, 0.3, 5), 'treatment': clustered(rng, 40, 120, 0.5, 0.3, 5)},
        {'name': 'P90, 80 units, strongly clustered, 99%', 'q': 0.9, 'confidence': 0.99,
         'control': clustered(rng, 80, 200, 0.9, 0.1, 8), 'treatment': clustered(rng, 80, 200, 0.9, 0.1, 8)},
        {'name': 'P99, 300 units, a third without events', 'q': 0.99, 'confidence': 0.95,
         'control': clustered(rng, 300, 50, 0.4, 0.6, 6, 0.33), 'treatment': clustered(rng, 300, 45, 0.4, 0.6, 6, 0.33)},
        {'name': 'P75, one event per unit (i.i.d.), 90%', 'q': 0.75, 'confidence': 0.9,
         'control': clustered(rng, 60, 10, 0.0, 0.5, 1), 'treatment': clustered(rng, 70, 13, 0.0, 0.5, 1)},
        {'name': 'P25, small integer values with ties', 'q': 0.25, 'confidence': 0.95,
         'control': {'values': [1, 2, 2, 3, 3, 3, 4, 5, 1, 2, 6, 2, 3, 4, 4, 5, 2, 1], 'unit': [0, 0, 1, 1, 1, 2, 3, 3, 4, 4, 5, 6, 6, 7, 8, 8, 9, 9], 'units': 12},
         'treatment': {'values': [2, 3, 3, 4, 5, 5, 6, 2, 3, 4, 4, 7, 3, 5, 6, 2], 'unit': [0, 0, 1, 2, 2, 3, 4, 5, 5, 6, 7, 7, 8, 9, 10, 11], 'units': 12}},
    ]
    for case in cases:
        c = quantile_estimate(case['control']['values'], case['control']['unit'], case['control']['units'], case['q'], case['confidence'])
        t = quantile_estimate(case['treatment']['values'], case['treatment']['unit'], case['treatment']['units'], case['q'], case['confidence'])
        non_negative = min(case['control']['values'] + case['treatment']['values']) >= 0
        case.update({'controlEstimate': c, 'treatmentEstimate': t, 'comparison': compare_quantiles(c, t, case['confidence'], non_negative)})
    return cases


# ---------------------------------------------------------------- an event set and the kinds' definitions

NAMES = ['page_load', 'view', 'add_to_cart', 'purchase', 'app_open']


def event_set():
    """Two variants of 160 units entering over 10 days; the analysis ends (to) at day 14."""
    rng = np.random.default_rng(2024)
    to = T0 + 14 * DAY
    exposures, events = [], []
    for u in range(320):
        variant = u % 2
        entered = T0 + int(rng.integers(0, 10 * DAY))
        exposures.append([u, variant, entered])
        horizon = to - entered

        def at(offset):
            if 0 <= offset <= horizon or offset < 0:
                events.append([u, name_index, entered + int(offset), value])

        level = math.log(150 if variant == 0 else 135) + 0.5 * rng.standard_normal()
        for _ in range(int(rng.integers(0, 5))):
            name_index, value = 0, round(math.exp(level + 0.4 * rng.standard_normal()), 2)
            at(int(rng.integers(0, horizon + 1)))
        value = None
        # Funnel steps mostly in order, some out of order, repeated, late (past the 3-day window) or before exposure.
        boost = 0.1 if variant == 1 else 0.0
        t = int(rng.integers(-DAY // 4, 2 * DAY))
        for name_index, chance, spread in ((1, 0.75, 0), (2, 0.5 + boost, DAY), (3, 0.55 + boost, 2 * DAY)):
            if rng.random() >= chance:
                break
            t += int(rng.integers(-DAY // 8, spread + 1))
            at(t)
            if rng.random() < 0.2:
                at(t + int(rng.integers(-DAY, DAY)))
        name_index = 4
        daily = 0.3 + 0.08 * variant
        for d in range(-1, 16):
            if rng.random() < daily:
                for _ in range(1 + int(rng.integers(0, 3))):
                    at(d * DAY + int(rng.integers(0, DAY)))
    return {'to': to, 'now': to + DAY, 'names': NAMES, 'exposures': exposures, 'events': events}


def per_unit(data, metrics):
    """Per unit, from the raw rows: counted events (t >= entered, t <= to) by name."""
    entered = {u: e for u, _, e in data['exposures']}
    counted = {u: {} for u in entered}
    for u, name_index, t, value in data['events']:
        if t >= entered[u] and t <= data['to']:
            counted[u].setdefault(NAMES[name_index], []).append((t, 1.0 if value is None else value))
    return entered, counted


def funnel_reached(times_by_step, entered, window, names=None):
    # A step naming the same event as the step before needs a later occurrence (docs/analysis.md).
    reached, previous = [], entered
    for k, times in enumerate(times_by_step):
        repeat = names is not None and k > 0 and names[k] == names[k - 1]
        ok = [t for t in times if (previous < t if repeat else previous <= t) and t <= entered + window]
        if not ok:
            break
        previous = min(ok)
        reached.append(previous)
    return [1 if i < len(reached) else 0 for i in range(len(times_by_step))]


def proportions(sc, nc, st, nt, confidence):
    test = test_proportions_2indep(st, nt, sc, nc, method='wald', compare='diff')
    low, high = confint_proportions_2indep(st, nt, sc, nc, method='wald', compare='diff', alpha=1 - confidence)
    p_c, p_t = sc / nc, st / nt
    z = float(stats.norm.ppf((1 + confidence) / 2))
    lift, rel_ci = base.relative(p_c, p_c * (1 - p_c) / nc, p_t, p_t * (1 - p_t) / nt, z, True)
    return {'difference': float(test.diff), 'ci': [max(-1.0, float(low)), min(1.0, float(high))], 'pValue': float(test.pvalue),
            'relativeLift': lift, 'relativeCi': rel_ci}


def welch(c, t, confidence):
    c, t = np.asarray(c, dtype=np.float64), np.asarray(t, dtype=np.float64)
    res = stats.ttest_ind(t, c, equal_var=False)
    a, b = np.var(c, ddof=1) / len(c), np.var(t, ddof=1) / len(t)
    df = (a + b) ** 2 / (a * a / (len(c) - 1) + b * b / (len(t) - 1))
    q = base.t_quantile((1 + confidence) / 2, df)
    lift, rel_ci = base.relative(float(np.mean(c)), a, float(np.mean(t)), b, q, True)
    diff, se = float(np.mean(t) - np.mean(c)), math.sqrt(a + b)
    # SciPy's p-value; the interval with the polished t quantile of stats-reference.py (Debian's SciPy has no ttest CI).
    return {'difference': diff, 'ci': [diff - q * se, diff + q * se], 'pValue': float(res.pvalue),
            'relativeLift': lift, 'relativeCi': rel_ci}


def delta_ratio(cn, cd, tn, td, confidence):
    r_c, v_c = base.ratio_estimate(base.ratio_summary(cn, cd))
    r_t, v_t = base.ratio_estimate(base.ratio_summary(tn, td))
    z = float(stats.norm.ppf((1 + confidence) / 2))
    diff, se = r_t - r_c, math.sqrt(v_c + v_t)
    lift, rel_ci = base.relative(r_c, v_c, r_t, v_t, z, True)
    return {'value': [r_c, r_t], 'difference': diff, 'ci': [diff - z * se, diff + z * se],
            'pValue': float(2 * stats.norm.sf(abs(diff) / se)), 'relativeLift': lift, 'relativeCi': rel_ci}


def kinds_case():
    data = event_set()
    confidence = 0.95
    entered, counted = per_unit(data, None)
    variant = {u: v for u, v, _ in data['exposures']}
    groups = [[u for u in entered if variant[u] == v] for v in (0, 1)]
    out = {}

    # Quantile P90 of page_load values.
    q = 0.9
    estimates = []
    for members in groups:
        index = {u: i for i, u in enumerate(members)}
        vals, unit = [], []
        for u in members:
            for _, value in counted[u].get('page_load', []):
                vals.append(value)
                unit.append(index[u])
        estimates.append(quantile_estimate(vals, unit, len(members), q, confidence))
    out['latency'] = {'spec': 'latency:quantile:event=page_load:q=0.9', 'estimates': estimates,
                      'comparison': compare_quantiles(estimates[0], estimates[1], confidence, True)}

    # Funnel view > add_to_cart > purchase within 3 days.
    steps, window = ['view', 'add_to_cart', 'purchase'], 3 * DAY
    reached = [[funnel_reached([[t for t, _ in counted[u].get(s, [])] for s in steps], entered[u], window, steps) for u in members] for members in groups]
    r = [np.asarray(g, dtype=np.float64) for g in reached]
    step_rows = []
    for k in range(len(steps)):
        sc, st = int(r[0][:, k].sum()), int(r[1][:, k].sum())
        row = {'reached': [sc, st], 'share': proportions(sc, len(groups[0]), st, len(groups[1]), confidence)}
        if k > 0:
            row['stepConversion'] = delta_ratio(r[0][:, k], r[0][:, k - 1], r[1][:, k], r[1][:, k - 1], confidence)
        step_rows.append(row)
    out['checkout'] = {'spec': 'checkout:funnel:steps=view>add_to_cart>purchase:window=3d', 'units': [len(g) for g in groups],
                       'steps': step_rows, 'comparison': step_rows[-1]['share']}

    # Active days over 7 days; eligible when entered + 7 d <= to.
    days = 7
    a_values, events_per_day, eligible = [], [], []
    for members in groups:
        vals, events = [], 0
        for u in members:
            if entered[u] + days * DAY > data['to']:
                continue
            ds = [(t - entered[u]) // DAY for t, _ in counted[u].get('app_open', [])]
            ds = [d for d in ds if 0 <= d < days]
            vals.append(len(set(ds)) / days)
            events += len(ds)
        a_values.append(vals)
        eligible.append(len(vals))
        events_per_day.append(events / (len(vals) * days))
    out['engaged'] = {'spec': 'engaged:activeDays:event=app_open:window=7d', 'eligible': eligible, 'enrolled': [len(g) for g in groups],
                      'value': [float(np.mean(v)) for v in a_values], 'eventsPerUnitDay': events_per_day,
                      'comparison': welch(a_values[0], a_values[1], confidence)}

    # Day-5 retention; eligible when entered + 6 d <= to.
    day = 5
    kept, eligible = [], []
    for members in groups:
        el = [u for u in members if entered[u] + (day + 1) * DAY <= data['to']]
        kept.append(sum(1 for u in el if any((t - entered[u]) // DAY == day for t, _ in counted[u].get('app_open', []))))
        eligible.append(len(el))
    out['d5'] = {'spec': 'd5:retention:event=app_open:day=5', 'eligible': eligible, 'retained': kept,
                 'comparison': proportions(kept[0], eligible[0], kept[1], eligible[1], confidence)}
    return {'data': data, 'confidence': confidence, 'metrics': out}


def main():
    result = {
        'generator': 'scripts/kinds-reference.py',
        'versions': {'python': sys.version.split()[0], 'scipy': scipy.__version__, 'numpy': np.__version__, 'statsmodels': statsmodels.__version__},
        'quantiles': quantile_cases(),
        'kinds': kinds_case(),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        # One case per line (stats-reference.py's layout), so diffs of the checked-in file stay readable.
        f.write(base.dump(result, ''))
        f.write('\n')
    print('wrote', os.path.normpath(OUT))


if __name__ == '__main__':
    main()
