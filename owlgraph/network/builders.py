"""From the knowledge graph to NetworkX: typed graph, cooperation network, affiliations, any query.

Every conversion runs SPARQL on the source — the embedded store or a remote
endpoint — so that only what the network needs travels, and the projection to a
cooperation network is computed by the store, not in Python.

Examples
--------
>>> from owlgraph.store.loading import load_graph
>>> g = load_graph()
>>> coop = cooperation_network(g)
>>> coop.nodes["https://w3id.org/owlgraph/id/initiative/zig-owl"]["type"]
'Initiative'
>>> sorted(coop.degree, key=lambda nd: -nd[1])[0][0].rsplit("/", 1)[1]
'ostwestfalenlippe-gmbh'
"""

import functools
import gc
from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import chain
from typing import Any

import networkx as nx
from rdflib import RDF, Literal, URIRef

from owlgraph.core.errors import EmptyResultError, OwlgraphError
from owlgraph.core.namespaces import OG
from owlgraph.network.vocabulary import (
    LABEL_PROPERTIES,
    SDO_HTTP,
    STANDARD_CLASSES,
    agent_classes,
    agent_types,
    candidate_terms,
    choose_label,
    graph_language,
    paths,
    standard_type,
)
from owlgraph.sparql.pages import select_pages, select_strings
from owlgraph.sparql.queries import select_rows
from owlgraph.sparql.results import python_value
from owlgraph.sparql.source import as_source

__all__ = [
    "NETWORK_KINDS",
    "full_network",
    "cooperation_network",
    "affiliation_network",
    "one_mode_network",
    "query_network",
    "to_networkx",
    "evidence_index",
]

OG_NS = str(OG)
# Relations that are provenance or metadata, left out of the typed graph unless asked for.
DEFAULT_EXCLUDED = {"evidenceSource", "quotedIn", "sourceFile"}


def without_gc(build):
    """Run a graph builder with Python's cyclic garbage collector paused.

    Building a network creates millions of tuples, dicts and lists that all stay alive, and
    the collector would scan them again and again as they grow: 40 % of the cooperation
    projection's time at 100,000 organisations. Nothing they hold forms a cycle to reclaim.
    """

    @functools.wraps(build)
    def wrapper(*args, **kwargs):
        paused = gc.isenabled()
        gc.disable()
        try:
            return build(*args, **kwargs)
        finally:
            if paused:
                gc.enable()

    return wrapper


def _local(iri) -> str:
    text = str(iri)
    return text[len(OG_NS) :] if text.startswith(OG_NS) else text.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _rows(source, text: str):
    return select_rows(source, text)[1]


def _string_rows(source, text: str) -> Iterable[list[Any]]:
    """Rows as plain strings (IRIs and lexical forms), for conversions that need no typed values.

    From an endpoint they are read as they arrive, in one streamed answer or page by page where the server
    limits its answers (:func:`~owlgraph.sparql.pages.select_strings`), never held as one response; the
    embedded store streams them as it finds them, without building rdflib terms.
    """
    src = as_source(source)
    if src.is_remote:
        return select_strings(src, text)
    return src.iter_strings(text)[1]


NODES_QUERY = """
SELECT ?node ?type WHERE {
  ?node a ?type .
  FILTER(isIRI(?node))
}"""

# Labels are read apart from the types: an OPTIONAL per typed node costs twice as much on large graphs.
# From an endpoint, whose rows come as plain strings, the language is asked for in the query.
LABELS_QUERY_REMOTE = """
SELECT ?node ?lp ?label ?lang WHERE {
  VALUES ?lp { LABELS }
  ?node ?lp ?label .
  BIND(LANG(?label) AS ?lang)
}"""


# Which of the terms a builder may ask for occur at all: one query, each term's EXISTS stops at its
# first match (0.6 ms on a 10k-organisation store; SELECT DISTINCT ?p over the matches took 40 ms).
PRESENT_QUERY = """
SELECT ?term WHERE {
  { VALUES ?term { PREDICATES } FILTER EXISTS { ?s ?term ?o } }
  UNION { VALUES ?term { CLASSES } FILTER EXISTS { ?s a ?term } }
}"""


