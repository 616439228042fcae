"""A researcher's own RDF, in standard vocabularies only, gives networks, metrics and answers.

tests/data/foreign/lippe-clusters.ttl is written in W3C ORG, schema.org (https:// and http://),
FOAF, SKOS and Dublin Core, with no og: terms: three clusters, ten companies, two people, one
event; Werkzeugbau Salzuflen is a member of two clusters. tests/data/foreign/invented.ttl uses a
vocabulary owlgraph does not know. The same questions are asked of the real Oxigraph server and
Virtuoso (tests/servers.py) after pushing the file there.

Run: .venv/bin/python -m pytest tests/test_foreign_data.py -q
"""

from pathlib import Path

import pytest
from rdflib import Graph

from owlgraph.cli import main
from owlgraph.core.errors import EmptyResultError
from owlgraph.network.analysis import add_metrics, ranked
from owlgraph.network.builders import affiliation_network, cooperation_network, full_network, query_network
from owlgraph.sparql.queries import query
from owlgraph.store.loading import load_graph

DATA = Path(__file__).parent / "data" / "foreign"
CLUSTERS = DATA / "lippe-clusters.ttl"
INVENTED = DATA / "invented.ttl"
EX = "https://example.org/lippe/"
BRIDGE = EX + "werkzeugbau-salzuflen"
KUNSTSTOFF, HOLZ, MEDIEN = EX + "cluster-kunststoff", EX + "cluster-holz", EX + "cluster-medien"
MEMBERS = {
    KUNSTSTOFF: {"kunststoffwerk-detmold", "formteile-lemgo", "polymer-blomberg", "werkzeugbau-salzuflen"},
    HOLZ: {"tischlerei-horn", "saegewerk-extertal", "holzinstitut-lippe", "werkzeugbau-salzuflen"},
    MEDIEN: {"druckerei-lage", "agentur-oerlinghausen", "studio-schieder"},
}
COMPANIES = {EX + m for members in MEMBERS.values() for m in members}

#: Pairs of organisations sharing a cluster, each pair once (co-membership; no direction of its own).
CO_MEMBERS = """
SELECT DISTINCT ?a ?b WHERE {
  { ?a org:memberOf|schema:memberOf|<http://schema.org/memberOf> ?c } UNION { ?c schema:member ?a }
  UNION { ?ma org:member ?a ; org:organization ?c }
  { ?b org:memberOf|schema:memberOf|<http://schema.org/memberOf> ?c } UNION { ?c schema:member ?b }
  UNION { ?mb org:member ?b ; org:organization ?c }
  FILTER(STR(?a) < STR(?b))
}"""


@pytest.fixture(scope="module")
def graph():
    return load_graph([CLUSTERS])


@pytest.fixture(scope="module")
def coop(graph):
    return cooperation_network(graph)


