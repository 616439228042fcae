"""The competency questions in queries/competency/*.rq answer what the article says.

Every query runs on the built knowledge graph (embedded Oxigraph store); each one has
a test named after the question a user asks, asserting its real answer from the
article "Brancheninitiativen sind Treiber der Regionalentwicklung". The remote tests
check that Oxigraph server and Virtuoso 7 give the very same frames.

Run: .venv/bin/python -m pytest tests/test_competency.py -q
"""

import re
import uuid

import pandas as pd
import pytest

from owlgraph.core.namespaces import ID, OG
from owlgraph.curation.build import DATA_GRAPH, ONTOLOGY_GRAPH, PROVENANCE_GRAPH, build_graph
from owlgraph.sparql.queries import named_queries, query

QUERIES = named_queries()

#: Exact number of rows of every competency query on the built graph (no bindings).
EXPECTED_ROWS = {
    "article-metadata": 1,
    "bids-and-competitions": 1,
    "evidence-for-fact": 163,
    "inferred-facts": 19,
    "initiative-sectors": 8,
    "initiatives-and-websites": 10,
    "initiatives-sharing-topics": 135,
    "initiatives-stated-facts": 30,
    "initiatives-without-sector": 2,
    "meeting-participants": 11,
    "organisation-members": 1,
    "organisations-per-type": 6,
    "people-and-posts": 3,
    "places-nuts-wikidata": 6,
    "programme-support": 3,
    "quotations-and-speakers": 3,
    "sectors-with-nace": 8,
    "study-findings": 1,
    "topics-and-what-addresses-them": 7,
    "who-heads-what": 2,
}

INITIATIVES = {
    "Biotech OWL",
    "Energie Impuls OWL",
    "Food Processing Initiative",
    "InnoZent OWL",
    "Intelligente Gebäudetechnologien OWL",
    "IT Dialog OWL",
    "Kunststoffe in OWL",
    "OWL Maschinenbau",
    "Social Media OWL",
    "ZIG OWL",
}
MEETING = ID["event/erfahrungsaustausch-duesseldorf"]


@pytest.fixture(scope="module")
def graph(built_graph):
    return built_graph


def only(frame: pd.DataFrame, **where) -> pd.Series:
    """The one row of ``frame`` whose columns equal ``where``."""
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        mask &= frame[column] == value
    rows = frame[mask]
    assert len(rows) == 1, f"expected one row with {where}, got {len(rows)}:\n{rows}"
    return rows.iloc[0]


def by(frame: pd.DataFrame, key: str, value: str) -> dict:
    return dict(zip(frame[key], frame[value]))


# -- every query -----------------------------------------------------------------------------------


def test_there_are_at_least_14_competency_questions_and_each_has_an_expected_row_count():
    assert len(QUERIES) >= 14
    assert set(QUERIES) == set(EXPECTED_ROWS)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_query_has_a_question_and_answers(graph, name):
    named = QUERIES[name]
    lines = named.text.splitlines()
    assert lines[0].startswith("# question: "), f"{name}: the first line must be '# question: …'"
    assert named.question and "?" in named.question
    assert any(line.startswith("# expected: ") for line in lines), f"{name}: no '# expected:' line"
    assert not re.search(r"^\s*PREFIX\b", named.text, re.IGNORECASE | re.MULTILINE), "prefixes are bound automatically"
    assert re.search(r"^\s*SELECT\b", named.text, re.IGNORECASE | re.MULTILINE)
    assert re.search(r"\bORDER BY\b", named.text), "rows must come in a deterministic order"
    comments = "\n".join(line for line in lines if line.lstrip().startswith("#"))
    assert not re.search(r"\bWHERE\s*\{", comments, re.IGNORECASE), "bindings are inserted at the first 'WHERE {'"
    frame = query(graph, name)
    assert len(frame) >= 1
    assert len(frame) == EXPECTED_ROWS[name]


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_expected_comment_gives_the_real_row_count(name):
    expected = next(line for line in QUERIES[name].text.splitlines() if line.startswith("# expected: "))
    count = re.match(r"# expected: (\d+) rows?\b", expected)
    assert count and int(count.group(1)) == EXPECTED_ROWS[name], expected


# -- one test per question -------------------------------------------------------------------------


