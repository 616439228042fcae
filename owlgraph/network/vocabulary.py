"""The standard terms the network builders read, with owlgraph's own as their specialisations.

The projections ask for W3C ORG, schema.org (``https://schema.org/`` and ``http://schema.org/``),
FOAF, SKOS and Dublin Core terms next to the ``og:`` terms that specialise them, so that the same
query answers on owlgraph's graph (which materialises both), on a bulk import (which writes the
``og:`` terms only) and on a graph that uses the standard terms only. The table of terms is in
``docs/vocabulary-mapping.md``. Which owlgraph classes are agents (initiatives and organisations)
is read from the ontology: those under ``org:Organization``, ``org:FormalOrganization``,
``org:OrganizationalCollaboration`` or ``foaf:Organization``.

Examples
--------
>>> sorted(agent_types() & {"Initiative", "Company", "Group", "Person", "Corporation"})
['Company', 'Corporation', 'Initiative']
>>> standard_type({"http://xmlns.com/foaf/0.1/Person", "http://schema.org/Person"})
'Person'
>>> choose_label([("rdfs:label", "Holz", "de"), ("rdfs:label", "Wood", "en")], language="en")
'Wood'
"""

from collections import Counter
from functools import lru_cache

from owlgraph.core.namespaces import DCTERMS, FOAF, OG, ORG, RDFS, SDO, SKOS

__all__ = [
    "SDO_HTTP",
    "LABEL_PROPERTIES",
    "ORGANISATION_CLASSES",
    "PERSON_CLASSES",
    "EVENT_CLASSES",
    "STANDARD_CLASSES",
    "TERMS",
    "PATHS",
    "paths",
    "candidate_terms",
    "agent_types",
    "agent_classes",
    "standard_type",
    "graph_language",
    "choose_label",
]

SDO_HTTP = "http://schema.org/"
OG_NS = str(OG)


def _schema(*names: str) -> list[str]:
    """A schema.org term in both of its namespaces (``https://`` first)."""
    return [f"{ns}{n}" for n in names for ns in (str(SDO), SDO_HTTP)]


#: Label properties, most preferred first (after the graph's language, see :func:`choose_label`).
LABEL_PROPERTIES: list[str] = [
    str(RDFS.label),
    str(SKOS.prefLabel),
    *_schema("name"),
    str(FOAF.name),
    str(DCTERMS.title),
]

#: Organisation classes of the standard vocabularies, most specific first (the first match names a node's type).
ORGANISATION_CLASSES: list[str] = [
    str(ORG.OrganizationalCollaboration),
    *_schema(
        "Corporation",
        "GovernmentOrganization",
        "ResearchOrganization",
        "EducationalOrganization",
        "CollegeOrUniversity",
        "NGO",
        "LocalBusiness",
        "FundingAgency",
        "Consortium",
        "Project",
        "MedicalOrganization",
        "NewsMediaOrganization",
        "PoliticalParty",
        "SportsOrganization",
        "WorkersUnion",
    ),
    str(ORG.OrganizationalUnit),
    str(ORG.FormalOrganization),
    str(ORG.Organization),
    *_schema("Organization"),
    str(FOAF.Organization),
]
PERSON_CLASSES: list[str] = [str(FOAF.Person), *_schema("Person")]
EVENT_CLASSES: list[str] = _schema("Event")
#: Every standard class that names a node's type when it has no owlgraph class, in order of preference.
STANDARD_CLASSES: list[str] = [
    *ORGANISATION_CLASSES,
    *PERSON_CLASSES,
    *EVENT_CLASSES,
    str(ORG.Post),
    str(ORG.Membership),
    str(ORG.Role),
    str(FOAF.Group),
    str(SKOS.Concept),
    *_schema("Place"),
]
# The ORG/FOAF classes whose owlgraph specialisations are agents (schema:Organization is too wide:
# og:Group, a group of people, specialises it).
_AGENT_ROOTS = {str(ORG.Organization), str(ORG.FormalOrganization), str(ORG.OrganizationalCollaboration)}
_AGENT_ROOTS.add(str(FOAF.Organization))


def _path(*terms: str) -> str:
    """A SPARQL property path of alternatives; ``^term`` is the inverse."""
    return "|".join(f"^<{t[1:]}>" if t.startswith("^") else f"<{t}>" for t in terms)


