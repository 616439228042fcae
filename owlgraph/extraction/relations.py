"""Rules that find facts between the entities of a draft: posts, quotations and speakers, events (date,
place, organiser, participants, programme), funding, memberships, sectors and topics read from names.

A fact the rule derives rather than reads carries ``inferred`` with its reason.

Examples
--------
>>> parse_dates("Am 24. Januar trafen sich alle; am 3. Mai 2024 auch.", "de")
[(3, 13, '--01-24'), (35, 46, '2024-05-03')]
>>> parse_dates("on 5 May 2023 and May 7", "en")
[(3, 13, '2023-05-05'), (18, 23, '--05-07')]
"""

from __future__ import annotations

import bisect
import re

from owlgraph.core.errors import FactsError
from owlgraph.curation.facts import parse_date
from owlgraph.extraction import vocabulary as V
from owlgraph.extraction.draft import Draft
from owlgraph.extraction.entities import NAME, PERSON

__all__ = ["find_relations", "parse_dates"]

ORGS = ("Company", "Organisation", "PublicBody", "Parliament", "ResearchInstitute", "Initiative", "Group")


def parse_dates(text: str, language: str) -> list[tuple[int, int, str]]:
    """Dates in ``text`` as (start, end, ISO value); a date without a year becomes ``--MM-DD``."""
    months = V.MONTHS[language]
    names = "|".join(months)
    found: list[tuple[int, int, str]] = []
    if language == "de":
        patterns = [
            (rf"\b(\d{{1,2}})\.[ \t]*({names})(?:[ \t]+(\d{{4}}))?", (1, 2, 3)),
            (r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b", (1, 2, 3)),
        ]
    else:
        patterns = [
            (rf"\b(\d{{1,2}})[ \t]+({names})(?:[ \t]+(\d{{4}}))?", (1, 2, 3)),
            (rf"\b({names})[ \t]+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,[ \t]*(\d{{4}}))?", (2, 1, 3)),
        ]
    for pat, (di, mi, yi) in patterns:
        for m in re.finditer(pat, text):
            day, month, year = m[di], m[mi], m[yi]
            mm = months.index(month) + 1 if not month.isdigit() else int(month)
            value = f"{year}-{mm:02d}-{int(day):02d}" if year else f"--{mm:02d}-{int(day):02d}"
            try:
                parse_date(value, "")
            except FactsError:
                continue
            if not any(s <= m.start() < e for s, e, _ in found):
                found.append((m.start(), m.end(), value))
    return sorted(found)


def _mentions_in(d: Draft, span, types=ORGS):
    """The mentions (start, end, id) of entities of ``types`` inside ``span``, in text order."""
    s0, e0 = span
    index = d.mention_index()
    i = bisect.bisect_left(index, (s0, -1, "", ""))
    out = []
    while i < len(index) and index[i][0] < e0:
        s, e, ident, type_ = index[i]
        if e <= e0 and type_ in types:
            out.append((s, e, ident))
        i += 1
    return out


def refer(d: Draft, start: int, end: int, types=ORGS) -> tuple[str | None, str | None]:
    """The entity a phrase names: a mention starting in it, else a short reference ("des Netzwerks",
    "the alliance") to the one entity whose name holds that word (then with the reason as inference)."""
    for s, _e, ident in _all_mentions(d, types):
        if start <= s < end:
            return ident, None
    for word in reversed(re.findall(r"[A-Za-zÄÖÜäöüß]{4,}", d.text[start:end])):
        stem = re.sub(r"e?s$", "", word.lower()) if len(word) > 5 else word.lower()
        hits = {e.id for e in d.entities.values() if e.type in types and stem in e.label.lower()}
        if len(hits) == 1:
            ident = hits.pop()
            return (
                ident,
                f"'{d.text[start:end].strip()}' refers back to {d.entities[ident].label}, the one name in the text with '{word}'",
            )
    return None, None


def _all_mentions(d: Draft, types):
    return [(s, e, ident) for s, e, ident, type_ in d.mention_index() if type_ in types]


def posts(d: Draft) -> None:
    for pid, (ps, pe), span, org_span, *how in d.posts:
        word = d.text[ps:pe]
        org, org_inferred = None, None
        if org_span:
            org, org_inferred = refer(d, org_span[0], org_span[1])
        label = word if org is None else d.text[ps : org_span[1]]
        post = d.entity("Post", label, (ps, org_span[1] if org else pe), rule="post:" + ("pronoun" if how else "title"))
        inferred = (
            f"the sentence names the post of 'er/sie'; it refers back to {d.entities[pid].label}, the last person named"
            if how
            else None
        )
        d.fact(pid, "holds", post, [span], rule="post:holds", inferred=inferred)
        if org:
            d.fact(post, "postIn", org, [(ps, org_span[1])], rule="post:in-organisation", inferred=org_inferred)
            if re.search(V.HEAD_POSTS, word) and not how:
                d.fact(
                    pid,
                    "headOf",
                    org,
                    [span],
                    rule="post:head",
                    inferred=f"a {word} leads the organisation; the text gives the post, 'heads' is a reading of it",
                )
        elif re.fullmatch(r"Regierungspräsident(?:in)?", word):
            body = d.entity(
                "PublicBody",
                "Bezirksregierung",
                span,
                rule="post:office-implies-authority",
                inferred=f"the text names the office ({word}), not the authority; in Nordrhein-Westfalen a {word} heads a Bezirksregierung",
            )
            d.fact(
                post,
                "postIn",
                body,
                [span],
                rule="post:office-implies-authority",
                inferred=f"a {word} is the head of a Bezirksregierung; the text names the office only",
            )
            d.fact(
                pid,
                "headOf",
                body,
                [span],
                rule="post:office-implies-authority",
                inferred=f"a {word} heads her or his Bezirksregierung; the text names the office only",
            )


def quotations(d: Draft) -> None:
    text = d.text
    people = {pid: ent for pid, ent in d.entities.items() if ent.type == "Person"}
    surnames = {ent.label.split()[-1]: pid for pid, ent in people.items()}
    surname_re = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(surnames, key=len, reverse=True))) + r")\b")
    last_speaker, last_end, last_ev = None, -1, None
    for m in re.finditer(r"„([^“]+)“|“([^”]+)”|\"([^\"]+)\"", text):
        inner = next(g for g in m.groups() if g)
        if len(inner.split()) < 4:
            continue
        sent_end = text.find("\n", m.end())
        sent_end = len(text) if sent_end < 0 else sent_end
        sent_end = min(sent_end, d.sentence_at(m.end() - 1)[1], d.sentence_at(min(m.end() + 2, len(text) - 1))[1])
        after = re.match(r",?[ \t]*([^\n„“\"]*)", text[m.end() : sent_end])
        before = re.search(r"([^.\n“\"]*?)[:,]?[ \t]*$", text[text.rfind("\n", 0, m.start()) + 1 : m.start()])
        speaker, ev, inferred = None, None, None
        for clause, base, first in (
            (after[1].rstrip(" .") if after else "", m.end() + (after.start(1) if after else 0), True),
            (before[1] if before else "", m.start() - len(before[0]) if before else m.start(), False),
        ):
            colon = not first and text[m.start() - 3 : m.start()].rstrip().endswith(":")
            if not clause.strip() or not (re.search(rf"\b(?:{V.QUOTE_VERBS})\b", clause) or colon):
                continue
            found: list[tuple[int, int, str, str | None]] = []  # (position in clause, end, person, inferred)
            for pid, ent in people.items():
                if (i := clause.find(ent.label)) >= 0:
                    found.append((i, i + len(ent.label), pid, None))
            for sm in surname_re.finditer(clause) if surnames else ():
                sur, pid = sm[0], surnames[sm[0]]
                if not any(a <= sm.start() < b for a, b, _, _ in found):
                    why = f"the attribution names the surname {sur!r} only; it refers back to {people[pid].label}"
                    found.append((sm.start(), sm.end(), pid, why))
            if found:
                i, j, speaker, inferred = min(found) if first else max(found)
                ev = (base, base + j) if first else (base + i, base + len(clause.rstrip()))
                break
        label_who = d.entities[speaker].label if speaker else " ".join(inner.split()[:4]) + " …"
        qid = d.entity(
            "Quotation",
            ("Zitat " if d.language == "de" else "Quotation ") + label_who,
            (min(m.start(), ev[0]), max(m.end(), ev[1])) if ev else (m.start(), m.end()),
            rule="quotation:quotation-marks",
        )
        d.fact(qid, "text", inner, [(m.start(), m.end())], rule="quotation:text")
        d.fact(qid, "quotedIn", d.source_id, [(m.start(), m.end())], rule="quotation:in-source")
        if speaker:
            assert ev is not None  # set together with ``speaker``
            d.fact(qid, "speaker", speaker, [ev], rule="quotation:attribution", inferred=inferred)
            last_speaker, last_end, last_ev = speaker, max(ev[1], m.end()), ev
        elif last_speaker and re.fullmatch(r"[^\n„“\"]{0,20}?[.!?][ \t]*", text[last_end : m.start()]):
            # the quotation directly follows the attributed one: only the rest of its attribution between them
            assert last_ev is not None  # set together with ``last_speaker``
            d.fact(
                qid,
                "speaker",
                last_speaker,
                [(last_ev[0], m.start() + 1 + len(" ".join(inner.split()[:2])))],
                rule="quotation:continued",
                inferred=f"the quotation follows a quotation of {d.entities[last_speaker].label} without an attribution of its own; by press convention it continues it",
            )
        for s, e, tid in _mentions_in(d, (m.start(), m.end()), ("Topic",)):
            d.fact(qid, "topic", tid, [(s, e)], rule="quotation:topic-inside")


