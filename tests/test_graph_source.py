"""One graph source, one way to bind values: the embedded store, rdflib graphs, endpoints and SPARQLWrapper.

The remote tests run against the real Oxigraph server and the faulty HTTP server of tests/servers.py.
"""

import urllib.request
import uuid
from pathlib import Path

import pytest
from rdflib import XSD, Graph, Literal, URIRef
from servers import FAULTY_PASSWORD, FAULTY_USER
from SPARQLWrapper import SPARQLWrapper

import owlgraph
from owlgraph.cli import main
from owlgraph.core.errors import EndpointError, QueryError
from owlgraph.curation.ontology import read_ontology
from owlgraph.sparql.source import as_source

HARBOUR = Path(__file__).parent / "data" / "graph-source"
FOREIGN = Path(__file__).parent / "data" / "foreign" / "lippe-clusters.ttl"
EX = "https://example.org/harbour/"
# A comment that says "WHERE {" before the real pattern: the binding must open the real one.
HEADS_WITH_COMMENT = """# Which organisation does a person head? (WHERE { ... } below binds ?person)
SELECT ?organisationLabel WHERE {
  ?person og:headOf ?organisation . ?organisation rdfs:label ?organisationLabel .
}
ORDER BY ?organisationLabel"""


@pytest.fixture(scope="module")
def harbour():
    return owlgraph.load_graph(HARBOUR / "harbour.ttl")


@pytest.fixture(scope="module")
def remote_harbour(oxigraph_server):
    """The harbour in its own named graph on the Oxigraph server, and that graph's IRI."""
    graph_iri = f"https://example.org/test-graph-source/{uuid.uuid4().hex}"
    local = Graph().parse(HARBOUR / "harbour.ttl")
    assert oxigraph_server.endpoint().push(local, graph_iri) == len(local)
    yield oxigraph_server.url, graph_iri
    oxigraph_server.endpoint().update(f"DROP SILENT GRAPH <{graph_iri}>")  # the server is shared by the session


def test_a_comment_saying_where_does_not_move_the_binding(harbour, remote_harbour):
    anna = {"person": URIRef(EX + "anna")}
    local = owlgraph.query(harbour, HEADS_WITH_COMMENT, bindings=anna)
    url, graph_iri = remote_harbour
    remote = owlgraph.query(owlgraph.Endpoint(url, default_graph=graph_iri), HEADS_WITH_COMMENT, bindings=anna)
    assert local.organisationLabel.tolist() == remote.organisationLabel.tolist() == ["Hafenbehörde Nordstadt"]


