"""Streaming push (owlgraph.sparql.push) and bulk-loader dumps (owlgraph.store.dump) against real servers.

Run: .venv/bin/python -m pytest tests/test_push.py
"""

import http.server
import subprocess
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pyoxigraph as ox
import pytest
from conftest import require

from owlgraph.cli import main
from owlgraph.core.errors import EndpointError
from owlgraph.sparql.endpoint import Endpoint
from owlgraph.sparql.push import push_stream, record_iri, staging_prefix
from owlgraph.sparql.server import oxigraph_executable, serve
from owlgraph.store.dump import iter_chunks, loader_commands, write_chunks

pytestmark = pytest.mark.remote
CHUNK = 2_000  # bytes per request; Oxigraph writes about 8 KB at a time, so a chunk is about 90 triples


def organisations(n: int, *, tag: str = "", graph: str | None = None, blank: bool = False) -> ox.Store:
    """A small regional network, not the article: ``n`` organisations with names and a sector each."""
    ns = f"https://example.org/{tag or 'org'}/"
    g = ox.NamedNode(graph) if graph else ox.DefaultGraph()
    store = ox.Store()
    name, sector = ox.NamedNode("https://schema.org/name"), ox.NamedNode("https://example.org/sector")
    for i in range(n):
        org = ox.NamedNode(f"{ns}{i}")
        store.add(ox.Quad(org, name, ox.Literal(f"Organisation {i} {tag}", language="de"), g))
        store.add(ox.Quad(org, sector, ox.NamedNode(f"https://example.org/sector/{i % 7}"), g))
    if blank:  # an address as a blank node, mentioned by two statements
        address = ox.BlankNode("address")
        store.add(ox.Quad(ox.NamedNode(f"{ns}0"), ox.NamedNode("https://schema.org/address"), address, g))
        store.add(ox.Quad(address, ox.NamedNode("https://schema.org/addressLocality"), ox.Literal("Bielefeld"), g))
    return store


def remote_triples(ep: Endpoint, graph: str) -> set:
    _, rows = ep.select_rows(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return {tuple(t.n3() for t in row) for row in rows}


def staging_graphs(ep: Endpoint) -> list:
    _, rows = ep.select_rows(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), 'urn:owlgraph:staging:')) }"
    )
    return rows


@pytest.fixture
def graph() -> str:
    return f"https://example.org/graph/{uuid.uuid4().hex}"


# -- the push ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("route", ["graph-store", "update"])
def test_push_streams_many_chunks_and_replaces_the_graph(store, graph, route):
    ep = store.endpoint(gsp_url=store.gsp_url if route == "graph-store" else None)
    first = organisations(300, tag="first", graph="https://example.org/data")
    first.add(ox.Quad(ox.NamedNode("https://example.org/o"), ox.NamedNode("https://example.org/p"), ox.Literal(1)))
    assert len(list(iter_chunks(first, chunk_bytes=CHUNK))) > 5
    assert push_stream(first, ep, graph, chunk_bytes=CHUNK, progress=False) == 601 == ep.triple_count(graph)
    second = organisations(40, tag="second")
    assert push_stream(second, ep, graph, chunk_bytes=CHUNK, progress=False) == 80
    assert remote_triples(ep, graph) == {tuple(str(t) for t in q.triple) for q in second}
    assert staging_graphs(ep) == []


def test_blank_nodes_arrive_as_one_node(store, graph):
    ep = store.endpoint()
    assert push_stream(organisations(100, blank=True), ep, graph, chunk_bytes=CHUNK, progress=False) == 202
    _, rows = ep.select_rows(
        f"SELECT ?where WHERE {{ GRAPH <{graph}> {{ ?org schema:address ?a . ?a schema:addressLocality ?where }} }}"
    )
    assert [str(r[0]) for r in rows] == ["Bielefeld"]