def events(d: Draft) -> None:
    text = d.text
    dates = parse_dates(text, d.language)
    meeting = (
        r"trafen sich|treffen sich|fand\b|findet\b|kamen\b|kommen\b|eröffnet|eröffneten|met\b|meet\b|took place|"
        r"will take place|gathered|opened|launched|presented"
    )
    for ds, de, value in dates:
        sent = d.sentence_at(ds)
        ev_in = [m for m in d.event_mentions if sent[0] <= m[0] < sent[1]]
        para_end = text.find("\n\n", sent[1])
        para_end = len(text) if para_end < 0 else para_end
        nxt = [m for m in d.event_mentions if sent[1] <= m[0] < para_end]
        if not ev_in and not (re.search(meeting, text[sent[0] : sent[1]]) and nxt):
            continue
        label = (ev_in or nxt)[0][2]
        eid = d.entity("Event", label, (ev_in or nxt)[0][:2], rule="event:noun-with-date")
        vm = re.search(meeting, text[de : sent[1]])
        pre = re.search(r"(?:[Aa]m|[Oo]n|[Ss]eit)[ \t]*$", text[sent[0] : ds])
        s = sent[0] + pre.start() if pre else ds
        e = de + vm.end() if vm and vm.start() < 30 else de
        d.fact(eid, "date", value, [(s, e)], rule="event:date")
        _event_place(d, eid, sent)
        for ps, pe, pid in _mentions_in(d, sent, ("Group", "Initiative", "Company", "Organisation")):
            if re.search(r"\bmit\b|\bwith\b", text[sent[0] : ps]):
                d.fact(eid, "participant", pid, [(sent[0] if not pre else s, pe)], rule="event:met-with")
    for eid in [e.id for e in d.entities.values() if e.type == "Event"]:
        label = d.entities[eid].label
        for ms, me, lab in d.event_mentions:
            if lab != label:
                continue
            sent = d.sentence_at(ms)
            d.add_span(eid, (ms, me))
            chunk = text[sent[0] : sent[1]]
            next_sent = d.sentence_at(sent[1] + 1)
            if not re.search(ORGANISED, chunk) and re.match(
                r"\s*(?:Gastgeber|Veranstalter|Organi[sz]er|Host)", text[next_sent[0] : next_sent[1]]
            ):  # "Gastgeber war …" right after the event's sentence
                sent, chunk = next_sent, text[next_sent[0] : next_sent[1]]
            if re.search(ORGANISED, chunk):
                orgs = _mentions_in(
                    d, sent, ("Company", "Organisation", "PublicBody", "ResearchInstitute", "Initiative")
                )
                by = [
                    o
                    for o in orgs
                    if re.search(r"\b(?:von|by)(?:[ \t]+(?:der|dem|den|the))?[ \t]*$", text[sent[0] : o[0]])
                ]
                agent = by or orgs[:1]
                if agent:
                    d.fact(eid, "organizer", agent[0][2], [sent], rule="event:organised-by")
            pm = re.search(
                r"im Rahmen des (?:Förder)?[Pp]rogramms[ \t]+[„\"]([^“\"]+)[“\"]|under the ([\w -]+?) programme", chunk
            )
            if pm:
                pid = d.find("FundingProgramme", pm[1] or pm[2])
                if pid:
                    d.fact(eid, "withinProgramme", pid, [(sent[0], sent[0] + pm.end())], rule="event:within-programme")
            lm = re.match(r"[ \t]+in[ \t]+([A-ZÄÖÜ][\wäöüß-]+)", text[me:])
            if lm and d.find("City", lm[1]):
                d.fact(eid, "location", d.find("City", lm[1]), [(ms, me + lm.end())], rule="event:noun-in-city")
            if re.search(
                r"beteiligten sich|nahmen[^.]* teil|took part|participated|attended", chunk
            ) and chunk.rstrip().endswith(":"):
                _listed_participants(d, eid, sent)


