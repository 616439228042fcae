"""Network file exports: every registered format round-trips; XML formats are schema-valid."""

import json
import math
import re
from pathlib import Path

import networkx as nx
import pytest

from owlgraph.core.errors import ExportError
from owlgraph.network.formats import NETWORK_FORMATS, flatten_attributes, read_network, write_network

SCHEMAS = Path(__file__).parent / "data" / "schemas"
A = "https://w3id.org/owlgraph/id/organisation/mueller-soehne"
B = "https://w3id.org/owlgraph/id/initiative/it-s-owl"
C = "https://w3id.org/owlgraph/id/person/jörg-straße"


@pytest.fixture
def network() -> nx.DiGraph:
    """A tiny affiliation network with the awkward names OWL sources have."""
    G = nx.DiGraph()
    G.add_node(
        A,
        label='Müller & Söhne, "Werk Süd"',
        type="Organisation",
        sector="Maschinenbau",
        evidence=["„Die Firma“, sagt er", "line 1\nline 2"],
        founded=1999,
        share=0.25,
        website=None,
        bipartite=0,
        iri=A,
    )
    G.add_node(B, label="it's OWL – Spitzencluster", type="Initiative", bipartite=1, iri=B)
    # an isolated node's Burt constraint is NaN in NetworkX: a missing value, never written
    G.add_node(C, label="Jörg Straße", type="Person", bipartite=0, iri=C, constraint=float("nan"), size=float("inf"))
    G.add_edge(A, B, label="memberOf", weight=2.0, evidence=["Zitat, „wörtlich“"])
    G.add_edge(C, A, label="worksFor", weight=1.0, evidence=[])
    return G


def expected(G: nx.Graph, fmt) -> nx.Graph:
    """What the format should give back: flattened (unless it keeps lists), held attributes only."""
    H = without_missing(G) if fmt.keeps_lists else flatten_attributes(G)
    if fmt.node_attrs is not None:
        R = H.__class__() if fmt.name != "vosviewer" else nx.Graph()  # VOSviewer is undirected
        for n, d in H.nodes(data=True):
            R.add_node(n, **{k: v for k, v in d.items() if k in fmt.node_attrs})
        for u, v, d in H.edges(data=True):
            R.add_edge(u, v, **{k: x for k, x in d.items() if k in fmt.edge_attrs})
        H = R
    if not fmt.keeps_ids:
        H = nx.relabel_nodes(H, {n: d["label"] for n, d in H.nodes(data=True)})
    return H


def missing(value) -> bool:
    return value is None or (isinstance(value, float) and not math.isfinite(value))


def without_missing(G: nx.Graph) -> nx.Graph:
    H = G.__class__()
    H.add_nodes_from((n, {k: v for k, v in d.items() if not missing(v)}) for n, d in G.nodes(data=True))
    H.add_edges_from((u, v, {k: x for k, x in d.items() if not missing(x)}) for u, v, d in G.edges(data=True))
    return H


def as_sets(G: nx.Graph):
    nodes = {n: d for n, d in G.nodes(data=True)}
    edges = {(u, v) if G.is_directed() else frozenset((u, v)): d for u, v, d in G.edges(data=True)}
    return G.is_directed(), nodes, edges


def nx_reader(name: str, path: Path):
    """The plain NetworkX reader for formats NetworkX has one for."""
    readers = {
        "gexf": lambda p: nx.read_gexf(p, node_type=str),
        "graphml": lambda p: nx.read_graphml(p, node_type=str),
        "pajek": nx.read_pajek,
    }
    return readers[name](path) if name in readers else None


@pytest.mark.parametrize("name", list(NETWORK_FORMATS))
def test_every_format_round_trips(network, tmp_path, name):
    fmt = NETWORK_FORMATS[name]
    path = tmp_path / f"owl{fmt.suffix}"
    write_network(network, path, name)
    back = read_network(path, name)
    assert as_sets(back) == as_sets(expected(network, fmt))

    plain = nx_reader(name, path)
    if plain is not None:  # the file is what NetworkX itself reads, not just our reader
        ids = {n: d.get("node_id", n) for n, d in plain.nodes(data=True)}  # GraphML keeps IRIs there
        assert set(ids.values()) == set(back.nodes)
        assert {(ids[u], ids[v]) for u, v in plain.edges()} == set(back.edges())


def test_input_graph_is_not_changed(network, tmp_path):
    before = as_sets(network)
    for name, fmt in NETWORK_FORMATS.items():
        write_network(network, tmp_path / name / f"g{fmt.suffix or '.x'}", name)
    assert as_sets(network) == before


def _validate(xml_path: Path, xsd: Path) -> None:
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(xsd)))
    doc = etree.parse(str(xml_path))
    assert schema.validate(doc), schema.error_log