def test_which_initiatives_are_there_and_what_are_their_websites(graph):
    df = query(graph, "initiatives-and-websites")
    assert list(df.columns) == ["initiative", "label", "website"]
    assert len(df) == 10 and set(df.label) == INITIATIVES
    websites = by(df, "label", "website")
    assert websites["ZIG OWL"] == "https://www.zig-owl.de"
    assert websites["Intelligente Gebäudetechnologien OWL"] == "https://integ-owl.de"  # no www. in the article
    assert websites["Social Media OWL"] == "https://www.smowl.de"
    assert websites["Food Processing Initiative"] == "https://www.fpi.de"
    assert all(w.startswith("https://") for w in df.website)
    assert only(df, label="ZIG OWL").initiative == str(ID["initiative/zig-owl"])


def test_which_initiatives_cover_a_sector_and_is_it_inferred(graph):
    df = query(graph, "initiative-sectors")
    assert len(df) == 8
    row = only(df, initiativeLabel="OWL Maschinenbau")
    assert (row.sectorLabel, row.naceCode, row.sector) == ("Maschinenbau", "C28", str(ID["sector/maschinenbau"]))
    assert df.inferred.dtype == bool and df.inferred.all()  # every sector is read from a name
    assert by(df, "initiativeLabel", "sectorLabel") == {
        "Biotech OWL": "Biotechnologie",
        "Energie Impuls OWL": "Energie",
        "Food Processing Initiative": "Ernährung",
        "Intelligente Gebäudetechnologien OWL": "Gebäudetechnologien",
        "IT Dialog OWL": "IT",
        "Kunststoffe in OWL": "Kunststoffe",
        "OWL Maschinenbau": "Maschinenbau",
        "ZIG OWL": "Gesundheit",
    }


def test_who_is_a_member_of_which_organisation(graph):
    df = query(graph, "organisation-members")
    row = only(df, memberLabel="Landtagsabgeordnete")
    assert row.organisationLabel == "Düsseldorfer Landtag" and pd.isna(row.role)


def test_which_initiatives_have_no_sector(graph):
    df = query(graph, "initiatives-without-sector")
    assert list(df.label) == ["InnoZent OWL", "Social Media OWL"]
    assert pd.isna(only(df, label="InnoZent OWL").topic)
    assert only(df, label="Social Media OWL").topicLabel == "Social Media"


def test_what_nace_code_does_each_sector_have(graph):
    df = query(graph, "sectors-with-nace")
    assert by(df, "label", "naceCode") == {
        "Maschinenbau": "C28",
        "IT": "J62",
        "Kunststoffe": "C22.2",
        "Energie": "D35",
        "Gebäudetechnologien": "F43.2",
        "Biotechnologie": "M72.11",
        "Gesundheit": "Q86",
        "Ernährung": "C10",
    }
    assert only(df, label="Maschinenbau").naceClass == "http://data.europa.eu/ux2/nace2/28"
    assert only(df, label="Kunststoffe").naceClass == "http://data.europa.eu/ux2/nace2/222"
    assert df.naceClass.str.startswith("http://data.europa.eu/ux2/nace2/").all()


def test_who_heads_owl_gmbh(graph):
    df = query(graph, "who-heads-what")
    assert len(df) == 2
    row = only(df, organisationLabel="OstWestfalenLippe GmbH")
    assert row.personLabel == "Herbert Weber" and row.person == str(ID["person/herbert-weber"])
    assert row.inferred
    assert only(df, personLabel="Marianne Thomann-Stahl").organisationLabel == "Bezirksregierung Detmold"
    assert df.inferred.all()  # the article gives posts; "heads" is the curators' reading


def test_which_post_does_herbert_weber_hold_in_which_organisation(graph):
    df = query(graph, "people-and-posts")
    assert len(df) == 3
    weber = only(df, personLabel="Herbert Weber")
    assert (weber.postLabel, weber.organisationLabel) == (
        "Geschäftsführer der OstWestfalenLippe GmbH",
        "OstWestfalenLippe GmbH",
    )
    assert not weber.postInInferred
    thomann = only(df, personLabel="Marianne Thomann-Stahl")
    assert (thomann.postLabel, thomann.organisationLabel) == ("Regierungspräsidentin", "Bezirksregierung Detmold")
    assert thomann.postInInferred  # the article names the office, not the authority
    press = only(df, personLabel="Peer-Michael Preß")
    assert (press.postLabel, press.organisationLabel) == (
        "geschäftsführender Gesellschafter",
        "Press Medien GmbH & Co. KG",
    )


