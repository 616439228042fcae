"""Robustness: bad input gives one clear line, faults are reported, hostile values stay data, nothing is lost.

Every case runs the real command in-process (``owlgraph.cli.main``) and checks the
exact message (file:line or value, and what to do), the exit code, that no traceback
is printed and, for ``build``, that nothing was written. The invalid facts files are
in ``tests/data/invalid/``, each named after the rule it breaks.
"""

import csv
import gc
import io
import re
import traceback
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from pyoxigraph import DefaultGraph
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from owlgraph import pipeline
from owlgraph.cli import main
from owlgraph.core.errors import EndpointError, ExportError, InputFileError, OwlgraphError, ViewError
from owlgraph.core.files import write_atomic
from owlgraph.sparql.endpoint import PASSWORD_ENV, USER_ENV, Endpoint
from owlgraph.sparql.server import free_port
from owlgraph.store.builtins import builtin_quads
from owlgraph.store.embedded import open_store, to_oxigraph, triple_count
from owlgraph.store.loading import load_files
from owlgraph.views.page import MAX_NODES, render_html

ROOT = Path(__file__).resolve().parent.parent

INVALID = ROOT / "tests" / "data" / "invalid"
SOURCE = ROOT / "data" / "sources" / "brancheninitiativen-owl.txt"
SECRET = "Owl-Secret-9137"
SOURCE_HEADER = f"""source:
  id: robust-article
  type: PressArticle
  text: {SOURCE}
  label: Robustness copy
  evidence: Brancheninitiativen sind Treiber der Regionalentwicklung
"""


def run(argv, capsys) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``owlgraph ARGV`` (argparse errors included)."""
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:  # argparse rejects an option before owlgraph runs
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def fill(text: str, places: dict[str, str]) -> str:
    """``text`` with each ``{name}`` replaced (not str.format: SPARQL and messages hold braces)."""
    for name, value in places.items():
        text = text.replace("{" + name + "}", value)
    return text


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# -- the matrix ------------------------------------------------------------------------------------


@dataclass
class Case:
    """One row: the command, files it needs, the exit code and the one-line message.

    ``message`` is the exact text after ``owlgraph: error: `` or, as a compiled pattern,
    a regex that must match all of stderr. ``{invalid}``, ``{tmp}`` and ``{root}`` are
    filled in in both.
    """

    argv: list[str]
    code: int
    message: str | re.Pattern
    files: dict[str, str | bytes] = field(default_factory=dict)


def facts_case(name: str, line: int, message: str, code: int = 3) -> Case:
    """``owlgraph build`` on one invalid facts file of tests/data/invalid/."""
    return Case(
        ["build", "--no-views", "--out", "{tmp}/out", "--facts", f"{{invalid}}/{name}.yaml"],
        code,
        f"{{invalid}}/{name}.yaml:{line}: {message}",
    )


IMPOSSIBLE_DATE = "; give a real day as YYYY-MM-DD, --MM-DD (no year), YYYY-MM or YYYY"
NOT_A_URL = "is neither a declared entity id nor an http(s) URL; declare the entity or write its URL"
BAD_URL = "; write an absolute http(s) URL such as https://www.example.org"
NOT_WRITABLE = "cannot write here (No such file or directory); choose a writable output"
NOT_A_FOLDER = "cannot write here (part of the path is a file, not a folder); choose a writable output"
TOO_LARGE = (
    f"network has {MAX_NODES + 1:,} nodes, more than the view limit of {MAX_NODES:,}; select a sub-network "
    "(--top N, --ego NODE --radius K, --sector S) or export GEXF for Gephi"
)
SMALL_VALID = (
    SOURCE_HEADER
    + """entities:
  - {id: robust-initiative, type: Initiative, label: Robust Initiative, evidence: "Biotech OWL"}
