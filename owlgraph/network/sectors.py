"""Give each node of a network the ``sector`` it works in, read from the graph.

A node's sector is the label of the ``og:sector`` it is given in the graph (an initiative's or an
organisation's sector); a sector concept (``og:Sector``) is in its own sector. Nothing is
inferred here: a node without a stated or curated sector gets no ``sector`` attribute. This is
a separate step after the builders of :mod:`owlgraph.network.builders`, so that every kind of
network (full, cooperation, affiliation, query) gets the same attribute, from the embedded store
or a remote endpoint.

Examples
--------
>>> from owlgraph.store.loading import load_graph
>>> from owlgraph.network.builders import cooperation_network
>>> G = add_sectors(cooperation_network(load_graph(), evidence=False), load_graph())
>>> G.nodes["https://w3id.org/owlgraph/id/initiative/biotech-owl"]["sector"]
'Biotechnologie'
"""

from __future__ import annotations

from rdflib import URIRef

from owlgraph.sparql.pages import select_strings
from owlgraph.sparql.queries import select_rows

__all__ = ["add_sectors", "node_sectors"]

#: Which node is in which sector; a sector concept is its own sector.
NODE_SECTOR_QUERY = """
SELECT ?node ?sector WHERE {
  %s
  { ?node og:sector ?sector . } UNION { ?node a og:Sector . BIND(?node AS ?sector) }
}"""

#: The labels of every sector that something is in (a handful of rows).
SECTOR_LABELS_QUERY = """
SELECT DISTINCT ?sector ?label WHERE {
  { ?x og:sector ?sector . } UNION { ?sector a og:Sector . }
  ?sector rdfs:label ?label .
}"""


def _preference(label) -> int:
    """German (the sources' language) or untagged labels first, then English, then any other."""
    lang = (getattr(label, "language", None) or "").lower()
    return 0 if lang in ("", "de") or lang.startswith("de-") else 1 if lang.startswith("en") else 2


def node_sectors(source, nodes, *, chunk: int = 500) -> dict[str, list[str]]:
    """The sector labels of the given node IRIs as ``{iri: [label, …]}`` (sorted; nodes without one left out).

    Examples
    --------
    >>> from owlgraph.store.loading import load_graph
    >>> node_sectors(load_graph(), ["https://w3id.org/owlgraph/id/initiative/zig-owl", "https://example.org/x"])
    {'https://w3id.org/owlgraph/id/initiative/zig-owl': ['Gesundheit']}
    """
    iris = sorted({str(n) for n in nodes if isinstance(n, str) and n.startswith(("http://", "https://"))})
    if not iris:
        return {}
    labels: dict[str, tuple[int, str]] = {}  # sector -> its preferred label
    for sector, label in select_rows(source, SECTOR_LABELS_QUERY)[1]:
        candidate = (_preference(label), str(label))
        if str(sector) not in labels or candidate < labels[str(sector)]:
            labels[str(sector)] = candidate
    if len(iris) > chunk:  # a large network: one query for every node with a sector, kept if in the network
        wanted: set[str] | None = set(iris)
        queries = [NODE_SECTOR_QUERY % ""]
    else:
        wanted = None
        queries = [NODE_SECTOR_QUERY % f"VALUES ?node {{ {' '.join(URIRef(iri).n3() for iri in iris)} }}"]
    found: dict[str, set[str]] = {}
    for query in queries:
        for node, sector in select_strings(source, query):  # every row, in pages where the server cuts answers
            if node is not None and (wanted is None or node in wanted) and sector in labels:
                found.setdefault(node, set()).add(labels[sector][1])
    return {node: sorted(names) for node, names in sorted(found.items())}


def add_sectors(G, source):
    """Set ``G.nodes[n]["sector"]`` from the graph for every node that has a sector; return ``G``.

    One sector is stored as a string, several as a sorted list of strings. Nodes that already
    carry a ``sector`` attribute keep it. ``G`` is changed in place (it is the network just built).

    Examples
    --------
    >>> import networkx as nx
    >>> from owlgraph.store.loading import load_graph
    >>> G = nx.Graph([("https://w3id.org/owlgraph/id/initiative/it-dialog-owl", "https://example.org/other")])
    >>> dict(add_sectors(G, load_graph()).nodes(data="sector"))
    {'https://w3id.org/owlgraph/id/initiative/it-dialog-owl': 'IT', 'https://example.org/other': None}
    """
    for node, labels in node_sectors(source, G.nodes).items():
        if node in G and G.nodes[node].get("sector") in (None, "", []):
            G.nodes[node]["sector"] = labels[0] if len(labels) == 1 else labels
    return G