#: Relations by name: the og: term first, then the standard ones it specialises (``^``: read backwards).
TERMS: dict[str, list[str]] = {
    # org:hasMember is ORG's inverse of org:memberOf, schema:member schema.org's inverse of schema:memberOf
    "memberOf": [
        str(OG.memberOf),
        str(ORG.memberOf),
        *_schema("memberOf"),
        "^" + str(ORG.hasMember),
        *("^" + t for t in _schema("member")),
    ],
    "member": [str(OG.member), str(ORG.member)],
    "membershipIn": [str(OG.membershipIn), str(ORG.organization)],
    "roleName": [str(OG.roleName), str(ORG.role), *_schema("roleName")],
    "headOf": [str(OG.headOf), str(ORG.headOf)],
    "holds": [str(OG.holds), str(ORG.holds)],
    "postIn": [str(OG.postIn), str(ORG.postIn)],
    "participant": [str(OG.participant), *_schema("attendee")],
    "organizer": [str(OG.organizer), *_schema("organizer")],
    "funder": [str(OG.funder), *_schema("funder")],
    "label": LABEL_PROPERTIES,
}


def paths(present=None) -> dict[str, str]:
    """Relations as SPARQL property paths, of only the terms in ``present`` when it is given.

    A relation none of whose terms is present keeps its og: term (which then matches nothing):
    a single predicate is a plain triple pattern, far cheaper for a store than alternatives.

    Examples
    --------
    >>> paths({"http://schema.org/attendee"})["participant"]
    '<http://schema.org/attendee>'
    >>> paths(set())["memberOf"]
    '<https://w3id.org/owlgraph/ontology#memberOf>'
    """
    if present is None:
        return {name: _path(*terms) for name, terms in TERMS.items()}
    return {
        name: _path(*([t for t in terms if t.lstrip("^") in present] or terms[:1])) for name, terms in TERMS.items()
    }


#: Relations as SPARQL property paths of all their terms (see :func:`paths` for those a graph uses).
PATHS: dict[str, str] = paths()


def candidate_terms() -> tuple[list[str], list[str]]:
    """The predicates and the classes the network builders may ask for, to ask a graph which it uses."""
    predicates = sorted({t.lstrip("^") for terms in TERMS.values() for t in terms})
    agents, others = _og_agent_classes()
    classes = sorted({*(f"{OG_NS}{n}" for n in agents | others), *STANDARD_CLASSES})
    return predicates, classes


@lru_cache(maxsize=1)
def _og_agent_classes() -> tuple[frozenset[str], frozenset[str]]:
    """owlgraph's agent classes, and its other classes under a standard organisation class (og:Group)."""
    from owlgraph.curation.ontology import read_vocabulary

    vocab = read_vocabulary()
    agents, others = set(), set()
    for name in vocab.classes:
        supers = {str(s) for s in vocab.superclasses(name)}
        if supers & _AGENT_ROOTS:
            agents.add(name)
        elif supers & set(ORGANISATION_CLASSES):
            others.add(name)
    return frozenset(agents), frozenset(others)


def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def agent_types() -> set[str]:
    """Type names of agents: owlgraph's organisation and initiative classes, and the standard ones."""
    return set(_og_agent_classes()[0]) | {_local(c) for c in ORGANISATION_CLASSES}


def agent_classes(present=None) -> list[str]:
    """The classes a cooperation network asks for (IRIs).

    owlgraph classes that specialise a standard organisation class without being agents (og:Group)
    are asked for too, so that such a node is typed by its owlgraph class and then left out.
    ``present``: only those classes (the ones a graph uses).
    """
    agents, others = _og_agent_classes()
    iris = [f"{OG_NS}{n}" for n in sorted(agents | others)] + ORGANISATION_CLASSES
    return [i for i in iris if present is None or i in present]


def standard_type(types: set[str]) -> str | None:
    """The type name of a node without an owlgraph class: its most specific known standard class."""
    for cls in STANDARD_CLASSES:
        if cls in types:
            return _local(cls)
    return None


def graph_language(labels) -> str:
    """The most common language tag among ``(property, label, language)`` rows ('' when untagged)."""
    counts = Counter(lang for _, _, lang in labels if lang)
    return counts.most_common(1)[0][0] if counts else ""


def choose_label(labels, *, language: str = "") -> str | None:
    """One label out of ``(property, label, language)`` rows.

    The graph's language first, then untagged, then by property (:data:`LABEL_PROPERTIES` order,
    unknown last), then the lexically first.
    """
    if not labels:
        return None
    rank = {p: i for i, p in enumerate(LABEL_PROPERTIES)}

    def key(row):
        prop, label, lang = row
        lang = (lang or "").lower()
        return (lang != language.lower(), lang != "", rank.get(prop, len(rank)), label)

    return min(labels, key=key)[1]
