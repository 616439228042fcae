"""Validate a graph against the SHACL shapes in ``ontology/shapes.ttl`` with pyshacl.

Each violation becomes one line: which resource, which rule, and which facts
file and entry it came from.

Examples
--------
>>> from owlgraph.curation.build import build_graph
>>> validate_graph(build_graph())
[]
"""

from collections.abc import Hashable, Mapping

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from owlgraph.core.errors import ValidationError
from owlgraph.core.namespaces import SH
from owlgraph.curation.export import triples_graph
from owlgraph.curation.ontology import SHAPES_FILE

__all__ = ["validate_graph", "check_graph"]


def validate_graph(graph, *, origins: Mapping[Hashable, str] | None = None) -> list[str]:
    """Return one line per SHACL violation (an empty list when the graph conforms)."""
    import pyshacl

    data = triples_graph(graph)
    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    if conforms:
        return []
    origins = origins or {}
    lines = []
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        label = data.value(focus, RDFS.label)
        where = origins.get((focus, path)) or origins.get(focus)
        name = f"{label} <{focus}>" if label else f"<{focus}>"
        rule = report.value(result, SH.sourceConstraintComponent)
        rule_name = str(rule).rsplit("#", 1)[-1] if rule else "constraint"
        path_name = f" {data.namespace_manager.normalizeUri(path)}:" if isinstance(path, URIRef) else ""
        prefix = f"{where}: " if where else ""
        lines.append(f"{prefix}{name}:{path_name} {message} [{rule_name}]")
    return sorted(set(lines))


def check_graph(graph, *, origins: Mapping[Hashable, str] | None = None) -> None:
    """Raise :class:`~owlgraph.core.errors.ValidationError` if the graph violates a shape."""
    problems = validate_graph(graph, origins=origins)
    if problems:
        raise ValidationError(problems)
