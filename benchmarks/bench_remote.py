"""Streaming push against each server's own bulk loader, on the same quads (run on demand, not a timed test).

    .venv/bin/python benchmarks/bench_remote.py --organisations 100000 [--servers oxigraph virtuoso]
        [--chunk-mb 16] [--transactional]

Per server, on a fresh empty server:

1. *fresh*: ``owlgraph push --store`` into an absent named graph (the fast path: straight into the target);
2. *replace*: the same push again, now onto the non-empty graph (staging graph, count, ``MOVE``);
3. *native*: the server's own bulk loader on the same triples as one N-Triples file: ``oxigraph load --graph``
   into the same named graph of a new store directory (also reported: into the default graph); Virtuoso ``ld_dir`` + ``rdf_loader_run()`` + ``checkpoint`` through ``isql-vt``.

Each push is a child process: its peak RSS is the client memory. Reported: wall seconds, the server's CPU
seconds for the step (from /proc; the loader's own CPU for *native*), the load average before each step,
the staging and ``MOVE`` times from push's INFO log, and the ratios push / native (wall and CPU).
``--transactional`` adds, on Oxigraph, a fresh push without ``no_transaction`` (one transaction per chunk).
The store is made with ``owlgraph synthetic`` + ``owlgraph import`` (seed 42) unless ``--store`` names one.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
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


#: Runs a command and prints its CPU seconds and peak RSS (KB) alone (its own child) on the last line of stderr.
_MEASURE = (
    "import resource, subprocess, sys; code = subprocess.call(sys.argv[1:]); "
    "r = resource.getrusage(resource.RUSAGE_CHILDREN); "
    "print(r.ru_utime + r.ru_stime, r.ru_maxrss, file=sys.stderr); sys.exit(code)"
)

#: ``owlgraph`` with INFO logging (push logs its phases); ``transactional`` first: never ``no_transaction``.
_LOGGED = (
    "import logging, sys; logging.basicConfig(level=logging.INFO, format='%(message)s')\n"
    "if sys.argv[1] == 'transactional':\n"
    "    import owlgraph.sparql.push as p; push = p.push_stream\n"
    "    p.push_stream = lambda *a, **k: push(*a, bulk=False, **k)\n"
    "from owlgraph.cli import main; sys.exit(main(sys.argv[2:]))"
)


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a running process and its waited-for children."""
    import psutil

    times = psutil.Process(pid).cpu_times()
    return times.user + times.system + times.children_user + times.children_system


def timed_push(
    store_dir: Path, endpoint: str, chunk_mb: float, server_pid: int, *, mode: str = "auto", source: Path | None = None
) -> dict:
    """One push as a child process; ``source``: another source tree of owlgraph to run (``--base``)."""
    env = dict(os.environ)
    if source is not None:
        env["PYTHONPATH"] = str(source)  # ahead of the editable install; cwd must not be a source tree
    load = os.getloadavg()[0]
    cpu = cpu_seconds(server_pid)
    t = time.perf_counter()
    command = [sys.executable, "-c", _LOGGED, mode, "push", "--store", store_dir, "--endpoint", endpoint]
    command += ["--graph", GRAPH, "--chunk-mb", str(chunk_mb), "--timeout", "1800", "--no-progress"]
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *map(str, command)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tempfile.gettempdir(),
    )
    seconds = time.perf_counter() - t
    *rest, last = done.stderr.strip().splitlines()
    client_cpu, peak_kb = last.split()
    log = "\n".join(rest)
    row = {
        "seconds": seconds,
        "server_cpu_seconds": cpu_seconds(server_pid) - cpu,
        "client_cpu_seconds": float(client_cpu),
        "client_peak_mb": int(peak_kb) / 1024,
        "load_before": load,
        "ok": done.returncode == 0,
    }
    for key, pattern in (
        ("staging_seconds", r"staged \d+ triples in ([\d.]+) s"),
        ("move_seconds", r"in ([\d.]+) s \(all"),
    ):
        if m := re.search(pattern, log):
            row[key] = float(m.group(1))
    if not row["ok"]:
        row["output"] = (done.stdout + log).strip()[-400:]
    return row


