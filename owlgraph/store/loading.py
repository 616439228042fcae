"""Load the graph to work on into the embedded store: the built-in graph, RDF files, CSV folders.

What goes into the store (decision record 29):

- always the ontology (named graph ``graph:ontology``) and the built-in sectors the data refers to
  (``graph:vocabulary``), :mod:`owlgraph.store.builtins`;
- the article's graph (the facts in ``data/facts/``) only when nothing else is given, or when asked
  for with ``facts=True`` (``--facts built-in``); RDF files or tables alone never bring it in.

Examples
--------
>>> ds = load_graph()
>>> row = next(iter(ds.query("SELECT (COUNT(*) AS ?n) WHERE { ?i a og:Initiative }")))
>>> int(row.n)
10
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "organisations.csv").write_text("id,name,type,sector\\nacme,ACME GmbH,Company,it\\n", encoding="utf-8")
>>> mine = load_graph(tables=folder, progress=False)
>>> [str(r.label) for r in mine.query("SELECT ?label WHERE { ?o a og:Organisation ; rdfs:label ?label }")]
['ACME GmbH']
>>> [str(r.label) for r in mine.query("SELECT ?label WHERE { ?s a og:Sector ; rdfs:label ?label }")]
['IT']
"""

import os
from collections.abc import Iterable

from rdflib import Dataset

from owlgraph.curation.build import build_graph
from owlgraph.curation.facts import FactBase, read_facts
from owlgraph.store.builtins import add_builtins
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
    facts: bool | str | os.PathLike | Iterable[str | os.PathLike] | FactBase | None = None,
    tables=None,
    path: str | os.PathLike | None = None,
    **import_options,
) -> Dataset:
    """The graph to work on, in the embedded store.

    ``data`` (RDF files a user brings) and ``tables`` (folders of CSV files or ``.xlsx``
    workbooks, one path or a list; :func:`owlgraph.store.tabular.import_csv`, whose keyword
    options ``import_options`` passes on) are loaded as they are. The graph built from facts
    is added when ``facts`` names facts files or a FactBase (``"built-in"`` among the paths
    stands for ``data/facts/*.yaml``), when ``facts=True`` (the built-in facts: the article),
    or when neither ``data`` nor ``tables`` is given and ``facts`` is not ``False``: the
    article's graph is never mixed silently into a user's data. The ontology and the built-in
    sectors the data refers to are always added (:func:`owlgraph.store.builtins.add_builtins`),
    so ``organisations-per-type``, sector labels and SHACL work on any data.

    With ``path`` the store is persisted there, replacing a store at ``path`` only when
    everything loaded; :func:`open_store` opens it again without re-loading.
    """
    import pyoxigraph as ox

    if isinstance(data, (str, os.PathLike)):
        data = [data]
    if isinstance(facts, (str, os.PathLike)):
        facts = [facts]
    elif facts is not None and not isinstance(facts, (bool, FactBase)):
        facts = list(facts)
    if facts is None or facts == []:
        facts = not data and not tables
    with staged_store(path) as store:
        if facts is not False:
            from owlgraph.curation.export import serialize_graph

            base = facts if isinstance(facts, FactBase) else read_facts(None if facts is True else map(str, facts))
            store.load(serialize_graph(build_graph(base), format="nquads").encode("utf-8"), format=ox.RdfFormat.N_QUADS)
        if data:
            load_files_into(store, data)
        if tables:
            from owlgraph.store.tabular import load_csv

            for folder in [tables] if isinstance(tables, (str, os.PathLike)) else tables:
                load_csv(folder, store, fresh=True, on_disk=path is not None, **import_options)
        add_builtins(store)
        if path is None:
            return as_dataset(store)
        del store  # the store closes once the staging step is done with it, so it can be opened at path
    return open_store(path)
