"""The ontology as a vocabulary: which classes and properties exist and what they take.

The facts loader uses it to check entity types, property names and value kinds
before any RDF is written; the builder uses it to materialise the standard
vocabulary super-classes and super-properties.

>>> vocab = read_vocabulary()
>>> vocab.is_class("Initiative"), vocab.kind("website"), vocab.kind("naceCode")
(True, 'object', 'literal')
>>> "http://www.w3.org/ns/org#OrganizationalCollaboration" in map(str, vocab.superclasses("Initiative"))
True
"""

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import cast

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from owlgraph.core.namespaces import OG
from owlgraph.core.resources import resource

__all__ = ["ONTOLOGY_FILE", "SHAPES_FILE", "Vocabulary", "read_vocabulary", "read_ontology"]

ONTOLOGY_FILE = resource("ontology", "owlgraph.ttl")
SHAPES_FILE = resource("ontology", "shapes.ttl")


def read_ontology(path: Path = ONTOLOGY_FILE) -> Graph:
    """The ontology as an rdflib graph."""
    return Graph().parse(path, format="turtle")


def _closure(graph: Graph, term: URIRef, relation: URIRef) -> list[URIRef]:
    return sorted(t for t in graph.transitive_objects(term, relation) if t != term and isinstance(t, URIRef))


@dataclass(frozen=True)
class Vocabulary:
    """Classes and properties of the owlgraph ontology, by local name."""

    classes: dict[str, URIRef]
    object_properties: dict[str, URIRef]
    datatype_properties: dict[str, URIRef]
    ranges: dict[str, URIRef | None]
    class_supers: dict[str, list[URIRef]] = field(repr=False)
    property_supers: dict[str, list[URIRef]] = field(repr=False)

    def is_class(self, name: str) -> bool:
        return name in self.classes

    def kind(self, prop: str) -> str | None:
        """'object', 'literal', or None for an unknown property."""
        if prop in self.object_properties:
            return "object"
        if prop in self.datatype_properties:
            return "literal"
        return None

    def iri(self, name: str) -> URIRef:
        return OG[name]

    def superclasses(self, name: str) -> list[URIRef]:
        return self.class_supers[name]

    def superproperties(self, name: str) -> list[URIRef]:
        return self.property_supers[name]

    def range_is_og_class(self, prop: str) -> bool:
        rng = self.ranges.get(prop)
        return rng is not None and str(rng).startswith(str(OG))

    def iri_kind(self, cls: str) -> str:
        """The path segment of instance IRIs of a class: its top-most owlgraph ancestor, lower-cased."""
        top = cls
        for sup in self.class_supers[cls]:
            if str(sup).startswith(str(OG)):
                top = str(sup)[len(str(OG)) :]
        return top.lower()


@lru_cache(maxsize=4)
def read_vocabulary(path: Path = ONTOLOGY_FILE) -> Vocabulary:
    """Read the vocabulary of the ontology at ``path`` (cached)."""
    g = read_ontology(path)
    og = str(OG)

    def local(kind: URIRef) -> dict[str, URIRef]:
        return {str(s)[len(og) :]: cast(URIRef, s) for s in g.subjects(RDF.type, kind) if str(s).startswith(og)}

    classes = local(OWL.Class)
    objects = local(OWL.ObjectProperty)
    literals = local(OWL.DatatypeProperty)
    props = {**objects, **literals}
    # order super-classes from nearest to farthest so iri_kind picks the top-most og class last
    class_supers = {n: _ordered_supers(g, iri) for n, iri in classes.items()}
    return Vocabulary(
        classes=classes,
        object_properties=objects,
        datatype_properties=literals,
        ranges={n: cast(URIRef | None, g.value(iri, RDFS.range)) for n, iri in props.items()},
        class_supers=class_supers,
        property_supers={n: _closure(g, iri, RDFS.subPropertyOf) for n, iri in props.items()},
    )


def _ordered_supers(g: Graph, iri: URIRef) -> list[URIRef]:
    seen: list[URIRef] = []
    frontier = [iri]
    while frontier:
        nxt = []
        for term in frontier:
            for sup in sorted(g.objects(term, RDFS.subClassOf), key=str):
                if isinstance(sup, URIRef) and sup not in seen and sup != iri:
                    seen.append(sup)
                    nxt.append(sup)
        frontier = nxt
    return seen