def timed_drop(endpoint, server_pid: int) -> dict:
    """``DROP GRAPH`` of the pushed graph: with a push into the then empty graph, the non-atomic way to replace it."""
    load, cpu, t = os.getloadavg()[0], cpu_seconds(server_pid), time.perf_counter()
    endpoint.update(f"DROP SILENT GRAPH <{GRAPH}>", retry=False)
    return {
        "seconds": time.perf_counter() - t,
        "server_cpu_seconds": cpu_seconds(server_pid) - cpu,
        "load_before": load,
    }


def native_run(command: list) -> dict:
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return {"seconds": time.perf_counter() - t, "cpu_seconds": cpu, "load_before": load}


def bench_oxigraph(
    store_dir: Path, nt: Path, work: Path, chunk_mb: float, transactional: bool, steps: list, base: Path | None = None
) -> dict:
    from owlgraph.sparql.server import oxigraph_executable, serve

    row: dict = {}
    # oxigraph load is the server's CLI, a child of this process: its CPU is in RUSAGE_CHILDREN
    # into the named graph the push fills: six quad indexes (the default graph has three, and loads faster)
    load = [oxigraph_executable(), "load", "--location", work / "oxigraph-native", "--file", nt, "--graph", GRAPH]
    native = native_run(load)
    report("oxigraph", row, "native", native)
    row["native_default_graph"] = native_run(
        [oxigraph_executable(), "load", "--location", work / "oxigraph-native-default", "--file", nt]
    )
    print(
        "  (the same into the default graph: {seconds:.1f} s wall, {cpu_seconds:.1f} s CPU, load {load_before:.1f})".format(
            **row["native_default_graph"]
        ),
        flush=True,
    )
    if base is not None:  # the base code's fresh push first, into its own fresh server
        with serve(read_only=False, location=work / "oxigraph-push-base") as server:
            push = timed_push(store_dir, server.url, chunk_mb, server.process.pid, source=base)
            report("oxigraph", row, "fresh_base", push)
    with serve(read_only=False, location=work / "oxigraph-push") as server:
        pid = server.process.pid
        report("oxigraph", row, "fresh", timed_push(store_dir, server.url, chunk_mb, pid))
        if "replace" in steps:
            report("oxigraph", row, "replace", timed_push(store_dir, server.url, chunk_mb, pid))
        if "drop" in steps:
            report("oxigraph", row, "drop", timed_drop(server.endpoint(timeout=1800), pid))
    if transactional:
        with serve(read_only=False, location=work / "oxigraph-transactional") as server:
            push = timed_push(store_dir, server.url, chunk_mb, server.process.pid, mode="transactional")
            report("oxigraph", row, "fresh_transactional", push)
    return row


def bench_virtuoso(
    store_dir: Path, nt: Path, work: Path, chunk_mb: float, transactional: bool, steps: list, base: Path | None = None
) -> dict:
    from servers import VIRTUOSO_TEMPLATE, virtuoso_ini

    from owlgraph.sparql.endpoint import Endpoint
    from owlgraph.sparql.server import free_port

    row: dict = {}
    for phase in ("native", "push"):
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
                os.environ.update(OWLGRAPH_SPARQL_USER="dba", OWLGRAPH_SPARQL_PASSWORD="dba")
                url = f"http://127.0.0.1:{http_port}/sparql-auth"
                report("virtuoso", row, "fresh", timed_push(store_dir, url, chunk_mb, process.pid))
                if "replace" in steps:
                    report("virtuoso", row, "replace", timed_push(store_dir, url, chunk_mb, process.pid))
                graph_store = f"http://127.0.0.1:{http_port}/sparql-graph-crud-auth"
                ep = Endpoint(url, update_url=url, gsp_url=graph_store, user="dba", password="dba", timeout=1800)
                if "drop" in steps:
                    report("virtuoso", row, "drop", timed_drop(ep, process.pid))
            else:
                shutil.copy(nt, directory / "data.nt")
                sql = f"ld_dir('{directory}', 'data.nt', '{GRAPH}'); rdf_loader_run(); checkpoint;"
                cpu = cpu_seconds(process.pid)
                native = native_run([shutil.which("isql-vt"), str(sql_port), "dba", "dba", f"exec={sql}"])
                native["cpu_seconds"] = cpu_seconds(process.pid) - cpu  # the server does the loading
                report("virtuoso", row, "native", native)
        finally:
            process.terminate()
            process.wait(timeout=60)
    return row


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


