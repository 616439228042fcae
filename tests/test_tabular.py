"""Tests of owlgraph.store.tabular: CSV rows to RDF, provenance, one-line errors (tiny CSVs written here)."""

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from owlgraph.core.errors import InputFileError
from owlgraph.core.namespaces import ID, OA, OG, ORG, SDO
from owlgraph.curation.build import PROVENANCE_GRAPH
from owlgraph.network.builders import cooperation_network
from owlgraph.sparql.queries import query
from owlgraph.store.builtins import SECTORS_SOURCE
from owlgraph.store.loading import load_graph
from owlgraph.store.tabular import import_csv, write_ntriples

ORGS = (
    'id,name,type,sector,city,website\nacme,"ACME, ""die"" GmbH",Company,it,Bielefeld,https://acme.example\n'
    'uni,"Uni\nBielefeld",ResearchInstitute,,Bielefeld,\n'
)
INIS = "id,name,sector,website\nit-owl,IT OWL,it,https://it-owl.example\n"
MEMS = "organisation,initiative,role,since\nacme,it-owl,Vorstand,2020-02-29\nuni,it-owl,,\n"


def write(folder, **files):
    for name, text in files.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def folder(tmp_path):
    return write(
        tmp_path,
        organisations=ORGS,
        initiatives=INIS,
        memberships=MEMS,
        people="id,name\nada,Ada Ärger\n",
        posts="person,organisation,title\nada,acme,Geschäftsführerin\n",
        events="id,name,date,organizer\ntreffen,Treffen,2021-05-01,it-owl\n",
        participants="event,agent\ntreffen,acme\ntreffen,uni\n",
    )


def test_an_organisation_row_becomes_typed_labelled_statements(folder):
    ds = import_csv(folder)
    acme = ID["organisation/acme"]
    assert (acme, RDF.type, OG.Company) in ds and (acme, RDF.type, SDO.Organization) in ds
    assert str(ds.value(acme, RDFS.label)) == 'ACME, "die" GmbH'
    assert (acme, OG.sector, ID["sector/it"]) in ds
    assert (acme, OG.website, URIRef("https://acme.example")) in ds
    assert (acme, OG.basedIn, ID["place/bielefeld"]) in ds
    m = ID["membership/acme--it-owl"]
    assert (m, OG.member, acme) in ds and (m, OG.membershipIn, ID["initiative/it-owl"]) in ds
    # OWL 2 has no xsd:date: a day is an xsd:dateTime at its start (docs/decisions, 16)
    assert (m, OG.memberSince, Literal("2020-02-29T00:00:00", datatype=XSD.dateTime)) in ds
    assert (m, OG.roleName, Literal("Vorstand")) in ds
    assert (ID["organisation/uni"], OG.memberOf, ID["initiative/it-owl"]) in ds  # no role, no date: no node
    assert ID["membership/uni--it-owl"] not in set(ds.subjects())


def test_core_materialises_owlgraph_and_schema_types_only(folder):
    ds = import_csv(folder)
    acme = ID["organisation/acme"]
    assert {o for o in ds.objects(acme, RDF.type)} == {OG.Company, OG.Organisation, SDO.Organization}
    assert (acme, ORG.classification, ID["sector/it"]) not in ds  # entailed by rdfs:subPropertyOf, not written
    full = import_csv(folder, materialise="all")
    assert (acme, ORG.classification, ID["sector/it"]) in full and (acme, RDF.type, ORG.FormalOrganization) in full
    bare = import_csv(folder, materialise="none")
    assert set(bare.objects(acme, RDF.type)) == {OG.Company}


def test_newlines_and_non_ascii_survive(folder):
    ds = import_csv(folder)
    assert str(ds.value(ID["organisation/uni"], RDFS.label)) == "Uni\nBielefeld"
    assert str(ds.value(ID["person/ada"], RDFS.label)) == "Ada Ärger"
    text = write_ntriples(folder, folder / "out.nt") and (folder / "out.nt").read_text(encoding="utf-8")
    assert '"Uni\\nBielefeld"' in text and "Ärger" in text


def test_provenance_names_file_row_and_row_text(folder):
    ds = import_csv(folder)
    rows = list(
        ds.query("""SELECT ?file ?row ?exact WHERE {
        ?row rdf:subject <https://w3id.org/owlgraph/id/membership/acme--it-owl> ; oa:exact ?exact .
        ?src og:sourceFile ?file . FILTER(STRSTARTS(STR(?row), CONCAT(STR(?src), "#row="))) }""")
    )
    assert [(str(f), str(r).rsplit("/", 1)[1], str(x)) for f, r, x in rows] == [
        ("memberships.csv", "memberships-csv#row=2", "acme,it-owl,Vorstand,2020-02-29")
    ]
    multi = ds.value(predicate=OA.exact, object=Literal('uni,"Uni\nBielefeld",ResearchInstitute,,Bielefeld,'))
    assert multi is not None


