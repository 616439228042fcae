"""Every option does what it says, or is refused with one line (issue 14, docs/options.md).

Data: tests/data/options/ (a made-up wood-industry initiative and two made-up companies) and a
seeded synthetic network imported into a store, so that no test depends on the article alone.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from owlgraph.cli import main
from owlgraph.core.errors import OwlgraphError
from owlgraph.network.analysis import add_metrics, brokerage, ranked

DATA = Path(__file__).resolve().parent / "data" / "options"
VALID_FACTS = str(DATA / "holz-valid.yaml")
BROKEN_FACTS = str(DATA / "holz-sector-is-a-topic.yaml")
PARTNERS = str(DATA / "partners.ttl")


def run(capsys, *argv):
    """Run the command line in-process: (exit code, stdout, stderr)."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def view_data(path: Path) -> dict:
    """The network a view page embeds (its JSON is inert in the page, and plain JSON here)."""
    text = path.read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" id="owlgraph-data">(.*?)</script>', text, re.S)
    return json.loads(found.group(1))


@pytest.fixture(scope="session")
def synthetic(tmp_path_factory):
    """A seeded synthetic network as CSV files, and the same imported into a store."""
    root = tmp_path_factory.mktemp("synthetic")
    assert main(["synthetic", "-o", str(root / "csv"), "--organisations", "120", "--seed", "7"]) == 0
    assert main(["import", str(root / "csv"), "--store", str(root / "store")]) == 0
    return root / "csv", root / "store"


# --- --data and --facts together -----------------------------------------------------------------


def test_validate_checks_the_facts_given_next_to_the_data(capsys):
    code, out, err = run(capsys, "validate", "--data", PARTNERS, "--facts", BROKEN_FACTS)
    assert code == 4, out
    assert "valid:" not in out
    assert "holz-sector-is-a-topic.yaml:14" in err and "sector must be a declared Sector" in err


def test_validate_passes_valid_data_with_valid_facts(capsys):
    code, out, _ = run(capsys, "validate", "--data", PARTNERS, "--facts", VALID_FACTS)
    assert code == 0 and out.startswith("valid")


def test_stats_counts_the_rdf_file_and_the_facts_together(capsys):
    _, alone, _ = run(capsys, "stats", "--json", "--data", PARTNERS)
    _, facts, _ = run(capsys, "stats", "--json", "--facts", VALID_FACTS)
    code, both, _ = run(capsys, "stats", "--json", "--data", PARTNERS, "--facts", VALID_FACTS)
    assert code == 0
    alone, facts, both = (json.loads(t)["classes"] for t in (alone, facts, both))
    assert both["og:Company"] == alone["og:Company"] + facts["og:Company"]
    assert both["og:Initiative"] == facts["og:Initiative"] >= 1


def test_stats_json_keeps_to_owlgraph_terms_unless_all(capsys):
    _, some, _ = run(capsys, "stats", "--json", "--facts", VALID_FACTS)
    _, every, _ = run(capsys, "stats", "--json", "--all", "--facts", VALID_FACTS)
    some, every = json.loads(some), json.loads(every)
    assert all(k.startswith("og:") for part in ("classes", "relations") for k in some[part])
    assert any(not k.startswith("og:") for k in every["classes"])


# --- metrics: brokerage, ranks, communities ------------------------------------------------------


def test_metrics_group_by_type_shows_the_brokerage_roles_of_each_node(capsys, synthetic):
    _, store = synthetic
    code, out, _ = run(capsys, "metrics", "--store", store, "--group-by", "type", "--measure", "degree", "--top", "3")
    assert code == 0
    header, *rows = out.split("== brokerage roles")[1].strip().splitlines()[1:5]
    for role in ("coordinator", "gatekeeper", "representative", "consultant", "liaison"):
        assert role in header
    # the first row is the node that brokers most, by the library's own count
    from owlgraph.network.builders import to_networkx
    from owlgraph.store.embedded import open_store

    graph = open_store(store)
    try:
        roles = brokerage(to_networkx(graph, "cooperation"), "type")
    finally:
        graph.close()
    top_total = max(sum(r.values()) for r in roles.values())
    assert rows[0].split()[-1] == str(top_total) and top_total > 0


def test_measure_brokerage_works_from_the_command_line(capsys):
    code, out, err = run(capsys, "metrics", "--facts", VALID_FACTS, "--data", PARTNERS, "--measure", "brokerage")
    assert code == 0, err
    assert "brokerage roles" in out and "groups = type" in out
    assert "add_metrics" not in out + err