def _present_terms(source) -> frozenset[str]:
    """The candidate predicates and classes (:func:`~owlgraph.network.vocabulary.candidate_terms`) the
    graph uses, so that the builder's queries ask only for those: a property path of one term is a
    plain triple pattern, and alternatives of absent terms cost a store as much as present ones."""
    predicates, classes = candidate_terms()
    query = PRESENT_QUERY.replace("PREDICATES", " ".join(f"<{p}>" for p in predicates))
    query = query.replace("CLASSES", " ".join(f"<{c}>" for c in classes))
    return frozenset(row[0] for row in _string_rows(source, query))


def _all_labels(source, present=None) -> dict[str, list]:
    """Every resource's labels as ``(property, label, language)`` rows (``present``: see :func:`_present_terms`)."""
    labels: dict[str, list] = defaultdict(list)
    properties = [p for p in LABEL_PROPERTIES if present is None or p in present]
    if not properties:
        return labels
    src = as_source(source)
    if src.is_remote:
        values = " ".join(f"<{p}>" for p in properties)
        rows: Iterable = select_strings(src, LABELS_QUERY_REMOTE.replace("LABELS", values))
    else:  # read from the store's index, the language from each label term
        rows = src.iter_statements(properties)
    for node, lp, label, lang in rows:
        labels[node].append((lp, label, lang or ""))
    return labels


# Any resource-to-resource or literal statement about a node (the full network keeps those between nodes).
STATEMENTS_QUERY = """
SELECT ?s ?p ?o WHERE {
  ?s ?p ?o .
  FILTER(isIRI(?s) && ?p != rdf:type)
}"""

EVIDENCE_QUERY = """
SELECT ?s ?p ?o ?exact ?inferred WHERE {
  ?e a og:Evidence ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; og:inferred ?inferred ;
     oa:hasTarget/oa:hasSelector/oa:exact ?exact .
}"""


def evidence_index(source) -> dict[tuple, dict]:
    """Quotes and inferred flag per (subject, predicate, object) statement."""
    index: dict[tuple, dict] = {}
    src = as_source(source)  # from an endpoint in pages: a server may cut a long answer at its row limit
    rows = select_pages(src.endpoint, EVIDENCE_QUERY) if src.is_remote else _rows(src, EVIDENCE_QUERY)
    for s, p, o, exact, inferred in rows:
        entry = index.setdefault((str(s), str(p), python_value(o)), {"evidence": [], "inferred": False})
        if str(exact) not in entry["evidence"]:
            entry["evidence"].append(str(exact))
        entry["inferred"] = entry["inferred"] or bool(python_value(inferred))
    for entry in index.values():
        entry["evidence"].sort()
    return index


def _most_specific(names: frozenset[str]) -> str:
    """The most specific of a resource's owlgraph classes (the built graph also holds their super-classes)."""
    from owlgraph.curation.ontology import read_vocabulary

    vocab = read_vocabulary()
    supers = {_local(u) for n in names if vocab.is_class(n) for u in vocab.superclasses(n)}
    return min(names - supers or names)


def _type_name(types: frozenset[str]) -> str | None:
    """A node's type: its most specific owlgraph class, else its most specific known standard class."""
    own = frozenset(t[len(OG_NS) :] for t in types if t.startswith(OG_NS))
    return _most_specific(own) if own else standard_type(set(types))


def _class_split(classes: list[str]) -> list[tuple[list[str], list[str]]]:
    """``(classes asked for, classes a node must not have)``: owlgraph's own, then the standard ones."""
    own = [c for c in classes if c.startswith(OG_NS)]
    standard = [c for c in classes if c not in own]
    return [(wanted, without) for wanted, without in ((own, []), (standard, own)) if wanted]


def _typed_nodes_query(classes: list[str], without: list[str]) -> str:
    """The IRIs with one of ``classes``, with that class, unless they also have one of ``without``."""
    values = " ".join(f"<{c}>" for c in classes)
    query = NODES_QUERY.replace("?node a ?type .", f"VALUES ?type {{ {values} }} ?node a ?type .")
    if without:
        others = " ".join(f"<{c}>" for c in without)
        query = query.replace(
            "FILTER(isIRI(?node))",
            f"FILTER(isIRI(?node))\n  FILTER NOT EXISTS {{ VALUES ?own {{ {others} }} ?node a ?own }}",
        )
    return query


