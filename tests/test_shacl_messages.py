"""SHACL validation reports each violation with the message of the shape it violates."""

from pathlib import Path

from rdflib import Graph

from owlgraph.curation.validate import validate_graph

FIXTURE = Path(__file__).parent / "data" / "interchange" / "two-violations.ttl"
LABEL_MESSAGE = "needs exactly one non-empty label"
DATE_MESSAGE = "an event has at most one date"


def test_an_event_violating_two_shapes_gets_each_shapes_own_message():
    lines = validate_graph(Graph().parse(FIXTURE))
    label_lines = [ln for ln in lines if " rdfs:label: " in ln]
    date_lines = [ln for ln in lines if " og:date: " in ln]
    assert len(label_lines) == 1 and len(date_lines) == 1, lines
    assert LABEL_MESSAGE in label_lines[0] and DATE_MESSAGE not in label_lines[0]
    assert DATE_MESSAGE in date_lines[0] and LABEL_MESSAGE not in date_lines[0]
    assert "[MinCountConstraintComponent]" not in date_lines[0]


def test_a_sparql_rule_inside_a_shape_with_its_own_message_reports_the_rules_message():
    lines = [ln for ln in validate_graph(Graph().parse(FIXTURE)) if "<https://example.org/interchange/evidence>" in ln]
    reason = [ln for ln in lines if "[SPARQLConstraintComponent]" in ln]
    structure = [ln for ln in lines if "[OrConstraintComponent]" in ln]
    assert len(reason) == 1 and len(structure) == 1, lines
    assert "an inferred fact needs its reason" in reason[0] and "names exactly one subject" not in reason[0]
    assert "names exactly one subject" in structure[0] and "inferred fact" not in structure[0]


def test_a_sparql_rule_keeps_its_message_with_the_values_filled_in():
    lines = validate_graph(Graph().parse(FIXTURE))
    evidence = [ln for ln in lines if "has no evidence" in ln]
    assert evidence and all("{?" not in ln for ln in evidence), lines
    assert any("ontology#date im Winter has no evidence" in ln for ln in evidence), evidence


def test_the_rules_message_is_chosen_whatever_order_the_report_lists_the_messages_in():
    """pyshacl writes a SPARQL rule's message and its node shape's message on the same result; which one
    a reader meets first is store order, not part of pyshacl's contract. Reverse it: the answer must not change."""
    import pyshacl

    from owlgraph.core.namespaces import SH
    from owlgraph.curation.ontology import SHAPES_FILE
    from owlgraph.curation.validate import _message

    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    _, report, _ = pyshacl.validate(Graph().parse(FIXTURE), shacl_graph=shapes, advanced=True, allow_warnings=True)
    [result] = [
        r for r in report.subjects(SH.sourceConstraint, None) if len(list(report.objects(r, SH.resultMessage))) > 1
    ]
    reversed_report = Graph()
    for s, p, o in report:
        if p != SH.resultMessage:
            reversed_report.add((s, p, o))
    for s, p, o in sorted(report.triples((None, SH.resultMessage, None)), reverse=True):
        reversed_report.add((s, p, o))
    for r in (report, reversed_report):
        assert _message(r, shapes, result) == "an inferred fact needs its reason (og:inferenceReason)"