"""
)
NO_SOURCE_TEXT = SOURCE_HEADER.replace(f"text: {SOURCE}", "text: no-such-source.txt")


def huge_graph() -> str:
    """One more typed, labelled node than a view may show."""
    og, rdf = "https://w3id.org/owlgraph/ontology#", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    return "".join(
        f"<https://example.org/n{i}> <{rdf}type> <{og}Initiative> .\n"
        f'<https://example.org/n{i}> <http://www.w3.org/2000/01/rdf-schema#label> "N {i}" .\n'
        for i in range(MAX_NODES + 1)
    )


MATRIX = {
    # facts files: syntax, types, references, identifiers, IRIs, dates, evidence, personal data
    "malformed-yaml": facts_case(
        "malformed-yaml",
        10,
        "malformed YAML (expected ',' or '}', but got '-' while parsing a "
        "flow mapping from line 9); fix the syntax at that line",
    ),
    "control-character": Case(
        ["build", "--out", "{tmp}/out", "--facts", "{tmp}/nul.yaml"],
        3,
        re.compile(
            r"owlgraph: error: {tmp}/nul\.yaml:2: malformed YAML \(unacceptable character #x0000: .*\); fix the syntax\n"
        ),
        files={"nul.yaml": "source:\n  id: a\x00b\n"},
    ),
    "label-is-a-list": facts_case("label-is-a-list", 9, "label must be non-empty text, got ['Biotech', 'OWL']"),
    "inferred-is-a-number": facts_case(
        "inferred-is-a-number", 9, "inferred (the reason) must be non-empty text, got 5"
    ),
    "unknown-entity-reference": facts_case(
        "unknown-entity-reference", 11, "unknown entity 'no-such-sector'; declare it under 'entities' first"
    ),
    "duplicate-id": facts_case(
        "duplicate-id",
        10,
        "duplicate id 'broken-initiative' (first declared at "
        "{invalid}/duplicate-id.yaml:9); give each entity its own id",
    ),
    "website-without-scheme": facts_case("website-without-scheme", 11, f"website: 'www.x.de' {NOT_A_URL}"),
    "website-javascript-scheme": facts_case(
        "website-javascript-scheme", 11, f"website: 'javascript:alert(1)' {NOT_A_URL}"
    ),
    "website-with-space": facts_case("website-with-space", 11, f"invalid URL 'https://www.bio-owl.de/a b'{BAD_URL}"),
    "website-with-quote": facts_case("website-with-quote", 11, f"invalid URL 'https://www.bio-owl.de/\"> <x'{BAD_URL}"),
    "website-bad-percent-encoding": facts_case(
        "website-bad-percent-encoding", 11, f"invalid URL 'https://www.bio-owl.de/100%'{BAD_URL}"
    ),
    "website-with-credentials": facts_case(
        "website-with-credentials", 11, f"invalid URL 'https://owl:geheim@www.bio-owl.de'{BAD_URL}"
    ),
    "nace-iri-with-space": facts_case(
        "nace-iri-with-space", 11, "invalid IRI 'nace:28 1'; the local part may hold letters, digits, '.', '_' and '-'"
    ),
    "date-february-30": facts_case("date-february-30", 11, f"impossible date '--02-30'{IMPOSSIBLE_DATE}"),
    "date-month-13": facts_case("date-month-13", 11, f"impossible date '2023-13-01'{IMPOSSIBLE_DATE}"),
    "date-unquoted-impossible": facts_case(
        "date-unquoted-impossible", 11, f"impossible date '2023-02-30'{IMPOSSIBLE_DATE}"
    ),
    "evidence-not-in-source": facts_case(
        "evidence-not-in-source",
        9,
        "evidence 'Biotech Ostwestfalen-Lippe' not found in "
        "data/sources/brancheninitiativen-owl.txt; copy the exact words from the source",
    ),
    "personal-data-in-text": facts_case(
        "personal-data-in-text",
        11,
        "purpose holds an e-mail address or phone number; owlgraph publishes no personal contact data, remove it",
    ),
    "sector-is-a-topic": Case(
        ["build", "--out", "{tmp}/out", "--facts", "{invalid}/sector-is-a-topic.yaml"],
        4,
        re.compile(
            r"owlgraph: error: 1 SHACL violation\(s\):\n"
            r"owlgraph: error: {invalid}/sector-is-a-topic\.yaml:12: Broken Initiative "
            r"<https://w3id\.org/owlgraph/id/initiative/broken-initiative>: og:sector: sector must be a declared Sector "
            r"\[ClassConstraintComponent\]\n"
        ),
    ),
    "facts-not-utf8": Case(
        ["build", "--out", "{tmp}/out", "--facts", "{tmp}/latin1.yaml"],
        2,
        "{tmp}/latin1.yaml: not UTF-8 text (byte 19); save it as UTF-8",
        files={"latin1.yaml": "source: {label: Gew\xe4chshaus}\n".encode("latin-1")},
    ),
    "facts-is-a-folder": Case(
        ["build", "--out", "{tmp}/out", "--facts", "{tmp}"], 2, "{tmp}: is a directory; give a file"
    ),
    "source-text-missing": Case(
        ["build", "--out", "{tmp}/out", "--facts", "{tmp}/no-text.yaml"],
        2,
        "{tmp}/no-such-source.txt: file not found; check the path",
        files={"no-text.yaml": NO_SOURCE_TEXT},
    ),
    # missing and broken input files
    "facts-missing": Case(
        ["build", "--out", "{tmp}/out", "--facts", "{tmp}/nope.yaml"],
        2,
        "{tmp}/nope.yaml: file not found; check the path",
    ),
    "facts-missing-stats": Case(
        ["stats", "--facts", "{tmp}/nope.yaml"], 2, "{tmp}/nope.yaml: file not found; check the path"
    ),
    "data-missing": Case(["stats", "--data", "{tmp}/nope.ttl"], 2, "{tmp}/nope.ttl: file not found; check the path"),
    "data-syntax-error": Case(
        ["stats", "--data", "{tmp}/bad.ttl"],
        2,
        re.compile(
            r"owlgraph: error: {tmp}/bad\.ttl: not valid RDF \([^\n]*line 3[^\n]*\); fix the file or check its suffix\n"
        ),
        files={"bad.ttl": '@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b "unterminated .\n'},
    ),
    "data-unknown-suffix": Case(
        ["stats", "--data", "{tmp}/graph.txt"],
        2,
        "{tmp}/graph.txt: unknown RDF file type '.txt'; "
        "use one of .json, .jsonld, .n3, .nq, .nquads, .nt, .owl, .rdf, .trig, .ttl, .turtle, .xml",
        files={"graph.txt": "<a> <b> <c> .\n"},
    ),
    # queries
    "unknown-named-query": Case(
        ["query", "initiatives-and-websitez"],
        5,
        "unknown query 'initiatives-and-websitez' (did you "
        "mean initiatives-and-websites, initiatives-without-sector, initiatives-stated-facts?); run "
        "'owlgraph query --list' for the named queries, or give a .rq file or SPARQL text",
    ),
    "sparql-syntax-error": Case(
        ["query", "SELECT ?x WHERE { ?x ?y }"],
        5,
        re.compile(
            r"owlgraph: error: SPARQL syntax error: error at line 1, column \d+: expected [^\n]+; fix the query\n"
        ),
    ),
    "sparql-syntax-error-line-3": Case(
        ["query", "SELECT ?x WHERE {\n  ?x ?p ?o .\n  FILTER( }"],
        5,
        re.compile(
            r"owlgraph: error: SPARQL syntax error: error at line 3, column \d+: expected [^\n]+; fix the query\n"
        ),
    ),
    "query-file-missing": Case(["query", "{tmp}/nope.rq"], 2, "{tmp}/nope.rq: file not found; check the path"),
    "no-query": Case(["query"], 1, "give a named query, a .rq file or SPARQL text (or --list)"),
    "bind-without-equals": Case(
        ["query", "initiatives-and-websites", "--bind", "label"],
        1,
        "--bind 'label': write NAME=VALUE, e.g. --bind subject=https://w3id.org/owlgraph/id/person/herbert-weber",
    ),
    "bind-bad-variable": Case(
        ["query", "initiatives-and-websites", "--bind", "la bel=x"],
        5,
        "binding name 'la bel' is not a SPARQL variable name; use letters, digits and _",
    ),
    "bind-unknown-variable": Case(
        ["query", "initiatives-and-websites", "--bind", "webiste=<https://x.de/>"],
        5,
        "binding ?webiste: the query has no variable ?webiste (did you mean ?website?); "
        "its variables are ?initiative, ?initiativeBetter, ?initiativeClass, ?label, ?lang, ?language, ?website",
    ),
    "bind-iri-with-space": Case(
        ["query", "initiatives-and-websites", "--bind", "website=<https://x.de/a b>"],
        5,
        "--bind website 'https://x.de/a b' is not a valid absolute IRI (Invalid IRI code point ' '); "
        "percent-encode characters not allowed in an IRI",
    ),
    "bind-iri-with-quote": Case(
        ["query", "initiatives-and-websites", "--bind", 'website=https://x.de/"> } DROP ALL'],
        5,
        "--bind website 'https://x.de/\"> } DROP ALL' is not a valid absolute IRI (Invalid IRI code point '\"'); "
        "percent-encode characters not allowed in an IRI",
    ),
    # outputs that cannot be written
    "export-to-proc": Case(
        ["export", "-f", "turtle", "-o", "/proc/owlgraph.ttl"], 7, f"/proc/owlgraph.ttl: {NOT_WRITABLE} path"
    ),
    "export-under-a-file": Case(
        ["export", "-f", "nt", "-o", "{tmp}/afile/owl.nt"],
        7,
        f"{{tmp}}/afile/owl.nt: {NOT_A_FOLDER} path",
        files={"afile": "a regular file"},
    ),
    "query-output-to-proc": Case(
        ["query", "initiatives-and-websites", "-o", "/proc/owlgraph.csv"], 7, f"/proc/owlgraph.csv: {NOT_WRITABLE} path"
    ),
    "network-to-proc": Case(
        ["network", "--format", "gexf", "-o", "/proc/owlgraph.gexf"], 7, f"/proc/owlgraph.gexf: {NOT_WRITABLE} path"
    ),
    "build-to-proc": Case(
        ["build", "--facts", "{tmp}/ok.yaml", "--out", "/proc/owlgraph-out"],
        7,
        f"/proc/owlgraph-out: {NOT_WRITABLE} folder",
        files={"ok.yaml": SMALL_VALID},
    ),
    "build-under-a-file": Case(
        ["build", "--facts", "{tmp}/ok.yaml", "--out", "{tmp}/afile/out"],
        7,
        "{tmp}/afile/out: cannot write here (Not a directory); choose a writable output folder",
        files={"afile": "a regular file", "ok.yaml": SMALL_VALID},
    ),
    "build-onto-a-file": Case(
        ["build", "--facts", "{tmp}/ok.yaml", "--out", "{tmp}/afile"],
        7,
        f"{{tmp}}/afile: {NOT_A_FOLDER} folder",
        files={"afile": "a regular file", "ok.yaml": SMALL_VALID},
    ),
    # views
    "view-too-large": Case(
        ["view", "--kind", "full", "--data", "{tmp}/huge.nt", "-o", "{tmp}/out/view.html"],
        8,
        TOO_LARGE,
        files={"huge.nt": huge_graph},
    ),
    "view-unknown-ego": Case(
        ["view", "-o", "{tmp}/out/view.html", "--ego", "Nobody"],
        8,
        "ego node 'Nobody' not found; give a node IRI or its exact label",
    ),
    "view-query-without-query": Case(
        ["view", "--kind", "query", "-o", "{tmp}/out/view.html"], 1, "--kind query needs --query NAME|FILE.rq|SPARQL"
    ),
    # options argparse rejects (its own two lines: usage, then the error; exit 2)
    "unknown-export-format": Case(
        ["export", "-f", "xml", "-o", "{tmp}/out/owl.xml"],
        2,
        re.compile(
            r"usage: owlgraph export [^\n]*\n(?:[^\n]*\n)*owlgraph export: error: argument -f/--format: invalid choice: "
            r"'xml' \(choose from [^\n]*'turtle'[^\n]*\)\n"
        ),
    ),
    "unknown-network-format": Case(
        ["network", "--format", "dot", "-o", "{tmp}/out/n.dot"],
        2,
        re.compile(
            r"usage: owlgraph network [^\n]*\n(?:[^\n]*\n)*owlgraph network: error: argument --format: invalid choice: 'dot' [^\n]*\n"
        ),
    ),
}


@pytest.mark.bad_input
@pytest.mark.parametrize("name", MATRIX)
def test_bad_input_gives_one_clear_line(name, tmp_path, capsys):
    case = MATRIX[name]
    for rel, content in case.files.items():
        content = content() if callable(content) else content
        (tmp_path / rel).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    before = files_under(tmp_path)
    places = {"tmp": str(tmp_path), "invalid": str(INVALID), "root": str(ROOT)}
    code, out, err = run([fill(a, places) for a in case.argv], capsys)
    assert code == case.code, err
    err = re.sub(
        r"^(read \d+ entities and \d+ facts from \d+ sources|SHACL validation passed)\n", "", err, flags=re.M
    )  # build's log
    if isinstance(case.message, re.Pattern):
        assert re.fullmatch(fill(case.message.pattern, {k: re.escape(v) for k, v in places.items()}), err), err
    else:
        assert err == f"owlgraph: error: {fill(case.message, places)}\n"
    assert "Traceback" not in err and "Traceback" not in out
    # nothing half-written: no output folder, no output file, no temporary file
    assert not (tmp_path / "out").exists()
    assert files_under(tmp_path) == before


@pytest.mark.bad_input
def test_unknown_export_format_through_the_library(tmp_path):
    from owlgraph.curation.export import write_graph

    with pytest.raises(
        ExportError, match=r"^unknown RDF format 'xml'; use one of: turtle, nt, nquads, trig, jsonld, rdfxml, n3$"
    ):
        write_graph(None, tmp_path / "owl.xml", format="xml")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.bad_input
def test_view_limit_through_the_library():
    import networkx as nx

    with pytest.raises(ViewError, match=r"^network has 11 nodes, more than the view limit of 10; select a sub-network"):
        render_html(nx.path_graph(11), max_nodes=10)
    assert render_html(nx.path_graph(10), max_nodes=10).startswith("<!DOCTYPE html>")


@pytest.mark.bad_input
def test_every_invalid_file_says_what_is_wrong_and_is_in_the_matrix():
    for path in INVALID.glob("*.yaml"):
        assert path.read_text(encoding="utf-8").startswith("# Invalid on purpose: "), path
        assert path.stem in MATRIX, f"{path.name} has no row in MATRIX"


@pytest.mark.bad_input
def test_debug_shows_the_traceback(tmp_path, capsys):
    with pytest.raises(InputFileError):
        main(["--debug", "stats", "--data", str(tmp_path / "nope.ttl")])


# -- nothing half-written ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A complete, successful build (with views) that the tests below try to damage."""
    out = tmp_path_factory.mktemp("built")
    with pytest.MonkeyPatch.context() as env:  # credentials must not reach any output (see the safe-defaults test)
        env.setenv(USER_ENV, "owl-user")
        env.setenv(PASSWORD_ENV, SECRET)
        assert main(["build", "--out", str(out)]) == 0
    return out


