"""Embedded store (Oxigraph under rdflib's API) vs rdflib's default in-memory store, on the named queries.

Usage: .venv/bin/python benchmarks/bench_sparql.py [--triples 1000000] [--budget 600]

Loads a generated graph of about one million triples (the article graph replicated) into each store and
runs every named competency query on both, printing both times and the ratio. The rdflib side runs in a
child process killed after --budget seconds (queries it did not reach are reported as such).
"""

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from replicated import replicated_ntriples

WORKER = r"""
import json, signal, sys, time
from owlgraph.core.namespaces import sparql_prefixes
from owlgraph.sparql.queries import named_queries
stack, path, query_budget = sys.argv[1], sys.argv[2], float(sys.argv[3])

class Timeout(Exception):
    pass

def alarm(*_):
    raise Timeout
signal.signal(signal.SIGALRM, alarm)
t = time.perf_counter()
if stack == "owlgraph":
    from owlgraph.store.loading import load_files
    graph = load_files([path])
else:
    import rdflib
    graph = rdflib.Graph()
    graph.parse(path, format="nt")
print(json.dumps({"step": "load", "seconds": time.perf_counter() - t}), flush=True)
for name, q in named_queries().items():
    t = time.perf_counter()
    signal.setitimer(signal.ITIMER_REAL, query_budget)
    try:
        rows = len(list(graph.query(sparql_prefixes() + q.text)))
    except Timeout:
        rows = None
    signal.setitimer(signal.ITIMER_REAL, 0)
    print(json.dumps({"step": name, "seconds": time.perf_counter() - t, "rows": rows}), flush=True)
rss = [l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1]
print(json.dumps({"step": "peak_rss_mb", "seconds": int(rss) / 1024}), flush=True)
"""


def run(stack: str, path: Path, budget: float, query_budget: float) -> dict:
    proc = subprocess.Popen(
        [sys.executable, "-c", WORKER, stack, str(path), str(query_budget)], stdout=subprocess.PIPE, text=True
    )
    results, start = {}, time.monotonic()
    try:
        import selectors

        sel = selectors.DefaultSelector()
        sel.register(proc.stdout, selectors.EVENT_READ)
        while time.monotonic() - start < budget:
            if not sel.select(timeout=1):
                continue
            line = proc.stdout.readline()
            if not line:
                break
            item = json.loads(line)
            results[item["step"]] = item
    finally:
        proc.kill()
        proc.wait()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--budget", type=float, default=900, help="seconds for each stack")
    parser.add_argument(
        "--query-budget", type=float, default=60, help="seconds for one query before it counts as unfinished"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "graph.nt"
        count = replicated_ntriples(args.triples, path)
        print(f"graph: {count:,} triples ({path.stat().st_size / 1e6:.0f} MB N-Triples)")
        ours = run("owlgraph", path, args.budget, args.query_budget)
        theirs = run("rdflib", path, args.budget, args.query_budget)
    steps = ["load", *[s for s in ours if s not in ("load", "peak_rss_mb")]]
    print(f"\n{'step':40} {'owlgraph (Oxigraph)':>20} {'rdflib default':>16} {'ratio':>8}")
    total_ours = total_theirs = 0.0
    for step in steps:
        a = ours.get(step, {}).get("seconds")
        b = theirs.get(step, {}).get("seconds")
        if step != "load" and theirs.get(step, {}).get("rows", 0) is None:
            print(
                f"{step:40} {a:19.2f}s {'> ' + format(args.query_budget, '.0f') + 's':>16}  > {args.query_budget / a:.0f}x"
            )
            total_ours += a
            continue
        total_ours += a or 0
        total_theirs += b or 0
        ratio = f"{b / a:7.1f}x" if a and b else "   n/a"
        b_text = f"{b:15.2f}s" if b is not None else "  did not finish"
        print(f"{step:40} {a:19.2f}s {b_text} {ratio}")
    print(f"{'total (steps both finished)':40} {total_ours:19.2f}s {total_theirs:15.2f}s")
    for name, res in (("owlgraph", ours), ("rdflib", theirs)):
        rss = res.get("peak_rss_mb", {}).get("seconds")
        print(f"peak memory {name}: {rss:.0f} MB" if rss else f"peak memory {name}: not reached (budget)")
    missing = [s for s in steps if s not in theirs]
    if missing:
        print(f"rdflib did not finish within {args.budget:.0f} s: {len(missing)} step(s) left, from '{missing[0]}'")


if __name__ == "__main__":
    main()
