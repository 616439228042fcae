"""Bind values to query variables: the one way, for the embedded store and remote endpoints alike.

A SPARQL 1.1 ``VALUES`` block opens the query's WHERE pattern. The query is read
with just enough of the SPARQL lexer to skip strings, IRIs and comments, so a
comment that says ``WHERE {`` is not mistaken for the pattern. Values are
serialised as RDF terms (literals escaped, IRIs checked), so a value is always
data, never SPARQL. A binding for a variable the query does not mention is
refused: it would otherwise bind nothing and return every row.

Examples
--------
>>> from rdflib import URIRef
>>> print(with_bindings("SELECT ?x WHERE { ?x ?p ?o }", {"x": URIRef("https://e.org/a")}))
SELECT ?x WHERE { VALUES (?x) { (<https://e.org/a>) } ?x ?p ?o }
>>> sorted(query_variables("# WHERE { ?not }" + chr(10) + "SELECT ?s WHERE { ?s <urn:p?q> 'a ?b' }"))
['s']
"""

import difflib
import re
from collections.abc import Mapping

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from owlgraph.core.errors import QueryError
from owlgraph.core.iri import check_iri

__all__ = ["with_bindings", "query_variables"]

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Just enough of the SPARQL lexer to find the WHERE keyword, braces and variables outside strings, IRIs, comments.
_TOKENS = re.compile(
    "|".join(
        [
            r'"""[\s\S]*?"""',
            r"'''[\s\S]*?'''",
            r'"(?:[^"\\\n]|\\.)*"',
            r"'(?:[^'\\\n]|\\.)*'",  # strings
            r'<[^<>"{}|^`\\\x00-\x20]*>',  # IRIs (a "<" followed by a space is a less-than)
            r"\#[^\n]*",  # comments
            r"[?$][A-Za-z0-9_\u00b7\u00c0-\uffff]+",  # variables
            r"(?<![\w:?$])WHERE(?![\w:])",
            r"\{",
        ]
    ),
    re.IGNORECASE,
)


def _tokens(query: str) -> list[tuple[str, int]]:
    return [(m.group(), m.end()) for m in _TOKENS.finditer(query)]


def query_variables(query: str) -> set[str]:
    """The names of the variables a query mentions (without ``?``), outside strings, IRIs and comments.

    Examples
    --------
    >>> sorted(query_variables("SELECT ?a $b WHERE { ?a ?p $b }"))
    ['a', 'b', 'p']
    """
    return {token[1:] for token, _ in _tokens(query) if token[0] in "?$"}


def _term(value, var: str) -> str:
    if isinstance(value, BNode):
        raise QueryError(f"binding ?{var}: blank nodes cannot be bound; use an IRI")
    if not isinstance(value, (URIRef, Literal)):
        value = Literal(value)  # plain Python values become typed literals, never raw text
    if isinstance(value, URIRef):
        check_iri(value, f"binding ?{var}")
    elif value.datatype is not None:
        check_iri(value.datatype, f"datatype of binding ?{var}")
    return value.n3()


def _where_brace(tokens: list[tuple[str, int]], query: str) -> int:
    """Offset just after the ``{`` that opens the WHERE pattern."""
    where = next((i for i, (t, _) in enumerate(tokens) if t.upper() == "WHERE"), -1)
    end = next((e for t, e in tokens[where + 1 :] if t == "{"), None)
    if end is None:
        raise QueryError(f"cannot bind values: no WHERE {{ ... }} pattern in {' '.join(query.split())[:80]!r}")
    return end


def with_bindings(query: str, bindings: Mapping[str, Node] | None) -> str:
    """``query`` with a SPARQL 1.1 ``VALUES`` block binding each variable to one value.

    The block opens the WHERE pattern (a trailing ``VALUES`` would be simpler,
    but Virtuoso 7.2 fails on it when a bound variable is not projected).
    Names may be given with or without ``?``/``$``; plain Python values become
    typed literals.

    Raises
    ------
    QueryError
        For a name that is not a SPARQL variable name, a variable the query does
        not mention, a blank node, an invalid IRI, or a query without ``WHERE {``.

    Examples
    --------
    >>> with_bindings("SELECT ?name WHERE { ?x ?p ?name }", {"nmae": "Bio-OWL"})
    Traceback (most recent call last):
    ...
    owlgraph.core.errors.QueryError: binding ?nmae: the query has no variable ?nmae (did you mean ?name?); its variables are ?name, ?p, ?x
    """
    if not bindings:
        return query
    names = [str(v).lstrip("?$") for v in bindings]
    for name in names:
        if not _NAME.fullmatch(name):
            raise QueryError(f"binding name {name!r} is not a SPARQL variable name; use letters, digits and _")
    tokens = _tokens(query)
    known = {token[1:] for token, _ in tokens if token[0] in "?$"}
    for name in names:
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f" (did you mean ?{close[0]}?)" if close else ""
            listed = ", ".join(f"?{v}" for v in sorted(known)) or "none"
            raise QueryError(f"binding ?{name}: the query has no variable ?{name}{hint}; its variables are {listed}")
    cells = " ".join(_term(value, name) for name, value in zip(names, bindings.values()))
    at = _where_brace(tokens, query)
    return f"{query[:at]} VALUES ({' '.join('?' + n for n in names)}) {{ ({cells}) }}{query[at:]}"
