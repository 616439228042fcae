"""A SELECT answer larger than a server's row cap, asked in parts by ranges of values (Virtuoso).

Virtuoso cuts every answer at ``ResultSetMaxRows`` (10,000 in Debian's ``virtuoso.ini``). Pages ordered by
the projected variables (:func:`~owlgraph.sparql.pages.paged_query`) get past the cap, but each page makes the
server evaluate and sort the whole answer again: at 340,000 rows a page took 8.7 s, whatever its offset. Here
each part is evaluated once, without a sort, and holds fewer rows than the cap (decision record 28):

* ask the query with ``LIMIT cap``; fewer rows: that is the whole answer, in one request;
* else count the rows and split them by ranges of the string value (``STR``) of the first variable that
  varies, the bounds being quantiles of a sample (the rows whose value's MD5 hash falls in a small range:
  spread evenly over the values, which the first rows of an answer are not), put in the server's order by
  one query; rows without a value there (unbound, blank node) are one more part;
* a part that comes full again is split the same way, by its own rows; two parts are asked at once.

Every row is in exactly one part; the rows that came are counted against the first count, and a difference
(data changed meanwhile, a server whose string order is not total) is an error, never a short answer. Only
standard SPARQL 1.1 is used (``STR``, ``MD5``, ``VALUES``, ``COUNT``); a server that does not order the
sample's strings is asked in ordered pages instead (:class:`Unordered`).

Examples
--------
>>> print(part_query("SELECT ?a ?b WHERE { ?a ?p ?b }", ["BOUND(?a)", 'STR(?a) < "https://e.org/m"'], limit=10))
SELECT ?a ?b WHERE { { SELECT ?a ?b WHERE { ?a ?p ?b } } FILTER(BOUND(?a) && STR(?a) < "https://e.org/m") } LIMIT 10
"""

import math
import random
import re
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

from owlgraph.core.errors import EndpointError, QueryError

__all__ = ["part_query", "select_parts", "Unordered"]

#: Parts are planned to fill this share of the cap, so that an estimate a little short does not split again.
FILL = 0.55
#: Parts asked at once: the server evaluates one while the client reads another.
AT_ONCE = 2
#: Pivot candidates drawn per part planned: more give more even parts.
OVERSAMPLE = 16
#: A sample of the rows for the ranges' bounds is planned at this share of the cap.
SAMPLE = 0.9
#: Hash ranges the sample is drawn by (three hexadecimal digits of MD5).
HASHES = 16**3
#: At most this many values in one ``VALUES`` block (Virtuoso refuses 4,095 and more).
MAX_VALUES = 2_000


class Unordered(Exception):
    """The server does not put strings in one order with ``<``: the answer cannot be split by ranges."""


_PROLOGUE = re.compile(r"\A(?:\s*(?:#[^\n]*|(?:PREFIX\s+[\w-]*:\s*<[^>]*>)|(?:BASE\s*<[^>]*>)))*\s*", re.IGNORECASE)
_SELECT = re.compile(r"SELECT\s+(?:DISTINCT\s+|REDUCED\s+)?(?P<projection>.*?)\s*(?:WHERE\s*)?\{", re.I | re.S)
_VARIABLE = re.compile(r"[?$]([A-Za-z_][A-Za-z0-9_]*)")


def split_prologue(text: str) -> tuple[str, str]:
    """``(prologue, body)`` of a SELECT query that can be paged or split: no ``ORDER BY``/``LIMIT``/``OFFSET``
    of its own.

    >>> split_prologue("PREFIX x: <https://e.org/> SELECT ?a WHERE { ?a x:p 1 }")
    ('PREFIX x: <https://e.org/> ', 'SELECT ?a WHERE { ?a x:p 1 }')
    """
    found_prologue = _PROLOGUE.match(text)  # always matches (perhaps empty)
    prologue = found_prologue.group() if found_prologue else ""
    body = text[len(prologue) :].strip()
    if not _SELECT.match(body):
        raise QueryError(f"cannot page {' '.join(body.split())[:80]!r}: only a SELECT query can be paged")
    if re.search(r"\b(LIMIT|OFFSET|ORDER\s+BY)\b[^}]*\Z", body, re.I):
        raise QueryError("cannot page a query that has its own ORDER BY, LIMIT or OFFSET; remove them or run it whole")
    return prologue, body


def projected_names(body: str) -> list[str]:
    """The names a SELECT query (without prologue) projects, in order; with ``SELECT *`` every variable.

    >>> projected_names("SELECT * WHERE { ?s ?p ?o }"), projected_names("SELECT ?o (STR(?s) AS ?t) WHERE { ?s ?p ?o }")
    (['s', 'p', 'o'], ['o', 't'])
    """
    found = _SELECT.match(body)
    if not found:
        raise QueryError(f"cannot page {' '.join(body.split())[:80]!r}: only a SELECT query can be paged")
    projection = found.group("projection")
    return list(dict.fromkeys(_VARIABLE.findall(body))) if projection.strip() == "*" else _projected(projection)


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


def part_query(text: str, conditions: list[str], *, limit: int | None = None, count: bool = False) -> str:
    """``text`` (a SELECT query, prologue included) restricted to the rows meeting every one of ``conditions``."""
    prologue, body = split_prologue(text)
    names = projected_names(body)
    head = "(COUNT(*) AS ?n_) " if count else " ".join(f"?{n}" for n in names)
    where = f"{{ {{ {body} }}" + (f" FILTER({' && '.join(conditions)})" if conditions else "") + " }"
    return f"{prologue}SELECT {head.strip()} WHERE {where}" + (f" LIMIT {limit}" if limit else "")


