"""SELECT results in pages, so that a large answer from an endpoint never travels (or sits in memory) whole.

:func:`select_pages` runs a SELECT query on an endpoint as a sequence of requests of ``page_size`` rows:
the query, ordered by every variable it projects so that pages are stable, wrapped in an outer
``LIMIT``/``OFFSET``. The ``ORDER BY`` sits inside a sub-query, the ``LIMIT``/``OFFSET`` outside it: the form
Virtuoso needs past its sorted-row limit (``MaxSortedTopRows``, 10,000 by default), and plain SPARQL 1.1
for any other store. The default page size is Virtuoso's default result limit (``ResultSetMaxRows``),
which would otherwise cut a large answer short without a word. On a local graph the query runs once and
rows come as they are produced.

:func:`select_strings` gives rows of plain strings (IRIs, lexical forms), what the network builders need, in
the fastest way the endpoint allows: one request whose tab-separated answer is read line by line as it
arrives (no JSON, no whole body in memory), or, from a server that cuts answers at a row limit (Virtuoso, or
one that says so), in parts of SPARQL JSON under that limit: by ranges of values, each part evaluated once
(:mod:`owlgraph.sparql.parts`, decision record 28), or, where the server does not order strings, pages as
above. A page costs the server the whole answer and its sort again (decision record 23).

Examples
--------
>>> from owlgraph.sparql.server import serve
>>> from rdflib import Graph, Literal, URIRef
>>> g = Graph()
>>> for i in range(25):
...     _ = g.add((URIRef(f"https://e.org/{i}"), URIRef("https://e.org/p"), Literal(i)))
>>> with serve(g) as server:
...     rows = list(select_pages(server.endpoint(), "SELECT ?s ?o WHERE { ?s ?p ?o }", page_size=10))
>>> len(rows), len({tuple(r) for r in rows})
(25, 25)
>>> with serve(g) as server:
...     strings = list(select_strings(server.endpoint(), "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?o LIMIT 2"))
>>> strings
[['https://e.org/0', '0'], ['https://e.org/1', '1']]
"""

import http.client
import io
import re
from collections.abc import Generator, Iterator
from typing import cast

from owlgraph.core.errors import EndpointError, QueryError
from owlgraph.sparql.parts import Unordered, projected_names, select_parts, split_prologue

__all__ = ["select_pages", "select_strings", "paged_query", "PAGE_SIZE"]

#: Virtuoso's default ``ResultSetMaxRows``: a larger page would be cut there.
PAGE_SIZE = 10_000


def paged_query(text: str, *, page_size: int, page: int) -> str:
    """``text`` (a SELECT query) restricted to one stable page of ``page_size`` rows.

    >>> print(paged_query("SELECT ?a ?b WHERE { ?a ?p ?b }", page_size=100, page=2))
    SELECT ?a ?b WHERE { { SELECT ?a ?b WHERE { ?a ?p ?b } ORDER BY ?a ?b } } LIMIT 100 OFFSET 200
    """
    prologue, body = split_prologue(text)
    order = " ".join(f"?{n}" for n in projected_names(body))
    # explicit outer projection: with SELECT * a store may order the columns differently
    outer = f"SELECT {order} WHERE {{ {{ {body} ORDER BY {order} }} }}"
    return f"{prologue}{outer} LIMIT {page_size} OFFSET {page * page_size}"


def select_pages(source, text: str, *, page_size: int = PAGE_SIZE) -> Iterator[list]:
    """The rows of a SELECT query (rdflib terms, ``None`` where unbound), fetched ``page_size`` at a time.

    Parameters
    ----------
    source : Endpoint, endpoint URL, or local graph
        An :class:`~owlgraph.sparql.endpoint.Endpoint` is asked page by page; a local graph in one go.
    text : str
        A SELECT query without its own ``ORDER BY``/``LIMIT``/``OFFSET``.
    page_size : int
        Rows per request; at most the server's own result limit.
    """
    from owlgraph.sparql.queries import select_rows

    if page_size < 1:
        raise QueryError(f"page_size {page_size}: give at least 1")
    if not (hasattr(source, "select_rows") or isinstance(source, str)):
        yield from select_rows(source, text)[1]
        return
    page = 0
    while True:
        rows = select_rows(source, paged_query(text, page_size=page_size, page=page))[1]
        yield from rows
        if len(rows) < page_size:
            return
        page += 1


TSV_RESULTS = "text/tab-separated-values"
JSON_RESULTS = "application/sparql-results+json"
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_ESCAPED = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f"}
#: How each endpoint URL answers best, once known: "tsv" (streamed), "json" (its TSV is not SPARQL TSV) or
#: "pages" (its server limits the rows of an answer).
_MODES: dict[str, str] = {}
#: Whether an endpoint URL orders strings with ``<`` as SPARQL says, once known: then an answer past its row limit
#: comes in parts by ranges of values (:mod:`owlgraph.sparql.parts`), else in ordered pages.
_ORDERS_STRINGS: dict[str, bool] = {}