def _add_nodes(
    G: nx.Graph,
    source,
    *,
    types: set[str] | None = None,
    classes: list[str] | None = None,
    present: frozenset[str] | None = None,
    all_labels: dict | None = None,
) -> set[str]:
    """Add the resources with an owlgraph or a known standard class (``classes``: only those IRIs).

    ``types`` keeps the nodes whose type name is among them. Labels come from any of
    :data:`~owlgraph.network.vocabulary.LABEL_PROPERTIES`, in the graph's language if it has one
    (``all_labels``: as already read by :func:`_all_labels`; ``present``: the terms the graph uses).
    Returns the nodes that have an owlgraph class.
    """
    found: dict[str, set[str]] = defaultdict(set)
    src = as_source(source)
    if classes is None:
        known = ", ".join(f"<{c}>" for c in STANDARD_CLASSES)
        query = NODES_QUERY.replace(
            "FILTER(isIRI(?node))", f'FILTER(isIRI(?node) && (STRSTARTS(STR(?type), "{OG_NS}") || ?type IN ({known})))'
        )
        rows: Iterable = _string_rows(src, query)
    elif src.is_remote:  # owlgraph's classes, then standard ones only of nodes without: a third of the rows
        rows = chain.from_iterable(
            _string_rows(src, _typed_nodes_query(wanted, without)) for wanted, without in _class_split(classes)
        )
    else:  # read from the store's index: 0.4 s instead of 1.0 s for 100,000 organisations
        rows = (row[::2] for row in src.iter_statements([str(RDF.type)], classes, named=True))
    for node, typ in rows:  # none when no wanted class is in the graph (classes == [])
        found[node].add(typ)
    if all_labels is None:
        all_labels = _all_labels(source, present) if found else {}
    language = _language(all_labels, found)
    # per set of classes (few distinct ones): the type name, or None when not a node; whether any is owlgraph's
    kinds: dict[frozenset, tuple[str | None, bool]] = {}
    own: set[str] = set()
    nodes: list[tuple[str, dict]] = []
    for node in sorted(found):  # in IRI order, whatever order the store answered in: the same network file
        key = frozenset(found[node])
        kind = kinds.get(key)
        if kind is None:
            type_name = _type_name(key)
            kind = kinds[key] = (
                None if types is not None and type_name not in types else type_name,
                any(c.startswith(OG_NS) for c in key),
            )
        type_name, is_own = kind
        if type_name is None:
            continue
        labels: Sequence = all_labels.get(node, ())
        if not labels and is_own:
            continue  # owlgraph's provenance resources (og:Evidence, og:Quote) have no label: not nodes
        label = labels[0][1] if len(labels) == 1 else choose_label(labels, language=language)
        nodes.append((node, {"label": label if label is not None else _local(node), "type": type_name, "iri": node}))
        if is_own:
            own.add(node)
    G.add_nodes_from(nodes)
    return own


def _statement_filter():
    """Which predicates describe a node: all of them, except for an owlgraph-typed node the standard
    vocabularies' (the build materialises them next to the og: term they generalise)."""
    from owlgraph.core.namespaces import PREFIXES

    standard = (*(str(ns) for prefix, ns in PREFIXES.items() if prefix not in ("og", "id")), SDO_HTTP)
    return lambda p, own: not own or p.startswith(OG_NS) or not p.startswith(standard)


def _add_generic_nodes(G: nx.Graph, source, statements) -> None:
    """Any RDF: every resource in a resource-to-resource statement or with an rdf:type, typed by it.

    owlgraph's own ontology (its terms and what they point to), which every owlgraph store holds, is not part of it.
    """
    ontology = OG_NS.rstrip("#")  # the ontology's terms and the ontology itself
    types: dict[str, set[str]] = defaultdict(set)
    for node, typ in _string_rows(source, NODES_QUERY):
        if not node.startswith(ontology):
            types[node].add(typ)
    labels = _all_labels(source)
    nodes = set(types)
    for s, _, o in statements:
        if isinstance(o, URIRef) and not str(s).startswith(ontology):
            nodes.update((str(s), str(o)))
    language = graph_language(row for found in labels.values() for row in found)
    for node in sorted(nodes):
        label = choose_label(labels.get(node, []), language=language) or _local(node)
        type_name = min((_local(t) for t in types.get(node, ())), default="Resource")
        G.add_node(node, label=label, type=type_name, iri=node)


