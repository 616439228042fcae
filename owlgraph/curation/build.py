"""Build RDF from checked facts: data, provenance and ontology as three named graphs.

Every fact becomes one triple in the data graph (plus the standard-vocabulary
super-classes and super-properties it entails, so that queries written against
W3C ORG, schema.org, FOAF or SKOS work without a reasoner). Its evidence goes to
the provenance graph: an ``og:Evidence`` (an ``rdf:Statement`` and
``oa:Annotation``) that names the statement, its source, whether it is inferred
and why, and the exact quoted words as a W3C Web Annotation
``oa:TextQuoteSelector``.

Examples
--------
>>> ds = build_graph()
>>> from owlgraph.core.namespaces import ID, OG
>>> str(ds.value(ID["initiative/zig-owl"], OG.website))
'https://www.zig-owl.de'
"""

import hashlib
from pathlib import Path

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SDO, SKOS, XSD

from owlgraph.core.namespaces import GRAPH, ID, OA, OG, PROV, bind_prefixes
from owlgraph.core.resources import relative_name
from owlgraph.curation.facts import PERSONAL_DATA, Fact, FactBase, read_facts
from owlgraph.curation.ontology import ONTOLOGY_FILE, Vocabulary, read_ontology, read_vocabulary

__all__ = [
    "DATA_GRAPH",
    "PROVENANCE_GRAPH",
    "ONTOLOGY_GRAPH",
    "build_graph",
    "entity_iri",
    "fact_origins",
    "date_literal",
]

DATA_GRAPH = GRAPH.data
PROVENANCE_GRAPH = GRAPH.provenance
ONTOLOGY_GRAPH = GRAPH.ontology
CONTEXT_CHARS = 32
SCHEMES = {"Sector": OG.SectorScheme, "Topic": OG.TopicScheme}


def entity_iri(entity_id: str, type_name: str, vocab: Vocabulary | None = None) -> URIRef:
    """The stable IRI of an entity: ``id/<kind>/<id>``, kind from its top-most owlgraph class.

    >>> str(entity_iri("ostwestfalenlippe-gmbh", "Company"))
    'https://w3id.org/owlgraph/id/organisation/ostwestfalenlippe-gmbh'
    """
    vocab = vocab or read_vocabulary()
    return ID[f"{vocab.iri_kind(type_name)}/{entity_id}"]


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


