"""The files the package carries: ontology, shapes, competency queries, built-in facts and sources.

They are read through :mod:`importlib.resources`, so an installed wheel finds them
wherever it lives; nothing is looked up relative to a checkout. In the repository
``owlgraph/resources/{ontology,queries,data}`` are links to the top-level folders,
which stay where a reader expects them.

Examples
--------
>>> from owlgraph.core.resources import resource
>>> resource("ontology", "owlgraph.ttl").name
'owlgraph.ttl'
>>> sorted(p.name for p in resource("data", "facts").glob("*.yaml"))
['owl-article.yaml', 'reference-codes.yaml']
"""

from importlib.resources import files
from pathlib import Path

__all__ = ["RESOURCES", "resource", "relative_name"]

#: The folder of the package's resources (a real directory: owlgraph is never imported from a zip).
RESOURCES = Path(str(files("owlgraph") / "resources"))


def resource(*parts: str) -> Path:
    """The path of a packaged resource, e.g. ``resource("ontology", "shapes.ttl")``."""
    return RESOURCES.joinpath(*parts)


def relative_name(path: Path) -> str:
    """A packaged file's name relative to the resources (``data/sources/x.txt``), else the path as given.

    >>> relative_name(resource("data", "sources", "reference-codes.md"))
    'data/sources/reference-codes.md'
    >>> relative_name(Path("/tmp/mine.txt"))
    '/tmp/mine.txt'
    """
    resolved = path.resolve()
    for top in ("data", "ontology", "queries"):
        for base in (RESOURCES / top, (RESOURCES / top).resolve()):
            for candidate in (path, resolved):
                if candidate.is_relative_to(base):
                    return f"{top}/{candidate.relative_to(base).as_posix()}"
    return str(path)