def test_a_triple_in_two_source_graphs_counts_once(oxigraph_server, graph):
    source = organisations(30, graph="https://example.org/a")
    for quad in list(source.quads_for_pattern(None, None, None, ox.NamedNode("https://example.org/a"))):
        source.add(ox.Quad(quad.subject, quad.predicate, quad.object, ox.NamedNode("https://example.org/b")))
    assert len(source) == 120
    assert push_stream(source, oxigraph_server.endpoint(), graph, chunk_bytes=CHUNK, progress=False) == 60


class _FailingProxy(http.server.BaseHTTPRequestHandler):
    """Forwards Graph Store POSTs to the real server, logging their paths in ``paths``; chunk ``fail_at``
    fails (HTTP 500, or kills the server)."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        server = self.server
        server.posts += 1
        server.paths.append(urllib.parse.unquote(self.path))
        if server.fail_at is not None and server.posts >= server.fail_at:
            if server.kill is not None:
                server.kill()
                self.close_connection = True
                self.connection.shutdown(2)  # the server is gone: no answer
                return
            self._answer(500, b"java.lang.OutOfMemoryError: chunk too much")
            return
        request = urllib.request.Request(
            server.target + self.path[self.path.index("?") :],
            data=body,
            method="POST",
            headers={"Content-Type": self.headers["Content-Type"], **server.auth},
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            self._answer(answer.status, answer.read())

    def _answer(self, code: int, body: bytes):
        self.send_response(code)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def failing_proxy(target: str, fail_at: int | None, kill=None):
    proxy = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _FailingProxy)
    proxy.daemon_threads, proxy.target, proxy.fail_at, proxy.kill, proxy.posts = True, target, fail_at, kill, 0
    proxy.paths, proxy.auth = [], {}
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    return proxy


@pytest.mark.fault
def test_http_500_on_chunk_4_leaves_the_target_as_it_was_and_drops_the_staging_graph(oxigraph_server, graph):
    ep = oxigraph_server.endpoint()
    before = organisations(20, tag="before")
    push_stream(before, ep, graph, progress=False)
    proxy = failing_proxy(oxigraph_server.gsp_url, fail_at=4)
    try:
        failing = oxigraph_server.endpoint(gsp_url=f"http://127.0.0.1:{proxy.server_address[1]}/store", retries=0)
        with pytest.raises(EndpointError) as info:
            push_stream(organisations(600, tag="after"), failing, graph, chunk_bytes=CHUNK, progress=False)
    finally:
        proxy.shutdown()
    message = str(info.value)
    assert "chunk 4 (statements " in message and "HTTP 500" in message and "\n" not in message, message
    assert proxy.posts == 4  # chunks 1–3 reached the staging graph, chunk 4 failed, nothing after it was sent
    assert remote_triples(ep, graph) == {tuple(str(t) for t in q.triple) for q in before}
    assert staging_graphs(ep) == []


def push_killed_at_chunk_3(server, graph, quads) -> str:
    """Push ``quads`` through a proxy that kills ``server`` at the third chunk; the push's one-line error."""
    proxy = failing_proxy(server.gsp_url, fail_at=3, kill=server.process.kill)
    try:
        failing = server.endpoint(gsp_url=f"http://127.0.0.1:{proxy.server_address[1]}/store", retries=1)
        with pytest.raises(EndpointError) as info:
            push_stream(quads, failing, graph, chunk_bytes=CHUNK, progress=False)
    finally:
        proxy.shutdown()
    return str(info.value)


def require_oxigraph_executable() -> None:
    try:
        oxigraph_executable()
    except Exception:
        require(False, "oxigraph console script (pip install oxigraph)")


@pytest.mark.fault
def test_a_server_killed_mid_push_leaves_the_target_as_it_was(tmp_path, graph):
    require_oxigraph_executable()
    before = organisations(20, tag="before")
    with serve(read_only=False, location=tmp_path / "db") as server:
        push_stream(before, server.endpoint(), graph, progress=False)
        message = push_killed_at_chunk_3(server, graph, organisations(600, tag="after"))
    assert "chunk 3 (statements " in message and "could not be dropped" in message, message
    with serve(read_only=False, location=tmp_path / "db") as again:  # the server's own store, restarted
        ep = again.endpoint()
        assert remote_triples(ep, graph) == {tuple(str(t) for t in q.triple) for q in before}
        assert next(str(g[0]) for g in staging_graphs(ep)).startswith(staging_prefix(graph))  # chunks 1–2 are there
        assert push_stream(organisations(5, tag="next"), ep, graph, progress=False) == 10
        assert staging_graphs(ep) == []  # the next push removed what the killed one left


