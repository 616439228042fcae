"""A new user's own data, end to end (issue 13): nothing of the article creeps in, the ontology is always there.

tests/data/own/members/ is a made-up member list of the Weserbergland (four organisations, two
initiatives, five memberships; built-in sectors ``maschinenbau`` and ``it``), tests/data/own/werkstatt.ttl
a made-up workshop network in owlgraph's own og: terms (two initiatives with built-in sectors, three
companies, a research institute). Neither shares an id or a name with the article. Each test runs
``owlgraph.cli.main`` in-process, as a user at the command line would.

Run: .venv/bin/python -m pytest tests/test_own_data.py -q
"""

import csv
import json
from pathlib import Path

import pytest

from owlgraph.cli import main
from owlgraph.curation.facts import read_facts

OWN = Path(__file__).parent / "data" / "own"
MEMBERS, WERKSTATT = OWN / "members", OWN / "werkstatt.ttl"


def run(argv, capsys) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``owlgraph ARGV``."""
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def article():
    """The article's entities: ids and labels, to look for in a user's outputs."""
    entities = read_facts().entities
    return {e.id for e in entities}, {e.label for e in entities}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """``owlgraph import tests/data/own/members --store DIR``: the user's member list, nothing else."""
    target = tmp_path_factory.mktemp("own") / "store"
    assert main(["import", str(MEMBERS), "--store", str(target), "--no-progress"]) == 0
    return target


def test_importing_my_member_list_stores_it_with_the_ontology_and_not_the_article(tmp_path, capsys):
    code, out, err = run(["import", MEMBERS, "--store", tmp_path / "s", "--no-progress"], capsys)
    assert code == 0 and err == ""
    assert out.endswith(f": 1 CSV folder ({MEMBERS}) and the ontology\n")
    assert "built-in graph" not in out


def test_stats_on_my_member_list_count_only_my_organisations(store, capsys):
    code, out, _ = run(["stats", "--store", store, "--json"], capsys)
    stats = json.loads(out)
    assert code == 0
    assert stats["classes"]["og:Initiative"] == len(rows(MEMBERS / "initiatives.csv"))
    assert stats["classes"]["og:Organisation"] == len(rows(MEMBERS / "organisations.csv"))
    assert stats["classes"]["og:Sector"] == 2  # the two built-in sectors the list uses, not all eight
    assert stats["facts"] == {"stated": 0, "inferred": 0}  # the article's evidence is not there
    assert not any(c.startswith("owl:") for c in stats["classes"])  # the ontology is not counted as data
    assert 0 < stats["ontology_triples"] < stats["triples"]


def test_my_networks_have_no_organisation_of_the_article(store, article, tmp_path, capsys):
    ids, labels = article
    for kind in ("cooperation", "full"):
        out = tmp_path / kind
        assert run(["network", "--store", store, "--kind", kind, "--format", "csv", "-o", out], capsys)[0] == 0
        nodes = rows(out / "nodes.csv")
        assert not {n["Label"] for n in nodes} & (labels - {"IT", "Maschinenbau"})  # sectors are vocabulary
        assert not {n["Id"].rsplit("/", 1)[-1] for n in nodes if "/sector/" not in n["Id"]} & ids
    coop = {n["Label"]: n["sector"] for n in rows(tmp_path / "cooperation" / "nodes.csv")}
    assert coop["Digitalforum Weserbergland"] == "IT"  # the built-in sector, named by its label
    full = rows(tmp_path / "full" / "nodes.csv")
    assert {"Wesertal Antriebe GmbH", "Digitalforum Weserbergland", "Maschinenbau", "IT"} <= {n["Label"] for n in full}
    assert "Energie" not in {n["Label"] for n in full}  # a built-in sector the list does not use is no isolated node
    assert not any(n["Id"].startswith("https://w3id.org/owlgraph/ontology") for n in full)


def test_my_imported_member_list_conforms_to_the_shapes(store, capsys):
    assert run(["validate", "--store", store], capsys)[:2] == (0, "valid: the graph conforms to ontology/shapes.ttl\n")


def test_a_membership_in_an_article_initiative_is_refused_with_file_line_and_what_to_do(tmp_path, capsys):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "organisations.csv").write_bytes((MEMBERS / "organisations.csv").read_bytes())
    (folder / "memberships.csv").write_text("organisation,initiative\nith-software,zig-owl\n", encoding="utf-8")
    code, out, err = run(["import", folder, "--store", tmp_path / "s", "--no-progress"], capsys)
    assert code == 2 and out == "" and not (tmp_path / "s").exists()
    assert err.splitlines()[-1] == (
        f"owlgraph: error: {folder / 'memberships.csv'}:2: column 'initiative': unknown initiative 'zig-owl': "
        "only owlgraph's built-in article defines it, and tables refer to their own rows; "
        "add a row for it to initiatives.csv or fix the id"
    )


def test_facts_built_in_adds_the_article_to_my_member_list_when_i_ask_for_it(tmp_path, capsys):
    code, out, _ = run(["import", MEMBERS, "--store", tmp_path / "s", "--facts", "built-in", "--no-progress"], capsys)
    assert code == 0 and ": the built-in graph, 1 CSV folder" in out
    stats = json.loads(run(["stats", "--store", tmp_path / "s", "--json"], capsys)[1])
    assert stats["classes"]["og:Initiative"] == 10 + len(rows(MEMBERS / "initiatives.csv"))


