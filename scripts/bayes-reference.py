#!/usr/bin/python3
"""Reference values for the Beta-Binomial readout (bayesProportions) on groups of very different sizes.

Writes test/vectors/stats/bayes-reference.json, which is checked in: the tests read the JSON and never
need Python. Regenerate after changing the cases (SciPy and NumPy only):

    apt-get install -y python3-scipy
    /usr/bin/python3 scripts/bayes-reference.py

Each readout is an integral over one posterior of the other's distribution function. When one posterior
is far narrower than the other, the integrand over the wider one is nearly a step, so this script
integrates over the narrower posterior with SciPy's adaptive quadrature (integrate.quad), with breakpoints
every standard deviation of that posterior, and inverts the distribution of the difference with brentq.
It then checks every readout against a seeded Monte Carlo of 4 million draws from the two posteriors
(within 5 Monte Carlo standard errors) and stops if one disagrees, so an error in the integrals cannot
slip into the JSON.
"""

import json
import math
import os
import sys

import numpy as np
import scipy
from scipy import integrate, optimize, stats

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'test', 'vectors', 'stats', 'bayes-reference.json')

CASES = [
    # A small control against a large treatment (a new arm ramped up, or a small holdout as control).
    {'name': '10/1000 vs 100000/10000000', 'control': {'successes': 10, 'n': 1000}, 'treatment': {'successes': 100000, 'n': 10000000}},
    {'name': '50/100 vs 5000000/10000000', 'control': {'successes': 50, 'n': 100}, 'treatment': {'successes': 5000000, 'n': 10000000}},
    {'name': '50/100 vs 5100000/10000000', 'control': {'successes': 50, 'n': 100}, 'treatment': {'successes': 5100000, 'n': 10000000}},
    # The other way round: a 1% treatment against a 99% control.
    {'name': '3000/100000 vs 40/1000, 90%', 'control': {'successes': 3000, 'n': 100000}, 'treatment': {'successes': 40, 'n': 1000}, 'confidence': 0.9},
    # Equal sizes, for the grid's own accuracy.
    {'name': '500/1000 vs 520/1000', 'control': {'successes': 500, 'n': 1000}, 'treatment': {'successes': 520, 'n': 1000}},
]


def readout(case):
    c, t = case['control'], case['treatment']
    bc = stats.beta(1 + c['successes'], 1 + c['n'] - c['successes'])
    bt = stats.beta(1 + t['successes'], 1 + t['n'] - t['successes'])
    confidence = case.get('confidence', 0.95)
    inner, outer, over_control = (bc, bt, True) if bc.std() <= bt.std() else (bt, bc, False)
    lo, hi = inner.ppf(1e-15), inner.isf(1e-15)
    points = [p for p in (inner.mean() + k * inner.std() for k in range(-12, 13)) if lo < p < hi]
    opts = dict(points=points, limit=1000, epsabs=1e-15, epsrel=1e-12)
    oa, ob = outer.args
    outer1 = stats.beta(oa + 1, ob)  # E[outer; outer <= x] = mean(outer) * I_x(a + 1, b)
    mean = outer.mean()
    if over_control:
        chance = integrate.quad(lambda x: inner.pdf(x) * outer.sf(x), lo, hi, **opts)[0]
        # E[max(0, C - T)] = integral of f_C(x) * E[max(0, x - T)]
        loss = integrate.quad(lambda x: inner.pdf(x) * (x * outer.cdf(x) - mean * outer1.cdf(x)), lo, hi, **opts)[0]
        cdf = lambda d: integrate.quad(lambda x: inner.pdf(x) * outer.cdf(x + d), lo, hi, **opts)[0]
    else:
        chance = integrate.quad(lambda y: inner.pdf(y) * outer.cdf(y), lo, hi, **opts)[0]
        # E[max(0, C - T)] = integral of f_T(y) * E[max(0, C - y)]
        loss = integrate.quad(lambda y: inner.pdf(y) * (mean * outer1.sf(y) - y * outer.sf(y)), lo, hi, **opts)[0]
        cdf = lambda d: integrate.quad(lambda y: inner.pdf(y) * outer.sf(y - d), lo, hi, **opts)[0]
    tail = (1 - confidence) / 2
    center = bt.mean() - bc.mean()
    span = 20 * math.sqrt(bc.var() + bt.var())
    q = lambda p: optimize.brentq(lambda d: cdf(d) - p, center - span, center + span, xtol=1e-15, rtol=1e-13)
    interval = [q(tail), q(1 - tail)]

    rng = np.random.default_rng(20261206)
    draws = 4_000_000
    d = bt.rvs(draws, random_state=rng) - bc.rvs(draws, random_state=rng)
    checks = {
        'chance': (chance, (d > 0).mean(), math.sqrt(chance * (1 - chance) / draws)),
        'loss': (loss, np.maximum(0, -d).mean(), np.maximum(0, -d).std() / math.sqrt(draws)),
    }
    for name, (value, mc, se) in checks.items():
        if abs(value - mc) > 5 * se + 1e-12:
            sys.exit(f"{case['name']}: {name} {value} but Monte Carlo {mc} (se {se})")
    for p, end in zip((tail, 1 - tail), interval):
        if abs((d <= end).mean() - p) > 5 * math.sqrt(p * (1 - p) / draws):
            sys.exit(f"{case['name']}: interval end {end} holds {(d <= end).mean()} of the draws, not {p}")
    return {
        **case,
        'confidence': confidence,
        'chanceToBeat': chance,
        'expectedLoss': loss,
        'credibleInterval': interval,
    }


def main():
    data = {
        'generator': 'scripts/bayes-reference.py',
        'versions': {'python': sys.version.split()[0], 'scipy': scipy.__version__, 'numpy': np.__version__},
        'bayesProportions': [readout(case) for case in CASES],
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        f.write('{\n')
        f.write(f'  "generator": {json.dumps(data["generator"])},\n')
        f.write(f'  "versions": {json.dumps(data["versions"])},\n')
        rows = ',\n'.join('    ' + json.dumps(row, allow_nan=False) for row in data['bayesProportions'])
        f.write(f'  "bayesProportions": [\n{rows}\n  ]\n')
        f.write('}\n')
    print('wrote', os.path.normpath(OUT))


if __name__ == '__main__':
    main()
