"""A remote SPARQL 1.1 endpoint: query it, and push a graph into it as a whole.

:class:`Endpoint` speaks the SPARQL 1.1 Protocol (queries and updates) and the
Graph Store Protocol (``PUT`` of a named graph). Every query gets the owlgraph
PREFIX lines prepended; SELECT results come back in the same shape as local
ones (:func:`owlgraph.sparql.results.rows_from_json` then :func:`~owlgraph.sparql.results.to_frame`).

Every failure is one line naming the URL (never the credentials) and what to do:
an :class:`~owlgraph.core.errors.EndpointError`, or a :class:`~owlgraph.core.errors.QueryError`
when the server rejects the SPARQL text (HTTP 400).

Why not SPARQLWrapper: its Digest authentication installs a *process-global*
urllib opener on every request and its ``str()`` prints the password; it has no
Graph Store Protocol either. One small urllib transport per endpoint serves
queries, updates and ``PUT`` alike, with one error mapping.

Examples
--------
>>> ep = Endpoint("http://127.0.0.1:9/query", user="u", password="s3cret")
>>> "s3cret" in repr(ep)
False
>>> print(with_bindings("SELECT ?x WHERE { ?x ?p ?o }", {"x": URIRef("https://e.org/a")}))
SELECT ?x WHERE { VALUES (?x) { (<https://e.org/a>) } ?x ?p ?o }
"""

import html
import http.client
import json
import logging
import netrc
import os
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Mapping

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from owlgraph.core.errors import EndpointError, QueryError
from owlgraph.core.namespaces import sparql_prefixes
from owlgraph.sparql.results import rows_from_json, to_frame

__all__ = ["Endpoint", "with_bindings", "check_iri"]

log = logging.getLogger(__name__)

USER_ENV, PASSWORD_ENV = "OWLGRAPH_SPARQL_USER", "OWLGRAPH_SPARQL_PASSWORD"
JSON_RESULTS = "application/sparql-results+json"
RDF_ACCEPT = "application/n-triples, text/plain;q=0.9, text/turtle;q=0.8"
_VAR = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# SPARQL 1.1 IRIREF: anything that could close the <...> or start new syntax is excluded.
_IRI = re.compile(r'[^<>"{}|^`\\\x00-\x20]*')
_BATCH = 1000  # triples per INSERT DATA operation
# Just enough of the SPARQL lexer to find the WHERE keyword and braces outside strings, IRIs, comments.
_TOKENS = re.compile(
    "|".join(
        [
            r'"""[\s\S]*?"""',
            r"'''[\s\S]*?'''",
            r'"(?:[^"\\\n]|\\.)*"',
            r"'(?:[^'\\\n]|\\.)*'",  # strings
            r'<[^<>"{}|^`\\\x00-\x20]*>',  # IRIs (a "<" followed by a space is a less-than)
            r"\#[^\n]*",  # comments
            r"(?<![\w:?$])WHERE(?![\w:])",
            r"\{",
        ]
    ),
    re.IGNORECASE,
)


def check_iri(iri: str, what: str = "IRI") -> str:
    """``iri`` if it is safe inside ``<...>`` in SPARQL, else :class:`QueryError`.

    >>> check_iri("https://e.org/a")
    'https://e.org/a'
    """
    if not _IRI.fullmatch(str(iri)):
        raise QueryError(f"{what} {str(iri)[:80]!r} contains characters not allowed in an IRI; percent-encode them")
    return str(iri)


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


def _where_brace(query: str) -> int:
    """Offset just after the ``{`` that opens the WHERE pattern, skipping strings, IRIs and comments."""
    tokens = [(m.group(), m.end()) for m in _TOKENS.finditer(query)]
    where = next((i for i, (t, _) in enumerate(tokens) if t.upper() == "WHERE"), -1)
    end = next((e for t, e in tokens[where + 1 :] if t == "{"), None)
    if end is None:
        raise QueryError(f"cannot bind values: no WHERE {{ ... }} pattern in {' '.join(query.split())[:80]!r}")
    return end


