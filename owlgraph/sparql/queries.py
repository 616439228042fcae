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

from rdflib.term import Node

from owlgraph.core.errors import QueryError
from owlgraph.core.files import read_text
from owlgraph.core.resources import resource
from owlgraph.sparql.results import to_frame
from owlgraph.sparql.source import as_source

__all__ = ["QUERIES_DIR", "NamedQuery", "named_queries", "resolve_query", "query", "select_rows"]

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
    """The competency queries in ``queries/competency/``, by name.

    Examples
    --------
    >>> named_queries()["who-heads-what"].question
    'Who heads which organisation, and is that stated or inferred?'
    """
    return dict(_load_named(QUERIES_DIR))


def resolve_query(spec: str) -> str:
    """The SPARQL text for a named query, a ``.rq`` file, or a query string.

    Examples
    --------
    >>> resolve_query("ASK { ?s ?p ?o }")
    'ASK { ?s ?p ?o }'
    >>> resolve_query("who-heads")
    Traceback (most recent call last):
    ...
    owlgraph.core.errors.QueryError: unknown query 'who-heads' (did you mean who-heads-what?); run 'owlgraph query --list' for the named queries, or give a .rq file or SPARQL text
    """
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


def select_rows(source, spec: str, *, bindings: dict[str, Node] | None = None):
    """Variables and rows of rdflib terms of a SELECT query, on any graph source.

    ``source`` is anything :func:`owlgraph.sparql.source.as_source` accepts: a graph
    from :func:`owlgraph.store.loading.load_graph`, an
    :class:`~owlgraph.sparql.endpoint.Endpoint`, an endpoint URL or a configured
    ``SPARQLWrapper``; ``spec`` a named query, a ``.rq`` path or SPARQL text.

    Examples
    --------
    >>> from owlgraph.store.loading import load_graph
    >>> variables, rows = select_rows(load_graph(), "SELECT ?i WHERE { ?i a og:Initiative }")
    >>> variables, len(rows)
    (['i'], 10)
    """
    return as_source(source).select_rows(resolve_query(spec), bindings=bindings)


def query(source, spec: str, *, bindings: dict[str, Node] | None = None):
    """Run a SELECT query on any graph source and return a typed pandas DataFrame.

    ``source`` is a graph (e.g. from :func:`owlgraph.store.loading.load_graph`), an
    :class:`owlgraph.sparql.endpoint.Endpoint`, an endpoint URL or a configured
    ``SPARQLWrapper``; ``spec`` a named query, a ``.rq`` path or SPARQL text.
    ``bindings`` bind query variables to values (RDF terms, or Python values as
    typed literals); a variable the query does not mention is an error.

    Examples
    --------
    >>> from rdflib import URIRef
    >>> from owlgraph.store.loading import load_graph
    >>> zig = URIRef("https://w3id.org/owlgraph/id/initiative/zig-owl")
    >>> query(load_graph(), "initiatives-and-websites", bindings={"initiative": zig}).website.tolist()
    ['https://www.zig-owl.de']
    """
    variables, rows = select_rows(source, spec, bindings=bindings)
    return to_frame(variables, rows)
