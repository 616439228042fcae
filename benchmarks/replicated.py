"""A large graph of the article's shape: the built graph replicated with renamed instance IRIs.

Each copy keeps the article's structure (initiatives, meeting, evidence …) under
``id/r<k>/``; the ontology appears once. Used by bench_sparql.py and bench_network.py.
"""

from pathlib import Path

from owlgraph.curation.build import build_graph
from owlgraph.curation.export import serialize_graph

INSTANCE = "<https://w3id.org/owlgraph/id/"


def replicated_ntriples(triples: int, path: Path) -> int:
    """Write about ``triples`` N-Triples lines to ``path``; return the exact count."""
    lines = serialize_graph(build_graph(), "nt").splitlines(keepends=True)
    shared = [ln for ln in lines if INSTANCE not in ln]
    per_copy = [ln for ln in lines if INSTANCE in ln]
    copies = max(1, round((triples - len(shared)) / len(per_copy)))
    with open(path, "w", encoding="utf-8") as out:
        out.writelines(shared)
        for k in range(copies):
            prefix = f"{INSTANCE}r{k}/"
            out.write("".join(per_copy).replace(INSTANCE, prefix))
    return len(shared) + copies * len(per_copy)
