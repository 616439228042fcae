"""The one registry of RDF formats, built on ``pyoxigraph.RdfFormat``.

Each :class:`RdfFormatInfo` says which file suffixes mean the format, its media
type, and whether it keeps named graphs. Reading ``--data`` files
(:mod:`owlgraph.store.embedded`), writing exports (:mod:`owlgraph.curation.export`)
and content negotiation with remote endpoints (:mod:`owlgraph.sparql.endpoint`)
all look formats up here.

Examples
--------
>>> rdf_format_for_path("people.nq").name, rdf_format_for_path("people.nq").named_graphs
('nquads', True)
>>> rdf_format("turtle").media_type
'text/turtle'
>>> rdf_format_for_media_type("application/n-triples; charset=utf-8").name
'nt'
"""

import os
from dataclasses import dataclass
from pathlib import Path

from owlgraph.core.errors import ExportError, InputFileError, OwlgraphError

__all__ = ["RdfFormatInfo", "RDF_FORMATS", "rdf_format", "rdf_format_for_path", "rdf_format_for_media_type"]


@dataclass(frozen=True)
class RdfFormatInfo:
    """One RDF format: owlgraph's name for it (``format=``), pyoxigraph's and rdflib's names, suffixes, extra media types."""

    name: str
    oxigraph_name: str
    rdflib_name: str
    suffixes: tuple[str, ...]
    media_types: tuple[str, ...] = ()

    @property
    def rdf_format(self):
        """The ``pyoxigraph.RdfFormat`` constant."""
        import pyoxigraph as ox

        return getattr(ox.RdfFormat, self.oxigraph_name)

    @property
    def suffix(self) -> str:
        """The suffix a written file gets (the first one)."""
        return self.suffixes[0]

    @property
    def media_type(self) -> str:
        """The registered media type (from pyoxigraph)."""
        return self.rdf_format.media_type

    @property
    def named_graphs(self) -> bool:
        """Whether the format keeps named graphs (a dataset format)."""
        return self.rdf_format.supports_datasets


#: owlgraph's format name → format. The first suffix is the one files are written with.
RDF_FORMATS: dict[str, RdfFormatInfo] = {
    f.name: f
    for f in [
        RdfFormatInfo("turtle", "TURTLE", "turtle", (".ttl", ".turtle")),
        RdfFormatInfo("nt", "N_TRIPLES", "nt", (".nt",), ("text/plain",)),
        RdfFormatInfo("nquads", "N_QUADS", "nquads", (".nq", ".nquads")),
        RdfFormatInfo("trig", "TRIG", "trig", (".trig",)),
        RdfFormatInfo("jsonld", "JSON_LD", "json-ld", (".jsonld", ".json")),
        RdfFormatInfo("rdfxml", "RDF_XML", "xml", (".rdf", ".owl", ".xml"), ("application/xml", "text/xml")),
        RdfFormatInfo("n3", "N3", "n3", (".n3",)),
    ]
}


def rdf_format(name: str, *, error: type[OwlgraphError] = ExportError) -> RdfFormatInfo:
    """The format called ``name`` (see :data:`RDF_FORMATS`), else one line listing the names.

    Examples
    --------
    >>> rdf_format("trig").suffix
    '.trig'
    >>> rdf_format("ttl")
    Traceback (most recent call last):
    ...
    owlgraph.core.errors.ExportError: unknown RDF format 'ttl'; use one of: turtle, nt, nquads, trig, jsonld, rdfxml, n3
    """
    if name not in RDF_FORMATS:
        raise error(f"unknown RDF format {name!r}; use one of: {', '.join(RDF_FORMATS)}")
    return RDF_FORMATS[name]


def rdf_format_for_path(path: str | os.PathLike) -> RdfFormatInfo:
    """The format a file's suffix names, else an :class:`InputFileError` listing the suffixes.

    Examples
    --------
    >>> rdf_format_for_path("ontology.owl").name
    'rdfxml'
    """
    suffix = Path(path).suffix.lower()
    for info in RDF_FORMATS.values():
        if suffix in info.suffixes:
            return info
    known = ", ".join(sorted(s for info in RDF_FORMATS.values() for s in info.suffixes))
    raise InputFileError(f"{path}: unknown RDF file type {suffix!r}; use one of {known}")


def rdf_format_for_media_type(content_type: str) -> RdfFormatInfo | None:
    """The format of an HTTP ``Content-Type`` (parameters ignored), or ``None``.

    Examples
    --------
    >>> rdf_format_for_media_type("text/html") is None
    True
    """
    media = content_type.split(";")[0].strip().lower()
    for info in RDF_FORMATS.values():
        if media == info.media_type or media in info.media_types:
            return info
    return None
