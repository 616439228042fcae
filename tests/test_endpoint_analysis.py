"""Analysis on an endpoint gives what the local store gives: network, metrics, top-N view (real servers).

The data is a seeded synthetic region (``owlgraph synthetic``, 300 organisations; not the article), imported
into a local store and pushed into each real server (Oxigraph server, Virtuoso).

Run: .venv/bin/python -m pytest tests/test_endpoint_analysis.py
"""

import uuid

import pytest

from owlgraph.cli import main
from owlgraph.sparql.push import push_stream

pytestmark = pytest.mark.remote
ORGANISATIONS = 300
_PUSHED: dict[str, str] = {}


@pytest.fixture(scope="session")
def region(tmp_path_factory):
    """The synthetic region as a store directory on disk."""
    from owlgraph.store.synthetic import generate

    folder = tmp_path_factory.mktemp("region")
    generate(folder / "csv", organisations=ORGANISATIONS, seed=11)
    assert main(["import", str(folder / "csv"), "--store", str(folder / "store"), "--no-progress"]) == 0
    return folder / "store"


@pytest.fixture
def remote(store, region):
    """(query URL, named graph) of the region on each real server, pushed once per server."""
    return pushed(store, region)


def pushed(store, region):
    """(store, named graph) of the region on ``store``, pushed there once."""
    if store.name not in _PUSHED:
        from owlgraph.store.embedded import open_store

        graph = f"https://example.org/region/{uuid.uuid4().hex}"
        local = open_store(region)
        try:
            push_stream(local, store.endpoint(timeout=120), graph, progress=False)
        finally:
            local.close()
        _PUSHED[store.name] = graph
    return store, _PUSHED[store.name]


def cli_remote(store, graph) -> list[str]:
    return ["--endpoint", store.url, "--graph", graph, "--timeout", "120"]


@pytest.fixture
def as_user(store, monkeypatch):
    """The server's credentials where the CLI reads them (Virtuoso's authenticated endpoint wants them)."""
    if store.user:
        monkeypatch.setenv("OWLGRAPH_SPARQL_USER", store.user)
        monkeypatch.setenv("OWLGRAPH_SPARQL_PASSWORD", store.password)


def lines(path) -> list[str]:
    """The lines of a CSV file, sorted: the same table whatever order the rows came in."""
    return sorted(path.read_text().splitlines())


def test_the_cooperation_network_from_an_endpoint_equals_the_local_one(remote, region, tmp_path, as_user):
    store, graph = remote
    assert main(["network", "--store", str(region), "--format", "csv", "-o", str(tmp_path / "near")]) == 0
    args = ["network", *cli_remote(store, graph), "--format", "csv", "-o", str(tmp_path / "far")]
    assert main(args) == 0
    for table in ("nodes.csv", "edges.csv"):  # every node and edge with every attribute
        assert lines(tmp_path / "far" / table) == lines(tmp_path / "near" / table)
    assert len(lines(tmp_path / "near" / "edges.csv")) > ORGANISATIONS


def test_metrics_from_an_endpoint_equal_the_local_ones(remote, region, capsys, as_user):
    store, graph = remote
    measures = ["--measure", "degree", "closeness", "--top", "15"]
    assert main(["metrics", "--store", str(region), *measures]) == 0
    near = capsys.readouterr().out
    assert main(["metrics", *cli_remote(store, graph), *measures]) == 0
    far = capsys.readouterr().out
    assert "== degree ==" in near and len(near.splitlines()) > 30
    assert far == near


def test_the_top_500_view_from_an_endpoint_shows_the_nodes_and_edges_the_local_one_shows(
    remote, region, tmp_path, as_user
):
    from test_views import page_data

    store, graph = remote
    top = ["view", "--top", "50"]
    assert main([*top, "--store", str(region), "-o", str(tmp_path / "near.html")]) == 0
    assert main([*top, *cli_remote(store, graph), "-o", str(tmp_path / "far.html")]) == 0
    near, far = (page_data((tmp_path / f"{side}.html").read_text()) for side in ("near", "far"))
    assert len(near["nodes"]) == 50 and len(near["edges"]) > 0
    assert shown(far) == shown(near)


def shown(page: dict) -> tuple[list, list]:
    """The IRIs of a view's nodes and the IRI pairs of its edges, sorted."""
    iris = [info["iri"] for info in page["info"]]
    return sorted(iris), sorted(tuple(sorted((iris[e["from"]], iris[e["to"]]))) for e in page["edges"])


def test_strings_from_virtuoso_come_in_pages_past_its_row_limit_and_every_row_once(virtuoso_server):
    from test_push import organisations

    from owlgraph.sparql.pages import select_strings

    graph = f"https://example.org/graph/{uuid.uuid4().hex}"
    push_stream(organisations(6_000), virtuoso_server.endpoint(timeout=60), graph, progress=False)
    text = f"SELECT ?org ?p ?value WHERE {{ GRAPH <{graph}> {{ ?org ?p ?value }} }}"
    rows = [tuple(row) for row in select_strings(virtuoso_server.endpoint(timeout=60), text)]
    assert len(rows) == 12_000 == len(set(rows))  # more than Virtuoso's 10,000: it said so, and was paged
    assert ("https://example.org/org/17", "https://schema.org/name", "Organisation 17 ") in rows


