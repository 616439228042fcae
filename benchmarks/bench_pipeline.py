"""owlgraph's pipeline end to end against the obvious hand-written stack (run on demand, not a timed test).

    .venv/bin/python benchmarks/bench_pipeline.py --sizes 1000 10000 100000 [--obvious-limit 300] [--out benchmarks/results]
    .venv/bin/python benchmarks/bench_pipeline.py --sizes 1000000 --obvious-limit 600 --merge   # add the 1M row

Per size (number of organisations): generate the synthetic CSVs (owlgraph.store.synthetic), write them once as
N-Triples, then run, each in its own child process so that peak memory is per stack:

* owlgraph: ``load_graph(tables=csv_dir)`` (the CSV import, the ontology and the built-in sectors it uses
  in one new store; not the article since decision record 29) → every named competency query → ``cooperation_network(evidence=False)`` → centralities → HTML view of the top 500 nodes
  (``select_subnetwork`` + ``views.write_html``);
* obvious: rdflib's in-memory ``Graph`` parsing the same N-Triples (plus ``builtin.nt``: the ontology and sectors) → the same
  queries with ``Graph.query`` → ``rdflib_to_networkx_graph`` → the same centralities → pyvis
  ``Network.from_nx`` + ``write_html`` on the top 500 by degree; capped at ``--obvious-limit`` seconds;
* native: pyoxigraph's ``Store.bulk_load`` of the same triples as N-Triples files (``builtin.nt`` and the
  import; the reference for the import).

The obvious stack runs under a memory cap (``--obvious-memory-gb``, an address-space limit) as well as a time
budget, so that at a million organisations it stops with a note instead of exhausting the machine.

Centralities for both stacks: degree and betweenness from ``k=min(16, n)`` sampled sources (seed 42),
because exact betweenness is O(VE) and each sampled source costs a BFS over the whole graph
(see :data:`BETWEENNESS_SAMPLES`). The import uses :mod:`owlgraph.store.tabular`'s defaults (compact row
provenance, core materialisation); the per-query times of the owlgraph stack go to the JSON. Peak RSS per step is read from ``VmHWM`` after resetting it through
``/proc/self/clear_refs`` (tracemalloc would miss Oxigraph's Rust allocations).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
STEPS = {
    "owlgraph": ["import", "queries", "projection", "centralities", "view"],
    "obvious": ["import", "queries", "projection", "centralities", "view"],
    "native": ["import"],
}


# ---------------------------------------------------------------------------------------------- child
def _reset_peak() -> None:
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        pass


def _peak_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


#: Sampled sources for betweenness, the same for both stacks. Each source costs one BFS over the whole
#: graph (O(E)); with 500 sources the 10k-organisation run spent 37 s here, and a 1M-node graph would take
#: hours, so the estimate uses few sources: enough to rank the brokers of a heavy-tailed network, not
#: to report betweenness values to two digits.
BETWEENNESS_SAMPLES = 16


def _centralities(G, *, owlgraph: bool = False):
    """The same measures for both stacks: owlgraph's sampled betweenness equals NetworkX's to 1e-12
    (same sources, same scaling) but counts paths in igraph's C core."""
    import networkx as nx

    k = min(BETWEENNESS_SAMPLES, len(G))
    if owlgraph:
        from owlgraph.network.analysis import sampled_betweenness

        betweenness = sampled_betweenness(G, k, seed=42)
    else:
        betweenness = nx.betweenness_centrality(G, k=k, seed=42)
    return {"degree": nx.degree_centrality(G), "betweenness": betweenness}


#: How the owlgraph stack projects: "networkx" (``cooperation_network``, the whole network as a NetworkX
#: graph) or "compact" (:mod:`owlgraph.network.compact`: arrays, NetworkX only for the nodes viewed).
#: The disk-backed run (OWLGRAPH_BENCH_DISK=1) projects compactly unless OWLGRAPH_BENCH_PROJECTION says otherwise.
PROJECTION = os.environ.get(
    "OWLGRAPH_BENCH_PROJECTION", "compact" if os.environ.get("OWLGRAPH_BENCH_DISK") == "1" else "networkx"
)


