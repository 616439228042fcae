"""Namespaces of owlgraph and the standard vocabularies it reuses.

Ontology terms live under :data:`OG`, instance IRIs under :data:`ID`; both are
stable across rebuilds.

Examples
--------
>>> from owlgraph.core.namespaces import OG, ID
>>> str(OG.Initiative)
'https://w3id.org/owlgraph/ontology#Initiative'
>>> str(ID["initiative/biotech-owl"])
'https://w3id.org/owlgraph/id/initiative/biotech-owl'
"""

from typing import TypeVar

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD

__all__ = [
    "OG",
    "ID",
    "GRAPH",
    "OA",
    "SDO",
    "ORG",
    "FOAF",
    "SKOS",
    "PROV",
    "DCTERMS",
    "RDF",
    "RDFS",
    "OWL",
    "XSD",
    "SH",
    "NACE",
    "NUTS",
    "WD",
    "PREFIXES",
    "bind_prefixes",
    "sparql_prefixes",
]

OG = Namespace("https://w3id.org/owlgraph/ontology#")
ID = Namespace("https://w3id.org/owlgraph/id/")
GRAPH = Namespace("https://w3id.org/owlgraph/graph/")
OA = Namespace("http://www.w3.org/ns/oa#")
SH = Namespace("http://www.w3.org/ns/shacl#")
NACE = Namespace("http://data.europa.eu/ux2/nace2/")
NUTS = Namespace("http://data.europa.eu/nuts/code/")
WD = Namespace("http://www.wikidata.org/entity/")

#: Prefixes bound in every graph and every query owlgraph runs.
PREFIXES: dict[str, Namespace] = {
    "og": OG,
    "id": ID,
    "graph": GRAPH,
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "owl": Namespace(str(OWL)),
    "xsd": Namespace(str(XSD)),
    "skos": Namespace(str(SKOS)),
    "org": Namespace(str(ORG)),
    "schema": Namespace(str(SDO)),
    "foaf": Namespace(str(FOAF)),
    "prov": Namespace(str(PROV)),
    "dcterms": Namespace(str(DCTERMS)),
    "oa": OA,
    "sh": SH,
    "nace": NACE,
    "nuts": NUTS,
    "wd": WD,
}


def sparql_prefixes() -> str:
    """The PREFIX lines for every namespace in :data:`PREFIXES`.

    >>> "PREFIX og: <https://w3id.org/owlgraph/ontology#>" in sparql_prefixes()
    True
    """
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


_G = TypeVar("_G", bound=Graph)


def bind_prefixes(graph: _G) -> _G:
    """Bind owlgraph's prefixes on ``graph`` (and return it).

    >>> bind_prefixes(Graph()).namespace_manager.expand_curie("og:Initiative")
    rdflib.term.URIRef('https://w3id.org/owlgraph/ontology#Initiative')
    """
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph
