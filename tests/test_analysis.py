"""Network metrics: brokerage against a published worked example, centralities against known values."""

import itertools
import math
import random

import networkx as nx
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD as _XSD_NS

from owlgraph.core.errors import OwlgraphError
from owlgraph.core.namespaces import OG
from owlgraph.network.analysis import (
    BROKERAGE_ROLES,
    add_metrics,
    brokerage,
    centralities,
    communities,
    constraint,
    effective_size,
    metrics_to_rdf,
    ranked,
)

XSD_DOUBLE, XSD_INTEGER = _XSD_NS.double, _XSD_NS.integer
del _XSD_NS

# --- Gould–Fernandez brokerage: a published worked example ------------------------------------
# Network: "Strike" communication network of a wood-processing plant (Michael 1997), as shipped
# with de Nooy, Mrvar & Batagelj, "Exploratory Social Network Analysis with Pajek" (Cambridge UP),
# files Strike.net and the strike groups partition (1 = Spanish-speaking, 2 = younger English-
# speaking, 3 = older English-speaking). Ties are undirected (38 edges; sna reads them as 76 arcs).
# Expected counts: the printed output of R's `sna::brokerage(strike_net, groups)$raw.nli` in the
# statnet lab "Centrality and Brokerage in statnet" (Cassie McMillan / Christopher Callaghan,
# github.com/cllghn/r4sna, 5-Centrality_and_Brokerage_in_statnet.Rmd, data/Strike.net,
# data/Strikegroups.csv). Columns w_I, w_O, b_IO, b_OI, b_O.
STRIKE_GROUPS = {
    "Xavier": 3,
    "Utrecht": 3,
    "Frank": 2,
    "Domingo": 1,
    "Norm": 3,
    "Hal": 2,
    "Russ": 3,
    "Karl": 2,
    "Bob": 2,
    "Quint": 3,
    "Wendle": 3,
    "Ozzie": 3,
    "Ike": 2,
    "Ted": 3,
    "Sam": 3,
    "Vern": 3,
    "Gill": 2,
    "Lanny": 2,
    "Mike": 2,
    "Carlos": 1,
    "Alejandro": 1,
    "Paul": 3,
    "Eduardo": 1,
    "John": 2,
}
STRIKE_TIES = """Xavier-Wendle Xavier-Sam Utrecht-Norm Utrecht-Russ Utrecht-Quint Utrecht-Sam Frank-Gill
Domingo-Carlos Domingo-Alejandro Domingo-Eduardo Norm-Bob Norm-Ozzie Norm-Sam Norm-Vern Norm-Paul
Hal-Bob Hal-Gill Hal-John Russ-Quint Russ-Ted Karl-Ozzie Karl-Lanny Karl-John Bob-Ike Bob-Lanny
Bob-Mike Bob-Alejandro Bob-John Quint-Paul Wendle-Sam Ike-Gill Ike-Mike Ted-Vern Gill-John
Lanny-John Carlos-Alejandro Carlos-Eduardo Alejandro-Eduardo"""
# name: (w_I, w_O, b_IO, b_OI, b_O); every other actor brokers nothing.
STRIKE_RAW_NLI = {
    "Utrecht": (8, 0, 0, 0, 0),
    "Norm": (18, 0, 5, 5, 0),
    "Hal": (2, 0, 0, 0, 0),
    "Russ": (4, 0, 0, 0, 0),
    "Karl": (0, 0, 2, 2, 0),
    "Bob": (14, 0, 10, 10, 2),
    "Quint": (4, 0, 0, 0, 0),
    "Ozzie": (0, 0, 1, 1, 0),
    "Ike": (4, 0, 0, 0, 0),
    "Ted": (2, 0, 0, 0, 0),
    "Sam": (8, 0, 0, 0, 0),
    "Vern": (2, 0, 0, 0, 0),
    "Gill": (10, 0, 0, 0, 0),
    "Lanny": (2, 0, 0, 0, 0),
    "Alejandro": (0, 0, 3, 3, 0),
    "Paul": (2, 0, 0, 0, 0),
    "John": (12, 0, 0, 0, 0),
}


def strike(graph_class=nx.Graph):
    G = graph_class()
    for name, group in STRIKE_GROUPS.items():
        G.add_node(name, group=group)
    for tie in STRIKE_TIES.split():
        a, b = tie.split("-")
        G.add_edge(a, b)
        if G.is_directed():
            G.add_edge(b, a)
    return G


@pytest.mark.parametrize("graph_class", [nx.Graph, nx.DiGraph])
def test_brokerage_matches_sna_on_the_strike_network(graph_class):
    G = strike(graph_class)
    assert G.number_of_edges() == (38 if graph_class is nx.Graph else 76)
    roles = brokerage(G, "group")
    for name in STRIKE_GROUPS:
        got = tuple(roles[name][r] for r in BROKERAGE_ROLES)
        assert got == STRIKE_RAW_NLI.get(name, (0, 0, 0, 0, 0)), name