def _fingerprint(H) -> dict:
    """What the view shows, to compare two ways of computing it: the nodes, the edges with their
    attributes, and the degree (betweenness may differ in the last bits, as igraph sums in another order)."""
    import hashlib

    nodes = sorted((n, d["label"], d["type"], d["degree"]) for n, d in H.nodes(data=True))
    edges = sorted((*sorted((u, v)), d["weight"], d["relations"], d["via"]) for u, v, d in H.edges(data=True))
    digest = hashlib.sha256(repr((nodes, edges)).encode()).hexdigest()[:16]
    return {"view_nodes": len(nodes), "view_edges": len(edges), "view_sha": digest}


def _child(stack: str, csv_dir: Path, nt: Path, builtin: Path, html: Path, log: Path) -> None:
    from owlgraph.core.namespaces import sparql_prefixes
    from owlgraph.sparql.queries import named_queries

    state: dict = {}

    def step(name, fn):
        _reset_peak()
        t, cpu = time.perf_counter(), time.process_time()
        extra = fn()
        record = {
            "step": name,
            "seconds": time.perf_counter() - t,
            "cpu_seconds": time.process_time() - cpu,  # all threads of this process (the RocksDB ones too)
            "peak_rss_mb": _peak_mb(),
            "load_average": os.getloadavg()[0],
        }
        if isinstance(extra, dict):
            record.update(extra)
        with open(log, "a") as fh:
            fh.write(json.dumps(record) + "\n")

    if stack == "native" and os.environ.get("OWLGRAPH_BENCH_DISK") == "1":
        import shutil

        location = html.parent / "native-store"
        shutil.rmtree(location, ignore_errors=True)
        oxigraph = Path(sys.executable).with_name("oxigraph")  # the oxigraph package's CLI, next to this Python

        def native_cli():  # the server's own bulk loader into a RocksDB directory: the physical limit
            subprocess.run([oxigraph, "load", "--location", location, "--file", builtin, nt], check=True)
            used = resource.getrusage(resource.RUSAGE_CHILDREN)
            return {
                "children_peak_rss_mb": used.ru_maxrss / 1024,  # the loader's own peak
                "children_cpu_seconds": used.ru_utime + used.ru_stime,
            }

        step("import", native_cli)
        shutil.rmtree(location, ignore_errors=True)
        return
    if stack == "native":
        import pyoxigraph as ox

        def native():
            store = state.setdefault("s", ox.Store())
            for path in (builtin, nt):
                store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES)

        step("import", native)
        return
    queries = named_queries()
    if stack == "owlgraph":
        from owlgraph.network.builders import cooperation_network
        from owlgraph.network.subnetwork import select_subnetwork
        from owlgraph.sparql.queries import select_rows
        from owlgraph.store.loading import load_graph
        from owlgraph.views.page import write_html

        # OWLGRAPH_BENCH_DISK=1: the disk-backed store (RocksDB, as `owlgraph import --store DIR`), not memory
        on_disk = html.parent / "store" if os.environ.get("OWLGRAPH_BENCH_DISK") == "1" else None
        if on_disk is not None:
            import shutil

            shutil.rmtree(on_disk, ignore_errors=True)  # a store left by an earlier run in --work

        def load():
            state.update(ds=load_graph(tables=csv_dir, progress=False, path=on_disk))
            # the CSV conversion runs in a child process next to the loader: its peak counts too
            return {"children_peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}

        step("import", load)

        def run_queries():
            times = {}
            for name in queries:
                t = time.perf_counter()
                select_rows(state["ds"], name)
                times[name] = round(time.perf_counter() - t, 3)
            return {"query_seconds": times}

        step("queries", run_queries)
        if PROJECTION == "compact":  # the whole network as arrays; NetworkX only for the 500 nodes viewed
            from owlgraph.network.compact import read_cooperation_network

            def compact_projection():
                net = state["net"] = read_cooperation_network(state["ds"])
                return {"nodes": len(net), "edges": net.number_of_edges()}

            def compact_view():
                net, c = state["net"], state["c"]
                H = select_subnetwork(net.subnetwork(net.top(500, score=c["degree"]), measures=c), top=500)
                write_html(H, html)
                return _fingerprint(H)

            step("projection", compact_projection)
            step("centralities", lambda: state.update(c=state["net"].centralities(k=BETWEENNESS_SAMPLES, seed=42)))
            step("view", compact_view)
            return

        def projection():
            G = state["G"] = cooperation_network(state["ds"], evidence=False)
            return {"nodes": len(G), "edges": G.number_of_edges()}

        step("projection", projection)

        def view():
            G = state["G"]
            for name, values in state["c"].items():
                for node, v in values.items():
                    G.nodes[node][name] = v
            H = select_subnetwork(G, top=500)
            write_html(H, html)
            return _fingerprint(H)

        step("centralities", lambda: state.update(c=_centralities(state["G"], owlgraph=True)))
        step("view", view)
        return
    import rdflib
    from rdflib.extras.external_graph_libs import rdflib_to_networkx_graph

    def parse():
        g = state["g"] = rdflib.Graph()
        g.parse(builtin, format="nt")
        g.parse(nt, format="nt")

    def obvious_view():
        from pyvis.network import Network

        G = state["G"]
        top = sorted(G.degree, key=lambda nd: -nd[1])[:500]
        H = nx.Graph()
        for n, _ in top:
            H.add_node(str(n), label=str(n).rsplit("/", 1)[-1], title=f"betweenness {state['c']['betweenness'][n]:.4f}")
        keep = {n for n, _ in top}
        H.add_edges_from((str(u), str(v)) for u, v in G.subgraph(keep).edges)
        net = Network()
        net.from_nx(H)
        net.write_html(str(html), open_browser=False, notebook=False)

    import networkx as nx

    cap = int(float(os.environ["OBVIOUS_MEMORY_GB"]) * 2**30)
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))  # a soft cap, lifted again to write the note below
    try:
        step("import", parse)
    except MemoryError:  # say how far it got: the triples parsed when the cap was reached
        parsed = len(state.pop("g"))
        resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
        note = log.with_suffix(".stopping")
        note.write_text(json.dumps({"triples_parsed": parsed}))
        note.replace(log.with_suffix(".stopped"))  # whole or absent, even if this write fails too
        sys.exit(MEMORY_EXIT)
    step("queries", lambda: [list(state["g"].query(sparql_prefixes() + q.text)) for q in queries.values()])
    step("projection", lambda: state.update(G=rdflib_to_networkx_graph(state["g"])))
    step("centralities", lambda: state.update(c=_centralities(state["G"])))
    step("view", obvious_view)


