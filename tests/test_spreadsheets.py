"""Spreadsheets as people save them: Excel's CSV variants, .xlsx workbooks, a region's own sectors, extra columns.

The German Excel folder is committed (tests/data/spreadsheets/german-excel, Windows-1252, semicolons, CRLF);
the other variants are written here from the same rows (see tests/data/README.md).
"""

import csv
import re
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, SKOS, XSD

from owlgraph.cli import main
from owlgraph.core.errors import InputFileError
from owlgraph.core.namespaces import ID, OG
from owlgraph.store.tabular import builtin_sectors, import_csv

GERMAN_EXCEL = Path(__file__).parent / "data" / "spreadsheets" / "german-excel"
EX = "https://example.org/vocab#"


def text_of(name: str) -> str:
    return (GERMAN_EXCEL / name).read_bytes().decode("cp1252")


def resave(tmp_path, *, encoding: str, separator: str, newline: str) -> Path:
    """The German Excel folder saved again with another encoding, separator and line end."""
    folder = tmp_path / f"{encoding}-{ord(separator)}"
    folder.mkdir()
    for path in GERMAN_EXCEL.glob("*.csv"):
        rows = list(csv.reader(text_of(path.name).splitlines(), delimiter=";"))
        text = "".join(separator.join(row) + newline for row in rows)
        (folder / path.name).write_bytes(text.encode(encoding))
    return folder


def imported(source, **options):
    lines: list[str] = []
    ds = import_csv(source, report=lines.append, **options)
    return ds, lines


def test_german_excel_csv_keeps_its_umlauts_and_reports_what_was_detected():
    ds, lines = imported(GERMAN_EXCEL)
    assert str(ds.value(ID["place/guetersloh"], RDFS.label)) == "Gütersloh"
    assert str(ds.value(ID["organisation/moebel-brandt"], RDFS.label)) == "Möbelwerk Brandt KG"
    assert lines == [
        f"{GERMAN_EXCEL}/sectors.csv: 1 row, Windows-1252, semicolon-separated, CRLF line ends",
        f"{GERMAN_EXCEL}/organisations.csv: 2 rows, Windows-1252, semicolon-separated, CRLF line ends",
        f"{GERMAN_EXCEL}/initiatives.csv: 1 row, UTF-8, semicolon-separated, CRLF line ends",  # ASCII only
        f"{GERMAN_EXCEL}/memberships.csv: 2 rows, UTF-8, semicolon-separated, CRLF line ends",
    ]


@pytest.mark.parametrize(
    ("encoding", "separator", "newline", "detected"),
    [
        ("utf-8-sig", ",", "\r\n", "UTF-8 with BOM, comma-separated, CRLF line ends"),  # Excel's "CSV UTF-8"
        ("utf-8", "\t", "\n", "UTF-8, tab-separated, LF line ends"),
        ("utf-8", ";", "\n", "UTF-8, semicolon-separated, LF line ends"),
    ],
)
def test_the_same_rows_saved_another_way_give_the_same_graph(tmp_path, encoding, separator, newline, detected):
    expected, _ = imported(GERMAN_EXCEL)
    ds, lines = imported(resave(tmp_path, encoding=encoding, separator=separator, newline=newline))
    assert all(line.endswith(f", {detected}") for line in lines), lines
    data = [(s, p, o) for s, p, o, g in ds.quads() if "source/" not in str(s) and "source/" not in str(o)]
    assert set(data) == {(s, p, o) for s, p, o, g in expected.quads() if (s, p, o) in set(data)}
    assert len(data) == len([q for q in expected.quads() if "source/" not in str(q[0]) + str(q[2])])
    assert (ID["organisation/moebel-brandt"], OG.basedIn, ID["place/guetersloh"]) in ds


def test_an_undecodable_byte_names_the_file_the_line_and_the_encodings_tried(tmp_path):
    # 0x81 is undefined in Windows-1252 and not UTF-8
    (tmp_path / "people.csv").write_bytes(b"id,name\r\nada,Ada\r\nbo,B\x81rbel\r\n")
    with pytest.raises(InputFileError) as err:
        import_csv(tmp_path)
    assert str(err.value) == (
        f"{tmp_path}/people.csv:3: byte 0x81 is neither UTF-8 nor Windows-1252 (tried UTF-8, Windows-1252); "
        'save it as "CSV UTF-8" and import again'
    )