@without_gc
def full_network(
    source,
    *,
    include: Iterable[str] | None = None,
    exclude: Iterable[str] | None = None,
    evidence: bool = True,
    directed: bool = True,
) -> nx.MultiDiGraph | nx.Graph:
    """The full typed graph: one node per resource, one edge per relation between two of them.

    Nodes are the resources with an owlgraph class or a known standard class (organisations,
    people, events, posts, memberships, concepts, places; ``docs/vocabulary-mapping.md``) and
    carry ``label``, ``type`` (most specific class), ``iri`` and their literal properties
    (``website``, ``naceCode``, ``date`` …); edges carry ``label`` (the relation),
    ``inferred`` and ``evidence`` (the source's words). ``rdf:type``, provenance and the
    standard-vocabulary duplicates of owlgraph's relations are left out. A graph without any
    of those classes (RDF in a vocabulary owlgraph does not know) gives the graph of all its
    resources and their resource-to-resource statements, typed by ``rdf:type`` (``Resource``
    when untyped). ``include``/``exclude`` name relations (local names such as ``participant``).
    ``directed=False`` gives the undirected simple graph: one edge per pair of linked resources,
    whichever way its relations run (``label`` joins their names with ``"; "``, ``evidence`` holds
    all of their words, ``inferred`` is true only when every one is inferred); ``G.graph["directed"]``
    says which it is.

    Examples
    --------
    >>> from rdflib import Graph
    >>> g = Graph().parse(data="@prefix x: <https://example.org/> . x:a x:likes x:b . x:b a x:Cat .", format="turtle")
    >>> G = full_network(g)
    >>> sorted(G.nodes(data="type")), list(G.edges(keys=True))
    ([('https://example.org/a', 'Resource'), ('https://example.org/b', 'Cat')], [('https://example.org/a', 'https://example.org/b', 'likes')])
    >>> U = full_network(g, directed=False)
    >>> U.is_directed(), U.graph["directed"], U.number_of_edges()
    (False, False, 1)
    """
    keep = set(include) if include else None
    drop = set(exclude) if exclude is not None else set(DEFAULT_EXCLUDED)
    G = nx.MultiDiGraph(kind="full", directed=True)
    own = _add_nodes(G, source)
    statements = _rows(source, STATEMENTS_QUERY)
    if not len(G):
        _add_generic_nodes(G, source, statements)
    if not len(G):
        raise EmptyResultError(
            "no resources found (looked for any rdf:type and any statement between two IRIs); "
            "the graph is empty: check the --data files"
        )
    describes = _statement_filter()
    labels = set(LABEL_PROPERTIES)
    edges = []
    for s, p, value in statements:
        key, p = str(s), str(p)
        if key not in G or p in labels or not describes(p, key in own):
            continue
        name = _local(p)
        if isinstance(value, URIRef) and str(value) in G:
            if (keep is None or name in keep) and name not in drop:
                edges.append((key, name, str(value), p))
            continue
        if not isinstance(value, (Literal, URIRef)):
            continue  # blank nodes
        val = python_value(value)
        if name in G.nodes[key]:
            old = G.nodes[key][name]
            G.nodes[key][name] = sorted({*(old if isinstance(old, list) else [old]), val}, key=str)
        else:
            G.nodes[key][name] = val
    index = evidence_index(source) if evidence else {}
    for s, name, o, p in sorted(set(edges)):
        info = index.get((s, p, o), {"evidence": [], "inferred": False})
        G.add_edge(s, o, key=name, label=name, weight=1.0, **info)
    return G if directed else _undirected_simple(G)


def _undirected_simple(G: nx.MultiDiGraph) -> nx.Graph:
    """``G`` without edge directions or parallel edges: one edge per linked pair, its relations merged."""
    U = nx.Graph(**{**G.graph, "directed": False})
    U.add_nodes_from(G.nodes(data=True))
    for a, b, data in G.edges(data=True):
        if a == b:
            continue  # a self-loop links no two resources
        if not U.has_edge(a, b):
            U.add_edge(a, b, label=data["label"], weight=1.0, evidence=[], inferred=True)
        edge = U.edges[a, b]
        names = set(edge["label"].split("; ")) | {data["label"]}
        edge["label"] = "; ".join(sorted(names))
        edge["evidence"] = sorted({*edge["evidence"], *data.get("evidence", [])})
        edge["inferred"] = edge["inferred"] and bool(data.get("inferred"))
    return U


