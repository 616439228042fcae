"""Bulk import of tabular data: a folder of CSV files (or an .xlsx workbook) becomes RDF in owlgraph's ontology.

Which files and columns are read and how rows map to the ontology (sectors, extra columns, how
lean the data is, the provenance patterns): :mod:`owlgraph.store.mapping`; how files are decoded
and split: :mod:`owlgraph.store.spreadsheets`. This module converts and loads in bulk.

Import speed (decision record)
------------------------------
Lines are generated as N-Triples text from precomputed per-statement templates (no
rdflib term per triple: that was the bottleneck) and written in batches of about 20,000
lines to temporary files, one per graph, which Oxigraph's bulk loader reads into the data
or provenance graph (``to_graph``): files load faster than a pipe, a FIFO or an in-memory
buffer, and N-Triples into a named graph faster than N-Quads. The loader runs on one core
and holds the GIL, so a thread converting next to it gains nothing. For a new store
(:func:`owlgraph.store.loading.load_graph` with ``tables``, :func:`import_csv` without ``store``)
a child process (started afresh, not forked) converts while this one loads: the data
graph in files of 100,000 lines and more, each a quarter longer than the one before (the
loader is slower on many short files, and conversion runs about 1.3 times as fast as
loading, so the loader need not wait), each followed by the provenance of its rows (until
2026-12-05 the provenance came last, in one file, loaded only after the whole conversion:
at 100,000 organisations 16.7–17.2 s against 15.2–15.5 s now, the same quads). A bad row
stops the child; its one-line error is raised here and the half-filled new store is thrown
away. At 100,000 organisations (1.9 M triples) the import took 5.9–6.5 s against
5.2–5.7 s for the bulk load alone of the same triples as one N-Triples file into the default
graph (1.1–1.2×, six runs on a shared two-core machine; converting everything first took
7.2–8.7 s, 1.3–1.5×, and 1.7× before the child process). Adding to a store the caller holds (``import_csv(folder, store=ds)``) still
converts everything first, so that a bad row never leaves half an import behind.
Into a store on disk (RocksDB: ``owlgraph import … --store DIR``, ``load_graph(tables=…, path=…)``) the chunks
are N-Quads files holding both graphs, the first of 1,000,000 lines (one whole batch of Oxigraph's bulk loader),
each next a quarter longer: each bulk load into RocksDB sorts its quads into new files that the store then
merges with everything it already holds, so many short loads cost more there than in memory. At 100,000
organisations the loads of the old pattern (100,000-line N-Triples files per graph) took 64.8 CPU-s against
53.2 for the same pattern from a million lines and 50.2 for ``oxigraph load`` of the same quads
(``benchmarks/bench_disk_import.py``, two rounds each).
Decoding a whole CSV file before reading it (to find its encoding) and the spreadsheet
features (separator detection, extra columns, sectors.csv) cost no measurable time: at
100,000 organisations ``owlgraph import … --store`` took 55–68 s CPU (user) against 60–65 s
before, four interleaved runs each on a heavily shared machine (wall time 85–130 s against
62–126 s, dominated by other load).

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "organisations.csv").write_text("id,name,type\\nacme,ACME GmbH,Company\\n", encoding="utf-8")
>>> ds = import_csv(folder)
>>> from owlgraph.core.namespaces import ID, RDFS
>>> str(ds.value(ID["organisation/acme"], RDFS.label))
'ACME GmbH'
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from contextlib import contextmanager, nullcontext
from dataclasses import asdict, dataclass
from itertools import count
from pathlib import Path

from rdflib import Dataset

from owlgraph.core.errors import InputFileError
from owlgraph.curation.build import DATA_GRAPH, PROVENANCE_GRAPH
from owlgraph.store.mapping import (
    FILES,
    MATERIALISE,
    PROVENANCE,
    Materialise,
    Provenance,
    _tables,
    _Writer,
    builtin_sectors,
    check_extra_namespace,
)

__all__ = [
    "FILES",
    "MATERIALISE",
    "PROVENANCE",
    "Materialise",
    "Provenance",
    "builtin_sectors",
    "import_csv",
    "load_csv",
    "write_ntriples",
    "write_nquads",
]

CHUNK_LINES = 100_000  # data lines in the first file of a bulk load; each next one is a quarter longer
DISK_CHUNK_LINES = 1_000_000  # the same into a store on disk: at least one whole batch of Oxigraph's bulk loader
PIPELINE_BYTES = 4_000_000  # smaller CSV folders convert in this process: starting the child costs more than it saves


@contextmanager
def _progress(progress: bool | None):
    """A function to advance the progress bar by a number of rows (a bar only on a terminal, by default)."""
    if progress is None:
        progress = sys.stderr.isatty()
    if not progress:
        yield lambda rows: None
        return
    from tqdm import tqdm

    with tqdm(desc="import rows", unit=" rows", file=sys.stderr) as bar:
        yield bar.update


def _write(folder, out, *, quads: bool, progress: bool | None, **options) -> int:
    _tables(folder)  # refuses a source with nothing to import before anything is written
    writer = _Writer(quads=quads, merged=True, **options)
    with _progress(progress) as advance:
        for data, _, rows in writer.convert([folder]):
            out.write(data)
            advance(rows)
    return writer.count


def _open(out_path):
    return open(out_path, "w", encoding="utf-8", newline="\n", buffering=1 << 22)


def write_nquads(
    folder,
    out_path,
    *,
    provenance: Provenance = "row",
    materialise: Materialise = "core",
    extra_namespace: str | None = None,
    progress: bool | None = None,
) -> int:
    """Convert the CSV files in ``folder`` to an N-Quads file (data and provenance graphs); return the quad count."""
    with _open(out_path) as out:
        return _write(
            folder,
            out,
            quads=True,
            provenance=provenance,
            materialise=materialise,
            extra_namespace=extra_namespace,
            progress=progress,
        )


def write_ntriples(
    folder,
    out_path,
    *,
    provenance: Provenance = "row",
    materialise: Materialise = "core",
    extra_namespace: str | None = None,
    progress: bool | None = None,
) -> int:
    """Convert the CSV files in ``folder`` to one N-Triples file (all graphs merged); return the triple count.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "people.csv").write_text('id,name\\nada,"Ada ""the"" Lovelace"\\n', encoding="utf-8")
    >>> n = write_ntriples(folder, folder / "out.nt")
    >>> '"Ada \\\\"the\\\\" Lovelace"' in (folder / "out.nt").read_text(encoding="utf-8")
    True
    """
    with _open(out_path) as out:
        return _write(
            folder,
            out,
            quads=False,
            provenance=provenance,
            materialise=materialise,
            extra_namespace=extra_namespace,
            progress=progress,
        )


@dataclass
class _Chunk:
    """An N-Triples file of the import and the graph it goes to."""

    path: str
    graph: str
    rows: int = 0
    lines: int = 0


def _write_chunks(files, folder: str, options: dict, first_lines: int, report=None, *, quads: bool = False):
    """Convert the tables of ``files`` (folders or workbooks) into files in ``folder``, yielding each once it is complete.

    The data graph comes in N-Triples chunks, the first one small so that loading starts soon, each
    next one a quarter longer (the loader is faster on fewer, longer files but must not wait
    for the next one), each followed by the provenance of its rows, so that the loader never waits
    for the whole conversion. With ``quads`` every chunk is N-Quads holding both graphs in row
    order (for a store on disk, see :func:`load_csv`).
    """
    writer = _Writer(quads=quads, merged=quads, report=report, **options)
    batches = writer.convert(files)
    rows_read = 0
    for number in count():
        name, graph = (f"quads-{number}.nq", "") if quads else (f"data-{number}.nt", str(DATA_GRAPH))
        chunk = _Chunk(os.path.join(folder, name), graph)
        provenance = _Chunk(os.path.join(folder, f"provenance-{number}.nt"), str(PROVENANCE_GRAPH))
        with _open(chunk.path) as data_out, open(os.devnull, "w") if quads else _open(provenance.path) as prov_out:
            for data, prov, rows in batches:
                data_out.write(data)
                prov_out.write(prov)
                chunk.rows += rows
                chunk.lines += data.count("\n")
                provenance.lines += prov.count("\n")
                if chunk.lines >= first_lines * 1.25**number:
                    break
        if chunk.lines:
            rows_read += chunk.rows
            yield chunk
        else:
            os.unlink(chunk.path)
        if provenance.lines:  # next to its chunk, loaded while the next one converts (last: tables without rows)
            yield provenance
        elif not quads:
            os.unlink(provenance.path)
        if not chunk.lines:
            break
    if not rows_read:  # headers only: an import of nothing is not a success
        where = ", ".join(str(f) for f in files)
        raise InputFileError(f"{where}: no table has a row, only headers; nothing was imported")


def _convert_first(files, folder: str, options: dict, layout: dict, advance, report):
    """Every chunk, converted (and every row checked) before the first one is loaded."""
    chunks = []
    for chunk in _write_chunks(files, folder, options, report=report, **layout):
        chunks.append(chunk)
        advance(chunk.rows)
    return nullcontext(chunks)


_CHILD = "import sys; sys.path.insert(0, sys.argv[1]); from owlgraph.store.tabular import _child_main; _child_main(sys.argv[2])"


def _child_main(request: str) -> None:
    """The conversion process: announce each chunk, or the one-line error, as a JSON line on stdout."""
    args = json.loads(request)  # the arguments of _write_chunks

    def report(line: str) -> None:
        print(json.dumps({"report": line}), flush=True)

    try:
        for chunk in _write_chunks(**args, report=report):
            print(json.dumps(asdict(chunk)), flush=True)
    except InputFileError as exc:
        print(json.dumps({"error": str(exc)}), flush=True)
        sys.exit(1)


@contextmanager
def _convert_in_child(files, folder: str, options: dict, layout: dict, advance, report):
    """The chunks a child process converts, each as soon as it is complete, while the caller loads the last."""
    request = json.dumps(dict(files=[str(f) for f in files], folder=folder, options=options, **layout))
    package_parent = str(Path(__file__).resolve().parents[2])
    with subprocess.Popen(
        [sys.executable, "-c", _CHILD, package_parent, request],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        encoding="utf-8",
    ) as child:

        def announced():
            for line in child.stdout:
                message = json.loads(line)
                if "error" in message:
                    raise InputFileError(message["error"])
                if "report" in message:
                    report(message["report"])
                    continue
                advance(message["rows"])
                yield _Chunk(**message)

        try:
            yield announced()
        except BaseException:
            child.kill()
            raise
        if child.wait():
            raise RuntimeError(
                f"the CSV conversion process failed (exit status {child.returncode}); see its error above"
            )


def load_csv(
    folder,
    store,
    *,
    provenance: Provenance = "row",
    materialise: Materialise = "core",
    extra_namespace: str | None = None,
    progress: bool | None = None,
    report=None,
    fresh: bool = False,
    on_disk: bool = False,
) -> int:
    """Convert the tables in ``folder`` (CSV files, or an .xlsx workbook) and bulk-load them into a
    ``pyoxigraph.Store``; return the quad count.

    By default every row is checked before the store is touched. With ``fresh=True`` (a new
    store that the caller throws away if this raises) a child process converts while this one
    loads, which is faster; a bad row then leaves part of the import in the store.

    With ``on_disk=True`` (a store in a directory, RocksDB) the import is handed to the loader
    as N-Quads files of a million lines and more: on RocksDB each bulk load sorts its quads into
    new files that the store then merges with what it holds, so fewer, larger loads cost less.
    """
    import pyoxigraph as ox

    size = sum(table.path.stat().st_size for table in {t.path: t for t in _tables(folder)}.values())
    check_extra_namespace(extra_namespace)  # refused here, not in the child process
    options = dict(provenance=provenance, materialise=materialise, extra_namespace=extra_namespace)
    pipelined = fresh and size > PIPELINE_BYTES
    convert = _convert_in_child if pipelined else _convert_first
    layout = dict(first_lines=DISK_CHUNK_LINES, quads=True) if on_disk else dict(first_lines=CHUNK_LINES)
    quads = 0
    with (
        tempfile.TemporaryDirectory(prefix="owlgraph-import-") as tmp,
        _progress(progress) as advance,
        convert([str(folder)], tmp, options, layout, advance, report or (lambda line: None)) as chunks,
    ):
        for chunk in chunks:
            if chunk.graph:
                store.bulk_load(path=chunk.path, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(chunk.graph))
            else:
                store.bulk_load(path=chunk.path, format=ox.RdfFormat.N_QUADS)
            os.unlink(chunk.path)
            quads += chunk.lines
    return quads


def import_csv(
    folder,
    *,
    store: Dataset | None = None,
    path=None,
    provenance: Provenance = "row",
    materialise: Materialise = "core",
    extra_namespace: str | None = None,
    progress: bool | None = None,
    report=None,
) -> Dataset:
    """Import the CSV files in ``folder`` (or the sheets of an .xlsx workbook) into an Oxigraph-backed dataset.

    Parameters
    ----------
    folder : path
        The folder with ``organisations.csv``, ``initiatives.csv``, … (see :data:`FILES`), or an
        ``.xlsx`` workbook with sheets named ``organisations``, ``initiatives``, ….
    store : rdflib.Dataset, optional
        An owlgraph store to add to (e.g. :func:`owlgraph.store.loading.load_graph`); by default a new one.
        Either way the ontology and the built-in sectors the rows refer to are added
        (:func:`owlgraph.store.builtins.add_builtins`); the article's graph only if ``store`` holds it.
    path : path, optional
        With no ``store``, persist the new store in this directory (replacing a store there
        only when the import succeeded).
    provenance : {"row", "reference", "quote", "statement"}
        Each row's text and the resources it describes (default), only the resources, the row
        as a Web Annotation quote, or evidence per statement (see the module docstring).
    materialise : {"core", "all", "none"}
        Which entailed super-classes and super-properties to write (see the module docstring).
    extra_namespace : str, optional
        The namespace of the properties that columns no file defines become (default ``og:``).
    progress : bool, optional
        Show a progress bar on stderr; by default only when stderr is a terminal.
    report : callable, optional
        Called with one line per table read: where, rows, encoding, separator, line ends.

    Returns
    -------
    rdflib.Dataset
        The store (``store`` if given).

    Raises
    ------
    InputFileError
        A one-line message naming ``file:line``, the column and the problem. Every row is checked
        before a ``store`` passed in is changed; a new store is thrown away (a store at ``path``
        stays as it was).
    """
    from owlgraph.store.builtins import add_builtins
    from owlgraph.store.embedded import open_store, staged_store, to_oxigraph

    options = dict(
        provenance=provenance,
        materialise=materialise,
        extra_namespace=extra_namespace,
        progress=progress,
        report=report,
    )
    fresh = store is None  # a new store is thrown away if the import fails, so it may be filled as rows are read
    if store is None and path is None:
        store = open_store()
    if store is not None:
        load_csv(folder, to_oxigraph(store), fresh=fresh, **options)
        add_builtins(to_oxigraph(store))
        return store
    with staged_store(path) as inner:
        load_csv(folder, inner, fresh=True, on_disk=True, **options)
        add_builtins(inner)
        del inner  # closed once the staging step is done with it, so that it can be opened at path
    return open_store(path)
