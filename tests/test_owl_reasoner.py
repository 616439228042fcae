"""An OWL 2 DL reasoner (HermiT, as bundled with owlready2) accepts the published graph.

The complete graph — ontology, data and provenance, as ``owlgraph export -f nt`` writes it — is loaded into
owlready2 and classified by HermiT on Java. HermiT refuses datatypes outside the OWL 2 datatype map
(``xsd:date``, ``xsd:gMonthDay``) and finds the graph inconsistent when a value contradicts a range.
"""

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import require

OG = "https://w3id.org/owlgraph/ontology#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"

# owlready2 keeps one quadstore per process and HermiT runs as a Java child process: each check runs
# in its own Python process, so the test session's rdflib and owlready2 state never mix.
HERMIT = """
import json, sys
import owlready2
world = owlready2.World()
onto = world.get_ontology("file://" + sys.argv[1]).load(format="ntriples")
try:
    with onto:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    print(json.dumps({"consistent": True, "error": None}))
except owlready2.OwlReadyInconsistentOntologyError as exc:
    print(json.dumps({"consistent": False, "error": "inconsistent"}))
except owlready2.OwlReadyJavaError as exc:
    print(json.dumps({"consistent": None, "error": str(exc)[-2000:]}))
"""


def hermit(path) -> dict:
    require(shutil.which("java") is not None, "Java (Debian package default-jre-headless) for HermiT")
    require(importlib.util.find_spec("owlready2") is not None, "owlready2 (pip install -e '.[test]')")
    done = subprocess.run([sys.executable, "-c", HERMIT, str(path)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def complete_graph(tmp_path_factory):
    """The complete graph as N-Triples, written by the command a user runs."""
    path = tmp_path_factory.mktemp("hermit") / "owlgraph.nt"
    done = subprocess.run(
        [sys.executable, "-m", "owlgraph", "export", "-f", "nt", "-o", str(path)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return path


def test_hermit_finds_the_complete_graph_consistent(complete_graph):
    result = hermit(complete_graph)
    assert result == {"consistent": True, "error": None}


def test_the_published_graph_uses_only_owl2_datatypes(complete_graph):
    text = complete_graph.read_text(encoding="utf-8")
    for outside in ("XMLSchema#date>", "XMLSchema#gMonthDay>", "XMLSchema#gYear>", "XMLSchema#gYearMonth>"):
        assert outside not in text, outside


def test_hermit_would_catch_reasons_that_contradict_their_range(complete_graph, tmp_path):
    """The check can fail: with the old range xsd:string, the @en reasons make the complete graph inconsistent."""
    reason_range = f"<{OG}inferenceReason> <http://www.w3.org/2000/01/rdf-schema#range> "
    text = complete_graph.read_text(encoding="utf-8")
    assert reason_range + f"<{RDF}langString> ." in text
    broken = tmp_path / "broken.nt"
    broken.write_text(text.replace(f"<{RDF}langString> .", f"<{XSD}string> ."), encoding="utf-8")
    assert hermit(broken)["consistent"] is False


def test_a_full_day_is_a_schema_org_date_and_a_month_without_day_is_not(tmp_path):
    from rdflib import Literal
    from rdflib.namespace import SDO, XSD

    from owlgraph.core.namespaces import OG as og
    from owlgraph.curation.build import build_graph, entity_iri
    from owlgraph.curation.export import write_graph
    from owlgraph.curation.facts import read_facts
    from owlgraph.curation.validate import validate_graph

    graph = build_graph(read_facts([Path(__file__).parent / "data" / "interchange" / "dated-events.yaml"]))
    meeting, party = entity_iri("netzwerktreffen-2024", "Event"), entity_iri("sommerfest-2025", "Event")
    day = Literal("2024-03-05T00:00:00", datatype=XSD.dateTime)
    assert graph.value(meeting, og.date) == day and graph.value(meeting, SDO.startDate) == day
    assert graph.value(party, og.date) == Literal("2025-06"), "June 2025, and no day invented"
    assert graph.value(party, SDO.startDate) is None
    assert validate_graph(graph) == []
    assert hermit(write_graph(graph, tmp_path / "dated.nt", format="nt")) == {"consistent": True, "error": None}