# The cooperation projection, computed by the store. An agent is an initiative or an
# organisation; a group of people (the Landtagsabgeordnete) acts for the organisation
# its members belong to. Each row is one reason why two agents are linked.
# The cooperation projection, computed by the store. An agent is an initiative or an
# organisation; a group of people (the Landtagsabgeordnete) acts for the organisation
# its members belong to. Each row is one reason why two agents are linked. Every relation
# is asked as a property path of its og: term and the standard terms it specialises
# (vocabulary.PATHS), so owlgraph's graph, a lean bulk import (og: terms only) and a graph in
# standard terms only all answer; ?pa/?pb name the og: term, under which evidence is indexed.
COOPERATION_TEMPLATE = """
SELECT ?a ?b ?relation ?context ?fa ?pa ?oa_ ?fb ?pb ?ob_ WHERE {
  {
    # both took part in the same event or joint activity
    ?context PARTICIPANT ?xa , ?xb .
    FILTER(!isIRI(?xa) || !isIRI(?xb) || STR(?xa) < STR(?xb))  # one row per pair, not one per order
    BIND("co-participation" AS ?relation)
    BIND(?context AS ?fa) BIND(og:participant AS ?pa) BIND(?xa AS ?oa_)
    BIND(?context AS ?fb) BIND(og:participant AS ?pb) BIND(?xb AS ?ob_)
  } UNION {
    # one organised an event the other took part in
    ?context ORGANIZER ?xa ; PARTICIPANT ?xb .
    BIND("organiser-participant" AS ?relation)
    BIND(?context AS ?fa) BIND(og:organizer AS ?pa) BIND(?xa AS ?oa_)
    BIND(?context AS ?fb) BIND(og:participant AS ?pb) BIND(?xb AS ?ob_)
  } UNION {
    # one funds the programme within which the other organised an event
    ?event og:withinProgramme ?context ; ORGANIZER ?xb . ?context FUNDER ?xa .
    BIND("programme" AS ?relation)
    BIND(?context AS ?fa) BIND(og:funder AS ?pa) BIND(?xa AS ?oa_)
    BIND(?event AS ?fb) BIND(og:organizer AS ?pb) BIND(?xb AS ?ob_)
  } UNION {
    # membership: a member of an initiative or organisation
    ?xa MEMBER_OF ?xb .
    BIND("membership" AS ?relation) BIND(?xb AS ?context)
    BIND(?xa AS ?fa) BIND(og:memberOf AS ?pa) BIND(?xb AS ?oa_)
    BIND(?xa AS ?fb) BIND(og:memberOf AS ?pb) BIND(?xb AS ?ob_)
  } UNION {
    ?m MEMBER ?xa ; MEMBERSHIP_IN ?xb .
    BIND("membership" AS ?relation) BIND(?xb AS ?context)
    BIND(?m AS ?fa) BIND(og:member AS ?pa) BIND(?xa AS ?oa_)
    BIND(?m AS ?fb) BIND(og:membershipIn AS ?pb) BIND(?xb AS ?ob_)
  }
  OPTIONAL { ?xa a og:Group ; og:memberOf ?ga }
  OPTIONAL { ?xb a og:Group ; og:memberOf ?gb }
  BIND(COALESCE(?ga, ?xa) AS ?a)
  BIND(COALESCE(?gb, ?xb) AS ?b)
  FILTER(?a != ?b)
  # that ?a and ?b are initiatives or organisations is checked against the nodes in Python:
  # as FILTER EXISTS here it would double the query time on large graphs
}"""
_PLACEHOLDERS = {
    "PARTICIPANT": "participant",
    "ORGANIZER": "organizer",
    "FUNDER": "funder",
    "MEMBER_OF": "memberOf",
    "MEMBERSHIP_IN": "membershipIn",
    "MEMBER": "member",
    "HOLDS": "holds",
    "POST_IN": "postIn",
    "HEAD_OF": "headOf",
}


@functools.lru_cache(maxsize=32)
def _fill(template: str, present: frozenset[str] | None = None) -> str:
    """A query template with each relation placeholder replaced by the property path of the terms
    in ``present`` (all terms when None)."""
    found = paths(present)
    for placeholder, name in _PLACEHOLDERS.items():
        template = template.replace(f" {placeholder} ", f" {found[name]} ")
    return template


#: The cooperation projection asking for every term (what :func:`cooperation_network` asks on a graph
#: that uses them all).
COOPERATION_QUERY = _fill(COOPERATION_TEMPLATE)

#: What a cooperation network looks for, named in the refusal when it finds nothing.
AGENTS_LOOKED_FOR = (
    "og:Initiative, og:Organisation, org:Organization, org:OrganizationalCollaboration, "
    "schema:Organization and its subclasses, foaf:Organization"
)


