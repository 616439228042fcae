"""Network researchers' questions about the OWL cooperation network, answered with NetworkX."""

import itertools
from pathlib import Path

import networkx as nx
import pytest

from owlgraph.core.namespaces import ID
from owlgraph.curation.export import triples_graph
from owlgraph.network.analysis import add_metrics, ranked
from owlgraph.network.builders import (
    affiliation_network,
    cooperation_network,
    full_network,
    one_mode_network,
    query_network,
)

ROOT = Path(__file__).resolve().parent.parent

OWL_GMBH = str(ID["organisation/ostwestfalenlippe-gmbh"])
MEETING, JOINT = "Erfahrungsaustausch in Düsseldorf", "Gemeinsame Aktivitäten der Brancheninitiativen"


@pytest.fixture(scope="module")
def graph(built_graph):
    return built_graph


@pytest.fixture(scope="module")
def coop(graph):
    return cooperation_network(graph)


def initiatives(G):
    return sorted(n for n, d in G.nodes(data=True) if d["type"] == "Initiative")


def test_the_ten_initiatives_are_linked_through_the_meeting_and_the_joint_activities(coop):
    ten = initiatives(coop)
    assert len(ten) == 10
    for a, b in itertools.combinations(ten, 2):
        edge = coop.edges[a, b]
        assert edge["via"] == sorted([MEETING, JOINT])
        assert edge["weight"] == 2.0
        assert edge["relations"] == ["co-participation"]


def test_owl_gmbh_is_the_broker_with_the_highest_betweenness(coop):
    top = ranked(add_metrics(coop), "betweenness", top=2)
    assert top.iloc[0]["label"] == "OstWestfalenLippe GmbH"
    assert top.iloc[0]["value"] > top.iloc[1]["value"]


def test_the_landtag_takes_part_through_its_members(coop):
    landtag = str(ID["organisation/landtag-nrw"])
    assert coop.has_edge(landtag, OWL_GMBH)
    assert coop.edges[landtag, OWL_GMBH]["relations"] == ["organiser-participant"]
    assert not any(d["type"] == "Group" for _, d in coop.nodes(data=True))


def test_each_edge_carries_its_evidence_from_the_source(coop):
    texts = [
        (ROOT / "data" / "sources" / name).read_text(encoding="utf-8")
        for name in ("brancheninitiativen-owl.txt", "reference-codes.md")
    ]
    assert coop.number_of_edges() > 45
    for a, b, data in coop.edges(data=True):
        assert data["evidence"], (a, b)
        assert all(any(q in t for t in texts) for q in data["evidence"])
    funder = coop.edges[OWL_GMBH, str(ID["organisation/nrw-wirtschaftsministerium"])]
    assert any("Regionalbudget" in q for q in funder["evidence"])


def test_inferred_links_can_be_left_out(graph):
    stated = cooperation_network(graph, include_inferred=False)
    assert all(not d["inferred"] for *_, d in stated.edges(data=True))


def test_the_full_graph_is_typed_and_leaves_out_rdf_type_and_provenance(graph):
    G = full_network(graph)
    meeting = str(ID["event/erfahrungsaustausch-duesseldorf"])
    assert G.nodes[meeting]["type"] == "Event"
    assert G.nodes[meeting]["date"] == "--01-24"
    assert G.nodes[str(ID["initiative/zig-owl"])]["website"] == "https://www.zig-owl.de"
    labels = {k for *_, k in G.edges(keys=True)}
    assert "participant" in labels and "type" not in labels and "evidenceSource" not in labels
    assert not any(d["type"] == "Evidence" for _, d in G.nodes(data=True))
    only = full_network(graph, include=["participant"])
    assert {k for *_, k in only.edges(keys=True)} == {"participant"}


def test_two_mode_affiliation_and_its_projections(graph):
    B = affiliation_network(graph, "agent-event")
    assert nx.is_bipartite(B)
    assert {d["bipartite"] for _, d in B.nodes(data=True)} == {0, 1}
    agents = one_mode_network(B, 0)
    ten = initiatives(agents)
    assert agents.edges[ten[0], ten[1]]["weight"] == 2
    newman = one_mode_network(B, 0, method="newman")
    assert newman.edges[ten[0], ten[1]]["weight"] == pytest.approx(1 / 11 + 1 / 9)
    people = affiliation_network(graph, "person-organisation")
    assert people.has_edge(str(ID["person/herbert-weber"]), OWL_GMBH)


def test_any_select_query_as_a_graph_with_wikidata_conventions(graph):
    G = query_network(
        graph,
        """
        SELECT ?event ?eventLabel ?agent ?agentLabel ?edgeLabel ?rgb WHERE {
          ?event og:participant ?agent . ?event rdfs:label ?eventLabel . ?agent rdfs:label ?agentLabel .
          BIND("participant" AS ?edgeLabel) BIND("E69F00" AS ?rgb) }""",
    )
    meeting = str(ID["event/erfahrungsaustausch-duesseldorf"])
    assert G.nodes[meeting]["label"] == MEETING
    assert G.nodes[meeting]["color"] == "#E69F00"
    assert G.out_degree(meeting) == 11
    assert G.edges[meeting, str(ID["initiative/zig-owl"])]["label"] == "participant"


@pytest.mark.remote
def test_the_cooperation_network_from_a_remote_endpoint_equals_the_local_one(store, graph, coop):
    graph_iri = "https://w3id.org/owlgraph/graph/network-test"
    store.endpoint().push(triples_graph(graph), graph_iri)
    try:
        remote = cooperation_network(store.endpoint(default_graph=graph_iri))
    finally:
        store.endpoint().update(f"DROP SILENT GRAPH <{graph_iri}>")  # the servers are shared by the session
    assert sorted(map(sorted, remote.edges())) == sorted(map(sorted, coop.edges()))
    for a, b, data in coop.edges(data=True):
        assert remote.edges[a, b]["weight"] == data["weight"]
        assert remote.edges[a, b]["evidence"] == data["evidence"]
