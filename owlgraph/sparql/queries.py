"""Run SPARQL: named competency queries, ``.rq`` files or query strings, locally or remotely.

One call, :func:`query`, returns a pandas DataFrame with typed values whether the
query ran on the embedded store or on a remote endpoint. owlgraph's prefixes
(``og:``, ``schema:``, ``org:``, …) are bound automatically. Parameters are
bound as RDF terms (``bindings={"initiative": URIRef(...)}``), never spliced
into the query text.

Examples
--------
>>> from owlgraph.store.loading import load_graph
>>> df = query(load_graph(), "initiatives-and-websites")
>>> len(df), df.loc[df.label == "ZIG OWL", "website"].item()
(10, 'https://www.zig-owl.de')
"""

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.term import Node

from owlgraph.core.errors import QueryError
from owlgraph.core.files import read_text
from owlgraph.core.namespaces import sparql_prefixes
from owlgraph.core.resources import resource
from owlgraph.sparql.results import to_frame

__all__ = ["QUERIES_DIR", "NamedQuery", "named_queries", "resolve_query", "query", "select_rows", "values_block"]

QUERIES_DIR = resource("queries", "competency")


@dataclass(frozen=True)
class NamedQuery:
    """A competency question: its name (file stem), the question in words, and the SPARQL."""

    name: str
    question: str
    text: str
    path: Path


def _question(text: str) -> str:
    lines = [ln[1:].strip() for ln in text.splitlines() if ln.startswith("#")]
    for line in lines:
        if line.lower().startswith("question:"):
            return line.split(":", 1)[1].strip()
    return lines[0] if lines else ""


@lru_cache(maxsize=1)
def _load_named(directory: Path) -> dict[str, NamedQuery]:
    found = {}
    for path in sorted(directory.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        found[path.stem] = NamedQuery(path.stem, _question(text), text, path)
    return found


def named_queries() -> dict[str, NamedQuery]:
    """The competency queries in ``queries/competency/``, by name."""
    return dict(_load_named(QUERIES_DIR))


def resolve_query(spec: str) -> str:
    """The SPARQL text for a named query, a ``.rq`` file, or a query string."""
    named = named_queries()
    if spec in named:
        return named[spec].text
    if spec.endswith(".rq"):
        return read_text(spec)
    if re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", spec, re.IGNORECASE):
        return spec
    close = difflib.get_close_matches(spec, named, n=3)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    raise QueryError(
        f"unknown query {spec!r}{hint}; run 'owlgraph query --list' for the named queries, or give a .rq file or SPARQL text"
    )


def values_block(bindings: dict[str, Node]) -> str:
    """A SPARQL ``VALUES`` clause binding each variable to one RDF term, safely serialised.

    >>> values_block({"name": Literal('x" } DROP ALL')})
    'VALUES (?name) { ("x\\\\" } DROP ALL") }'
    """
    names, terms = [], []
    for name, term in bindings.items():
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"invalid variable name {name!r}; use letters, digits and _")
        if not isinstance(term, Node):
            term = Literal(term)
        if isinstance(term, URIRef) and re.search(r'[\s<>"{}|\\^`]', str(term)):
            raise QueryError(f"invalid IRI {str(term)!r} in bindings; IRIs cannot contain spaces, quotes or brackets")
        names.append(f"?{name}")
        terms.append(term.n3())
    return f"VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}"


def _with_values(text: str, bindings: dict[str, Node] | None) -> str:
    """Insert a VALUES block at the start of the outermost WHERE group."""
    if not bindings:
        return text
    match = re.search(r"\bWHERE\s*\{", text, re.IGNORECASE)
    if not match:
        raise QueryError("bindings need a query with a WHERE { … } clause")
    return text[: match.end()] + "\n  " + values_block(bindings) + "\n" + text[match.end() :]


def _local_rows(graph, text: str):
    try:
        result = graph.query(sparql_prefixes() + text)
        variables = [str(v) for v in result.vars]
        rows = [[binding.get(var) for var in result.vars] for binding in result.bindings]
    except SyntaxError as exc:
        # positions count the PREFIX lines owlgraph prepends; give them as lines of the user's text
        shift = sparql_prefixes().count("\n")
        detail = re.sub(
            r"\bat (\d+):(\d+)", lambda m: f"at line {int(m[1]) - shift}, column {m[2]}", _one_line(exc), count=1
        )
        raise QueryError(f"SPARQL syntax error: {detail}; fix the query") from None
    except Exception as exc:  # oxigraph raises OSError/ValueError subclasses for evaluation errors
        if type(exc).__module__.startswith("pyoxigraph") or "parse" in str(exc).lower():
            raise QueryError(f"SPARQL error: {_one_line(exc)}; fix the query") from None
        raise
    return variables, rows


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:300]


def select_rows(source, spec: str, *, bindings: dict[str, Node] | None = None):
    """Variables and rows of rdflib terms for a SELECT query on a local graph or an endpoint."""
    text = _with_values(resolve_query(spec), bindings)
    if hasattr(source, "select_rows"):  # an owlgraph.sparql.endpoint.Endpoint
        return source.select_rows(text)
    if isinstance(source, str):
        from owlgraph.sparql.endpoint import Endpoint

        return Endpoint(source).select_rows(text)
    return _local_rows(source, text)


def query(source, spec: str, *, bindings: dict[str, Node] | None = None):
    """Run a SELECT query and return a typed pandas DataFrame.

    ``source`` is a graph (e.g. from :func:`owlgraph.store.loading.load_graph`), an
    :class:`owlgraph.sparql.endpoint.Endpoint` or an endpoint URL; ``spec`` a named
    query, a ``.rq`` path or SPARQL text.
    """
    variables, rows = select_rows(source, spec, bindings=bindings)
    return to_frame(variables, rows)
