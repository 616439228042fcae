"""Your own data, end to end: what a researcher asks of their own ORG/schema.org Turtle (issue 13).

tests/data/foreign/two-valleys.ttl: two regional clusters that share no member (so the cooperation
network falls apart into components), memberships as blank nodes with blank-node roles (one
labelled, one not), and four members of equal degree (so ``--top`` cuts a tie).

Run: .venv/bin/python -m pytest tests/test_own_network_analysis.py -q
"""

import math
from pathlib import Path

import networkx as nx
import pytest

from owlgraph.cli import main, make_parser
from owlgraph.core.errors import EmptyResultError
from owlgraph.network.analysis import DIRECTED_NOTE, add_metrics, largest_component, ranked
from owlgraph.network.builders import affiliation_network, cooperation_network, full_network
from owlgraph.sparql.queries import query
from owlgraph.store.loading import load_graph

ROOT = Path(__file__).parent.parent
VALLEYS = Path(__file__).parent / "data" / "foreign" / "two-valleys.ttl"
CONNECTED = Path(__file__).parent / "data" / "foreign" / "lippe-clusters.ttl"
EX = "https://example.org/valleys/"


@pytest.fixture(scope="module")
def graph():
    return load_graph([VALLEYS])


@pytest.fixture(scope="module")
def coop(graph):
    return cooperation_network(graph)


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


# -- 1. eigenvector centrality on a network of several components ------------------------------


def test_eigenvector_is_computed_on_the_largest_component_and_missing_elsewhere(coop):
    H = add_metrics(coop, measures=("eigenvector",))
    largest = largest_component(coop)
    assert EX + "weser-cluster" in largest and EX + "diemel-cluster" not in largest
    ev = nx.get_node_attributes(H, "eigenvector")
    assert all(math.isnan(ev[n]) for n in coop if n not in largest)
    reference = nx.eigenvector_centrality_numpy(coop.subgraph(largest))
    assert {n: ev[n] for n in largest} == pytest.approx(reference)
    # the table ranks only nodes with a value: no Diemel node is ranked against a Weser node
    assert set(ranked(H, "eigenvector", top=None)["node"]) == largest


def test_owlgraph_metrics_says_in_one_line_where_eigenvector_was_computed(capsys):
    code, out, _ = run(capsys, "metrics", "--data", VALLEYS, "--measure", "eigenvector", "degree")
    assert code == 0
    notes = [line for line in out.splitlines() if line.startswith("eigenvector: ")]
    components = nx.number_connected_components(cooperation_network(load_graph([VALLEYS])))
    assert notes == [
        f"eigenvector: the network has {components} components; computed on the largest (5 of 10 nodes), "
        "empty (NaN) for the other 5 nodes"
    ]


def test_a_connected_network_gets_no_component_note(capsys):
    code, out, _ = run(capsys, "metrics", "--data", CONNECTED, "--measure", "eigenvector")
    assert code == 0 and "components" not in out


# -- 2. --top cutting a tie ---------------------------------------------------------------------


def test_metrics_top_says_when_the_cut_falls_inside_a_tie_and_how_it_was_broken(coop, capsys):
    degree = dict(coop.degree())
    third = sorted(degree.values(), reverse=True)[2]
    tied = sorted((coop.nodes[n]["label"], n) for n, d in degree.items() if d == third)
    assert len(tied) > 1  # the fixture's point: the third place is shared
    code, out, err = run(capsys, "metrics", "--data", VALLEYS, "--measure", "degree", "--top", "3")
    assert code == 0
    assert err.strip() == (
        f"degree: top 3 cuts a tie: {len(tied)} nodes share rank 3 and only 1 of them is shown "
        "(tied rows ordered by label, then node id)"
    )
    assert tied[0][0] in out and all(label not in out for label, _ in tied[1:])


def test_metrics_top_says_nothing_when_the_cut_falls_between_scores(capsys):
    code, _, err = run(capsys, "metrics", "--data", VALLEYS, "--measure", "degree", "--top", "2")
    assert code == 0 and "tie" not in err