def with_bindings(query: str, bindings: Mapping[str, Node] | None) -> str:
    """``query`` with a SPARQL 1.1 ``VALUES`` block binding each variable.

    The block opens the WHERE pattern (a trailing ``VALUES`` would be simpler,
    but Virtuoso 7.2 fails on it when a bound variable is not projected).
    Values are serialised with ``.n3()`` (literals escaped, IRIs checked), so a
    value is always data, never SPARQL.
    """
    if not bindings:
        return query
    names = [str(v).lstrip("?$") for v in bindings]
    for name in names:
        if not _VAR.fullmatch(name):
            raise QueryError(f"binding name {name!r} is not a SPARQL variable name; use letters, digits and _")
    cells = " ".join(_term(value, name) for name, value in zip(names, bindings.values()))
    at = _where_brace(query)
    return f"{query[:at]} VALUES ({' '.join('?' + n for n in names)}) {{ ({cells}) }}{query[at:]}"


def _excerpt(body: bytes | str, secret: str | None, limit: int = 200) -> str:
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = " ".join(text.split())
    if secret:
        text = text.replace(secret, "***")
    return text[:limit] + ("…" if len(text) > limit else "")


def _strip_userinfo(url: str) -> tuple[str, str | None, str | None]:
    parts = urllib.parse.urlsplit(url)
    if parts.username is None:
        return url, None, None
    netloc = (parts.hostname or "") + (f":{parts.port}" if parts.port else "")
    user, password = urllib.parse.unquote(parts.username), parts.password
    return parts._replace(netloc=netloc).geturl(), user, urllib.parse.unquote(password) if password else None


def _netrc_credentials(host: str) -> tuple[str | None, str | None]:
    path = os.path.join(os.path.expanduser("~"), ".netrc")
    if not os.path.exists(path):
        return None, None
    try:
        entry = netrc.netrc(path).authenticators(host)
    except (netrc.NetrcParseError, OSError) as exc:
        raise EndpointError(
            f"{path}: cannot read it ({type(exc).__name__}); fix the file or pass user/password"
        ) from None
    return (entry[0], entry[2]) if entry else (None, None)