def report(name: str, row: dict, step: str, result: dict) -> None:
    """Keep ``result`` as ``row[step]`` and print it at once (the native load comes first: ratios need it)."""
    row[step] = result
    native = row["native"]
    if step == "native":
        print(
            f"{name}: native bulk load {native['seconds']:.1f} s wall, {native['cpu_seconds']:.1f} s CPU "
            f"(load {native['load_before']:.1f})",
            flush=True,
        )
    elif step == "drop":
        result["drop_then_fresh_over_native_wall"] = (result["seconds"] + row["fresh"]["seconds"]) / native["seconds"]
        print(
            f"  DROP of the pushed graph: {result['seconds']:.1f} s wall, server CPU "
            f"{result['server_cpu_seconds']:.1f} s (load {result['load_before']:.1f}); drop + fresh push "
            f"(a non-atomic replace) / native: {result['drop_then_fresh_over_native_wall']:.2f}x wall",
            flush=True,
        )
    else:
        result["over_native_wall"] = result["seconds"] / native["seconds"]
        result["over_native_cpu"] = result["server_cpu_seconds"] / native["cpu_seconds"]
        phases = "".join(
            f", {key.split('_')[0]} {result[key]:.1f} s" for key in ("staging_seconds", "move_seconds") if key in result
        )
        print(
            f"  push {step}: {result['seconds']:.1f} s wall ({'ok' if result['ok'] else 'FAILED'}{phases}), "
            f"server CPU {result['server_cpu_seconds']:.1f} s, client CPU {result['client_cpu_seconds']:.1f} s, peak {result['client_peak_mb']:.0f} MB, "
            f"load {result['load_before']:.1f}; push/native {result['over_native_wall']:.2f}x wall, "
            f"{result['over_native_cpu']:.2f}x CPU (goal <= 2x)",
            flush=True,
        )
        if not result["ok"]:
            print("    " + result["output"], flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=100_000)
    parser.add_argument("--store", type=Path, help="an existing store (default: make one with synthetic + import)")
    parser.add_argument("--servers", nargs="+", default=["oxigraph", "virtuoso"], choices=["oxigraph", "virtuoso"])
    parser.add_argument("--chunk-mb", type=float, default=16)
    parser.add_argument("--transactional", action="store_true", help="Oxigraph: also push without no_transaction")
    parser.add_argument(
        "--steps",
        nargs="*",
        default=["replace", "drop"],
        choices=["replace", "drop"],
        help="after the native load and the fresh push (always): the replacing push, the DROP; "
        "--steps with nothing after it runs neither (on Oxigraph at 100k the replace took over 15 min, "
        "the DROP over 2 min)",
    )
    parser.add_argument(
        "--base",
        type=Path,
        help="Oxigraph: first a fresh push with this source tree of owlgraph, into its own server "
        "(e.g. --base DIR after git archive main | tar -x -C DIR)",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "remote.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="owlgraph-bench-remote-") as tmp:
        work = Path(tmp)
        store_dir = args.store or make_store(args.organisations, work)
        nt = work / "data.nt"
        triples = write_ntriples(store_dir, nt)
        rows = {"organisations": args.organisations, "triples": triples, "chunk_mb": args.chunk_mb}
        print(f"{args.organisations:,} organisations, {triples:,} triples, {args.chunk_mb:g} MB chunks", flush=True)
        for name in args.servers:
            bench = bench_oxigraph if name == "oxigraph" else bench_virtuoso
            rows[name] = bench(store_dir, nt, work, args.chunk_mb, args.transactional, args.steps, args.base)
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(json.dumps(rows, indent=2))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=2))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
