"""Stream a store out in bounded pieces: chunks for an HTTP push, N-Quads files for a server's bulk loader.

A graph beyond what one request (or one Python process) should hold leaves the store in pieces of at
most ``chunk_bytes``, written by Oxigraph's own serialiser (``Store.dump``), never as a whole:

* :func:`iter_chunks` yields them as bytes, N-Triples (one target graph) or N-Quads (graphs kept);
  :mod:`owlgraph.sparql.push` sends each as its own request;
* :func:`write_chunks` writes them as numbered N-Quads files, and :func:`loader_commands` gives the exact
  commands that load such a folder with a server's bulk loader (Oxigraph ``load``, Virtuoso
  ``ld_dir`` + ``rdf_loader_run()``, Jena ``tdb2.tdbloader``).

Blank nodes: a label only means the same node within one request or file, so every statement that
mentions a blank node goes into the *last* piece, all together (they are few in owlgraph graphs: the
built graph has none); every other piece is cut at a line boundary.

Examples
--------
>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> g = ox.NamedNode("https://e.org/graph")
>>> store.extend(ox.Quad(ox.NamedNode(f"https://e.org/{i}"), ox.NamedNode("https://e.org/p"), ox.Literal(i), g)
...              for i in range(1000))
>>> chunks = list(iter_chunks(store, chunk_bytes=10_000))
>>> len(chunks), sum(c.statements for c in chunks)
(6, 1000)
>>> chunks[0].data.endswith(b" .\\n")
True
"""

import os
import queue
import re
import shlex
import threading
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path

from owlgraph.core.errors import ExportError, InputFileError
from owlgraph.core.files import atomic_folder

__all__ = ["Chunk", "as_oxigraph", "iter_chunks", "write_ntriples", "write_chunks", "loader_commands", "LOADERS"]

#: Default size of one piece: small enough for one request to finish in seconds, large enough
#: that per-request overhead stays below a few per cent.
CHUNK_BYTES = 16 * 2**20
#: A statement mentions a blank node (conservative: a literal containing " _:" counts too).
_BLANK = re.compile(rb"(?:^|\s)_:")


@dataclass(frozen=True)
class Chunk:
    """One piece: its serialised ``data``, number of ``statements``, 1-based ``number`` and ``first`` statement."""

    number: int
    first: int
    statements: int
    data: bytes

    @property
    def last(self) -> int:
        return self.first + self.statements - 1

    def describe(self) -> str:
        return f"chunk {self.number} (statements {self.first:,}–{self.last:,})"


def as_oxigraph(source):
    """The ``pyoxigraph.Store`` behind ``source``: a store, an owlgraph dataset, or any rdflib graph (copied)."""
    import pyoxigraph as ox

    if isinstance(source, ox.Store):
        return source
    inner = getattr(getattr(source, "store", None), "_inner", None)
    if isinstance(inner, ox.Store):
        return inner
    store = ox.Store()
    if hasattr(source, "serialize"):  # a plain rdflib Graph/Dataset: copy it (in memory; it was in memory anyway)
        fmt = "nquads" if hasattr(source, "quads") else "nt"
        data = source.serialize(format=fmt, encoding="utf-8")
        store.load(data, format=ox.RdfFormat.N_QUADS if fmt == "nquads" else ox.RdfFormat.N_TRIPLES)
        return store
    raise TypeError(f"cannot stream a {type(source).__name__}: give a pyoxigraph Store or an rdflib graph")


class _Cutter:
    """The file object ``Store.dump`` writes into: cuts the stream into chunks at line ends."""

    def __init__(self, chunk_bytes: int, emit):
        self.chunk_bytes, self.emit = chunk_bytes, emit
        self.buffer, self.blank = bytearray(), list[bytes]()
        self.stopped = False

    def write(self, data) -> int:
        if self.stopped:
            raise OSError("the consumer stopped")
        self.buffer += data
        if len(self.buffer) >= self.chunk_bytes:
            cut = self.buffer.rfind(b"\n") + 1
            self._emit(bytes(self.buffer[:cut]))
            del self.buffer[:cut]
        return len(data)

    def flush(self) -> None:
        pass

    def _emit(self, data: bytes) -> None:
        if b"_:" in data:
            lines = data.splitlines(keepends=True)
            self.blank.extend(line for line in lines if _BLANK.search(line))
            data = b"".join(line for line in lines if not _BLANK.search(line))
        if data:
            self.emit(data)

    def close(self) -> None:
        self._emit(bytes(self.buffer))
        self.buffer.clear()
        if self.blank:
            self.emit(b"".join(self.blank))
            self.blank = []