def _fail(*args, **kwargs):
    raise ViewError("the view writer failed on purpose")


@pytest.mark.fault
@pytest.mark.parametrize("how", ["view-writer-fails", "network-writer-interrupted", "shacl-violation"])
def test_failed_build_leaves_the_previous_outputs_byte_identical(how, built, monkeypatch, capsys):
    before = files_under(built)
    assert "summary.json" in before and "views/full.html" in before
    argv = ["build", "--out", str(built)]
    if how != "view-writer-fails":
        argv.append("--no-views")
    if how == "view-writer-fails":  # the last writer of _write_outputs
        monkeypatch.setattr("owlgraph.views.page.write_html", _fail)
        expected = (8, "owlgraph: error: the view writer failed on purpose\n")
    elif how == "network-writer-interrupted":  # Ctrl-C halfway through the network exports
        calls = []

        def interrupted(*args, **kwargs):
            calls.append(args)
            if len(calls) == 3:
                raise KeyboardInterrupt
            return real(*args, **kwargs)

        import owlgraph.network.formats as netexport

        real = netexport.write_network
        monkeypatch.setattr(netexport, "write_network", interrupted)
        expected = (130, "owlgraph: interrupted; outputs were left as they were\n")
    else:  # a SHACL violation in a small facts file: validation fails the same way, without building the article
        argv += ["--facts", str(INVALID / "sector-is-a-topic.yaml")]
        expected = (4, None)
    code, _, err = run(argv, capsys)
    assert code == expected[0], err
    if expected[1]:
        assert err.endswith(expected[1]) and "Traceback" not in err
    assert files_under(built) == before
    # owlgraph's temporary files and staging folders start with a dot; the site's .htaccess is an output
    leftovers = [p for p in built.rglob("*") if p.name.startswith(".") and p.name != ".htaccess"]
    assert not leftovers, "temporary files left behind"


