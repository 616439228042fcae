"""The dataset description (VoID and DCAT) and the downloads it describes.

:func:`write_downloads` writes the graph in every download format straight from the
embedded store, with each named graph carrying its licence and version
(:func:`graph_metadata`); :func:`describe_dataset` describes those files: title,
description, licence, publisher, version, creation time, triples per named graph,
the SPARQL endpoint when one is given, example resources and a distribution per
download. :func:`validate_description` checks a description against
``ontology/dataset-shapes.ttl`` (shapes derived from DCAT-AP's mandatory and
recommended properties).

Examples
--------
>>> from rdflib import Graph
>>> g = describe_dataset(
...     graph_triples={"https://w3id.org/owlgraph/graph/data": 3},
...     downloads=[("data/owlgraph.nq", "N-Quads", 120)],
...     version="0.2.0+abc",
...     created="2026-01-01T00:00:00Z",
... )
>>> validate_description(g)
[]
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, XSD

from owlgraph.core.errors import ExportError
from owlgraph.core.namespaces import GRAPH, OG, PREFIXES, SH, bind_prefixes
from owlgraph.core.resources import resource

__all__ = [
    "DATASET",
    "LICENCE",
    "QUOTATION_RIGHTS",
    "FORMATS",
    "graph_metadata",
    "write_downloads",
    "describe_dataset",
    "validate_description",
    "SHAPES_FILE",
]

VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FILE_TYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
MEDIA = Namespace("https://www.iana.org/assignments/media-types/")
#: the dataset's IRI; its description is ``dataset.ttl`` (and ``dataset.html``) in the site
DATASET = URIRef("https://w3id.org/owlgraph/dataset")
#: the licence of owlgraph's curated data (see docs/decisions/publish.md)
LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")
QUOTATION_RIGHTS = (
    "Curated facts and their structure: CC BY 4.0, the owlgraph engineers. The evidence quotations are "
    "short excerpts of the press article 'Brancheninitiativen sind Treiber der Regionalentwicklung' "
    "(Press Medien GmbH & Co. KG, Detmold), quoted under the German quotation right (§ 51 UrhG); all "
    "rights in the article remain with its author and publisher and are not licensed by owlgraph."
)
PUBLISHER_NAME = "the owlgraph engineers"
SHAPES_FILE = resource("ontology", "dataset-shapes.ttl")
#: download name → (suffix, pyoxigraph format name, media type, EU file-type code, keeps named graphs)
FORMATS = {
    "N-Quads": (".nq", "N_QUADS", "application/n-quads", "NQUADS", True),
    "TriG": (".trig", "TRIG", "application/trig", "TRIG", True),
    "JSON-LD": (".jsonld", "JSON_LD", "application/ld+json", "JSON_LD", True),
    "Turtle": (".ttl", "TURTLE", "text/turtle", "RDF_TURTLE", False),
    "N-Triples": (".nt", "N_TRIPLES", "application/n-triples", "RDF_N_TRIPLES", False),
}


def graph_metadata(graph_iri: str, *, version: str, created: str) -> list[tuple[URIRef, URIRef, Literal | URIRef]]:
    """The statements a named graph carries about itself: licence, rights, version, creation time, dataset.

    >>> statements = graph_metadata("https://w3id.org/owlgraph/graph/data", version="1", created="2026-01-01T00:00:00Z")
    >>> print(" ".join(str(p).rsplit("/", 1)[-1] for _, p, _ in statements))
    license rights owl#versionInfo created isPartOf
    """
    g = URIRef(graph_iri)
    return [
        (g, DCTERMS.license, LICENCE),
        (g, DCTERMS.rights, Literal(QUOTATION_RIGHTS, lang="en")),
        (g, OWL.versionInfo, Literal(version)),
        (g, DCTERMS.created, Literal(created, datatype=XSD.dateTime)),
        (g, DCTERMS.isPartOf, DATASET),
    ]


def _ox_quads(inner, *, version: str, created: str):
    """The store's quads plus each named data/provenance graph's metadata, as pyoxigraph quads."""
    import pyoxigraph as ox

    names = [g for g in inner.named_graphs() if isinstance(g, ox.NamedNode)]
    extra = []
    for g in names:
        if g.value in (str(GRAPH.data), str(GRAPH.provenance)) or not g.value.startswith(str(GRAPH)):
            for s, p, o in graph_metadata(g.value, version=version, created=created):
                obj: ox.NamedNode | ox.Literal
                if isinstance(o, URIRef):
                    obj = ox.NamedNode(str(o))
                elif o.language or o.datatype is None:
                    obj = ox.Literal(str(o), language=o.language)
                else:
                    obj = ox.Literal(str(o), datatype=ox.NamedNode(str(o.datatype)))
                extra.append(ox.Quad(ox.NamedNode(str(s)), ox.NamedNode(str(p)), obj, g))
    return extra


def write_downloads(
    dataset, folder: str | os.PathLike, *, version: str, created: str, formats=tuple(FORMATS)
) -> tuple[dict[str, int], list[tuple[str, str, int]]]:
    """Write the whole graph into ``folder`` as ``owlgraph.<suffix>`` in each of ``formats``.

    Formats without named graphs (Turtle, N-Triples) hold the distinct triples of all graphs.
    Returns the triples per named graph (as written) and, per file, (name relative to
    ``folder``'s parent, format, bytes).
    """
    import pyoxigraph as ox

    inner = dataset.store._inner
    extra = _ox_quads(inner, version=version, created=created)
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    counts: Counter = Counter()
    for q in inner.quads_for_pattern(None, None, None, None):
        counts[str(q.graph_name.value) if isinstance(q.graph_name, ox.NamedNode) else ""] += 1
    for q in extra:
        counts[q.graph_name.value] += 1
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in formats:
        suffix, fmt, _, _, named = FORMATS[name]
        path = folder / f"owlgraph{suffix}"
        quads = (*inner.quads_for_pattern(None, None, None, None), *extra)
        items = quads if named else list(dict.fromkeys(q.triple for q in quads))
        try:
            ox.serialize(items, str(path), getattr(ox.RdfFormat, fmt), prefixes=prefixes if fmt != "N_QUADS" else None)
        except (OSError, ValueError) as exc:
            raise ExportError(f"{path}: cannot write the {name} download ({exc}); choose a writable folder") from None
        written.append((f"{folder.name}/{path.name}", name, path.stat().st_size))
    return {g: n for g, n in sorted(counts.items()) if g}, written


def describe_dataset(
    *,
    graph_triples: dict[str, int],
    downloads: list[tuple[str, str, int]],
    version: str,
    created: str,
    base: str = "https://w3id.org/owlgraph/",
    title: str = "owlgraph: the OstWestfalenLippe industry network initiatives",
    description: str = (
        "A knowledge graph of the ten industry network initiatives (Brancheninitiativen) of "
        "OstWestfalenLippe and the organisations, people, events and programmes around them, "
        "every fact with the source's exact words as evidence."
    ),
    endpoint: str | None = None,
    examples: Sequence[str] = (),
    total_triples: int | None = None,
) -> Graph:
    """The VoID and DCAT description of the published dataset as an rdflib ``Graph``.

    Parameters
    ----------
    graph_triples : dict
        Named graph IRI → number of triples in it (as in the downloads).
    downloads : list of (path, format name, bytes)
        Files relative to the site's top; ``format name`` is a key of :data:`FORMATS`.
    version, created : str
        The dataset's version and creation time (``xsd:dateTime`` text).
    base : str
        Where the site is published; download URLs are ``base`` + path.
    endpoint : str, optional
        A public SPARQL endpoint serving the same graph.
    examples : list of str
        IRIs of example resources.
    """
    g = bind_prefixes(Graph())
    g.bind("void", VOID)
    g.bind("dcat", DCAT)
    g.bind("sd", SD)
    ds = DATASET
    catalog = URIRef(base + "catalog")
    publisher = URIRef(base + "publisher")
    g.add((catalog, RDF.type, DCAT.Catalog))
    g.add((catalog, DCTERMS.title, Literal("owlgraph catalogue", lang="en")))
    g.add((catalog, DCTERMS.description, Literal("The datasets published by owlgraph.", lang="en")))
    g.add((catalog, DCTERMS.publisher, publisher))
    g.add((catalog, DCAT.dataset, ds))
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal(PUBLISHER_NAME)))
    for t in (VOID.Dataset, DCAT.Dataset):
        g.add((ds, RDF.type, t))
    g.add((ds, DCTERMS.title, Literal(title, lang="en")))
    g.add((ds, DCTERMS.description, Literal(description, lang="en")))
    g.add((ds, DCTERMS.license, LICENCE))
    g.add((ds, DCTERMS.rights, Literal(QUOTATION_RIGHTS, lang="en")))
    g.add((ds, DCTERMS.publisher, publisher))
    g.add((ds, URIRef(str(DCAT) + "version"), Literal(version)))  # DCAT 3; not in rdflib's DCAT namespace
    g.add((ds, OWL.versionInfo, Literal(version)))
    g.add((ds, DCTERMS.created, Literal(created, datatype=XSD.dateTime)))
    g.add((ds, DCTERMS.issued, Literal(created, datatype=XSD.dateTime)))
    g.add((ds, DCTERMS.language, URIRef("http://publications.europa.eu/resource/authority/language/DEU")))
    for word in ("Brancheninitiativen", "OstWestfalenLippe", "regional networks", "cooperation", "provenance"):
        g.add((ds, DCAT.keyword, Literal(word)))
    g.add((ds, VOID.uriSpace, Literal("https://w3id.org/owlgraph/id/")))
    g.add((ds, VOID.vocabulary, URIRef(str(OG).rstrip("#"))))
    g.add((ds, VOID.triples, Literal(total_triples if total_triples is not None else sum(graph_triples.values()))))
    g.add((ds, DCAT.landingPage, URIRef(base)))
    for iri in examples:
        g.add((ds, VOID.exampleResource, URIRef(iri)))
    for name, n in sorted(graph_triples.items()):
        sub = URIRef(f"{ds}#graph-{name.rstrip('/').rsplit('/', 1)[-1]}")
        g.add((ds, VOID.subset, sub))
        g.add((sub, RDF.type, VOID.Dataset))
        g.add((sub, SD.name, URIRef(name)))
        g.add((sub, DCTERMS.title, Literal(f"named graph <{name}>", lang="en")))
        g.add((sub, VOID.triples, Literal(n)))
    if endpoint:
        service = URIRef(base + "sparql-service")
        g.add((ds, VOID.sparqlEndpoint, URIRef(endpoint)))
        g.add((service, RDF.type, DCAT.DataService))
        g.add((service, DCTERMS.title, Literal("SPARQL endpoint", lang="en")))
        g.add((service, DCAT.endpointURL, URIRef(endpoint)))
        g.add((service, DCAT.servesDataset, ds))
        g.add((service, DCTERMS.license, LICENCE))
        g.add((catalog, DCAT.service, service))
    for path, name, size in downloads:
        suffix, _, media, code, named = FORMATS[name]
        dist = URIRef(f"{ds}#download-{suffix[1:]}")
        url = URIRef(base + path)
        g.add((ds, DCAT.distribution, dist))
        g.add((ds, VOID.dataDump, url))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(f"The whole graph as {name}", lang="en")))
        g.add(
            (
                dist,
                DCTERMS.description,
                Literal(
                    "all named graphs" if named else "the distinct triples of all named graphs, in one graph", lang="en"
                ),
            )
        )
        g.add((dist, DCAT.accessURL, url))
        g.add((dist, DCAT.downloadURL, url))
        g.add((dist, DCAT.mediaType, MEDIA[media]))
        g.add((dist, DCTERMS["format"], FILE_TYPE[code]))
        g.add((dist, DCTERMS.license, LICENCE))
        g.add((dist, DCAT.byteSize, Literal(size, datatype=XSD.nonNegativeInteger)))
    return g


def validate_description(description: Graph, *, shapes: Path = SHAPES_FILE) -> list[str]:
    """One line per violation of the dataset shapes (an empty list when the description conforms)."""
    import pyshacl

    conforms, report, _ = pyshacl.validate(
        description, shacl_graph=Graph().parse(shapes, format="turtle"), inference="none", allow_warnings=True
    )
    if conforms:
        return []
    lines = []
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        focus, path = report.value(result, SH.focusNode), report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        lines.append(f"<{focus}> {path if path is not None else ''}: {message}")
    return sorted(lines)