# -- the fast path: an empty target is filled directly ------------------------------------------------


def records(ep: Endpoint) -> list:
    _, rows = ep.select_rows(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), 'urn:owlgraph:push:')) }"
    )
    return rows


def test_a_fresh_target_is_filled_directly_without_staging(store, graph, caplog):
    ep = store.endpoint()
    with caplog.at_level("INFO", logger="owlgraph.sparql.push"):
        assert push_stream(organisations(300, tag="fresh"), ep, graph, chunk_bytes=CHUNK, progress=False) == 600
    assert "into the empty <" in caplog.text and "staged" not in caplog.text
    assert remote_triples(ep, graph) == {tuple(str(t) for t in q.triple) for q in organisations(300, tag="fresh")}
    assert records(ep) == [] and staging_graphs(ep) == []


def test_oxigraph_gets_every_chunk_of_a_fresh_target_by_its_bulk_loader(oxigraph_server, graph):
    proxy = failing_proxy(oxigraph_server.gsp_url, fail_at=None)  # forwards everything, logs the paths
    try:
        ep = oxigraph_server.endpoint(gsp_url=f"http://127.0.0.1:{proxy.server_address[1]}/store")
        assert push_stream(organisations(300), ep, graph, chunk_bytes=CHUNK, progress=False) == 600
        assert proxy.posts > 5
        assert all(path.endswith(f"?graph={graph}&no_transaction") for path in proxy.paths), proxy.paths[:2]
        proxy.paths.clear()
        assert push_stream(organisations(100), ep, graph, chunk_bytes=CHUNK, progress=False) == 200  # replace
        assert all(f"?graph={staging_prefix(graph)}" in p and p.endswith("&no_transaction") for p in proxy.paths)
    finally:
        proxy.shutdown()
    assert oxigraph_server.endpoint().triple_count(graph) == 200