def select_strings(source, text: str, *, page_size: int | None = None) -> Iterator[list[str | None]]:
    """The rows of a SELECT query as plain strings (IRIs, lexical forms, blank node ids; ``None`` where unbound).

    Parameters
    ----------
    source : Endpoint, endpoint URL, or local graph
        An :class:`~owlgraph.sparql.endpoint.Endpoint` answers in one request whose SPARQL TSV is read as it
        arrives; a server that limits the rows of an answer (Virtuoso, or any that says so with
        ``X-SPARQL-MaxRows``) in parts of JSON results, each under the limit
        (:func:`~owlgraph.sparql.parts.select_parts`). A local graph answers in one go
        (:meth:`~owlgraph.sparql.source.GraphSource.select_strings`).
    text : str
        A SELECT query; to be paged, without its own ``ORDER BY``/``LIMIT``/``OFFSET``.
    page_size : int, optional
        Ask in parts (or pages) of fewer than this many rows whatever the server (default: only where the
        server needs it, under :data:`PAGE_SIZE`).
    """
    from owlgraph.sparql.source import as_source

    if page_size is not None and page_size < 1:
        raise QueryError(f"page_size {page_size}: give at least 1")
    src = as_source(source)
    endpoint = src.endpoint
    if endpoint is None:
        yield from src.select_strings(text)[1]
        return
    mode = _MODES.get(endpoint.url, "tsv")
    if page_size is None and mode == "tsv":
        response = endpoint.open_select(text, accept=TSV_RESULTS)  # refused if the server marks it incomplete
        if not _cuts(response):
            rows = _tsv_rows(response, endpoint.url)
            if next(rows) is not None:  # a SPARQL TSV header
                yield from cast(Iterator[list[str | None]], rows)
                return
            rows.close()  # closes the response
            mode = _MODES[endpoint.url] = "json"
        else:
            response.close()
            mode = _MODES[endpoint.url] = "pages"
    if page_size is None and mode == "json":  # TSV in a server's own dialect: the whole answer as JSON
        yield from _json_rows(endpoint.open_select(text, accept=JSON_RESULTS), endpoint.url)
        return
    size = page_size or PAGE_SIZE
    if _ORDERS_STRINGS.get(endpoint.url, True):  # parts by ranges of values, each evaluated once
        came = 0
        try:
            for row in select_parts(_asker(endpoint), text, size=size):
                came += 1
                yield row
            return
        except Unordered:
            if came:
                raise EndpointError(
                    f"{endpoint.url} stopped ordering strings while its answer was read; try again"
                ) from None
            _ORDERS_STRINGS[endpoint.url] = False  # from now on: ordered pages
    page = 0
    while True:
        response = endpoint.open_select(paged_query(text, page_size=size, page=page), accept=JSON_RESULTS)
        count = 0
        for row in _json_rows(response, endpoint.url):
            count += 1
            yield row
        if count < size:
            return
        page += 1


def _asker(endpoint):
    """``ask(query)`` for :func:`~owlgraph.sparql.parts.select_parts`: the rows of one bounded answer, and whether
    the server said it cut them."""

    def ask(query: str) -> tuple[list[list[str | None]], bool]:
        response = endpoint.open_select(query, accept=JSON_RESULTS)
        cut = response.headers.get("X-SPARQL-MaxRows") is not None
        return list(_json_rows(response, endpoint.url)), cut

    return ask


def _cuts(response) -> bool:
    """Whether the server cuts answers at a row limit: it says so, or it is Virtuoso (``ResultSetMaxRows``)."""
    return response.headers.get("X-SPARQL-MaxRows") is not None or (response.headers.get("Server") or "").startswith(
        "Virtuoso"
    )


def _json_rows(response, url: str) -> Iterator[list[str | None]]:
    """The rows of a SPARQL JSON answer (one page: bounded) as plain strings."""
    import json

    try:
        with response:
            answer = json.load(response)
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise EndpointError(
            f"{url} did not send a whole SPARQL JSON answer ({type(exc).__name__}); try again"
        ) from None
    names = answer.get("head", {}).get("vars", [])
    for binding in answer.get("results", {}).get("bindings", []):
        yield [binding[n]["value"] if n in binding else None for n in names]


def _tsv_rows(response, url: str) -> Generator[list[str | None] | None, None, None]:
    """The rows of a SPARQL TSV answer, read line by line from the open ``response`` (closed at the end).

    The first item is ``None`` when the first line is not a SPARQL TSV header (then nothing more comes), else
    the variables."""
    try:
        with response, io.TextIOWrapper(response, encoding="utf-8", newline="\n") as lines:
            header = lines.readline()
            if header.strip() and not header.startswith("?"):
                yield None
                return
            yield [name.lstrip("?") for name in header.rstrip("\r\n").split("\t")]
            for line in lines:
                yield [_value(cell) for cell in line.rstrip("\r\n").split("\t")]
    except (OSError, http.client.HTTPException) as exc:
        raise EndpointError(
            f"{url} stopped sending the answer ({type(exc).__name__}); check the server log or raise --timeout"
        ) from None


def _value(cell: str) -> str | None:
    """One TSV cell as a plain string: ``<iri>`` → iri, ``"lexical"@lang``/``^^<type>`` → lexical, ``_:b`` → b.

    >>> [_value(c) for c in ('<https://e.org/a>', '"Zoë \\"Z\\""@de', '"2"^^<http://x/int>', '12', '_:b0', '')]
    ['https://e.org/a', 'Zoë "Z"', '2', '12', 'b0', None]
    """
    if not cell:
        return None
    first = cell[0]
    if first == "<":
        value = cell[1:-1]
    elif first == '"':
        value = cell[1 : cell.rfind('"')]
    elif cell.startswith("_:"):
        return cell[2:]
    else:  # a number or boolean written without quotes
        return cell
    return _unescaped(value) if "\\" in value else value


def _unescaped(text: str) -> str:
    """Turtle string escapes (``\\t``, ``\\"``, ``\\u00e9`` …) undone."""

    def one(m: re.Match) -> str:
        code = m.group(1) or m.group(2)
        if code:
            return chr(int(code, 16))
        return _ESCAPED.get(m.group(3), m.group(3))

    return _ESCAPE.sub(one, text)