def test_a_misspelt_bind_is_refused_naming_the_variables(capsys):
    argv = ["query", "who-heads-what", "--data", str(HARBOUR / "harbour.ttl")]
    assert main([*argv, "--bind", f"subjct=<{EX}anna>"]) == QueryError.exit_code
    # (only owlgraph's lines: a shared test server may log to stderr at the same time)
    [err] = [line for line in capsys.readouterr().err.splitlines() if line.startswith("owlgraph")]
    assert err.startswith("owlgraph: error: binding ?subjct: the query has no variable ?subjct")
    assert "?person" in err and "?organisationLabel" in err
    assert main([*argv, "--bind", f"person=<{EX}anna>", "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        f"{EX}anna,Anna Krüger,{EX}port-authority,Hafenbehörde Nordstadt,"
    ]


def test_embedded_store_and_plain_rdflib_graph_give_the_same_strings(harbour):
    text = "SELECT ?x ?label WHERE { ?x rdfs:label ?label } ORDER BY ?x"
    plain = Graph().parse(HARBOUR / "harbour.ttl")
    plain += read_ontology()  # which the embedded store always holds next to the file (decision record 29)
    embedded = as_source(harbour).select_strings(text)
    rdflib_strings = as_source(plain).select_strings(text)
    # (the two stores order a class's @de and @en labels differently: ORDER BY ?x leaves them tied)
    assert embedded[0] == rdflib_strings[0] and sorted(embedded[1]) == sorted(rdflib_strings[1])
    assert ["https://example.org/harbour/ferry-coop", 'Fährgenossenschaft "Nord"'] in embedded[1]
    assert as_source(harbour).triple_count() == as_source(plain).triple_count() == len(plain)


def test_embedded_rows_are_the_terms_rdflib_gives():
    """select_rows asks Oxigraph directly and converts each distinct term once; the terms must be rdflib's own,
    with a simple literal plain (no xsd:string datatype), as rdflib's parsers and an endpoint's results give it."""
    from owlgraph.core.namespaces import sparql_prefixes

    clusters = owlgraph.load_graph(Path(__file__).parent / "data" / "foreign" / "lippe-clusters.ttl")
    text = (
        "SELECT ?s ?p ?o ?role ?n WHERE { ?s ?p ?o OPTIONAL { ?s org:role ?role } "
        'BIND(IF(isLiteral(?o), STRLEN(STR(?o)), BNODE("b")) AS ?n) } ORDER BY ?s ?p ?o'
    )
    variables, rows = as_source(clusters).select_rows(text)
    through_rdflib = clusters.query(sparql_prefixes() + text)
    assert variables == [str(v) for v in through_rdflib.vars]

    def plain(term):  # oxrdflib keeps Oxigraph's xsd:string; rdflib's own parsers give Literal("x")
        return Literal(str(term)) if isinstance(term, Literal) and term.datatype == XSD.string else term

    expected = [[plain(b.get(v)) for v in through_rdflib.vars] for b in through_rdflib.bindings]
    assert any(isinstance(t, Literal) and t.datatype is None and t.language is None for row in rows for t in row)
    assert [[(type(t), t) for t in row[:4]] for row in rows] == [[(type(t), t) for t in row[:4]] for row in expected]
    assert [type(row[4]) for row in rows] == [type(row[4]) for row in expected]  # blank nodes: fresh labels
    languages = {t.language for row in rows for t in row if isinstance(t, Literal)}
    assert {"de", "en", None} <= languages
    assert any(row[3] is not None for row in rows) and any(row[3] is None for row in rows)


def test_every_function_taking_a_graph_source_takes_a_sparqlwrapper(harbour, remote_harbour):
    url, graph_iri = remote_harbour
    wrapper = SPARQLWrapper(url, defaultGraph=graph_iri)
    assert owlgraph.query(wrapper, "who-heads-what").equals(owlgraph.query(harbour, "who-heads-what"))
    assert owlgraph.graph_stats(wrapper)["classes"] == owlgraph.graph_stats(harbour)["classes"]
    heads = (
        "SELECT ?person ?personLabel ?organisation WHERE { ?person og:headOf ?organisation ; rdfs:label ?personLabel }"
    )
    network = owlgraph.query_network(wrapper, heads)
    assert sorted(network.edges) == sorted(owlgraph.query_network(harbour, heads).edges)
    assert len(network.edges) == 2
    source = as_source(wrapper)
    assert source.ask(f"ASK {{ <{EX}anna> og:headOf <{EX}port-authority> }}")
    assert len(source.construct("CONSTRUCT { ?s og:headOf ?o } WHERE { ?s og:headOf ?o }")) == 2


def test_sparqlwrapper_basic_auth_is_per_instance_and_never_shown(faulty_server):
    url = f"{faulty_server.url}/basic"
    secret = "wrong-Secret-4711"
    process_wide = urllib.request._opener
    right, wrong = SPARQLWrapper(url), SPARQLWrapper(url)
    right.setCredentials(FAULTY_USER, FAULTY_PASSWORD)
    wrong.setCredentials(FAULTY_USER, secret)
    assert as_source(right).ask("ASK { }")
    with pytest.raises(EndpointError, match="HTTP 401") as info:
        as_source(wrong).ask("ASK { }")
    assert secret not in str(info.value) and secret not in repr(as_source(wrong))
    assert urllib.request._opener is process_wide  # no process-wide urllib opener was installed


def test_a_notebook_can_catch_a_query_error(harbour):
    try:
        owlgraph.query(harbour, "SELECT ?x WHERE { ?x og:headOf }")
    except owlgraph.QueryError as exc:
        caught = str(exc)
    assert caught.startswith("SPARQL syntax error") and "\n" not in caught


def test_a_file_name_is_not_a_graph_source():
    with pytest.raises(QueryError, match="not an endpoint URL; load files with load_graph"):
        owlgraph.query("harbour.ttl", "who-heads-what")


def test_a_question_on_the_embedded_store_asks_only_for_the_properties_the_graph_holds(monkeypatch):
    """The named questions list owlgraph's and the standard terms as alternatives; on the embedded store
    the alternatives the graph has no triple for are dropped before Oxigraph answers, with the same rows."""
    from owlgraph.sparql import source as source_module
    from owlgraph.sparql.queries import named_queries, select_rows
    from owlgraph.store.loading import load_graph

    graph = load_graph([FOREIGN])
    asked = []
    trim = source_module.trim_alternatives
    monkeypatch.setattr(source_module, "trim_alternatives", lambda q, *a: asked.append(trim(q, *a)) or asked[-1])
    trimmed = {name: select_rows(graph, name) for name in named_queries()}
    monkeypatch.setattr(source_module, "trim_alternatives", lambda q, *a: q)
    assert trimmed == {name: select_rows(graph, name) for name in named_queries()}
    members = next(q for q in asked if "?membership" in q and "?roleLabel" in q)
    assert "og:memberOf" not in members and "org:memberOf" in members  # the fixture uses ORG, not og:
