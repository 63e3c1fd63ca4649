#!/usr/bin/env python3
"""Writes a `stowage simulate --flows` scenario of N flows that live through F capacity changes,
for the memory of bottleneck attribution (BM_CapacityFlips in bench/flow_scale_bench.cpp builds
the same network):

    bench/make_flips_scenario.py 10000 8000 /tmp/flips.yaml
    /usr/bin/time -v build/stowage simulate --flows /tmp/flips.yaml --format json > /dev/null

N flows of 10 to 20 GB start at 0, each through its own 25 Gbps NIC and one shared NAS, bounded
at 200 MB/s per connection. Every 10 ms the NAS's capacity changes between 1 TB/s (below the
flows' 2 TB/s of bounds for N = 10,000: the NAS limits them) and 4 TB/s (their bounds limit
them), so each flow's limit changes at nearly every change. Figures are illustrative timing
inputs, not predictions. Seeded: the same arguments give the same file.
"""
import random
import sys


def main():
    n, flips, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rng = random.Random(29)
    lines = ["constraints:", "  - {name: nas, capacity: 1TB/s}"]
    lines += [f"  - {{name: nic-{i}, capacity: 25Gbps}}" for i in range(n)]
    lines.append("flows:")
    lines += [f"  - {{id: load-{i}, size: {rng.randint(10000, 20000)}MB, via: [nas, nic-{i}], "
              f"bound: 200MB/s}}" for i in range(n)]
    lines.append("changes:")
    lines += [f"  - {{at: {10 * (k + 1)}ms, constraint: nas, "
              f"capacity: {'4TB/s' if k % 2 == 0 else '1TB/s'}}}" for k in range(flips)]
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
