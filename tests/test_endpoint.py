"""owlgraph.sparql.endpoint and owlgraph.sparql.server against real servers on loopback: Oxigraph, Virtuoso, a faulty one.

Run: .venv/bin/python -m pytest tests/test_endpoint.py -p servers
"""

import datetime
import time
import uuid
from pathlib import Path

import pandas as pd
import pytest
import rdflib.namespace as vocab
from rdflib import Graph, Literal, Namespace, URIRef
from servers import FAULTY_PASSWORD, FAULTY_USER

from owlgraph.core.errors import EndpointError, QueryError
from owlgraph.core.namespaces import sparql_prefixes
from owlgraph.sparql.endpoint import Endpoint
from owlgraph.sparql.results import to_frame
from owlgraph.sparql.server import free_port, serve

pytestmark = pytest.mark.remote

SECRET = "wrong-Secret-4711"
PEOPLE_QUERY = """
SELECT ?person ?name ?founded ?employees ?birthday ?listed ?partner WHERE {
  ?person a schema:Person ; schema:name ?name ; schema:foundingDate ?founded ;
          schema:numberOfEmployees ?employees ; schema:birthDate ?birthday ; schema:isAccessibleForFree ?listed .
  OPTIONAL { ?person schema:knows ?partner }
  FILTER(STRSTARTS(STR(?person), STR(ex:)))
}"""


def people(ns: Namespace, n: int = 6, *, tag: str = "") -> Graph:
    """About 9 triples per person: typed literals, language tags, IRIs."""
    g = Graph()
    for i in range(n):
        p = ns[f"person/{i}"]
        g.add((p, vocab.RDF.type, vocab.SDO.Person))
        g.add((p, vocab.SDO.name, Literal(f"Person {i}{tag}", lang="de")))
        g.add((p, vocab.SDO.name, Literal(f"Person {i}{tag}", lang="en")))
        g.add((p, vocab.SDO.foundingDate, Literal(datetime.date(2000 + i, 1 + i, 10 + i))))
        g.add((p, vocab.SDO.numberOfEmployees, Literal(10 * i + 1, datatype=vocab.XSD.integer)))
        g.add((p, vocab.SDO.birthDate, Literal(f"--{1 + i:02d}-24", datatype=vocab.XSD.gMonthDay)))
        g.add((p, vocab.SDO.isAccessibleForFree, Literal(i % 2 == 0)))
        if i:
            g.add((p, vocab.SDO.knows, ns[f"person/{i - 1}"]))
        g.add((p, vocab.SDO.url, URIRef(f"https://example.org/site/{i}")))
    return g


def one_line_without(error: Exception, secret: str = SECRET) -> str:
    text = str(error)
    assert "\n" not in text, text
    assert secret not in text and secret not in repr(error), text
    return text


@pytest.fixture
def ns() -> Namespace:
    """A namespace no other test uses, so union-default-graph queries see only this test's triples."""
    return Namespace(f"https://example.org/{uuid.uuid4().hex}/")


def local_frame(graph: Graph, query: str, ns: Namespace) -> pd.DataFrame:
    result = graph.query(sparql_prefixes() + f"PREFIX ex: <{ns}>\n" + query)
    return to_frame([str(v) for v in result.vars], list(result))


