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
from collections.abc import Iterable
from typing import Any

import networkx as nx
from rdflib import Literal, URIRef

from owlgraph.core.namespaces import OG
from owlgraph.sparql.pages import select_pages
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

    From an endpoint the rows come page by page (:func:`~owlgraph.sparql.pages.select_pages`), never the whole
    answer as one response; the embedded store answers in one go, without building rdflib terms.
    """
    src = as_source(source)
    if src.is_remote:
        return ([None if t is None else str(t) for t in row] for row in select_pages(src.endpoint, text))
    return src.select_strings(text)[1]


AGENT_TYPES = {"Initiative", "Organisation", "Company", "PublicBody", "Parliament", "ResearchInstitute"}

NODES_QUERY = """
SELECT ?node ?type ?label WHERE {
  ?node a ?type ; rdfs:label ?label .
  FILTER(STRSTARTS(STR(?type), "https://w3id.org/owlgraph/ontology#"))
}"""

LITERALS_QUERY = """
SELECT ?node ?p ?value WHERE {
  ?node a ?type ; ?p ?value .
  FILTER(STRSTARTS(STR(?type), "https://w3id.org/owlgraph/ontology#"))
  FILTER(STRSTARTS(STR(?p), "https://w3id.org/owlgraph/ontology#"))
  FILTER(isLiteral(?value) || (isIRI(?value) && NOT EXISTS { ?value rdfs:label ?l }))
}"""

RELATIONS_QUERY = """
SELECT ?s ?p ?o WHERE {
  ?s ?p ?o . ?o rdfs:label ?l . ?s rdfs:label ?sl .
  FILTER(STRSTARTS(STR(?p), "https://w3id.org/owlgraph/ontology#"))
}"""

EVIDENCE_QUERY = """
SELECT ?s ?p ?o ?exact ?inferred WHERE {
  ?e a og:Evidence ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; og:inferred ?inferred ;
     oa:hasTarget/oa:hasSelector/oa:exact ?exact .
}"""


def evidence_index(source) -> dict[tuple, dict]:
    """Quotes and inferred flag per (subject, predicate, object) statement."""
    index: dict[tuple, dict] = {}
    for s, p, o, exact, inferred in _rows(source, EVIDENCE_QUERY):
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


def _add_nodes(G: nx.Graph, source, *, types: set[str] | None = None) -> None:
    found: dict[str, tuple[set[str], str]] = {}
    query = NODES_QUERY
    if types is not None:  # ask only for the wanted classes (their super-classes are among them or not og:)
        values = " ".join(f"og:{t}" for t in sorted(types))
        query = NODES_QUERY.replace("?node a ?type ;", f"VALUES ?type {{ {values} }} ?node a ?type ;")
    for node, typ, label in _string_rows(source, query):
        found.setdefault(node, (set(), label))[0].add(_local(typ))
    specific: dict[frozenset, str] = {}
    for node, (names, label) in found.items():
        key = frozenset(names)
        type_name = specific.get(key) or specific.setdefault(key, _most_specific(key))
        if types is None or type_name in types:
            G.add_node(node, label=label, type=type_name, iri=node)


@without_gc
def full_network(
    source, *, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None, evidence: bool = True
) -> nx.MultiDiGraph:
    """The full typed graph: one node per resource, one edge per owlgraph relation.

    Nodes carry ``label``, ``type`` (most specific class), ``iri`` and their literal
    properties (``website``, ``naceCode``, ``date`` …); edges carry ``label`` (the
    relation), ``inferred`` and ``evidence`` (the source's words). ``rdf:type``,
    provenance and the standard-vocabulary duplicates of each relation are left out.
    ``include``/``exclude`` name relations (local names such as ``participant``).
    """
    keep = set(include) if include else None
    drop = set(exclude) if exclude is not None else set(DEFAULT_EXCLUDED)
    G = nx.MultiDiGraph(kind="full")
    _add_nodes(G, source)
    for node, p, value in _rows(source, LITERALS_QUERY):
        key = str(node)
        if key not in G:
            continue
        name, val = _local(p), python_value(value)
        if name in G.nodes[key]:
            old = G.nodes[key][name]
            G.nodes[key][name] = sorted({*(old if isinstance(old, list) else [old]), val}, key=str)
        else:
            G.nodes[key][name] = val
    index = evidence_index(source) if evidence else {}
    for s, p, o in sorted(_rows(source, RELATIONS_QUERY)):
        name = _local(p)
        if (keep is not None and name not in keep) or name in drop or str(s) not in G or str(o) not in G:
            continue
        info = index.get((str(s), str(p), str(o)), {"evidence": [], "inferred": False})
        G.add_edge(str(s), str(o), key=name, label=name, weight=1.0, **info)
    return G


# The cooperation projection, computed by the store. An agent is an initiative or an
# organisation; a group of people (the Landtagsabgeordnete) acts for the organisation
# its members belong to. Each row is one reason why two agents are linked.
COOPERATION_QUERY = """
SELECT ?a ?b ?relation ?context ?fa ?pa ?oa_ ?fb ?pb ?ob_ WHERE {
  {
    # both took part in the same event or joint activity
    ?context og:participant ?xa , ?xb .
    BIND("co-participation" AS ?relation)
    BIND(?context AS ?fa) BIND(og:participant AS ?pa) BIND(?xa AS ?oa_)
    BIND(?context AS ?fb) BIND(og:participant AS ?pb) BIND(?xb AS ?ob_)
  } UNION {
    # one organised an event the other took part in
    ?context og:organizer ?xa ; og:participant ?xb .
    BIND("organiser-participant" AS ?relation)
    BIND(?context AS ?fa) BIND(og:organizer AS ?pa) BIND(?xa AS ?oa_)
    BIND(?context AS ?fb) BIND(og:participant AS ?pb) BIND(?xb AS ?ob_)
  } UNION {
    # one funds the programme within which the other organised an event
    ?event og:withinProgramme ?context ; og:organizer ?xb . ?context og:funder ?xa .
    BIND("programme" AS ?relation)
    BIND(?context AS ?fa) BIND(og:funder AS ?pa) BIND(?xa AS ?oa_)
    BIND(?event AS ?fb) BIND(og:organizer AS ?pb) BIND(?xb AS ?ob_)
  } UNION {
    # membership: a member of an initiative or organisation
    ?xa og:memberOf ?xb .
    BIND("membership" AS ?relation) BIND(?xb AS ?context)
    BIND(?xa AS ?fa) BIND(og:memberOf AS ?pa) BIND(?xb AS ?oa_)
    BIND(?xa AS ?fb) BIND(og:memberOf AS ?pb) BIND(?xb AS ?ob_)
  } UNION {
    ?m og:member ?xa ; og:membershipIn ?xb .
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
    G = nx.Graph(kind="cooperation")
    _add_nodes(G, source, types=AGENT_TYPES)
    index = evidence_index(source) if evidence or not include_inferred else {}
    query = COOPERATION_QUERY
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
    labels.update(_labels(source, contexts - labels.keys()))
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


def _labels(source, iris: set[str], *, chunk: int = 500) -> dict[str, str]:
    """Labels of the given resources only, asked in chunks (never every label of a large graph)."""
    found: dict[str, str] = {}
    ordered = sorted(iris)
    for start in range(0, len(ordered), chunk):
        values = " ".join(URIRef(iri).n3() for iri in ordered[start : start + chunk])
        for node, label in _string_rows(
            source, f"SELECT ?node ?label WHERE {{ VALUES ?node {{ {values} }} ?node rdfs:label ?label }}"
        ):
            found.setdefault(str(node), str(label))
    return found


AFFILIATIONS = {
    # name: (query returning ?left ?right ?p, left types, right types)
    "organisation-initiative": (
        """
        SELECT ?left ?right ?p WHERE {
          { ?left og:memberOf ?right . BIND(og:memberOf AS ?p) }
          UNION { ?m og:member ?left ; og:membershipIn ?right . BIND(og:membershipIn AS ?p) }
          ?right a og:Initiative . ?left a og:Organisation .
        }""",
        {"Organisation", "Company", "PublicBody", "Parliament", "ResearchInstitute"},
        {"Initiative"},
    ),
    "person-organisation": (
        """
        SELECT ?left ?right ?p WHERE {
          { ?left og:holds ?post . ?post og:postIn ?right . BIND(og:postIn AS ?p) }
          UNION { ?left og:headOf ?right . BIND(og:headOf AS ?p) }
          UNION { ?left og:memberOf ?right . ?left a og:Person . BIND(og:memberOf AS ?p) }
          ?left a og:Person .
        }""",
        {"Person"},
        {"Organisation", "Company", "PublicBody", "Parliament", "ResearchInstitute", "Initiative"},
    ),
    "agent-event": (
        """
        SELECT ?left ?right ?p WHERE {
          { ?right og:participant ?left . BIND(og:participant AS ?p) }
          UNION { ?right og:organizer ?left . BIND(og:organizer AS ?p) }
        }""",
        {"Organisation", "Company", "PublicBody", "Parliament", "ResearchInstitute", "Initiative", "Group", "Person"},
        {"Event", "JointActivity"},
    ),
}


@without_gc
def affiliation_network(source, mode: str = "organisation-initiative") -> nx.Graph:
    """A two-mode (bipartite) graph: ``bipartite=0`` for the left mode, ``1`` for the right.

    Modes: ``organisation-initiative`` (memberships), ``person-organisation``
    (posts, heads, memberships) and ``agent-event`` (who took part in or organised
    which event or joint activity). Edge ``relations`` lists the relations behind it.
    """
    if mode not in AFFILIATIONS:
        from owlgraph.core.errors import OwlgraphError

        raise OwlgraphError(f"unknown affiliation mode {mode!r}; use one of: {', '.join(AFFILIATIONS)}")
    text, left_types, right_types = AFFILIATIONS[mode]
    typed = nx.Graph()
    _add_nodes(typed, source)
    B = nx.Graph(kind="affiliation", mode=mode)
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
        from owlgraph.core.errors import OwlgraphError

        raise OwlgraphError(f"unknown projection method {method!r}; use plain or newman")
    for n in P:
        P.nodes[n].pop("bipartite", None)
    P.graph.update(kind="projection", method=method, mode=B.graph.get("mode"))
    return P


@without_gc
def query_network(source, spec: str) -> nx.DiGraph:
    """Any SELECT query as a graph, with the Wikidata Query Service graph-view conventions.

    In each row the first IRI column is the source node and each later IRI column an
    edge from it; ``?xLabel`` labels ``?x``; a numeric column sizes the node
    (``size``); ``?rgb`` colours it (``color``, ``#RRGGBB``); ``?edgeLabel`` labels the edge.
    """
    variables, rows = select_rows(source, spec)
    G = nx.DiGraph(kind="query")
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
        from owlgraph.core.errors import OwlgraphError

        raise OwlgraphError(f"unknown network kind {kind!r}; use one of: {', '.join(NETWORK_KINDS)}")
    from owlgraph.network.sectors import add_sectors

    return add_sectors(NETWORK_KINDS[kind](source, **options), source)