@pytest.mark.fault
def test_failed_build_through_the_library_raises_and_writes_nothing(built, monkeypatch):
    before = files_under(built)

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    # the summary is the very last step before the staged files are moved into place
    monkeypatch.setattr(pipeline, "graph_stats", disk_full)
    with pytest.raises(OSError, match="No space left"):
        pipeline.run_build(built, views=False)
    assert files_under(built) == before
    assert not [p for p in built.rglob("*") if p.name.startswith(".") and p.name != ".htaccess"]


@pytest.mark.fault
def test_write_atomic_keeps_the_old_file_when_the_write_fails(tmp_path, monkeypatch):
    target = tmp_path / "owl.ttl"
    write_atomic(target, "old content\n")

    def broken_write_bytes(self, data):
        Path.write_text(self, "half of the new con")  # partial data, then the disk fails
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", broken_write_bytes)
    with pytest.raises(OSError):
        write_atomic(target, "new content\n")
    monkeypatch.undo()
    assert target.read_text() == "old content\n"
    assert [p.name for p in tmp_path.iterdir()] == ["owl.ttl"]


@pytest.mark.fault
def test_failed_load_leaves_the_persisted_store_as_it_was(tmp_path):
    good, bad = tmp_path / "good.nt", tmp_path / "bad.ttl"
    good.write_text("<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n")
    bad.write_text("<https://example.org/x> <https://example.org/y> <https://example.org/z> .\n<broken\n")
    store_dir = tmp_path / "store"
    ontology = len(builtin_quads())  # every store holds the ontology next to the files (decision record 29)
    assert triple_count(load_files([good], path=store_dir)) == 1 + ontology
    gc.collect()  # an rdflib Dataset sits in reference cycles; Oxigraph's lock goes with the collected store
    for files in ([good, bad], [good, tmp_path / "missing.nt"]):
        with pytest.raises(InputFileError):
            load_files(files, path=store_dir)
        reopened = open_store(store_dir)
        mine = [q.subject.value for q in to_oxigraph(reopened) if q.graph_name == DefaultGraph()]
        assert mine == ["https://example.org/a"] and triple_count(reopened) == 1 + ontology
        del reopened
        gc.collect()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.ttl", "good.nt", "store"]