class Endpoint:
    """A SPARQL 1.1 endpoint, with optional update and Graph Store Protocol URLs.

    Parameters
    ----------
    url : str
        Query endpoint, e.g. ``http://127.0.0.1:7878/query``.
    update_url, gsp_url : str, optional
        SPARQL Update endpoint and Graph Store Protocol endpoint (``.../store``).
    user, password : str, optional
        Credentials for HTTP Basic or Digest (whichever the server asks for).
        Default: ``OWLGRAPH_SPARQL_USER``/``OWLGRAPH_SPARQL_PASSWORD``, else the
        ``~/.netrc`` entry for the host.
    timeout : float
        Seconds to wait for the server on each request.
    retries : int
        Extra attempts after a connection error or HTTP 5xx (never after 4xx).
    default_graph : str, optional
        Sent as ``default-graph-uri`` with every query.
    """

    def __init__(
        self,
        url: str,
        *,
        update_url: str | None = None,
        gsp_url: str | None = None,
        user: str | None = None,
        password: str | None = None,
        timeout: float = 30.0,
        retries: int = 2,
        default_graph: str | None = None,
    ):
        self.url, url_user, url_password = _strip_userinfo(url)
        self.update_url = _strip_userinfo(update_url)[0] if update_url else None
        self.gsp_url = _strip_userinfo(gsp_url)[0] if gsp_url else None
        self.timeout, self.retries, self.default_graph = float(timeout), int(retries), default_graph
        user = user or url_user or os.environ.get(USER_ENV)
        password = password if password is not None else url_password or os.environ.get(PASSWORD_ENV)
        if user is None and password is None:
            user, password = _netrc_credentials(urllib.parse.urlsplit(self.url).hostname or "")
        self.user = user
        # The password lives only inside the opener's password manager and a
        # redaction closure: never in vars(), repr() or a message.
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        if user is not None:
            for u in {self.url, self.update_url, self.gsp_url} - {None}:
                manager.add_password(None, str(u), user, password or "")
        self._opener = urllib.request.build_opener(_DigestAuth(manager), _BasicAuth(manager))
        self._redact = lambda text: _excerpt(text, password)

    def __repr__(self) -> str:
        auth = f", user={self.user!r}, password=***" if self.user else ""
        return f"Endpoint({self.url!r}{auth})"

    # -- queries -----------------------------------------------------------------------------------

    def select_rows(self, query: str, *, bindings: Mapping[str, Node] | None = None):
        """Variables and rows of rdflib terms (``None`` where unbound)."""
        return rows_from_json(self._query_json(query, bindings))

    def select(self, query: str, *, bindings: Mapping[str, Node] | None = None):
        """A pandas DataFrame with typed cells, as for a local query."""
        return to_frame(*self.select_rows(query, bindings=bindings))

    def ask(self, query: str, *, bindings: Mapping[str, Node] | None = None) -> bool:
        """The boolean answer of an ASK query."""
        answer = self._query_json(query, bindings)
        if "boolean" not in answer:
            raise EndpointError(f"{self.url} answered an ASK query without a boolean; is it a SPARQL endpoint?")
        return bool(answer["boolean"])

    def construct(self, query: str, *, bindings: Mapping[str, Node] | None = None) -> Graph:
        """The graph built by a CONSTRUCT (or DESCRIBE) query."""
        body, ctype = self._send(self.url, self._query_form(query, bindings), RDF_ACCEPT, "query")
        fmt = "turtle" if "turtle" in ctype else "xml" if "xml" in ctype else "nt"
        try:
            return Graph().parse(data=body.decode("utf-8"), format=fmt)
        except Exception as exc:
            raise EndpointError(f"{self.url} returned unparseable RDF ({ctype}): {type(exc).__name__}") from None

    def triple_count(self, graph_iri: str | None = None) -> int:
        """Number of triples in a named graph, or in the default graph."""
        pattern = f"GRAPH <{check_iri(graph_iri, 'graph')}> {{ ?s ?p ?o }}" if graph_iri else "?s ?p ?o"
        _, rows = self.select_rows(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")
        return int(rows[0][0].toPython()) if rows and rows[0][0] is not None else 0

    def _query_form(self, query: str, bindings) -> dict:
        form = {"query": sparql_prefixes() + with_bindings(query, bindings)}
        if self.default_graph:
            form["default-graph-uri"] = self.default_graph
        return form

    def _query_json(self, query: str, bindings) -> dict:
        body, _ = self._send(self.url, self._query_form(query, bindings), JSON_RESULTS, "query")
        try:
            return json.loads(body)
        except ValueError:
            raise EndpointError(
                f"{self.url} did not return SPARQL JSON results: "
                f"{self._redact(body[:200])}; is it a SPARQL query endpoint?"
            ) from None

    # -- updates -----------------------------------------------------------------------------------

    def update(self, update: str, *, retry: bool = True) -> None:
        """Run a SPARQL Update request (owlgraph prefixes prepended)."""
        if not self.update_url:
            raise EndpointError(f"{self.url}: no update URL configured; pass Endpoint(..., update_url=...)")
        self._send(self.update_url, {"update": sparql_prefixes() + update}, "*/*", "update", retry=retry)

    def push(self, graph: Graph, graph_iri: str, *, verify: bool = True) -> int:
        """Replace the named graph ``graph_iri`` with ``graph``; return its remote triple count.

        With an update URL the triples first go into a fresh staging graph (by
        Graph Store ``PUT``, or ``INSERT DATA`` when there is no GSP URL or it
        answers 404/405), are counted there, and only then ``MOVE`` onto the
        target in one update operation; a failure before the ``MOVE`` leaves the
        target untouched. Without an update URL it is a single ``PUT`` onto the
        target, atomic where the store makes it so (Oxigraph does; Virtuoso
        does not).
        """
        target = check_iri(graph_iri, "graph")
        expected = len(graph)
        if expected == 0 and self.update_url:
            self.update(f"DROP SILENT GRAPH <{target}>")
            return self._verified(target, 0, verify)
        if not self.update_url:
            if not self.gsp_url:
                raise EndpointError(f"{self.url}: push needs a gsp_url or an update_url; pass one to Endpoint(...)")
            self._put(graph, target)
            return self._verified(target, expected, verify)
        staging = f"urn:owlgraph:staging:{uuid.uuid4().hex}"
        try:
            if not (self.gsp_url and self._put(graph, staging)):
                self.update(self._serialised(lambda: _insert_data(graph, staging)))
            staged = self.triple_count(staging)
            if staged != expected:
                raise EndpointError(
                    f"{self.update_url}: staging graph <{staging}> got {staged} of {expected} "
                    f"triples; <{target}> is unchanged; check the server log"
                )
            self.update(f"MOVE GRAPH <{staging}> TO GRAPH <{target}>", retry=False)
        except BaseException:
            try:
                self.update(f"DROP SILENT GRAPH <{staging}>", retry=False)
            except EndpointError:
                log.warning("could not drop staging graph <%s> on %s", staging, self.update_url)
            raise
        return self._verified(target, expected, verify)

    def _put(self, graph: Graph, graph_iri: str) -> bool:
        """PUT ``graph`` as N-Triples; False when the server has no Graph Store Protocol."""
        gsp = self.gsp_url or ""
        url = f"{gsp}{'&' if '?' in gsp else '?'}" + urllib.parse.urlencode({"graph": graph_iri})
        data = self._serialised(lambda: graph.serialize(format="nt", encoding="utf-8"))
        try:
            self._send(url, data, "*/*", "push", method="PUT", content_type="application/n-triples")
        except _NoGraphStore:
            return False
        return True

    def _serialised(self, serialise):
        # rdflib raises a bare Exception for an IRI it cannot write (space, quote, ...).
        try:
            return serialise()
        except Exception as exc:
            reason = " ".join(str(exc).split())[:160]
            raise EndpointError(
                f"{self.gsp_url or self.update_url}: the graph cannot be written as N-Triples "
                f"({reason}); fix the term, nothing was sent"
            ) from None

    def _verified(self, graph_iri: str, expected: int, verify: bool) -> int:
        if not verify:
            return expected
        actual = self.triple_count(graph_iri)
        if actual != expected:
            raise EndpointError(
                f"{self.url}: graph <{graph_iri}> now holds {actual} triples, expected {expected}; "
                f"push again or inspect it with triple_count()"
            )
        return actual

    # -- transport ---------------------------------------------------------------------------------

    def _send(
        self,
        url: str,
        data: dict | bytes,
        accept: str,
        what: str,
        *,
        method: str = "POST",
        content_type: str = "application/x-www-form-urlencoded",
        retry: bool = True,
    ) -> tuple[bytes, str]:
        body = urllib.parse.urlencode(data).encode() if isinstance(data, dict) else data
        attempts = 1 + (self.retries if retry else 0)
        for attempt in range(attempts):
            request = urllib.request.Request(
                url, data=body, method=method, headers={"Accept": accept, "Content-Type": content_type}
            )
            try:
                with self._opener.open(request, timeout=self.timeout) as response:
                    return response.read(), response.headers.get("Content-Type", "")
            except Exception as exc:
                error, transient = self._error(exc, url, what)
            if not transient or attempt == attempts - 1:
                raise error from None
            log.info("%s failed (%s); retrying", url.split("?")[0], error)
            time.sleep(0.2 * 2**attempt)
        raise AssertionError("unreachable")

    def _error(self, exc: Exception, url: str, what: str) -> tuple[Exception, bool]:
        """The one-line owlgraph error for ``exc``, and whether retrying may help."""
        where = url.split("?")[0]
        if isinstance(exc, urllib.error.HTTPError):
            code = exc.code
            try:
                detail = self._redact(exc.read())
            except Exception:
                detail = ""
            if what == "push" and code in (404, 405):
                return _NoGraphStore(), False
            if code in (401, 403):
                hint = (
                    "check the user and password"
                    if self.user
                    else f"pass user/password, set {USER_ENV}/{PASSWORD_ENV} or add the host to ~/.netrc"
                )
                if code == 403:
                    hint += f"; or the server does not allow this {what} (read-only?)"
                detail = f": {detail[:120]}" if detail else ""
                return EndpointError(f"{where} refused access (HTTP {code}){detail}; {hint}"), False
            if code == 400 and what == "query":
                return QueryError(f"{where} rejected the query (HTTP 400): {detail}; fix the SPARQL"), False
            if code == 400:
                return EndpointError(
                    f"{where} rejected the {what} (HTTP 400): {detail}; fix the data or the update"
                ), False
            if code >= 500 and "SECURITY" in detail:  # Virtuoso refuses an update on /sparql with 500, not 403
                return EndpointError(
                    f"{where} refused the {what} (HTTP {code}): {detail[:120]}; use an "
                    "authenticated endpoint such as /sparql-auth with user and password"
                ), False
            if code >= 500:
                return EndpointError(
                    f"{where} failed with HTTP {code}: {detail or exc.reason}; check the server log or try again later"
                ), True
            return EndpointError(f"{where} answered HTTP {code} {exc.reason}: {detail}; check the URL"), False
        reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
        if isinstance(reason, (TimeoutError, socket.timeout)):
            return EndpointError(
                f"{where} did not answer within {self.timeout:g} s; raise it with "
                "Endpoint(..., timeout=SECONDS) or simplify the query"
            ), False
        if isinstance(reason, ConnectionRefusedError):
            return EndpointError(f"{where}: connection refused; start the server or check host and port"), True
        if isinstance(
            reason, (http.client.RemoteDisconnected, http.client.IncompleteRead, ConnectionResetError, BrokenPipeError)
        ):
            return EndpointError(
                f"{where} closed the connection before answering; check the server log or try again"
            ), True
        if isinstance(reason, (OSError, http.client.HTTPException)):
            text = getattr(reason, "strerror", None) or type(reason).__name__
            return EndpointError(f"{where} is unreachable ({text}); check the URL and the network"), True
        raise exc


class _BasicAuth(urllib.request.HTTPBasicAuthHandler):
    """Basic auth that lets a 401 through (as our error) when the challenge is not Basic."""

    def http_error_401(self, req, fp, code, msg, headers):
        try:
            return super().http_error_401(req, fp, code, msg, headers)
        except ValueError:  # urllib raises it for a scheme it does not handle
            return None


class _DigestAuth(urllib.request.HTTPDigestAuthHandler):
    """Digest auth that lets a 401 through when the challenge is not Digest."""

    def http_error_401(self, req, fp, code, msg, headers):
        try:
            return super().http_error_401(req, fp, code, msg, headers)
        except ValueError:
            return None


class _NoGraphStore(Exception):
    """The GSP URL does not implement PUT (404/405): fall back to SPARQL Update."""


def _insert_data(graph: Graph, graph_iri: str) -> str:
    """``INSERT DATA`` operations in batches, all in one update request.

    Blank node labels are scoped to one operation, so a graph with blank nodes
    goes in a single batch.
    """
    lines = [f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in graph]
    size = len(lines) if any(isinstance(t, BNode) for triple in graph for t in triple) else _BATCH
    batches = ("\n".join(lines[i : i + size]) for i in range(0, len(lines), size))
    return " ;\n".join(f"INSERT DATA {{ GRAPH <{graph_iri}> {{\n{b}\n}} }}" for b in batches)