def test_strings_from_oxigraph_come_in_one_streamed_answer(oxigraph_server):
    from test_push import organisations

    from owlgraph.sparql.pages import select_strings

    graph = f"https://example.org/graph/{uuid.uuid4().hex}"
    push_stream(organisations(6_000, tag="x"), oxigraph_server.endpoint(timeout=60), graph, progress=False)
    ep = oxigraph_server.endpoint(timeout=60)
    # a query with its own ORDER BY and LIMIT cannot be paged: it runs as one answer
    text = f"SELECT ?org ?value WHERE {{ GRAPH <{graph}> {{ ?org <https://schema.org/name> ?value }} }} ORDER BY ?org"
    rows = list(select_strings(ep, text))
    assert len(rows) == 6_000
    assert rows[0] == ["https://example.org/x/0", "Organisation 0 x"]


def test_an_answer_virtuoso_cuts_at_its_time_limit_is_refused_not_taken_as_whole(virtuoso_server):
    from test_push import organisations

    from owlgraph.core.errors import EndpointError
    from owlgraph.sparql.endpoint import Endpoint
    from owlgraph.sparql.pages import select_strings

    graph = f"https://example.org/graph/{uuid.uuid4().hex}"
    push_stream(organisations(8_000), virtuoso_server.endpoint(timeout=60), graph, progress=False)
    # Virtuoso's "anytime" query: a 100 ms limit per request, and a query that needs far longer (256 M pairs)
    hurried = Endpoint(virtuoso_server.url.replace("/sparql-auth", "/sparql") + "?timeout=100", timeout=60)
    text = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?a ?p ?b . ?c ?q ?d FILTER(STR(?b) < STR(?d)) }} }}"
    for ask in (lambda: hurried.select_rows(text), lambda: list(select_strings(hurried, text))):
        with pytest.raises(EndpointError, match=r"/sparql returned an incomplete answer \(S1TAT: .*result timeout"):
            ask()


# -- answers past Virtuoso's row limit, in parts by ranges of values -----------------------------------


@pytest.fixture(scope="session")
def past_the_limit(virtuoso_server):
    """12,000 rows in one graph on Virtuoso (more than its 10,000), with a blank node, an unbound column and
    labels that need escaping in a SPARQL string."""
    import pyoxigraph as ox
    from test_push import organisations

    graph = f"https://example.org/graph/{uuid.uuid4().hex}"
    store = organisations(6_000, blank=True)
    odd = ox.NamedNode("https://example.org/org/odd")
    store.add(ox.Quad(odd, ox.NamedNode("https://schema.org/name"), ox.Literal('Zoë "Z" \\ Ltd.\nline two')))
    push_stream(store, virtuoso_server.endpoint(timeout=60), graph, progress=False)
    text = (
        f"SELECT ?org ?p ?value ?locality WHERE {{ GRAPH <{graph}> {{ ?org ?p ?value "
        "OPTIONAL { ?value <https://schema.org/addressLocality> ?locality } } }"
    )
    return text


def test_an_answer_past_virtuosos_limit_comes_whole_in_parts_each_under_the_limit(virtuoso_server, past_the_limit):
    from collections import Counter

    from owlgraph.sparql import pages

    ep = virtuoso_server.endpoint(timeout=60)
    asked: list[str] = []
    original = ep.open_select
    ep.open_select = lambda query, **kw: asked.append(query) or original(query, **kw)  # type: ignore[method-assign]
    whole = Counter(tuple(row) for row in pages.select_strings(ep, past_the_limit, page_size=1_500))
    assert sum(whole.values()) == 12_003 and max(whole.values()) == 1  # every row once, the address too
    assert ("https://example.org/org/odd", "https://schema.org/name", 'Zoë "Z" \\ Ltd.\nline two', None) in whole
    blank = [row for row in whole if row[1] == "https://schema.org/address"]
    assert len(blank) == 1 and blank[0][3] == "Bielefeld"
    # parts by ranges (STR(...) < "..."), not ordered pages; no part as large as asked
    assert any('STR(?org) < "' in q for q in asked) and not any("OFFSET" in q for q in asked)
    # the same rows as ordered pages give
    paged = Counter(
        tuple(str(t) if t is not None else None for t in row) for row in pages.select_pages(ep, past_the_limit)
    )
    assert paged.keys() == whole.keys()


def test_a_part_virtuoso_cuts_at_its_limit_is_split_not_taken_as_whole(virtuoso_server, past_the_limit):
    from owlgraph.sparql import parts
    from owlgraph.sparql.pages import _asker

    ep = virtuoso_server.endpoint(timeout=60)
    ask = _asker(ep)
    cuts = []

    def watch(query):
        rows, cut = ask(query)
        cuts.append(cut)
        return rows, cut

    # asked for parts of 20,000 rows: Virtuoso cuts the first at 10,000 and says so; that part is split
    rows = list(parts.select_parts(watch, past_the_limit, size=20_000))
    assert cuts[0] is True and len(rows) == 12_003 == len({tuple(r) for r in rows})


def test_the_cooperation_network_from_virtuoso_in_parts_equals_the_local_one(
    virtuoso_server, region, tmp_path, monkeypatch
):
    from owlgraph.sparql import pages

    store, graph = pushed(virtuoso_server, region)
    monkeypatch.setenv("OWLGRAPH_SPARQL_USER", store.user)
    monkeypatch.setenv("OWLGRAPH_SPARQL_PASSWORD", store.password)
    monkeypatch.setattr(pages, "PAGE_SIZE", 400)  # a row limit far below the answers' sizes
    assert main(["network", "--store", str(region), "--format", "csv", "-o", str(tmp_path / "near")]) == 0
    args = ["network", *cli_remote(store, graph), "--format", "csv", "-o", str(tmp_path / "far")]
    assert main(args) == 0
    for table in ("nodes.csv", "edges.csv"):
        assert lines(tmp_path / "far" / table) == lines(tmp_path / "near" / table)