def test_view_top_says_when_it_keeps_part_of_a_tie(coop, tmp_path, capsys):
    degree = dict(coop.degree())
    third = sorted(degree.values(), reverse=True)[2]
    tied = sorted((n, coop.nodes[n]["label"]) for n, d in degree.items() if d == third)
    out = tmp_path / "valleys.html"
    code, _, err = run(capsys, "view", "--data", VALLEYS, "--top", "3", "-o", out)
    assert code == 0 and out.exists()
    assert err.strip() == (
        f"--top: {len(tied)} nodes share degree {third} at the cut of top 3; 1 of them is kept, "
        "chosen by node id (IRI) in alphabetical order"
    )
    page = out.read_text(encoding="utf-8")
    assert tied[0][1] in page and all(label not in page for _, label in tied[1:])


# -- 3. blank-node roles ------------------------------------------------------------------------


def test_networks_never_show_a_blank_node_id(graph):
    for G in (cooperation_network(graph), affiliation_network(graph, "organisation-initiative"), full_network(graph)):
        for n, d in G.nodes(data=True):
            assert str(n).startswith("https://") and not str(d.get("label", "")).startswith("_:"), (n, d)
        for *_, d in G.edges(data=True):
            assert not any(str(v).startswith("_:") for v in d.values() if isinstance(v, str)), d


def test_which_role_does_each_member_have_reads_as_text_never_as_a_blank_node_id(graph):
    members = query(graph, "organisation-members")
    roles = dict(zip(members.memberLabel, members.roleLabel))
    assert roles["Brauerei Hameln"] == "Sprecherin"  # a blank-node role with a label: its label
    assert roles["Mühle Rinteln"] == "(unnamed role)"  # a blank-node role without one
    assert not members.astype(str).apply(lambda c: c.str.startswith("_:")).any().any()


# -- 4. missing values in query frames ----------------------------------------------------------


def test_missing_values_in_a_query_frame_are_nan_in_every_column(graph):
    frame = query(
        graph,
        """SELECT ?org ?name ?since ?sponsored ?employees WHERE {
             ?org a schema:Corporation ; schema:name ?name .
             OPTIONAL { ?org schema:foundingDate ?since }
             OPTIONAL { ?org schema:sponsor ?sponsored }
             OPTIONAL { ?org schema:numberOfEmployees ?employees }
           }""",
    )
    assert len(frame) == 8
    for column in ("since", "sponsored", "employees"):  # unbound in every row
        assert frame[column].isna().all()
        assert not any(v is None for v in frame[column]), column
    members = query(graph, "organisation-members")  # a role in some rows, none in others
    gaps = members.roleLabel[members.roleLabel.isna()]
    assert len(gaps) and all(isinstance(v, float) and math.isnan(v) for v in gaps)


# -- 6. exit code 9 for an empty answer ---------------------------------------------------------


def test_a_query_with_no_answer_exits_9_as_the_readme_and_help_say(tmp_path, capsys):
    out = tmp_path / "none.csv"
    code, stdout, err = run(
        capsys, "query", "--data", VALLEYS, "SELECT ?x WHERE { ?x a schema:Hospital }", "--format", "csv", "-o", out
    )
    assert code == EmptyResultError.exit_code == 9
    assert stdout == "" and err.startswith("owlgraph: error: no rows: ") and err.count("\n") == 1
    assert not out.exists()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "9 empty\n  result (a query that finds no rows," in readme
    query_help = make_parser()._subparsers._group_actions[0].choices["query"].format_help()
    assert "finds no rows is an error" in query_help and "exit code 9" in query_help


# -- 5. the CSV tables page ---------------------------------------------------------------------


