"""The ontology: documented, aligned with the standard vocabularies, and logically consistent."""

import pytest
from rdflib import Literal, Namespace
from rdflib.namespace import OWL, RDF, RDFS

from owlgraph.core.namespaces import OG
from owlgraph.curation.docs import ontology_html
from owlgraph.curation.ontology import read_ontology

STANDARD = (
    "http://www.w3.org/ns/org#",
    "https://schema.org/",
    "http://xmlns.com/foaf/0.1/",
    "http://www.w3.org/2004/02/skos/core#",
    "http://www.w3.org/ns/prov#",
    "http://purl.org/dc/terms/",
    "http://www.w3.org/ns/oa#",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
)


@pytest.fixture(scope="module")
def ontology():
    return read_ontology()


def terms(g):
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        yield from ((t, kind) for t in g.subjects(RDF.type, kind) if str(t).startswith(str(OG)))


def test_every_term_has_german_and_english_labels_and_a_comment(ontology):
    found = list(terms(ontology))
    assert len(found) > 60
    for term, _ in found:
        languages = {lit.language for lit in ontology.objects(term, RDFS.label)}
        assert {"de", "en"} <= languages, term
        assert ontology.value(term, RDFS.comment), term


def test_every_term_is_aligned_with_a_standard_vocabulary(ontology):
    for term, kind in terms(ontology):
        relation = RDFS.subClassOf if kind == OWL.Class else RDFS.subPropertyOf
        ancestors = set(ontology.transitive_objects(term, relation)) - {term}
        assert any(str(a).startswith(STANDARD) for a in ancestors), term


def test_the_initiative_is_an_organizational_collaboration(ontology):
    assert (
        OG.Initiative,
        RDFS.subClassOf,
        Namespace("http://www.w3.org/ns/org#").OrganizationalCollaboration,
    ) in ontology


# owlrl rebinds rdflib's literal conversions process-wide (xsd:gMonthDay then fails SHACL's datatype
# check in later tests), so the reasoner runs in a child process.
REASONER = """
import json, sys
import owlrl
from rdflib import Graph, Namespace
from rdflib.namespace import OWL, RDF
from owlgraph.curation.build import build_graph
from owlgraph.curation.export import triples_graph
from owlgraph.core.namespaces import OG
from owlgraph.curation.ontology import read_ontology
g = Graph()
if sys.argv[1] == "data":
    g += triples_graph(build_graph())
else:  # a deliberate contradiction: one individual in two disjoint classes
    g += read_ontology()
    g.add((OG.Person, OWL.disjointWith, OG.Organisation))
    g.add((OG.x, RDF.type, OG.Person))
    g.add((OG.x, RDF.type, OG.Company))
owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
err = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")
print(json.dumps({"errors": [str(m) for m in g.objects(None, err.error)],
                  "nothing": len(list(g.subjects(RDF.type, OWL.Nothing)))}))
"""


def reason(case: str) -> dict:
    import json
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", REASONER, case], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_ontology_and_data_are_consistent_under_owl_rl_reasoning():
    result = reason("data")
    assert result == {"errors": [], "nothing": 0}


def test_the_reasoner_would_catch_a_contradiction():
    assert reason("contradiction")["errors"], "OWL RL must flag an individual in two disjoint classes"


def test_the_documentation_page_lists_every_term_offline(ontology):
    html = ontology_html()
    for term, _ in terms(ontology):
        assert f'id="{str(term)[len(str(OG)) :]}"' in html
    assert "<script" not in html and "https://cdn" not in html
    assert Literal("Brancheninitiative", lang="de") in set(ontology.objects(OG.Initiative, RDFS.label))
