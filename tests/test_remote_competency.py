"""Data engineers' view: push the graph into a real triplestore with the CLI and ask the same questions there.

Every named query's remote answer is compared with the local one in tests/test_competency.py.

Runs against the real Oxigraph server and real Virtuoso (tests/servers.py), started on loopback ports.
"""

import pytest

from owlgraph.cli import main
from owlgraph.curation.export import triples_graph
from owlgraph.store.loading import load_graph

GRAPH = "https://w3id.org/owlgraph/graph/test-push"


@pytest.fixture(scope="module")
def local():
    return load_graph()


@pytest.fixture
def pushed(store, local):
    """The store with the whole graph pushed into one named graph (replaced as a whole)."""
    count = store.endpoint().push(triples_graph(local), GRAPH)
    assert count == len(triples_graph(local))
    yield store
    store.endpoint().update(f"DROP SILENT GRAPH <{GRAPH}>")  # the servers are shared by the whole session


def test_cli_query_against_an_endpoint_gives_the_same_rows(pushed, local, capsys, monkeypatch):
    if pushed.user:
        monkeypatch.setenv("OWLGRAPH_SPARQL_USER", pushed.user)
        monkeypatch.setenv("OWLGRAPH_SPARQL_PASSWORD", pushed.password)
    assert main(["query", "meeting-participants", "--format", "csv"]) == 0
    here = capsys.readouterr().out
    assert main(["query", "--endpoint", pushed.url, "--graph", GRAPH, "meeting-participants", "--format", "csv"]) == 0
    there = capsys.readouterr().out
    assert sorted(here.splitlines()) == sorted(there.splitlines())
    assert "ZIG OWL" in there


def test_cli_push_verifies_the_count(store, local, capsys, monkeypatch):
    if store.user:
        monkeypatch.setenv("OWLGRAPH_SPARQL_USER", store.user)
        monkeypatch.setenv("OWLGRAPH_SPARQL_PASSWORD", store.password)
    assert (
        main(
            [
                "push",
                "--endpoint",
                store.url,
                "--graph",
                GRAPH + "-cli",
                "--update-url",
                store.update_url,
                "--gsp-url",
                store.gsp_url,
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    store.endpoint().update(f"DROP SILENT GRAPH <{GRAPH}-cli>")
    assert f"pushed {len(triples_graph(local))} triples" in out
    assert store.password is None or store.password not in out
