"""Write the complete graph (ontology + data + provenance) to RDF files.

Formats are a small registry, :data:`RDF_FORMATS`. Output is deterministic:
the same graph gives byte-identical files (statements are sorted before they
are serialised), and every file is written atomically.

Examples
--------
>>> import tempfile, pathlib
>>> from owlgraph.curation.build import build_graph
>>> out = pathlib.Path(tempfile.mkdtemp()) / "owl.nq"
>>> write_graph(build_graph(), out, "nquads")
PosixPath('...owl.nq')
>>> out.read_text(encoding="utf-8").count("\\n") > 1000
True
"""

import os
from collections.abc import Callable
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.term import Node

from owlgraph.core.errors import ExportError
from owlgraph.core.files import write_atomic
from owlgraph.core.namespaces import bind_prefixes

__all__ = ["RDF_FORMATS", "write_graph", "serialize_graph", "quads_of", "triples_graph"]


def quads_of(graph) -> list[tuple[Node, Node, Node, Node | None]]:
    """All statements of a graph or dataset as sorted (s, p, o, graph) tuples."""
    if hasattr(graph, "quads"):
        found = {
            (s, p, o, g if g is None or isinstance(g, Node) else g.identifier)
            for s, p, o, g in graph.quads((None, None, None, None))
        }
    else:
        found = {(s, p, o, None) for s, p, o in graph}
    default = {"urn:x-rdflib:default"}
    return sorted((s, p, o, None if g is None or str(g) in default else g) for s, p, o, g in found)


def nt_term(term: Node) -> str:
    """A term in N-Triples syntax (literals escaped on one line, unlike ``Node.n3()``).

    >>> from rdflib import Literal
    >>> chr(10) in nt_term(Literal("two" + chr(10) + "lines"))
    False
    """
    if isinstance(term, Literal):
        text = str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        if term.language:
            return f'"{text}"@{term.language}'
        if term.datatype and str(term.datatype) != "http://www.w3.org/2001/XMLSchema#string":
            return f'"{text}"^^<{term.datatype}>'
        return f'"{text}"'
    return term.n3()


def _lines(quads, with_graph: bool) -> str:
    seen = set()
    out = []
    for s, p, o, g in quads:
        line = (
            f"{nt_term(s)} {nt_term(p)} {nt_term(o)}"
            + (f" {nt_term(g)}" if with_graph and g is not None else "")
            + " .\n"
        )
        if line not in seen:
            seen.add(line)
            out.append(line)
    return "".join(sorted(out))


def triples_graph(source) -> Graph:
    """All distinct triples of a graph or dataset (any named graph) as one plain rdflib ``Graph``."""
    return _triples_graph(quads_of(source))


def _triples_graph(quads) -> Graph:
    g = bind_prefixes(Graph())
    for s, p, o, _ in quads:
        g.add((s, p, o))
    return g


def _trig(quads) -> str:
    """TriG with one block per named graph, in sorted order (rdflib's own TriG is not stable)."""
    by_graph: dict = {}
    for s, p, o, g in quads:
        by_graph.setdefault(g, []).append((s, p, o, g))
    prefixes: set[str] = set()
    blocks: list[str] = []
    for g in sorted(by_graph, key=lambda x: "" if x is None else str(x)):
        text = _triples_graph(by_graph[g]).serialize(format="turtle")
        prefixes.update(ln for ln in text.splitlines() if ln.startswith("@prefix"))
        # no re-indentation: it would change multi-line literals
        body = "\n".join(ln for ln in text.splitlines() if not ln.startswith("@prefix")).strip("\n")
        blocks.append(f"{g.n3() if g is not None else ''} {{\n{body}\n}}\n")
    return "".join(ln + "\n" for ln in sorted(prefixes)) + "\n" + "\n".join(blocks)


def _jsonld(quads) -> str:
    import json

    doc = json.loads(_triples_graph(quads).serialize(format="json-ld", auto_compact=True))
    if isinstance(doc.get("@graph"), list):
        doc["@graph"].sort(key=lambda node: json.dumps(node, sort_keys=True))
    return json.dumps(doc, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


RDF_FORMATS: dict[str, tuple[str, Callable[[list], str]]] = {
    "turtle": (".ttl", lambda q: _triples_graph(q).serialize(format="turtle")),
    "nt": (".nt", lambda q: _lines(q, with_graph=False)),
    "nquads": (".nq", lambda q: _lines(q, with_graph=True)),
    "trig": (".trig", _trig),
    "jsonld": (".jsonld", _jsonld),
}


def serialize_graph(graph, fmt: str) -> str:
    """The graph serialised in one of :data:`RDF_FORMATS` as text."""
    if fmt not in RDF_FORMATS:
        raise ExportError(f"unknown format {fmt!r}; use one of: {', '.join(RDF_FORMATS)}")
    return RDF_FORMATS[fmt][1](quads_of(graph))


def write_graph(graph, path: str | os.PathLike, fmt: str) -> Path:
    """Write the graph to ``path`` in format ``fmt`` (atomically) and return the path."""
    text = serialize_graph(graph, fmt)
    write_atomic(path, text)
    return Path(path)
