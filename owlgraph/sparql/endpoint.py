"""A remote SPARQL 1.1 endpoint: query it, and push a graph into it as a whole.

:class:`Endpoint` speaks the SPARQL 1.1 Protocol (queries and updates) and the
Graph Store Protocol (``PUT`` of a named graph). Every query gets the owlgraph
PREFIX lines prepended; SELECT results come back in the same shape as local
ones (:func:`owlgraph.sparql.results.rows_from_json` then :func:`~owlgraph.sparql.results.to_frame`).

Every failure is one line naming the URL (never the credentials) and what to do:
an :class:`~owlgraph.core.errors.EndpointError`, or a :class:`~owlgraph.core.errors.QueryError`
when the server rejects the SPARQL text (HTTP 400).

SELECT, ASK and CONSTRUCT requests are built by SPARQLWrapper (one fresh
``SPARQLWrapper`` per request, Basic credentials set on it with
``setCredentials``) and sent through this endpoint's own urllib opener: never a
process-wide one (SPARQLWrapper's Digest support installs one), so that retries,
timeouts, Digest authentication (Virtuoso) and the one-line errors are the same
for queries, updates and the Graph Store Protocol ``PUT``. The password lives
only in closures: never in ``vars()``, ``repr()`` or a message.
:meth:`Endpoint.from_sparqlwrapper` takes a ``SPARQLWrapper`` a user configured.

Examples
--------
>>> ep = Endpoint("http://127.0.0.1:9/query", user="u", password="s3cret")
>>> "s3cret" in repr(ep)
False
>>> from SPARQLWrapper import SPARQLWrapper
>>> wrapper = SPARQLWrapper("http://127.0.0.1:9/query")
>>> wrapper.setCredentials("u", "s3cret")
>>> Endpoint.from_sparqlwrapper(wrapper)
Endpoint('http://127.0.0.1:9/query', user='u', password=***)
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
import warnings
from collections.abc import Mapping

from rdflib import BNode, Graph
from rdflib.term import Node

from owlgraph.core.errors import EndpointError, QueryError
from owlgraph.core.formats import RDF_FORMATS, rdf_format_for_media_type
from owlgraph.core.iri import check_iri
from owlgraph.core.namespaces import sparql_prefixes
from owlgraph.sparql.bindings import with_bindings
from owlgraph.sparql.results import rows_from_json, to_frame

__all__ = ["Endpoint"]

log = logging.getLogger(__name__)

USER_ENV, PASSWORD_ENV = "OWLGRAPH_SPARQL_USER", "OWLGRAPH_SPARQL_PASSWORD"
JSON_RESULTS = "application/sparql-results+json"
# What a CONSTRUCT may answer in, best first: every triple format of the registry.
RDF_ACCEPT = ", ".join(
    f"{f.media_type};q={1 - i / 10:.1f}" if i else f.media_type
    for i, f in enumerate(RDF_FORMATS[name] for name in ("nt", "turtle", "rdfxml", "n3"))
)
_BATCH = 1000  # triples per INSERT DATA operation


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
        for given in (url, update_url, gsp_url):
            if given and urllib.parse.urlsplit(given).scheme not in ("http", "https"):
                raise EndpointError(
                    f"endpoint URL {given!r} needs http:// or https://, e.g. http://{given.split('://')[-1]}"
                )
        if default_graph is not None:
            default_graph = check_iri(default_graph, "graph")
        self.url, url_user, url_password = _strip_userinfo(url)
        self.update_url = _strip_userinfo(update_url)[0] if update_url else None
        self.gsp_url = _strip_userinfo(gsp_url)[0] if gsp_url else None
        self.timeout, self.retries, self.default_graph = float(timeout), int(retries), default_graph
        #: The ``Server`` header of the last answer (e.g. ``Oxigraph/0.5.13``); empty before the first.
        self.server = ""
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
        self._preemptive = user is not None  # Basic credentials set on each query's SPARQLWrapper
        self._credentials = lambda: (user, password)
        self._redact = lambda text: _excerpt(text, password)

    @classmethod
    def from_sparqlwrapper(cls, wrapper, **options) -> "Endpoint":
        """An endpoint with the URL, update URL, credentials, default graph and timeout of a ``SPARQLWrapper``.

        Every function that takes a graph source accepts a configured
        ``SPARQLWrapper.SPARQLWrapper`` and runs through this. ``options`` override
        what the wrapper says (e.g. ``gsp_url=``, ``retries=``). Custom HTTP headers
        and named graphs of the wrapper are not carried over.

        Examples
        --------
        >>> from SPARQLWrapper import SPARQLWrapper
        >>> ep = Endpoint.from_sparqlwrapper(SPARQLWrapper("http://127.0.0.1:9/query"), timeout=5)
        >>> ep.url, ep.timeout
        ('http://127.0.0.1:9/query', 5.0)
        """
        defaults = wrapper.parameters.get("default-graph-uri") or [None]  # SPARQLWrapper(url, defaultGraph=...)
        settings = {
            "update_url": wrapper.updateEndpoint if wrapper.updateEndpoint != wrapper.endpoint else None,
            "user": wrapper.user,
            "password": wrapper.passwd,
            "default_graph": defaults[0],
        }
        if wrapper.timeout:
            settings["timeout"] = wrapper.timeout
        return cls(wrapper.endpoint, **{**settings, **options})

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
        body, ctype = self._send_query(query, bindings, RDF_ACCEPT)
        info = rdf_format_for_media_type(ctype) or RDF_FORMATS["nt"]
        try:
            return Graph().parse(data=body.decode("utf-8"), format=info.rdflib_name)
        except Exception as exc:
            raise EndpointError(f"{self.url} returned unparseable RDF ({ctype}): {type(exc).__name__}") from None

    def triple_count(self, graph_iri: str | None = None) -> int:
        """Number of triples in a named graph, or in the default graph."""
        pattern = f"GRAPH <{check_iri(graph_iri, 'graph')}> {{ ?s ?p ?o }}" if graph_iri else "?s ?p ?o"
        _, rows = self.select_rows(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")
        return int(rows[0][0].toPython()) if rows and rows[0][0] is not None else 0

    def _wrapper(self, query: str, accept: str):
        """A fresh SPARQLWrapper for one request: the protocol form, default graph, Basic credentials."""
        from SPARQLWrapper import CONSTRUCT, DESCRIBE, JSON, N3, POST, SPARQLWrapper

        wrapper = SPARQLWrapper(self.url, returnFormat=JSON, defaultGraph=self.default_graph)
        wrapper.setMethod(POST)
        wrapper.setOnlyConneg(True)
        with warnings.catch_warnings():  # a query it cannot classify is the server's to reject
            warnings.simplefilter("ignore", RuntimeWarning)
            wrapper.setQuery(query)
        if wrapper.queryType in (CONSTRUCT, DESCRIBE):
            wrapper.setReturnFormat(N3)
        wrapper.addCustomHttpHeader("Accept", accept)
        user, password = self._credentials()
        if user is not None and self._preemptive:
            wrapper.setCredentials(user, password or "")
        return wrapper

    def _send_query(self, query: str, bindings, accept: str) -> tuple[bytes, str]:
        text = sparql_prefixes() + with_bindings(query, bindings)
        # _createRequest is SPARQLWrapper's request builder; sending it ourselves keeps urllib's
        # process-wide opener untouched and gives queries the retries and errors of every request.
        return self._open(lambda: self._wrapper(text, accept)._createRequest(), self.url, "query")

    def _query_json(self, query: str, bindings) -> dict:
        body, _ = self._send_query(query, bindings, JSON_RESULTS)
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
        return self._open(
            lambda: urllib.request.Request(
                url, data=body, method=method, headers={"Accept": accept, "Content-Type": content_type}
            ),
            url,
            what,
            retry=retry,
        )

    def open_select(self, query: str, *, accept: str):
        """Send a SELECT query and return the open HTTP response, its body not yet read.

        For results too large to hold as one body: the caller reads (and closes) the response line by
        line, as :func:`owlgraph.sparql.pages.select_strings` does. Errors before the body are the
        one-line errors of every request (with retries); the caller names errors while reading it.
        """
        text = sparql_prefixes() + query
        return self._open(lambda: self._wrapper(text, accept)._createRequest(), self.url, "query", read=False)

    def _learn_challenge(self, url: str) -> None:
        """Ask ``url`` once without a body, so that the Digest challenge is known and the next request, body
        and all, goes out with its answer instead of being refused half-sent."""
        try:
            self._opener.open(urllib.request.Request(url, method="HEAD"), timeout=self.timeout).close()
        except Exception:  # any answer will do: only the challenge on the way matters
            pass

    def _open(self, make_request, url: str, what: str, *, retry: bool = True, read: bool = True):
        """Send a fresh request from ``make_request()``, retrying connection errors and HTTP 5xx.

        Returns the body and its content type, or (``read=False``) the open response.
        """
        attempts = 1 + (self.retries if retry else 0)
        for attempt in range(attempts):
            request = make_request()
            try:
                try:
                    return self._answer(self._opener.open(request, timeout=self.timeout), read)
                except urllib.error.HTTPError as exc:
                    if not (exc.code == 401 and self._preemptive and request.has_header("Authorization")):
                        raise
                    # A server that wants Digest (Virtuoso) answers a Basic header with a bare 401:
                    # from now on send no Basic header and let the opener answer the challenge.
                    self._preemptive = False
                    return self._answer(self._opener.open(make_request(), timeout=self.timeout), read)
            except Exception as exc:
                if self.user is not None and _dropped(exc):
                    # ... or, with a large body still being sent, drops the connection instead of a clean
                    # 401 (for a Basic header, or for a Digest answer whose nonce it no longer takes): the
                    # retry goes without the Basic header and with the answer to a challenge asked afresh.
                    if self._preemptive and request.has_header("Authorization"):
                        self._preemptive = False
                        attempts = max(attempts, attempt + 2)
                    self._learn_challenge(url)
                error, transient = self._error(exc, url, what)
            if not transient or attempt == attempts - 1:
                raise error from None
            log.info("%s failed (%s); retrying", url.split("?")[0], error)
            time.sleep(0.2 * 2**attempt)
        raise AssertionError("unreachable")

    def _answer(self, response, read: bool):
        """:func:`_answer`, remembering the server's name (``Server`` header) for :attr:`server`."""
        self.server = response.headers.get("Server", "")
        return _answer(response, read)

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
            if code >= 500 and "estimated execution time" in detail:  # Virtuoso refuses before it starts
                return EndpointError(
                    f"{where} refused the {what} (HTTP {code}): {detail[:160]}; raise the server's limit "
                    "(Virtuoso: MaxQueryCostEstimationTime in the [SPARQL] section of virtuoso.ini, 0 for none)"
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


def _dropped(exc: Exception) -> bool:
    """Whether the server closed the connection on us (rather than answering)."""
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    return isinstance(reason, (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError))


def _answer(response, read: bool):
    """The body and content type of ``response`` (closed), or the open response itself.

    An answer the server marks incomplete is refused: Virtuoso's "anytime" queries stop at a time limit and
    send what they have with an ``X-SQL-State`` header, which would otherwise pass as the whole answer.
    """
    if state := response.headers.get("X-SQL-State"):
        response.close()
        message = " ".join((response.headers.get("X-SQL-Message") or "").split("Activity:")[0].split())[:160]
        raise EndpointError(
            f"{response.geturl().split('?')[0]} returned an incomplete answer ({state}: {message}); "
            "raise the server's MaxQueryExecutionTime or ask for less"
        )
    if not read:
        return response
    with response:
        return response.read(), response.headers.get("Content-Type", "")


class _BasicAuth(urllib.request.HTTPBasicAuthHandler):
    """Basic auth that lets a 401 through (as our error) when the challenge is not Basic."""

    def http_error_401(self, req, fp, code, msg, headers):
        try:
            return super().http_error_401(req, fp, code, msg, headers)
        except ValueError:  # urllib raises it for a scheme it does not handle
            return None


class _DigestAuth(urllib.request.HTTPDigestAuthHandler):
    """Digest auth that lets a 401 through when the challenge is not Digest, and answers the last
    challenge up front.

    urllib sends each request without credentials and answers the server's 401. With a large body
    Virtuoso may send that 401 and close the connection while the body is still going out ("closed
    the connection before answering"). Once a challenge is known, every later request carries its
    answer (the nonce count rising), so a body goes out only once and only with credentials; a
    stale nonce gets a fresh 401 and is answered as before.
    """

    _challenge: dict | None = None

    def http_error_401(self, req, fp, code, msg, headers):
        try:
            return super().http_error_401(req, fp, code, msg, headers)
        except ValueError:
            return None

    def retry_http_digest_auth(self, req, auth):
        challenge = auth.split(" ", 1)[1]
        self._challenge = urllib.request.parse_keqv_list(filter(None, urllib.request.parse_http_list(challenge)))
        return super().retry_http_digest_auth(req, auth)

    def http_request(self, req):
        if self._challenge is not None and not req.has_header(self.auth_header):
            answer = self.get_authorization(req, self._challenge)
            if answer:
                req.add_unredirected_header(self.auth_header, f"Digest {answer}")
        return req

    https_request = http_request


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
