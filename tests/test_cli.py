"""The command line: each command does what the README says, on the built-in graph and on files users bring."""

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset

from owlgraph.cli import main, make_parser

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("export")
    for fmt, ext in [("turtle", "ttl"), ("nt", "nt"), ("nquads", "nq"), ("trig", "trig"), ("jsonld", "jsonld")]:
        assert main(["export", "-f", fmt, "-o", str(out / f"owl.{ext}")]) == 0
    return out


def test_nquads_export_loads_in_rdflib_and_pyoxigraph_with_the_same_count(exported):
    path = exported / "owl.nq"
    in_rdflib = len(Dataset().parse(path, format="nquads"))
    in_oxigraph = len(list(ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS)))
    assert in_rdflib == in_oxigraph > 3000


@pytest.mark.parametrize(
    "ext, fmt",
    [
        ("ttl", ox.RdfFormat.TURTLE),
        ("nt", ox.RdfFormat.N_TRIPLES),
        ("trig", ox.RdfFormat.TRIG),
        ("jsonld", ox.RdfFormat.JSON_LD),
    ],
)
def test_every_export_format_holds_the_complete_graph(exported, ext, fmt):
    reference = {
        str(q.subject) + str(q.predicate) + str(q.object)
        for q in ox.parse(path=str(exported / "owl.nq"), format=ox.RdfFormat.N_QUADS)
    }
    found = {
        str(q.subject) + str(q.predicate) + str(q.object)
        for q in ox.parse(path=str(exported / f"owl.{ext}"), format=fmt)
    }
    assert found == reference


def test_nquads_keeps_ontology_data_and_provenance_in_named_graphs(exported):
    graphs = {q.graph_name.value for q in ox.parse(path=str(exported / "owl.nq"), format=ox.RdfFormat.N_QUADS)}
    assert {
        "https://w3id.org/owlgraph/graph/ontology",
        "https://w3id.org/owlgraph/graph/data",
        "https://w3id.org/owlgraph/graph/provenance",
    } <= graphs


def test_commands_accept_rdf_files_a_user_brings(exported, capsys):
    assert main(["stats", "--data", str(exported / "owl.ttl"), "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["classes"]["og:Initiative"] == 10
    assert main(["query", "--data", str(exported / "owl.nq"), "initiatives-and-websites", "--format", "csv"]) == 0
    assert "https://www.zig-owl.de" in capsys.readouterr().out
    assert main(["validate", "--data", str(exported / "owl.nt")]) == 0


def test_stats_counts_per_class_and_relation(capsys):
    assert main(["stats"]) == 0
    out = capsys.readouterr().out
    assert "10  og:Initiative" in out and "og:participant" in out


def test_query_formats_are_sparql_results(capsys):
    assert main(["query", "initiatives-and-websites", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["head"]["vars"] == ["initiative", "label", "website"]
    assert len(doc["results"]["bindings"]) == 10
    assert main(["query", "initiatives-and-websites", "--format", "tsv"]) == 0
    assert capsys.readouterr().out.startswith("?initiative\t?label\t?website")


def test_query_list_names_every_question(capsys):
    assert main(["query", "--list"]) == 0
    out = capsys.readouterr().out
    assert "who-heads-what" in out and "meeting-participants" in out


def test_build_writes_exports_docs_networks_views_and_summary(built_out):
    out = built_out  # the session's one `owlgraph build --out` (tests/conftest.py)
    for name in [
        "owlgraph.ttl",
        "owlgraph.nq",
        "owlgraph.jsonld",
        "ontology/index.html",
        "summary.json",
        "networks/cooperation.gexf",
        "views/cooperation.html",
        "views/full.html",
    ]:
        assert (out / name).is_file(), name
    summary = json.loads((out / "summary.json").read_text())
    assert summary["valid"] and summary["counts"]["classes"]["og:Initiative"] == 10
    assert not [p for p in out.rglob("*") if p.name.startswith(".owlgraph")]


def test_network_and_view_commands(tmp_path, capsys):
    assert main(["network", "--kind", "cooperation", "--format", "gexf", "-o", str(tmp_path / "c.gexf")]) == 0
    assert main(["view", "--kind", "full", "-o", str(tmp_path / "full.html")]) == 0
    assert main(["metrics", "--measure", "betweenness", "--top", "1"]) == 0
    assert "OstWestfalenLippe GmbH" in capsys.readouterr().out
    assert (tmp_path / "full.html").read_text(encoding="utf-8").count("OWL Maschinenbau") >= 1


def test_every_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = make_parser()._subparsers._group_actions[0].choices
    for name in commands:
        assert f"owlgraph {name}" in readme, name


def test_serve_starts_a_read_only_sparql_endpoint_on_loopback(capsys):
    import re
    import signal
    import subprocess
    import sys
    import urllib.error
    import urllib.parse
    import urllib.request

    from owlgraph.sparql.server import free_port

    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "owlgraph.cli", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        url = re.search(r"(http://127\.0\.0\.1:\d+/query)", line).group(1)
        assert "read-only" in line
        assert main(["query", "--endpoint", url, "initiatives-and-websites", "--format", "csv"]) == 0
        assert "https://www.zig-owl.de" in capsys.readouterr().out
        update = urllib.request.Request(url.replace("/query", "/update"), data=b"update=DROP ALL", method="POST")
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(update, timeout=5)
    finally:
        proc.send_signal(signal.SIGINT)  # Ctrl-C stops the oxigraph child too
        proc.wait(timeout=10)


def test_a_service_manager_stopping_serve_with_sigterm_stops_the_oxigraph_server_too():
    import signal
    import socket
    import subprocess
    import sys
    import time

    from owlgraph.sparql.server import free_port

    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "owlgraph.cli", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert "SPARQL endpoint" in proc.stdout.readline()
        socket.create_connection(("127.0.0.1", port), timeout=5).close()  # the Oxigraph server answers
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=15) == 0
        deadline = time.monotonic() + 5
        while True:  # nothing listens on the port any more: the server process went with owlgraph
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
            except ConnectionRefusedError:
                break
            assert time.monotonic() < deadline, f"an Oxigraph server still answers on port {port}"
            time.sleep(0.1)
    finally:
        proc.kill()
        proc.wait()


@pytest.mark.parametrize("local", [["--data", "x.ttl"], ["--facts", "x.yaml"]])
def test_endpoint_together_with_local_data_is_refused_not_ignored(local, capsys):
    assert main(["stats", "--endpoint", "http://127.0.0.1:9/query", *local]) != 0
    err = capsys.readouterr().err
    assert f"--endpoint cannot be combined with {local[0]}" in err and err.count("\n") == 1


def test_serve_refuses_a_public_address_without_allow_remote(capsys):
    assert main(["serve", "--host", "0.0.0.0"]) != 0
    err = capsys.readouterr().err
    assert err.startswith("owlgraph: error: refusing to serve on 0.0.0.0") and err.count("\n") == 1