def test_a_file_mixing_utf8_and_windows_1252_is_refused_not_garbled(tmp_path):
    (tmp_path / "people.csv").write_bytes("id,name\nada,Jürgen\n".encode() + "bo,Bärbel\n".encode("cp1252"))
    with pytest.raises(InputFileError) as err:
        import_csv(tmp_path)
    assert str(err.value) == (
        f"{tmp_path}/people.csv:3: byte 0xe4 is not UTF-8, but line 2 is: the file mixes encodings "
        '(tried UTF-8, Windows-1252); save it as "CSV UTF-8" and import again'
    )


def test_a_header_in_one_column_says_how_to_separate_it(tmp_path):
    (tmp_path / "people.csv").write_text("id|name\nada|Ada\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=re.escape("the header has: id|name (one column: separate the")):
        import_csv(tmp_path)


# -- .xlsx workbooks --------------------------------------------------------------------------------
def write_book(path: Path, sheets: dict[str, list[list]]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


BOOK = {
    "sectors": [["id", "label", "nace"], ["holz", "Holz- und Möbelbau", "C16"]],
    "organisations": [
        ["id", "name", "type", "sector", "city", "mitarbeiter"],
        ["moebel-brandt", "Möbelwerk Brandt KG", "Company", "holz", "Gütersloh", 120.0],  # Excel stores a float
    ],
    "initiatives": [["id", "name"], ["holz-netz", "Holznetz Weserbergland"]],
    "memberships": [
        ["organisation", "initiative", "role", "since"],
        ["moebel-brandt", "holz-netz", None, datetime(2019, 3, 1)],  # a date cell
    ],
}


@pytest.fixture(scope="session")
def book(tmp_path_factory) -> Path:
    return write_book(tmp_path_factory.mktemp("xlsx") / "netz.xlsx", BOOK)


def test_an_xlsx_workbook_loads_with_the_ontology_but_not_the_article(book):
    from owlgraph.store.loading import load_graph

    ds = load_graph(tables=book)
    brandt, membership = ID["organisation/moebel-brandt"], ID["membership/moebel-brandt--holz-netz"]
    assert str(ds.value(brandt, RDFS.label)) == "Möbelwerk Brandt KG"
    assert (brandt, OG.mitarbeiter, Literal("120")) in ds  # 120.0 as stored, 120 as written
    assert (membership, OG.memberSince, Literal("2019-03-01T00:00:00", datatype=XSD.dateTime)) in ds
    assert (brandt, OG.sector, ID["sector/holz"]) in ds
    assert (OG.Company, RDFS.label, Literal("company", lang="en")) in ds  # the ontology is there
    assert (ID["sector/it"], RDFS.label, Literal("IT")) not in ds  # a built-in sector the book does not use is not
    assert (ID["initiative/it-owl"], None, None) not in ds  # nor the article
    row = ID["source/netz-xlsx-organisations"]
    assert str(ds.value(row, RDFS.label)) == "netz.xlsx, sheet organisations"


def test_owlgraph_import_takes_a_workbook(book, tmp_path, capsys):
    code = main(["import", str(book), "--store", str(tmp_path / "store")])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert re.fullmatch(rf"stored \d+ quads in {tmp_path}/store: 1 workbook \({book}\) and the ontology\n", out)
    assert f"{book}[organisations]: 1 row, sheet of an .xlsx workbook\n" in err


def test_a_sheet_named_like_no_table_is_refused_with_the_known_names(tmp_path):
    path = write_book(tmp_path / "b.xlsx", {"organisations": BOOK["organisations"], "Tabelle1": [["x"]]})
    with pytest.raises(InputFileError) as err:
        import_csv(path)
    assert str(err.value) == (
        f"{path}: sheet 'Tabelle1' is not a table owlgraph reads; rename it to one of sectors, organisations, "
        "initiatives, memberships, people, posts, events, participants, or move it out"
    )


def test_a_csv_file_named_in_other_case_is_read_and_one_named_like_no_table_is_refused(tmp_path):
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "Organisations.csv").write_text("id,name,type\nacme,ACME GmbH,Company\n", encoding="utf-8")
    (folder / "INITIATIVES.CSV").write_text("id,name\nnetz,Netzwerk Nord\n", encoding="utf-8")
    (folder / "memberships.csv").write_text("organisation,initiative\nacme,netz\n", encoding="utf-8")
    rows = import_csv(folder).query("SELECT ?o ?i WHERE { ?o og:memberOf ?i }")
    assert [(str(r.o).rsplit("/", 1)[-1], str(r.i).rsplit("/", 1)[-1]) for r in rows] == [("acme", "netz")]

    (folder / "Mitgliedschaften.csv").write_text("organisation,initiative\nacme,netz\n", encoding="utf-8")
    with pytest.raises(InputFileError) as err:
        import_csv(folder)
    assert str(err.value) == (
        f"{folder}: file 'Mitgliedschaften.csv' is not a table owlgraph reads; rename it to one of sectors.csv, "
        "organisations.csv, initiatives.csv, memberships.csv, people.csv, posts.csv, events.csv, participants.csv, "
        "or move it out"
    )
    (folder / "Mitgliedschaften.csv").rename(folder / "membership.csv")
    with pytest.raises(
        InputFileError,
        match=r"file 'membership.csv' is not a table owlgraph reads \(did you mean 'memberships.csv'\?\)",
    ):
        import_csv(folder)
    (folder / "membership.csv").rename(folder / "Memberships.csv")
    with pytest.raises(
        InputFileError,
        match=r"files 'Memberships.csv' and 'memberships.csv' are both the table 'memberships.csv'; keep one",
    ):
        import_csv(folder)


def test_a_bad_cell_in_a_workbook_names_sheet_and_row(tmp_path):
    path = write_book(tmp_path / "b.xlsx", {"organisations": [["id", "name", "type"], ["a", "A", "Bakery"]]})
    with pytest.raises(InputFileError, match=re.escape(f"{path}[organisations]:2: column 'type': unknown")):
        import_csv(path)


# -- a region's own sectors -------------------------------------------------------------------------
def test_own_sectors_sit_beside_the_built_in_ones():
    ds, _ = imported(GERMAN_EXCEL)
    holz = ID["sector/holz"]
    assert str(ds.value(holz, RDFS.label)) == "Holz- und Möbelbau"
    assert (holz, OG.naceCode, Literal("C16")) in ds and (holz, SKOS.inScheme, OG.SectorScheme) in ds
    assert (ID["initiative/holz-netz"], OG.sector, holz) in ds
    assert (ID["organisation/softlab"], OG.sector, ID["sector/it"]) in ds  # built in


def test_an_unknown_sector_points_to_sectors_csv(tmp_path):
    (tmp_path / "initiatives.csv").write_text("id,name,sector\nx,X,forst\n", encoding="utf-8")
    with pytest.raises(InputFileError) as err:
        import_csv(tmp_path)
    assert str(err.value) == (
        f"{tmp_path}/initiatives.csv:2: column 'sector': unknown sector 'forst'; use one of: "
        + ", ".join(builtin_sectors())
        + ", or add it to sectors.csv"
    )


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("it,Informatik,J62", "column 'id': sector 'it' is built in; refer to it directly or choose another id"),
        ("holz,Holz,16", "column 'nace': invalid NACE code '16'; use a NACE Rev. 2 code such as C28, C22.2 or M72.11"),
    ],
)
def test_a_sector_row_that_cannot_be_one_is_refused(tmp_path, row, message):
    (tmp_path / "sectors.csv").write_text(f"id,label,nace\n{row}\n", encoding="utf-8")
    with pytest.raises(InputFileError) as err:
        import_csv(tmp_path)
    assert str(err.value) == f"{tmp_path}/sectors.csv:2: {message}"