@without_gc
def cooperation_network(source, *, evidence: bool = True, include_inferred: bool = True) -> nx.Graph:
    """Initiatives and organisations linked when they cooperate, weighted, with evidence.

    Two agents are linked when they took part in the same event or joint activity,
    when one organised an event the other took part in, when one funds the
    programme within which the other organised an event, or by a membership. A
    group of people acts for the organisation its members belong to. ``weight``
    counts the distinct reasons (relation, context); ``relations`` and ``via`` say
    what they are; ``evidence`` quotes the source; ``inferred`` is True when every
    reason rests on an inferred fact.
    """
    G = nx.Graph(kind="cooperation", directed=False)
    present = _present_terms(source)
    all_labels = _all_labels(source, present)  # read once: for the nodes and for the contexts
    _add_nodes(G, source, types=agent_types(), classes=agent_classes(present), all_labels=all_labels)
    if not len(G):
        raise EmptyResultError(
            f"no organisations or collaborations found (looked for {AGENTS_LOOKED_FOR}); try --kind full"
        )
    index = evidence_index(source) if evidence or not include_inferred else {}
    query = _fill(COOPERATION_TEMPLATE, present)
    if not index:  # without evidence only the pair and the reason need to travel
        query = query.replace(
            "SELECT ?a ?b ?relation ?context ?fa ?pa ?oa_ ?fb ?pb ?ob_ WHERE", "SELECT ?a ?b ?relation ?context WHERE"
        )
    nodes = dict(G.nodes(data="label"))  # IRI -> label: plain dict look-ups in the loop below
    reasons: dict[tuple, Any] = {}  # pair -> (relation, context), or a set of them when there are several
    quotes: dict[tuple, set] = defaultdict(set)
    flags: dict[tuple, list] = defaultdict(list)
    for row in _string_rows(source, query):
        a, b, relation, context = row[0], row[1], row[2], row[3]
        if a == b or a not in nodes or b not in nodes:  # some stores drop FILTER(?a != ?b) after BIND
            continue
        pair = (a, b) if a < b else (b, a)
        if index:  # only when evidence or the inferred flag is asked for: this is the slow part
            fa, pa, oa_, fb, pb, ob_ = row[4:]
            infos = [info for info in (index.get((fa, pa, oa_)), index.get((fb, pb, ob_))) if info]
            inferred = any(info["inferred"] for info in infos)
            if inferred and not include_inferred:
                continue
            flags[pair].append(inferred)
            for info in infos:
                quotes[pair].update(info["evidence"])
        reason = (relation, context)
        found = reasons.get(pair)
        if found is None:
            reasons[pair] = reason  # most pairs have one reason: no set for them
        elif found.__class__ is tuple:
            if found != reason:
                reasons[pair] = {found, reason}
        else:
            found.add(reason)
    contexts = {c for found in reasons.values() for _, c in ((found,) if found.__class__ is tuple else found)}
    labels = {c: nodes[c] for c in contexts if c in nodes}
    labels.update(_chosen_labels(all_labels, contexts - labels.keys(), nodes))
    edges = []
    for pair in sorted(reasons):
        found = reasons[pair]
        if found.__class__ is tuple:
            relations, via, weight = [found[0]], [labels.get(found[1], found[1])], 1.0
        else:
            relations = sorted({r for r, _ in found})
            via, weight = sorted({labels.get(c, c) for _, c in found}), float(len(found))
        edges.append(
            (
                *pair,
                {
                    "weight": weight,
                    "relations": relations,
                    "label": ", ".join(relations),
                    "via": via,
                    "evidence": sorted(quotes.get(pair, ())),
                    "inferred": bool(flags.get(pair)) and all(flags[pair]),
                },
            )
        )
    G.add_edges_from(edges)
    return G


def _language(all_labels: dict[str, list], nodes) -> str:
    """The language most common among the labels of ``nodes`` ("" when untagged)."""
    return graph_language(row for node in nodes for row in all_labels.get(node, ()))


def _chosen_labels(all_labels: dict[str, list], iris: set[str], nodes) -> dict[str, str | None]:
    """One label for each of ``iris`` that has one, in the language of the ``nodes``' labels (as
    :func:`_add_nodes` chose theirs), so that an edge's ``via`` speaks the language of its ends."""
    language = _language(all_labels, nodes)
    rows = {iri: all_labels[iri] for iri in iris if iri in all_labels}
    return {node: choose_label(found, language=language) for node, found in rows.items()}