# -- remote faults at the command line (the library cases are in test_endpoint.py) ------------------


@pytest.mark.fault
def test_query_against_a_closed_port_is_one_line(capsys):
    url = f"http://127.0.0.1:{free_port()}/query"
    code, out, err = run(["query", "--endpoint", url, "initiatives-and-websites"], capsys)
    assert (code, out) == (6, "")
    assert err == f"owlgraph: error: {url}: connection refused; start the server or check host and port\n"


@pytest.mark.fault
@pytest.mark.parametrize(
    ("path", "message"),
    [
        (
            "/error",
            r"{url} failed with HTTP 500: java\.lang\.OutOfMemoryError: the store exploded at line 2; check the server log",
        ),
        (
            "/slow",
            r"{url} did not answer within 1 s; raise it with Endpoint\(\.\.\., timeout=SECONDS\) or simplify the query",
        ),
        ("/close", r"{url} closed the connection before answering; check the server log or try again"),
        (
            "/basic",
            r"{url} refused access \(HTTP 401\)[^\n]*; pass user/password, set OWLGRAPH_SPARQL_USER/OWLGRAPH_SPARQL_PASSWORD",
        ),
    ],
)
def test_faulty_server_at_the_command_line(path, message, faulty_server, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))  # no ~/.netrc
    url = faulty_server.url + path
    code, out, err = run(["query", "--endpoint", url, "--timeout", "1", "initiatives-and-websites"], capsys)
    assert (code, out) == (6, "")
    assert re.fullmatch(f"owlgraph: error: {message.format(url=re.escape(url))}[^\n]*\n", err), err


