#!/usr/bin/python3
"""Peer timings for bench/resampling.bench.ts: scipy.stats.bootstrap (vectorized numpy) on the same
paired data. Usage: /usr/bin/python3 bench/resampling_peer.py DATA.json  → JSON {case: seconds} on stdout.
batch=1000 is scipy's faster setting here (batch=None materialises 10^8 indices and runs ~4x slower)."""
import json, sys, time
import numpy as np
from scipy import stats

spec = json.load(open(sys.argv[1]))
a, b = np.asarray(spec['a']), np.asarray(spec['b'])

def mean_difference(x, y, axis=-1):
    return np.mean(x, axis=axis) - np.mean(y, axis=axis)

timings = {}
for method in spec['methods']:
    best = np.inf
    for repeat in range(spec['repeats']):
        start = time.perf_counter()
        stats.bootstrap((a, b), mean_difference, paired=True, vectorized=True, n_resamples=spec['nResamples'],
                        method=method, batch=1000, random_state=np.random.default_rng(repeat))
        best = min(best, time.perf_counter() - start)
    timings[method] = best
print(json.dumps(timings))
