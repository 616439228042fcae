"""SELECT results in pages, so that a large answer from an endpoint never travels (or sits in memory) whole.

:func:`select_pages` runs a SELECT query on an endpoint as a sequence of requests of ``page_size`` rows:
the query, ordered by every variable it projects so that pages are stable, wrapped in an outer
``LIMIT``/``OFFSET``. The ``ORDER BY`` sits inside a sub-query, the ``LIMIT``/``OFFSET`` outside it: the form
Virtuoso needs past its sorted-row limit (``MaxSortedTopRows``, 10,000 by default), and plain SPARQL 1.1
for any other store. The default page size is Virtuoso's default result limit (``ResultSetMaxRows``),
which would otherwise cut a large answer short without a word. On a local graph the query runs once and
rows come as they are produced.

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
"""

import re
from collections.abc import Iterator

from owlgraph.core.errors import QueryError

__all__ = ["select_pages", "paged_query", "PAGE_SIZE"]

#: Virtuoso's default ``ResultSetMaxRows``: a larger page would be cut there.
PAGE_SIZE = 10_000
_PROLOGUE = re.compile(r"\A(?:\s*(?:#[^\n]*|(?:PREFIX\s+[\w-]*:\s*<[^>]*>)|(?:BASE\s*<[^>]*>)))*\s*", re.IGNORECASE)
_SELECT = re.compile(r"SELECT\s+(?:DISTINCT\s+|REDUCED\s+)?(?P<projection>.*?)\s*(?:WHERE\s*)?\{", re.I | re.S)
_VARIABLE = re.compile(r"[?$]([A-Za-z_][A-Za-z0-9_]*)")


def paged_query(text: str, *, page_size: int, page: int) -> str:
    """``text`` (a SELECT query) restricted to one stable page of ``page_size`` rows.

    >>> print(paged_query("SELECT ?a ?b WHERE { ?a ?p ?b }", page_size=100, page=2))
    SELECT ?a ?b WHERE { { SELECT ?a ?b WHERE { ?a ?p ?b } ORDER BY ?a ?b } } LIMIT 100 OFFSET 200
    """
    found_prologue = _PROLOGUE.match(text)  # always matches (perhaps empty)
    prologue = found_prologue.group() if found_prologue else ""
    body = text[len(prologue) :].strip()
    found = _SELECT.match(body)
    if not found:
        raise QueryError(f"cannot page {' '.join(body.split())[:80]!r}: only a SELECT query can be paged")
    projection = found.group("projection")
    # SELECT *: every variable of the pattern
    names = list(dict.fromkeys(_VARIABLE.findall(body))) if projection.strip() == "*" else _projected(projection)
    if re.search(r"\b(LIMIT|OFFSET|ORDER\s+BY)\b[^}]*\Z", body, re.I):
        raise QueryError("cannot page a query that has its own ORDER BY, LIMIT or OFFSET; remove them or run it whole")
    order = " ".join(f"?{n}" for n in names)
    # explicit outer projection: with SELECT * a store may order the columns differently
    outer = f"SELECT {order} WHERE {{ {{ {body} ORDER BY {order} }} }}"
    return f"{prologue}{outer} LIMIT {page_size} OFFSET {page * page_size}"


def _projected(projection: str) -> list[str]:
    """Projected names: each ``?x`` outside parentheses, and the alias of each ``(expression AS ?y)``.

    >>> _projected("?a (COUNT(DISTINCT ?x) AS ?n) ?b")
    ['a', 'n', 'b']
    """
    names, depth, group = [], 0, ""
    for token in re.findall(r"[()]|[?$][A-Za-z_][A-Za-z0-9_]*|[^()?$]+|[?$]", projection):
        if token == "(":
            depth, group = depth + 1, group + token
        elif token == ")":
            depth, group = depth - 1, group + token
            if depth == 0:
                names += _VARIABLE.findall(group)[-1:]
                group = ""
        elif depth:
            group += token
        elif token[0] in "?$" and len(token) > 1:
            names.append(token[1:])
    return list(dict.fromkeys(names))


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