def test_who_took_part_in_the_meeting_and_when_and_where(graph):
    df = query(graph, "meeting-participants")
    assert len(df) == 11
    assert set(df.participantLabel) == INITIATIVES | {"Landtagsabgeordnete"}
    assert by(df, "participantLabel", "participantType")["Landtagsabgeordnete"] == "group of people"
    assert (df.participantType == "industry network initiative").sum() == 10
    assert set(df.event) == {str(MEETING)} and set(df.eventLabel) == {"Erfahrungsaustausch in Düsseldorf"}
    assert set(df.date) == {"--01-24"}  # day and month: the article gives no year, none is invented
    assert set(df.placeLabel) == {"Düsseldorf"}
    assert set(df.organiserLabel) == {"OstWestfalenLippe GmbH"}
    assert set(df.programmeLabel) == {"Regionalbudget"}


def test_what_did_the_regionalbudget_support_and_who_funds_it(graph):
    df = query(graph, "programme-support")
    assert len(df) == 3
    assert set(df.programmeLabel) == {"Regionalbudget"}
    assert set(df.funderLabel) == {"NRW-Wirtschaftsministerium"}
    assert set(df.funder) == {str(ID["organisation/nrw-wirtschaftsministerium"])}
    assert {label: bool(v) for label, v in zip(df.supportedLabel, df.inferred)} == {
        "Erfahrungsaustausch in Düsseldorf": False,
        "Bewerbung der Region beim Spitzenclusterwettbewerb": False,
        "Gemeinsame Aktivitäten der Brancheninitiativen": True,
    }
    assert by(df, "supportedLabel", "supportedType") == {
        "Erfahrungsaustausch in Düsseldorf": "event",
        "Bewerbung der Region beim Spitzenclusterwettbewerb": "bid",
        "Gemeinsame Aktivitäten der Brancheninitiativen": "joint activity",
    }


def test_which_initiatives_share_topics(graph):
    df = query(graph, "initiatives-sharing-topics")
    assert len(df) == 135
    pairs = set(zip(df.label1, df.label2))
    assert len(pairs) == 45  # every pair of the ten initiatives, each pair once
    assert all(a < b for a, b in pairs) and set(df.label1) | set(df.label2) == INITIATIVES
    topics = df.groupby(["label1", "label2"]).topicLabel.apply(frozenset)
    assert set(topics) == {frozenset({"Energieeffizienz", "IT", "Social Media"})}
    assert len(df[(df.label1 == "Biotech OWL") & (df.label2 == "ZIG OWL")]) == 3


def test_what_evidence_supports_the_meeting_date(graph):
    df = query(graph, "evidence-for-fact", bindings={"subject": MEETING})
    assert len(df) == 26 and set(df.subject) == {str(MEETING)}
    assert set(df.subjectLabel) == {"Erfahrungsaustausch in Düsseldorf"}
    date = only(df, predicate=str(OG.date))
    assert date.quote == "Am 24. Januar trafen sich" and date.object == "--01-24" and not date.inferred
    assert date.source == str(ID["source/brancheninitiativen-owl"])
    assert (
        only(df, predicate=str(OG.organizer)).quote
        == "Der Erfahrungsaustausch wurde von der OstWestfalenLippe GmbH organisiert."
    )
    zig = df[(df.predicate == str(OG.participant)) & (df.objectLabel == "ZIG OWL")]
    assert set(zig.quote) == {
        "Die folgenden Brancheninitiativen beteiligten sich an dem Erfahrungsaustausch in Düsseldorf:",
        "ZIG OWL: www.zig-owl.de",
    }
    one = query(graph, "evidence-for-fact", bindings={"subject": MEETING, "predicate": OG.date})
    assert list(one.quote) == ["Am 24. Januar trafen sich"]


def test_what_evidence_supports_an_inferred_sector(graph):
    df = query(
        graph, "evidence-for-fact", bindings={"subject": ID["initiative/owl-maschinenbau"], "predicate": OG.sector}
    )
    assert len(df) == 1
    assert (df.quote[0], df.objectLabel[0], bool(df.inferred[0])) == ("OWL Maschinenbau", "Maschinenbau", True)


def test_what_evidence_supports_every_fact(graph):
    df = query(graph, "evidence-for-fact")
    assert len(df) == 163
    assert df.predicate.str.startswith(str(OG)).all()
    nace = only(df, subjectLabel="Maschinenbau", predicate=str(OG.naceCode))
    assert nace.quote == "| Maschinenbau | C28 | C27, 33.1 |"
    assert nace.source == str(ID["source/reference-codes"])


