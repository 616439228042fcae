"""Read a graph once into what the site needs: resources, their statements and the evidence for each.

One pass over the quads of the embedded (Oxigraph) store groups the triples by subject and
indexes the evidence (``og:Evidence`` statements and bulk-import rows) by the statement it
supports, so writing 100,000 pages never asks the store 100,000 questions.

Examples
--------
>>> from owlgraph.store.loading import load_graph
>>> site = read_site_graph(load_graph())
>>> r = site.resources["https://w3id.org/owlgraph/id/initiative/zig-owl"]
>>> r.label, r.type, r.kind
('ZIG OWL', 'Initiative', 'initiative')
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from owlgraph.core.errors import OwlgraphError
from owlgraph.core.namespaces import ID, OA, OG, RDF, RDFS, SKOS

__all__ = ["Evidence", "Resource", "SiteGraph", "read_site_graph", "local_name", "STRUCTURAL_KINDS"]

_OG, _ID = str(OG), str(ID)
_TYPE, _LABEL = str(RDF.type), str(RDFS.label)
#: IRI kinds that are provenance machinery, not resources of their own
STRUCTURAL_KINDS = frozenset({"evidence", "quote"})
_EVIDENCE = {
    "subject": str(RDF.subject),
    "predicate": str(RDF.predicate),
    "object": str(RDF.object),
    "target": str(OA.hasTarget),
    "selector": str(OA.hasSelector),
    "exact": str(OA.exact),
    "source": str(OG.evidenceSource),
    "inferred": str(OG.inferred),
    "reason": str(OG.inferenceReason),
}


def local_name(iri: str) -> str:
    """The part of an IRI after its namespace.

    >>> local_name("https://w3id.org/owlgraph/ontology#memberOf"), local_name("http://www.w3.org/2000/01/rdf-schema#label")
    ('memberOf', 'label')
    """
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rstrip("/").rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Evidence:
    """The source's words for a statement (or, for an imported row, for the whole resource)."""

    quote: str
    source: str | None
    inferred: bool = False
    reason: str | None = None


@dataclass
class Resource:
    iri: str
    label: str
    types: set[str] = field(default_factory=set)
    type: str = ""

    @property
    def kind(self) -> str:
        """The IRI kind (``initiative``, ``organisation``, …): the first path segment under ``id/``."""
        return self.iri[len(_ID) :].split("/", 1)[0]

    @property
    def path(self) -> str:
        """The page path inside the site, without suffix: ``id/<kind>/<id>``."""
        return "id/" + self.iri[len(_ID) :]


@dataclass
class SiteGraph:
    """Everything a site is written from (terms are kept as pyoxigraph terms; ``.value`` is their text)."""

    resources: dict[str, Resource]
    #: subject IRI → [(predicate term, object term)], every graph, no duplicates
    outgoing: dict[str, list]
    #: resource IRI → [(subject term, predicate term)] for statements pointing to it
    incoming: dict[str, list]
    #: (s, p, o) as N-Triples-like keys → [Evidence]
    evidence: dict[tuple[str, str, str], list[Evidence]]
    #: resource IRI → evidence for the resource as a whole (bulk-imported rows)
    row_evidence: dict[str, list[Evidence]]
    #: resource IRI → evidence node IRIs about statements on it (for its Turtle/JSON-LD)
    evidence_nodes: dict[str, list[str]]
    class_counts: dict[str, int]
    quads: int
    #: 12 hex digits that change whenever any quad changes (independent of order)
    digest: str


