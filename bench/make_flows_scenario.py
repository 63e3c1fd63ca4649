#!/usr/bin/env python3
"""Writes a large `stowage simulate --flows` scenario twice: as one YAML file with a list of flows,
and as a small YAML of constraints beside a CSV of flows (the same flows, in the same order).

    bench/make_flows_scenario.py 100000 /tmp/flows100k
    /usr/bin/time -v build/stowage simulate --flows /tmp/flows100k/list.yaml > /dev/null
    /usr/bin/time -v build/stowage simulate --flows /tmp/flows100k/csv.yaml > /dev/null

The network: 1,000 hosts, each with a 25 Gbps NIC shared by the loads it runs, reading from one of
100 NAS file systems of 2 to 8 GB/s; each load is bounded at 200 MB/s per connection, starts at a
whole second in the first hour and reads 1 to 10 GB. Figures are illustrative timing inputs, not
predictions. Seeded: the same N gives the same files.
"""
import os
import random
import sys


def main():
    n = int(sys.argv[1])
    out = sys.argv[2]
    os.makedirs(out, exist_ok=True)
    rng = random.Random(17)
    hosts, nas = 1000, 100
    constraints = ["constraints:"]
    for k in range(nas):
        constraints.append(f"  - {{name: nas-{k}, capacity: {rng.randint(2000, 8000)}MB/s}}")
    for h in range(hosts):
        constraints.append(f"  - {{name: nic-{h}, capacity: 25Gbps}}")
    flows = []
    for i in range(n):
        h = rng.randrange(hosts)
        flows.append((f"load-{i}", f"{rng.randint(1000, 10000)}MB", f"{rng.randrange(3600)}s",
                      [f"nas-{h % nas}", f"nic-{h}"]))
    with open(os.path.join(out, "list.yaml"), "w") as f:
        f.write("\n".join(constraints) + "\nflows:\n")
        for fid, size, start, via in flows:
            f.write(f"  - {{id: {fid}, size: {size}, start: {start}, via: [{', '.join(via)}], "
                    f"bound: 200MB/s}}\n")
    with open(os.path.join(out, "csv.yaml"), "w") as f:
        f.write("\n".join(constraints) + "\nflows: flows.csv\n")
    with open(os.path.join(out, "flows.csv"), "w") as f:
        f.write("id,size,start,via,bound\n")
        for fid, size, start, via in flows:
            f.write(f"{fid},{size},{start},{';'.join(via)},200MB/s\n")


if __name__ == "__main__":
    main()
