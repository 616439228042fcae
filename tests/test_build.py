"""The OWL knowledge graph: what a researcher expects to find in it, and that it is honest."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from owlgraph.core.namespaces import FOAF, ID, NACE, OA, OG, ORG, SDO, SKOS
from owlgraph.curation.build import DATA_GRAPH, ONTOLOGY_GRAPH, PROVENANCE_GRAPH, build_graph
from owlgraph.curation.facts import read_facts

ROOT = Path(__file__).resolve().parent.parent

WEBSITES = {
    "Biotech OWL": "https://www.bio-owl.de",
    "Energie Impuls OWL": "https://www.energie-impuls-owl.de",
    "Food Processing Initiative": "https://www.fpi.de",
    "InnoZent OWL": "https://www.innozentowl.de",
    "Intelligente Gebäudetechnologien OWL": "https://integ-owl.de",
    "IT Dialog OWL": "https://www.it-dialog-owl.de",
    "Kunststoffe in OWL": "https://www.kunststoffe-in-owl.de",
    "OWL Maschinenbau": "https://www.owl-maschinenbau.de",
    "Social Media OWL": "https://www.smowl.de",
    "ZIG OWL": "https://www.zig-owl.de",
}

NACE_CODES = {
    "Maschinenbau": "C28",
    "IT": "J62",
    "Kunststoffe": "C22.2",
    "Energie": "D35",
    "Gebäudetechnologien": "F43.2",
    "Biotechnologie": "M72.11",
    "Gesundheit": "Q86",
    "Ernährung": "C10",
}


@pytest.fixture(scope="module")
def graph():
    return build_graph()


@pytest.fixture(scope="module")
def source_text():
    return (ROOT / "data" / "sources" / "brancheninitiativen-owl.txt").read_text(encoding="utf-8")


def by_label(graph, label, cls):
    found = [s for s in graph.subjects(RDFS.label, Literal(label)) if (s, RDF.type, cls) in graph]
    assert len(found) == 1, f"{label}: {found}"
    return found[0]


def test_each_of_the_ten_initiatives_has_its_website(graph):
    initiatives = set(graph.subjects(RDF.type, OG.Initiative))
    assert len(initiatives) == 10
    found = {str(graph.value(i, RDFS.label)): str(graph.value(i, OG.website)) for i in initiatives}
    assert found == WEBSITES


def test_initiatives_are_org_collaborations_for_generic_tools(graph):
    zig = by_label(graph, "ZIG OWL", OG.Initiative)
    assert (zig, RDF.type, ORG.OrganizationalCollaboration) in graph
    assert (zig, SDO.url, URIRef("https://www.zig-owl.de")) in graph


@pytest.mark.parametrize(
    "person, post, organisation",
    [
        ("Herbert Weber", "Geschäftsführer der OstWestfalenLippe GmbH", "OstWestfalenLippe GmbH"),
        ("Marianne Thomann-Stahl", "Regierungspräsidentin", "Bezirksregierung Detmold"),
        ("Peer-Michael Preß", "geschäftsführender Gesellschafter", "Press Medien GmbH & Co. KG"),
    ],
)
def test_each_person_holds_the_post_in_the_organisation(graph, person, post, organisation):
    p = by_label(graph, person, OG.Person)
    assert (p, RDF.type, FOAF.Person) in graph
    held = graph.value(p, OG.holds)
    assert str(graph.value(held, RDFS.label)) == post
    assert str(graph.value(graph.value(held, OG.postIn), RDFS.label)) == organisation
    assert (p, ORG.holds, held) in graph


def test_the_meeting_has_date_place_organiser_programme_and_participants(graph):
    meeting = by_label(graph, "Erfahrungsaustausch in Düsseldorf", OG.Event)
    date = graph.value(meeting, OG.date)
    assert date == Literal("--01-24"), "24 January as XSD writes it, and no year invented"
    assert graph.value(meeting, SDO.startDate) is None, "schema.org dates are full dates: none without a year"
    assert str(graph.value(graph.value(meeting, OG.location), RDFS.label)) == "Düsseldorf"
    assert str(graph.value(graph.value(meeting, OG.organizer), RDFS.label)) == "OstWestfalenLippe GmbH"
    assert str(graph.value(graph.value(meeting, OG.withinProgramme), RDFS.label)) == "Regionalbudget"
    participants = {str(graph.value(p, RDFS.label)) for p in graph.objects(meeting, OG.participant)}
    assert participants == set(WEBSITES) | {"Landtagsabgeordnete"}
    assert (meeting, SDO.attendee, by_label(graph, "ZIG OWL", OG.Initiative)) in graph


def test_no_year_is_invented_anywhere(graph):
    years = [o for o in graph.objects() if isinstance(o, Literal) and o.datatype in (XSD.date, XSD.dateTime, XSD.gYear)]
    assert years == []


def test_reasons_for_inferred_facts_are_language_tagged_as_the_ontology_says(graph):
    reasons = list(graph.objects(None, OG.inferenceReason))
    assert len(reasons) >= 10 and {r.language for r in reasons} == {"en"}
    assert graph.value(OG.inferenceReason, RDFS.range) == RDF.langString


@pytest.mark.parametrize("sector, code", sorted(NACE_CODES.items()))
def test_every_sector_has_its_nace_code(graph, sector, code):
    s = by_label(graph, sector, OG.Sector)
    assert str(graph.value(s, OG.naceCode)) == code
    assert (s, RDF.type, SKOS.Concept) in graph
    nace_iri = graph.value(s, OG.naceClass)
    assert nace_iri == NACE[re.sub(r"[A-Z.]", "", code)]
    assert (s, SKOS.closeMatch, nace_iri) in graph


def test_the_programme_is_funded_by_the_ministry_and_supported_the_bid(graph):
    programme = by_label(graph, "Regionalbudget", OG.FundingProgramme)
    assert str(graph.value(graph.value(programme, OG.funder), RDFS.label)) == "NRW-Wirtschaftsministerium"
    bid = by_label(graph, "Bewerbung der Region beim Spitzenclusterwettbewerb", OG.Bid)
    assert (bid, OG.withinProgramme, programme) in graph
    assert str(graph.value(graph.value(bid, OG.competition), RDFS.label)) == "Spitzenclusterwettbewerb"


def test_places_carry_the_verified_nuts_codes_and_wikidata_ids(graph):
    expected = {
        "Bielefeld": ("DEA41", "Q2112"),
        "Düsseldorf": ("DEA11", "Q1718"),
        "OstWestfalenLippe": ("DEA4", "Q7923"),
        "Nordrhein-Westfalen": ("DEA", "Q1198"),
    }
    for label, (nuts, wikidata) in expected.items():
        place = next(s for s in graph.subjects(RDFS.label, Literal(label)) if (s, RDF.type, OG.Place) in graph)
        assert str(graph.value(place, OG.nutsCode)) == nuts
        assert str(graph.value(place, OG.wikidata)) == f"http://www.wikidata.org/entity/{wikidata}"


def test_the_two_attributed_quotations_have_their_speakers(graph):
    speakers = {}
    for q in graph.subjects(RDF.type, OG.Quotation):
        for speaker in graph.objects(q, OG.speaker):
            speakers[str(graph.value(q, OG.text))[:30]] = str(graph.value(speaker, RDFS.label))
    assert speakers["Die zehn Brancheninitiativen si"[:30]] == "Marianne Thomann-Stahl"
    assert speakers["Beispiele wie unser Erfolg im S"[:30]] == "Herbert Weber"


def evidence_of(graph, s, p, o):
    prov = graph.graph(PROVENANCE_GRAPH)
    found = []
    for ev in prov.subjects(RDF.subject, s):
        if (ev, RDF.predicate, p) in prov and (ev, RDF.object, o) in prov:
            found.append(ev)
    return found


def test_every_fact_carries_evidence_found_verbatim_in_its_source(graph, source_text):
    data = graph.graph(DATA_GRAPH)
    prov = graph.graph(PROVENANCE_GRAPH)
    facts = [(s, p, o) for s, p, o in data if str(p).startswith(str(OG)) and p != OG.sourceFile]
    onto = graph.graph(ONTOLOGY_GRAPH)
    for s, p, o in data.triples((None, RDF.type, None)):
        # the asserted (most specific) class is a fact; its super-classes are RDFS entailments
        others = {t for t in data.objects(s, RDF.type) if t != o}
        if str(o).startswith(str(OG)) and not any((t, RDFS.subClassOf, o) in onto for t in others):
            facts.append((s, p, o))
    assert len(facts) > 200
    reference = (ROOT / "data" / "sources" / "reference-codes.md").read_text(encoding="utf-8")
    for fact in facts:
        evidence = evidence_of(graph, *fact)
        assert evidence, f"no evidence for {fact}"
        for ev in evidence:
            quotes = [prov.value(prov.value(t, OA.hasSelector), OA.exact) for t in prov.objects(ev, OA.hasTarget)]
            assert quotes
            assert all(str(q) in source_text or str(q) in reference for q in quotes), quotes


def test_inferred_facts_are_flagged_with_a_reason(graph):
    prov = graph.graph(PROVENANCE_GRAPH)
    sector = by_label(graph, "Maschinenbau", OG.Sector)
    owl_mb = by_label(graph, "OWL Maschinenbau", OG.Initiative)
    [ev] = evidence_of(graph, owl_mb, OG.sector, sector)
    assert prov.value(ev, OG.inferred) == Literal(True)
    assert "name" in str(prov.value(ev, OG.inferenceReason))
    bezreg = by_label(graph, "Bezirksregierung Detmold", OG.PublicBody)
    [ev] = evidence_of(graph, bezreg, RDF.type, OG.PublicBody)
    assert prov.value(ev, OG.inferred) == Literal(True)
    website = by_label(graph, "ZIG OWL", OG.Initiative)
    [ev] = evidence_of(graph, website, OG.website, URIRef("https://www.zig-owl.de"))
    assert prov.value(ev, OG.inferred) == Literal(False)


def test_inferred_facts_can_be_excluded_by_a_query(graph):
    stated_sectors = graph.query(
        """
        SELECT ?i WHERE { ?i og:sector ?s .
          FILTER NOT EXISTS { ?e rdf:subject ?i ; rdf:predicate og:sector ; rdf:object ?s ; og:inferred true } }""",
        initNs={"og": OG, "rdf": RDF},
    )
    assert len(stated_sectors) == 0
    all_sectors = graph.query("SELECT ?i WHERE { ?i og:sector ?s }", initNs={"og": OG})
    assert len(all_sectors) == 8


def test_no_personal_email_address_or_phone_number_in_the_graph(graph):
    text = graph.serialize(format="nquads")
    assert "m.press@press-medien.de" not in text
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text.replace("@de", "").replace("@en", ""))
    assert not re.search(r"\+?\d[\d /-]{7,}\d", re.sub(r"<[^>]*>|\"[^\"]*\"\^\^", "", text))


def test_iris_are_readable_and_stable():
    a, b = build_graph(), build_graph()
    assert {s for s in a.subjects() if str(s).startswith(str(ID))} == {
        s for s in b.subjects() if str(s).startswith(str(ID))
    }
    assert ID["initiative/biotech-owl"] in set(a.subjects())
    assert ID["organisation/ostwestfalenlippe-gmbh"] in set(a.subjects())


def test_the_same_input_gives_byte_identical_exports_across_processes(tmp_path):
    script = (
        "import sys; from owlgraph.curation.build import build_graph; from owlgraph.curation.export import write_graph, RDF_FORMATS\n"
        "g = build_graph()\n"
        "[write_graph(g, f'{sys.argv[1]}/g{f.suffix}', format=name) for name, f in RDF_FORMATS.items()]"
    )
    for run, seed in (("a", "1"), ("b", "2")):
        (tmp_path / run).mkdir()
        subprocess.run(
            [sys.executable, "-c", script, str(tmp_path / run)],
            check=True,
            env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"},
        )
    for file in sorted((tmp_path / "a").iterdir()):
        assert file.read_bytes() == (tmp_path / "b" / file.name).read_bytes(), file.name


def test_facts_file_counts():
    base = read_facts()
    assert {s.id for s in base.sources} == {"brancheninitiativen-owl", "reference-codes"}
    assert sum(1 for f in base.facts if f.inferred) >= 10
