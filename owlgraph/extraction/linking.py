"""Link the entities of a draft to entities already in the graph, so they keep their ids.

An entity is the same as one in the graph when its type agrees and its label does after
normalisation (case, umlauts, German genitive/plural endings: "des NRW-Wirtschaftsministeriums",
"der OstWestfalenLippe GmbH"); when the draft comes from a source already in the graph, a
mention whose span overlaps the evidence of an entity of the same type is that entity. The
graph's labels are also looked up in the text (spaCy ``PhraseMatcher`` on lower-cased tokens,
inflected variants included), so a mention no rule found is linked too.

>>> norm("des NRW-Wirtschaftsministeriums") == norm("NRW-Wirtschaftsministerium")
True
>>> norm("Instituts für Arbeit und Technik") == norm("Institut für Arbeit und Technik")
True
"""

from __future__ import annotations

import functools
import re

from owlgraph.curation.facts import FactBase
from owlgraph.extraction.draft import Draft, DraftEntity

__all__ = ["norm", "link", "FAMILIES", "same_family", "locate"]

ARTICLES = {"der", "die", "das", "des", "dem", "den", "the"}
#: types that count as the same kind of thing when a label matches exactly
FAMILIES = [
    {"Company", "Organisation", "PublicBody", "Parliament", "ResearchInstitute", "Initiative", "Group"},
    {"City", "Region", "Place"},
]


#: types whose labels are made up by the curator (no name in the text): linked by evidence span alone
NAMELESS = ("Quotation", "Event", "Post", "Study", "Bid", "JointActivity")


def same_family(a: str, b: str) -> bool:
    return a == b or any(a in f and b in f for f in FAMILIES)


def _word(w: str) -> str:
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        w = w.replace(a, b)
    if len(w) > 5 and re.search(r"[^s]s$|es$", w) and not w.endswith(("ss", "us", "is")):
        w = w[:-2] if w.endswith("es") and len(w) > 7 else w[:-1]
    elif len(w) > 5 and w.endswith("en") and w[:-1].endswith("e"):
        w = w[:-1]
    return w


@functools.lru_cache(maxsize=65536)
def norm(label: str) -> str:
    """A comparison key for a label: lower case, umlauts folded, articles and inflection endings dropped."""
    words = [w for w in re.findall(r"[\wäöüß]+", label.casefold()) if w not in ARTICLES]
    return " ".join(_word(w) for w in words)


@functools.lru_cache(maxsize=65536)
def tokens(label: str) -> frozenset[str]:
    return frozenset(norm(label).split())


def locate(text: str, quotes) -> list[tuple[int, int]]:
    """Every span where one of ``quotes`` occurs in ``text``."""
    spans = []
    for q in quotes:
        spans += [(m.start(), m.start() + len(q)) for m in re.finditer(re.escape(q), text)]
    return spans


def _overlap(a, b) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def link(draft: Draft, graph: FactBase) -> int:
    """Give each draft entity that is already in ``graph`` its existing id; return how many were linked."""
    known = {e.id: e for e in graph.entities}
    same_text = {s.id for s in graph.sources if s.text == draft.text}
    by_norm: dict[str, list] = {}
    for e in graph.entities:
        by_norm.setdefault(norm(e.label), []).append(e)
    linked = 0
    for ent in list(draft.entities.values()):
        match = next((k for k in by_norm.get(norm(ent.label), []) if same_family(k.type, ent.type)), None)
        if match is None and same_text:
            for k in graph.entities:
                if (
                    k.type == ent.type
                    and k.source in same_text
                    and _overlap(ent.spans, locate(draft.text, k.evidence))
                    and (tokens(k.label) & tokens(ent.label) or ent.type in NAMELESS)
                ):
                    match = k
                    break
        if match is not None:
            _merge(draft, ent.id, match)
            linked += 1
    linked += _lookup(draft, graph, known)
    return linked


def _merge(draft: Draft, old: str, match) -> None:
    if match.id in draft.entities and match.id != old:  # a second mention of an entity already linked
        draft.merge(old, match.id)
        return
    draft.rename(old, match.id)
    ent = draft.entities[match.id]
    ent.linked, ent.type, ent.label = True, match.type, match.label
    ent.rule = f"link:{ent.rule}"


def _lookup(draft: Draft, graph: FactBase, known) -> int:
    """Mentions of the graph's labels (and their inflected forms) that no rule found."""
    from spacy.matcher import PhraseMatcher

    from owlgraph.extraction.text import pipeline

    nlp = pipeline(draft.language)
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for e in graph.entities:
        if (
            e.id in draft.entities
            or e.type in ("Quotation", "Post", "Source", "PressArticle", "ReferenceList")
            or len(e.label) < 2
        ):
            continue
        forms = {e.label}
        first, _, rest = e.label.partition(" ")
        for suffix in ("s", "es", "n", "en"):
            forms.add(f"{first}{suffix} {rest}".strip())
            forms.add(e.label + suffix)
        matcher.add(e.id, [nlp.make_doc(f) for f in forms])
    doc = nlp.make_doc(draft.text)
    covered = [s for ent in draft.entities.values() for s in ent.spans]
    added = 0
    for match_id, start, end in matcher(doc):
        ident = nlp.vocab.strings[match_id]
        span = doc[start:end]
        s, e = span.start_char, span.end_char
        if any(cs <= s and e <= ce for cs, ce in covered) or (len(span.text) <= 3 and not span.text.isupper()):
            continue
        k = known[ident]
        if ident in draft.entities:
            draft.add_span(ident, (s, e))
            continue
        draft.entities[ident] = DraftEntity(ident, k.type, k.label, [(s, e)], "link:label-lookup", linked=True)
        draft._version += 1
        draft._by_key[(k.type, k.label.casefold())] = ident
        added += 1
    return added
