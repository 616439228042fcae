"""Streaming push against each server's own bulk loader, on the same quads (run on demand, not a timed test).

    .venv/bin/python benchmarks/bench_remote.py --organisations 100000 [--servers oxigraph virtuoso] [--chunk-mb 16]

Per server: a fresh, empty server; (a) ``owlgraph push --store`` (a child process; its peak RSS is the client
memory) into one named graph; (b) the server's own bulk loader on the same triples as one N-Triples file:
``oxigraph load`` into a new store directory, Virtuoso ``ld_dir`` + ``rdf_loader_run()`` through ``isql-vt``.
Prints the ratios push / bulk load and the client's peak memory. The store is made with ``owlgraph synthetic``
+ ``owlgraph import`` (seed 42) unless ``--store`` names one.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # tests/servers.py knows how to start Virtuoso on loopback
BIN = Path(sys.executable).parent
GRAPH = "https://example.org/bench/regional"


def make_store(n: int, work: Path) -> Path:
    subprocess.run([BIN / "owlgraph", "synthetic", "-o", work / "csv", "--organisations", str(n)], check=True)
    subprocess.run([BIN / "owlgraph", "import", work / "csv", "--store", work / "store", "--no-progress"], check=True)
    return work / "store"


def write_ntriples(store_dir: Path, path: Path) -> int:
    from owlgraph.store.dump import iter_chunks
    from owlgraph.store.embedded import open_store, to_oxigraph

    ds = open_store(store_dir, create=False)
    count = 0
    with path.open("wb") as fh:
        for chunk in iter_chunks(to_oxigraph(ds)):
            fh.write(chunk.data)
            count += chunk.statements
    ds.close()
    return count


#: Runs a command and prints the peak RSS of it alone (its own child), in KB, on the last line of stderr.
_MEASURE = (
    "import resource, subprocess, sys; code = subprocess.call(sys.argv[1:]); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(code)"
)


#: The owlgraph command with INFO logging: push logs how long the staging and the MOVE took.
_LOGGED = (
    "import logging, sys; logging.basicConfig(level=logging.INFO, format='%(message)s'); "
    "from owlgraph.cli import main; sys.exit(main(sys.argv[1:]))"
)


def timed_push(store_dir: Path, endpoint: str, chunk_mb: float, extra: list[str]) -> dict:
    t = time.perf_counter()
    command = [sys.executable, "-c", _LOGGED, "push", "--store", store_dir, "--endpoint", endpoint, "--graph", GRAPH]
    command += ["--chunk-mb", str(chunk_mb), "--timeout", "600", "--no-progress", *extra]
    done = subprocess.run([sys.executable, "-c", _MEASURE, *map(str, command)], capture_output=True, text=True)
    seconds = time.perf_counter() - t
    *rest, peak_kb = done.stderr.strip().splitlines()
    return {
        "seconds": seconds,
        "client_peak_mb": int(peak_kb) / 1024,
        "ok": done.returncode == 0,
        "output": (done.stdout + "\n".join(rest)).strip()[-300:],
    }


def bench_oxigraph(store_dir: Path, nt: Path, work: Path, chunk_mb: float) -> dict:
    from owlgraph.sparql.server import oxigraph_executable, serve

    with serve(read_only=False, location=work / "oxigraph-push") as server:
        push = timed_push(store_dir, server.url, chunk_mb, [])
    t = time.perf_counter()
    subprocess.run(
        [oxigraph_executable(), "load", "--location", work / "oxigraph-native", "--file", nt],
        check=True,
        capture_output=True,
    )
    return {"push": push, "native_seconds": time.perf_counter() - t}


def bench_virtuoso(store_dir: Path, nt: Path, work: Path, chunk_mb: float) -> dict:
    from servers import VIRTUOSO_TEMPLATE, virtuoso_ini

    from owlgraph.sparql.server import free_port

    results = {}
    for phase in ("push", "native"):
        directory = work / f"virtuoso-{phase}"
        directory.mkdir()
        http_port, sql_port = free_port(), free_port()
        (directory / "virtuoso.ini").write_text(
            virtuoso_ini(VIRTUOSO_TEMPLATE.read_text(), directory, sql_port, http_port)
        )
        process = subprocess.Popen(
            [shutil.which("virtuoso-t"), "+foreground", "+configfile", directory / "virtuoso.ini"],
            cwd=directory,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(f"http://127.0.0.1:{http_port}/sparql?query=ASK%7B%7D")
            if phase == "push":
                import os

                os.environ.update(OWLGRAPH_SPARQL_USER="dba", OWLGRAPH_SPARQL_PASSWORD="dba")
                results["push"] = timed_push(store_dir, f"http://127.0.0.1:{http_port}/sparql-auth", chunk_mb, [])
            else:
                shutil.copy(nt, directory / "data.nt")
                sql = f"ld_dir('{directory}', 'data.nt', '{GRAPH}'); rdf_loader_run(); checkpoint;"
                t = time.perf_counter()
                subprocess.run(
                    [shutil.which("isql-vt"), str(sql_port), "dba", "dba", f"exec={sql}"],
                    check=True,
                    capture_output=True,
                )
                results["native_seconds"] = time.perf_counter() - t
        finally:
            process.terminate()
            process.wait(timeout=60)
    return results


def wait_for(url: str, seconds: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=100_000)
    parser.add_argument("--store", type=Path, help="an existing store (default: make one with synthetic + import)")
    parser.add_argument("--servers", nargs="+", default=["oxigraph", "virtuoso"], choices=["oxigraph", "virtuoso"])
    parser.add_argument("--chunk-mb", type=float, default=16)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "remote.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="owlgraph-bench-remote-") as tmp:
        work = Path(tmp)
        store_dir = args.store or make_store(args.organisations, work)
        nt = work / "data.nt"
        triples = write_ntriples(store_dir, nt)
        rows = {"organisations": args.organisations, "triples": triples, "chunk_mb": args.chunk_mb}
        for name in args.servers:
            row = (bench_oxigraph if name == "oxigraph" else bench_virtuoso)(store_dir, nt, work, args.chunk_mb)
            row["push_over_native"] = row["push"]["seconds"] / row["native_seconds"]
            rows[name] = row
            print(
                f"{name}: push {row['push']['seconds']:.1f} s ({'ok' if row['push']['ok'] else 'FAILED'}), "
                f"client peak {row['push']['client_peak_mb']:.0f} MB; native bulk load {row['native_seconds']:.1f} s; "
                f"push/native {row['push_over_native']:.2f}x (goal <= 2x); memory goal <= 1024 MB",
                flush=True,
            )
            if not row["push"]["ok"]:
                print("  " + row["push"]["output"])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=2))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