def iter_chunks(source, *, chunk_bytes: int = CHUNK_BYTES, quads: bool = False) -> Generator[Chunk, None, None]:
    """The statements of ``source`` in pieces of about ``chunk_bytes``, serialised by Oxigraph.

    Parameters
    ----------
    source : pyoxigraph.Store, rdflib Dataset or Graph
        What to stream (see :func:`as_oxigraph`); a persisted store is read as it is iterated.
    chunk_bytes : int
        Upper bound of one piece (a single statement longer than that is a piece of its own).
    quads : bool
        N-Quads with each statement's graph; default N-Triples of every graph (the default graph and
        all named graphs, one after the other: a statement in two graphs comes twice).

    Yields
    ------
    Chunk
        Pieces in order; the statements that mention blank nodes, if any, all in the last one.

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.BlankNode("b"), ox.NamedNode("https://e.org/p"), ox.Literal("x")))
    >>> store.add(ox.Quad(ox.NamedNode("https://e.org/a"), ox.NamedNode("https://e.org/p"), ox.Literal("y")))
    >>> [(c.number, c.statements, c.data.startswith(b"_:")) for c in iter_chunks(store)]
    [(1, 1, False), (2, 1, True)]
    """
    import pyoxigraph as ox

    store = as_oxigraph(source)
    if chunk_bytes < 1:
        raise ValueError("chunk_bytes must be positive")
    pieces: queue.Queue = queue.Queue(maxsize=2)  # bounded: the dump waits while the consumer is busy
    done = object()
    cutter = _Cutter(chunk_bytes, pieces.put)
    failure: list[BaseException] = []

    def produce() -> None:
        try:
            if quads:
                store.dump(cutter, format=ox.RdfFormat.N_QUADS)
            else:
                write_ntriples(store, cutter)
            if not cutter.stopped:
                cutter.close()
        except BaseException as exc:
            if not cutter.stopped:
                failure.append(exc)
        finally:
            pieces.put(done)

    thread = threading.Thread(target=produce, name="owlgraph-dump", daemon=True)
    thread.start()
    number, first = 0, 1
    try:
        while (data := pieces.get()) is not done:
            number += 1
            count = data.count(b"\n")
            yield Chunk(number, first, count, data)
            first += count
    finally:
        cutter.stopped = True
        while thread.is_alive():  # let a blocked producer finish (its next write raises)
            try:
                pieces.get(timeout=0.05)
            except queue.Empty:
                pass
        thread.join()
    if failure:
        raise InputFileError(f"cannot read the store to stream it ({failure[0]}); check the store") from None


