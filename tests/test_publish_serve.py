"""owlgraph serve --site: the real command, a real Oxigraph server, HTTP requests as curl sends them."""

import json
import signal
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from owlgraph.sparql.server import free_port, oxigraph_executable

pytestmark = pytest.mark.remote

HARBOUR = Path(__file__).parent / "data" / "publish" / "facts.yaml"
BRANDT = "https://w3id.org/owlgraph/id/person/ilse-brandt"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    from conftest import require

    try:
        oxigraph_executable()
        found = True
    except Exception:
        found = False
    require(found, "the oxigraph server (pip install oxigraph)")
    from owlgraph.publishing.site import publish
    from owlgraph.store.loading import load_graph

    site = publish(load_graph(facts=[HARBOUR]), tmp_path_factory.mktemp("serve") / "site", ego_views=False)
    port, site_port = free_port(), free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "owlgraph", "serve", "--facts", str(HARBOUR), "--port", str(port), "--site", str(site),
         "--site-port", str(site_port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    lines = [process.stdout.readline(), process.stdout.readline()]
    if process.poll() is not None:
        pytest.fail(f"serve exited: {process.stderr.read()}")
    yield f"http://127.0.0.1:{port}", f"http://127.0.0.1:{site_port}", lines
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=20) == 0


def get(url: str, accept: str | None = None, **headers):
    request = urllib.request.Request(url, headers={**({"Accept": accept} if accept else {}), **headers})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers, response.read().decode("utf-8")


def test_serve_prints_both_addresses(served):
    sparql, site, lines = served
    assert lines[0].startswith(f"SPARQL endpoint: {sparql}/query (read-only)")
    assert lines[1].startswith(f"Linked Data site: {site}/")


def test_turtle_for_an_instance_path_when_asked(served):
    _, site, _ = served
    headers, body = get(site + "/id/person/ilse-brandt", "text/turtle")
    assert headers["Content-Type"].startswith("text/turtle") and headers["Vary"] == "Accept"
    g = Graph().parse(data=body, format="turtle")
    assert g.value(URIRef(BRANDT), RDFS.label) == Literal("Ilse Brandt")


def test_json_ld_for_an_instance_path_when_asked(served):
    _, site, _ = served
    headers, body = get(site + "/id/person/ilse-brandt", "application/ld+json")
    assert headers["Content-Type"].startswith("application/ld+json")
    assert any(node.get("@id") == BRANDT for node in json.loads(body))


@pytest.mark.parametrize("accept", [None, "text/html", "*/*", "image/png"])
def test_the_html_page_otherwise(served, accept):
    _, site, _ = served
    headers, body = get(site + "/id/person/ilse-brandt", accept)
    assert headers["Content-Type"].startswith("text/html") and "<h1>Ilse Brandt</h1>" in body


def test_the_sparql_endpoint_answers_cross_origin_requests(served):
    sparql, site, _ = served
    query = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    headers, body = get(f"{sparql}/query?query={query}", "application/sparql-results+json", Origin=site)
    assert headers["Access-Control-Allow-Origin"] in ("*", site)
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 100


def test_an_update_request_is_refused_and_changes_nothing(served):
    sparql, site, _ = served
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    before = get(f"{sparql}/query?query={urllib.parse.quote(count)}", "application/sparql-results+json")[1]
    update = b"INSERT DATA { <https://e.org/a> <https://e.org/b> <https://e.org/c> }"
    for url in (f"{sparql}/update", f"{sparql}/query"):
        request = urllib.request.Request(url, data=update, headers={"Content-Type": "application/sparql-update"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert 400 <= refused.value.code < 500
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(urllib.request.Request(site + "/id/person/ilse-brandt", data=b"x", method="PUT"))
    assert refused.value.code == 405
    after = get(f"{sparql}/query?query={urllib.parse.quote(count)}", "application/sparql-results+json")[1]
    assert after == before


def test_site_with_writable_is_refused(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "owlgraph", "serve", "--writable", "--site", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert result.stderr.strip() == (
        "owlgraph: error: --writable cannot be combined with --site: a published endpoint stays read-only"
    )


def test_a_folder_that_is_no_site_is_refused_before_anything_starts(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "owlgraph", "serve", "--site", str(tmp_path)], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "not a published site" in result.stderr and result.stdout == ""