# --------------------------------------------------------------------------------------------- parent
MEMORY_EXIT = 3


def run_stack(
    stack: str, csv_dir: Path, nt: Path, builtin: Path, work: Path, limit: float | None, memory_gb: float = 0
) -> dict:
    log = work / f"{stack}.jsonl"
    log.unlink(missing_ok=True)
    log.with_suffix(".stopped").unlink(missing_ok=True)
    cmd = [
        sys.executable,
        __file__,
        "--child",
        stack,
        str(csv_dir),
        str(nt),
        str(builtin),
        str(work / f"{stack}.html"),
        str(log),
    ]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, "OBVIOUS_MEMORY_GB": str(memory_gb)})
    try:
        rc = proc.wait(timeout=limit)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        rc = None
    wall = time.perf_counter() - t
    steps = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    finished = rc == 0 and len(steps) == len(STEPS[stack])
    result = {
        "steps": steps,
        "finished": finished,
        "wall_seconds": wall,
        "total_seconds": sum(s["seconds"] for s in steps),
        "peak_rss_mb": max((s["peak_rss_mb"] for s in steps), default=0.0),
    }
    if not finished:
        current = STEPS[stack][len(steps)] if len(steps) < len(STEPS[stack]) else steps[-1]["step"]
        reason = "time budget" if rc is None else f"memory cap {memory_gb:g} GB" if rc == MEMORY_EXIT else f"exit {rc}"
        result["note"] = f"did not finish: got to step '{current}' and stopped there after {wall:.0f} s ({reason})"
        stopped = log.with_suffix(".stopped")
        if stopped.exists():
            result["triples_parsed"] = json.loads(stopped.read_text())["triples_parsed"]
            result["note"] += f", with {result['triples_parsed']:,} triples parsed"
    return result