_PERSON_TYPES = {"Person"}  # og:Person, foaf:Person and schema:Person all give the type name Person
_EVENT_TYPES = {"Event", "JointActivity"}

AFFILIATIONS = {
    # name: (query returning ?left ?right ?p, left types, right types; None: agents)
    "organisation-initiative": (
        """
        SELECT ?left ?right ?p WHERE {
          { ?left MEMBER_OF ?right . BIND(og:memberOf AS ?p) }
          UNION { ?m MEMBER ?left ; MEMBERSHIP_IN ?right . BIND(og:membershipIn AS ?p) }
        }""",
        None,
        None,
    ),
    "person-organisation": (
        """
        SELECT ?left ?right ?p WHERE {
          { ?left HOLDS ?post . ?post POST_IN ?right . BIND(og:postIn AS ?p) }
          UNION { ?left HEAD_OF ?right . BIND(og:headOf AS ?p) }
          UNION { ?left MEMBER_OF ?right . BIND(og:memberOf AS ?p) }
          UNION { ?m MEMBER ?left ; MEMBERSHIP_IN ?right . BIND(og:membershipIn AS ?p) }
        }""",
        _PERSON_TYPES,
        None,
    ),
    "agent-event": (
        """
        SELECT ?left ?right ?p WHERE {
          { ?right PARTICIPANT ?left . BIND(og:participant AS ?p) }
          UNION { ?right ORGANIZER ?left . BIND(og:organizer AS ?p) }
        }""",
        None,
        _EVENT_TYPES,
    ),
}
AFFILIATION_TERMS = {
    "organisation-initiative": "organisations that are members of initiatives or collaborations "
    "(og:/org:/schema:memberOf, org:hasMember, schema:member, org:Membership)",
    "person-organisation": "people holding posts in, heading or members of organisations "
    "(og:/org:holds and postIn, og:/org:headOf, memberships)",
    "agent-event": "organisations or people attending or organising events (og:participant, schema:attendee, "
    "og:/schema:organizer)",
}


def _affiliation_types(mode: str) -> tuple[set[str], set[str]]:
    """Left and right node types of an affiliation mode; agents are read from the ontology."""
    _, left, right = AFFILIATIONS[mode]
    agents = agent_types()
    if mode == "organisation-initiative":
        collaborations = {"Initiative", "OrganizationalCollaboration"}
        return agents - collaborations, collaborations
    if mode == "person-organisation":
        assert left is not None  # people on the left (AFFILIATIONS)
        return left, agents
    assert right is not None  # events on the right (AFFILIATIONS)
    return agents | {"Group"} | _PERSON_TYPES, right


@without_gc
def affiliation_network(source, mode: str = "organisation-initiative") -> nx.Graph:
    """A two-mode (bipartite) graph: ``bipartite=0`` for the left mode, ``1`` for the right.

    Modes: ``organisation-initiative`` (memberships), ``person-organisation``
    (posts, heads, memberships) and ``agent-event`` (who took part in or organised
    which event or joint activity). Edge ``relations`` lists the relations behind it.
    """
    if mode not in AFFILIATIONS:
        raise OwlgraphError(f"unknown affiliation mode {mode!r}; use one of: {', '.join(AFFILIATIONS)}")
    present = _present_terms(source)
    text = _fill(AFFILIATIONS[mode][0], present)
    left_types, right_types = _affiliation_types(mode)
    typed = nx.Graph()
    _add_nodes(typed, source, present=present)
    B = nx.Graph(kind="affiliation", mode=mode, directed=False)
    for left, right, p in _rows(source, text):
        left, right = str(left), str(right)
        if left not in typed or right not in typed:
            continue
        if typed.nodes[left]["type"] not in left_types or typed.nodes[right]["type"] not in right_types:
            continue
        B.add_node(left, **typed.nodes[left], bipartite=0)
        B.add_node(right, **typed.nodes[right], bipartite=1)
        rel = _local(p)
        if B.has_edge(left, right):
            B.edges[left, right]["relations"] = sorted({*B.edges[left, right]["relations"], rel})
        else:
            B.add_edge(left, right, relations=[rel], weight=1.0, label=rel)
    if not len(B):
        raise EmptyResultError(
            f"no {mode} affiliations found (looked for {AFFILIATION_TERMS[mode]}); try another --mode or --kind full"
        )
    return B


