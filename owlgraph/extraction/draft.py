"""The draft: entities and facts found in a source, each with verbatim evidence and the rule behind it.

Evidence is never typed in: it is always ``text[start:end]`` of the source, so it
occurs verbatim by construction (and :func:`write_draft` checks it again with the
same code as the build, :func:`owlgraph.curation.facts.read_facts`).

Examples
--------
>>> d = Draft("demo", "Demo", "de", "Die Muster GmbH in Bielefeld.", Path("demo.txt"))
>>> org = d.entity("Company", "Muster GmbH", (4, 15), rule="org:legal-form")
>>> city = d.entity("City", "Bielefeld", (19, 28), rule="place:in")
>>> d.fact(org, "basedIn", city, [(4, 28)], rule="org:in-city").evidence
['Muster GmbH in Bielefeld']
"""

from __future__ import annotations

import bisect
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

__all__ = ["Draft", "DraftEntity", "DraftFact", "slug", "write_draft", "draft_yaml"]


def slug(text: str) -> str:
    """An owlgraph id for a label: lower case, umlauts transcribed, hyphens.

    >>> slug("Gebäudetechnologien & Straße GmbH")
    'gebaeudetechnologien-strasse-gmbh'
    """
    text = text.replace("ß", "ss")
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "Ae"), ("Ö", "Oe"), ("Ü", "Ue")):
        text = text.replace(a, b)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-") or "x"


@dataclass
class DraftEntity:
    id: str
    type: str
    label: str
    spans: list[tuple[int, int]]
    rule: str
    inferred: str | None = None
    linked: bool = False


@dataclass
class DraftFact:
    subject: str
    prop: str
    value: object
    spans: list[tuple[int, int]]
    rule: str
    inferred: str | None = None
    evidence: list[str] = field(default_factory=list)


@dataclass
class Draft:
    """Everything found in one source. Entities are keyed by (type, label) so a name found twice is one entity."""

    source_id: str
    title: str
    language: str
    text: str
    path: Path
    entities: dict[str, DraftEntity] = field(default_factory=dict)
    facts: list[DraftFact] = field(default_factory=list)
    taken: set[str] = field(default_factory=set)  # ids that exist in the graph (never reused for new entities)
    _by_key: dict[tuple[str, str], str] = field(default_factory=dict)
    # working state of the rules (not written)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    posts: list = field(default_factory=list)
    topic_spans: list = field(default_factory=list)
    sector_ids: dict = field(default_factory=dict)
    event_mentions: list = field(default_factory=list)
    studies: list = field(default_factory=list)
    author: str | None = None
    author_span: tuple[int, int] | None = None
    dateline: str | None = None
    _index: list = field(default_factory=list)
    _index_key: int = -1
    _version: int = 0

    def prepare(self) -> None:
        """Split the text into sentences (spaCy sentencizer) and collect the language's known common nouns."""
        from owlgraph.extraction.text import pipeline

        nlp = pipeline(self.language)
        self.sentences = []
        for para in re.finditer(r"[^\n]+", self.text):  # a line never continues a sentence of the line before
            doc = nlp.make_doc(para[0])
            for _, proc in nlp.pipeline:
                doc = proc(doc)
            self.sentences += [(para.start() + s.start_char, para.start() + s.end_char) for s in doc.sents]

    def sentence_at(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.sentences, (pos, float("inf"))) - 1
        if i >= 0 and self.sentences[i][0] <= pos < self.sentences[i][1]:
            return self.sentences[i]
        return (pos, pos + 1)

    def add_span(self, ident: str, span: tuple[int, int]) -> None:
        """Record a further mention of an entity."""
        if span not in self.entities[ident].spans:
            self.entities[ident].spans.append(span)
            self._version += 1

    def mention_index(self) -> list[tuple[int, int, str, str]]:
        """Every mention as (start, end, id, type), sorted; rebuilt after the entities change."""
        key = self._version
        if self._index_key != key:
            self._index = sorted((s, e, ent.id, ent.type) for ent in self.entities.values() for s, e in ent.spans)
            self._index_key = key
        return self._index

    def quote(self, span: tuple[int, int]) -> str:
        return self.text[span[0] : span[1]]

    def find(self, type_: str, label: str) -> str | None:
        return self._by_key.get((type_, label.casefold()))

    def entity(self, type_: str, label: str, span: tuple[int, int], *, rule: str, inferred: str | None = None) -> str:
        """Add an entity (or a further mention of one already found); return its id."""
        key = (type_, label.casefold())
        self._version += 1
        if key in self._by_key:
            ident = self._by_key[key]
            if span not in self.entities[ident].spans:
                self.entities[ident].spans.append(span)
            return ident
        base = slug(label)
        ident, n = base, 2
        while ident in self.entities or ident in self.taken or ident == self.source_id:
            ident, n = f"{base}-{n}", n + 1
        self.entities[ident] = DraftEntity(ident, type_, label, [span], rule, inferred)
        self._by_key[key] = ident
        return ident

    def fact(self, subject: str, prop: str, value, spans, *, rule: str, inferred: str | None = None) -> DraftFact:
        """Add a fact unless the same (subject, property, value) is already there; return it."""
        for old in self.facts:
            if (old.subject, old.prop, old.value) == (subject, prop, value):
                return old
        spans = sorted(set(spans))
        fact = DraftFact(subject, prop, value, spans, rule, inferred, [self.quote(s) for s in spans])
        self.facts.append(fact)
        return fact

    def mentions(self, ident: str) -> list[tuple[int, int]]:
        return self.entities[ident].spans

    def merge(self, old: str, into: str) -> None:
        """Make ``old`` a further mention of ``into``: its spans and facts move over."""
        self._version += 1
        target = self.entities[into]
        target.spans += [s for s in self.entities.pop(old).spans if s not in target.spans]
        for key, value in list(self._by_key.items()):
            if value == old:
                self._by_key[key] = into
        for fact in self.facts:
            fact.subject = into if fact.subject == old else fact.subject
            fact.value = into if fact.value == old else fact.value

    def rename(self, old: str, new: str) -> None:
        """Replace an entity id everywhere (used when an entity is linked to an existing one)."""
        self._version += 1
        entity = self.entities.pop(old)
        entity.id = new
        self.entities[new] = entity
        for key, value in list(self._by_key.items()):
            if value == old:
                self._by_key[key] = new
        for fact in self.facts:
            if fact.subject == old:
                fact.subject = new
            if fact.value == old:
                fact.value = new


