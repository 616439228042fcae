"""The public API reads as one: format=, writers return their Path, str paths everywhere, one format registry."""

from pathlib import Path

import networkx as nx
import pytest

import owlgraph
from owlgraph.core.errors import ExportError
from owlgraph.core.formats import RDF_FORMATS
from owlgraph.store.embedded import to_oxigraph

HARBOUR = Path(__file__).parent / "data" / "graph-source"
TTL, FACTS = HARBOUR / "harbour.ttl", HARBOUR / "harbour.yaml"


@pytest.fixture(scope="module")
def harbour_graph():
    """The harbour facts built into data, provenance and ontology graphs."""
    return owlgraph.build_graph(owlgraph.read_facts(FACTS))


def statements(dataset, *, graphs: bool) -> set:
    return {(q.subject, q.predicate, q.object, q.graph_name if graphs else None) for q in to_oxigraph(dataset)}


@pytest.mark.parametrize("name", list(RDF_FORMATS))
def test_every_registered_rdf_format_reads_back_what_was_written(harbour_graph, tmp_path, name):
    info = RDF_FORMATS[name]
    written = owlgraph.write_graph(harbour_graph, str(tmp_path / f"harbour{info.suffix}"), format=name)
    assert written == tmp_path / f"harbour{info.suffix}" and written.stat().st_size > 0
    back = owlgraph.load_graph(written)
    reference = owlgraph.load_graph(owlgraph.write_graph(harbour_graph, tmp_path / "reference.nq"))
    assert statements(back, graphs=False) == statements(reference, graphs=False)
    if name in ("nquads", "trig"):  # JSON-LD keeps named graphs too once issue 14's export fix lands
        assert statements(back, graphs=True) == statements(reference, graphs=True)
        assert len({g for *_, g in statements(back, graphs=True)}) >= 2


def test_the_suffix_chooses_the_format_and_an_unknown_one_is_refused(harbour_graph, tmp_path):
    assert owlgraph.write_graph(harbour_graph, tmp_path / "h.ttl").read_text(encoding="utf-8").startswith("@prefix")
    with pytest.raises(ExportError, match=r"unknown RDF file type '\.txt'.*or pass format="):
        owlgraph.write_graph(harbour_graph, tmp_path / "h.txt")
    assert not (tmp_path / "h.txt").exists()


def who_heads(graph) -> list[str]:
    return sorted(owlgraph.query(graph, "who-heads-what").personLabel)


def test_load_graph_takes_a_str_path():
    assert who_heads(owlgraph.load_graph(str(TTL))) == ["Anna Krüger", "Bert Olsen"]


def test_load_graph_takes_data_as_a_str():
    assert who_heads(owlgraph.load_graph(data=str(TTL))) == ["Anna Krüger", "Bert Olsen"]


def test_load_graph_takes_facts_as_a_str():
    assert who_heads(owlgraph.load_graph(facts=str(FACTS))) == ["Anna Krüger", "Bert Olsen"]


def test_load_graph_takes_lists_of_str_and_paths(tmp_path):
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        "@prefix og: <https://w3id.org/owlgraph/ontology#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<https://example.org/x/cara> a og:Person ; rdfs:label "Cara Lind" ; og:headOf <https://example.org/x/o> .\n'
        '<https://example.org/x/o> rdfs:label "Lotsenverein" .\n',
        encoding="utf-8",
    )
    assert who_heads(owlgraph.load_graph([str(TTL), extra])) == ["Anna Krüger", "Bert Olsen", "Cara Lind"]
    assert who_heads(owlgraph.load_graph(facts=[str(FACTS)])) == ["Anna Krüger", "Bert Olsen"]


def test_read_facts_takes_a_str_path():
    assert {e.label for e in owlgraph.read_facts(str(FACTS)).entities} >= {"Anna Krüger", "Bert Olsen"}


def test_write_network_returns_the_path_it_wrote(tmp_path):
    target = str(tmp_path / "pair.json")
    written = owlgraph.write_network(nx.Graph([("a", "b")]), target, "json")
    assert written == Path(target) and written.is_file()
    assert sorted(owlgraph.read_network(target, "json").nodes) == ["a", "b"]
