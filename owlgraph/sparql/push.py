"""Stream a graph into a triplestore server in bounded memory, then replace a named graph with it.

:func:`push_stream` reads the source piece by piece (:func:`owlgraph.store.dump.iter_chunks`: Oxigraph's
own N-Triples writer, at most ``chunk_bytes`` per piece) and sends each piece as its own request, with
the endpoint's timeout and retries: a Graph Store Protocol ``POST``, or a SPARQL Update ``INSERT DATA``
where the server has no Graph Store Protocol (404/405). While one piece is on the wire the next is being
serialised. An Oxigraph server (recognised by its ``Server`` header) gets ``POST /store?graph=G&no_transaction``:
its bulk loader per request, several times faster than its transactional insert.

Where the pieces go depends on the target graph:

*Empty or absent target (fast path).* The pieces go straight into the target; there is no staging graph
and no ``MOVE``. Before the first piece a small bookkeeping graph ``urn:owlgraph:push:<hash>`` (see
:func:`record_iri`) records the target, start time, expected count and state; after the count check it is
dropped. Any failure drops what was written, so the target is again as it was: empty. If the server (or
the client) dies mid-push the record survives, and the next push to that target finds it, drops the
partial target and the record, and says so in one warning. **The window:** while the push runs, and after
a crash until the next push, readers of the target see it partly filled; the record (in its own graph,
never in the target) tells that apart from a finished push.

*Non-empty target (atomic replace).* The pieces go into a fresh *staging* graph, which is counted and
``MOVE``\\ d onto the target in one update operation. Any failure before the ``MOVE`` (an HTTP 500 on a
piece, the server gone, a wrong count) leaves the target graph as it was; the error names the piece, and
the staging graph is dropped. When the server itself is gone it cannot be dropped then: the next push to
the same target removes it. The ``MOVE`` copies every triple once more on the server (on Oxigraph, in one
transaction): the price of readers never seeing a partial graph.

Examples
--------
>>> from owlgraph.sparql.server import serve
>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> store.extend(ox.Quad(ox.NamedNode(f"https://e.org/{i}"), ox.NamedNode("https://e.org/p"), ox.Literal(i))
...              for i in range(500))
>>> with serve(read_only=False) as server:
...     push_stream(store, server.endpoint(), "https://e.org/graph", chunk_bytes=4096, progress=False)
...     push_stream(store, server.endpoint(), "https://e.org/graph", chunk_bytes=4096, progress=False)
500
500
"""

import contextlib
import copy
import datetime
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

__all__ = ["push_stream", "staging_prefix", "record_iri"]

log = logging.getLogger(__name__)
#: Triples per MOVE timeout unit: the MOVE may take the request timeout once per this many triples.
_CHUNK_TRIPLES_GUESS = 100_000
#: Predicates of the bookkeeping record (owlgraph's own; the record never enters the target graph).
_RECORD = "urn:owlgraph:push#"


def staging_prefix(graph_iri: str) -> str:
    """The IRI prefix of the staging graphs of pushes onto ``graph_iri``.

    >>> staging_prefix("https://e.org/g")
    'urn:owlgraph:staging:5a54bebc461870ce:'
    """
    return f"urn:owlgraph:staging:{_digest(graph_iri)}:"


def record_iri(graph_iri: str) -> str:
    """The bookkeeping graph of an unfinished push into the empty graph ``graph_iri``.

    >>> record_iri("https://e.org/g")
    'urn:owlgraph:push:5a54bebc461870ce'
    """
    return f"urn:owlgraph:push:{_digest(graph_iri)}"


def _digest(graph_iri: str) -> str:
    return hashlib.sha256(graph_iri.encode()).hexdigest()[:16]