@pytest.mark.fault
@pytest.mark.remote
def test_wrong_password_from_the_environment_is_never_printed(virtuoso_server, monkeypatch, capsys, caplog):
    caplog.set_level("DEBUG")
    monkeypatch.setenv(USER_ENV, "dba")
    monkeypatch.setenv(PASSWORD_ENV, SECRET)
    argv = ["query", "--endpoint", virtuoso_server.url, "initiatives-and-websites"]
    code, out, err = run(argv, capsys)
    assert (code, out) == (6, "")
    assert re.fullmatch(
        rf"owlgraph: error: {re.escape(virtuoso_server.url)} refused access \(HTTP 401\)[^\n]*; "
        r"check the user and password\n",
        err,
    ), err
    with pytest.raises(EndpointError) as info:  # --debug: the traceback does not show it either
        main(["--debug", *argv])
    shown = "".join(traceback.format_exception(info.value)) + err + capsys.readouterr().err + caplog.text
    assert SECRET not in shown
    monkeypatch.setenv(PASSWORD_ENV, "dba")
    code, _, err = run(argv, capsys)  # let in: Virtuoso's default graph has none of our initiatives
    assert (code, err) == (9, NO_ROWS.format(query=WEBSITES))


@pytest.mark.fault
def test_password_in_the_endpoint_url_is_never_printed(faulty_server, capsys, caplog):
    caplog.set_level("DEBUG")
    port = faulty_server.server_address[1]
    code, out, err = run(
        ["query", "--endpoint", f"http://owl:{SECRET}@127.0.0.1:{port}/error", "initiatives-and-websites"], capsys
    )
    assert code == 6 and err.count("\n") == 1
    assert SECRET not in err + out + caplog.text


