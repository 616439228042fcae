"""Stream a graph into a triplestore server in bounded memory, then replace a named graph with it.

:func:`push_stream` reads the source piece by piece (:func:`owlgraph.store.dump.iter_chunks`: Oxigraph's
own N-Triples writer, at most ``chunk_bytes`` per piece) and sends each piece as its own request, with
the endpoint's timeout and retries, into a fresh *staging* graph: a Graph Store Protocol ``POST``, or a
SPARQL Update ``INSERT DATA`` where the server has no Graph Store Protocol (404/405). While one piece
is on the wire the next is being serialised. Then the staging graph is counted and ``MOVE``\\ d onto the
target in one update operation.

Any failure before the ``MOVE`` (an HTTP 500 on a piece, the server gone, a wrong count) leaves the
target graph as it was; the error names the piece, and the staging graph is dropped. When the server
itself is gone it cannot be dropped then: the next push to the same target removes it.

Examples
--------
>>> from owlgraph.sparql.server import serve
>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> store.extend(ox.Quad(ox.NamedNode(f"https://e.org/{i}"), ox.NamedNode("https://e.org/p"), ox.Literal(i))
...              for i in range(500))
>>> with serve(read_only=False) as server:
...     push_stream(store, server.endpoint(), "https://e.org/graph", chunk_bytes=4096, progress=False)
500
"""

import copy
import hashlib
import logging
import sys
import threading
import time
import urllib.parse
import uuid

from owlgraph.core.errors import EndpointError
from owlgraph.sparql.endpoint import Endpoint, _NoGraphStore, check_iri
from owlgraph.store.dump import CHUNK_BYTES, as_oxigraph, iter_chunks

__all__ = ["push_stream", "staging_prefix"]

log = logging.getLogger(__name__)
#: Triples per MOVE timeout unit: the MOVE may take the request timeout once per this many triples.
_CHUNK_TRIPLES_GUESS = 100_000


def staging_prefix(graph_iri: str) -> str:
    """The IRI prefix of the staging graphs of pushes onto ``graph_iri``.

    >>> staging_prefix("https://e.org/g")
    'urn:owlgraph:staging:5a54bebc461870ce:'
    """
    return f"urn:owlgraph:staging:{hashlib.sha256(graph_iri.encode()).hexdigest()[:16]}:"


def push_stream(
    source,
    endpoint: Endpoint,
    graph_iri: str,
    *,
    chunk_bytes: int = CHUNK_BYTES,
    progress: bool | None = None,
    verify: bool = True,
) -> int:
    """Replace the named graph ``graph_iri`` on ``endpoint`` with every triple of ``source``; return its count.

    Parameters
    ----------
    source : pyoxigraph.Store, owlgraph dataset or rdflib graph
        What to send: a persisted store (``open_store(dir)``) is read as it is sent, never held whole.
        Triples of every graph of the source go into the one target graph.
    endpoint : Endpoint
        Needs an ``update_url`` (for the ``MOVE``); with a ``gsp_url`` pieces go by Graph Store ``POST``.
    graph_iri : str
        The named graph to replace.
    chunk_bytes : int
        Size of one request's body (N-Triples bytes); client memory stays at a few of these.
    progress : bool, optional
        A progress bar with triples per second on stderr; default when stderr is a terminal.
    verify : bool
        Count the target after the move.

    Returns
    -------
    int
        Triples in the target graph.
    """
    target = check_iri(graph_iri, "graph")
    if not endpoint.update_url:
        raise EndpointError(
            f"{endpoint.url}: a streaming push needs a SPARQL Update URL (for the staging graph's MOVE); "
            "pass Endpoint(..., update_url=...) or --update-url"
        )
    store = as_oxigraph(source)
    total = len(store)
    _drop_leftovers(endpoint, target)
    staging = staging_prefix(target) + uuid.uuid4().hex
    try:
        started = time.perf_counter()
        sent = _send_all(store, endpoint, staging, total, chunk_bytes, progress)
        staged = endpoint.triple_count(staging)
        log.info("staged %d triples in %.1f s", staged, time.perf_counter() - started)
        if staged != sent:
            distinct = _distinct_triples(store) if staged < sent else sent  # one triple in two graphs counts once
            if staged != distinct:
                raise EndpointError(
                    f"{endpoint.update_url}: staging graph <{staging}> got {staged:,} of {distinct:,} triples; "
                    f"<{target}> is unchanged; check the server log"
                )
        # The MOVE copies every triple on the server: give it as long as all the chunks together.
        moved_from = time.perf_counter()
        mover = copy.copy(endpoint)
        mover.timeout = endpoint.timeout * max(1, -(-sent // _CHUNK_TRIPLES_GUESS))
        if staged == 0:
            mover.update(f"DROP SILENT GRAPH <{target}>", retry=False)
        else:
            mover.update(f"MOVE GRAPH <{staging}> TO GRAPH <{target}>", retry=False)
        log.info("moved them onto <%s> in %.1f s (all together %.1f s)", target, *_since(started, moved_from))
    except BaseException as exc:
        try:
            endpoint.update(f"DROP SILENT GRAPH <{staging}>", retry=False)
        except EndpointError:
            log.warning("could not drop staging graph <%s> on %s", staging, endpoint.update_url)
            if isinstance(exc, EndpointError):
                raise EndpointError(
                    f"{exc}; the staging graph <{staging}> could not be dropped: the next push to <{target}> removes it"
                ) from None
        raise
    if not verify:
        return staged
    actual = endpoint.triple_count(target)
    if actual != staged:
        raise EndpointError(
            f"{endpoint.url}: graph <{target}> now holds {actual:,} triples, expected {staged:,}; push again"
        )
    return actual


def _since(started: float, moved_from: float) -> tuple[float, float]:
    now = time.perf_counter()
    return now - moved_from, now - started


def _drop_leftovers(endpoint: Endpoint, target: str) -> None:
    """Drop staging graphs an earlier push onto ``target`` could not drop (its server had gone)."""
    prefix = staging_prefix(target)
    _, rows = endpoint.select_rows(
        f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ }} FILTER(STRSTARTS(STR(?g), "{prefix}")) }}'
    )
    for (graph,) in rows:
        endpoint.update(f"DROP SILENT GRAPH <{check_iri(graph, 'staging graph')}>", retry=False)