def test_which_facts_are_inferred_and_why(graph):
    df = query(graph, "inferred-facts")
    assert len(df) == 19
    assert df.reason.notna().all()
    weber = only(df, subjectLabel="Herbert Weber")
    assert weber.predicate == str(OG.headOf) and weber.objectLabel == "OstWestfalenLippe GmbH"
    assert "Geschäftsführer" in weber.reason
    assert only(df, subjectLabel="OWL Maschinenbau").reason == "sector read from the initiative's name (Maschinenbau)"
    assert (df.predicate == str(OG.sector)).sum() == 8
    publisher = only(df, predicate=str(OG.publisher))
    assert publisher.objectLabel == "Press Medien GmbH & Co. KG"
    speaker = only(df, predicate=str(OG.speaker))
    assert speaker.subjectLabel == "Zitat über die Landtagsabgeordneten"
    # The Bezirksregierung Detmold itself (its type and label) is inferred too.
    assert (
        only(
            df, subjectLabel="Bezirksregierung Detmold", predicate="http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
        ).objectLabel
        == "public body"
    )
    assert not (df.predicate == str(OG.website)).any()


def test_what_does_the_article_state_about_the_initiatives_without_inferences(graph):
    df = query(graph, "initiatives-stated-facts")
    assert len(df) == 30 and set(df.label) == INITIATIVES
    assert set(df.propertyLabel) == {"website", "region", "purpose"}
    assert not df.property.isin([str(OG.sector), str(OG.topic)]).any()  # both are inferred
    assert set(df[df.propertyLabel == "region"].valueLabel) == {"OstWestfalenLippe"}
    assert set(df[df.propertyLabel == "purpose"].value) == {"Erfahrungsaustausch und Zusammenarbeit von Unternehmen"}
    assert only(df, label="ZIG OWL", propertyLabel="website").value == "https://www.zig-owl.de"


def test_who_said_which_quotation(graph):
    df = query(graph, "quotations-and-speakers")
    assert len(df) == 3
    speakers = {
        text.split()[2]: (speaker, bool(inferred))
        for text, speaker, inferred in zip(df.text, df.speakerLabel, df.attributionInferred)
    }
    assert speakers == {
        "Brancheninitiativen": ("Marianne Thomann-Stahl", False),  # "Die zehn Brancheninitiativen …"
        "wollen": ("Marianne Thomann-Stahl", True),  # "Die Landtagsabgeordneten wollen …"
        "unser": ("Herbert Weber", False),  # "Beispiele wie unser Erfolg …"
    }
    weber = only(df, speakerLabel="Herbert Weber")
    assert weber.text.startswith("Beispiele wie unser Erfolg im Spitzenclusterwettbewerb")
    assert not weber.text.startswith("„")  # quotation marks are not part of the text


def test_where_are_the_places_in_nuts_and_wikidata(graph):
    df = query(graph, "places-nuts-wikidata")
    assert len(df) == 6
    bielefeld = only(df, label="Bielefeld")
    assert (bielefeld.placeType, bielefeld.nutsCode, bielefeld.containedInLabel) == (
        "city",
        "DEA41",
        "OstWestfalenLippe",
    )
    assert bielefeld.nutsRegion == "http://data.europa.eu/nuts/code/DEA41"
    assert bielefeld.wikidata == "http://www.wikidata.org/entity/Q2112"
    owl = only(df, label="OstWestfalenLippe")
    assert (owl.placeType, owl.nutsCode, owl.wikidata) == ("region", "DEA4", "http://www.wikidata.org/entity/Q7923")
    detmold = only(df, label="Detmold")
    assert pd.isna(detmold.nutsCode) and pd.isna(detmold.nutsRegion)  # a city without a NUTS code of its own
    assert detmold.containedInLabel == "Kreis Lippe"
    assert pd.isna(only(df, label="Nordrhein-Westfalen").containedInLabel)
    assert by(df, "label", "nutsCode")["Düsseldorf"] == "DEA11"


def test_how_many_organisations_of_each_type(graph):
    df = query(graph, "organisations-per-type")
    assert by(df, "typeLabel", "count") == {
        "industry network initiative": 10,
        "public body": 3,
        "company": 2,
        "group of people": 1,
        "parliament": 1,
        "research institute": 1,
    }
    assert list(df["count"]) == sorted(df["count"], reverse=True)


