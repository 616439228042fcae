"""The one rule for IRIs and for web addresses, used by every stage.

Oxigraph's IRI parser is the reference: a value is an IRI when
``pyoxigraph.NamedNode`` accepts it (absolute, RFC 3987 code points, valid
percent-encoding, at most one ``#``). Anything that passes is safe inside
``<...>`` in SPARQL, Turtle and N-Triples. A web address is such an IRI with the
``http`` or ``https`` scheme, a host, and no ``user:password@`` part (which would
publish credentials).

Examples
--------
>>> is_iri("https://w3id.org/owlgraph/id/a"), is_iri("https://e.org/a b"), is_iri("relative/path")
(True, False, False)
>>> is_http_url("https://www.zig-owl.de"), is_http_url("www.zig-owl.de"), is_http_url("https://u:p@e.org")
(True, False, False)
>>> check_iri("https://e.org/> } DROP ALL #", "binding ?x")
Traceback (most recent call last):
...
owlgraph.core.errors.QueryError: binding ?x 'https://e.org/> } DROP ALL #' is not a valid absolute IRI (Invalid IRI code point '>'); percent-encode characters not allowed in an IRI
"""

from urllib.parse import urlsplit

from owlgraph.core.errors import OwlgraphError, QueryError

__all__ = ["is_iri", "is_http_url", "check_iri", "iri_problem"]


def iri_problem(value: object) -> str | None:
    """Why ``value`` is not an absolute IRI (Oxigraph's parser's words), or ``None`` if it is one.

    Examples
    --------
    >>> iri_problem("https://e.org/100%")
    "Invalid IRI percent encoding '%'"
    >>> iri_problem("urn:isbn:3-16-148410-0") is None
    True
    """
    if not isinstance(value, str):
        return f"not a string but {type(value).__name__}"
    import pyoxigraph as ox

    try:
        ox.NamedNode(value)
    except ValueError as exc:
        return " ".join(str(exc).split()) or "not an IRI"
    return None


def is_iri(value: object) -> bool:
    """Whether ``value`` is an absolute IRI that Oxigraph accepts.

    Examples
    --------
    >>> is_iri("urn:x"), is_iri("https://e.org/a#b#c")
    (True, False)
    """
    return iri_problem(value) is None


def is_http_url(value: object) -> bool:
    """Whether ``value`` is an IRI with scheme http(s), a host and no credentials.

    Examples
    --------
    >>> is_http_url("http://127.0.0.1:7878/query"), is_http_url("javascript:alert(1)")
    (True, False)
    """
    if not is_iri(value):
        return False
    try:
        parts = urlsplit(str(value))
    except ValueError:  # e.g. an unclosed [IPv6] host
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname) and "@" not in parts.netloc


def check_iri(value: object, what: str = "IRI", *, error: type[OwlgraphError] = QueryError) -> str:
    """``value`` as a string if it is an absolute IRI, else ``error`` naming ``what`` and why.

    Examples
    --------
    >>> check_iri("https://e.org/a")
    'https://e.org/a'
    """
    problem = iri_problem(str(value) if value is not None else value)
    if problem is not None:
        fix = (
            "write it in full, with its scheme, e.g. https://example.org/…"
            if "scheme" in problem.lower()
            else "percent-encode characters not allowed in an IRI"
        )
        raise error(f"{what} {str(value)[:80]!r} is not a valid absolute IRI ({problem}); {fix}")
    return str(value)
