"""Counts per class and per relation, for ``owlgraph stats`` and the build summary.

Examples
--------
>>> from owlgraph.store.loading import load_graph
>>> counts = graph_stats(load_graph())
>>> counts["classes"]["og:Initiative"], counts["facts"]["inferred"] > 0
(10, True)
"""

from functools import cache

from owlgraph.core.namespaces import bind_prefixes
from owlgraph.sparql.queries import select_rows
from owlgraph.sparql.results import python_value

__all__ = ["graph_stats", "format_stats"]

CLASS_COUNTS = """SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY ?class"""
RELATION_COUNTS = """SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p"""
#: The same counts for owlgraph's own ontology terms (``VALUES ?s``), which every owlgraph store holds: left out.
TERM_CLASS_COUNTS = (
    """SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { VALUES ?s { TERMS } ?s a ?class } GROUP BY ?class"""
)
TERM_RELATION_COUNTS = """SELECT ?p (COUNT(*) AS ?n) WHERE { VALUES ?s { TERMS } ?s ?p ?o } GROUP BY ?p"""
FACT_COUNTS = """SELECT ?inferred (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a og:Evidence ; og:inferred ?inferred } GROUP BY ?inferred ORDER BY ?inferred"""


def _curie_function():
    from rdflib import Graph

    return bind_prefixes(Graph()).namespace_manager.normalizeUri


@cache
def _ontology_terms() -> str:
    """The IRIs the ontology describes (its classes, properties, schemes and itself), for ``VALUES``."""
    from owlgraph.curation.ontology import read_ontology

    return " ".join(sorted({s.n3() for s in read_ontology().subjects()}))


def _counts(source, query: str, terms: bool) -> dict[str, int]:
    _curie = _curie_function()  # (rdflib answers a GROUP BY over nothing with one unbound row: skipped)
    rows = select_rows(source, query.replace("TERMS", _ontology_terms()) if terms else query)[1]
    return {_curie(k): int(python_value(n)) for k, n in rows if n is not None}


def graph_stats(source) -> dict:
    """Counts per class, per relation, of triples, and of stated versus inferred facts.

    ``source`` is any graph source (:func:`owlgraph.sparql.source.as_source`): a graph
    from ``load_graph()``, an ``Endpoint``, an endpoint URL or a ``SPARQLWrapper``.
    ``triples`` counts everything; the classes and relations are those of the data: the
    ``ontology_triples`` about owlgraph's own ontology terms (``graph:ontology``, which every
    store that :func:`~owlgraph.store.loading.load_graph` fills holds) are left out, so that
    ``owl:Class`` or ``rdfs:subClassOf`` are not counted as the data's.

    Examples
    --------
    >>> from rdflib import Graph
    >>> graph_stats(Graph())["triples"]
    0
    """
    classes, relations = _counts(source, CLASS_COUNTS, False), _counts(source, RELATION_COUNTS, False)
    triples = sum(relations.values())
    ontology = 0
    for counted, query in ((classes, TERM_CLASS_COUNTS), (relations, TERM_RELATION_COUNTS)):
        for key, n in _counts(source, query, True).items():
            counted[key] -= n
            ontology += n if counted is relations else 0
            if not counted[key]:
                del counted[key]
    flags = {
        bool(python_value(i)): int(python_value(n)) for i, n in select_rows(source, FACT_COUNTS)[1] if n is not None
    }
    return {
        "triples": triples,
        "ontology_triples": ontology,
        "classes": classes,
        "relations": relations,
        "facts": {"stated": flags.get(False, 0), "inferred": flags.get(True, 0)},
    }


def format_stats(stats: dict, *, prefix: str = "") -> str:
    """A plain-text table of :func:`graph_stats` (only ``prefix``-ed classes and relations if given)."""
    ontology = stats.get("ontology_triples")
    of_them = f" ({ontology} of them owlgraph's ontology, not counted below)" if ontology else ""
    lines = [
        f"triples: {stats['triples']}{of_them}",
        f"facts: {stats['facts']['stated']} stated, {stats['facts']['inferred']} inferred",
        "",
        "class counts:",
    ]
    lines += [f"  {n:>7}  {c}" for c, n in stats["classes"].items() if c.startswith(prefix)]
    lines += ["", "relation counts:"]
    lines += [f"  {n:>7}  {p}" for p, n in stats["relations"].items() if p.startswith(prefix)]
    return "\n".join(lines)