def one_mode_network(B: nx.Graph, side: int = 0, *, method: str = "plain") -> nx.Graph:
    """One-mode projection of a two-mode graph onto ``side`` (0 or 1).

    ``plain`` weights an edge by the number of shared affiliations; ``newman`` by
    Newman's collaboration weighting (sum over shared affiliations of 1/(k-1)).
    """
    from networkx.algorithms import bipartite

    nodes = [n for n, d in B.nodes(data=True) if d.get("bipartite") == side]
    if method == "plain":
        P = bipartite.weighted_projected_graph(B, nodes)
    elif method == "newman":
        P = bipartite.collaboration_weighted_projected_graph(B, nodes)
    else:
        raise OwlgraphError(f"unknown projection method {method!r}; use plain or newman")
    for n in P:
        P.nodes[n].pop("bipartite", None)
    P.graph.update(kind="projection", method=method, mode=B.graph.get("mode"))
    return P


@without_gc
def query_network(source, spec: str, *, directed: bool = True) -> nx.Graph:
    """Any SELECT query as a graph, with the Wikidata Query Service graph-view conventions.

    In each row the first IRI column is the source node and each later IRI column an
    edge from it; ``?xLabel`` labels ``?x``; a numeric column sizes the node
    (``size``); ``?rgb`` colours it (``color``, ``#RRGGBB``); ``?edgeLabel`` labels the edge.
    ``directed=False`` gives an undirected graph, for pairs that have no direction (two
    members of the same cluster, co-authors); ``G.graph["directed"]`` says which it is, and
    the metrics use that direction.

    Examples
    --------
    >>> from owlgraph.store.loading import load_graph
    >>> q = "SELECT ?a ?b WHERE { ?e og:participant ?a , ?b FILTER(STR(?a) < STR(?b)) }"
    >>> G = query_network(load_graph(), q, directed=False)
    >>> G.is_directed(), G.graph["directed"], G.number_of_nodes()
    (False, False, 11)
    """
    variables, rows = select_rows(source, spec)
    G = nx.DiGraph(kind="query", directed=True) if directed else nx.Graph(kind="query", directed=False)
    for row in rows:
        cells = dict(zip(variables, row))
        iris = [v for v in variables if isinstance(cells[v], URIRef) and not v.endswith("Label")]
        if not iris:
            continue
        first = iris[0]
        for var in iris:
            node = str(cells[var])
            label = cells.get(f"{var}Label")
            G.add_node(
                node,
                iri=node,
                label=str(label) if label is not None else G.nodes.get(node, {}).get("label", _local(node)),
                type=G.nodes.get(node, {}).get("type", var),
            )
        head = str(cells[first])
        for v in variables:
            value = cells[v]
            if (
                isinstance(value, Literal)
                and isinstance(python_value(value), (int, float))
                and not isinstance(python_value(value), bool)
            ):
                G.nodes[head]["size"] = float(python_value(value))
        if cells.get("rgb") is not None:
            G.nodes[head]["color"] = "#" + str(cells["rgb"]).lstrip("#")
        for var in iris[1:]:
            edge_label = cells.get("edgeLabel")
            G.add_edge(head, str(cells[var]), label=str(edge_label) if edge_label is not None else var)
    if not len(G):
        raise EmptyResultError(
            f"the query gave no IRIs to make nodes of ({len(rows)} rows; looked for IRI columns, "
            f"the first the source of an edge to each later one); check it with: owlgraph query {spec!r:.80}"
        )
    return G


NETWORK_KINDS = {
    "full": lambda source, **kw: full_network(source, **kw),
    "cooperation": lambda source, **kw: cooperation_network(source, **kw),
    "affiliation": lambda source, **kw: affiliation_network(source, **kw),
    "query": lambda source, **kw: query_network(source, **kw),
}


def to_networkx(source, kind: str = "cooperation", **options) -> nx.Graph:
    """Convert ``source`` (graph or endpoint) to a network of ``kind`` (see :data:`NETWORK_KINDS`).

    Nodes with a sector in the graph get a ``sector`` attribute (:func:`owlgraph.network.sectors.add_sectors`).
    """
    if kind not in NETWORK_KINDS:
        raise OwlgraphError(f"unknown network kind {kind!r}; use one of: {', '.join(NETWORK_KINDS)}")
    from owlgraph.network.sectors import add_sectors

    return add_sectors(NETWORK_KINDS[kind](source, **options), source)