def push_stream(
    source,
    endpoint: Endpoint,
    graph_iri: str,
    *,
    chunk_bytes: int = CHUNK_BYTES,
    progress: bool | None = None,
    verify: bool = True,
    bulk: bool | None = None,
) -> int:
    """Replace the named graph ``graph_iri`` on ``endpoint`` with every triple of ``source``; return its count.

    An empty or absent target is filled directly (a failure empties it again); a non-empty one is
    replaced atomically through a staging graph (see the module documentation for both).

    Parameters
    ----------
    source : pyoxigraph.Store, owlgraph dataset or rdflib graph
        What to send: a persisted store (``open_store(dir)``) is read as it is sent, never held whole.
        Triples of every graph of the source go into the one target graph.
    endpoint : Endpoint
        Needs an ``update_url`` (bookkeeping, ``MOVE``, ``DROP``); with a ``gsp_url`` pieces go by Graph
        Store ``POST``.
    graph_iri : str
        The named graph to replace.
    chunk_bytes : int
        Size of one request's body (N-Triples bytes); client memory stays at a few of these.
    progress : bool, optional
        A progress bar with triples per second on stderr; default when stderr is a terminal.
    verify : bool
        Count the target after a ``MOVE`` (a fresh target is always counted).
    bulk : bool, optional
        Send ``no_transaction`` with each Graph Store ``POST`` (Oxigraph's bulk loader per request). Default:
        when the server answers as Oxigraph. ``False`` keeps every piece one transaction.

    Returns
    -------
    int
        Triples in the target graph.
    """
    target = check_iri(graph_iri, "graph")
    if not endpoint.update_url:
        raise EndpointError(
            f"{endpoint.url}: a streaming push needs a SPARQL Update URL (for its bookkeeping and the MOVE); "
            "pass Endpoint(..., update_url=...) or --update-url"
        )
    store = as_oxigraph(source)
    total = len(store)
    _drop_leftovers(endpoint, target)
    if bulk is None:  # the Server header is known after the first answer (_drop_leftovers asked)
        bulk = endpoint.server.startswith("Oxigraph/")
    if endpoint.ask(f"ASK {{ GRAPH <{target}> {{ ?s ?p ?o }} }}"):
        return _replace(store, endpoint, target, total, chunk_bytes, progress, verify, bulk)
    return _fill(store, endpoint, target, total, chunk_bytes, progress, bulk)


def _fill(store, endpoint: Endpoint, target: str, total: int, chunk_bytes: int, progress, bulk: bool) -> int:
    """Stream straight into the empty ``target``, under a bookkeeping record."""
    record = record_iri(target)
    now = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    endpoint.update(
        f"INSERT DATA {{ GRAPH <{record}> {{ <{record}> <{_RECORD}target> <{target}> ; "
        f'<{_RECORD}started> "{now}"^^<http://www.w3.org/2001/XMLSchema#dateTime> ; '
        f'<{_RECORD}expected> {total} ; <{_RECORD}state> "streaming" }} }}'
    )
    with _dropped_on_failure(
        endpoint,
        [target, record],
        kept=f"<{target}> is empty again, as it was",
        stuck=f"<{target}> was empty before and may now hold part of the graph, which could not be "
        "dropped: the next push to it removes it",
        warning=f"could not drop the partial graph <{target}> on {endpoint.update_url}",
    ):
        started = time.perf_counter()
        sent = _send_all(store, endpoint, target, total, chunk_bytes, progress, bulk, "push")
        count = _checked_count(endpoint, target, sent, store)
        log.info("pushed %d triples into the empty <%s> in %.1f s", count, target, time.perf_counter() - started)
    endpoint.update(f"DROP SILENT GRAPH <{record}>")
    return count