ORGANISED = r"organisiert|veranstaltet|ausgerichtet|eingeladen|Gastgeber|Veranstalter|organi[sz]ed|hosted|invited"


def _event_place(d: Draft, eid: str, sent) -> None:
    text = d.text
    for m in re.finditer(
        r"\b(?:im|in der|in|at|at the)[ \t]+([A-ZÄÖÜ][\wäöüß-]+?)(er)?\b(?:[ \t]+[A-ZÄÖÜ][\wäöüß]+)?",
        text[sent[0] : sent[1]],
    ):
        city = d.find("City", m[1])
        if city:
            d.fact(
                eid, "location", city, [(sent[0] + m.start(), sent[0] + m.end())], rule="event:place-in-date-sentence"
            )
            return


def _listed_participants(d: Draft, eid: str, sent) -> None:
    """A sentence ending in ':' followed by a list of names: each listed entity took part."""
    text = d.text
    pos = sent[1]
    for line in re.finditer(r"[^\n]+", text[pos:]):
        ls, le = pos + line.start(), pos + line.end()
        hit = _mentions_in(d, (ls, le), ("Initiative", "Company", "Organisation", "ResearchInstitute", "PublicBody"))
        if not hit:
            if text.count("\n", sent[1], ls) > 3:
                break
            continue
        if hit[0][0] != ls:
            break
        d.fact(eid, "participant", hit[0][2], [(sent[0], sent[1]), (ls, le)], rule="event:listed-participants")