@pytest.mark.fault
def test_http_500_on_chunk_3_of_a_fresh_target_leaves_no_graph_and_no_record(oxigraph_server, graph):
    ep = oxigraph_server.endpoint()
    proxy = failing_proxy(oxigraph_server.gsp_url, fail_at=3)
    try:
        failing = oxigraph_server.endpoint(gsp_url=f"http://127.0.0.1:{proxy.server_address[1]}/store", retries=0)
        with pytest.raises(EndpointError) as info:
            push_stream(organisations(600, tag="after"), failing, graph, chunk_bytes=CHUNK, progress=False)
    finally:
        proxy.shutdown()
    message = str(info.value)
    assert "chunk 3 (statements " in message and "HTTP 500" in message and "empty again" in message, message
    assert proxy.posts == 3  # chunks 1–2 reached the target, chunk 3 failed
    assert not ep.ask(f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    assert records(ep) == [] and staging_graphs(ep) == []


@pytest.mark.fault
def test_a_server_killed_filling_a_fresh_target_is_cleaned_up_by_the_next_push(tmp_path, graph, caplog):
    require_oxigraph_executable()
    with serve(read_only=False, location=tmp_path / "db") as server:
        message = push_killed_at_chunk_3(server, graph, organisations(600, tag="lost"))
    assert "chunk 3 (statements " in message and "the next push to it removes it" in message, message
    with serve(read_only=False, location=tmp_path / "db") as again:  # the server's own store, restarted
        ep = again.endpoint()
        partial = remote_triples(ep, graph)
        assert 0 < len(partial) < 1200  # chunks 1–2 are there, and look like data
        assert not any("urn:owlgraph:push" in str(t) for triple in partial for t in triple)  # the record is apart
        assert [str(g[0]) for g in records(ep)] == [record_iri(graph)]
        caplog.clear()
        with caplog.at_level("WARNING", logger="owlgraph.sparql.push"):
            assert push_stream(organisations(5, tag="next"), ep, graph, progress=False) == 10
        (line,) = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
        assert "unfinished push" in line and graph in line, line
        assert remote_triples(ep, graph) == {tuple(str(t) for t in q.triple) for q in organisations(5, tag="next")}
        assert records(ep) == []


def test_push_command_streams_a_store_directory(oxigraph_server, graph, tmp_path, capsys):
    from owlgraph.store.builtins import builtin_quads
    from owlgraph.store.loading import load_graph

    regional = tmp_path / "regional.nt"
    ox.serialize((q.triple for q in organisations(200, tag="cli")), str(regional), ox.RdfFormat.N_TRIPLES)
    load_graph([regional], path=tmp_path / "store").close()
    code = main(
        [
            *("push", "--store", str(tmp_path / "store"), "--endpoint", oxigraph_server.url, "--graph", graph),
            *("--chunk-mb", "0.002", "--no-progress"),
        ]
    )
    assert code == 0
    expected = 400 + len(builtin_quads())  # the file and the ontology, which every store holds (decision record 29)
    assert f"pushed {expected} triples" in capsys.readouterr().out
    assert oxigraph_server.endpoint().triple_count(graph) == expected


# -- the dump for a bulk loader ----------------------------------------------------------------------


def test_a_store_on_disk_streams_every_statement_of_every_graph_once(tmp_path):
    """The push reads a store per graph and predicate: the same lines as Oxigraph's own dump of each graph."""
    source = ox.Store(str(tmp_path / "store"))
    source.extend(organisations(40, tag="a", blank=True).quads_for_pattern(None, None, None))
    source.extend(organisations(30, tag="b", graph="https://example.org/b").quads_for_pattern(None, None, None))
    founded = ox.NamedNode("https://example.org/founded")
    source.add(
        ox.Quad(
            ox.NamedNode("https://example.org/a/1"),
            founded,
            ox.Literal("1990", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear")),
            ox.NamedNode("https://example.org/c"),
        )
    )
    expected = b"".join(
        source.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g) for g in [ox.DefaultGraph(), *source.named_graphs()]
    )
    chunks = list(iter_chunks(source, chunk_bytes=CHUNK))
    streamed = b"".join(chunk.data for chunk in chunks)
    assert sorted(streamed.splitlines()) == sorted(expected.splitlines())
    assert sum(chunk.statements for chunk in chunks) == len(source) == 143


def test_dump_files_load_with_oxigraphs_own_loader(tmp_path):
    source = organisations(500, graph="https://example.org/data", blank=True)
    folder = write_chunks(source, tmp_path / "chunks", chunk_bytes=8_000)
    assert len(list(folder.glob("part-*.nq"))) > 5
    assert all(f.stat().st_size <= 8_000 + 200 for f in folder.glob("part-*.nq"))
    (command,) = loader_commands(folder, loader="oxigraph", location=str(tmp_path / "db"))
    subprocess.run(command.replace("oxigraph ", f"{oxigraph_executable()} ", 1), shell=True, check=True)
    loaded = ox.Store.read_only(str(tmp_path / "db"))
    assert len(loaded) == len(source) == 1002
    localities = loaded.query(
        "SELECT ?w WHERE { GRAPH ?g { ?o <https://schema.org/address>/<https://schema.org/addressLocality> ?w } }"
    )
    assert [s["w"].value for s in localities] == ["Bielefeld"]


def test_dump_files_load_with_virtuosos_bulk_loader(virtuoso_server, tmp_path_factory):
    isql = require_isql()
    graph = f"https://example.org/graph/{uuid.uuid4().hex}"
    source = organisations(400, tag="virtuoso", graph=graph)
    # Virtuoso reads only folders in DirsAllowed: the fixture allows its own database folder
    allowed = next(p for p in tmp_path_factory.getbasetemp().iterdir() if p.name.startswith("virtuoso"))
    folder = write_chunks(source, allowed / f"chunks-{uuid.uuid4().hex[:8]}", chunk_bytes=8_000)
    (command,) = loader_commands(folder, loader="virtuoso")
    sql_port = virtuoso_sql_port(allowed)
    command = command.replace("isql-vt 1111 dba PASSWORD", f"{isql} {sql_port} dba dba")
    done = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert virtuoso_server.endpoint().triple_count(graph) == 800


def require_isql() -> str:
    import shutil

    path = shutil.which("isql-vt")
    require(path is not None, "Debian virtuoso-opensource's isql-vt")
    return path


def virtuoso_sql_port(directory) -> str:
    for line in (directory / "virtuoso.ini").read_text().splitlines():
        if line.startswith("ServerPort") and "127.0.0.1:" in line:
            return line.split("127.0.0.1:")[1].strip()  # the first ServerPort is [Parameters]: SQL
    raise AssertionError("no SQL port in virtuoso.ini")


def test_dump_command_prints_the_three_loaders(tmp_path, capsys):
    from owlgraph.store.loading import load_graph

    regional = tmp_path / "regional.nt"
    ox.serialize((q.triple for q in organisations(50)), str(regional), ox.RdfFormat.N_TRIPLES)
    load_graph([regional], path=tmp_path / "store").close()
    assert main(["dump", "--store", str(tmp_path / "store"), "--chunks", str(tmp_path / "chunks")]) == 0
    out = capsys.readouterr().out
    assert "wrote 1 N-Quads files" in out
    assert "oxigraph load --location" in out and "rdf_loader_run()" in out and "tdb2.tdbloader --loc" in out
    assert main(["dump", "--store", str(tmp_path / "store"), "--chunks", str(tmp_path / "chunks")]) == 7
    assert "not an empty folder" in capsys.readouterr().err


# -- paged SELECT from an endpoint -------------------------------------------------------------------


def test_pages_give_every_row_once_past_virtuosos_result_limit(store, graph):
    from owlgraph.sparql.pages import select_pages

    ep = store.endpoint(timeout=60)  # generous: the machine running the tests may be busy
    push_stream(organisations(6_000), ep, graph, progress=False)  # 12,000 rows: more than Virtuoso's 10,000
    text = f"SELECT ?value ?org ?p WHERE {{ GRAPH <{graph}> {{ ?org ?p ?value }} }}"  # columns as asked
    rows = [tuple(t.n3() for t in row) for row in select_pages(ep, text, page_size=2_500)]
    assert len(rows) == 12_000 == len(set(rows))
    assert all(row[2] in ("<https://schema.org/name>", "<https://example.org/sector>") for row in rows)
    assert len(list(select_pages(ep, text))) == 12_000  # the default page size fits Virtuoso's limit


def test_cooperation_network_from_an_endpoint_equals_the_local_one(oxigraph_server, tmp_path, graph):
    from owlgraph.network.builders import cooperation_network
    from owlgraph.sparql.pages import select_pages
    from owlgraph.store.loading import load_graph
    from owlgraph.store.synthetic import generate

    generate(tmp_path / "csv", organisations=300, seed=7)
    local = load_graph(tables=tmp_path / "csv")
    push_stream(local, oxigraph_server.endpoint(timeout=60), graph, progress=False)
    remote = oxigraph_server.endpoint(default_graph=graph, timeout=60)
    assert sum(1 for _ in select_pages(remote, "SELECT ?s WHERE { ?s a og:Organisation }", page_size=100)) >= 300
    near, far = cooperation_network(local, evidence=False), cooperation_network(remote, evidence=False)
    assert far.number_of_edges() > 300
    assert {frozenset(e) for e in far.edges} == {frozenset(e) for e in near.edges}
    assert dict(far.nodes(data="label")) == dict(near.nodes(data="label"))
