"""Write the complete graph (ontology + data + provenance) to RDF files.

Formats come from the one registry, :data:`owlgraph.core.formats.RDF_FORMATS`. Output is deterministic:
the same graph gives byte-identical files (statements are sorted before they
are serialised), and every file is written atomically.

Examples
--------
>>> import tempfile, pathlib
>>> from owlgraph.curation.build import build_graph
>>> out = pathlib.Path(tempfile.mkdtemp()) / "owl.nq"
>>> write_graph(build_graph(), out, format="nquads")
PosixPath('...owl.nq')
>>> out.read_text(encoding="utf-8").count("\\n") > 1000
True
"""

import os
from collections.abc import Callable
from pathlib import Path

from rdflib import Graph
from rdflib.term import Node

from owlgraph.core.errors import ExportError
from owlgraph.core.files import write_atomic
from owlgraph.core.formats import RDF_FORMATS as REGISTRY
from owlgraph.core.formats import RdfFormatInfo, rdf_format, rdf_format_for_path
from owlgraph.core.namespaces import bind_prefixes
from owlgraph.core.ntriples import nt_term

__all__ = ["RDF_FORMATS", "BUILD_FORMATS", "write_graph", "serialize_graph", "quads_of", "triples_graph"]


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


def _jsonld_nodes(quads, context: dict) -> list:
    import json

    doc = json.loads(_triples_graph(quads).serialize(format="json-ld", context=context))
    nodes = doc.get("@graph", [doc] if len(doc) > 1 else [])
    for node in nodes:
        node.pop("@context", None)
    return sorted(nodes, key=lambda node: json.dumps(node, sort_keys=True))


def _jsonld_terms(value) -> set:
    """Every string (keys and values) of a JSON-LD document, where compact IRIs (``og:date``) show up."""
    if isinstance(value, dict):
        return set(value).union(*(_jsonld_terms(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_jsonld_terms(v) for v in value))
    return {value} if isinstance(value, str) else set()


def _jsonld(quads) -> str:
    """JSON-LD 1.1 with each named graph as a graph object (``{"@id": graph, "@graph": [...]}``) and
    a context that declares only the prefixes the document uses."""
    import json

    from owlgraph.core.namespaces import PREFIXES

    candidates = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    by_graph: dict = {}
    for q in quads:
        by_graph.setdefault(q[3], []).append(q)
    graphs: list[dict] = []
    for g in sorted(by_graph, key=lambda x: "" if x is None else str(x)):
        nodes = _jsonld_nodes(by_graph[g], candidates)
        graphs += nodes if g is None else [{"@id": str(g), "@graph": nodes}]
    used = {t.split(":", 1)[0] for t in _jsonld_terms(graphs) if ":" in t}
    context = {prefix: ns for prefix, ns in candidates.items() if prefix in used}
    doc = {"@context": context, "@graph": graphs}
    return json.dumps(doc, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def _via_oxigraph(name: str) -> Callable[[list], str]:
    """A writer that lets pyoxigraph serialise the sorted triples (RDF/XML, N3)."""

    def write(quads) -> str:
        import pyoxigraph as ox

        triples = ox.parse(_lines(quads, with_graph=False).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
        data = ox.serialize(triples, format=REGISTRY[name].rdf_format)
        assert data is not None  # without an output, serialize returns the bytes
        return data.decode("utf-8")

    return write


_WRITERS: dict[str, Callable[[list], str]] = {
    "turtle": lambda q: _triples_graph(q).serialize(format="turtle"),
    "nt": lambda q: _lines(q, with_graph=False),
    "nquads": lambda q: _lines(q, with_graph=True),
    "trig": _trig,
    "jsonld": _jsonld,
    "rdfxml": _via_oxigraph("rdfxml"),
    "n3": _via_oxigraph("n3"),
}

#: The formats ``owlgraph build`` writes the complete graph in.
BUILD_FORMATS = ("turtle", "nt", "nquads", "trig", "jsonld")

#: Every format of :data:`owlgraph.core.formats.RDF_FORMATS`, which all can be written.
RDF_FORMATS: dict[str, RdfFormatInfo] = dict(REGISTRY)


def serialize_graph(graph, format: str) -> str:
    """The graph serialised in one of :data:`RDF_FORMATS` as text.

    Examples
    --------
    >>> from rdflib import Graph, URIRef
    >>> g = Graph()
    >>> g.add((URIRef("https://e.org/a"), URIRef("https://e.org/b"), URIRef("https://e.org/c")))
    <Graph identifier=...>
    >>> serialize_graph(g, format="nt")
    '<https://e.org/a> <https://e.org/b> <https://e.org/c> .\\n'
    """
    info = rdf_format(format)
    return _WRITERS[info.name](quads_of(graph))


def write_graph(graph, path: str | os.PathLike, *, format: str | None = None) -> Path:
    """Write the graph to ``path`` (atomically) and return the path.

    ``format`` is a name in :data:`RDF_FORMATS`; by default the suffix of ``path`` decides.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from rdflib import Graph, URIRef
    >>> g = Graph()
    >>> g.add((URIRef("https://e.org/a"), URIRef("https://e.org/b"), URIRef("https://e.org/c")))
    <Graph identifier=...>
    >>> write_graph(g, str(pathlib.Path(tempfile.mkdtemp()) / "g.rdf")).suffix
    '.rdf'
    """
    name = format if format is not None else _format_of(path)
    text = serialize_graph(graph, format=name)
    write_atomic(path, text)
    return Path(path)


def _format_of(path) -> str:
    from owlgraph.core.errors import InputFileError

    try:
        return rdf_format_for_path(path).name
    except InputFileError as exc:
        raise ExportError(f"{exc}; or pass format=") from None