#: What builtin.nt holds (a kept --work folder with another value gets it rewritten): what ``load_graph(tables=…)``
#: loads next to the tables, the ontology and the built-in sectors the CSVs use (not the article: decision record 29).
BUILTIN_KIND = "ontology and used built-in sectors"


def builtin_ntriples(path: Path, csv_dir: Path) -> None:
    """Write what ``load_graph(tables=csv_dir)`` adds to the tables, so that every stack loads the same triples."""
    import csv

    import pyoxigraph as ox

    from owlgraph.store.builtins import builtin_quads
    from owlgraph.store.mapping import builtin_sectors

    used: set[str] = set()
    for name in ("organisations.csv", "initiatives.csv"):
        with open(csv_dir / name, encoding="utf-8", newline="") as fh:
            used.update(row.get("sector") or "" for row in csv.DictReader(fh))
    quads = builtin_quads([s for s in builtin_sectors() if s in used])
    ox.serialize(
        [ox.Triple(q.subject, q.predicate, q.object) for q in quads], output=str(path), format=ox.RdfFormat.N_TRIPLES
    )


def prepare_inputs(n: int, work: Path) -> dict:
    """The synthetic CSVs, their N-Triples and the built-in ontology and sectors in ``work``; reused when a run left them there."""
    from owlgraph.store.synthetic import generate
    from owlgraph.store.tabular import write_ntriples

    made = work / "inputs.json"  # written last: its presence means the inputs are whole
    if made.exists():
        inputs = json.loads(made.read_text())
        if inputs.get("builtin") != BUILTIN_KIND:  # left by a run that loaded the article next to the tables
            builtin_ntriples(work / "builtin.nt", work / "csv")
            inputs["builtin"] = BUILTIN_KIND
            made.write_text(json.dumps(inputs))
        return inputs
    t = time.perf_counter()
    counts = generate(work / "csv", organisations=n, seed=42)
    gen = time.perf_counter() - t
    t = time.perf_counter()
    triples = write_ntriples(work / "csv", work / "data.nt", progress=False)
    convert = time.perf_counter() - t
    builtin_ntriples(work / "builtin.nt", work / "csv")
    inputs = {
        "counts": counts,
        "triples": triples,
        "generate_seconds": gen,
        "write_ntriples_seconds": convert,
        "builtin": BUILTIN_KIND,
    }
    made.write_text(json.dumps(inputs))
    return inputs


def bench_size(n: int, work: Path, limit: float | None, memory_gb: float) -> dict:
    inputs = prepare_inputs(n, work)
    counts, triples, gen, convert = (
        inputs[k] for k in ("counts", "triples", "generate_seconds", "write_ntriples_seconds")
    )
    csv_dir, nt, builtin = work / "csv", work / "data.nt", work / "builtin.nt"
    row = {
        "organisations": n,
        "rows": counts,
        "triples": triples,
        "generate_seconds": gen,
        "write_ntriples_seconds": convert,
    }
    row["store"] = "disk" if os.environ.get("OWLGRAPH_BENCH_DISK") == "1" else "memory"
    row["projection"] = PROJECTION
    row["native"] = run_stack("native", csv_dir, nt, builtin, work, None)
    row["owlgraph"] = run_stack("owlgraph", csv_dir, nt, builtin, work, None)
    if limit == 0:  # --obvious-limit 0: skip the obvious stack (it cannot finish at 1M anyway)
        row["obvious"] = {
            "steps": [],
            "finished": False,
            "wall_seconds": 0.0,
            "total_seconds": 0.0,
            "peak_rss_mb": 0.0,
            "note": "not run (--obvious-limit 0)",
        }
    else:
        row["obvious"] = run_stack("obvious", csv_dir, nt, builtin, work, limit, memory_gb)
    o, b = row["owlgraph"], row["obvious"]
    row["speedup"] = (
        (b["wall_seconds"] if not b["finished"] else b["total_seconds"]) / o["total_seconds"]
        if b["steps"] or b["finished"]
        else float("nan")
    )
    row["speedup_is_lower_bound"] = not b["finished"]
    row["memory_ratio"] = o["peak_rss_mb"] / b["peak_rss_mb"] if b["steps"] else None  # None: no step finished
    row["import_vs_native"] = (
        o["steps"][0]["seconds"] / row["native"]["steps"][0]["seconds"]
        if o["steps"] and row["native"]["steps"]
        else None
    )
    return row