def read_site_graph(dataset) -> SiteGraph:
    """Group the store's triples by subject and index their evidence.

    Parameters
    ----------
    dataset : rdflib.Dataset
        An owlgraph embedded store (:func:`owlgraph.load_graph`, :func:`owlgraph.open_store`).

    Returns
    -------
    SiteGraph

    Raises
    ------
    OwlgraphError
        If ``dataset`` is not an embedded store, or holds no owlgraph resource.

    Examples
    --------
    >>> from owlgraph.store.loading import load_graph
    >>> site = read_site_graph(load_graph())
    >>> site.class_counts["Initiative"]
    10
    """
    inner = getattr(getattr(dataset, "store", None), "_inner", None)
    if inner is None:
        raise OwlgraphError(
            "publish needs the embedded store (owlgraph.load_graph or --store DIR); "
            "for a remote endpoint, export the graph first (owlgraph export) and pass it with --data"
        )
    outgoing: dict[str, dict] = defaultdict(dict)
    quads = digest = 0
    blake = hashlib.blake2b
    for quad in inner.quads_for_pattern(None, None, None, None):
        quads += 1
        s, p, o = str(quad.subject), str(quad.predicate), str(quad.object)
        outgoing[s].setdefault((p, o), (quad.predicate, quad.object))
        # an order-independent digest of the content: the sum of the quads' hashes
        digest += int.from_bytes(blake(f"{s} {p} {o} {quad.graph_name}".encode(), digest_size=8).digest(), "big")
    out = {s: list(po.values()) for s, po in outgoing.items()}
    del outgoing

    resources: dict[str, Resource] = {}
    for s, pos in out.items():
        if not s.startswith("<" + _ID) or "#" in s:
            continue
        iri = s[1:-1]
        kind = iri[len(_ID) :].split("/", 1)[0]
        if kind in STRUCTURAL_KINDS:
            continue
        types = {o.value[len(_OG) :] for p, o in pos if p.value == _TYPE and o.value.startswith(_OG)}
        if not types:
            continue
        labels = sorted(o.value for p, o in pos if p.value in (_LABEL, str(SKOS.prefLabel)))
        resources[iri] = Resource(iri, labels[0] if labels else local_name(iri), types)
    if not resources:
        raise OwlgraphError(
            "the graph holds no owlgraph resource (a subject under https://w3id.org/owlgraph/id/ with an og: type); "
            "nothing to publish"
        )
    _most_specific(resources)

    incoming: dict[str, list] = defaultdict(list)
    for s, pos in out.items():
        for p, o in pos:
            if o.value in resources and p.value != _TYPE and s[1:-1] in resources:
                incoming[o.value].append((s[1:-1], p))

    evidence, row_evidence, nodes = _evidence(out, resources)
    counts: dict[str, int] = defaultdict(int)
    for r in resources.values():
        counts[r.type] += 1
    return SiteGraph(
        resources,
        out,
        dict(incoming),
        evidence,
        row_evidence,
        nodes,
        dict(sorted(counts.items())),
        quads,
        f"{digest % 2**64:016x}"[:12],
    )


def _most_specific(resources: dict[str, Resource]) -> None:
    from owlgraph.curation.ontology import read_vocabulary

    vocab = read_vocabulary()
    cache: dict[frozenset, str] = {}
    for r in resources.values():
        key = frozenset(r.types)
        if key not in cache:
            supers = {str(u)[len(_OG) :] for n in key if vocab.is_class(n) for u in vocab.superclasses(n)}
            cache[key] = min(key - supers or key)
        r.type = cache[key]


def _evidence(out: dict[str, list], resources: dict[str, Resource]):
    """Statement evidence (``og:Evidence``) and row evidence (a node with ``oa:exact`` and ``rdf:subject``)."""
    E = _EVIDENCE
    evidence: dict[tuple[str, str, str], list[Evidence]] = defaultdict(list)
    row_evidence: dict[str, list[Evidence]] = defaultdict(list)
    nodes: dict[str, list[str]] = defaultdict(list)
    evidence_type = str(OG.Evidence)
    for node, pos in out.items():
        values: dict[str, list] = defaultdict(list)
        for p, o in pos:
            values[p.value].append(o)
        is_statement = any(o.value == evidence_type for o in values.get(_TYPE, ()))
        subjects = [o.value for o in values.get(E["subject"], ())]
        if is_statement and subjects and values.get(E["predicate"]) and values.get(E["object"]):
            source = values[E["source"]][0].value if values.get(E["source"]) else None
            inferred = any(o.value == "true" for o in values.get(E["inferred"], ()))
            reason = values[E["reason"]][0].value if values.get(E["reason"]) else None
            quotes = []
            for target in values.get(E["target"], ()):
                for _, sel in _objects(out, target, E["selector"]):
                    quotes += [o.value for _, o in _objects(out, sel, E["exact"])]
            key = (subjects[0], values[E["predicate"]][0].value, str(values[E["object"]][0]))
            evidence[key] += [Evidence(q, source, inferred, reason) for q in sorted(quotes)] or [
                Evidence("", source, inferred, reason)
            ]
            nodes[subjects[0]].append(node)
        elif values.get(E["exact"]) and subjects:  # an imported row: evidence for what it describes
            row = node[1:-1]
            for subject in subjects:
                if subject in resources:
                    row_evidence[subject] += [Evidence(o.value, row) for o in values[E["exact"]]]
                    nodes[subject].append(node)
    return dict(evidence), dict(row_evidence), dict(nodes)


def _objects(out: dict[str, list], subject, predicate: str):
    return [(p, o) for p, o in out.get(str(subject), ()) if p.value == predicate]