def test_rows_are_numbered_as_rfc_7111_records_and_errors_as_lines(folder):
    write(folder, organisations=ORGS + "later,Later AG,Company,,,\n")  # after a record that spans two lines
    ds = import_csv(folder)
    later = ID["organisation/later"]
    assert set(ds.subjects(RDF.subject, later)) == {URIRef(str(ID["source/organisations-csv"]) + "#row=4")}
    write(folder, organisations=ORGS + "later,Later AG,Spaceship,,,\n")
    with pytest.raises(InputFileError, match=r"/organisations.csv:5: column 'type'"):
        import_csv(folder)


def test_reference_provenance_links_rows_without_copying_them(folder):
    ds = import_csv(folder, provenance="reference")
    row = lambda file, n: URIRef(f"{ID}source/{file}-csv#row={n}")  # noqa: E731
    assert set(ds.subjects(RDF.subject, ID["organisation/acme"])) == {row("organisations", 2)}
    assert set(ds.subjects(RDF.subject, ID["event/treffen"])) == {
        row("events", 2),
        row("participants", 2),
        row("participants", 3),
    }
    # no row text of the import (the built-in sector IT the folder uses keeps its packaged row in graph:vocabulary)
    assert not list(ds.graph(PROVENANCE_GRAPH).triples((None, OA.exact, None)))
    assert not [r for r in ds.subjects(OA.exact, None) if not str(r).startswith(str(SECTORS_SOURCE))]


def test_quote_provenance_is_a_web_annotation(folder):
    ds = import_csv(folder, provenance="quote")
    rows = list(
        ds.query("""SELECT ?row ?exact WHERE {
        ?e a og:Evidence ; rdf:subject <https://w3id.org/owlgraph/id/organisation/uni> ;
           og:sourceRow ?row ; oa:hasTarget/oa:hasSelector/oa:exact ?exact }""")
    )
    assert sorted((int(r), str(x)) for r, x in rows) == [
        (3, 'uni,"Uni\nBielefeld",ResearchInstitute,,Bielefeld,'),
        (3, "uni,it-owl,,"),
    ]  # its row and its membership row


def test_counts_match_the_lines_written(folder):
    for provenance in ("row", "reference", "quote", "statement"):
        n = write_ntriples(folder, folder / "out.nt", provenance=provenance)
        assert n == len((folder / "out.nt").read_text(encoding="utf-8").splitlines())


def test_statement_provenance_reifies_each_statement(folder):
    ds = import_csv(folder, provenance="statement")
    df = query(ds, "people-and-posts")
    assert df.personLabel.tolist() == ["Ada Ärger"] and not df.postInInferred.item()


def test_imported_data_answers_competency_queries(folder):
    def per_type(ds):
        df = query(ds, "organisations-per-type")
        return dict(zip(df.typeLabel, df["count"]))

    before = per_type(load_graph())
    ds = import_csv(folder, store=load_graph())  # together with the built-in article graph and ontology
    after = per_type(ds)
    assert after["company"] == before.get("company", 0) + 1
    assert after["research institute"] == before.get("research institute", 0) + 1
    coop = cooperation_network(ds, evidence=False)
    assert coop.has_edge(str(ID["organisation/acme"]), str(ID["organisation/uni"]))  # same event
    assert coop.has_edge(str(ID["organisation/acme"]), str(ID["initiative/it-owl"]))  # membership


@pytest.mark.parametrize(
    "files, message",
    [
        (
            {"memberships": "organisation,initiative\nacme,nope\n"},
            "memberships.csv:2: column 'initiative': unknown initiative 'nope'",
        ),
        ({"organisations": ORGS + "acme,Again,Company,,,\n"}, "organisations.csv:5: column 'id': duplicate id 'acme'"),
        (
            {"organisations": "id,name,type,website\nx,X,Company,ftp://x.example\n"},
            "organisations.csv:2: column 'website': invalid URL 'ftp://x.example'",
        ),
        (
            {"memberships": "organisation,initiative,since\nacme,it-owl,2021-02-30\n"},
            "memberships.csv:2: column 'since': impossible date '2021-02-30'",
        ),
        ({"people": "id,fullname\nada,Ada\n"}, "people.csv:1: missing required column 'name'"),
        (
            {"organisations": "id,name,type\nx,X,Spaceship\n"},
            "organisations.csv:2: column 'type': unknown organisation type",
        ),
    ],
)
def test_each_error_names_file_row_and_column(folder, files, message):
    write(folder, **files)
    with pytest.raises(InputFileError) as info:
        import_csv(folder)
    assert str(info.value).startswith(f"{folder}/{message}")  # the folder too: several may be imported at once
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("provenance", ["row", "reference", "quote", "statement"])
def test_imported_rows_pass_the_same_shapes_as_the_article_graph(folder, provenance):
    from owlgraph.curation.validate import validate_graph

    assert validate_graph(load_graph(tables=folder, provenance=provenance)) == []


