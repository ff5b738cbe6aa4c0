#!/usr/bin/python3
"""numpy peer of bench/bandits.bench.ts: the same bandit regret simulations, vectorized across runs
(one numpy step per time step for all runs at once, the idiomatic fast numpy form).
Usage: bandits_peer.py POLICY HORIZON NRUNS SEED MEAN... ; prints 'seconds final_regret'."""
import sys, time
import numpy as np


def simulate(policy, means, horizon, n_runs, seed, epsilon=0.1):
    rng = np.random.default_rng(seed)
    k = len(means)
    rows = np.arange(n_runs)
    pulls = np.zeros((n_runs, k))
    successes = np.zeros((n_runs, k))
    best = means.max()
    cumulative = np.zeros(n_runs)
    curve = np.empty(horizon)
    for t in range(horizon):
        if policy == 'thompson':
            arms = rng.beta(successes + 1, pulls - successes + 1).argmax(axis=1)
        elif policy == 'epsilonGreedy':
            estimate = np.where(pulls > 0, successes / np.maximum(pulls, 1), np.inf)
            explore = rng.random(n_runs) < epsilon
            arms = np.where(explore, rng.integers(0, k, n_runs), estimate.argmax(axis=1))
        elif policy == 'ucb1':
            if t < k:
                arms = np.full(n_runs, t)
            else:
                arms = (successes / pulls + np.sqrt(2 * np.log(t) / pulls)).argmax(axis=1)
        else:
            arms = np.full(n_runs, t % k)
        rewards = rng.random(n_runs) < means[arms]
        pulls[rows, arms] += 1
        successes[rows, arms] += rewards
        cumulative += best - means[arms]
        curve[t] = cumulative.mean()
    return curve


if __name__ == '__main__':
    policy, horizon, n_runs, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    means = np.array([float(m) for m in sys.argv[5:]])
    start = time.perf_counter()
    curve = simulate(policy, means, horizon, n_runs, seed)
    print(f'{time.perf_counter() - start:.4f} {curve[-1]:.4f}')