def _flow(mapping: dict) -> dict:
    return {k: v for k, v in mapping.items() if v is not None}


def draft_yaml(draft: Draft, path: Path) -> str:
    """The draft as a facts file (``source``, ``entities``, ``facts``), paths relative to ``path``."""
    text_path = os.path.relpath(draft.path.resolve(), path.resolve().parent)
    title_end = draft.text.index(draft.title) + len(draft.title)
    data = {
        "source": {
            "id": draft.source_id,
            "type": "PressArticle",
            "text": text_path,
            "label": draft.title,
            "language": draft.language,
            "evidence": draft.quote((title_end - len(draft.title), title_end)),
        },
        "entities": [
            _flow(
                {
                    "id": e.id,
                    "type": None if e.linked else e.type,
                    "label": None if e.linked else e.label,
                    "linked": True if e.linked else None,
                    "evidence": draft.quote(e.spans[0]),
                    "inferred": e.inferred,
                    "rule": e.rule,
                    "status": "draft",
                }
            )
            for e in draft.entities.values()
        ],
        "facts": [
            _flow(
                {
                    "subject": f.subject,
                    f.prop: f.value,
                    "evidence": f.evidence[0] if len(f.evidence) == 1 else f.evidence,
                    "inferred": f.inferred,
                    "rule": f.rule,
                    "status": "draft",
                }
            )
            for f in draft.facts
        ],
    }
    header = (
        f"# Draft facts extracted from {text_path} by `owlgraph extract` (rules, no language model).\n"
        "# Review every entry: correct it and set `status: reviewed`, or delete it. `owlgraph build` refuses drafts.\n"
        "# `linked: true` marks a mention of an entity that is already in the graph (its existing id).\n"
    )
    return header + yaml.dump(
        data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), allow_unicode=True, sort_keys=False, width=120
    )


def write_draft(draft: Draft, path: str | Path, *, graph_files=()) -> Path:
    """Write the draft facts file atomically after checking it with the build's reader; return the path."""
    from owlgraph.core.files import atomic_path
    from owlgraph.curation.facts import read_facts

    path = Path(path)
    text = draft_yaml(draft, path)
    with atomic_path(path) as staged:  # staged next to ``path``: the relative text path holds for both
        staged.write_text(text, encoding="utf-8")
        read_facts([*graph_files, staged], drafts=True)  # the build's checks: evidence, types, references
    return path
