"""make bench-client: how long the client takes to fetch a whole cascade into
DataFrames (run by tools/benchclient against a served benchmark dataset;
SUPPLYGRAPH_URL and SUPPLYGRAPH_API_KEY name the server)."""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date
from typing import Callable

import supplygraph


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--focal", required=True)
    p.add_argument("--code", required=True)
    p.add_argument("--as-of", type=date.fromisoformat, required=True)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--expect", type=int, default=0, help="entries the cascade must have")
    a = p.parse_args()
    one, paged = supplygraph.Client(), supplygraph.Client(page_size=1000)
    ways: list[tuple[str, int, Callable[[], supplygraph.Cascade]]] = [
        ("Client.cascade (export)", a.runs, lambda: one.cascade(a.focal, a.code, as_of=a.as_of)),
        ("GraphQL, one request", a.runs, lambda: one._cascade_graphql(a.focal, a.code, a.as_of, None)),
        ("GraphQL, pages of 1000", min(a.runs, 2), lambda: paged._cascade_graphql(a.focal, a.code, a.as_of, None)),
    ]
    # Warm up: the server answers from Neo4j (seconds per question) until its
    # snapshot is built, then from memory.
    deadline = time.monotonic() + 600
    while True:
        try:
            t0 = time.perf_counter()
            ways[0][2]()
            if time.perf_counter() - t0 < 10:
                break
        except (supplygraph.Timeout, supplygraph.Unavailable):
            if time.monotonic() > deadline:
                raise
    print(f"{'way':<26} {'entries':>8} {'runs':>5} {'median':>8} {'min':>8} {'max':>8}")
    for name, runs, fetch in ways:
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            r = fetch()
            times.append(time.perf_counter() - t0)
            if a.expect and len(r.entries) != a.expect:
                raise SystemExit(f"{name}: {len(r.entries)} entries, want {a.expect}")
        print(f"{name:<26} {len(r.entries):>8} {runs:>5} {statistics.median(times):>7.2f}s "
              f"{min(times):>7.2f}s {max(times):>7.2f}s", flush=True)


if __name__ == "__main__":
    main()
