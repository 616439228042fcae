"""The CSV import into a RocksDB store directory against Oxigraph's own bulk loader (issue 17, item 4; run on demand).

    .venv/bin/python benchmarks/bench_disk_import.py --csv DIR [--work DIR] [--rounds 2] [--variants import oxigraph-load …]

``--csv`` is a folder of ``owlgraph synthetic`` CSV files. The same quads (the built-in graph plus the import, in
the data and provenance graphs) are written once as N-Quads and N-Triples files per graph; then each variant runs
in its own child process into a new store directory, and CPU time (user + system of the child and its children,
all threads) and wall time are recorded with the load average:

* ``import``: ``load_graph(tables=csv, path=DIR)``, what ``owlgraph import CSV --store DIR`` runs; ``import-base``
  the same with the owlgraph source tree given as ``--base`` (e.g. ``git archive COMMIT | tar -x -C DIR``);
* ``chunked``: the converted N-Triples of the data graph loaded with ``Store.bulk_load`` in files of 100,000 lines
  and more, each a quarter longer (the loading pattern of the pipelined import, without the conversion);
* ``one-load``: one ``Store.bulk_load`` of the N-Quads file;
* ``per-graph``: one ``Store.bulk_load(to_graph=…)`` per graph of the N-Triples files;
* ``oxigraph-load``: ``oxigraph load --location DIR --file quads.nq``, the CLI bulk loader (the reference).

Variants alternate round by round, so that a change of load on the shared machine hits them alike. Prints one line
per run and, at the end, each variant's median CPU and wall time as a ratio to ``oxigraph-load``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VARIANTS = ["import", "import-base", "chunked", "chunked-1m", "one-load", "per-graph", "oxigraph-load"]


def _prepare(csv: Path, work: Path) -> dict:
    """The import's quads as one N-Quads file and as N-Triples files per graph (written once, reused)."""
    import pyoxigraph as ox

    from owlgraph.store.loading import load_graph

    files = {"nquads": work / "quads.nq", "graphs": {}}
    graphs = work / "graphs.json"
    if graphs.exists() and files["nquads"].exists():
        files["graphs"] = json.loads(graphs.read_text())
        return files
    store = load_graph(tables=csv)  # in memory: the reference content
    inner = store.store._inner
    inner.dump(output=str(files["nquads"]), format=ox.RdfFormat.N_QUADS)
    for index, graph in enumerate(inner.named_graphs()):
        path = work / f"graph-{index}.nt"
        inner.dump(output=str(path), format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
        files["graphs"][graph.value] = str(path)
    graphs.write_text(json.dumps(files["graphs"]))
    return files


def _run_variant(variant: str, csv: Path, files: dict, location: Path) -> None:
    """One load into a new store directory at ``location`` (in the child process)."""
    import pyoxigraph as ox

    if variant.startswith("import"):
        from owlgraph.store.loading import load_graph

        graph = load_graph(tables=csv, path=location, progress=False)
        graph.close()
        return
    if variant == "oxigraph-load":
        oxigraph = Path(sys.executable).with_name("oxigraph")
        subprocess.run([oxigraph, "load", "--location", location, "--file", files["nquads"]], check=True)
        return
    store = ox.Store(str(location))
    if variant == "one-load":
        store.bulk_load(path=files["nquads"], format=ox.RdfFormat.N_QUADS)
    elif variant == "per-graph":
        for graph, path in files["graphs"].items():
            store.bulk_load(path=path, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph))
    elif variant.startswith("chunked"):
        first = 1_000_000 if variant == "chunked-1m" else 100_000
        for graph, path in files["graphs"].items():
            if not graph.endswith("/data"):  # the import loads the provenance graph in one file
                store.bulk_load(path=path, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph))
                continue
            lines = Path(path).read_text(encoding="utf-8").splitlines(keepends=True)
            start, number = 0, 0
            while start < len(lines):
                end = start + int(first * 1.25**number)
                chunk = location.with_suffix(".chunk.nt")
                chunk.write_text("".join(lines[start:end]), encoding="utf-8")
                store.bulk_load(path=str(chunk), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph))
                chunk.unlink()
                start, number = end, number + 1
    store.flush()