def _key(row: dict) -> tuple[int, bool]:
    return row["organisations"], row.get("store", "memory") == "disk"


def targets(rows: list[dict]) -> list[str]:
    by = {r["organisations"]: r for r in sorted(rows, key=_key)}  # the disk-backed row where there is one
    out = []
    r = by.get(100_000)
    if r:
        ok = r["speedup"] >= 25 and r["memory_ratio"] is not None and r["memory_ratio"] <= 0.5
        bound = "≥" if r["speedup_is_lower_bound"] else ""
        # no memory ratio when the obvious stack finished no step (stopped by --obvious-limit): say so
        memory = "not measured" if r["memory_ratio"] is None else f"{r['memory_ratio']:.2f}"
        out.append(
            f"100k orgs: {bound}{r['speedup']:.1f}x faster (target ≥25x), memory {memory} of obvious "
            f"(target ≤0.5) -> {'HOLDS' if ok else 'DOES NOT HOLD'}"
        )
    else:
        out.append("100k orgs: not measured in this run")
    r = by.get(1_000_000)
    if r:
        ok = r["owlgraph"]["finished"] and r["owlgraph"]["total_seconds"] < 240 and r["owlgraph"]["peak_rss_mb"] < 6144
        out.append(
            f"1M orgs ({r.get('store', 'memory')} store): {r['owlgraph']['total_seconds']:.0f} s, "
            f"{r['owlgraph']['peak_rss_mb'] / 1024:.1f} GB (target <240 s, <6 GB) -> {'HOLDS' if ok else 'DOES NOT HOLD'}"
            + ("" if r["obvious"]["finished"] else f"; obvious stack {r['obvious']['note']}")
        )
    else:
        out.append("1M orgs: not measured in this run")
    for r in rows:
        if r["import_vs_native"] is None:
            continue
        if r["organisations"] < 100_000:  # fixed costs dominate: reading the facts, mapping and ontology
            out.append(
                f"{r['organisations']} orgs: import {r['import_vs_native']:.2f}x native bulk load "
                "(not a target below 100k: fixed costs — reading the ontology and the mapping — dominate)"
            )
            continue
        out.append(
            f"{r['organisations']} orgs: import {r['import_vs_native']:.2f}x native bulk load (target ≤1.5x) -> "
            f"{'HOLDS' if r['import_vs_native'] <= 1.5 else 'DOES NOT HOLD'}"
        )
    return out