def test_my_og_file_counts_organisations_per_type_with_the_ontologys_class_labels(capsys):
    code, out, err = run(["query", "organisations-per-type", "--data", WERKSTATT, "--format", "csv"], capsys)
    assert code == 0 and err == ""
    found = {(r["typeLabel"], r["count"]) for r in csv.DictReader(out.splitlines())}
    assert found == {("company", "3"), ("industry network initiative", "2"), ("research institute", "1")}


def test_my_og_file_names_the_built_in_sectors_it_refers_to(capsys):
    code, out, _ = run(["query", "initiative-sectors", "--data", WERKSTATT, "--format", "csv"], capsys)
    assert code == 0
    found = {(r["initiativeLabel"], r["sectorLabel"], r["naceCode"]) for r in csv.DictReader(out.splitlines())}
    assert found == {("Holzring Vogler", "Maschinenbau", "C28"), ("Kunststoffkreis Vogler", "Kunststoffe", "C22.2")}


def test_an_empty_file_is_an_empty_network_not_the_ontology(tmp_path, capsys):
    empty = tmp_path / "empty.ttl"
    empty.write_text("", encoding="utf-8")
    code, out, err = run(
        ["network", "--data", empty, "--kind", "full", "--format", "gexf", "-o", tmp_path / "n.gexf"], capsys
    )
    assert code == 9 and out == ""
    assert len(err.splitlines()) == 1 and err.startswith("owlgraph: error: no resources found")
    assert not (tmp_path / "n.gexf").exists()


def test_without_data_the_article_is_there(capsys):
    code, out, _ = run(["stats", "--json"], capsys)
    assert code == 0 and json.loads(out)["classes"]["og:Initiative"] == 10


@pytest.mark.parametrize("command", [["validate"], ["stats"], ["export", "-f", "turtle", "-o", "mine.ttl"]])
@pytest.mark.parametrize("text", ["", "@prefix schema: <https://schema.org/> .\n# nothing yet\n"])
def test_validate_stats_and_export_on_a_file_without_statements_say_so_with_exit_9(tmp_path, capsys, command, text):
    empty = tmp_path / "empty.ttl"
    empty.write_text(text, encoding="utf-8")
    code, out, err = run(
        [*command[:1], "--data", empty, *[tmp_path / a if a.endswith(".ttl") else a for a in command[1:]]], capsys
    )
    assert (code, out) == (9, "")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.ttl"]  # nothing written
    assert err == (
        f"owlgraph: error: no statements found in {empty} besides owlgraph's ontology; check that the file holds "
        "your triples (and that its suffix names its format), or leave out --data to use the built-in article\n"
    )


def test_stats_on_my_file_with_statements_still_counts_them(capsys):
    code, out, _ = run(["stats", "--data", WERKSTATT, "--json"], capsys)
    assert code == 0 and json.loads(out)["classes"]["og:Company"] == 3


SCHEMA_EVENT = """@prefix schema: <https://schema.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://example.org/hoexter/werkschau> a schema:Event ; schema:name "Werkschau Höxter" ;
    schema:startDate {date} .
"""


@pytest.mark.parametrize("date", ['"2024-05-14"^^xsd:date', '"2024-05-14T09:30:00"^^xsd:dateTime'])
def test_a_schema_org_date_or_datetime_start_date_is_valid(tmp_path, capsys, date):
    mine = tmp_path / "event.ttl"
    mine.write_text(SCHEMA_EVENT.replace("{date}", date), encoding="utf-8")
    assert run(["validate", "--data", mine], capsys)[:2] == (0, "valid: the graph conforms to ontology/shapes.ttl\n")


def test_a_start_date_as_plain_text_is_refused_naming_the_resource_and_property(tmp_path, capsys):
    mine = tmp_path / "event.ttl"
    mine.write_text(SCHEMA_EVENT.replace("{date}", '"14. Mai"'), encoding="utf-8")
    code, out, err = run(["validate", "--data", mine], capsys)
    assert code != 0 and out == ""
    assert err.splitlines()[1:] == [
        "owlgraph: error: <https://example.org/hoexter/werkschau>: schema:startDate: schema:startDate is a schema.org "
        "Date or DateTime: a typed xsd:date (2024-05-14) or xsd:dateTime; a date without a year belongs in og:date "
        "[OrConstraintComponent]"
    ]


def test_the_facts_format_example_in_the_docs_validates(tmp_path, capsys):
    docs = (Path(__file__).parent.parent / "docs" / "facts.md").read_text(encoding="utf-8")
    example = docs.split("```yaml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "facts").mkdir()
    (tmp_path / "sources").mkdir()
    (tmp_path / "facts" / "mine.yaml").write_text(example, encoding="utf-8")
    (tmp_path / "sources" / "my-report.txt").write_text(
        "Title of the report\n\nACME ist Mitglied im Holzcluster, und die ACME GmbH (acme.example) "
        "zeigt ihre Arbeit.\nACME (acme.example)\n",
        encoding="utf-8",
    )
    code, out, err = run(["validate", "--facts", tmp_path / "facts" / "mine.yaml"], capsys)
    assert (code, err) == (0, "")
    assert out == "valid: the graph conforms to ontology/shapes.ttl\n"