def article(d: Draft) -> None:
    title_start = d.text.index(d.title)
    d.fact(d.source_id, "title", d.title, [(title_start, title_start + len(d.title))], rule="article:first-line")
    if d.dateline:
        s, e = d.entities[d.dateline].spans[0]
        d.fact(d.source_id, "dateline", d.dateline, [(s, e + 1)], rule="article:dateline")
    if d.author:
        d.fact(d.source_id, "author", d.author, [d.author_span], rule="article:byline")


def funding(d: Draft) -> None:
    text = d.text
    for pid in [e.id for e in d.entities.values() if e.type == "FundingProgramme"]:
        for s, e in list(d.entities[pid].spans):
            m = re.match(rf"[“\"]?[ \t]+(?:des|der|vom|von|of the|by the)[ \t]+({NAME})", text[e:])
            if m:
                hit = _mentions_in(d, (e + m.start(1) - 1, e + m.end(1) + 2), ("PublicBody", "Company", "Organisation"))
                if hit:
                    d.fact(pid, "funder", hit[0][2], [(s, e + m.end())], rule="funding:programme-of")
    for m in re.finditer(
        rf"(?:gefördert|finanziert|funded|supported)[ \t]+(?:von|vom|durch|by)[ \t]+(?:der|dem|das|the)?[ \t]*({NAME})",
        text,
    ):
        hit = _mentions_in(d, (m.start(1) - 1, m.end(1) + 2), ("PublicBody", "Company", "Organisation"))
        sent = d.sentence_at(m.start())
        progs = _mentions_in(d, sent, ("FundingProgramme",))
        if hit and progs:
            d.fact(progs[0][2], "funder", hit[0][2], [(m.start(), m.end())], rule="funding:funded-by")
        if hit and progs:
            for _s, _e, iid in _mentions_in(
                d, (sent[0], m.start()), ("Initiative", "Company", "Organisation", "ResearchInstitute")
            ):
                d.fact(iid, "withinProgramme", progs[0][2], [sent], rule="funding:funded-under")