def test_gexf_is_valid_gexf_1_2(network, tmp_path):
    write_network(network, tmp_path / "owl.gexf", "gexf")
    _validate(tmp_path / "owl.gexf", SCHEMAS / "gexf-1.2draft" / "gexf.xsd")


def test_graphml_is_valid_graphml(network, tmp_path):
    write_network(network, tmp_path / "owl.graphml", "graphml")
    _validate(tmp_path / "owl.graphml", SCHEMAS / "graphml-1.0" / "graphml.xsd")


def test_csv_quotes_commas_and_newlines_survive(network, tmp_path):
    write_network(network, tmp_path / "tables", "csv")
    text = (tmp_path / "tables" / "nodes.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith('"Id","Label"')  # Gephi's spreadsheet columns
    back = read_network(tmp_path / "tables", "csv")
    assert back.nodes[A]["label"] == 'Müller & Söhne, "Werk Süd"'
    assert back.nodes[A]["evidence"] == "„Die Firma“, sagt er | line 1\nline 2"
    assert back.nodes[A]["founded"] == 1999 and back.nodes[A]["share"] == 0.25


def test_csv_stem_path_names_two_files(network, tmp_path):
    write_network(network, tmp_path / "owl.csv", "csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["owl-edges.csv", "owl-nodes.csv"]


def test_vosviewer_files_follow_the_manual(network, tmp_path):
    G = network.copy()
    nx.set_node_attributes(G, {A: 0, B: 0, C: 1}, "community")
    write_network(G, tmp_path / "vos", "vosviewer")
    map_lines = (tmp_path / "vos" / "map.txt").read_text(encoding="utf-8").splitlines()
    assert map_lines[0].split("\t") == ["id", "label", "cluster", "weight<Links>", "weight<Total link strength>"]
    assert map_lines[1].split("\t") == ["1", 'Müller & Söhne, "Werk Süd"', "1", "2", "3.0"]
    net = (tmp_path / "vos" / "network.txt").read_text(encoding="utf-8").splitlines()
    assert sorted(net) == ["1\t2\t2.0", "1\t3\t1.0"]


def test_pajek_quotes_labels(network, tmp_path):
    write_network(network, tmp_path / "owl.net", "pajek")
    lines = (tmp_path / "owl.net").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "*Vertices 3"
    assert lines[1] == '1 "Müller & Söhne, \\"Werk Süd\\""'
    assert lines[4] == "*Arcs"


def test_unknown_format_lists_the_formats(network, tmp_path):
    with pytest.raises(ExportError, match="gexf, graphml, csv, json, cytoscape, pajek, vosviewer"):
        write_network(network, tmp_path / "x", "dot")


@pytest.mark.parametrize("name", list(NETWORK_FORMATS))
def test_unwritable_path_names_the_path(network, tmp_path, name):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    target = blocker / "sub" / f"owl{NETWORK_FORMATS[name].suffix}"
    with pytest.raises(ExportError, match="file"):
        write_network(network, target, name)
    assert blocker.read_text() == "not a directory"


def _reject(constant):
    raise ValueError(f"not JSON: {constant}")


@pytest.mark.parametrize("name", list(NETWORK_FORMATS))
def test_a_missing_value_is_absent_in_every_format(network, tmp_path, name):
    target = tmp_path / name / f"owl{NETWORK_FORMATS[name].suffix}"
    write_network(network, target, name)
    for path in sorted(p for p in (tmp_path / name).rglob("*") if p.is_file()):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(?i)\b(nan|-?inf(inity)?)\b", text), f"{path.name} writes a missing value"
        if path.suffix in (".json", ".cyjs"):
            json.loads(text, parse_constant=_reject)  # what a browser's JSON.parse accepts
    back = read_network(target, name)
    assert "constraint" not in back.nodes[C if NETWORK_FORMATS[name].keeps_ids else "Jörg Straße"]


def test_cytoscape_json_has_elements_with_data(network, tmp_path):
    write_network(network, tmp_path / "owl.cyjs", "cytoscape")
    doc = json.loads((tmp_path / "owl.cyjs").read_text(encoding="utf-8"))
    nodes, edges = doc["elements"]["nodes"], doc["elements"]["edges"]
    assert {n["data"]["id"] for n in nodes} == set(network.nodes)
    assert {(e["data"]["source"], e["data"]["target"]) for e in edges} == set(network.edges)
    assert next(n for n in nodes if n["data"]["id"] == A)["data"]["evidence"] == [
        "„Die Firma“, sagt er",
        "line 1\nline 2",
    ]
    assert doc["data"]["directed"] is True


def test_cytoscape_refuses_an_attribute_it_reserves(tmp_path):
    G = nx.Graph()
    G.add_node("a", source="article")
    with pytest.raises(ExportError, match="'source' is reserved"):
        write_network(G, tmp_path / "g.cyjs", "cytoscape")
    assert not (tmp_path / "g.cyjs").exists()
