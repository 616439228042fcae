"""The embedded store: an rdflib ``Dataset`` whose triples live in Oxigraph.

Users keep the rdflib API (``ds.query``, ``ds.triples``, ``ds.graph(iri)``) while
parsing and SPARQL run in Oxigraph (through oxrdflib), which is one to two orders
of magnitude faster than rdflib's in-memory store on large graphs. A store can
be persisted in a directory and opened again without re-loading.

Examples
--------
>>> from rdflib import RDF, URIRef
>>> ds = open_store()
>>> ds.add((URIRef("https://example.org/a"), RDF.type, URIRef("https://w3id.org/owlgraph/ontology#Initiative")))
<Graph identifier=...>
>>> row = next(iter(ds.query("SELECT (COUNT(*) AS ?n) WHERE { ?i a og:Initiative }")))
>>> int(row.n)
1
"""

import os
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

from rdflib import XSD, BNode, Dataset, Graph, Literal, URIRef

from owlgraph.core.errors import InputFileError
from owlgraph.core.files import atomic_folder
from owlgraph.core.formats import rdf_format_for_path
from owlgraph.core.namespaces import bind_prefixes

__all__ = [
    "is_store",
    "open_store",
    "require_store",
    "staged_store",
    "load_files_into",
    "as_dataset",
    "to_oxigraph",
    "rdflib_rows",
    "is_embedded",
    "triple_count",
]


def is_store(path: str | os.PathLike) -> bool:
    """Whether ``path`` holds a persisted Oxigraph store (RocksDB's ``CURRENT`` file marks one)."""
    return (Path(path) / "CURRENT").is_file()


def require_store(path: str | os.PathLike) -> Path:
    """``path`` if it holds a persisted store; otherwise a one-line error saying how to make one."""
    if not is_store(path):
        raise InputFileError(
            f"{path}: no owlgraph store here; create one with: owlgraph import CSV_FOLDER --store {path}"
        )
    return Path(path)


def open_store(path: str | os.PathLike | None = None, *, create: bool = True) -> Dataset:
    """An empty (or, with ``path``, a persisted) Oxigraph-backed rdflib ``Dataset``.

    With ``create=False`` a ``path`` that holds no store is an error instead of a new, empty store.
    """
    import pyoxigraph as ox

    if path is not None and not create:
        require_store(path)
    try:
        inner = ox.Store(str(path)) if path is not None else ox.Store()
    except OSError as exc:
        raise InputFileError(
            f"{path}: cannot open the store ({_first_line(exc)}); "
            "is another owlgraph graph or process still using it? close it and retry"
        ) from None
    return as_dataset(inner)


def is_embedded(graph) -> bool:
    """Whether ``graph`` is an rdflib graph or dataset whose triples live in Oxigraph (an owlgraph store).

    Examples
    --------
    >>> from rdflib import Graph
    >>> is_embedded(open_store()), is_embedded(Graph())
    (True, False)
    """
    from oxrdflib import OxigraphStore

    return isinstance(getattr(graph, "store", None), OxigraphStore)


def to_oxigraph(dataset: Graph):
    """The underlying ``pyoxigraph.Store`` of an owlgraph dataset, for queries that skip rdflib terms.

    This is the one place that reaches into oxrdflib (which keeps the store as ``_inner``).

    Examples
    --------
    >>> len(to_oxigraph(open_store()))
    0
    """
    if not is_embedded(dataset):
        raise TypeError(f"not an Oxigraph-backed graph: {type(dataset).__name__}; open one with open_store()")
    return dataset.store._inner  # type: ignore[attr-defined]


def rdflib_rows(solutions) -> list[list]:
    """Rows of rdflib terms (``None`` where unbound) from pyoxigraph query solutions.

    A simple literal (``xsd:string``) comes as a plain ``Literal`` without datatype, as
    rdflib's parsers and a remote endpoint's JSON results give it, so that rows compare
    equal whichever store answered; in RDF 1.1 both are the same term. Building a typed
    ``Literal`` costs rdflib about three times a plain one. Each distinct term is
    converted once per call: large answers repeat their organisations, labels and roles
    on many rows.

    Examples
    --------
    >>> rows = rdflib_rows(to_oxigraph(open_store()).query('SELECT ?x ?y ?z WHERE { VALUES (?x ?y ?z) { ("a"@de UNDEF "b") } }'))
    >>> rows
    [[rdflib.term.Literal('a', lang='de'), None, rdflib.term.Literal('b')]]
    """
    import pyoxigraph as ox

    string = ox.NamedNode(str(XSD.string))
    datatypes: dict = {}

    def convert(value):
        if isinstance(value, ox.NamedNode):
            return URIRef(value.value)
        if isinstance(value, ox.BlankNode):
            return BNode(value.value)
        if isinstance(value, ox.Literal):
            # a string needs no normalising: the same Literal, without rdflib's round trip through Python values
            if value.language:
                return Literal(value.value, lang=value.language, normalize=False)
            datatype = value.datatype
            if datatype == string:
                return Literal(value.value, normalize=False)
            if datatype not in datatypes:
                datatypes[datatype] = URIRef(datatype.value)
            return Literal(value.value, datatype=datatypes[datatype])
        return tuple(convert(part) for part in (value.subject, value.predicate, value.object))  # RDF-star

    converted: dict = {None: None}
    known, missing = converted.get, object()

    def term(value):
        made = converted[value] = convert(value)
        return made

    # a function call only for a term not seen before: most cells repeat one
    return [
        [made if (made := known(value, missing)) is not missing else term(value) for value in solution]
        for solution in solutions
    ]


def triple_count(dataset: Dataset) -> int:
    """Number of quads in the store (all graphs)."""
    return len(to_oxigraph(dataset))


@contextmanager
def staged_store(path: str | os.PathLike | None = None):
    """A new ``pyoxigraph.Store`` to fill; with ``path``, it replaces the store there only on success.

    The store is built in a staging directory next to ``path`` and swapped in when the
    ``with`` block ends without an error, so a failed load never destroys what was there
    before. Without ``path`` the store lives in memory.
    """
    import pyoxigraph as ox

    if path is None:
        yield ox.Store()
        return
    target = Path(path)
    if target.exists() and not (target.is_dir() and (is_store(target) or not any(target.iterdir()))):
        raise InputFileError(
            f"{target}: exists and is not an owlgraph store; give a new or empty folder (nothing was changed)"
        )
    with atomic_folder(target) as staging:
        store = ox.Store(str(staging))
        yield store
        store.flush()
        del store  # closed before the folder moves, so that it can be opened at path


def as_dataset(store) -> Dataset:
    from oxrdflib import OxigraphStore

    return bind_prefixes(Dataset(store=OxigraphStore(store=store), default_union=True))


def load_files_into(store, files: Iterable[str | os.PathLike]) -> None:
    import pyoxigraph as ox

    for file in map(Path, files):
        if not file.is_file():
            raise InputFileError(f"{file}: file not found; check the path")
        info = rdf_format_for_path(file)
        try:
            store.bulk_load(
                path=str(file),
                format=info.rdf_format,
                to_graph=None if info.named_graphs else ox.DefaultGraph(),
            )
        except SyntaxError as exc:
            raise InputFileError(
                f"{file}: not valid RDF ({_first_line(exc)}); fix the file or check its suffix"
            ) from None


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
