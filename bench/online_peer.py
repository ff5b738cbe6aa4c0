#!/usr/bin/python3
"""numpy peer of ablab's simulateAATests for bench/online.bench.ts.
Reads a JSON list of cases {name, nExperiments, nPerArm, baseline, alpha, seed, repeats} on argv[1];
prints a JSON list {name, seconds (best of repeats), rejectionRate}. Same algorithm as ablab: binomial
counts per arm (numpy's Generator.binomial: inversion / BTPE), pooled two-proportion z test, reject when
|z| > z_{1-alpha/2}, written in numpy's vectorized style."""
import json, sys, time
import numpy as np
from scipy.stats import norm


def simulate(n_experiments, n_per_arm, baseline, alpha, seed):
    rng = np.random.default_rng(seed)
    successes = rng.binomial(n_per_arm, baseline, size=(2, n_experiments))
    a, b = successes[0], successes[1]
    pooled = (a + b) / (2 * n_per_arm)
    se = np.sqrt(pooled * (1 - pooled) * (2 / n_per_arm))
    with np.errstate(divide='ignore', invalid='ignore'):
        z = (b - a) / n_per_arm / se
    return np.mean(np.abs(z) > norm.isf(alpha / 2))  # NaN (0/0) compares False: no rejection


results = []
for case in json.loads(sys.argv[1]):
    best, rate = float('inf'), None
    for _ in range(case['repeats']):
        start = time.perf_counter()
        rate = simulate(case['nExperiments'], case['nPerArm'], case['baseline'], case['alpha'], case['seed'])
        best = min(best, time.perf_counter() - start)
    results.append({'name': case['name'], 'seconds': best, 'rejectionRate': float(rate)})
print(json.dumps(results))
