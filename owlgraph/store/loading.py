"""Load the graph to work on into the embedded store: the built-in graph, RDF files, CSV folders.

Examples
--------
>>> ds = load_graph()
>>> row = next(iter(ds.query("SELECT (COUNT(*) AS ?n) WHERE { ?i a og:Initiative }")))
>>> int(row.n)
10
"""

import os
from collections.abc import Iterable

from rdflib import Dataset

from owlgraph.curation.build import build_graph
from owlgraph.store.embedded import as_dataset, load_files_into, open_store, staged_store

__all__ = ["load_graph", "load_files"]


def load_files(
    paths: str | os.PathLike | Iterable[str | os.PathLike], *, path: str | os.PathLike | None = None
) -> Dataset:
    """Load RDF files (any suffix of :data:`owlgraph.core.formats.RDF_FORMATS`) into a new embedded store.

    All files are parsed into a fresh store first; a persisted store at ``path``
    is replaced only when every file loaded, so a failed load never destroys what
    was there before.
    """
    return load_graph([paths] if isinstance(paths, (str, os.PathLike)) else list(paths), path=path)


def load_graph(
    data: str | os.PathLike | Iterable[str | os.PathLike] | None = None,
    *,
    facts=None,
    tables=None,
    path: str | os.PathLike | None = None,
    **import_options,
) -> Dataset:
    """The graph to work on, in the embedded store.

    With ``data`` (RDF files a user brings) those files; otherwise the built-in
    knowledge graph built from the facts files (``facts``: paths or a FactBase). Given
    both, the graph holds both: the graph built from ``facts`` and the RDF files.
    ``tables`` adds folders of CSV files or ``.xlsx`` workbooks (one path or a list;
    :func:`owlgraph.store.tabular.import_csv`, whose keyword options ``import_options`` passes on). With ``path`` the store is
    persisted there, replacing a store at ``path`` only when everything loaded;
    :func:`open_store` opens it again without re-loading.
    """
    import pyoxigraph as ox

    if isinstance(data, (str, os.PathLike)):
        data = [data]
    if isinstance(facts, (str, os.PathLike)):
        facts = [facts]
    with staged_store(path) as store:
        if facts or not data:
            from owlgraph.curation.export import serialize_graph
            from owlgraph.curation.facts import FactBase, read_facts

            base = facts if isinstance(facts, FactBase) else read_facts(facts)
            store.load(serialize_graph(build_graph(base), format="nquads").encode("utf-8"), format=ox.RdfFormat.N_QUADS)
        if data:
            load_files_into(store, data)
        if tables:
            from owlgraph.store.tabular import load_csv

            for folder in [tables] if isinstance(tables, (str, os.PathLike)) else tables:
                load_csv(folder, store, fresh=True, on_disk=path is not None, **import_options)
        if path is None:
            return as_dataset(store)
        del store  # the store closes once the staging step is done with it, so it can be opened at path
    return open_store(path)