def _replace(
    store, endpoint: Endpoint, target: str, total: int, chunk_bytes: int, progress, verify: bool, bulk: bool
) -> int:
    """Stream into a staging graph, count it, ``MOVE`` it onto the non-empty ``target``."""
    staging = staging_prefix(target) + uuid.uuid4().hex
    with _dropped_on_failure(
        endpoint,
        [staging],
        kept=f"<{target}> is unchanged",
        stuck=f"<{target}> is unchanged; the staging graph <{staging}> could not be dropped: "
        f"the next push to <{target}> removes it",
        warning=f"could not drop staging graph <{staging}> on {endpoint.update_url}",
    ):
        started = time.perf_counter()
        sent = _send_all(store, endpoint, staging, total, chunk_bytes, progress, bulk, "push (staging)")
        staged = _checked_count(endpoint, staging, sent, store)
        log.info("staged %d triples in %.1f s", staged, time.perf_counter() - started)
        # The MOVE copies every triple on the server: give it as long as all the chunks together.
        moved_from = time.perf_counter()
        mover = copy.copy(endpoint)
        mover.timeout = endpoint.timeout * max(1, -(-sent // _CHUNK_TRIPLES_GUESS))
        if staged == 0:
            mover.update(f"DROP SILENT GRAPH <{target}>", retry=False)
        else:
            if _shown(progress):
                print(f"push: moving {staged:,} staged triples onto <{target}> (one server operation)", file=sys.stderr)
            mover.update(f"MOVE GRAPH <{staging}> TO GRAPH <{target}>", retry=False)
        log.info("moved them onto <%s> in %.1f s (all together %.1f s)", target, *_since(started, moved_from))
    if not verify:
        return staged
    actual = endpoint.triple_count(target)
    if actual != staged:
        raise EndpointError(
            f"{endpoint.url}: graph <{target}> now holds {actual:,} triples, expected {staged:,}; push again"
        )
    return actual


@contextlib.contextmanager
def _dropped_on_failure(endpoint: Endpoint, graphs: list[str], *, kept: str, stuck: str, warning: str):
    """On any failure inside, drop ``graphs`` and add to an :class:`EndpointError` what became of the target:
    ``kept`` when they were dropped, ``stuck`` when even that failed (the server is gone)."""
    try:
        yield
    except BaseException as exc:
        try:
            endpoint.update(" ; ".join(f"DROP SILENT GRAPH <{graph}>" for graph in graphs), retry=False)
        except EndpointError:
            log.warning(warning)
            if isinstance(exc, EndpointError):
                raise EndpointError(f"{exc}; {stuck}") from None
            raise
        if isinstance(exc, EndpointError):
            raise EndpointError(f"{exc}; {kept}") from None
        raise


def _checked_count(endpoint: Endpoint, graph: str, sent: int, store) -> int:
    """The triples now in ``graph``, which must be those sent (a triple in two source graphs counts once)."""
    count = endpoint.triple_count(graph)
    if count != sent:
        distinct = _distinct_triples(store) if count < sent else sent
        if count != distinct:
            raise EndpointError(
                f"{endpoint.update_url}: graph <{graph}> got {count:,} of {distinct:,} triples; check the server log"
            )
    return count


def _since(started: float, moved_from: float) -> tuple[float, float]:
    now = time.perf_counter()
    return now - moved_from, now - started


def _shown(progress: bool | None) -> bool:
    return sys.stderr.isatty() if progress is None else progress


def _drop_leftovers(endpoint: Endpoint, target: str) -> None:
    """Undo what an earlier push onto ``target`` left when its server or client died.

    A bookkeeping record means ``target`` was filled part-way from empty: drop both. Staging graphs
    are dropped.
    """
    record = record_iri(target)
    _, rows = endpoint.select_rows(f"SELECT ?started WHERE {{ GRAPH <{record}> {{ ?r <{_RECORD}started> ?started }} }}")
    if rows:
        endpoint.update(f"DROP SILENT GRAPH <{target}> ; DROP SILENT GRAPH <{record}>", retry=False)
        log.warning(
            "push: an unfinished push (started %s) had left <%s> partly filled; dropped it before this push",
            rows[0][0],
            target,
        )
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


def _send_all(
    store, endpoint: Endpoint, graph: str, total: int, chunk_bytes: int, progress, bulk: bool, desc: str
) -> int:
    """Send every piece into ``graph``; the next piece is serialised while one is on the wire."""
    from tqdm import tqdm

    state = {"graph_store": bool(endpoint.gsp_url), "bulk": bulk}
    sent = 0
    worker: threading.Thread | None = None
    failure: list[BaseException] = []
    with tqdm(
        total=total, unit=" triples", unit_scale=True, desc=desc, disable=not _shown(progress), file=sys.stderr
    ) as bar:

        def send(chunk) -> None:
            try:
                _send_chunk(endpoint, graph, chunk, state)
                bar.update(chunk.statements)  # counted once the server has answered for them
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


def _send_chunk(endpoint: Endpoint, graph: str, chunk, state: dict) -> None:
    try:
        if state["graph_store"] and endpoint.gsp_url:  # graph_store is only set with a gsp_url
            url = endpoint.gsp_url + ("&" if "?" in endpoint.gsp_url else "?")
            url += urllib.parse.urlencode({"graph": graph}) + ("&no_transaction" if state["bulk"] else "")
            try:
                endpoint._send(url, chunk.data, "*/*", "push", method="POST", content_type="application/n-triples")
                return
            except _NoGraphStore:
                state["graph_store"] = False  # 404/405: this server has no Graph Store Protocol; use updates
        body = chunk.data.decode("utf-8")
        if not endpoint.update_url:  # push checks for one before it sends any chunk
            raise EndpointError(f"{endpoint.url}: no update URL configured; pass Endpoint(..., update_url=...)")
        endpoint._send(
            endpoint.update_url,
            {"update": f"INSERT DATA {{ GRAPH <{graph}> {{\n{body}}} }}"},
            "*/*",
            "update",
        )
    except EndpointError as exc:
        raise EndpointError(f"{chunk.describe()} was not stored: {exc}") from None