# -- injection: values are data, never SPARQL -----------------------------------------------------------


WEBSITES = "'initiatives-and-websites' (Which industry network initiatives are there, and what are their websites?)"
NO_ROWS = "owlgraph: error: no rows: {query} found nothing in this graph; check the data, --graph or --bind (nothing written)\n"
INJECTIONS = ['x" } ; DROP ALL', "x' } ; DROP ALL ; #", 'x"""} INSERT DATA { <a> <b> <c> } #', 'x\\" } DROP ALL']


@pytest.mark.bad_input
@pytest.mark.parametrize("value", INJECTIONS)
def test_bound_values_are_data_never_sparql(value, tmp_path, capsys):
    data = tmp_path / "owl.nq"
    assert main(["export", "-f", "nquads", "-o", str(data)]) == 0
    before = data.read_bytes()
    capsys.readouterr()
    code, out, err = run(
        ["query", "--data", data, "--format", "csv", "initiatives-and-websites", "--bind", f"label={value}"], capsys
    )
    # the value was compared as a label (no initiative has it), not run as SPARQL
    assert (code, out, err) == (9, "", NO_ROWS.format(query=WEBSITES))
    assert data.read_bytes() == before
    code, out, _ = run(["query", "--data", data, "--format", "csv", "initiatives-and-websites"], capsys)
    assert len(out.splitlines()) == 11


@pytest.mark.bad_input
@pytest.mark.remote
def test_bound_values_change_nothing_on_a_remote_store(oxigraph_server, capsys):
    graph_iri = f"https://example.org/{uuid.uuid4().hex}/graph"
    g = Graph()
    g.add((URIRef("https://example.org/i"), RDF.type, URIRef("https://w3id.org/owlgraph/ontology#Initiative")))
    g.add((URIRef("https://example.org/i"), RDFS.label, Literal("Biotech OWL")))
    ep = oxigraph_server.endpoint()
    ep.push(g, graph_iri)
    try:
        for value in INJECTIONS:
            code, out, err = run(
                [
                    "query",
                    "--endpoint",
                    oxigraph_server.url,
                    "--graph",
                    graph_iri,
                    "--format",
                    "csv",
                    "initiatives-and-websites",
                    "--bind",
                    f"label={value}",
                ],
                capsys,
            )
            assert (code, out, err) == (9, "", NO_ROWS.format(query=WEBSITES))
        assert ep.triple_count(graph_iri) == 2
        code, out, _ = run(
            [
                "query",
                "--endpoint",
                oxigraph_server.url,
                "--graph",
                graph_iri,
                "--format",
                "csv",
                "initiatives-and-websites",
                "--bind",
                "label=Biotech OWL",
            ],
            capsys,
        )
        assert out.splitlines()[1:] == ["https://example.org/i,Biotech OWL,"]
    finally:  # the server is shared: its union default graph must not gain an og:Initiative
        ep.update(f"DROP SILENT GRAPH <{graph_iri}>")


