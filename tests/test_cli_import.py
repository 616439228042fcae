"""A user's questions about CSV import and persisted stores, answered by the real command line.

``owlgraph synthetic`` writes CSV folders, ``owlgraph import`` puts them into a store on disk,
and every reading command takes ``--store DIR`` instead of building the graph. Each test runs
``owlgraph.cli.main`` in-process; the stores are small (a few hundred organisations at most).
"""

import csv
import json
import re
import shutil
import signal
import subprocess
import sys
from collections import Counter

import pytest

from owlgraph.cli import main, make_parser
from owlgraph.sparql.server import free_port, serve
from owlgraph.store import synthetic


def run(argv, capsys) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``owlgraph ARGV``."""
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:  # argparse rejected an option
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def files_under(folder) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def per_type(csv_text: str) -> Counter:
    return Counter({row["type"].rsplit("#", 1)[-1]: int(row["count"]) for row in csv.DictReader(csv_text.splitlines())})


@pytest.fixture(scope="module")
def researcher(tmp_path_factory):
    """300 synthetic organisations, imported into a store: what the README walks a researcher through."""
    home = tmp_path_factory.mktemp("researcher")
    assert main(["synthetic", "-o", str(home / "synth"), "--organisations", "300", "--seed", "7"]) == 0
    assert main(["import", str(home / "synth"), "--store", str(home / "store"), "--no-progress"]) == 0
    return home


def test_a_researcher_counts_300_imported_organisations_per_type(researcher, capsys):
    code, out, err = run(
        ["query", "organisations-per-type", "--store", researcher / "store", "--format", "csv"], capsys
    )
    assert code == 0 and err == ""
    with open(researcher / "synth" / "organisations.csv", encoding="utf-8") as fh:
        in_csv = Counter(row["type"] for row in csv.DictReader(fh))
    assert sum(in_csv.values()) == 300
    found = per_type(out)
    for kind, n in in_csv.items():
        assert found[kind] == n, kind  # only the imported ones: the article is not added to a user's tables
    assert set(found) == set(in_csv) | {"Initiative"}


def test_import_prints_one_summary_line_that_stats_on_the_store_confirms(tmp_path, capsys):
    synthetic.generate(tmp_path / "csv", organisations=20, seed=3)
    code, out, err = run(["import", tmp_path / "csv", "--store", tmp_path / "store", "--no-progress"], capsys)
    assert code == 0 and err == ""
    match = re.fullmatch(r"stored (\d+) quads in (\S+): 1 CSV folder \((\S+)\) and the ontology\n", out)
    assert match and match[2] == str(tmp_path / "store") and match[3] == str(tmp_path / "csv")
    code, out, _ = run(["stats", "--store", tmp_path / "store", "--json"], capsys)
    stats = json.loads(out)
    assert code == 0 and stats["triples"] == int(match[1])
    assert stats["classes"]["og:Initiative"] == 10  # the synthetic ones only (the article is not added)


def test_importing_a_second_member_list_into_the_same_store_says_it_replaced_the_first(tmp_path, capsys):
    synthetic.generate(tmp_path / "first", organisations=20, seed=3)
    synthetic.generate(tmp_path / "second", organisations=5, seed=4)
    store = tmp_path / "store"
    code, out, _ = run(["import", tmp_path / "first", "--store", store, "--no-progress"], capsys)
    assert code == 0 and "replaced" not in out
    code, out, _ = run(["import", tmp_path / "second", "--store", store, "--no-progress"], capsys)
    assert code == 0
    assert out.splitlines()[-1] == (
        f"replaced the store that was in {store}: import writes a new store (to keep earlier tables, import them together)"
    )


def test_reading_commands_work_on_the_store(researcher, tmp_path, capsys):
    store = researcher / "store"
    assert main(["stats", "--store", str(store)]) == 0
    assert "og:Company" in capsys.readouterr().out
    assert main(["network", "--store", str(store), "--format", "csv", "-o", str(tmp_path / "net.csv")]) == 0
    nodes = int(re.search(r": (\d+) nodes", capsys.readouterr().out)[1])
    assert nodes > 300
    assert main(["metrics", "--store", str(store), "--measure", "degree", "--top", "1"]) == 0
    assert "Brancheninitiative" in capsys.readouterr().out  # a synthetic initiative is the hub
    assert main(["view", "--store", str(store), "--top", "30", "-o", str(tmp_path / "v.html")]) == 0
    assert main(["export", "--store", str(store), "-f", "nquads", "-o", str(tmp_path / "all.nq")]) == 0
    assert "/organisation/org-299>" in (tmp_path / "all.nq").read_text(encoding="utf-8")


def test_a_bad_row_names_file_line_and_column_and_leaves_the_previous_store_intact(tmp_path, capsys):
    synthetic.generate(tmp_path / "good", organisations=20, seed=1)
    assert main(["import", str(tmp_path / "good"), "--store", str(tmp_path / "store"), "--no-progress"]) == 0
    before_out = capsys.readouterr().out
    before = files_under(tmp_path / "store")

    shutil.copytree(tmp_path / "good", tmp_path / "bad")
    lines = (tmp_path / "bad" / "memberships.csv").read_text(encoding="utf-8").splitlines()
    lines[3] = "org-1,no-such-initiative,,"
    (tmp_path / "bad" / "memberships.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run(["import", tmp_path / "bad", "--store", tmp_path / "store", "--no-progress"], capsys)

    assert code == 2 and out == ""
    assert err == (
        f"owlgraph: error: {tmp_path / 'bad' / 'memberships.csv'}:4: column 'initiative': unknown initiative 'no-such-initiative'; "
        "add it to its CSV file or fix the id\n"
    )
    assert files_under(tmp_path / "store") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad", "good", "store"]  # no staging left behind
    code, out, _ = run(["stats", "--store", tmp_path / "store", "--json"], capsys)
    assert code == 0 and str(json.loads(out)["triples"]) in before_out


def test_an_import_whose_reader_went_away_exits_141_and_keeps_no_store(tmp_path):
    # `owlgraph import … 2>&1 | head -1`: the reader is gone before the import has finished
    synthetic.generate(tmp_path / "tables", organisations=50, seed=1)
    owlgraph = [sys.executable, "-m", "owlgraph", "import", str(tmp_path / "tables"), "--store", str(tmp_path / "st")]
    process = subprocess.Popen(owlgraph, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    process.stdout.close()  # before the command wrote anything
    assert process.wait(timeout=120) == 141
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tables"]  # no store, no staging left behind


def test_tables_with_headers_and_no_rows_are_refused_and_no_store_is_made(tmp_path, capsys):
    (tmp_path / "tables").mkdir()
    (tmp_path / "tables" / "organisations.csv").write_text("id,name,type\n", encoding="utf-8")
    code, out, err = run(["import", tmp_path / "tables", "--store", tmp_path / "st", "--no-progress"], capsys)
    assert (code, out) == (2, "")
    assert err.endswith(
        f"owlgraph: error: {tmp_path / 'tables'}: no table has a row, only headers; nothing was imported\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tables"]


def test_import_passes_provenance_on_and_validate_checks_the_store(tmp_path, capsys):
    synthetic.generate(tmp_path / "csv", organisations=1, seed=1)
    assert (
        main(
            [
                "import",
                str(tmp_path / "csv"),
                "--store",
                str(tmp_path / "store"),
                "--provenance",
                "statement",
                "--materialise",
                "all",
                "--no-progress",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert run(["validate", "--store", tmp_path / "store"], capsys) == (
        0,
        "valid: the graph conforms to ontology/shapes.ttl\n",
        "",
    )


def test_import_offers_the_library_choices():
    from owlgraph.store.tabular import MATERIALISE, PROVENANCE

    options = {a.dest: a for a in make_parser()._subparsers._group_actions[0].choices["import"]._actions}
    assert tuple(options["provenance"].choices) == PROVENANCE
    assert tuple(options["materialise"].choices) == MATERIALISE


READING = [
    ["stats"],
    ["query", "organisations-per-type"],
    ["export", "-f", "nt", "-o", "{tmp}/x.nt"],
    ["network", "--format", "csv", "-o", "{tmp}/n.csv"],
    ["metrics"],
    ["view", "-o", "{tmp}/v.html"],
    ["validate"],
    ["serve", "--port", "9"],
    ["push", "--endpoint", "http://127.0.0.1:9/query", "--graph", "urn:g"],
]


@pytest.mark.parametrize("command", READING, ids=lambda c: c[0])
@pytest.mark.parametrize("where", ["missing", "empty"])
def test_a_store_folder_without_a_store_is_one_line_and_nothing_is_created(command, where, tmp_path, capsys):
    store = tmp_path / "nowhere"
    if where == "empty":
        store.mkdir()
    argv = [a.replace("{tmp}", str(tmp_path)) for a in command]
    code, out, err = run([*argv, "--store", store], capsys)
    assert code == 2 and out == ""
    assert err == (
        f"owlgraph: error: {store}: no owlgraph store here; create one with: "
        f"owlgraph import CSV_FOLDER --store {store}\n"
    )
    assert (list(store.iterdir()) == []) if where == "empty" else not store.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == (["nowhere"] if where == "empty" else [])


@pytest.mark.parametrize(
    "other, named",
    [
        (["--endpoint", "http://127.0.0.1:9/query"], "--endpoint"),
        (["--data", "x.ttl"], "--data"),
        (["--data", "x.ttl", "--facts", "y.yaml"], "--data or --facts"),
    ],
)
def test_store_together_with_another_source_is_refused(researcher, other, named, capsys):
    code, out, err = run(["query", "organisations-per-type", "--store", researcher / "store", *other], capsys)
    assert code == 1 and out == ""
    assert err == (
        f"owlgraph: error: --store cannot be combined with {named}: the store already holds the graph "
        "to work on; give one source\n"
    )


def test_push_sends_the_store_and_keeps_its_endpoint_as_the_target(researcher, capsys):
    with serve(None, read_only=False) as server:
        code, out, err = run(
            [
                "push",
                "--store",
                researcher / "store",
                "--endpoint",
                server.url,
                "--graph",
                "https://example.org/imported",
            ],
            capsys,
        )
        assert code == 0 and err == ""
        pushed = int(re.match(r"pushed (\d+) triples", out)[1])
        assert pushed > 5000 and server.endpoint().triple_count() == pushed


def test_serve_answers_from_the_store_in_place(researcher, capsys):
    store = researcher / "store"
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "owlgraph.cli", "serve", "--store", str(store), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        assert line.startswith(f"SPARQL endpoint: http://127.0.0.1:{port}/query (read-only)"), proc.stderr.read()
        url = f"http://127.0.0.1:{port}/query"
        assert (
            main(
                [
                    "query",
                    "--endpoint",
                    url,
                    "SELECT (COUNT(*) AS ?n) WHERE { ?o a og:Company FILTER(CONTAINS(STR(?o), '/organisation/org-')) }",
                    "--format",
                    "csv",
                ]
            )
            == 0
        )
        with open(researcher / "synth" / "organisations.csv", encoding="utf-8") as fh:
            companies = sum(row["type"] == "Company" for row in csv.DictReader(fh))
        assert capsys.readouterr().out.split() == ["n", str(companies)]
    finally:
        proc.send_signal(signal.SIGINT)  # Ctrl-C: the command stops the server process it started
        proc.wait(timeout=10)


# -- owlgraph synthetic -------------------------------------------------------------------------------


def test_synthetic_writes_seeded_csv_files_and_one_line_of_counts(tmp_path, capsys):
    code, out, err = run(["synthetic", "-o", tmp_path / "a", "--organisations", "50", "--seed", "5"], capsys)
    assert code == 0 and err == ""
    assert out == (
        f"wrote {tmp_path / 'a'}/ (seed 5): 50 organisations, 10 initiatives, "
        + re.search(r"\d+ memberships, 10 people, 10 posts, 1 events, \d+ participants\n", out)[0]
    )
    synthetic.generate(tmp_path / "b", organisations=50, seed=5)
    assert files_under(tmp_path / "a") == files_under(tmp_path / "b")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b"]  # no temporary sibling left


def test_synthetic_refuses_a_non_empty_folder_unless_forced(tmp_path, capsys):
    target = tmp_path / "mine"
    target.mkdir()
    (target / "notes.txt").write_text("keep me", encoding="utf-8")
    code, out, err = run(["synthetic", "-o", target, "--organisations", "10"], capsys)
    assert code != 0 and out == ""
    assert err == f"owlgraph: error: {target}: folder is not empty; choose a new folder or pass --force to replace it\n"
    assert files_under(target) == {"notes.txt": b"keep me"}
    assert run(["synthetic", "-o", target, "--organisations", "10", "--force"], capsys)[0] == 0
    assert "notes.txt" not in files_under(target) and (target / "organisations.csv").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]


def test_synthetic_force_keeps_the_old_folder_when_generation_fails(tmp_path, monkeypatch, capsys):
    target = tmp_path / "mine"
    target.mkdir()
    (target / "notes.txt").write_text("keep me", encoding="utf-8")

    def half_then_fail(folder, **options):
        (folder / "organisations.csv").write_text("id,name,type\n", encoding="utf-8")
        raise KeyboardInterrupt

    monkeypatch.setattr(synthetic, "generate", half_then_fail)
    code, _, err = run(["synthetic", "-o", target, "--force"], capsys)
    assert code == 130 and "interrupted" in err
    assert files_under(target) == {"notes.txt": b"keep me"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]


@pytest.mark.parametrize("value", ["0", "-3", "many"])
def test_synthetic_needs_a_positive_number_of_organisations(value, tmp_path, capsys):
    code, _, err = run(["synthetic", "-o", tmp_path / "x", "--organisations", value], capsys)
    assert code == 2 and "argument --organisations" in err
    assert not (tmp_path / "x").exists()


# -- where a store may go ------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["the CSV folder itself", "a folder of other files"])
def test_import_never_deletes_a_folder_that_is_not_a_store(where, tmp_path, capsys):
    synthetic.generate(tmp_path / "csv", organisations=5, seed=1)
    target = tmp_path / "csv" if where == "the CSV folder itself" else tmp_path / "thesis"
    target.mkdir(exist_ok=True)
    (target / "notes.txt").write_text("keep me", encoding="utf-8")
    code, _, err = run(["import", tmp_path / "csv", "--store", target, "--no-progress"], capsys)
    assert (target / "notes.txt").is_file()
    assert code == 2 and err.count("\n") == 1


def test_import_into_a_new_nested_folder(tmp_path, capsys):
    synthetic.generate(tmp_path / "csv", organisations=5, seed=1)
    assert run(["import", tmp_path / "csv", "--store", tmp_path / "new" / "store", "--no-progress"], capsys)[0] == 0


ORGANISATIONS = "id,name,type,sector,city\nacme,ACME GmbH,Company,it,Bielefeld\n"
PEOPLE = "id,name\nbecker,Dr. Anna Becker\nweber,Jonas Weber\n"
POSTS = "person,organisation,title\nbecker,acme,CEO\nweber,acme,CTO\n"


@pytest.mark.parametrize(
    ("file", "content", "message"),
    [
        (  # a misspelt standard column would have become og:Sektor, and no organisation a sector
            "organisations.csv",
            "id,name,type,Sektor,city\nacme,ACME GmbH,Company,it,Bielefeld\n",
            "organisations.csv:1: column 'Sektor': not one of the columns of organisations, and 'sector' is "
            "missing: did you mean 'sector'? Rename it (an extra column is kept as an attribute only when its "
            "name is not this close to a known column's)",
        ),
        (  # the third value had no column and was dropped
            "people.csv",
            "id,name\nbecker,Dr. Anna Becker,Zusatz\nweber,Jonas Weber\n",
            "people.csv:2: 3 values but the header names 2 columns; quote a value that contains the separator "
            "(comma), or name the extra column in the header",
        ),
        (  # the open quote took in the rest of people.csv, and posts.csv was blamed for 'weber'
            "people.csv",
            'id,name\nbecker,"Becker, Anna\nweber,Jonas Weber\n',
            "people.csv:2: a quoted value opens in this row and is never closed, so it would swallow the rest of "
            'the file; add the closing quote (a quote inside a quoted value is written twice: "")',
        ),
        (  # Excel's "CSV UTF-8" (with its byte-order mark) with a row pasted in Windows-1252
            "people.csv",
            "\ufeffid,name\nbecker,Anna Bäcker\n".encode() + "weber,Jonas Wäber\n".encode("cp1252"),
            "people.csv:3: byte 0xe4 is not UTF-8, but line 2 is: the file mixes encodings (tried UTF-8, "
            'Windows-1252); save it as "CSV UTF-8" and import again',
        ),
    ],
)
def test_a_table_that_would_import_wrongly_is_one_line_and_the_store_is_unchanged(
    file, content, message, tmp_path, capsys
):
    good = tmp_path / "good"
    good.mkdir()
    for name, text in [("organisations.csv", ORGANISATIONS), ("people.csv", PEOPLE), ("posts.csv", POSTS)]:
        (good / name).write_text(text, encoding="utf-8")
    assert main(["import", str(good), "--store", str(tmp_path / "store"), "--no-progress"]) == 0
    capsys.readouterr()
    before = files_under(tmp_path / "store")
    bad = tmp_path / "bad"
    shutil.copytree(good, bad)
    (bad / file).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))

    code, out, err = run(["import", bad, "--store", tmp_path / "store", "--no-progress"], capsys)

    assert (code, out, err) == (2, "", f"owlgraph: error: {bad}/{message}\n")
    assert files_under(tmp_path / "store") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad", "good", "store"]


def test_the_summary_counts_csv_folders_and_workbooks_in_good_english(tmp_path, capsys):
    import openpyxl

    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "organisations.csv").write_text(f"id,name,type\n{name},{name.upper()},Company\n")
    book = openpyxl.Workbook()
    book.active.title = "organisations"
    book.active.append(["id", "name", "type"])
    book.active.append(["c", "C", "Company"])
    book.save(tmp_path / "c.xlsx")

    sources = [tmp_path / "a", tmp_path / "b"]
    code, out, _ = run(["import", *sources, "--store", tmp_path / "s1", "--no-progress"], capsys)
    assert code == 0 and f": 2 CSV folders ({sources[0]}, {sources[1]}) and the ontology\n" in out
    sources = [tmp_path / "a", tmp_path / "c.xlsx"]
    code, out, _ = run(["import", *sources, "--store", tmp_path / "s2", "--no-progress"], capsys)
    assert code == 0 and f": 1 CSV folder and 1 workbook ({sources[0]}, {sources[1]}) and the ontology\n" in out