class _Builder:
    def __init__(self, base: FactBase, vocab: Vocabulary, dataset: Dataset):
        self.base, self.vocab = base, vocab
        self.data = dataset.graph(DATA_GRAPH)
        self.prov = dataset.graph(PROVENANCE_GRAPH)
        self.iris = {e.id: entity_iri(e.id, e.type, vocab) for e in base.entities}
        self.sources = {s.id: s for s in base.sources}

    def run(self) -> None:
        for source in self.base.sources:
            iri = self.iris[source.id]
            self.data.add((iri, OG.sourceFile, Literal(_relative(source.path))))
        for e in self.base.entities:
            iri = self.iris[e.id]
            self._assert(iri, RDF.type, OG[e.type], e.source, e.evidence, e.inferred, e.type)
            self._assert(iri, RDFS.label, Literal(e.label), e.source, e.evidence, e.inferred)
            if e.type in SCHEMES:
                self.data.add((iri, SKOS.prefLabel, Literal(e.label)))
                self.data.add((iri, SKOS.inScheme, SCHEMES[e.type]))
        for fact in self.base.facts:
            self._assert(
                self.iris[fact.subject],
                OG[fact.prop],
                self._object(fact),
                fact.source,
                fact.evidence,
                fact.inferred,
                prop=fact.prop,
            )

    def _object(self, fact: Fact):
        if fact.kind == "entity":
            return self.iris[str(fact.value)]
        if fact.kind == "iri":
            return URIRef(str(fact.value))
        if isinstance(fact.value, tuple):  # a checked date: (lexical, xsd name)
            return date_literal(*fact.value)
        return Literal(fact.value)

    def _assert(self, s, p, o, source_id, evidence, inferred, type_name=None, prop=None):
        self.data.add((s, p, o))
        for sup in self.vocab.superclasses(type_name) if type_name else []:
            self.data.add((s, RDF.type, sup))
        for sup in self.vocab.superproperties(prop) if prop else []:
            self.data.add((s, sup, o))
        if prop == "date" and getattr(o, "datatype", None) == XSD.dateTime:  # schema.org dates are full dates
            self.data.add((s, SDO.startDate, o))
        self._evidence(s, p, o, source_id, evidence, inferred)

    def _evidence(self, s, p, o, source_id, quotes, inferred):
        source = self.sources[source_id]
        src = self.iris[source_id]
        ev = ID[f"evidence/{_digest(s, p, o.n3(), source_id, *quotes)}"]
        prov = self.prov
        prov.add((ev, RDF.type, OG.Evidence))
        prov.add((ev, RDF.subject, s))
        prov.add((ev, RDF.predicate, p))
        prov.add((ev, RDF.object, o))
        prov.add((ev, OG.evidenceSource, src))
        prov.add((ev, PROV.wasDerivedFrom, src))
        prov.add((ev, OG.inferred, Literal(inferred is not None)))
        if inferred is not None:
            prov.add((ev, OG.inferenceReason, Literal(inferred, lang="en")))
        for quote in quotes:
            q = ID[f"quote/{_digest(source_id, quote)}"]
            selector = URIRef(f"{q}#selector")
            prov.add((ev, OA.hasTarget, q))
            prov.add((q, RDF.type, OG.Quote))
            prov.add((q, OA.hasSource, src))
            prov.add((q, OA.hasSelector, selector))
            start = source.text.find(quote)
            prov.add((selector, RDF.type, OA.TextQuoteSelector))
            prov.add((selector, OA.exact, Literal(quote)))
            prefix = source.text[max(0, start - CONTEXT_CHARS) : start]
            suffix = source.text[start + len(quote) : start + len(quote) + CONTEXT_CHARS]
            # the context around a quote must not carry personal contact data into the graph
            if not PERSONAL_DATA.search(prefix):
                prov.add((selector, OA.prefix, Literal(prefix)))
            if not PERSONAL_DATA.search(suffix):
                prov.add((selector, OA.suffix, Literal(suffix)))


def date_literal(lexical: str, datatype: str) -> Literal:
    """A checked date (from :func:`~owlgraph.curation.facts.parse_date`) as an OWL 2 data value.

    A full day becomes an ``xsd:dateTime`` at the start of that day; a date without a year
    or day (``--01-24``, ``2023-01``, ``2023``) stays its lexical form as a plain string,
    because ``xsd:date`` and the ``xsd:g*`` types are outside the OWL 2 datatype map and
    no year or day is invented.

    >>> date_literal("2023-01-24", "date").n3()
    '"2023-01-24T00:00:00"^^<http://www.w3.org/2001/XMLSchema#dateTime>'
    >>> date_literal("--01-24", "gMonthDay").n3()
    '"--01-24"'
    """
    if datatype == "date":
        return Literal(f"{lexical}T00:00:00", datatype=XSD.dateTime)
    return Literal(lexical)


def _relative(path: Path) -> str:
    """A packaged source by its resource name; any other file by its name only (no local paths in the graph)."""
    name = relative_name(path)
    return name if name != str(path) else path.name


def build_graph(facts: FactBase | None = None, *, ontology: Path = ONTOLOGY_FILE) -> Dataset:
    """Build the complete knowledge graph: data, provenance and ontology named graphs.

    The returned :class:`rdflib.Dataset` queries as the union of its graphs.
    """
    base = facts if facts is not None else read_facts()
    dataset = bind_prefixes(Dataset(default_union=True))
    _Builder(base, read_vocabulary(ontology), dataset).run()
    onto = dataset.graph(ONTOLOGY_GRAPH)
    for triple in read_ontology(ontology):
        onto.add(triple)
    return dataset


def fact_origins(facts: FactBase) -> dict:
    """Where each entity (by IRI) and each fact (by subject IRI and predicate) came from, as ``file:line``."""
    vocab = read_vocabulary()
    iris = {e.id: entity_iri(e.id, e.type, vocab) for e in facts.entities}
    found: dict = {iri: e.origin for e, iri in zip(facts.entities, iris.values())}
    for fact in facts.facts:
        found.setdefault((iris[fact.subject], OG[fact.prop]), fact.origin)
    return found