def sorted_frame(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(list(frame.columns), key=lambda c: c.astype(str)).reset_index(drop=True)


# -- push ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("route", ["graph-store", "update"])
def test_push_replaces_the_named_graph_as_a_whole(store, ns, route):
    ep = store.endpoint(gsp_url=store.gsp_url if route == "graph-store" else None)
    first, second = people(ns, 6), people(ns, 4, tag=" v2")
    assert 45 <= len(first) <= 60
    assert ep.push(first, ns.graph) == len(first) == ep.triple_count(ns.graph)
    assert ep.push(second, ns.graph) == len(second) == ep.triple_count(ns.graph)
    names = ep.select(f"SELECT ?name WHERE {{ GRAPH <{ns.graph}> {{ ?p schema:name ?name }} }}")
    assert set(names["name"]) == {f"Person {i} v2" for i in range(4)}


def test_push_falls_back_to_update_when_the_graph_store_answers_405(store, ns, faulty_server):
    ep = store.endpoint(gsp_url=f"{faulty_server.url}/nogsp")
    assert ep.push(people(ns, 2), ns.graph) == ep.triple_count(ns.graph) == 17


def test_push_of_an_empty_graph_empties_the_named_graph(store, ns):
    ep = store.endpoint()
    ep.push(people(ns, 1), ns.graph)
    assert ep.push(Graph(), ns.graph) == 0 == ep.triple_count(ns.graph)


@pytest.mark.parametrize("route", ["graph-store", "update"])
@pytest.mark.parametrize(
    ("bad_iri", "refused_by"),
    [
        ("https://example.org/bad\x01iri", "the server"),  # rdflib writes it, both engines reject it mid-way
        ("https://example.org/bad iri", "cannot be written"),  # rdflib refuses it before anything is sent
    ],
)
def test_rejected_push_leaves_the_remote_graph_as_it_was(store, ns, route, bad_iri, refused_by):
    ep = store.endpoint(gsp_url=store.gsp_url if route == "graph-store" else None, retries=0)
    before = people(ns, 3)
    ep.push(before, ns.graph)
    bad = people(ns, 5, tag=" new")
    bad.add((ns["person/4"], vocab.SDO.url, URIRef(bad_iri)))
    with pytest.raises(EndpointError) as info:
        ep.push(bad, ns.graph)
    message = one_line_without(info.value)
    assert ("cannot be written" in message) == (refused_by == "cannot be written"), message
    assert ep.triple_count(ns.graph) == len(before)
    remote = ep.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{ns.graph}> {{ ?s ?p ?o }} }}")
    assert set(remote) == set(before)
    staging = ep.select(
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), 'urn:owlgraph:staging:')) }"
    )
    assert staging.loc[0, "n"] == 0


def test_push_to_a_failing_graph_store_leaves_the_remote_graph_as_it_was(store, ns, faulty_server):
    ep = store.endpoint(gsp_url=f"{faulty_server.url}/error", retries=0)
    before = people(ns, 2)
    store.endpoint().push(before, ns.graph)
    with pytest.raises(EndpointError, match=r"HTTP 500"):
        ep.push(people(ns, 5), ns.graph)
    assert ep.triple_count(ns.graph) == len(before)


# -- queries ---------------------------------------------------------------------------------------


def test_select_gives_the_same_frame_as_a_local_query(store, ns):
    graph = people(ns, 6)
    ep = store.endpoint()
    ep.push(graph, ns.graph)
    query = f"PREFIX ex: <{ns}>\n" + PEOPLE_QUERY
    remote, local = sorted_frame(ep.select(query)), sorted_frame(local_frame(graph, PEOPLE_QUERY, ns))
    assert len(local) == 12 and list(remote.columns) == list(local.columns)
    pd.testing.assert_frame_equal(remote, local)
    row = local[local["person"] == str(ns["person/1"])].iloc[0]
    assert row["founded"] == datetime.date(2001, 2, 11) and row["employees"] == 11
    assert row["birthday"] == "--02-24" and not row["listed"]  # Virtuoso sends "0"^^xsd:boolean


def test_default_graph_restricts_queries_to_one_graph(store, ns):
    store.endpoint().push(people(ns, 1), ns.graph)
    store.endpoint().push(people(ns, 2), ns.other)
    assert store.endpoint(default_graph=str(ns.graph)).triple_count() == 8


def test_virtuoso_refuses_updates_on_its_public_endpoint(virtuoso_server):
    public = virtuoso_server.url.replace("/sparql-auth", "/sparql")
    with pytest.raises(EndpointError, match=r"SECURITY.*use an authenticated endpoint") as info:
        Endpoint(public, update_url=public).update(
            "INSERT DATA { GRAPH <https://e.org/g> { <https://e.org/a> <https://e.org/b> 1 } }"
        )
    one_line_without(info.value)