def select_parts(
    ask: Callable[[str], tuple[list[list[str | None]], bool]],
    text: str,
    *,
    size: int,
    seed: int = 0,
) -> Iterator[list[str | None]]:
    """The rows of ``text`` (plain strings, ``None`` where unbound), in parts of fewer than ``size`` rows.

    ``ask(query)`` returns a query's rows as plain strings and whether the server said it cut them.
    ``size`` is at most the server's row cap. Raises :class:`Unordered` before the first row if the server
    does not order the sample's strings, :class:`~owlgraph.core.errors.EndpointError` if the parts do not add
    up.
    """
    names = projected_names(split_prologue(text)[1])
    rows, cut = ask(part_query(text, [], limit=size))
    if len(rows) < size and not cut:
        yield from rows
        return
    total = _count(ask, text, [])
    chooser = random.Random(seed)
    waiting = deque(_split(ask, text, names, [], rows, total, size, chooser))
    asked: deque = deque()  # (conditions, the answer to come), in order
    found = 0
    with ThreadPoolExecutor(max_workers=AT_ONCE) as pool:
        while waiting or asked:
            while waiting and len(asked) < AT_ONCE:
                part = waiting.popleft()
                asked.append((part, pool.submit(ask, part_query(text, part, limit=size))))
            part, answer = asked.popleft()
            rows, cut = answer.result()
            if len(rows) < size and not cut:
                found += len(rows)
                yield from rows
            else:  # full: split it the same way
                waiting.extend(_split(ask, text, names, part, rows, None, size, chooser))
    if found != total:
        raise EndpointError(
            f"the parts of the answer gave {found:,} rows, the whole answer counts {total:,}; "
            "the data changed while it was read: try again"
        )


def _count(ask, text: str, conditions: list[str]) -> int:
    rows, _ = ask(part_query(text, conditions, count=True))
    return int(rows[0][0] or 0)


def _split(ask, text, names, conditions, sample, count, size, chooser) -> list[list[str]]:
    """Conditions for parts of the rows meeting ``conditions``: ranges of the string value of the first variable
    with two values in ``sample`` (the first rows a full answer gave), and the rows where it has none (unbound,
    a blank node). The ranges' bounds are quantiles of a sample of the rows: the rows given, or, where many
    parts are needed, the rows whose value's MD5 hash falls in a small range (evenly spread over the values,
    which the first rows of an answer are not)."""
    for index in range(len(names)):
        values = [row[index] for row in sample if row[index] is not None]
        if len(set(values)) > 1:
            break
    else:
        raise EndpointError(
            f"cannot split an answer of {count or size:,}+ rows into parts under the server's limit of {size:,} rows: "
            "more identical rows than that; ask for DISTINCT rows or raise the server's ResultSetMaxRows"
        )
    # a part that came full again: three parts by its own rows (the first rows it gave; no count asked)
    wanted = 3 if count is None else max(2, math.ceil(count / (size * FILL)))
    var = f"?{names[index]}"
    if count is not None and wanted > 3:
        buckets = min(HASHES, max(1, math.ceil(HASHES * size * SAMPLE / count)))
        hashed = f'SUBSTR(MD5(STR({var})), 1, 3) < "{buckets:03x}"'
        rows, _ = ask(part_query(text, [*conditions, f"BOUND({var}) && !isBlank({var})", hashed], limit=size))
        hashed_values = [row[index] for row in rows if row[index] is not None]
        values = hashed_values if len(set(hashed_values)) > 1 else values
    candidates = list(dict.fromkeys(chooser.choices(values, k=min(MAX_VALUES, wanted * OVERSAMPLE))))
    if len(candidates) < 2:  # one value drawn every time: take the distinct ones, so that the part shrinks
        candidates = list(dict.fromkeys(values))[:MAX_VALUES]
    ordered = _ordered(ask, candidates)
    step = len(ordered) / wanted
    pivots = list(dict.fromkeys(ordered[math.floor(i * step)] for i in range(1, wanted)))
    pivots = [p for p in pivots if p != ordered[0]] or ordered[-1:]
    has = f"BOUND({var}) && !isBlank({var})"
    parts = [] if has in conditions else [[*conditions, f"!({has})"]]  # no value: one part, never split by it
    parts.append([*conditions, has, f"STR({var}) < {_string(pivots[0])}"])
    for low, high in zip(pivots, [*pivots[1:], None]):
        part = [*conditions, has, f"!(STR({var}) < {_string(low)})"]
        parts.append([*part, f"STR({var}) < {_string(high)}"] if high else part)
    return parts


def _ordered(ask, values: list[str]) -> list[str]:
    """``values`` in the server's order of strings: each one's rank is how many of the others are below it.

    The server's order, not Python's, is the one its ``FILTER``s follow; a server whose ranks are not
    ``0 … n-1`` does not order strings totally (:class:`Unordered`)."""
    listed = " ".join(_string(v) for v in values)
    rows, _ = ask(
        f"SELECT ?x_ (COUNT(?y_) AS ?r_) WHERE {{ VALUES ?x_ {{ {listed} }} VALUES ?y_ {{ {listed} }} "
        "FILTER(?y_ < ?x_) } GROUP BY ?x_"
    )
    rank = dict.fromkeys(values, 0)
    for value, below in rows:
        if value in rank:
            rank[value] = int(below or 0)
    if sorted(rank.values()) != list(range(len(values))):
        raise Unordered()
    return sorted(values, key=rank.__getitem__)


def _string(value: str) -> str:
    """``value`` as a SPARQL string literal.

    >>> print(_string('say "hi"'))
    "say \\"hi\\""
    """
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'