def _distinct_triples(store) -> int:
    answer = store.query(
        "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } }"
    )
    return int(next(iter(answer))["n"].value)


def _send_all(store, endpoint: Endpoint, staging: str, total: int, chunk_bytes: int, progress: bool | None) -> int:
    """Send every piece into ``staging``; the next piece is serialised while one is on the wire."""
    from tqdm import tqdm

    state = {"graph_store": bool(endpoint.gsp_url)}
    sent = 0
    worker: threading.Thread | None = None
    failure: list[BaseException] = []
    show = sys.stderr.isatty() if progress is None else progress
    with tqdm(total=total, unit=" triples", unit_scale=True, desc="push", disable=not show, file=sys.stderr) as bar:

        def send(chunk) -> None:
            try:
                _send_chunk(endpoint, staging, chunk, state)
                bar.update(chunk.statements)
            except BaseException as exc:
                failure.append(exc)

        chunks = iter_chunks(store, chunk_bytes=chunk_bytes)
        try:
            for chunk in chunks:
                if worker is not None:
                    worker.join()
                    if failure:
                        break
                worker = threading.Thread(target=send, args=(chunk,), name="owlgraph-push", daemon=True)
                worker.start()
                sent += chunk.statements
        finally:
            if worker is not None:
                worker.join()
            chunks.close()
    if failure:
        raise failure[0]
    return sent


def _send_chunk(endpoint: Endpoint, staging: str, chunk, state: dict) -> None:
    try:
        if state["graph_store"] and endpoint.gsp_url:  # graph_store is only set with a gsp_url
            url = endpoint.gsp_url + ("&" if "?" in endpoint.gsp_url else "?")
            try:
                endpoint._send(
                    url + urllib.parse.urlencode({"graph": staging}),
                    chunk.data,
                    "*/*",
                    "push",
                    method="POST",
                    content_type="application/n-triples",
                )
                return
            except _NoGraphStore:
                state["graph_store"] = False  # 404/405: this server has no Graph Store Protocol; use updates
        body = chunk.data.decode("utf-8")
        if not endpoint.update_url:  # push checks for one before it sends any chunk
            raise EndpointError(f"{endpoint.url}: no update URL configured; pass Endpoint(..., update_url=...)")
        endpoint._send(
            endpoint.update_url,
            {"update": f"INSERT DATA {{ GRAPH <{staging}> {{\n{body}}} }}"},
            "*/*",
            "update",
        )
    except EndpointError as exc:
        raise EndpointError(f"{chunk.describe()} was not stored: {exc}; the target graph is unchanged") from None
