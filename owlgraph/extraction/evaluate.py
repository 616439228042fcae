"""Score a draft against a curated facts file: precision and recall per entity type and per relation.

Matching is one-to-one and never looks at ids, only at what the source says: an extracted
entity matches a curated one of the same type when (1) their labels agree after
normalisation, else (2) the words of one label are all in the other ("Erfahrungsaustausch"
~ "Erfahrungsaustausch in Düsseldorf"), else (3) their evidence spans overlap in the
source. A fact matches when its subject and value match (entities through the entity
matching; literals after case and space folding) under the same property. Entities that
are linked to the graph keep the graph's id and match a curated entity with that id.

Examples
--------
>>> scores = Scores()
>>> scores.add("Person", tp=2, fp=1, fn=0)
>>> round(scores.rows["Person"].precision, 2), scores.rows["Person"].recall
(0.67, 1.0)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from owlgraph.curation.facts import FactBase, read_facts
from owlgraph.extraction.draft import Draft
from owlgraph.extraction.linking import locate, norm, tokens

__all__ = ["evaluate", "evaluate_draft", "Scores", "Row", "format_scores"]


@dataclass
class Row:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Scores:
    rows: dict[str, Row] = field(default_factory=dict)
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)

    def add(self, key: str, *, tp: int = 0, fp: int = 0, fn: int = 0) -> None:
        row = self.rows.setdefault(key, Row())
        row.tp, row.fp, row.fn = row.tp + tp, row.fp + fp, row.fn + fn

    def total(self, prefix: str) -> Row:
        row = Row()
        for key, r in self.rows.items():
            if key.startswith(prefix):
                row.tp, row.fp, row.fn = row.tp + r.tp, row.fp + r.fp, row.fn + r.fn
        return row


def _match_entities(draft: Draft, gold: FactBase, text: str) -> dict[str, str]:
    """Draft id → gold id, one to one."""
    gold_ents = [e for e in gold.entities if e.id not in {s.id for s in gold.sources}]
    mapping: dict[str, str] = {}
    used: set[str] = set()
    drafts = list(draft.entities.values())
    for d in drafts:  # linked entities carry the graph's id
        if d.linked and any(g.id == d.id for g in gold_ents):
            mapping[d.id] = d.id
            used.add(d.id)
    tests = (
        lambda d, g: norm(d.label) == norm(g.label),
        lambda d, g: (
            bool(tokens(d.label))
            and bool(tokens(g.label))
            and (tokens(d.label) <= tokens(g.label) or tokens(g.label) <= tokens(d.label))
        ),
        lambda d, g: any(s1 < e2 and s2 < e1 for s1, e1 in d.spans for s2, e2 in locate(text, g.evidence)),
    )
    for test in tests:
        for d in drafts:
            if d.id in mapping:
                continue
            for g in gold_ents:
                if g.id not in used and g.type == d.type and test(d, g):
                    mapping[d.id] = g.id
                    used.add(g.id)
                    break
    return mapping


def _literal(value) -> str:
    if isinstance(value, tuple):
        value = value[0]
    text = re.sub(r"\s+", " ", str(value)).strip().casefold().rstrip("/")
    return text


def evaluate(draft: Draft, gold_file: str | Path) -> Scores:
    """Precision and recall of ``draft`` against the curated facts file ``gold_file``."""
    gold = read_facts([gold_file])
    source = gold.sources[0]
    mapping = _match_entities(draft, gold, source.text)
    mapping[draft.source_id] = source.id
    scores = Scores()
    gold_ents = [e for e in gold.entities if e.id != source.id]
    for g in gold_ents:
        hit = g.id in mapping.values()
        scores.add(f"entity {g.type}", tp=int(hit), fn=int(not hit))
        if not hit:
            scores.missed.append(f"{g.type} {g.label!r}")
    for d in draft.entities.values():
        if d.id not in mapping:
            scores.add(f"entity {d.type}", fp=1)
            scores.spurious.append(f"{d.type} {d.label!r} ({d.rule})")
    gold_keys = {(f.subject, f.prop, f.value if f.kind == "entity" else _literal(f.value)) for f in gold.facts}
    found = set()
    for f in draft.facts:
        subject = mapping.get(f.subject)
        value = mapping.get(f.value, _literal(f.value)) if isinstance(f.value, str) else _literal(f.value)
        key = (subject, f.prop, value)
        if key in found:
            continue
        found.add(key)
        hit = subject is not None and key in gold_keys
        scores.add(f"relation {f.prop}", tp=int(hit), fp=int(not hit))
        if not hit:
            scores.spurious.append(f"{f.subject} {f.prop} {f.value!r} ({f.rule})")
    for gold_key in gold_keys - found:
        scores.add(f"relation {gold_key[1]}", fn=1)
        scores.missed.append(f"{gold_key[0]} {gold_key[1]} {gold_key[2]!r}")
    return scores


evaluate_draft = evaluate


def format_scores(scores: Scores) -> str:
    """A plain-text table: one row per entity type and relation, then the totals."""
    lines = [f"{'':34} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>10} {'recall':>7}"]
    for key in sorted(scores.rows, key=lambda k: (not k.startswith("entity"), k)):
        r = scores.rows[key]
        lines.append(f"{key:34} {r.tp:4} {r.fp:4} {r.fn:4} {r.precision:10.2f} {r.recall:7.2f}")
    for prefix in ("entity", "relation"):
        r = scores.total(prefix)
        lines.append(
            f"{'ALL ' + ('entities' if prefix == 'entity' else 'relations'):34} {r.tp:4} {r.fp:4} {r.fn:4} {r.precision:10.2f} {r.recall:7.2f}"
        )
    return "\n".join(lines)