def _measure(variant: str, csv: Path, work: Path, base: Path | None) -> dict:
    location = work / f"store-{variant}"
    shutil.rmtree(location, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            variant,
            "--csv",
            str(csv),
            "--work",
            str(work),
            "--location",
            str(location),
            *(["--base", str(base)] if base else []),
        ],
        check=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    size = sum(f.stat().st_size for f in location.rglob("*") if f.is_file())
    shutil.rmtree(location, ignore_errors=True)
    return {"variant": variant, "cpu": cpu, "wall": wall, "store_mb": size / 1e6, "load": os.getloadavg()[0]}


def _optimize(csv: Path, work: Path) -> None:
    """The named queries on an imported store, before and after ``Store.optimize()`` (CPU of this process)."""
    from owlgraph.sparql.queries import named_queries, select_rows
    from owlgraph.store.embedded import open_store, to_oxigraph
    from owlgraph.store.loading import load_graph

    location = work / "store-optimize"
    shutil.rmtree(location, ignore_errors=True)
    load_graph(tables=csv, path=location, progress=False).close()

    def queries(label: str) -> None:
        ds = open_store(location, create=False)
        cpu, wall = time.process_time(), time.perf_counter()
        for name in named_queries():
            select_rows(ds, name)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        print(
            f"{label:16} {len(named_queries())} queries: CPU {cpu:6.2f} s  wall {wall:6.2f} s  load {os.getloadavg()[0]:.1f}"
        )
        ds.close()

    queries("not optimized")
    queries("again")
    ds = open_store(location, create=False)
    cpu, wall = time.process_time(), time.perf_counter()
    to_oxigraph(ds).optimize()
    print(f"optimize(): CPU {time.process_time() - cpu:.2f} s  wall {time.perf_counter() - wall:.2f} s")
    ds.close()
    queries("optimized")
    queries("again")
    shutil.rmtree(location, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, required=True)
    parser.add_argument("--work", type=Path, default=Path("/tmp/owlgraph-bench-disk-import"))
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--variants", nargs="+", choices=VARIANTS, default=VARIANTS)
    parser.add_argument(
        "--optimize", action="store_true", help="time the named queries before and after Store.optimize()"
    )
    parser.add_argument(
        "--base", type=Path, help="an older owlgraph source tree (git archive COMMIT) for the import-base variant"
    )
    parser.add_argument("--child", choices=VARIANTS, help=argparse.SUPPRESS)
    parser.add_argument("--location", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    if args.child == "import-base":
        sys.path.insert(0, str(args.base))
    variants = [v for v in args.variants if v != "import-base" or args.base]
    files = _prepare(args.csv, args.work)
    if args.child:
        _run_variant(args.child, args.csv, files, args.location)
        return
    if args.optimize:
        _optimize(args.csv, args.work)
        return
    runs = []
    for round_ in range(args.rounds):
        for variant in variants:
            run = _measure(variant, args.csv, args.work, args.base)
            runs.append(run)
            print(
                f"round {round_ + 1} {variant:14} CPU {run['cpu']:7.2f} s  wall {run['wall']:7.2f} s  "
                f"store {run['store_mb']:6.0f} MB  load {run['load']:.1f}",
                flush=True,
            )
    median = {
        v: (
            statistics.median(r["cpu"] for r in runs if r["variant"] == v),
            statistics.median(r["wall"] for r in runs if r["variant"] == v),
        )
        for v in variants
    }
    base = median.get("oxigraph-load")
    for variant, (cpu, wall) in median.items():
        ratio = f"  ×{cpu / base[0]:.2f} CPU, ×{wall / base[1]:.2f} wall of oxigraph load" if base else ""
        print(f"median {variant:14} CPU {cpu:7.2f} s  wall {wall:7.2f} s{ratio}")


if __name__ == "__main__":
    main()
