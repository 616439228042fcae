"""RDF → NetworkX conversion time per edge at growing sizes (is it linear?).

Usage: .venv/bin/python benchmarks/bench_network.py [--sizes 10000 100000 1000000]

For each size the article graph is replicated to about that many triples, loaded into the embedded store,
and converted to the full typed graph and to the cooperation network (projected in SPARQL). Prints seconds
and microseconds per edge; a conversion that scales linearly keeps µs/edge flat. For comparison it also
times rdflib's own ``rdflib_to_networkx_multidigraph`` on rdflib's default store (every triple an edge).
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from replicated import replicated_ntriples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--obvious-max", type=int, default=100_000, help="largest size for the rdflib comparison")
    args = parser.parse_args()
    from owlgraph.network.builders import cooperation_network, full_network
    from owlgraph.store.loading import load_files

    print(f"{'triples':>10} {'kind':12} {'nodes':>8} {'edges':>9} {'seconds':>8} {'µs/edge':>8}")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "g.nt"
            count = replicated_ntriples(size, path)
            store = load_files([path])
            for kind, convert in (("full", full_network), ("cooperation", cooperation_network)):
                t = time.perf_counter()
                G = convert(store)
                seconds = time.perf_counter() - t
                print(
                    f"{count:>10,} {kind:12} {G.number_of_nodes():>8,} {G.number_of_edges():>9,} {seconds:8.2f} "
                    f"{1e6 * seconds / max(1, G.number_of_edges()):8.1f}"
                )
            if size <= args.obvious_max:
                import rdflib
                from rdflib.extras.external_graph_libs import rdflib_to_networkx_multidigraph

                g = rdflib.Graph().parse(path, format="nt")
                t = time.perf_counter()
                G = rdflib_to_networkx_multidigraph(g)
                seconds = time.perf_counter() - t
                print(
                    f"{count:>10,} {'rdflib→nx':12} {G.number_of_nodes():>8,} {G.number_of_edges():>9,} {seconds:8.2f} "
                    f"{1e6 * seconds / max(1, G.number_of_edges()):8.1f}  (every triple an edge; parse not counted)"
                )


if __name__ == "__main__":
    main()
