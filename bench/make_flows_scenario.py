#!/usr/bin/env python3
"""Writes a large `stowage simulate --flows` scenario twice: as one YAML file with a list of flows,
and as a small YAML of constraints beside a CSV of flows (the same flows, in the same order).

    bench/make_flows_scenario.py 100000 /tmp/flows100k [--slots NAS:NIC] [--account SLOTS]
                                 [--window SECONDS]
    /usr/bin/time -v build/stowage simulate --flows /tmp/flows100k/list.yaml > /dev/null
    /usr/bin/time -v build/stowage simulate --flows /tmp/flows100k/csv.yaml > /dev/null

The network: 1,000 hosts, each with a 25 Gbps NIC shared by the loads it runs, reading from one of
100 NAS file systems of 2 to 8 GB/s; each load is bounded at 200 MB/s per connection, starts at a
whole second in the first hour and reads 1 to 10 GB. Figures are illustrative timing inputs, not
predictions. Seeded: the same N gives the same files.

Options (the same flows with or without them, so that files compare):
--slots NAS:NIC  a concurrency limit on every NAS and every NIC (`--slots 0:1`: none per NAS, one
                 load at a time per host).
--account SLOTS  every load also crosses one account (a FATPIPE of 1 TB/s: never the bottleneck,
                 and no tie between the loads' rates) that admits SLOTS loads at once (0: no
                 limit).
--window SECONDS the loads start at a whole second of the first SECONDS (default 3600).
--random-nas     each load reads a NAS drawn at random (from a stream of its own, so the hosts,
                 sizes and starts are those of the file without it) instead of NAS host % 100:
                 the network percolates into one component without saturating (issue 30's
                 percolating 100k-flow file; bench/flow_shapes.hpp's `percolating` is the same
                 shape from stowage's own random numbers).
The concurrency-limited case of issue 30 and its twin without the limits (40,000 loads in the
first minute, one at a time per host, 2,000 at once per account):
    bench/make_flows_scenario.py 40000 /tmp/limited --slots 0:1 --account 2000 --window 60
    bench/make_flows_scenario.py 40000 /tmp/unlimited --account 0 --window 60
"""
import os
import random
import sys


def main():
    args = sys.argv[1:]

    def option(name, default):
        if name not in args:
            return default
        i = args.index(name)
        value = args[i + 1]
        del args[i:i + 2]
        return value

    slots = [int(x) for x in option("--slots", "0:0").split(":")]
    account = option("--account", None)
    window = int(option("--window", "3600"))
    random_nas = "--random-nas" in args
    if random_nas:
        args.remove("--random-nas")
    n = int(args[0])
    out = args[1]
    os.makedirs(out, exist_ok=True)
    rng = random.Random(17)
    nas_rng = random.Random(31)
    hosts, nas = 1000, 100
    constraints = ["constraints:"]
    for k in range(nas):
        limit = f", concurrency: {slots[0]}" if slots[0] else ""
        constraints.append(
            f"  - {{name: nas-{k}, capacity: {rng.randint(2000, 8000)}MB/s{limit}}}")
    for h in range(hosts):
        limit = f", concurrency: {slots[1]}" if slots[1] else ""
        constraints.append(f"  - {{name: nic-{h}, capacity: 25Gbps{limit}}}")
    if account is not None:
        limit = f", concurrency: {account}" if int(account) else ""
        constraints.append(f"  - {{name: account, capacity: 1TB/s, sharing: fatpipe{limit}}}")
    flows = []
    for i in range(n):
        h = rng.randrange(hosts)
        k = nas_rng.randrange(nas) if random_nas else h % nas
        via = [f"nas-{k}", f"nic-{h}"] + (["account"] if account is not None else [])
        flows.append((f"load-{i}", f"{rng.randint(1000, 10000)}MB", f"{rng.randrange(window)}s",
                      via))
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
