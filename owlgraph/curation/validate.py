"""Validate a graph against the SHACL shapes in ``ontology/shapes.ttl`` with pyshacl.

Each violation becomes one line: which resource, which rule, and which facts
file and entry it came from.

Examples
--------
>>> from owlgraph.curation.build import build_graph
>>> validate_graph(build_graph())
[]
"""

import re
from collections.abc import Hashable, Mapping

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from owlgraph.core.errors import ValidationError
from owlgraph.core.namespaces import SH, bind_prefixes
from owlgraph.curation.export import quads_of
from owlgraph.curation.ontology import SHAPES_FILE

__all__ = ["validate_graph", "check_graph"]


class _ValidationGraph(Graph):
    """The triples to validate, twice: in rdflib's memory store for pyshacl's many small look-ups, and in
    Oxigraph for its SPARQL rules.

    pyshacl runs a SPARQL rule as one query per resource it checks; rdflib parses and evaluates each of
    them in Python, which was most of a validation's time. Oxigraph answers the same queries (the
    resource comes in as a binding) about ten times faster, with the same results.
    """

    def __init__(self, triples):
        super().__init__()
        bind_prefixes(self)
        self._sparql = Graph(store="Oxigraph")
        self._sparql.addN((s, p, o, self._sparql) for s, p, o in triples)
        self.addN((s, p, o, self) for s, p, o in triples)

    def query(self, query_object, *args, **kwargs):
        return self._sparql.query(query_object, *args, **kwargs)


def validate_graph(graph, *, origins: Mapping[Hashable, str] | None = None) -> list[str]:
    """Return one line per SHACL violation (an empty list when the graph conforms)."""
    import pyshacl

    data = _ValidationGraph([(s, p, o) for s, p, o, _ in quads_of(graph)])
    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    # in place: data is our own copy, and the shapes have no rules that would add to it
    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True, inplace=True
    )
    if conforms:
        return []
    origins = origins or {}
    lines = []
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = _message(report, shapes, result)
        label = data.value(focus, RDFS.label)
        where = origins.get((focus, path)) or origins.get(focus)
        name = f"{label} <{focus}>" if label else f"<{focus}>"
        rule = report.value(result, SH.sourceConstraintComponent)
        rule_name = str(rule).rsplit("#", 1)[-1] if rule else "constraint"
        path_name = f" {data.namespace_manager.normalizeUri(path)}:" if isinstance(path, URIRef) else ""
        prefix = f"{where}: " if where else ""
        lines.append(f"{prefix}{name}:{path_name} {message} [{rule_name}]")
    return sorted(set(lines))


_PLACEHOLDER = re.compile(r"\{[?$]\w+\}")


def _message(report: Graph, shapes: Graph, result) -> str:
    """The message of the shape (or SPARQL constraint) a result comes from.

    pyshacl gives a SPARQL constraint's result both the constraint's message and its node shape's
    message, so any one ``sh:resultMessage`` may be another rule's; pick the one its own rule wrote.
    """
    found = sorted(str(m) for m in report.objects(result, SH.resultMessage))
    constraint = report.value(result, SH.sourceConstraint)
    owner = constraint if constraint is not None and (constraint, SH.message, None) in shapes else None
    owner = owner if owner is not None else report.value(result, SH.sourceShape)
    own = sorted(str(m) for m in shapes.objects(owner, SH.message)) if owner is not None else []
    for template in own:  # a SPARQL message is a template: {?p} and {$this} are filled in per result
        pattern = ".*".join(re.escape(part) for part in _PLACEHOLDER.split(template))
        matching = [m for m in found if re.fullmatch(pattern, m, flags=re.DOTALL)]
        if matching:
            return matching[0]
    if own:
        return own[0]
    return found[0] if found else "violates a shape"


def check_graph(graph, *, origins: Mapping[Hashable, str] | None = None) -> None:
    """Raise :class:`~owlgraph.core.errors.ValidationError` if the graph violates a shape."""
    problems = validate_graph(graph, origins=origins)
    if problems:
        raise ValidationError(problems)