def test_a_statement_without_any_evidence_still_fails_the_shapes(folder):
    from owlgraph.curation.validate import validate_graph

    ds = load_graph(tables=folder, facts=True)  # with the article, asked for: its evidence is broken below
    ds.graph(URIRef("https://w3id.org/owlgraph/graph/data")).add(
        (ID["organisation/acme"], OG.memberOf, ID["initiative/it-owl"])
    )  # fine: acme's row backs statements about acme
    ds.graph(URIRef("https://w3id.org/owlgraph/graph/data")).add(
        (ID["initiative/nowhere"], RDFS.label, Literal("Nowhere"))
    )
    ds.graph(URIRef("https://w3id.org/owlgraph/graph/data")).add(
        (ID["initiative/nowhere"], OG.memberOf, ID["initiative/it-owl"])
    )
    # and evidence for one statement that lost its object (in the article's provenance) is broken evidence, not
    # evidence for a whole resource
    provenance = ds.graph(URIRef("https://w3id.org/owlgraph/graph/provenance"))
    broken = sorted(provenance.subjects(RDF.type, OG.Evidence))[0]
    provenance.remove((broken, RDF.object, None))
    problems = validate_graph(ds)
    evidence_problems = [line for line in problems if line.startswith(f"<{broken}>")]
    assert evidence_problems == [
        f"<{broken}>: evidence for one statement names exactly one subject, predicate and "
        "object [OrConstraintComponent]"
    ]
    statements = [line for line in problems if line not in evidence_problems]
    assert any("Nowhere" in line and "ontology#memberOf" in line and "has no evidence" in line for line in statements)
    assert not any("ACME" in line for line in statements)


BAD_PARTICIPANT = "event,agent\ntreffen,acme\ntreffen,nobody\n"  # the last file read


@pytest.fixture
def pipelined(monkeypatch):
    """Tiny folders go through the child process too (normally only folders over PIPELINE_BYTES do)."""
    from owlgraph.store import tabular

    monkeypatch.setattr(tabular, "PIPELINE_BYTES", 0)


def test_the_pipelined_import_loads_the_same_quads(folder, monkeypatch, pipelined, tmp_path):
    import pyoxigraph as ox

    from owlgraph.store import tabular

    monkeypatch.setattr(tabular, "CHUNK_LINES", 5)  # several data files, loaded while the child converts the next
    monkeypatch.setattr(tabular, "DISK_CHUNK_LINES", 5)  # several N-Quads files of both graphs, on disk
    for provenance in ("row", "statement"):
        checked_first, pipelined, nquads = ox.Store(), ox.Store(), ox.Store()
        on_disk = ox.Store(str(tmp_path / f"store-{provenance}"))
        n = tabular.load_csv(folder, checked_first, provenance=provenance)
        assert tabular.load_csv(folder, pipelined, provenance=provenance, fresh=True) == n == len(pipelined)
        assert tabular.load_csv(folder, on_disk, provenance=provenance, fresh=True, on_disk=True) == n == len(on_disk)
        tabular.write_nquads(folder, folder / "out.nq", provenance=provenance)
        nquads.bulk_load(path=str(folder / "out.nq"), format=ox.RdfFormat.N_QUADS)
        assert set(pipelined) == set(checked_first) == set(nquads) == set(on_disk)


def test_the_progress_bar_counts_rows_in_both_imports(folder, capsys, pipelined):
    load_graph(tables=folder, progress=True)
    assert "import rows: 10 rows" in capsys.readouterr().err
    import_csv(folder, store=load_graph(), progress=True)
    assert "import rows: 10 rows" in capsys.readouterr().err


def test_a_bad_row_leaves_the_store_at_path_as_it_was_and_no_files_behind(
    folder, tmp_path_factory, monkeypatch, pipelined
):
    import gc
    import tempfile

    from owlgraph.store.embedded import open_store, to_oxigraph

    scratch, stores = tmp_path_factory.mktemp("scratch"), tmp_path_factory.mktemp("stores")
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    ds = load_graph(tables=folder, path=stores / "store")
    before = set(to_oxigraph(ds))
    del ds
    gc.collect()  # closes the store
    write(folder, participants=BAD_PARTICIPANT)
    with pytest.raises(InputFileError) as pipelined:
        load_graph(tables=folder, path=stores / "store")
    with pytest.raises(InputFileError) as checked_first:
        import_csv(folder, store=load_graph())
    assert str(pipelined.value) == str(checked_first.value)
    assert "/participants.csv:3: column 'agent': unknown organisation or initiative" in str(pipelined.value)
    assert "\n" not in str(pipelined.value)
    assert set(to_oxigraph(open_store(stores / "store"))) == before
    assert not list(scratch.iterdir()) and [p.name for p in stores.iterdir()] == ["store"]


def test_a_bad_row_leaves_a_store_the_caller_holds_unchanged(folder):
    from owlgraph.store.embedded import triple_count

    ds = load_graph()
    before = triple_count(ds)
    write(folder, participants=BAD_PARTICIPANT)
    with pytest.raises(InputFileError, match=r"/participants.csv:3: column 'agent'"):
        import_csv(folder, store=ds)
    assert triple_count(ds) == before
