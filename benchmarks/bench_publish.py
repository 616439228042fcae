"""owlgraph publish on a large regional store: does it write the site in under 2 minutes, or refuse?

Usage: .venv/bin/python benchmarks/bench_publish.py [--organisations 100000] [--max-pages 20000 ...]

Builds a synthetic store (``owlgraph synthetic`` + ``import``, not timed), then times:
1. ``publish`` without a limit: it must refuse in one line that suggests ``--max-pages``;
2. ``publish --max-pages N`` for each N given (ego views on), as the user would run it next.
Prints wall and CPU seconds (on a shared machine CPU time is the steadier figure), pages per second and
the ratio of each run to the 2-minute target; each step of publish is logged with its seconds.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

TARGET = 120.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=100_000)
    parser.add_argument("--max-pages", type=int, nargs="+", default=[20_000])
    parser.add_argument("--no-ego-views", action="store_true")
    args = parser.parse_args()
    from owlgraph.core.errors import OwlgraphError
    from owlgraph.publishing.site import publish
    from owlgraph.store.embedded import triple_count
    from owlgraph.store.loading import load_graph
    from owlgraph.store.synthetic import generate

    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        generate(Path(tmp) / "csv", organisations=args.organisations, seed=42)
        store = load_graph(tables=Path(tmp) / "csv", path=Path(tmp) / "store")
        print(f"store: {args.organisations:,} organisations, {triple_count(store):,} quads "
              f"(built in {time.perf_counter() - t:.1f} s, not timed)", flush=True)  # fmt: skip

        t, cpu = time.perf_counter(), time.process_time()
        try:
            publish(store, Path(tmp) / "site-unlimited")
            outcome = "WROTE the site"
        except OwlgraphError as exc:
            outcome = f"refused: owlgraph: error: {exc}"
        seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
        print(
            f"no limit       {seconds:8.1f} s (CPU {cpu:.1f} s)  {seconds / TARGET:5.2f} of 2 min  {outcome}",
            flush=True,
        )

        for n in args.max_pages:
            t, cpu = time.perf_counter(), time.process_time()
            site = publish(
                store,
                Path(tmp) / f"site-{n}",
                max_pages=n,
                ego_views=not args.no_ego_views,
                log=lambda message: print("   ", message, flush=True),
            )
            seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
            files = sum(1 for p in site.rglob("*") if p.is_file())
            size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
            print(
                f"--max-pages {n:<7,} {seconds:8.1f} s (CPU {cpu:.1f} s)  {seconds / TARGET:5.2f} of 2 min  "
                f"{n / seconds:7.0f} pages/s  "
                f"{files:,} files, {size / 1e6:,.0f} MB",
                flush=True,
            )
        store.close()


if __name__ == "__main__":
    sys.exit(main())
