"""The compact cooperation network gives what the NetworkX projection gives, without building it."""

import networkx as nx
import pytest

from owlgraph.network.analysis import sampled_betweenness
from owlgraph.network.builders import cooperation_network
from owlgraph.network.compact import read_cooperation_network
from owlgraph.network.subnetwork import select_subnetwork
from owlgraph.store.loading import load_graph
from owlgraph.store.synthetic import generate


@pytest.fixture(scope="session")
def regional(tmp_path_factory):
    """The article graph plus 400 synthetic organisations (seed 7): co-participations, programmes, memberships."""
    folder = tmp_path_factory.mktemp("synthetic")
    generate(folder, organisations=400, seed=7)
    store = load_graph(tables=folder, progress=False)
    return store, cooperation_network(store, evidence=False), read_cooperation_network(store)


def test_same_organisations_and_ties_as_the_networkx_projection(regional):
    _, G, net = regional
    assert net.nodes == list(G.nodes)
    assert net.number_of_edges() == G.number_of_edges() > 500
    edges = [(net.nodes[u], net.nodes[v], float(w)) for u, v, w in zip(net.u, net.v, net.weight, strict=True)]
    assert edges == sorted((*sorted((a, b)), w) for a, b, w in G.edges(data="weight"))  # in the order added
    assert dict(zip(net.nodes, net.degree().tolist(), strict=True)) == dict(G.degree)


def test_who_brokers_most_is_the_same_without_networkx(regional):
    _, G, net = regional
    c = net.centralities(k=16, seed=42)
    theirs = sampled_betweenness(G, 16, seed=42)
    assert max(abs(c["betweenness"][i] - theirs[n]) for i, n in enumerate(net.nodes)) < 1e-12
    assert c["betweenness"].max() > 0
    assert c["degree"].tolist() == list(nx.degree_centrality(G).values())


def test_top_view_equals_the_one_cut_from_the_whole_network(regional):
    _, G, net = regional
    expected = select_subnetwork(G, top=50)
    top = net.top(50)
    assert set(top) == set(expected)
    H = select_subnetwork(net.subnetwork(top), top=50)
    assert list(H.nodes(data=True)) == list(expected.nodes(data=True))
    assert list(H.edges(data=True)) == list(expected.edges(data=True))
    assert H.graph == expected.graph


def test_a_node_outside_the_network_is_refused(regional):
    _, _, net = regional
    with pytest.raises(KeyError, match="not nodes of this network"):
        net.subnetwork(["https://example.org/nobody"])