def test_select_rows_and_ask_and_construct(store, ns):
    ep = store.endpoint()
    ep.push(people(ns, 2), ns.graph)
    variables, rows = ep.select_rows(f"SELECT ?d WHERE {{ <{ns['person/1']}> schema:birthDate ?d }}")
    assert variables == ["d"] and rows == [[Literal("--02-24", datatype=vocab.XSD.gMonthDay)]]
    assert ep.ask(f"ASK {{ <{ns['person/1']}> schema:knows <{ns['person/0']}> }}")
    assert not ep.ask(f"ASK {{ <{ns['person/0']}> schema:knows <{ns['person/1']}> }}")
    built = ep.construct(f"CONSTRUCT {{ ?p schema:knows ?q }} WHERE {{ GRAPH <{ns.graph}> {{ ?p schema:knows ?q }} }}")
    assert set(built) == {(ns["person/1"], vocab.SDO.knows, ns["person/0"])}


def test_bindings_are_data_never_sparql(store, ns):
    ep = store.endpoint()
    ep.push(people(ns, 3), ns.graph)
    query = f"SELECT ?person WHERE {{ GRAPH <{ns.graph}> {{ ?person schema:name ?name }} }}"
    found = ep.select(query, bindings={"name": Literal("Person 2", lang="en")})
    assert list(found["person"]) == [str(ns["person/2"])]
    hostile = '"> } ; DROP ALL ; INSERT DATA { <x:a> <x:b> "c" } #'
    assert ep.select(query, bindings={"name": Literal(hostile)}).empty
    assert ep.select(query, bindings={"name": hostile}).empty  # plain str becomes a literal too
    assert ep.triple_count(ns.graph) == len(people(ns, 3))
    with pytest.raises(QueryError, match=r"not allowed in an IRI"):
        ep.select(query, bindings={"person": URIRef("https://e.org/> } ; DROP ALL ; #")})
    with pytest.raises(QueryError, match=r"variable name"):
        ep.select(query, bindings={"name) } DROP ALL": Literal("x")})


def test_syntax_error_is_a_query_error(store):
    with pytest.raises(QueryError, match=r"HTTP 400") as info:
        store.endpoint().select("SELEC ?x WHERE { ?x ?p ?o }")
    assert store.url in one_line_without(info.value)


# -- credentials -----------------------------------------------------------------------------------


def test_wrong_virtuoso_password_is_one_line_without_the_password(virtuoso_server):
    ep = virtuoso_server.endpoint(password=SECRET)
    with pytest.raises(EndpointError, match=r"HTTP 401.*check the user and password") as info:
        ep.triple_count()
    one_line_without(info.value)
    assert SECRET not in repr(ep) and SECRET not in str(vars(ep))


def test_credentials_from_environment_and_netrc(virtuoso_server, monkeypatch, tmp_path):
    monkeypatch.setenv("OWLGRAPH_SPARQL_USER", "dba")
    monkeypatch.setenv("OWLGRAPH_SPARQL_PASSWORD", "dba")
    assert Endpoint(virtuoso_server.url).ask("ASK { }")
    monkeypatch.delenv("OWLGRAPH_SPARQL_USER")
    monkeypatch.delenv("OWLGRAPH_SPARQL_PASSWORD")
    monkeypatch.setenv("HOME", str(tmp_path))
    with pytest.raises(EndpointError, match=r"HTTP 401.*OWLGRAPH_SPARQL_USER"):
        Endpoint(virtuoso_server.url).ask("ASK { }")
    (tmp_path / ".netrc").write_text("machine 127.0.0.1 login dba password dba\n")
    (tmp_path / ".netrc").chmod(0o600)
    assert Endpoint(virtuoso_server.url).ask("ASK { }")


def test_basic_auth_right_and_wrong_password(faulty_server):
    url = f"{faulty_server.url}/basic"
    assert Endpoint(url, user=FAULTY_USER, password=FAULTY_PASSWORD).ask("ASK { }")
    ep = Endpoint(url, user=FAULTY_USER, password=SECRET)
    with pytest.raises(EndpointError, match=r"HTTP 401") as info:
        ep.ask("ASK { }")
    assert url in one_line_without(info.value) and SECRET not in repr(ep)