def test_the_import_help_and_the_readme_point_to_the_tables_page():
    import_help = make_parser()._subparsers._group_actions[0].choices["import"].format_help()
    assert "docs/tables.md" in import_help
    assert "[docs/tables.md](docs/tables.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
    page = (ROOT / "docs" / "tables.md").read_text(encoding="utf-8")
    from owlgraph.store.mapping import FILES, organisation_types

    for name, (required, optional) in FILES.items():
        for column in (*required, *optional):
            assert f"| `{name}` | `{column}` |" in page
    assert all(f"`{t}`" in page for t in organisation_types())


# -- --kind full: directed by default, the undirected simple graph with --undirected -------------

# Two clusters in a vocabulary of the user's own, edges running cluster -> firm, sharing one firm.
SHARED_FIRM = """@prefix my: <https://example.org/my-clusters/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
my:moebel a my:Cluster ; rdfs:label "Möbelring Herford" ; my:hasMember my:tischlerei , my:drechslerei ;
    my:foundedBy my:drechslerei .
my:metall a my:Cluster ; rdfs:label "Metallkreis Gütersloh" ; my:hasMember my:schlosserei , my:drechslerei .
my:tischlerei a my:Firm ; rdfs:label "Tischlerei Brune" .
my:schlosserei a my:Firm ; rdfs:label "Schlosserei Ameln" .
my:drechslerei a my:Firm ; rdfs:label "Drechslerei Kuhlmann" .
"""
SHARED = "https://example.org/my-clusters/drechslerei"


@pytest.fixture
def shared_firm(tmp_path):
    path = tmp_path / "shared-firm.ttl"
    path.write_text(SHARED_FIRM, encoding="utf-8")
    return path


def test_the_firm_two_clusters_share_is_the_broker_of_the_undirected_full_network(shared_firm):
    graph = load_graph([shared_firm])
    directed, undirected = full_network(graph), full_network(graph, directed=False)
    assert directed.is_directed() and directed.graph["directed"] is True
    assert not undirected.is_directed() and undirected.graph["directed"] is False
    # cluster -> firm edges: no directed path runs through a firm
    assert add_metrics(directed, measures=("betweenness",)).nodes[SHARED]["betweenness"] == 0
    between = nx.get_node_attributes(add_metrics(undirected, measures=("betweenness",)), "betweenness")
    assert max(between, key=between.get) == SHARED
    # Möbelring -> Drechslerei twice (hasMember, foundedBy) is one undirected edge
    assert undirected.number_of_edges() == 4 and directed.number_of_edges() == 5
    assert undirected.edges[SHARED, "https://example.org/my-clusters/moebel"]["label"] == "foundedBy; hasMember"


def test_owlgraph_metrics_kind_full_undirected_ranks_the_shared_firm_first(shared_firm, capsys):
    base = ["metrics", "--data", shared_firm, "--kind", "full", "--measure", "betweenness"]
    code, out, err = run(capsys, *base, "--undirected")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "full network: 5 nodes, 4 edges; measures computed on the undirected graph"
    assert DIRECTED_NOTE not in out
    table = lines[lines.index("== betweenness ==") + 2 :]
    assert table[0].split()[1:] == ["Drechslerei", "Kuhlmann", "Firm", "0.666667", "1"]  # 4 of the 6 pairs
    assert [row.split()[-1] for row in table[1:]] == ["2", "2", "4", "4"]
    code, out, _ = run(capsys, *base)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "full network: 5 nodes, 5 edges; measures computed on the directed graph"
    assert lines[1] == DIRECTED_NOTE  # which measures follow the direction, and which do not
    table = lines[lines.index("== betweenness ==") + 2 :]
    assert {row.split()[-2] for row in table} == {"0.0"}  # edges run cluster -> firm: nothing lies between


@pytest.mark.parametrize("kind", ["cooperation", "affiliation"])
def test_undirected_is_refused_for_networks_that_are_already_undirected(kind, capsys):
    code, out, err = run(capsys, "metrics", "--kind", kind, "--undirected", "--data", VALLEYS)
    assert (code, out) == (1, "")
    assert err == (
        "owlgraph: error: --undirected applies to --kind full and --kind query only; "
        f"the {kind} network is already undirected\n"
    )
