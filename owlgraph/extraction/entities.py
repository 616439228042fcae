"""Rules that find entities in a source: organisations, initiatives, websites, people and posts, places,
sectors, topics, events, programmes, quotations.

Every rule works on the raw text with character offsets, so evidence is verbatim; the
rule's name goes into the draft (``rule:``). Nothing is expanded or guessed: an
abbreviation stays as printed, a date without a year stays without one.

Examples
--------
>>> from pathlib import Path
>>> from owlgraph.extraction.draft import Draft
>>> text = "Titel\\n\\nBielefeld. Die Muster Holz GmbH (www.muster-holz.de) ist Mitglied."
>>> d = Draft("t", "Titel", "de", text, Path("t.txt"))
>>> find_entities(d)
>>> sorted((e.type, e.label) for e in d.entities.values())
[('City', 'Bielefeld'), ('Company', 'Muster Holz GmbH')]
>>> [(f.prop, f.value) for f in d.facts]
[('website', 'https://www.muster-holz.de')]
"""

from __future__ import annotations

import functools
import re

from owlgraph.extraction import vocabulary as V
from owlgraph.extraction.draft import Draft
from owlgraph.extraction.text import is_common_noun

__all__ = ["find_entities", "NAME", "WEB"]

CAP = r"[A-ZÄÖÜ][\wäöüßÄÖÜ&.-]*[\wäöüß-]|[A-ZÄÖÜ]"
CONNECT = r"(?:für|und|zu|of|and|for|de)"
NAME = rf"(?:{CAP})(?:[ \t]+(?:{CONNECT}[ \t]+)?(?:{CAP}))*"
#: a name on a list line may hold "in" ("Kunststoffe in OWL"); in running text "in" starts a place
LISTED_NAME = rf"(?:{CAP})(?:[ \t]+(?:(?:{CONNECT}|in)[ \t]+)?(?:{CAP}))*"
WEB = (
    r"(?<![@\w./-])(?:https?://)?(?:www\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)*"
    r"\.(?:de|com|org|net|eu|nrw|info|io|nl|at|ch|uk|biz)(?:/[\w./%-]*)?(?![\w@-])"
)
PERSON = r"(?:[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?)(?: (?:von der|von|van|de|den|zu))?(?: [A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?){1,2}"


