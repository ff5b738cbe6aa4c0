#!/usr/bin/python3
"""numpy peer of ablab's simulatePeeking (spawned by bench/sequential.bench.ts; needs Debian's python3-numpy/scipy).

Reads a JSON list of cases on stdin and prints one JSON line per case with its rejection rate and the
seconds the simulation took (interpreter start-up excluded). Two numpy implementations:
- 'blocks': the same algorithm as ablab, vectorised over experiments — per peek, each arm's block mean
  ~ N(mu, sd²/m) and the pooled within-block sum of squares ~ sd²·χ²(2m−2), accumulated with cumulative sums;
- 'raw': the textbook version that draws every observation and takes cumulative sums at the peeks.
"""
import json, math, sys, time
import numpy as np
from scipy import stats

def thresholds(case, sizes):
    """z² thresholds per peek (the mSPRT rule depends on s² and is applied separately)."""
    alpha, method = case['alpha'], case['method']
    if method == 'naive':
        return stats.t.ppf(1 - alpha / 2, 2 * sizes - 2) ** 2
    if method == 'confidenceSequence':
        l = -2 * math.log(alpha)
        r = sizes * (l + math.log1p(l)) / case['nPerArm']
        return (1 + 1 / r) * (np.log1p(r) - 2 * math.log(alpha))
    if method == 'groupSequential':
        return np.asarray(case['boundaries']) ** 2
    return None

def rejections(case, sizes, mean_a, mean_b, squares):
    """Experiments (rows) whose statistic crosses at some peek (columns); squares: pooled sums of squares."""
    n = sizes[None, :]
    se2 = squares / ((n - 1) * n)
    z2 = (mean_b - mean_a) ** 2 / se2
    if case['method'] == 'msprt':
        r = case['mixingVariance'] / se2
        crossed = 0.5 * z2 * r / (1 + r) - 0.5 * np.log1p(r) >= -math.log(case['alpha'])
    else:
        crossed = z2 >= thresholds(case, sizes)[None, :]
    return int(crossed.any(axis=1).sum())

def simulate_blocks(case, rng):
    sizes = np.asarray(case['peekSizes'], dtype=float)
    m = np.diff(sizes, prepend=0.0)
    shape = (case['nExperiments'], len(sizes))
    # Both arms' within-block sums of squares together ~ χ²(2m − 2): only their sum enters s².
    block_m2 = np.where(m > 1, rng.chisquare(np.maximum(2 * m - 2, 1), shape), 0.0)
    squares = np.cumsum(block_m2, axis=1)
    means = []
    for mu in (0.0, case['effect']):
        block_sum = m * mu + np.sqrt(m) * rng.standard_normal(shape)
        total = np.cumsum(block_sum, axis=1)
        squares = squares + np.cumsum(block_sum ** 2 / m, axis=1) - total ** 2 / sizes
        means.append(total / sizes)
    return rejections(case, sizes, means[0], means[1], squares)

def simulate_raw(case, rng):
    sizes = np.asarray(case['peekSizes'])
    idx = sizes - 1
    means, squares = [], 0.0
    for mu in (0.0, case['effect']):
        x = rng.standard_normal((case['nExperiments'], case['nPerArm'])) + mu
        total = np.cumsum(x, axis=1)[:, idx]
        squares = squares + np.cumsum(x * x, axis=1)[:, idx] - total ** 2 / sizes
        means.append(total / sizes)
    return rejections(case, sizes.astype(float), means[0], means[1], squares)

for case in json.load(sys.stdin):
    rng = np.random.default_rng(case['seed'])
    simulate = simulate_raw if case['variant'] == 'raw' else simulate_blocks
    start = time.perf_counter()
    count = simulate(case, rng)
    seconds = time.perf_counter() - start
    print(json.dumps({'name': case['name'], 'seconds': seconds, 'rate': count / case['nExperiments']}), flush=True)