def test_each_role_on_the_textbook_five_two_paths():
    # One open two-path per role, broker "b" each time; groups chosen to match the definitions.
    cases = {
        "coordinator": ("x", "x", "x"),
        "consultant": ("x", "y", "x"),
        "representative": ("x", "x", "y"),
        "gatekeeper": ("x", "y", "y"),
        "liaison": ("x", "y", "z"),
    }
    for role, (ga, gb, gc) in cases.items():
        G = nx.DiGraph([("a", "b"), ("b", "c")])
        nx.set_node_attributes(G, {"a": ga, "b": gb, "c": gc}, "sector")
        expected = dict.fromkeys(BROKERAGE_ROLES, 0) | {role: 1}
        assert brokerage(G, "sector")["b"] == expected, role
        G.add_edge("a", "c")  # a closed two-path is no brokerage
        assert sum(brokerage(G, "sector")["b"].values()) == 0


def brute_force_brokerage(G, attr):
    """Independent check: enumerate all ordered triples (a, b, c) of distinct nodes."""
    counts = {n: dict.fromkeys(BROKERAGE_ROLES, 0) for n in G}
    g = nx.get_node_attributes(G, attr)
    for a, b, c in itertools.permutations(G, 3):
        if G.has_edge(a, b) and G.has_edge(b, c) and not G.has_edge(a, c):
            if g[a] == g[b] == g[c]:
                role = "coordinator"
            elif g[a] == g[c]:
                role = "consultant"
            elif g[a] == g[b]:
                role = "representative"
            elif g[b] == g[c]:
                role = "gatekeeper"
            else:
                role = "liaison"
            counts[b][role] += 1
    return counts


@pytest.mark.parametrize("seed", range(5))
def test_brokerage_agrees_with_brute_force_on_random_digraphs(seed):
    G = nx.gnp_random_graph(14, 0.25, seed=seed, directed=True)
    rng = random.Random(seed)
    nx.set_node_attributes(G, {n: rng.choice("ABC") for n in G}, "sector")
    assert brokerage(G, "sector") == brute_force_brokerage(G, "sector")


def test_brokerage_needs_a_group_for_every_node():
    G = nx.DiGraph([("a", "b")])
    with pytest.raises(OwlgraphError, match="'sector'"):
        brokerage(G, "sector")


# --- centralities ------------------------------------------------------------------------------


def test_star_centralities_have_textbook_values():
    c = centralities(nx.star_graph(4))  # hub 0, leaves 1..4
    assert c["degree"][0] == 1.0 and c["degree"][1] == 0.25
    assert c["betweenness"][0] == 1.0 and c["betweenness"][1] == 0.0
    assert c["closeness"][0] == 1.0 and c["closeness"][1] == pytest.approx(4 / 7)
    assert c["eigenvector"][0] == pytest.approx(1 / math.sqrt(2))
    assert c["eigenvector"][1] == pytest.approx(1 / math.sqrt(8))


def test_path_centralities_have_textbook_values():
    c = centralities(nx.path_graph(5))
    assert c["betweenness"] == pytest.approx({0: 0.0, 1: 0.5, 2: 4 / 6, 3: 0.5, 4: 0.0})
    assert c["closeness"][2] == pytest.approx(4 / 6)
    reference = nx.eigenvector_centrality_numpy(nx.path_graph(5))
    assert c["eigenvector"] == pytest.approx(reference)


def test_eigenvector_of_a_disconnected_digraph_covers_its_largest_component_only():
    G = nx.DiGraph([("a", "b"), ("b", "c"), ("x", "y")])
    G.add_node("lonely")
    ev = centralities(G)["eigenvector"]
    assert math.isnan(ev["lonely"]) and math.isnan(ev["x"]) and math.isnan(ev["y"])
    reference = nx.eigenvector_centrality_numpy(nx.path_graph(["a", "b", "c"]))
    assert {n: ev[n] for n in "abc"} == pytest.approx(reference)


def test_weighted_betweenness_treats_weight_as_strength():
    # a-b-c strongly tied, a-c weakly: with distance 1/weight the path through b is shorter.
    G = nx.Graph([("a", "b", {"weight": 4.0}), ("b", "c", {"weight": 4.0}), ("a", "c", {"weight": 1.0})])
    assert centralities(G, weight="weight")["betweenness"]["b"] == 1.0
    assert centralities(G)["betweenness"]["b"] == 0.0


# --- communities, structural holes --------------------------------------------------------------


def two_cliques():
    G = nx.complete_graph(5)  # 0..4
    G.add_edges_from(itertools.combinations(range(5, 9), 2))  # 5..8
    G.add_edge(4, 5)  # the bridge
    return G


def test_louvain_finds_the_two_cliques_deterministically():
    G = two_cliques()
    first = communities(G, seed=42)
    assert first == communities(G, seed=42)
    assert {n for n, c in first.items() if c == 0} == set(range(5))  # largest first
    assert {n for n, c in first.items() if c == 1} == set(range(5, 9))