def _strip_name(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop leading stop words and trailing connectors/punctuation from a name span."""
    while True:
        m = re.match(r"(\S+)\s+", text[start:end])
        if m and (m[1] in V.STOP_TOKENS or re.fullmatch(CONNECT, m[1]) or re.fullmatch(V.POSTS, m[1])):
            start += m.end()
            continue
        break
    while (
        end > start
        and text[end - 1] in " ,:;.(-–"
        and not text[start:end].endswith(("e.V.", "e. V.", "Co.", "Inc.", "Ltd.", "B.V.", "N.V."))
    ):
        end -= 1
    return start, end


def _sentences(d: Draft):
    return d.sentences


def organisations(d: Draft) -> None:
    text = d.text
    for m in re.finditer(rf"({NAME})[ \t]+(?:{V.LEGAL_FORMS})(?![\w])", text):
        start, end = _strip_name(text, m.start(), m.end())
        if end - start > 3:
            d.entity(_legal_type(text[start:end]), _lemma_network(text[start:end]), (start, end), rule="org:legal-form")
    for head, type_ in V.INSTITUTIONS.items():
        pat = rf"\b(?=[A-ZÄÖÜ])(?:[A-ZÄÖÜ][\wäöüß]*er[ \t]+)?(?:[A-ZÄÖÜ][\wäöüß-]*)?(?:{head})(?:e?s|en)?\b"
        for m in re.finditer(pat, text):
            start, end = m.start(), m.end()
            word = text[start:end]
            if not word[0].isupper():
                continue
            tail = (
                re.match(rf"[ \t]+(?:für|of|for|der|des)[ \t]+{NAME}", text[end:])
                if re.search(V.EXTENDS, word)
                else None
            )
            if tail and not re.match(r"[ \t]+(?:der|des)[ \t]+(?:" + V.NETWORK_HEADS + ")", text[end:]):
                end += tail.end()
            if re.fullmatch(rf"(?:{head})(?:e?s|en)?", word):  # a bare head word is generic ("die Verwaltung") …
                back = re.search(r"((?:[A-ZÄÖÜ][\wäöüß-]*[ \t]+)+)$", text[max(0, start - 80) : start])
                if back:  # … unless capitalised words before name it ("Border Region Innovation Agency")
                    start -= len(back[1])
                fwd = re.match(r"[ \t]+([A-ZÄÖÜ][\wäöüß-]+)", text[end:]) if re.search(V.PLACE_AFTER, word) else None
                if fwd and not is_common_noun(fwd[1], d.language) and fwd[1] not in V.STOP_TOKENS:
                    end += fwd.end()
            start, end = _strip_name(text, start, end)
            label = _lemma_head(d, text[start:end], head)
            if label in V.STOP_TOKENS or re.fullmatch(rf"(?:{head})", label):
                continue
            head_match = re.search(head, word)
            assert head_match is not None  # ``word`` matched a pattern containing ``head``
            d.entity(type_, label, (start, end), rule=f"org:institution:{head_match[0].lower()}")


def _legal_type(name: str) -> str:
    """A company, unless the legal form is an association's or a foundation's (e. V., eG): then an
    organisation, or an initiative when the name has a network word."""
    if re.search(r"(?:e\. ?V\.|eG)$", name):
        return "Initiative" if re.search(rf"(?i){V.NETWORK_HEADS}", name) else "Organisation"
    return "Company"


def _lemma_network(name: str) -> str:
    """Undo a genitive on a network word: "Holznetzwerks Lippe e. V." → "Holznetzwerk Lippe e. V."."""
    return re.sub(rf"(?i)((?:{V.NETWORK_HEADS}))e?s\b", r"\1", name)


def _lemma_head(d: Draft, label: str, head: str) -> str:
    """Undo a German genitive/plural ending on the head word: Instituts → Institut, -ministeriums → -ministerium."""
    _first, _, _rest = label.partition(" ")
    words = label.split(" ")
    for i, w in enumerate(words):
        if re.search(rf"(?:{head})(?:e?s|en)$", w) and not re.search(rf"(?:{head})$", w):
            m = re.search(rf"(?:{head})", w)
            assert m is not None  # ``w`` matched ``head`` with an ending just above
            words[i] = w[: m.end()]
            if w.endswith("en") and not w[: m.end()].endswith("e"):
                words[i] = w[: m.end()]
    return " ".join(words)


def networks(d: Draft) -> None:
    text = d.text
    pat = rf"(?<![\w])(?:{NAME})"
    title_end = text.index(d.title) + len(d.title)  # a headline capitalises words that are no name
    for m in re.compile(pat).finditer(text, title_end):
        start, end = _strip_name(text, m.start(), m.end())
        name = text[start:end]
        words = name.split()
        if len(words) < 2 or not any(
            re.fullmatch(rf"(?:{V.NETWORK_HEADS})\w*|\w+(?:netzwerk|initiative|cluster|verbund)", w, re.I)
            for w in words
        ):
            continue
        if re.search(V.LEGAL_FORMS, name) or any(w in V.STOP_TOKENS for w in words[-1:]):
            continue
        d.entity("Initiative", name, (start, end), rule="initiative:name-with-network-word")


def websites(d: Draft) -> None:
    """Web addresses, as the website of the name right before them (list line, parentheses or colon)."""
    text = d.text
    listed = re.search(r"(?i)initiativen|netzwerke|cluster|initiatives|networks", text)
    for m in re.finditer(V_WEB, text):
        url = m.group(0).rstrip(".")
        end = m.start() + len(url)
        line_start = text.rfind("\n", 0, m.start()) + 1
        before = text[line_start : m.start()]
        owner = None
        lm = re.fullmatch(rf"\s*({LISTED_NAME})\s*[,:(]?\s*", before)
        pm = re.search(rf"({NAME})\s*\($", before) or re.search(rf"({NAME})(?:,| unter| at)?:?\s*$", before)
        if lm:
            s, e = _strip_name(text, line_start + lm.start(1), line_start + lm.end(1))
            name = text[s:e]
            if re.search(rf"(?:{V.LEGAL_FORMS})$", name):
                owner = d.entity("Company", name, (s, e), rule="org:legal-form")
            else:
                type_ = "Initiative" if listed else "Organisation"
                owner = d.entity(type_, name, (s, e), rule="initiative:listed-with-web-address")
            ev = (s, end)
        elif pm and not re.search(r"\]\s*$", before):
            s, e = _strip_name(text, line_start + pm.start(1), line_start + pm.end(1))
            owner = _known_at(d, s, e)
            ev = (s, end)
        value = url if url.startswith("http") else "https://" + url
        if owner is None:  # an address on its own: the organisation whose name the host spells
            host = re.sub(r"^(?:https?://)?(?:www\.)?", "", url).split(".")[0].replace("-", "")
            for ent in list(d.entities.values()):
                if ent.type in ("Company", "Organisation", "Initiative", "ResearchInstitute", "PublicBody"):
                    letters = _letters(ent.label)
                    if letters and (letters == host or (len(host) >= 6 and host in letters)):
                        d.fact(
                            ent.id,
                            "website",
                            value,
                            [(m.start(), end)],
                            rule="website:host-spells-name",
                            inferred=f"the address stands alone; its host name spells the name {ent.label!r}",
                        )
                        break
            continue
        d.fact(owner, "website", value, [ev], rule="website:after-name")


V_WEB = WEB


@functools.lru_cache(maxsize=8192)
def _letters(label: str) -> str:
    """A name's letters and digits without its legal form, to compare with a host name."""
    return re.sub(r"[^a-z0-9]", "", re.sub(rf"\s*(?:{V.LEGAL_FORMS})$", "", label).lower())


def _known_at(d: Draft, start: int, end: int) -> str | None:
    for ent in d.entities.values():
        for s, e in ent.spans:
            if s <= start < e or start <= s < end:
                return ent.id
    return None


def places(d: Draft) -> None:
    text = d.text
    body = text.index(d.title) + len(d.title)
    m = re.match(
        r"(?:\s*(?:Von|By)[ \t][^\n]+\n)?\s*([A-ZÄÖÜ][a-zäöüß]+(?:[ -][A-ZÄÖÜ][a-zäöüß]+)?)(?:\s*\([^)]*\)|,[ \t]+[^\n.–]{4,25}?)?\s*[.–-]\s",
        text[body:],
    )
    if m:
        d.dateline = d.entity("City", m[1], (body + m.start(1), body + m.end(1)), rule="place:dateline")
    for m in re.finditer(
        r"\b(?:in|aus|nach|In|from|based in)[ \t]+([A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?)\b(?![ \t]+[A-ZÄÖÜ])",
        text,
    ):
        word = m[1]
        if word in V.STOP_TOKENS or is_common_noun(word, d.language) or re.fullmatch(V.EVENT_NOUNS, word):
            continue
        nxt = re.match(r"(?:,[ \t]*|[ \t]+(?:und|oder|and|or)[ \t]+)([A-ZÄÖÜ][\wäöüß-]+)", d.text[m.end() :])
        if nxt and is_common_noun(nxt[1], d.language):  # "aus Handwerk, Planung und Verwaltung": a list of things
            continue
        d.entity("City", word, (m.start(1), m.end(1)), rule="place:in-name")
    # "Düsseldorfer Landtag": the adjective of a city already named
    for ident in [e.id for e in d.entities.values() if e.type == "City"]:
        label = d.entities[ident].label
        for m in re.finditer(rf"\b{re.escape(label)}er\b", text):
            d.entity("City", label, (m.start(), m.end()), rule="place:city-adjective")


def people(d: Draft) -> None:
    """People with posts: title before the name, apposition after it, byline."""
    text = d.text
    d.posts = []  # (person id, post span, post words, org-phrase span or None)
    title_first = rf"(?<![\w])({V.POSTS})[ \t]+(?:{V.ACADEMIC}[ \t]+)*({PERSON})\b"
    for m in re.finditer(title_first, text):
        s, e = _person_span(text, m.start(2), m.end(2))
        pid = d.entity("Person", text[s:e], (s, e), rule="person:title-before-name")
        d.posts.append((pid, (m.start(1), m.end(1)), (m.start(), e), None))
    apposition = rf"(?:{V.ACADEMIC}[ \t]+)*({PERSON}),[ \t]+((?:{V.POSTS}))(?:[ \t]+(?:der|des|von|vom|of|at)[ \t]+(?:the[ \t]+)?({NAME}))?"
    for m in re.finditer(apposition, text):
        s, e = _person_span(text, m.start(1), m.end(1))
        if text[s:e].split()[0] in V.STOP_TOKENS:
            s = s + len(text[s:e].split()[0]) + 1
        if len(text[s:e].split()) < 2:
            continue
        pid = d.entity("Person", text[s:e], (s, e), rule="person:apposition")
        org = None
        if m.group(3):
            os_, oe = _strip_name(text, m.start(3), m.end(3))
            org = (os_, oe)
        d.posts.append((pid, (m.start(2), m.end(2)), (s, (org or (0, m.end(2)))[1]), org))
    for m in re.finditer(rf"(?m)^(?:Veröffentlicht von|Von|By|Written by|Autor:|Author:)\s*\n*\s*({PERSON})\s*$", text):
        d.author = d.entity("Person", m[1], (m.start(1), m.end(1)), rule="person:byline")
        d.author_span = (m.start(), m.end())
    # "Als geschäftsführender Gesellschafter des Unternehmens X GmbH … ist er": the post of the last person named
    for m in re.finditer(
        rf"\bAls[ \t]+({V.POSTS})[ \t]+(?:der|des)[ \t]+(?:Unternehmens[ \t]+)?({NAME}[ \t]+(?:{V.LEGAL_FORMS})|{NAME})",
        text,
    ):
        before = [
            (s, pid) for pid, ent in d.entities.items() if ent.type == "Person" for s, _ in ent.spans if s < m.start()
        ]
        if before and re.search(r"\b(?:ist|war) (?:er|sie)\b", text[m.end() : m.end() + 80]):
            pid = max(before)[1]
            os_, oe = _strip_name(text, m.start(2), m.end(2))
            d.posts.append((pid, (m.start(1), m.end(1)), (m.start(), m.end()), (os_, oe), "pronoun"))


def _person_span(text: str, s: int, e: int) -> tuple[int, int]:
    words = text[s:e].split(" ")
    while len(words) > 2 and (words[-1] in V.STOP_TOKENS or re.fullmatch(V.POSTS, words[-1])):
        words.pop()
    return s, s + len(" ".join(words))


def topics(d: Draft) -> None:
    """Enumerations after 'Herausforderungen wie', 'Aktivitäten zu', 'topics such as' … are topics."""
    item = r"(?:[a-zäöü]+er[ \t]+)?[A-ZÄÖÜ][\wäöüß-]*(?:[ \t]+[A-ZÄÖÜ][\wäöüß-]*)?|[a-z]+(?: [a-z]+)?"
    trigger = (
        r"(?:Herausforderungen|Themen|Zukunftsthemen|Themenfelder|Aktivitäten|Schwerpunkte|Schwerpunkten|challenges|"
        r"topics|issues|activities|themes)[ \t]+(?:wie[ \t]+(?:beispielsweise[ \t]+|etwa[ \t]+)?|zu[ \t]+|zum[ \t]+|"
        r"such as[ \t]+|on[ \t]+|like[ \t]+)|(?:Themen|Schwerpunkte)[^.]{0,40}?[ \t]+sind[ \t]+(?:unter anderem[ \t]+|vor allem[ \t]+|etwa[ \t]+)?"
    )
    for m in re.finditer(
        rf"(?:{trigger})((?:{item})(?:,[ \t]*(?:{item}))*(?:,?[ \t]+(?:und|oder|and|or)[ \t]+(?:{item})))", d.text
    ):
        pos = m.start(1)
        for part in re.split(r",[ \t]*|,?[ \t]+(?:und|oder|and|or)[ \t]+", m[1]):
            s = d.text.index(part, pos)
            pos = s + len(part)
            if part.split()[-1] in V.STOP_TOKENS or len(part) < 2:
                continue
            d.entity("Topic", part, (s, s + len(part)), rule="topic:enumeration")
            d.topic_spans.append((s, s + len(part)))


def sectors(d: Draft) -> None:
    """Sector words of the vocabulary (labels, English labels, NACE titles), outside names and topic lists."""
    covered = bytearray(len(d.text) + 1)  # characters inside a name or a topic found before
    for ent in d.entities.values():
        if ent.type != "Sector":
            for a, b in ent.spans:
                covered[a:b] = b"\x01" * (b - a)
    for ident, sector in V.SECTORS.items():
        sector_label, sector_en = sector["label"], sector["en"]
        assert isinstance(sector_label, str) and isinstance(sector_en, str)
        words = {sector_label, *sector["titles"]} if d.language == "de" else {sector_en, *sector["titles"]}
        for word in words:
            flags = 0 if len(word) <= 3 else re.I
            for m in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", d.text, flags):
                if all(covered[m.start() : m.end()]):
                    continue
                label = sector_label if d.language == "de" else m[0].lower()
                d.entity("Sector", label, (m.start(), m.end()), rule="sector:vocabulary")
                d.sector_ids[d.find("Sector", label)] = ident


def events(d: Draft) -> None:
    """Event nouns after an article; one entity per event word (its mentions are gathered)."""
    articles = r"der|die|das|den|dem|des|the|beim|zum|zur|am|a|an|ein|eine|einen|einem|einer"
    for m in re.finditer(rf"\b(?i:{articles})[ \t]+(?:[a-zäöü]+[ \t]+)?({V.EVENT_NOUNS})\b", d.text):
        word = m[1]
        if not re.fullmatch(V.EVENT_NOUNS, word):
            continue
        label = word[0].upper() + word[1:] if d.language == "de" else word
        d.event_mentions.append((m.start(1), m.end(1), label))


def programmes(d: Draft) -> None:
    text = d.text
    for m in re.finditer(r"(?:Förderprogramm|Programm|programme|program)s?[ \t]+[„\"“]([^“”\"]+)[“”\"]", text):
        d.entity("FundingProgramme", m[1], (m.start(), m.end()), rule="programme:quoted-name")
    for m in re.finditer(r"\b(?:the|das|dem|des)[ \t]+((?:[A-Z][\w-]*[ \t]+){1,4})(?:programme|program)\b", text):
        s, e = m.start(1), m.end(1) - 1
        d.entity("FundingProgramme", text[s:e], (s, m.end()), rule="programme:name-before-programme")
    for m in re.finditer(
        r"\b(?:beim|im|den|dem|the)[ \t]+([A-ZÄÖÜ][\wäöüß-]*(?:[Ww]ettbewerb|[Cc]ompetition|[Pp]reis|Award))\b", text
    ):
        d.entity("Competition", m[1], (m.start(1), m.end(1)), rule="competition:word")
    for m in re.finditer(
        r"\b(?:einer|eine|der|die|a|the)[ \t]+(Untersuchung|Studie|study|survey)[ \t]+(?:des|der|by|of)[ \t]+(?:the[ \t]+)?([A-ZÄÖÜ][^,.;]*?)(?=[ \t]+(?:bundesweit|ist|sind|zeigt|shows|found|is)\b|[,.;])",
        text,
    ):
        label = f"{m[1][0].upper()}{m[1][1:]} {text[m.start(2) - 4 : m.start(2)].strip()} {m[2]}"
        label = re.sub(r"\s+", " ", label)
        d.entity("Study", label, (m.start(1), m.end(2)), rule="study:word")
        d.studies.append((d.find("Study", label), (m.start(2), m.end(2)), (m.start(), m.end())))
    for m in re.finditer(
        r"\b(?:die|the)[ \t]+(Bewerbung|bid|application)[ \t]+(?:der|des|of)[ \t]+([^,.;]*?)(?:beim|bei der|for|in)[ \t]+(?:the[ \t]+)?([A-ZÄÖÜ][\wäöüß-]*)",
        text,
    ):
        label = text[m.start(1) : m.end(3)]
        d.entity("Bid", label[0].upper() + label[1:], (m.start(), m.end()), rule="bid:word")
    for m in re.finditer(
        r"\b(gemeinsame[n]? (?:Aktivitäten|Projekte|Maßnahmen)|joint (?:activities|projects))\b", text
    ):
        sent = d.sentence_at(m.start())
        d.entity("JointActivity", m[1][0].upper() + m[1][1:], sent, rule="joint-activity:words")


def groups(d: Draft) -> None:
    for m in re.finditer(
        r"\b(Landtagsabgeordnete|Bundestagsabgeordnete|Kreistagsabgeordnete|Ratsmitglieder|[Mm]embers of [Pp]arliament)n?\b",
        d.text,
    ):
        d.entity("Group", m[1], (m.start(), m.end()), rule="group:collective-role")


def find_entities(d: Draft) -> None:
    """Run every entity rule on the draft (in an order where names beat the words inside them)."""
    d.prepare()
    organisations(d)
    networks(d)
    websites(d)
    groups(d)
    people(d)
    places(d)
    topics(d)
    programmes(d)
    sectors(d)
    events(d)
    merge_short_forms(d)


def merge_short_forms(d: Draft) -> None:
    """A name whose words all occur in a longer name of the same kind found in the text is that entity
    ("der Technischen Hochschule" → "Technische Hochschule Ostwestfalen-Lippe")."""
    from owlgraph.extraction.linking import same_family, tokens

    kinds = ("Company", "Organisation", "Initiative", "PublicBody", "ResearchInstitute", "Parliament")
    ents = [e for e in d.entities.values() if e.type in kinds]
    by_token: dict[str, list] = {}
    for e in ents:
        for tok in tokens(e.label):
            by_token.setdefault(tok, []).append(e)
    for short in sorted(ents, key=lambda e: len(tokens(e.label))):
        toks = tokens(short.label)
        if not toks or short.id not in d.entities:
            continue
        rarest = min(toks, key=lambda t: len(by_token[t]))
        for long in by_token[rarest]:
            if (
                long is not short
                and long.id in d.entities
                and same_family(long.type, short.type)
                and toks < tokens(long.label)
            ):
                d.merge(short.id, long.id)
                break