def table(rows: list[dict]) -> str:
    lines = [
        f"{'orgs':>8} {'triples':>10} {'step':<13} {'owlgraph s':>10} {'MB':>7} {'obvious s':>10} {'MB':>7} {'ratio':>7}"
        f" {'CPU s':>7} {'load':>5}"
    ]
    for r in rows:
        obv = {s["step"]: s for s in r["obvious"]["steps"]}
        for s in r["owlgraph"]["steps"]:
            b = obv.get(s["step"])
            ratio = f"{b['seconds'] / s['seconds']:.1f}x" if b and s["seconds"] else "-"
            lines.append(
                f"{r['organisations']:>8} {r['triples']:>10} {s['step']:<13} {s['seconds']:>10.2f} {s['peak_rss_mb']:>7.0f} "
                f"{(b['seconds'] if b else float('nan')):>10.2f} {(b['peak_rss_mb'] if b else float('nan')):>7.0f} {ratio:>7}"
                f" {s.get('cpu_seconds', float('nan')):>7.1f} {s.get('load_average', float('nan')):>5.1f}"
            )
        o, b = r["owlgraph"], r["obvious"]
        total_b = f"{b['total_seconds']:.2f}" if b["finished"] else "DNF"
        lines.append(
            f"{r['organisations']:>8} {r['triples']:>10} {'TOTAL':<13} {o['total_seconds']:>10.2f} {o['peak_rss_mb']:>7.0f} "
            f"{total_b:>10} {(format(b['peak_rss_mb'], '.0f') if b['steps'] else '-'):>7} {('≥' if r['speedup_is_lower_bound'] else '') + format(r['speedup'], '.1f') + 'x':>7}"
        )
        lines.append(
            f"{'':>8} {r.get('store', 'memory')} store, {r.get('projection', 'networkx')} projection; "
            f"{'oxigraph load (CLI, RocksDB)' if r.get('store') == 'disk' else 'native bulk load'} "
            f"{r['native']['steps'][0]['seconds']:.2f} s, "
            f"{r['native']['steps'][0]['peak_rss_mb']:.0f} MB; import/native {r['import_vs_native']:.2f}x"
            + (f"; obvious {b['note']}" if not b["finished"] else "")
        )
    return "\n".join(lines)


def plot(rows: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax_t, ax_m) = plt.subplots(1, 2, figsize=(11, 4.5))
    x = [r["triples"] for r in rows]
    for stack, style in (("owlgraph", "o-"), ("obvious", "s--"), ("native", "^:")):
        secs = [r[stack]["total_seconds"] if r[stack]["finished"] else float("nan") for r in rows]
        mem = [r[stack]["peak_rss_mb"] if r[stack]["finished"] else float("nan") for r in rows]
        label = stack if stack != "native" else "pyoxigraph bulk_load only"
        ax_t.plot(x, secs, style, label=label)
        ax_m.plot(x, mem, style, label=label)
    for ax, title, unit in ((ax_t, "Pipeline time", "seconds"), (ax_m, "Peak memory (RSS)", "MB")):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("triples imported")
        ax.set_ylabel(unit)
        ax.set_title(title)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)


def main(argv=None) -> int:
    if argv is None and len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child(sys.argv[2], *map(Path, sys.argv[3:8]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--obvious-limit", type=float, default=300, help="seconds the obvious stack may take per size")
    parser.add_argument("--obvious-memory-gb", type=float, default=12, help="address-space cap of the obvious stack")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    parser.add_argument(
        "--merge",
        action="store_true",
        help="add these sizes to the rows already in OUT/pipeline.json (replacing the same sizes)",
    )
    parser.add_argument(
        "--work",
        type=Path,
        help="keep the synthetic inputs (CSVs, N-Triples) in WORK/SIZE and reuse them on the next run "
        "(default: a temporary folder per size, generated afresh)",
    )
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    for n in args.sizes:
        if args.work:  # kept: the synthetic inputs of this size are generated once and reused by the next run
            (args.work / str(n)).mkdir(parents=True, exist_ok=True)
            rows.append(bench_size(n, args.work / str(n), args.obvious_limit, args.obvious_memory_gb))
        else:
            with tempfile.TemporaryDirectory(prefix=f"owlgraph-bench-{n}-") as tmp:
                rows.append(bench_size(n, Path(tmp), args.obvious_limit, args.obvious_memory_gb))
        print(table(rows[-1:]), flush=True)
    if args.merge and (args.out / "pipeline.json").exists():
        measured = {_key(r) for r in rows}  # a disk-backed row sits next to the in-memory row of its size
        earlier = json.loads((args.out / "pipeline.json").read_text())["rows"]
        rows = sorted([r for r in earlier if _key(r) not in measured] + rows, key=_key)
    print()
    print(table(rows))
    verdicts = targets(rows)
    print("\n".join(verdicts))
    (args.out / "pipeline.json").write_text(
        json.dumps({"rows": rows, "targets": verdicts, "python": sys.version, "cpus": os.cpu_count()}, indent=2)
    )
    plot(rows, args.out / "pipeline.png")
    print(f"wrote {args.out / 'pipeline.json'} and {args.out / 'pipeline.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