def write_ntriples(store, output) -> None:
    """Write every triple of every graph of ``store`` as N-Triples into the file object ``output``.

    One ``CONSTRUCT`` per graph and predicate, serialised by Oxigraph, rather than ``Store.dump`` per graph:
    on a RocksDB store each term of each statement is looked up by its hash, and with the predicate fixed
    in the template only the subject and the object are (about 25 % less CPU for owlgraph's graphs,
    benchmarks/README.md, bench_remote.py). A graph named by a blank node (which SPARQL cannot name) is
    dumped. A statement in two graphs comes twice.

    Examples
    --------
    >>> import io, pyoxigraph as ox
    >>> store = ox.Store()
    >>> p, g = ox.NamedNode("https://e.org/p"), ox.NamedNode("https://e.org/g")
    >>> store.extend([ox.Quad(ox.NamedNode("https://e.org/a"), p, ox.Literal("x")),
    ...               ox.Quad(ox.BlankNode("b"), p, ox.Literal("y"), g)])
    >>> out = io.BytesIO()
    >>> write_ntriples(store, out)
    >>> print(out.getvalue().decode().replace("_:b ", "_:B "), end="")
    <https://e.org/a> <https://e.org/p> "x" .
    _:B <https://e.org/p> "y" .
    """
    import pyoxigraph as ox

    for graph in [ox.DefaultGraph(), *store.named_graphs()]:
        if isinstance(graph, ox.BlankNode):
            store.dump(output, format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
            continue
        scope = "TRIPLE" if isinstance(graph, ox.DefaultGraph) else f"GRAPH {graph} {{ TRIPLE }}"
        for row in store.query(f"SELECT DISTINCT ?p WHERE {{ {scope.replace('TRIPLE', '?s ?p ?o')} }}"):
            triple = f"?s {row['p']} ?o"
            construct = f"CONSTRUCT {{ {triple} }} WHERE {{ {scope.replace('TRIPLE', triple)} }}"
            store.query(construct).serialize(output, format=ox.RdfFormat.N_TRIPLES)


# --- files for a server's bulk loader ---------------------------------------------------------------

#: Bulk loaders we print commands for, with what each needs.
LOADERS = {
    "oxigraph": "Oxigraph's own loader into a store directory (stop the server first, or load a new store)",
    "virtuoso": "Virtuoso's bulk loader (the folder must be in DirsAllowed of virtuoso.ini; run in isql)",
    "jena": "Apache Jena's TDB2 loader into a database directory (Fuseki stopped)",
}


def write_chunks(source, directory: str | os.PathLike, *, chunk_bytes: int = CHUNK_BYTES, force: bool = False) -> Path:
    """Write ``source`` as numbered N-Quads files of at most about ``chunk_bytes`` each into ``directory``.

    The folder is written in a staging folder next to it and moved into place when complete, so an
    interrupted dump never leaves a partial set of files. Returns the folder.

    Examples
    --------
    >>> import pyoxigraph as ox, tempfile
    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.NamedNode("https://e.org/a"), ox.NamedNode("https://e.org/p"), ox.Literal("x")))
    >>> folder = write_chunks(store, tempfile.mkdtemp() + "/chunks")
    >>> sorted(p.name for p in folder.iterdir())
    ['part-00001.nq']
    """
    target = Path(directory)
    if target.exists() and (not target.is_dir() or (any(target.iterdir()) and not force)):
        raise ExportError(f"{target}: exists and is not an empty folder; give a new folder or pass --force")
    count = 0
    with atomic_folder(target) as staging:
        for chunk in iter_chunks(source, chunk_bytes=chunk_bytes, quads=True):
            (staging / f"part-{chunk.number:05d}.nq").write_bytes(chunk.data)
            count += chunk.statements
    if count == 0:
        raise ExportError(f"{target}: the store holds no statements; nothing to dump")
    return target


def loader_commands(directory: str | os.PathLike, *, loader: str, location: str = "STORE_DIR") -> list[str]:
    """The exact commands that bulk-load the N-Quads files in ``directory`` with a server's loader.

    ``location`` is the loader's database directory (Oxigraph, Jena); Virtuoso loads into its running
    database through ``isql``.

    Examples
    --------
    >>> loader_commands("/data/chunks", loader="oxigraph", location="/srv/oxigraph")
    ['oxigraph load --location /srv/oxigraph --file /data/chunks/part-*.nq']
    >>> print(loader_commands("/data/chunks", loader="virtuoso")[0])
    isql-vt 1111 dba PASSWORD exec="ld_dir('/data/chunks', 'part-*.nq', 'urn:owlgraph:unused'); rdf_loader_run(); checkpoint;"
    """
    folder = Path(directory).resolve()
    files = shlex.quote(str(folder)) + "/part-*.nq"
    if loader == "oxigraph":
        return [f"oxigraph load --location {shlex.quote(location)} --file {files}"]
    if loader == "virtuoso":
        # N-Quads carry their graph; ld_dir's graph argument is only used for triple formats.
        sql = f"ld_dir('{folder}', 'part-*.nq', 'urn:owlgraph:unused'); rdf_loader_run(); checkpoint;"
        return [f'isql-vt 1111 dba PASSWORD exec="{sql}"']
    if loader == "jena":
        return [f"tdb2.tdbloader --loc {shlex.quote(location)} {files}"]
    raise ExportError(f"unknown loader {loader!r}; use one of {', '.join(LOADERS)}")
