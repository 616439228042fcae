"""Analysis from an endpoint against the same from the local store (run on demand, not a timed test).

    .venv/bin/python benchmarks/bench_endpoint.py --organisations 100000 [--servers oxigraph virtuoso] [--store DIR]

The store is made with ``owlgraph synthetic`` + ``owlgraph import`` (seed 42) unless ``--store`` names one. Its
triples go into a fresh server with the server's own bulk loader, into one named graph: ``oxigraph load
--location`` then ``oxigraph serve-read-only``; Virtuoso ``ld_dir`` + ``rdf_loader_run()`` through ``isql-vt``
(Debian's ini as shipped, ``ResultSetMaxRows`` 10,000 and all, with 2 GB of buffers). Then each command runs as a
child process, once with ``--store DIR`` and once with ``--endpoint URL --graph IRI``, alternately:

* ``owlgraph network --kind cooperation --format csv``
* ``owlgraph view --kind cooperation --top 500``
* ``owlgraph metrics --kind cooperation --measure degree``

Prints wall and CPU seconds of the client (its children's user + system time), the ratio endpoint / local
(goal <= 2x), whether the two gave the same network or view, the client's peak RSS (VmHWM) and the load average before each run. The server's own time is in
the endpoint's wall time, not in the client's CPU time.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # tests/servers.py knows how to start Virtuoso on loopback
sys.path.insert(0, str(ROOT / "benchmarks"))
BIN = Path(sys.executable).parent
GRAPH = "https://example.org/bench/regional"

#: Runs a command; prints its own peak RSS (KB) and CPU seconds on the last line of stderr.
_MEASURE = (
    "import resource, subprocess, sys; code = subprocess.call(sys.argv[1:]); "
    "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
    "print(u.ru_maxrss, u.ru_utime + u.ru_stime, file=sys.stderr); sys.exit(code)"
)

COMMANDS = {
    "network": ["network", "--kind", "cooperation", "--format", "csv", "-o", "{out}/network"],
    "view": ["view", "--kind", "cooperation", "--top", "500", "-o", "{out}/view.html"],
    "metrics": ["metrics", "--kind", "cooperation", "--measure", "degree"],
}


def run(command: list[str], out: Path) -> dict:
    """One owlgraph command as a child process: wall and CPU seconds, peak RSS, load average before it."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    load = os.getloadavg()[0]
    args = [str(BIN / "owlgraph"), *(c.format(out=out) for c in command)]
    t = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _MEASURE, *args], capture_output=True, text=True)
    seconds = time.perf_counter() - t
    *rest, last = done.stderr.strip().splitlines()
    peak_kb, cpu = last.split()
    return {
        "seconds": seconds,
        "cpu_seconds": float(cpu),
        "peak_mb": int(peak_kb) / 1024,
        "load": load,
        "ok": done.returncode == 0,
        "output": (done.stdout + "\n".join(rest)).strip()[-400:],
    }