def short(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def test_the_cooperation_network_has_every_organisation_and_collaboration(coop):
    assert set(coop) == COMPANIES | {KUNSTSTOFF, HOLZ, MEDIEN}
    expected = {frozenset((cluster, EX + m)) for cluster, members in MEMBERS.items() for m in members}
    expected |= {frozenset((MEDIEN, BRIDGE)), frozenset((BRIDGE, EX + "druckerei-lage"))}  # the Medientag
    assert {frozenset(e) for e in coop.edges()} == expected
    assert coop.edges[MEDIEN, EX + "druckerei-lage"]["relations"] == ["membership", "organiser-participant"]
    assert coop.edges[BRIDGE, EX + "druckerei-lage"]["via"] == ["Lippischer Medientag 2025"]


def test_nodes_are_typed_by_their_standard_class_and_labelled_in_the_graphs_language(coop):
    assert coop.nodes[KUNSTSTOFF]["label"] == "Kunststoff-Cluster Lippe"  # @de preferred over @en: most labels are de
    assert coop.nodes[KUNSTSTOFF]["type"] == "OrganizationalCollaboration"
    assert (
        coop.nodes[BRIDGE]["type"] == "Corporation"
    )  # the more specific of schema:Corporation, org:FormalOrganization
    assert coop.nodes[EX + "tischlerei-horn"]["label"] == "Tischlerei Horn"  # http://schema.org/name
    assert coop.nodes[EX + "saegewerk-extertal"]["label"] == "Sägewerk Extertal"  # dcterms:title
    assert coop.nodes[EX + "formteile-lemgo"]["label"] == "Formteile Lemgo"  # foaf:name


def test_the_bridging_company_ranks_first_by_betweenness(coop):
    top = ranked(add_metrics(coop), "betweenness", top=3)
    assert top.label[0] == "Werkzeugbau Salzuflen"
    assert top.value[0] > top.value[1]


def test_affiliations_read_memberships_posts_and_events(graph):
    members = affiliation_network(graph, "organisation-initiative")
    assert {short(n) for n, side in members.nodes(data="bipartite") if side == 1} == {
        "cluster-kunststoff",
        "cluster-holz",
        "cluster-medien",
    }
    assert members.number_of_edges() == 11
    people = affiliation_network(graph, "person-organisation")
    assert {(short(a), short(b)) for a, b in people.edges()} | {(short(b), short(a)) for a, b in people.edges()} >= {
        ("anna-berger", "kunststoffwerk-detmold"),
        ("jonas-krueger", "werkzeugbau-salzuflen"),
    }
    events = affiliation_network(graph, "agent-event")
    assert {short(n) for n in events.neighbors(EX + "medientag-2025")} == {
        "cluster-medien",
        "werkzeugbau-salzuflen",
        "druckerei-lage",
        "anna-berger",
    }


def answers(source) -> dict[str, set[tuple]]:
    """The eight named questions, as sets of label tuples (order-free, comparable across stores)."""
    found = {}
    heads = query(source, "who-heads-what")
    found["who-heads-what"] = set(zip(heads.personLabel, heads.organisationLabel))
    posts = query(source, "people-and-posts")
    found["people-and-posts"] = set(zip(posts.personLabel, posts.postLabel, posts.organisationLabel))
    sites = query(source, "initiatives-and-websites")
    found["initiatives-and-websites"] = {(lbl, str(w)) for lbl, w in zip(sites.label, sites.website)}
    sectors = query(source, "initiative-sectors")
    found["initiative-sectors"] = set(zip(sectors.initiativeLabel, sectors.sectorLabel, sectors.naceCode))
    without = query(source, "initiatives-without-sector")
    found["initiatives-without-sector"] = set(zip(without.label, without.topicLabel))
    meeting = query(source, "meeting-participants")
    found["meeting-participants"] = set(
        zip(
            meeting.eventLabel,
            meeting.date.astype(str),
            meeting.organiserLabel,
            meeting.participantLabel,
            meeting.participantType,
        )
    )
    types = query(source, "organisations-per-type")
    found["organisations-per-type"] = {(label, int(n)) for label, n in zip(types.typeLabel, types["count"])}
    members = query(source, "organisation-members")
    found["organisation-members"] = {
        (m, o, None if r != r or r is None else str(r))
        for m, o, r in zip(members.memberLabel, members.organisationLabel, members.roleLabel)
    }
    return found


EXPECTED = {
    "who-heads-what": {("Anna Berger", "Kunststoffwerk Detmold"), ("Jonas Krüger", "Werkzeugbau Salzuflen")},
    "people-and-posts": {("Jonas Krüger", "Geschäftsführer", "Werkzeugbau Salzuflen")},
    "initiatives-and-websites": {
        ("Kunststoff-Cluster Lippe", "https://kunststoff-lippe.example"),
        ("Holzcluster Lippe", "https://holz-lippe.example"),
        ("Medienverbund Lippe", "nan"),
    },
    "initiative-sectors": {
        ("Kunststoff-Cluster Lippe", "Kunststoffverarbeitung", "C22"),
        ("Holzcluster Lippe", "Holzverarbeitung", "C16"),
    },
    "initiatives-without-sector": {("Medienverbund Lippe", "Medien")},
    # schema:Event, schema:attendee, schema:organizer and (in the http:// namespace) schema:startDate
    "meeting-participants": {
        ("Lippischer Medientag 2025", "2025-05-14", "Medienverbund Lippe", "Anna Berger", "foaf:Person"),
        ("Lippischer Medientag 2025", "2025-05-14", "Medienverbund Lippe", "Druckerei Lage", "schema:Corporation"),
        (
            "Lippischer Medientag 2025",
            "2025-05-14",
            "Medienverbund Lippe",
            "Werkzeugbau Salzuflen",
            "schema:Corporation",
        ),
    },
    # each organisation under its most specific standard class: Werkzeugbau Salzuflen (schema:Corporation and
    # org:FormalOrganization) and the Holzcluster (a collaboration and a schema:Organization) once each
    "organisations-per-type": {
        ("schema:Corporation", 6),
        ("org:OrganizationalCollaboration", 3),
        ("foaf:Organization", 2),
        ("org:FormalOrganization", 1),
        ("schema:ResearchOrganization", 1),
    },
}


def expected_members() -> set[tuple]:
    labels = {
        "kunststoffwerk-detmold": "Kunststoffwerk Detmold",
        "formteile-lemgo": "Formteile Lemgo",
        "polymer-blomberg": "Polymer Blomberg",
        "werkzeugbau-salzuflen": "Werkzeugbau Salzuflen",
        "tischlerei-horn": "Tischlerei Horn",
        "saegewerk-extertal": "Sägewerk Extertal",
        "holzinstitut-lippe": "Holzinstitut Lippe",
        "druckerei-lage": "Druckerei Lage",
        "agentur-oerlinghausen": "Agentur Oerlinghausen",
        "studio-schieder": "Studio Schieder",
    }
    clusters = {KUNSTSTOFF: "Kunststoff-Cluster Lippe", HOLZ: "Holzcluster Lippe", MEDIEN: "Medienverbund Lippe"}
    return {
        (labels[m], clusters[c], "Gründungsmitglied" if m == "polymer-blomberg" else None)
        for c, members in MEMBERS.items()
        for m in members
    }


def test_who_heads_what_and_five_other_questions_answer_on_standard_terms(graph):
    found = answers(graph)
    for name, rows in EXPECTED.items():
        assert found[name] == rows, name
    assert found["organisation-members"] == expected_members()


def test_labels_follow_the_language_asked_for(graph):
    sites = query(graph, "initiatives-and-websites", bindings={"language": "en"})
    assert "Plastics Cluster Lippe" in set(sites.label) and "Kunststoff-Cluster Lippe" not in set(sites.label)


@pytest.mark.remote
def test_the_same_answers_come_from_a_triplestore(store):
    graph_iri = "https://example.org/lippe/graph/foreign-test"
    store.endpoint().push(Graph().parse(CLUSTERS), graph_iri)
    try:
        remote = store.endpoint(default_graph=graph_iri)
        found = answers(remote)
        network = cooperation_network(remote)
    finally:
        store.endpoint().update(f"DROP SILENT GRAPH <{graph_iri}>")  # the servers are shared by the session
    for name, rows in EXPECTED.items():
        assert found[name] == rows, name
    assert found["organisation-members"] == expected_members()
    assert set(network) == COMPANIES | {KUNSTSTOFF, HOLZ, MEDIEN}
    assert network.number_of_edges() == 13


#: An organisation in owlgraph's terms (with the standard class the build materialises) next to the file's
#: organisations in standard terms only.
OWN_FIRM = f"""
@prefix og: <https://w3id.org/owlgraph/ontology#> . @prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<{EX}og-firm> a og:Company, org:Organization ; rdfs:label "OG Firm" ; org:memberOf <{KUNSTSTOFF}> .
"""


@pytest.mark.remote
def test_a_graph_mixing_owlgraph_and_standard_classes_gives_the_same_nodes_from_a_triplestore(store, tmp_path):
    own = tmp_path / "own-firm.ttl"
    own.write_text(OWN_FIRM, encoding="utf-8")
    graph_iri = "https://example.org/lippe/graph/mixed-test"
    store.endpoint().push(Graph().parse(CLUSTERS).parse(own), graph_iri)
    try:
        remote = cooperation_network(store.endpoint(default_graph=graph_iri))
    finally:
        store.endpoint().update(f"DROP SILENT GRAPH <{graph_iri}>")  # the servers are shared by the session
    local = cooperation_network(load_graph([CLUSTERS, own]))
    assert dict(remote.nodes(data="type")) == dict(local.nodes(data="type"))
    assert remote.nodes[EX + "og-firm"]["type"] == "Company" and remote.nodes[BRIDGE]["type"] == "Corporation"
    assert set(remote.edges) == set(local.edges) and remote.has_edge(EX + "og-firm", KUNSTSTOFF)


def test_an_edge_names_its_event_in_the_language_of_the_network(tmp_path):
    # the nodes' labels are German; the event has a German and an English name: the edge says the German one
    bilingual = tmp_path / "bilingual.ttl"
    bilingual.write_text(
        f'<{EX}medientag-2025> <https://schema.org/name> "Lippe Media Day 2025"@en .\n', encoding="utf-8"
    )
    G = cooperation_network(load_graph([CLUSTERS, bilingual]))
    via = {v for _, _, vias in G.edges(data="via") for v in vias}
    assert "Lippischer Medientag 2025" in via and "Lippe Media Day 2025" not in via


def test_rdf_in_an_unknown_vocabulary_gives_its_graph_of_resources():
    G = full_network(load_graph([INVENTED]))
    d = "https://example.org/invented/data/"
    assert dict(G.nodes(data="type")) == {d + "hive-a": "Beehive", d + "imker-1": "Beekeeper", d + "meadow": "Resource"}
    assert sorted((short(a), short(b), k) for a, b, k in G.edges(keys=True)) == [
        ("hive-a", "imker-1", "keptBy"),
        ("hive-a", "meadow", "standsNear"),
    ]
    assert G.nodes[d + "hive-a"]["colonies"] == 3


def test_a_cooperation_network_of_unknown_vocabulary_is_refused_with_what_was_looked_for():
    with pytest.raises(EmptyResultError, match=r"no organisations or collaborations found \(looked for og:Initiative"):
        cooperation_network(load_graph([INVENTED]))


@pytest.mark.parametrize(
    "command",
    [
        ["network", "--format", "gexf", "-o", "{out}/n.gexf"],
        ["metrics"],
        ["view", "--size-by", "betweenness", "-o", "{out}/v.html"],
    ],
)
def test_the_cli_refuses_an_empty_network_in_one_line_and_writes_nothing(command, tmp_path, capsys):
    argv = [c.format(out=tmp_path) for c in command] + ["--data", str(INVENTED)]
    assert main(argv) == EmptyResultError.exit_code
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "Traceback" not in err
    assert err.startswith("owlgraph: error: no organisations or collaborations found (looked for og:Initiative")
    assert err.endswith("try --kind full")
    assert list(tmp_path.iterdir()) == []


def test_a_co_membership_query_graph_is_undirected_when_asked_and_betweenness_follows(graph):
    undirected = query_network(graph, CO_MEMBERS, directed=False)
    directed = query_network(graph, CO_MEMBERS)
    assert undirected.graph["directed"] is False and directed.graph["directed"] is True
    assert not undirected.is_directed() and directed.is_directed()
    # two 4-cliques (Kunststoff, Holz) sharing only the bridge, plus the 3-clique Medien: 10 nodes.
    # Every shortest path between the 3 other Kunststoff members and the 3 other Holz members runs
    # through the bridge: 9 of the C(9, 2) = 36 pairs of the other nodes.
    assert len(undirected) == 10
    assert add_metrics(undirected).nodes[BRIDGE]["betweenness"] == pytest.approx(9 / 36)
    assert add_metrics(directed).nodes[BRIDGE]["betweenness"] != pytest.approx(9 / 36)


def test_the_cli_metrics_say_which_direction_they_used(tmp_path, capsys):
    rq = tmp_path / "co-members.rq"
    rq.write_text(CO_MEMBERS, encoding="utf-8")
    base = ["metrics", "--kind", "query", "--query", str(rq), "--data", str(CLUSTERS), "--measure", "betweenness"]
    assert main([*base, "--undirected"]) == 0
    out = capsys.readouterr().out
    assert "measures computed on the undirected graph" in out
    assert "Werkzeugbau Salzuflen" in out or short(BRIDGE) in out
    assert main(base) == 0
    assert "measures computed on the directed graph" in capsys.readouterr().out
    assert main(["metrics", "--kind", "cooperation", "--undirected", "--data", str(CLUSTERS)]) == 1
    assert "--undirected applies to --kind full and --kind query only" in capsys.readouterr().err


def test_empty_affiliations_and_query_graphs_are_refused_with_what_was_looked_for():
    graph = load_graph([INVENTED])
    with pytest.raises(EmptyResultError, match=r"^no person-organisation affiliations found \(looked for people"):
        affiliation_network(graph, "person-organisation")
    with pytest.raises(EmptyResultError, match=r"^the query gave no IRIs to make nodes of \(0 rows"):
        query_network(graph, "SELECT ?s WHERE { ?s ?p 'nothing' }")
    with pytest.raises(EmptyResultError, match="nothing to measure"):
        add_metrics(full_network(graph).subgraph([]))


def test_a_graph_mixing_og_and_standard_terms_links_across_both():
    # each relation is asked in the terms the graph uses: here og: and standard ones side by side
    G = cooperation_network(load_graph([CLUSTERS, DATA / "og-additions.ttl"]))
    bega = EX + "moebelwerk-bega"
    assert {short(n) for n in G[HOLZ]} == MEMBERS[HOLZ] | {"moebelwerk-bega"}
    assert set(G[bega]) == {HOLZ, EX + "druckerei-lage", BRIDGE}
    # Druckerei Lage and the bridge met at the schema:Event and at the og:Event: two reasons
    assert G.edges[EX + "druckerei-lage", BRIDGE]["weight"] == 2.0
    assert G.edges[EX + "druckerei-lage", BRIDGE]["relations"] == ["co-participation"]


def test_stats_of_a_graph_in_standard_terms_count_its_own_classes(capsys):
    assert main(["stats", "--data", str(CLUSTERS)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("no og: classes or relations in this graph: showing all of them (as with --all)")
    assert "3  org:OrganizationalCollaboration" in out and "4  schema:Corporation" in out
