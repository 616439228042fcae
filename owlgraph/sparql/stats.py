"""Counts per class and per relation, for ``owlgraph stats`` and the build summary.

Examples
--------
>>> from owlgraph.store.loading import load_graph
>>> counts = graph_stats(load_graph())
>>> counts["classes"]["og:Initiative"], counts["facts"]["inferred"] > 0
(10, True)
"""

from owlgraph.core.namespaces import bind_prefixes
from owlgraph.sparql.queries import select_rows
from owlgraph.sparql.results import python_value

__all__ = ["graph_stats", "format_stats"]

CLASS_COUNTS = """SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY ?class"""
RELATION_COUNTS = """SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p"""
FACT_COUNTS = """SELECT ?inferred (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a og:Evidence ; og:inferred ?inferred } GROUP BY ?inferred ORDER BY ?inferred"""


def _curie_function():
    from rdflib import Graph

    return bind_prefixes(Graph()).namespace_manager.normalizeUri


def graph_stats(source) -> dict:
    """Counts per class, per relation, of triples, and of stated versus inferred facts.

    ``source`` is any graph source (:func:`owlgraph.sparql.source.as_source`): a graph
    from ``load_graph()``, an ``Endpoint``, an endpoint URL or a ``SPARQLWrapper``.

    Examples
    --------
    >>> from rdflib import Graph
    >>> graph_stats(Graph())["triples"]
    0
    """
    _curie = _curie_function()  # (rdflib answers a GROUP BY over nothing with one unbound row: skipped)
    classes = {_curie(c): int(python_value(n)) for c, n in select_rows(source, CLASS_COUNTS)[1] if n is not None}
    relations = {_curie(p): int(python_value(n)) for p, n in select_rows(source, RELATION_COUNTS)[1] if n is not None}
    flags = {
        bool(python_value(i)): int(python_value(n)) for i, n in select_rows(source, FACT_COUNTS)[1] if n is not None
    }
    return {
        "triples": sum(relations.values()),
        "classes": classes,
        "relations": relations,
        "facts": {"stated": flags.get(False, 0), "inferred": flags.get(True, 0)},
    }


def format_stats(stats: dict, *, prefix: str = "") -> str:
    """A plain-text table of :func:`graph_stats` (only ``prefix``-ed classes and relations if given)."""
    lines = [
        f"triples: {stats['triples']}",
        f"facts: {stats['facts']['stated']} stated, {stats['facts']['inferred']} inferred",
        "",
        "class counts:",
    ]
    lines += [f"  {n:>7}  {c}" for c, n in stats["classes"].items() if c.startswith(prefix)]
    lines += ["", "relation counts:"]
    lines += [f"  {n:>7}  {p}" for p, n in stats["relations"].items() if p.startswith(prefix)]
    return "\n".join(lines)