def test_which_topics_are_named_and_what_addresses_them(graph):
    df = query(graph, "topics-and-what-addresses-them")
    assert len(df) == 7
    assert set(df.topicLabel) == {
        "demographischer Wandel",
        "Fachkräftesicherung",
        "Energiewende",
        "Energieeffizienz",
        "IT",
        "Social Media",
    }
    social = df[df.topicLabel == "Social Media"]
    assert by(social, "addressedByLabel", "inferred") == {
        "Gemeinsame Aktivitäten der Brancheninitiativen": False,
        "Social Media OWL": True,
    }
    assert only(df, topicLabel="Energiewende").addressedByType == "quotation"
    assert only(df, topicLabel="Energieeffizienz").addressedByType == "joint activity"


def test_what_is_the_article_and_who_wrote_it(graph):
    df = query(graph, "article-metadata")
    assert len(df) == 1
    row = df.iloc[0]
    assert row.article == str(ID["source/brancheninitiativen-owl"])
    assert row.title == "Brancheninitiativen sind Treiber der Regionalentwicklung"
    assert row.authorLabel == "Peer-Michael Preß"
    assert row.publisherLabel == "Press Medien GmbH & Co. KG" and row.publisherInferred
    assert row.datelineLabel == "Bielefeld"
    assert row.sourceFile == "data/sources/brancheninitiativen-owl.txt"
    assert not any("date" in column.lower() and column != "datelineLabel" for column in df.columns)
    # The article has no publication date, and the graph invents none.
    dated = graph.query(
        "ASK { ?a a og:PressArticle . "
        "{ ?a og:date ?d } UNION { ?a schema:datePublished ?d } UNION { ?a dcterms:date ?d } "
        "UNION { ?a dcterms:issued ?d } UNION { ?a schema:dateCreated ?d } }"
    )
    assert dated.askAnswer is False


def test_which_bid_was_made_in_which_competition(graph):
    df = query(graph, "bids-and-competitions")
    assert len(df) == 1
    row = df.iloc[0]
    assert row.bidLabel == "Bewerbung der Region beim Spitzenclusterwettbewerb"
    assert (row.applicantLabel, row.competitionLabel, row.programmeLabel) == (
        "OstWestfalenLippe",
        "Spitzenclusterwettbewerb",
        "Regionalbudget",
    )


def test_what_did_the_study_find(graph):
    df = query(graph, "study-findings")
    assert len(df) == 1
    row = df.iloc[0]
    assert (row.authorLabel, row.aboutLabel) == ("Institut für Arbeit und Technik", "OstWestfalenLippe")
    assert row.finding == "OstWestfalenLippe ist bundesweit führend im Hinblick auf unternehmensgetriebene Netzwerke"


# -- the same answers on real SPARQL servers -------------------------------------------------------

GRAPHS = (DATA_GRAPH, PROVENANCE_GRAPH, ONTOLOGY_GRAPH)
REMOTE_CASES = [(name, None) for name in sorted(QUERIES)] + [
    ("evidence-for-fact", {"subject": MEETING}),
    ("evidence-for-fact", {"subject": MEETING, "predicate": OG.date}),
]


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def loaded_endpoint(request):
    """An Oxigraph server or Virtuoso 7 holding the built graph's three named graphs, asked with their merge as
    the default graph: the servers are shared by the session, and other tests leave graphs of their own there."""
    from rdflib import Graph

    server = request.getfixturevalue(f"{request.param}_server")
    built = build_graph()
    merged = Graph()
    for name in GRAPHS:
        for triple in built.graph(name):
            merged.add(triple)
    graph_iri = f"https://example.org/test-competency/{uuid.uuid4().hex}"
    server.endpoint(timeout=60.0).push(merged, graph_iri)
    yield server.endpoint(timeout=60.0, default_graph=graph_iri)
    server.endpoint().update(f"DROP SILENT GRAPH <{graph_iri}>")


@pytest.mark.remote
@pytest.mark.parametrize("name, bindings", REMOTE_CASES, ids=[n + ("-bound" * len(b or {})) for n, b in REMOTE_CASES])
def test_query_gives_the_same_answer_on_remote_servers(graph, loaded_endpoint, name, bindings):
    local = query(graph, name, bindings=bindings)
    remote = query(loaded_endpoint, name, bindings=bindings)
    pd.testing.assert_frame_equal(remote, local)