@contextlib.contextmanager
def oxigraph_endpoint(nt: Path, work: Path):
    """A read-only Oxigraph server on the triples, loaded by ``oxigraph load``; yields (URL, load seconds)."""
    from bench_remote import wait_for

    from owlgraph.sparql.server import free_port, oxigraph_executable

    location = work / "oxigraph"
    t = time.perf_counter()
    subprocess.run(
        [oxigraph_executable(), "load", "--location", location, "--file", nt, "--graph", GRAPH],
        check=True,
        capture_output=True,
    )
    seconds = time.perf_counter() - t
    port = free_port()
    process = subprocess.Popen(
        [oxigraph_executable(), "serve-read-only", "--location", location, "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D")
        yield f"http://127.0.0.1:{port}/query", seconds
    finally:
        process.terminate()
        process.wait(timeout=60)


@contextlib.contextmanager
def virtuoso_endpoint(nt: Path, work: Path, max_rows: int | None = None):
    """A Virtuoso on the triples, loaded by ``ld_dir`` + ``rdf_loader_run()``; yields (URL, load seconds).

    ``max_rows``: the server's ``ResultSetMaxRows`` (the answer cap; Debian's ini: 10,000)."""
    from bench_remote import wait_for
    from servers import VIRTUOSO_TEMPLATE, virtuoso_ini

    from owlgraph.sparql.server import free_port

    directory = work / "virtuoso"
    directory.mkdir()
    http_port, sql_port = free_port(), free_port()
    ini = virtuoso_ini(VIRTUOSO_TEMPLATE.read_text(), directory, sql_port, http_port)
    # the template's own setting for a machine with 4 GB free (its default suits 100k triples, not 2M)
    ini = ini.replace("NumberOfBuffers          = 10000", "NumberOfBuffers          = 340000")
    ini = ini.replace("MaxDirtyBuffers          = 6000", "MaxDirtyBuffers          = 250000")
    if max_rows is not None:
        ini, replaced = re.subn(r"(?m)^ResultSetMaxRows\s*=.*$", f"ResultSetMaxRows = {max_rows}", ini)
        assert replaced == 1, "the ini template has no ResultSetMaxRows line"
    (directory / "virtuoso.ini").write_text(ini)
    process = subprocess.Popen(
        [shutil.which("virtuoso-t"), "+foreground", "+configfile", directory / "virtuoso.ini"],
        cwd=directory,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{http_port}/sparql?query=ASK%7B%7D")
        shutil.copy(nt, directory / "data.nt")
        sql = f"ld_dir('{directory}', 'data.nt', '{GRAPH}'); rdf_loader_run(); checkpoint;"
        t = time.perf_counter()
        subprocess.run(
            [shutil.which("isql-vt"), str(sql_port), "dba", "dba", f"exec={sql}"], check=True, capture_output=True
        )
        yield f"http://127.0.0.1:{http_port}/sparql", time.perf_counter() - t
    finally:
        process.terminate()
        process.wait(timeout=60)


def compare(store_dir: Path, url: str, work: Path, repeat: int, names: list[str]) -> dict:
    """Each command on the local store and on the endpoint, alternately, ``repeat`` times; the best of each."""
    rows = {}
    for name in names:
        command = COMMANDS[name]
        local, remote = [], []
        for _ in range(repeat):
            local.append(run([*command, "--store", str(store_dir)], work / "local"))
            remote.append(run([*command, "--endpoint", url, "--graph", GRAPH, "--timeout", "600"], work / "remote"))
        best_local = min(local, key=lambda r: r["seconds"])
        best_remote = min(remote, key=lambda r: r["seconds"])
        rows[name] = {
            "local": best_local,
            "endpoint": best_remote,
            "ratio": best_remote["seconds"] / best_local["seconds"],
            "same": same(work, name),
        }
        for side, r in (("local", best_local), ("endpoint", best_remote)):
            if not r["ok"]:
                print(f"  {name} {side} FAILED: {r['output']}", flush=True)
        print(
            f"  {name:15} local {best_local['seconds']:6.1f} s (cpu {best_local['cpu_seconds']:5.1f}, "
            f"{best_local['peak_mb']:5.0f} MB, load {best_local['load']:.1f}) | endpoint {best_remote['seconds']:6.1f} s "
            f"(client cpu {best_remote['cpu_seconds']:5.1f}, {best_remote['peak_mb']:5.0f} MB, load "
            f"{best_remote['load']:.1f}) | ratio {rows[name]['ratio']:.2f}x (goal <= 2x) | same: {rows[name]['same']}",
            flush=True,
        )
    return rows


def same(work: Path, name: str) -> bool | None:
    """Whether the last local and endpoint runs wrote the same network (CSV rows) or view (nodes and edges)."""
    if name == "network":
        return all(
            sorted((work / "remote" / "network" / table).read_text().splitlines())
            == sorted((work / "local" / "network" / table).read_text().splitlines())
            for table in ("nodes.csv", "edges.csv")
        )
    if name == "view":
        import re

        def shown(side: str):
            page = (work / side / "view.html").read_text()
            found = re.search(r'id="owlgraph-data">(.*?)</script>', page, re.S)
            data = json.loads(found.group(1)) if found else {"info": [], "edges": []}
            iris = [info["iri"] for info in data["info"]]
            return sorted(iris), sorted(tuple(sorted((iris[e["from"]], iris[e["to"]]))) for e in data["edges"])

        return shown("remote") == shown("local")
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=100_000)
    parser.add_argument("--store", type=Path, help="an existing store (default: make one with synthetic + import)")
    parser.add_argument("--servers", nargs="+", default=["oxigraph", "virtuoso"], choices=["oxigraph", "virtuoso"])
    parser.add_argument("--commands", nargs="+", default=list(COMMANDS), choices=list(COMMANDS))
    parser.add_argument(
        "--virtuoso-max-rows",
        type=int,
        help="Virtuoso's ResultSetMaxRows (default: Debian's 10,000); above the largest answer, it streams whole",
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs of each command per side (the best counts)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "endpoint.json")
    args = parser.parse_args()
    from bench_remote import make_store, write_ntriples

    with tempfile.TemporaryDirectory(prefix="owlgraph-bench-endpoint-") as tmp:
        work = Path(tmp)
        store_dir = args.store or make_store(args.organisations, work)
        nt = work / "data.nt"
        results: dict = {"organisations": args.organisations, "triples": write_ntriples(store_dir, nt)}
        print(f"{results['triples']:,} triples from {store_dir}", flush=True)
        for name in args.servers:
            server = (
                oxigraph_endpoint(nt, work)
                if name == "oxigraph"
                else virtuoso_endpoint(nt, work, args.virtuoso_max_rows)
            )
            with server as (url, load_seconds):
                print(f"{name}: bulk load {load_seconds:.1f} s; {url}", flush=True)
                results[name] = {
                    "load_seconds": load_seconds,
                    "result_set_max_rows": args.virtuoso_max_rows if name == "virtuoso" else None,
                    **compare(store_dir, url, work, args.repeat, args.commands),
                }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