def test_the_packaged_sector_table_is_the_reference_data():
    from owlgraph.curation.facts import read_facts

    facts = read_facts()
    labels = {e.id: e.label for e in facts.entities if e.type == "Sector"}
    codes = {f.subject: f.value for f in facts.facts if f.prop == "naceCode"}
    assert builtin_sectors() == {s: (labels[s], codes[s]) for s in labels}


# -- extra columns ----------------------------------------------------------------------------------
def test_a_birth_date_is_not_mistaken_for_a_phone_number(tmp_path):
    (tmp_path / "people.csv").write_text("id,name,geboren\nada,Ada,1815-12-10\n", encoding="utf-8")
    ds, _ = imported(tmp_path)
    assert (ID["person/ada"], OG.geboren, Literal("1815-12-10")) in ds


def test_extra_columns_become_literals_in_og_or_a_namespace_given():
    ds, _ = imported(GERMAN_EXCEL)
    assert (ID["organisation/moebel-brandt"], OG.mitarbeiter, Literal("120")) in ds
    assert ds.value(ID["organisation/softlab"], OG.mitarbeiter) is None  # an empty cell says nothing
    ds, _ = imported(GERMAN_EXCEL, extra_namespace=EX)
    assert (ID["organisation/moebel-brandt"], URIRef(EX + "mitarbeiter"), Literal("120")) in ds