def test_constraint_and_effective_size_match_networkx_and_known_values():
    G = two_cliques()
    assert constraint(G) == pytest.approx(nx.constraint(G))
    assert effective_size(G) == pytest.approx(nx.effective_size(G))
    star = nx.star_graph(3)
    assert constraint(star)[0] == pytest.approx(1 / 3)  # three non-redundant contacts: 3 * (1/3)^2
    assert constraint(star)[1] == pytest.approx(1.0)  # a leaf depends on its one contact
    assert effective_size(star)[0] == 3.0
    # Borgatti (1997): in a triangle plus pendant, ego 0 has n - 2t/n = 3 - 2*1/3.
    G = nx.Graph([(0, 1), (0, 2), (1, 2), (0, 3)])
    assert effective_size(G)[0] == pytest.approx(3 - 2 / 3)


# --- add_metrics, ranked, RDF ---------------------------------------------------------------------


def test_add_metrics_returns_an_annotated_copy():
    G = strike()
    before = {n: dict(d) for n, d in G.nodes(data=True)}
    H = add_metrics(G, group_attr="group")
    assert {n: dict(d) for n, d in G.nodes(data=True)} == before
    assert H.nodes["Bob"]["brokerage_liaison"] == 2
    assert {"degree", "betweenness", "closeness", "eigenvector", "community", "constraint", "effective_size"} <= set(
        H.nodes["Bob"]
    )


def test_unknown_measure_lists_the_measures():
    with pytest.raises(OwlgraphError, match="betweenness"):
        add_metrics(nx.path_graph(2), measures=("pagerank",))


def test_ranked_puts_the_biggest_broker_first():
    G = strike()
    nx.set_node_attributes(G, {n: n for n in G}, "label")
    nx.set_node_attributes(G, "Person", "type")
    table = ranked(G, "betweenness", top=3)
    assert list(table.columns) == ["node", "label", "type", "value", "rank"]
    assert table.iloc[0]["label"] == "Bob" and table.iloc[0]["rank"] == 1
    assert len(table) == 3


def test_metrics_to_rdf_writes_typed_literals_into_a_named_graph():
    a, b, c = (f"https://w3id.org/owlgraph/id/organisation/{x}" for x in "abc")
    G = nx.Graph([(a, b), (b, c), (c, "not an iri")])
    nx.set_node_attributes(G, {a: "x", b: "x", c: "y", "not an iri": "y"}, "sector")
    ds = metrics_to_rdf(add_metrics(G, group_attr="sector"), graph_iri="https://w3id.org/owlgraph/graph/metrics")
    g = ds.graph(URIRef("https://w3id.org/owlgraph/graph/metrics"))
    assert (URIRef(b), OG.betweenness, Literal(2 / 3, datatype=XSD_DOUBLE)) in g
    assert (URIRef(b), OG.brokerageRepresentative, Literal(1, datatype=XSD_INTEGER)) in g
    assert (URIRef(a), OG.community, None) in g
    assert g.value(URIRef(a), OG.community).datatype == XSD_INTEGER
    assert not any("not an iri" in str(s) for s in g.subjects())
    assert len(ds.default_graph) == 0  # nothing outside the named graph


@pytest.mark.parametrize(
    "G",
    [
        nx.barabasi_albert_graph(400, 2, seed=3),
        nx.gnp_random_graph(250, 0.03, seed=4, directed=True),
        nx.disjoint_union(nx.path_graph(30), nx.star_graph(20)),
    ],
    ids=["scale-free", "directed", "disconnected"],
)
def test_sampled_betweenness_equals_networkx_for_the_same_sources(G):
    from owlgraph.network.analysis import sampled_betweenness

    ours = sampled_betweenness(G, 25, seed=7)
    theirs = nx.betweenness_centrality(G, k=25, seed=7)
    assert max(abs(ours[n] - theirs[n]) for n in G) < 1e-12


def test_large_networks_get_sampled_betweenness_and_a_sparse_eigenvector(monkeypatch):
    from owlgraph.network import analysis

    G = nx.barabasi_albert_graph(analysis.EXACT_MAX + 500, 2, seed=5)
    H = analysis.add_metrics(G, measures=("degree", "betweenness", "closeness", "eigenvector"))
    assert H.graph["betweenness_method"] == "estimated from 500 sampled sources"
    assert "closeness" not in H.nodes[0]
    hub = max(G.degree, key=lambda nd: nd[1])[0]
    assert max(H.nodes, key=lambda n: H.nodes[n]["betweenness"]) == hub
    assert max(H.nodes, key=lambda n: H.nodes[n]["eigenvector"]) == hub
    small = nx.karate_club_graph()
    dense = analysis.centralities(small)["eigenvector"]
    monkeypatch.setattr(analysis, "DENSE_EIGEN_MAX", 0)  # force the sparse solver on the same graph
    sparse = analysis.centralities(small)["eigenvector"]
    assert all(sparse[n] == pytest.approx(dense[n], abs=1e-9) for n in small)
