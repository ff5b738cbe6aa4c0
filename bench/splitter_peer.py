#!/usr/bin/python3
"""Peer of bench/splitter.bench.ts: the same hash splitter in Python with hashlib (standard library).

Usage: /usr/bin/python3 bench/splitter_peer.py N  → prints JSON {case: millions of units per second}.
"""
import hashlib, json, sys, time

N = int(sys.argv[1])
units = [f"user-{i}" for i in range(N)]


def bucket(key, unit):
    return int(hashlib.md5(f"{key}_{unit}".encode("utf-8")).hexdigest()[:8], 16)


def make_assign(salt, arms, weights, allocation):
    total = sum(weights)
    bounds, cumulative = [], 0
    for w in weights:
        cumulative += w / total
        bounds.append(cumulative)
    arm_key = salt + "_arm"

    def assign(unit):
        b = bucket(salt, unit)
        if b / 2**32 >= allocation:
            return None
        position, index = bucket(arm_key, unit) / 2**32, 0
        while index < len(arms) - 1 and position >= bounds[index]:
            index += 1
        return arms[index]
    return assign


def rate(fn):
    start = time.perf_counter()
    for u in units:
        fn(u)
    return N / (time.perf_counter() - start) / 1e6


assign = make_assign("checkout", ["control", "a", "b"], [2, 1, 1], 0.5)
print(json.dumps({"bucket": rate(lambda u: bucket("checkout", u)), "assign": rate(assign)}))