def test_imported_data_with_extra_columns_still_validates():
    from owlgraph.curation.validate import validate_graph

    ds, _ = imported(GERMAN_EXCEL)
    assert validate_graph(ds) == []


@pytest.mark.parametrize(
    ("file", "header", "row", "message"),
    [
        (
            "people.csv",
            "id,name,Anzahl Kinder",
            "ada,Ada,2",
            "1: column 'Anzahl Kinder': an extra column becomes a property, but this name cannot be one; rename it "
            "to letters, digits, '_' or '-', starting with a letter (e.g. anzahl_kinder)",
        ),
        (
            "people.csv",
            "id,name,memberOf",
            "ada,Ada,x",
            "1: column 'memberOf': an extra column in og: would reuse this ontology term; rename it or give an "
            "extra namespace",
        ),
        (
            "posts.csv",
            "person,organisation,title,durchwahl",
            "ada,acme,Chefin,0521 123 45 67",
            "2: column 'durchwahl': looks like an e-mail address or phone number; personal contact data is not "
            "published, remove it",
        ),
        (
            "people.csv",
            "id,name,kontakt",
            "ada,Ada,ada@example.org",
            "2: column 'kontakt': looks like an e-mail address or phone number; personal contact data is not "
            "published, remove it",
        ),
    ],
)
def test_an_extra_column_that_cannot_be_kept_is_refused(tmp_path, file, header, row, message):
    (tmp_path / "organisations.csv").write_text("id,name,type\nacme,ACME,Company\n", encoding="utf-8")
    (tmp_path / "people.csv").write_text("id,name\nada,Ada\n", encoding="utf-8")
    (tmp_path / file).write_text(f"{header}\n{row}\n", encoding="utf-8")
    with pytest.raises(InputFileError) as err:
        import_csv(tmp_path)
    assert str(err.value) == f"{tmp_path}/{file}:{message}"


def test_an_extra_column_on_participants_has_nowhere_to_go(tmp_path):
    shutil.copy(GERMAN_EXCEL / "organisations.csv", tmp_path)
    (tmp_path / "events.csv").write_text("id,name\nmesse,Messe\n", encoding="utf-8")
    (tmp_path / "participants.csv").write_text("event,agent,stand\nmesse,softlab,B4\n", encoding="utf-8")
    (tmp_path / "sectors.csv").write_bytes((GERMAN_EXCEL / "sectors.csv").read_bytes())
    with pytest.raises(InputFileError) as err:
        import_csv(tmp_path)
    assert str(err.value) == (
        f"{tmp_path}/participants.csv:1: column 'stand': extra column in participants, which takes only event, "
        "agent; remove it"
    )


def test_an_extra_namespace_that_is_not_one_is_refused(tmp_path, capsys):
    code = main(["import", str(GERMAN_EXCEL), "--store", str(tmp_path / "s"), "--extra-namespace", "vocab"])
    out, err = capsys.readouterr()
    assert code != 0 and out == ""
    assert err == (
        "owlgraph: error: extra namespace 'vocab' is not a namespace IRI; give an absolute http(s) IRI ending "
        "in / or #, e.g. https://example.org/vocab#\n"
    )
    assert not (tmp_path / "s").exists()


