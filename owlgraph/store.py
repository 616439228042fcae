"""The embedded store: an rdflib ``Dataset`` whose triples live in Oxigraph.

Users keep the rdflib API (``ds.query``, ``ds.triples``, ``ds.graph(iri)``) while
parsing and SPARQL run in Oxigraph (through oxrdflib), which is one to two orders
of magnitude faster than rdflib's in-memory store on large graphs. A store can
be persisted in a directory and opened again without re-loading.

Examples
--------
>>> ds = load_graph()
>>> row = next(iter(ds.query("SELECT (COUNT(*) AS ?n) WHERE { ?i a og:Initiative }")))
>>> int(row.n)
10
"""

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from rdflib import Dataset

from .build import bind_prefixes, build_graph
from .errors import InputFileError

__all__ = ["RDF_FORMATS_BY_SUFFIX", "open_store", "load_graph", "load_files", "to_oxigraph", "triple_count"]

#: File suffix → pyoxigraph format name, for files users bring with ``--data``.
RDF_FORMATS_BY_SUFFIX = {
    ".ttl": "TURTLE", ".turtle": "TURTLE", ".nt": "N_TRIPLES", ".nq": "N_QUADS", ".nquads": "N_QUADS",
    ".trig": "TRIG", ".jsonld": "JSON_LD", ".json": "JSON_LD", ".rdf": "RDF_XML", ".owl": "RDF_XML",
    ".xml": "RDF_XML", ".n3": "N3",
}


def open_store(path: str | os.PathLike | None = None) -> Dataset:
    """An empty (or, with ``path``, a persisted) Oxigraph-backed rdflib ``Dataset``."""
    import pyoxigraph as ox
    from oxrdflib import OxigraphStore

    try:
        inner = ox.Store(str(path)) if path is not None else ox.Store()
    except OSError as exc:
        raise InputFileError(f"{path}: cannot open the store ({_first_line(exc)}); "
                             "is another owlgraph graph or process still using it? close it and retry") from None
    return bind_prefixes(Dataset(store=OxigraphStore(store=inner), default_union=True))


def to_oxigraph(dataset: Dataset):
    """The underlying ``pyoxigraph.Store`` of an owlgraph dataset."""
    return dataset.store._inner


def triple_count(dataset: Dataset) -> int:
    """Number of quads in the store (all graphs)."""
    return len(to_oxigraph(dataset))


def _format(path: Path):
    import pyoxigraph as ox

    name = RDF_FORMATS_BY_SUFFIX.get(path.suffix.lower())
    if name is None:
        known = ", ".join(sorted(RDF_FORMATS_BY_SUFFIX))
        raise InputFileError(f"{path}: unknown RDF file type {path.suffix!r}; use one of {known}")
    return getattr(ox.RdfFormat, name)


def load_files(paths: Iterable[str | os.PathLike], *, path: str | os.PathLike | None = None) -> Dataset:
    """Load RDF files (any of :data:`RDF_FORMATS_BY_SUFFIX`) into a new embedded store.

    All files are parsed into a fresh store first; a persisted store at ``path``
    is replaced only when every file loaded, so a failed load never destroys what
    was there before.
    """
    import pyoxigraph as ox

    files = [Path(p) for p in paths]
    staging = tempfile.mkdtemp(prefix=".owlgraph-store-", dir=Path(path).parent if path else None) if path else None
    store = ox.Store(staging) if staging else ox.Store()
    try:
        for file in files:
            if not file.is_file():
                raise InputFileError(f"{file}: file not found; check the path")
            try:
                fmt = _format(file)
                store.bulk_load(path=str(file), format=fmt,
                                to_graph=None if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG) else ox.DefaultGraph())
            except SyntaxError as exc:
                raise InputFileError(f"{file}: not valid RDF ({_first_line(exc)}); fix the file or check its suffix") from None
        if staging:
            store.flush()
            del store
            target = Path(path)
            backup = target.with_name(target.name + ".old")
            if target.exists():
                os.replace(target, backup)
            os.replace(staging, target)
            shutil.rmtree(backup, ignore_errors=True)
            staging = None
            return open_store(target)
    finally:
        if staging:
            shutil.rmtree(staging, ignore_errors=True)
    from oxrdflib import OxigraphStore

    return bind_prefixes(Dataset(store=OxigraphStore(store=store), default_union=True))


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def load_graph(data: Iterable[str | os.PathLike] | None = None, *, facts=None) -> Dataset:
    """The graph to work on, in the embedded store.

    With ``data`` (RDF files a user brings) those files; otherwise the built-in
    knowledge graph built from the facts files (``facts``: paths or a FactBase).
    """
    if data:
        return load_files(data)
    import pyoxigraph as ox

    from .facts import FactBase, read_facts

    base = facts if isinstance(facts, FactBase) else read_facts(facts)
    built = build_graph(base)
    ds = open_store()
    from .export import serialize_graph

    to_oxigraph(ds).load(serialize_graph(built, "nquads").encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    return ds