def funding_sentences(d: Draft) -> None:
    """ "X wird vom ORG im Rahmen des Programms „P“ gefördert" and "X is funded by ORG under the P programme"."""
    for s0, e0 in d.sentences:
        chunk = d.text[s0:e0]
        if not re.search(r"gefördert|finanziert|funded|financed", chunk):
            continue
        progs = _mentions_in(d, (s0, e0), ("FundingProgramme",))
        by = re.search(rf"\b(?:vom|von der|von|durch das|durch die|durch den|by the|by)[ \t]+({NAME})", chunk)
        if by and progs:
            funder, why = refer(
                d, s0 + by.start(1), s0 + by.end(1), ("PublicBody", "Company", "Organisation", "Parliament")
            )
            if funder:
                d.fact(
                    progs[0][2],
                    "funder",
                    funder,
                    [(s0 + by.start(), progs[0][1])] if progs[0][1] > s0 + by.start() else [(s0, e0)],
                    rule="funding:funded-by",
                    inferred=why,
                )
        subject = re.match(r"\s*(\S+(?:[ \t]+\S+){0,5}?)[ \t]+(?:wird|werden|wurde|is|are|was|has been)\b", chunk)
        if subject and progs:
            who, why = refer(
                d,
                s0 + subject.start(1),
                s0 + subject.end(1),
                ("Initiative", "Company", "Organisation", "ResearchInstitute"),
            )
            if who:
                d.fact(who, "withinProgramme", progs[0][2], [(s0, e0)], rule="funding:funded-under", inferred=why)


def memberships(d: Draft) -> None:
    text = d.text
    members = (
        r"(?P<org>\b[A-ZÄÖÜ][^.,]*?)[ \t]+gehör(?:en|t)[^.]*?[ \t]an,[ \t]+darunter[ \t]+|"
        r"(?:Zu den |Unter den )?(?:Gründungs|[Ff]ounding )?(?:[Mm]itglieder|[Mm]itgliedern|members|partners)[ \t]+"
        r"(?:(?:des|der|von|of)[ \t]+(?:the[ \t]+)?(?P<org2>[^,]+?)[ \t]+)?(?:include|gehören|zählen)[ \t]+"
    )
    for m in re.finditer(members, text):
        org_span = m.span("org") if m.group("org") else m.span("org2") if m.group("org2") else None
        org, why = refer(d, *org_span) if org_span else _only_initiative(d)
        if org is None:
            continue
        sent = d.sentence_at(m.end())
        kinds = ("Company", "Organisation", "ResearchInstitute", "PublicBody", "Initiative")
        for _s, _e, mid in _mentions_in(d, (m.end(), sent[1]), kinds):
            if mid != org:
                d.fact(mid, "memberOf", org, [(m.start(), sent[1])], rule="membership:members-listed", inferred=why)
    for m in re.finditer(
        rf"({PERSON}|{NAME}),?[ \t]+(?:ist|sind|is|are)[ \t]+(?:seit [^,]+ )?(?:Mitglied|Mitglieder|a member|members)[ \t]+(?:des|der|im|of)[ \t]+(?:the[ \t]+)?({NAME})",
        text,
    ):
        a = _mentions_in(d, (m.start(1) - 1, m.end(1) + 1), (*ORGS, "Person"))
        b = _mentions_in(d, (m.start(2) - 1, m.end(2) + 1))
        if a and b:
            d.fact(a[0][2], "memberOf", b[0][2], [(m.start(), m.end())], rule="membership:is-member")
    for gid in [e.id for e in d.entities.values() if e.type == "Group"]:
        for s, _e in d.entities[gid].spans:
            sent = d.sentence_at(s)
            for ps, pe, pid in _mentions_in(d, sent, ("Parliament",)):
                head = re.sub(r"^\w+er ", "", d.entities[pid].label)
                if d.entities[gid].label.lower().startswith(head.lower()) and ps > s:
                    d.fact(gid, "memberOf", pid, [(s, pe)], rule="group:members-of-parliament")


