"""owlgraph: a knowledge graph of regional cooperation networks.

Source facts → RDF → store → SPARQL → NetworkX → HTML views. The public API::

    import owlgraph
    graph = owlgraph.load_graph()                          # the built graph in the embedded store
    owlgraph.query(graph, "who-heads-what")                # a typed pandas DataFrame
    coop = owlgraph.cooperation_network(graph)             # a weighted networkx.Graph with evidence
    owlgraph.view(coop)                                    # an interactive view, inline in Jupyter

Names are imported lazily, so ``import owlgraph`` stays fast.

>>> import owlgraph
>>> owlgraph.QueryError.__mro__[1].__name__
'OwlgraphError'
"""

from importlib import import_module

__version__ = "0.2.0"

#: Public name → the module that defines it (stage by stage, bottom to top).
_API = {
    # core
    "OwlgraphError": "core.errors",
    "InputFileError": "core.errors",
    "FactsError": "core.errors",
    "EvidenceError": "core.errors",
    "ValidationError": "core.errors",
    "QueryError": "core.errors",
    "EndpointError": "core.errors",
    "ExportError": "core.errors",
    "ViewError": "core.errors",
    "sparql_prefixes": "core.namespaces",
    # curation
    "read_facts": "curation.facts",
    "default_facts_files": "curation.facts",
    "FactBase": "curation.facts",
    "build_graph": "curation.build",
    "fact_origins": "curation.build",
    "validate_graph": "curation.validate",
    "check_graph": "curation.validate",
    "write_graph": "curation.export",
    "read_ontology": "curation.ontology",
    # store
    "load_graph": "store.loading",
    "open_store": "store.embedded",
    "import_csv": "store.tabular",
    # sparql
    "query": "sparql.queries",
    "named_queries": "sparql.queries",
    "graph_stats": "sparql.stats",
    "Endpoint": "sparql.endpoint",
    "GraphSource": "sparql.source",
    "as_source": "sparql.source",
    "serve": "sparql.server",
    # network
    "to_networkx": "network.builders",
    "full_network": "network.builders",
    "cooperation_network": "network.builders",
    "affiliation_network": "network.builders",
    "one_mode_network": "network.builders",
    "query_network": "network.builders",
    "add_metrics": "network.analysis",
    "ranked": "network.analysis",
    "community_table": "network.analysis",
    "brokerage_table": "network.analysis",
    "add_sectors": "network.sectors",
    "brokerage": "network.analysis",
    "metrics_to_rdf": "network.analysis",
    "select_subnetwork": "network.subnetwork",
    "write_network": "network.formats",
    "read_network": "network.formats",
    # views
    "view": "views.page",
    "write_html": "views.page",
    "to_pyvis": "views.pyvis_network",
    # extraction (drafts from new sources)
    "extract": "extraction.extractor",
    "evaluate_draft": "extraction.evaluate",
    # publishing
    "publish": "publishing.site",
    # the main job
    "run_build": "pipeline",
}

__all__ = ["__version__", *sorted(_API)]


def __getattr__(name: str):
    if name in _API:
        return getattr(import_module(f".{_API[name]}", __name__), name)
    raise AttributeError(f"module 'owlgraph' has no attribute {name!r}")


def __dir__():
    return sorted([*globals(), *_API])
