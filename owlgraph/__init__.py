"""owlgraph: a knowledge graph of regional cooperation networks.

Source facts → RDF → store → SPARQL → NetworkX → HTML views. The public API::

    import owlgraph
    graph = owlgraph.load_graph()                          # the built graph in the embedded store
    owlgraph.query(graph, "who-heads-which-organisation")  # a typed pandas DataFrame
    coop = owlgraph.cooperation_network(graph)             # a weighted networkx.Graph with evidence
    owlgraph.view(coop)                                    # an interactive view, inline in Jupyter

Names are imported lazily, so ``import owlgraph`` stays fast.
"""

from importlib import import_module

__version__ = "0.1.0"

_API = {
    "read_facts": "facts", "default_facts_files": "facts", "FactBase": "facts", "origins": "build",
    "sparql_prefixes": "namespaces", "build_graph": "build", "validate_graph": "validate", "check_graph": "validate",
    "load_graph": "store", "open_store": "store", "write_graph": "export", "query": "sparql",
    "named_queries": "sparql", "graph_stats": "stats", "to_networkx": "network", "full_graph": "network",
    "cooperation_network": "network", "affiliation_graph": "network", "project": "network",
    "query_graph": "network", "add_metrics": "analysis", "ranked": "analysis", "brokerage": "analysis",
    "metrics_to_rdf": "analysis", "write_network": "netexport", "read_network": "netexport",
    "view": "views", "write_html": "views", "select_subnetwork": "subnetwork", "Endpoint": "endpoint",
    "serve": "server", "run_build": "pipeline", "OwlgraphError": "errors",
}

__all__ = sorted(_API)


def __getattr__(name: str):
    if name in _API:
        return getattr(import_module(f".{_API[name]}", __name__), name)
    raise AttributeError(f"module 'owlgraph' has no attribute {name!r}")


def __dir__():
    return sorted([*globals(), *_API])