def test_a_large_import_converting_in_a_child_process_reports_each_file_too(monkeypatch):
    import pyoxigraph as ox

    from owlgraph.store import tabular

    monkeypatch.setattr(tabular, "PIPELINE_BYTES", 0)  # as for a folder of more than 4 MB
    lines: list[str] = []
    tabular.load_csv(GERMAN_EXCEL, ox.Store(), fresh=True, report=lines.append)
    assert lines == imported(GERMAN_EXCEL)[1]
    assert len(lines) == 4


def test_a_standard_column_in_other_case_is_that_column(tmp_path):
    (tmp_path / "organisations.csv").write_text("ID,Name,Type,Sector,City\nacme,ACME,Company,it,Minden\n")
    ds = import_csv(tmp_path)
    assert ds.value(ID["organisation/acme"], OG.sector) == ID["sector/it"]
    assert ds.value(ID["organisation/acme"], OG.basedIn) == ID["place/minden"]
    assert (ID["organisation/acme"], OG.Sector, None) not in ds  # not an extra column


def test_an_extra_column_named_unlike_any_missing_one_is_still_kept(tmp_path):
    (tmp_path / "organisations.csv").write_text("id,name,type,Sektoren\nacme,ACME,Company,drei\n")
    ds = import_csv(tmp_path)
    assert str(ds.value(ID["organisation/acme"], OG.Sektoren)) == "drei"


def test_a_misspelt_column_in_a_workbook_names_the_sheet(tmp_path):
    path = write_book(tmp_path / "b.xlsx", {"people": [["id", "name"]], "posts": [["person", "organisation", "titel"]]})
    with pytest.raises(InputFileError) as err:
        import_csv(path)
    assert str(err.value) == (
        f"{path}[posts]:1: column 'titel': not one of the columns of posts, and 'title' is missing: did you mean "
        "'title'? Rename it (an extra column is kept as an attribute only when its name is not this close to a "
        "known column's)"
    )


def test_a_cell_right_of_the_header_in_a_workbook_is_refused(tmp_path):
    path = write_book(tmp_path / "b.xlsx", {"people": [["id", "name"], ["ada", "Ada", None, "Zusatz"]]})
    with pytest.raises(InputFileError) as err:
        import_csv(path)
    assert str(err.value) == (
        f"{path}[people]:2: 4 values but the header names 2 columns; name the extra column in the header row or "
        "empty the cell"
    )


def test_missing_and_empty_trailing_values_are_empty_values(tmp_path):
    (tmp_path / "organisations.csv").write_text("id,name,type,city\nacme,ACME,Company\nbeta,Beta,Company,,\n")
    ds = import_csv(tmp_path)
    assert {str(ds.value(ID[f"organisation/{o}"], RDFS.label)) for o in ("acme", "beta")} == {"ACME", "Beta"}
    assert ds.value(ID["organisation/acme"], OG.basedIn) is None
    (tmp_path / "organisations.csv").write_text("id,name,type\nacme,ACME\n")
    with pytest.raises(InputFileError) as err:
        import_csv(tmp_path)
    assert str(err.value) == f"{tmp_path}/organisations.csv:2: column 'type': empty value; every row needs a type"


def test_a_byte_order_mark_then_windows_1252_is_a_mix_of_encodings(tmp_path):
    (tmp_path / "people.csv").write_bytes(b"\xef\xbb\xbfid,name\r\nbo,B\xe4rbel\r\n")
    with pytest.raises(InputFileError) as err:
        import_csv(tmp_path)
    assert str(err.value) == (
        f"{tmp_path}/people.csv:2: byte 0xe4 is not UTF-8, but the file starts with UTF-8's byte-order mark: the "
        'file mixes encodings (tried UTF-8, Windows-1252); save it as "CSV UTF-8" and import again'
    )


def test_a_quote_left_open_in_the_last_row_is_refused_too(tmp_path):
    (tmp_path / "people.csv").write_text('id,name\nada,Ada\nbo,"Bo', encoding="utf-8")
    with pytest.raises(InputFileError, match=re.escape("people.csv:3: a quoted value opens in this row")):
        import_csv(tmp_path)