HOSTILE_LABELS = [
    'Quote "Q" GmbH',
    "Komma, Punkt & Co.",
    "Zeile 1\nZeile 2",
    "it's <b>bold</b>",
    "Tab\there; semi",
    "\"\"\", '''; } DROP ALL",
    "Ünïcödé – „OWL“ 🦉",
    "\\backslash\\",
]


@pytest.mark.bad_input
def test_hostile_labels_round_trip_through_csv(tmp_path, capsys):
    facts = tmp_path / "hostile.yaml"
    entities = [
        {"id": f"hostile-{i}", "type": "Initiative", "label": label, "evidence": "Biotech OWL"}
        for i, label in enumerate(HOSTILE_LABELS)
    ]
    facts.write_text(SOURCE_HEADER + yaml.safe_dump({"entities": entities}, allow_unicode=True), encoding="utf-8")
    code, out, err = run(["query", "--facts", facts, "--format", "csv", "initiatives-and-websites"], capsys)
    assert (code, err) == (0, "")
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert sorted(r["label"] for r in rows) == sorted(HOSTILE_LABELS)
    assert {r["initiative"] for r in rows} == {
        f"https://w3id.org/owlgraph/id/initiative/hostile-{i}" for i in range(len(HOSTILE_LABELS))
    }


# -- safe defaults: no contact data, no credentials in any output --------------------------------------

# a match starts where a run of address characters starts (the lookbehind): a text has a match exactly when it
# has one without it, but a minified script is no longer searched from every letter of every long name again
EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# international (+49 …) or national with a separator after the area code (0521 / 967 33-0, (05231) 9810);
# not hex colours (#000080), decimal fractions (0.0986…) or 8-digit municipality keys (AGS 05766020)
PHONE = re.compile(
    r"(?<![\w.#])(?:\+\d{1,3}[ ./-]?\(?\d{2,5}\)?|\(0\d{2,5}\)|0\d{2,5})[ ./-]+\d{2,}(?:[ ./-]?\d+)*(?![\w.])"
    r"|(?i:\b(?:tel|telefon|fon|phone|fax|mobil)\b\.?:?\s*[+\d(][\d ()/.-]{5,})"
)


def test_contact_patterns_catch_what_they_should():
    for text in ["peer@press-medien.de", "Mail: p.press+owl@press-medien.co.uk"]:
        assert EMAIL.search(text), text
    for text in ["+49 5231 98100-0", "Tel. 05231/98100", "(05231) 98 100", "0521 967 33-0", "Fon: 05231-981000"]:
        assert PHONE.search(text), text
    for text in ["#000080", "0.0986122886681096", "AGS 05766020", "2023-01-24", "DE A42", '"N 20001"']:
        assert not PHONE.search(text) and not EMAIL.search(text), text


def test_no_contact_data_or_credentials_in_any_build_output(built):
    leaks = {}
    for rel, data in files_under(built).items():
        text = data.decode("utf-8", "replace")
        found = EMAIL.findall(text) + PHONE.findall(text)
        if found:
            leaks[rel] = found[:5]
    assert leaks == {}
    # the article's author address was removed from the source; it must stay out of everything
    assert "[E-Mail-Adresse entfernt]" in SOURCE.read_text(encoding="utf-8")
    assert not EMAIL.search(SOURCE.read_text(encoding="utf-8"))
    # the build ran with credentials in its environment: they reach no output
    everything = "".join(d.decode("utf-8", "replace") for d in files_under(built).values())
    assert SECRET not in everything and "owl-user" not in everything


def test_endpoint_repr_and_errors_hide_the_password():
    ep = Endpoint(f"http://owl:{SECRET}@127.0.0.1:{free_port()}/query", retries=0, timeout=1)
    assert SECRET not in repr(ep) and SECRET not in str(vars(ep))
    with pytest.raises(OwlgraphError) as info:
        ep.ask("ASK {}")
    assert SECRET not in "".join(traceback.format_exception(info.value))