def test_equal_values_share_a_rank_despite_float_noise():
    G = nx.Graph()
    values = [0.5, 0.25, 0.25 * (1 + 1e-13), 0.25 * (1 - 1e-13), 0.1, 0.1 + 1e-17, 0.1, 0.0]
    for i, v in enumerate(values):
        G.add_node(i, label=f"n{i}", score=v)
    assert ranked(G, "score", top=None)["rank"].tolist() == [1, 2, 2, 2, 5, 5, 5, 8]


def test_a_symmetric_network_ranks_every_node_first_on_eigenvector():
    G = add_metrics(nx.circulant_graph(11, [1, 3]), measures=("eigenvector",))
    assert set(ranked(G, "eigenvector", top=None)["rank"]) == {1}


def test_community_is_a_grouping_not_a_score(capsys, synthetic):
    _, store = synthetic
    with pytest.raises(OwlgraphError, match="grouping"):
        ranked(nx.barbell_graph(3, 0), "community")
    code, out, _ = run(capsys, "metrics", "--store", store, "--measure", "community", "--top", "50")
    assert code == 0
    table = out.split("==\n", 1)[1]
    header, *rows = table.strip().splitlines()
    assert header.split()[:3] == ["community", "size", "members"] and "rank" not in header
    sizes = [int(r.split()[1]) for r in rows]
    assert sizes == sorted(sizes, reverse=True) and sizes[0] > 1


# --- view: sector, colour by community ------------------------------------------------------------


def test_view_sector_on_the_article_lists_the_sectors(capsys, tmp_path):
    code, _, err = run(capsys, "view", "--sector", "Biotechnologie", "-o", tmp_path / "v.html")
    assert code == 0, err
    data = view_data(tmp_path / "v.html")
    keys = [s["key"] for s in data["sectors"]]
    assert "Biotechnologie" in keys
    assert any("Biotechnologie" in n["s"] for n in data["nodes"])


def test_view_sector_on_an_imported_store(capsys, tmp_path, synthetic):
    _, store = synthetic
    code, _, err = run(capsys, "view", "--store", store, "--sector", "Biotechnologie", "-o", tmp_path / "s.html")
    assert code == 0, err
    data = view_data(tmp_path / "s.html")
    in_sector = [n for n in data["nodes"] if "Biotechnologie" in n["s"]]
    assert len(in_sector) > 1 and len(data["sectors"]) > 1


def test_sector_selection_on_synthetic_data_in_memory(synthetic):
    from owlgraph.network.builders import to_networkx
    from owlgraph.network.subnetwork import select_subnetwork
    from owlgraph.store.loading import load_graph

    folder, _ = synthetic
    G = to_networkx(load_graph(tables=folder), "cooperation")
    organisations = (folder / "organisations.csv").read_text(encoding="utf-8")
    assert ",biotechnologie," in organisations
    H = select_subnetwork(G, sector="biotechnologie")
    assert {d.get("sector") for _, d in H.nodes(data=True)} >= {"Biotechnologie"}


def test_view_sector_of_a_users_facts(capsys, tmp_path):
    code, _, err = run(capsys, "view", "--facts", VALID_FACTS, "--sector", "Holzwirtschaft", "-o", tmp_path / "h.html")
    assert code == 0, err
    assert [s["key"] for s in view_data(tmp_path / "h.html")["sectors"]] == ["Holzwirtschaft"]


def test_view_color_by_community_needs_no_size_by(capsys, tmp_path, synthetic):
    _, store = synthetic
    code, _, err = run(capsys, "view", "--store", store, "--color-by", "community", "-o", tmp_path / "c.html")
    assert code == 0, err
    data = view_data(tmp_path / "c.html")
    assert data["colorBy"] == "community" and data["sizeBy"] is None
    assert data["legend"][0]["label"].startswith("Community ")


# --- network: empty affiliation, CSV file names --------------------------------------------------


def test_empty_affiliation_network_is_refused_naming_the_modes_that_have_ties(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(
        capsys, "network", "--kind", "affiliation", "--format", "gexf", "--data", PARTNERS, "-o", tmp_path / "a.gexf"
    )
    assert code != 0 and "0 nodes" not in out
    assert err.count("\n") == 1 and "organisation-initiative is empty" in err
    assert not (tmp_path / "a.gexf").exists()
    code, out, err = run(capsys, "network", "--kind", "affiliation", "--format", "gexf", "-o", tmp_path / "b.gexf")
    modes = re.findall(r"--mode ([a-z-]+)", err)
    assert code != 0 and modes
    for mode in modes:  # every mode it names does have something to show
        code, out, _ = run(
            capsys, "network", "--kind", "affiliation", "--mode", mode, "--format", "gexf", "-o", "m.gexf"
        )
        assert code == 0 and int(re.search(r"(\d+) edges", out).group(1)) > 0


def test_affiliation_default_mode_works_where_there_are_memberships(capsys, tmp_path):
    code, out, _ = run(
        capsys,
        "network",
        "--kind",
        "affiliation",
        "--facts",
        VALID_FACTS,
        "--format",
        "gexf",
        "-o",
        tmp_path / "a.gexf",
    )
    assert code == 0 and "2 nodes, 1 edges" in out


def test_csv_output_reports_exactly_the_files_it_wrote(capsys, tmp_path):
    code, out, _ = run(capsys, "network", "--facts", VALID_FACTS, "--format", "csv", "-o", tmp_path / "x.csv")
    assert code == 0
    named = re.findall(r"(\S+\.csv)", out)
    written = sorted(p.name for p in tmp_path.iterdir())
    assert sorted(Path(n).name for n in named) == written == ["x-edges.csv", "x-nodes.csv"]


# --- parsing: --debug anywhere, misspelt options --------------------------------------------------


def test_debug_after_the_command_shows_the_traceback(tmp_path):
    missing = tmp_path / "missing.ttl"
    assert main(["stats", "--data", str(missing)]) != 0
    with pytest.raises(OwlgraphError, match=r"missing\.ttl"):
        main(["stats", "--data", str(missing), "--debug"])
    with pytest.raises(OwlgraphError, match=r"missing\.ttl"):
        main(["--debug", "stats", "--data", str(missing)])


def test_misspelt_option_gets_the_commands_usage_and_a_suggestion(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["view", "--size_by", "betweenness", "-o", "x.html"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2
    assert err.startswith("usage: owlgraph view") and "did you mean --size-by?" in err


# --- options that cannot apply are refused --------------------------------------------------------

REFUSED = {
    "top-with-ego": (["view", "--top", "5", "--ego", "x", "-o", "v.html"], "--top cannot be combined with --ego"),
    "radius-without-ego": (["view", "--radius", "2", "-o", "v.html"], "--radius only applies with --ego"),
    "method-without-project": (
        ["network", "--kind", "affiliation", "--method", "newman", "--format", "csv", "-o", "n"],
        "--method only applies with --project",
    ),
    "mode-without-affiliation": (
        ["network", "--mode", "agent-event", "--format", "csv", "-o", "n"],
        "--mode only applies with --kind affiliation",
    ),
    "project-without-affiliation": (
        ["metrics", "--project", "0"],
        "--project only applies with --kind affiliation",
    ),
    "query-without-kind-query": (
        ["view", "--query", "who-heads-what", "-o", "v.html"],
        "--query only applies with --kind query",
    ),
    "graph-without-endpoint": (["stats", "--graph", "https://example.org/g"], "--graph only applies with --endpoint"),
    "timeout-without-endpoint": (
        ["query", "who-heads-what", "--timeout", "5"],
        "--timeout only applies with --endpoint",
    ),
    "metrics-into-pajek": (
        ["network", "--metrics", "--format", "pajek", "-o", "n.net"],
        "--metrics cannot be combined with --format pajek",
    ),
    "list-with-a-query": (["query", "--list", "who-heads-what"], "--list only lists the named queries"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_an_option_that_cannot_apply_is_refused_with_one_line(capsys, tmp_path, monkeypatch, case):
    monkeypatch.chdir(tmp_path)
    argv, message = REFUSED[case]
    code, out, err = run(capsys, *argv)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("owlgraph: error: ") and message in err
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_allow_remote_on_loopback_is_refused(tmp_path):
    # in a child process with a time limit: were it not refused, serve would run until stopped
    done = subprocess.run(
        [sys.executable, "-m", "owlgraph", "serve", "--allow-remote", "--port", "0"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == (
        "owlgraph: error: --allow-remote only applies with a non-loopback --host; drop it or add a non-loopback --host\n"
    )


def test_the_views_sector_drop_down_lists_the_sectors_of_an_imported_store(capsys, tmp_path, synthetic, browser):
    _, store = synthetic
    assert run(capsys, "view", "--store", store, "-o", tmp_path / "all.html")[0] == 0
    data = view_data(tmp_path / "all.html")
    page = browser.new_page()  # the session's headless Chromium (tests/conftest.py)
    try:
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        page.goto((tmp_path / "all.html").as_uri())
        page.wait_for_selector("html[data-ready='true']", state="attached", timeout=60_000)
        options = page.locator("#sector-filter option").all_text_contents()
        assert options[0] == "All sectors" and len(options) == 1 + len(data["sectors"]) > 2
        biotech = next(s for s in data["sectors"] if s["key"] == "Biotechnologie")
        assert options[1:] == [f"{s['key']} ({s['count']})" for s in data["sectors"]]
        page.select_option("#sector-filter", "Biotechnologie")
        n = data["counts"]["nodes"]
        assert page.text_content("#shown-count") == f"{biotech['count']} of {n:,} nodes shown"
    finally:
        page.close()
