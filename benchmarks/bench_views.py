"""Benchmark owlgraph.views.page against pyvis 0.3.2 on synthetic networks (run on demand, not a test).

    .venv/bin/python benchmarks/bench_views.py [--sizes 1000 5000 20000] [--budget 30] [--only-to-pyvis]

For each size: owlgraph's page generation (render + atomic write), the time until the page is drawn in
headless Chromium (the page sets <html data-ready> after its first draw, after stabilisation where
physics runs), and pyvis's ``Network.from_nx`` + ``write_html`` on the same graph in a child process
capped at ``--budget`` seconds. Prints a table with the generation ratio pyvis / owlgraph.

Then ``owlgraph.to_pyvis`` (node and edge lists built and assigned at once) against pyvis's own
``Network.from_nx`` (one ``add_edge`` at a time, each checking every edge so far) on the same graphs:
the time to fill a ``pyvis.network.Network``, no HTML written.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import networkx as nx

from owlgraph.views.page import write_html

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TYPES = ["Initiative", "Organisation", "Person", "Sector", "Event"]


def synthetic(n: int, seed: int = 1) -> nx.Graph:
    """An undirected typed network with 2n edges (the shape pyvis handles worst)."""
    G = nx.gnm_random_graph(n, 2 * n, seed=seed)
    for i in G:
        G.nodes[i].update(
            label=f"Organisation {i}",
            type=TYPES[i % 5],
            iri=f"https://example.org/n{i}",
            sector=f"Sector {i % 7}",
            betweenness=(i % 97) / 97,
        )
    for u, v in G.edges:
        G.edges[u, v].update(label="memberOf", weight=1.0)
    return G


def _pyvis_child(n: int, out: str, queue) -> None:
    from pyvis.network import Network

    G = synthetic(n)
    queue.put("built")
    t = time.perf_counter()
    net = Network(cdn_resources="in_line")
    net.from_nx(G)
    net.write_html(out, open_browser=False)
    queue.put(time.perf_counter() - t)


def time_pyvis(n: int, out: Path, budget: float) -> float | None:
    """Seconds pyvis needed, or None if it did not finish within ``budget`` (the child is then killed)."""
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_pyvis_child, args=(n, str(out), queue), daemon=True)
    proc.start()
    result = None
    try:
        queue.get(timeout=120)  # graph construction is not timed
        result = queue.get(timeout=budget)
    except Exception:  # queue.Empty: over budget
        result = None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
    return result


def _from_nx_child(n: int, queue) -> None:
    from pyvis.network import Network

    G = synthetic(n)
    queue.put("built")
    t = time.perf_counter()
    Network(cdn_resources="in_line").from_nx(G)
    queue.put(time.perf_counter() - t)


def time_from_nx(n: int, budget: float) -> float | None:
    """Seconds ``Network.from_nx`` needed, or None if over ``budget`` (the child is then killed)."""
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_from_nx_child, args=(n, queue), daemon=True)
    proc.start()
    try:
        queue.get(timeout=120)
        return queue.get(timeout=budget)
    except Exception:  # queue.Empty: over budget
        return None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()


def to_pyvis_table(sizes: list[int], budget: float) -> None:
    from owlgraph.views.pyvis_network import to_pyvis

    to_pyvis(synthetic(10))  # imports (pyvis, jinja2) are not timed
    print(f"\n{'nodes':>7} {'edges':>7} | {'to_pyvis':>9} | {'Network.from_nx':>22} | {'from_nx/to_pyvis':>16}")
    for n in sizes:
        G = synthetic(n)
        t = time.perf_counter()
        net = to_pyvis(G, size_by="betweenness")
        ours = time.perf_counter() - t
        assert len(net.edges) == G.number_of_edges()
        theirs = time_from_nx(n, budget)
        text = f"{theirs:.2f} s" if theirs is not None else f"did not finish in {budget:.0f} s"
        ratio = f"{theirs / ours:.0f}x" if theirs is not None else f"> {budget / ours:.0f}x"
        print(f"{n:>7,} {G.number_of_edges():>7,} | {ours:>7.3f} s | {text:>22} | {ratio:>16}")
    print("to_pyvis = owlgraph.to_pyvis(G, size_by='betweenness'); from_nx = pyvis Network().from_nx(G).")


def time_draw(browser, path: Path, timeout_s: float) -> tuple[float, int]:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    blocked = []
    page.route(
        "**/*",
        lambda r: (
            r.continue_()
            if r.request.url.startswith(("file:", "data:", "blob:"))
            else (blocked.append(r.request.url), r.abort())
        ),
    )
    t = time.perf_counter()
    page.goto(path.as_uri())
    page.wait_for_selector("html[data-ready='true']", state="attached", timeout=timeout_s * 1000)
    elapsed = time.perf_counter() - t
    page.close()
    return elapsed, len(blocked)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    ap.add_argument("--budget", type=float, default=30.0, help="seconds allowed for pyvis per size")
    ap.add_argument("--only-to-pyvis", action="store_true", help="only the to_pyvis vs Network.from_nx table")
    args = ap.parse_args(argv)
    if args.only_to_pyvis:
        to_pyvis_table(args.sizes, args.budget)
        return
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="owlgraph-bench-"))
    rows = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for n in args.sizes:
            G = synthetic(n)
            t = time.perf_counter()
            out = write_html(G, tmp / f"owlgraph-{n}.html", view_name=f"bench {n}")
            gen = time.perf_counter() - t
            draw, blocked = time_draw(browser, out, timeout_s=300)
            pv = time_pyvis(n, tmp / f"pyvis-{n}.html", args.budget)
            rows.append((n, G.number_of_edges(), gen, out.stat().st_size, draw, blocked, pv))
            print(f"done {n}", file=sys.stderr, flush=True)
        browser.close()

    print(
        f"{'nodes':>7} {'edges':>7} | {'owlgraph gen':>12} {'page MB':>7} {'drawn in':>9} {'blocked':>7} | "
        f"{'pyvis gen':>22} | {'pyvis/owlgraph':>14}"
    )
    for n, m, gen, size, draw, blocked, pv in rows:
        pv_text = f"{pv:.2f} s" if pv is not None else f"did not finish in {args.budget:.0f} s"
        ratio = f"{pv / gen:.0f}x" if pv is not None else f"> {args.budget / gen:.0f}x"
        print(
            f"{n:>7,} {m:>7,} | {gen:>10.2f} s {size / 1e6:>7.1f} {draw:>7.2f} s {blocked:>7} | "
            f"{pv_text:>22} | {ratio:>14}"
        )
    print(
        "owlgraph gen = render_html + atomic write; drawn in = navigation to first draw after layout "
        "in headless Chromium (no GPU); pyvis gen = Network(cdn_resources='in_line').from_nx + write_html."
    )
    to_pyvis_table(args.sizes, args.budget)


if __name__ == "__main__":
    main()
