"""A data engineer's slips against a real endpoint give one line and a non-zero exit, never an empty answer.

Found by a first-time user: a misspelt ``--graph`` read as an empty graph (``stats`` said 0 triples, ``export``
wrote an empty file, ``query`` printed no rows, all with exit 0), and an endpoint URL without ``http://`` ended
in a traceback. Data: the foreign ORG/schema.org fixture (tests/data/foreign/lippe-clusters.ttl), pushed into a
real Oxigraph server.
"""

import uuid
from pathlib import Path

import pytest

from owlgraph.cli import main
from owlgraph.store.loading import load_graph

FOREIGN = Path(__file__).parent / "data" / "foreign" / "lippe-clusters.ttl"


@pytest.fixture(scope="module")
def pushed(oxigraph_server):
    graph = f"https://example.org/lippe/{uuid.uuid4().hex}"
    oxigraph_server.endpoint().push(load_graph(data=FOREIGN), graph)
    yield oxigraph_server.url, graph
    oxigraph_server.endpoint().update(f"DROP SILENT GRAPH <{graph}>")


@pytest.mark.parametrize(
    "command",
    [
        ["stats"],
        ["export", "-f", "turtle", "-o", "{out}"],
        ["query", "who-heads-what", "-o", "{out}"],
        ["network", "--format", "csv", "-o", "{out}"],
    ],
    ids=["stats", "export", "query", "network"],
)
def test_a_misspelt_graph_is_refused_naming_the_graphs_that_are_there(pushed, command, tmp_path, capsys):
    url, graph = pushed
    out = tmp_path / "out.txt"
    args = [part.format(out=out) for part in command]
    assert main([*args, "--endpoint", url, "--graph", graph + "-typo"]) == 9
    err = capsys.readouterr().err
    assert err.startswith(f"owlgraph: error: the graph <{graph}-typo> on {url} holds no triples; graphs there")
    assert graph in err and err.rstrip().endswith("check --graph") and err.count("\n") == 1
    assert not out.exists()


def test_the_right_graph_still_answers(pushed, capsys):
    url, graph = pushed
    assert main(["query", "who-heads-what", "--endpoint", url, "--graph", graph, "--format", "csv"]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) > 1


def test_a_question_with_no_answer_is_an_error_that_names_it_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "rows.csv"
    empty = "SELECT ?s WHERE { ?s <https://example.org/no-such-property> ?o }"
    assert main(["query", empty, "--data", str(FOREIGN), "--format", "csv", "-o", str(out)]) == 9
    assert capsys.readouterr().err == (
        "owlgraph: error: no rows: the query found nothing in this graph; check the data, --graph or --bind "
        "(nothing written)\n"
    )
    assert not out.exists()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (
            "127.0.0.1:7979/query",
            "endpoint URL '127.0.0.1:7979/query' needs http:// or https://, e.g. http://127.0.0.1:7979/query",
        ),
        ("localhost:7878/query", "endpoint URL 'localhost:7878/query' needs http:// or https://"),
    ],
)
def test_an_endpoint_url_without_its_scheme_is_one_line(given, expected, capsys):
    assert main(["stats", "--endpoint", given]) == 6
    err = capsys.readouterr().err
    assert err.startswith(f"owlgraph: error: {expected}") and "Traceback" not in err and err.count("\n") == 1


def test_a_graph_name_without_its_scheme_says_to_write_it_in_full(capsys):
    assert main(["stats", "--endpoint", "http://127.0.0.1:9/query", "--graph", "coop"]) == 5
    err = capsys.readouterr().err
    assert "graph 'coop' is not a valid absolute IRI" in err and "write it in full, with its scheme" in err
