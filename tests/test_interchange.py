"""Files other tools read: each export opens, as it is, in the parser another tool would use.

JSON-LD keeps the three named graphs; SPARQL TSV results survive labels with tabs and line breaks; every network
file of ``owlgraph build`` parses as strict JSON, as Java-readable GraphML numbers, and in igraph; Cytoscape.js
JSON reads back with the same nodes and edges.
"""

import io
import json
import re
from collections import Counter
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.query import Result

from owlgraph.cli import main

DATA = Path(__file__).parent / "data" / "interchange"
GRAPHS = {f"https://w3id.org/owlgraph/graph/{name}" for name in ("data", "provenance", "ontology")}


def _reject(constant):
    raise ValueError(f"{constant} is not JSON")


def strict_json(text: str):
    """Parse as a browser's JSON.parse does: NaN, Infinity and -Infinity are errors."""
    return json.loads(text, parse_constant=_reject)


# --- JSON-LD ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("interchange")
    for fmt, ext in [("nquads", "nq"), ("jsonld", "jsonld")]:
        assert main(["export", "-f", fmt, "-o", str(out / f"owl.{ext}")]) == 0
    return out


def per_graph(path: Path, fmt: ox.RdfFormat) -> Counter:
    return Counter(
        None if q.graph_name == ox.DefaultGraph() else q.graph_name.value for q in ox.parse(path=str(path), format=fmt)
    )


def test_jsonld_reloads_into_the_three_named_graphs_of_the_nquads_export(exported):
    nquads = per_graph(exported / "owl.nq", ox.RdfFormat.N_QUADS)
    assert set(nquads) == GRAPHS
    assert per_graph(exported / "owl.jsonld", ox.RdfFormat.JSON_LD) == nquads
    in_rdflib = Dataset().parse(exported / "owl.jsonld", format="json-ld")
    assert {str(g.identifier): len(g) for g in in_rdflib.graphs() if len(g)} == {str(k): v for k, v in nquads.items()}


def test_jsonld_context_declares_only_prefixes_it_uses(exported):
    text = (exported / "owl.jsonld").read_text(encoding="utf-8")
    doc = strict_json(text)
    context = doc["@context"]
    assert context and all(isinstance(ns, str) for ns in context.values())
    body = json.dumps(doc["@graph"], ensure_ascii=False)
    unused = [prefix for prefix in context if f'"{prefix}:' not in body]
    assert unused == []


# --- SPARQL TSV results ----------------------------------------------------------------------------

LABELS = (  # the file's own things: the store holds owlgraph's ontology beside them
    "SELECT ?thing ?label WHERE { ?thing <http://www.w3.org/2000/01/rdf-schema#label> ?label "
    'FILTER(STRSTARTS(STR(?thing), "https://example.org/interchange/")) } ORDER BY ?thing'
)


def test_tsv_results_round_trip_labels_with_tabs_and_line_breaks(capsys):
    assert main(["query", "--data", str(DATA / "awkward-labels.ttl"), LABELS, "--format", "tsv"]) == 0
    text = capsys.readouterr().out
    assert len(text.splitlines()) == 5, "one header line and one line per row"

    expected = [(URIRef(str(s)), lbl) for s, lbl in sorted(_labels())]
    rows = list(Result.parse(io.StringIO(text), format="tsv"))
    assert [(r[0], r[1]) for r in rows] == expected

    oxi = ox.parse_query_results(text, format=ox.QueryResultsFormat.TSV)
    found = [(s["thing"].value, s["label"].value, s["label"].language) for s in oxi]
    assert found == [(str(s), str(lbl), lbl.language) for s, lbl in expected]


def _labels():
    from rdflib import Graph

    g = Graph().parse(DATA / "awkward-labels.ttl")
    return [(s, o) for s, _, o in g]


# --- network files of the main job -----------------------------------------------------------------


@pytest.fixture(scope="module")
def built(built_out):
    return built_out / "networks"  # the session's one `owlgraph build --out` (tests/conftest.py)


def test_every_json_network_file_parses_with_a_strict_json_parser(built):
    files = sorted(p for p in built.rglob("*") if p.suffix in (".json", ".cyjs"))
    for path in files:
        strict_json(path.read_text(encoding="utf-8"))
    assert {p.name for p in files} >= {"cooperation.json", "cooperation.cyjs"}


JAVA_DOUBLE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def test_graphml_numbers_are_what_java_parses(built):
    from lxml import etree

    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    for path in sorted(built.glob("*.graphml")):
        doc = etree.parse(str(path))
        numeric = {k.get("id") for k in doc.iterfind("g:key", ns) if k.get("attr.type") in ("double", "float")}
        assert numeric, f"{path.name} has numeric attributes to check"
        values = [d.text for d in doc.iterfind(".//g:data", ns) if d.get("key") in numeric]
        assert values and all(JAVA_DOUBLE.match(v) for v in values), [v for v in values if not JAVA_DOUBLE.match(v)]


def test_no_csv_or_text_network_file_writes_nan(built):
    for path in sorted(p for p in built.rglob("*") if p.suffix in (".csv", ".txt", ".net", ".gexf")):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(?i)(?<![\w-])(nan|-?inf(inity)?)(?![\w-])", text), path.name


def test_igraph_reads_the_graphml_and_pajek_files(built):
    import igraph

    coop = nx.read_graphml(built / "cooperation.graphml")
    graphml = igraph.Graph.Read_GraphML(str(built / "cooperation.graphml"))
    assert (graphml.vcount(), graphml.ecount()) == (coop.number_of_nodes(), coop.number_of_edges())
    pajek = igraph.Graph.Read_Pajek(str(built / "cooperation.net"))
    assert (pajek.vcount(), pajek.ecount()) == (coop.number_of_nodes(), coop.number_of_edges())
    assert sorted(pajek.es["weight"]) == sorted(d["weight"] for *_, d in coop.edges(data=True))


def test_cytoscape_file_of_the_build_matches_the_cooperation_network(built):
    doc = strict_json((built / "cooperation.cyjs").read_text(encoding="utf-8"))
    node_link = strict_json((built / "cooperation.json").read_text(encoding="utf-8"))
    assert {n["data"]["id"] for n in doc["elements"]["nodes"]} == {n["id"] for n in node_link["nodes"]}
    cy_edges = {frozenset((e["data"]["source"], e["data"]["target"])) for e in doc["elements"]["edges"]}
    assert cy_edges == {frozenset((e["source"], e["target"])) for e in node_link["edges"]}
    assert all(isinstance(e["data"]["weight"], (int, float)) for e in doc["elements"]["edges"])


def test_network_command_writes_cytoscape_json_that_reads_back(tmp_path, capsys):
    from owlgraph.network.formats import read_network

    target = tmp_path / "coop.cyjs"
    assert main(["network", "--kind", "cooperation", "--format", "cytoscape", "-o", str(target)]) == 0
    assert "wrote" in capsys.readouterr().out
    back = read_network(target, "cytoscape")
    doc = strict_json(target.read_text(encoding="utf-8"))
    assert set(back.nodes) == {n["data"]["id"] for n in doc["elements"]["nodes"]}
    assert back.number_of_edges() == len(doc["elements"]["edges"]) > 10
    assert all(isinstance(back.nodes[n]["label"], str) for n in back)


def test_tsv_literal_escapes_are_not_doubled():
    from owlgraph.sparql.results import format_results

    text = format_results(["x"], [[Literal("a\\nb")]], "tsv")  # a backslash and an n, not a line break
    rows = list(Result.parse(io.StringIO(text), format="tsv"))
    assert str(rows[0][0]) == "a\\nb"
