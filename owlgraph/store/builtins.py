"""The ontology and the built-in vocabulary that every owlgraph store holds, whatever the user loads.

Named questions and views rely on more than the user's data: ``organisations-per-type`` reads the
classes' English labels and ``rdfs:subClassOf`` from the ontology, a view or network names a sector by
its label, and SHACL wants every ``og:sector`` to be a declared ``og:Sector``. So
:func:`add_builtins` puts into a store, after the user's RDF files, tables or facts:

- the ontology (``ontology/owlgraph.ttl``: classes, properties, the concept schemes
  ``og:SectorScheme`` and ``og:TopicScheme``) in the named graph ``graph:ontology``, as the build does;
- each built-in sector (``data/reference/sectors.csv``: ``maschinenbau``, ``it``, …) that the data
  refers to but does not declare itself, in the named graph ``graph:vocabulary``: ``og:Sector``,
  label, NACE code and ``skos:inScheme og:SectorScheme``, the same statements the article's graph
  makes about it, with its row of the packaged table as evidence (as an imported CSV row).

Nothing the store already holds is added again (Oxigraph's union default graph would answer a
triple once per graph that holds it), so the article's graph, which declares every built-in sector
and carries the ontology, gains nothing; an unused sector is not added, so it does not appear as
an isolated node in a user's network.

Examples
--------
>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> added = add_builtins(store)
>>> len(store) == added, [g.value for g in store.named_graphs()]  # the ontology only: no sector is used
(True, ['https://w3id.org/owlgraph/graph/ontology'])
>>> org, sector = ox.NamedNode(str(ID["organisation/acme"])), ox.NamedNode(str(ID["sector/it"]))
>>> store.add(ox.Quad(org, ox.NamedNode(str(OG.sector)), sector))
>>> label = ox.NamedNode(str(RDFS.label))
>>> add_builtins(store) > 0, [q.object.value for q in store.quads_for_pattern(sector, label, None)]
(True, ['IT'])
>>> add_builtins(store)  # nothing twice
0
"""

from __future__ import annotations

import csv
from functools import cache

from rdflib import URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from owlgraph.core.namespaces import GRAPH, ID, OA, OG
from owlgraph.core.resources import resource
from owlgraph.curation.build import ONTOLOGY_GRAPH, entity_iri
from owlgraph.curation.ontology import ONTOLOGY_FILE, read_vocabulary

__all__ = ["VOCABULARY_GRAPH", "SECTORS_SOURCE", "add_builtins", "builtin_quads"]

#: The named graph of the built-in vocabulary (the sectors of ``data/reference/sectors.csv``).
VOCABULARY_GRAPH = GRAPH.vocabulary
#: The ``og:ReferenceList`` of the packaged sectors table; its rows (``#row=N``) are the sectors' evidence.
SECTORS_SOURCE = ID["source/owlgraph-reference-sectors-csv"]
SECTORS_FILE = ("data", "reference", "sectors.csv")


@cache
def _ontology_triples() -> tuple:
    import pyoxigraph as ox

    return tuple(ox.parse(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE))


@cache
def _sector_rows() -> dict[str, tuple[int, str, str, str]]:
    """Built-in sector id → (row number as RFC 7111 counts it, row text, label, NACE code)."""
    with open(resource(*SECTORS_FILE), encoding="utf-8", newline="") as fh:
        lines = fh.read().splitlines()
    rows = {}
    for number, text in enumerate(lines[1:], start=2):  # the header is row 1
        sector, label, nace = next(csv.reader([text]))
        rows[sector] = (number, text, label, nace)
    return rows


def builtin_quads(sectors=()) -> list:
    """The ontology's quads, and those of the built-in ``sectors`` (ids) with their evidence rows.

    Examples
    --------
    >>> quads = builtin_quads(["maschinenbau"])
    >>> sorted({str(q.graph_name.value) for q in quads})
    ['https://w3id.org/owlgraph/graph/ontology', 'https://w3id.org/owlgraph/graph/vocabulary']
    """
    import pyoxigraph as ox

    onto = ox.NamedNode(str(ONTOLOGY_GRAPH))
    quads = [ox.Quad(t.subject, t.predicate, t.object, onto) for t in _ontology_triples()]
    return quads + _sector_quads(sectors)


def _sector_quads(sectors) -> list:
    import pyoxigraph as ox

    vocab = ox.NamedNode(str(VOCABULARY_GRAPH))
    node = ox.NamedNode
    rows = _sector_rows()
    types = [OG.Sector, *read_vocabulary().superclasses("Sector")]  # as the article's graph materialises them
    source = node(str(SECTORS_SOURCE))
    quads = []
    for sector in sectors:
        number, text, label, nace = rows[sector]
        s = node(str(entity_iri(sector, "Sector")))
        statements: list[tuple[URIRef, ox.NamedNode | ox.Literal]] = [(RDF.type, node(str(t))) for t in types]
        statements += [(RDFS.label, ox.Literal(label)), (SKOS.prefLabel, ox.Literal(label))]
        statements += [(SKOS.inScheme, node(str(OG.SectorScheme)))]
        statements += [(OG.naceCode, ox.Literal(nace)), (SKOS.notation, ox.Literal(nace))]
        row = node(f"{SECTORS_SOURCE}#row={number}")
        statements_of_row: list[tuple[ox.NamedNode, URIRef, ox.NamedNode | ox.Literal]] = [
            (row, RDF.subject, s),
            (row, OA.exact, ox.Literal(text)),
        ]
        quads += [ox.Quad(s, node(str(p)), o, vocab) for p, o in statements]
        quads += [ox.Quad(r, node(str(p)), o, vocab) for r, p, o in statements_of_row]
    if quads:
        quads += [
            ox.Quad(source, node(str(RDF.type)), node(str(OG.ReferenceList)), vocab),
            ox.Quad(source, node(str(RDFS.label)), ox.Literal("sectors.csv (owlgraph's built-in sectors)"), vocab),
            ox.Quad(source, node(str(OG.sourceFile)), ox.Literal("/".join(SECTORS_FILE)), vocab),
        ]
    return quads


def _holds(store, subject=None, predicate=None, object=None) -> bool:
    """Whether any graph of ``store`` holds a triple matching the pattern (``None``: anything)."""
    return next(iter(store.quads_for_pattern(subject, predicate, object, None)), None) is not None


def add_builtins(store) -> int:
    """Add the ontology and the built-in sectors the data refers to into a ``pyoxigraph.Store``; return the count.

    A sector counts as referred to when some statement has it as its object; one the store already
    describes (as the article's graph does) is left as it is. Quads whose triple the store already
    holds in any graph are not added.
    """
    import pyoxigraph as ox

    wanted = []
    for sector in _sector_rows():
        iri = ox.NamedNode(str(entity_iri(sector, "Sector")))
        if not _holds(store, iri) and _holds(store, object=iri):
            wanted.append(sector)
    new = [q for q in builtin_quads(wanted) if not _holds(store, q.subject, q.predicate, q.object)]
    store.extend(new)
    return len(new)