def _only_initiative(d: Draft) -> tuple[str | None, str | None]:
    ids = [e.id for e in d.entities.values() if e.type == "Initiative"]
    if len(ids) == 1:
        return ids[0], f"the sentence names no network; {d.entities[ids[0]].label} is the only one in the text"
    return None, None


def names(d: Draft) -> None:
    """Sectors and topics read from the names of initiatives and organisations (always inferred)."""
    topics = {e.label.lower(): e.id for e in d.entities.values() if e.type == "Topic"}
    for ent in list(d.entities.values()):
        if ent.type != "Initiative":
            continue
        s, e = ent.spans[0]
        name_span = (s, s + len(ent.label)) if d.text[s : s + len(ent.label)] == ent.label else (s, e)
        low = ent.label.lower()
        for tlabel, tid in topics.items():
            if len(tlabel) > 3 and re.search(rf"\b{re.escape(tlabel)}\b", low):
                d.fact(
                    ent.id,
                    "topic",
                    tid,
                    [name_span],
                    rule="topic:from-name",
                    inferred=f"topic read from the name ({d.entities[tid].label})",
                )
                break
        else:
            for word in re.findall(r"[\wäöüßÄÖÜ]+", ent.label):
                sector = V.sector_of_word(word) if (len(word) > 3 or word.isupper()) else None
                if sector and not (len(word) <= 3 and word != V.SECTORS[sector]["label"]):
                    sid = next((k for k, v in d.sector_ids.items() if v == sector), None)
                    if sid is None:
                        continue
                    d.fact(
                        ent.id,
                        "sector",
                        sid,
                        [name_span],
                        rule="sector:from-name",
                        inferred=f"sector read from the name ({word})",
                    )
                    break


def others(d: Draft) -> None:
    text = d.text
    for sid, author_span, span in d.studies:
        hit = _mentions_in(d, (author_span[0] - 1, author_span[1] + 1))
        if hit:
            d.fact(sid, "author", hit[0][2], [span], rule="study:of-organisation")
    for ent in [e for e in d.entities.values() if e.type == "Bid"]:
        s, e = ent.spans[0]
        comp = _mentions_in(d, (s, e + 1), ("Competition",))
        if comp:
            d.fact(ent.id, "competition", comp[0][2], [(s, e)], rule="bid:for-competition")
    for ent in [e for e in d.entities.values() if e.type == "JointActivity"]:
        s, e = ent.spans[0]
        for _ts, _te, tid in _mentions_in(d, (s, e), ("Topic",)):
            d.fact(ent.id, "topic", tid, [(s, e)], rule="joint-activity:topics")
    for ent in [e for e in d.entities.values() if e.type == "Company"]:
        for s, e in ent.spans:
            m = re.match(r"[ \t]+(?:in|aus|from|based in)[ \t]+([A-ZÄÖÜ][\wäöüß-]+)", text[e:])
            if m and d.find("City", m[1]):
                d.fact(ent.id, "basedIn", d.find("City", m[1]), [(s, e + m.end())], rule="org:in-city")


def find_relations(d: Draft) -> None:
    """Run every relation rule on a draft whose entities are found."""
    article(d)
    posts(d)
    quotations(d)
    events(d)
    funding(d)
    funding_sentences(d)
    memberships(d)
    names(d)
    others(d)