def test_credentials_in_the_url_are_used_but_never_shown(faulty_server):
    ep = Endpoint(f"http://{FAULTY_USER}:{SECRET}@127.0.0.1:{faulty_server.server_address[1]}/basic")
    with pytest.raises(EndpointError) as info:
        ep.ask("ASK { }")
    one_line_without(info.value)
    assert SECRET not in repr(ep) and ep.url == f"{faulty_server.url}/basic"


# -- faults ----------------------------------------------------------------------------------------


def test_connection_refused(monkeypatch):
    url = f"http://127.0.0.1:{free_port()}/query"
    started = time.monotonic()
    with pytest.raises(EndpointError, match=r"connection refused; start the server") as info:
        Endpoint(url, retries=2).ask("ASK { }")
    assert url in one_line_without(info.value) and time.monotonic() - started < 3


def test_http_500_is_retried_then_reported_with_an_excerpt(faulty_server):
    url = f"{faulty_server.url}/error"
    before = len(faulty_server.requests)
    with pytest.raises(EndpointError, match=r"HTTP 500: java.lang.OutOfMemoryError: the store exploded at line 2"):
        Endpoint(url, retries=2).select("SELECT * WHERE { ?s ?p ?o }")
    assert len(faulty_server.requests) - before == 3


def test_4xx_is_never_retried(faulty_server):
    before = len(faulty_server.requests)
    with pytest.raises(EndpointError, match=r"HTTP 404"):
        Endpoint(f"{faulty_server.url}/missing", retries=2).ask("ASK { }")
    assert len(faulty_server.requests) - before == 1


def test_timeout_says_how_to_raise_it(faulty_server):
    started = time.monotonic()
    with pytest.raises(EndpointError, match=r"within 0.5 s; raise it with Endpoint\(\.\.\., timeout=SECONDS\)"):
        Endpoint(f"{faulty_server.url}/slow", timeout=0.5).ask("ASK { }")
    assert time.monotonic() - started < 2.5


def test_connection_closed_mid_request(faulty_server):
    with pytest.raises(EndpointError, match=r"closed the connection") as info:
        Endpoint(f"{faulty_server.url}/close", retries=1).ask("ASK { }")
    one_line_without(info.value)


# -- owlgraph.sparql.server -------------------------------------------------------------------------------


def listening_addresses(port: int) -> set[str]:
    """Local addresses listening on ``port``, from /proc/net/tcp (Linux)."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if state == "0A" and int(hex_port, 16) == port:
            found.add(".".join(str(int(address[i : i + 2], 16)) for i in (6, 4, 2, 0)))
    return found


def test_serve_is_read_only_and_loopback_by_default(tmp_path):
    data = tmp_path / "people.ttl"
    people(Namespace("https://example.org/served/"), 2).serialize(data, format="turtle")
    with serve([data]) as server:
        assert server.url.startswith("http://127.0.0.1:") and server.url.endswith("/query")
        assert listening_addresses(server.port) == {"127.0.0.1"}
        ep = server.endpoint(update_url=server.update_url)
        assert ep.triple_count() == 17
        with pytest.raises(EndpointError, match=r"HTTP 403"):
            ep.update("INSERT DATA { <https://e.org/a> <https://e.org/b> 1 }")
        assert ep.triple_count() == 17
    assert not server.running


def test_serve_a_graph_writable(ns):
    with serve(people(ns, 1), read_only=False) as server:
        ep = server.endpoint()
        assert ep.triple_count() == 8
        assert ep.push(people(ns, 2), ns.graph) == 17


def test_serve_refuses_a_public_interface_without_allow_remote():
    with pytest.raises(EndpointError, match=r"allow_remote=True"):
        serve(None, host="0.0.0.0")


@pytest.mark.parametrize("module", ["owlgraph.sparql.endpoint", "owlgraph.sparql.server"])
def test_docstring_examples_run(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted and not result.failed
