"""Read a source text, detect its language, and split it with spaCy (no trained model).

A source is a plain UTF-8 file: the title on the first line, then paragraphs separated
by blank lines, as in ``data/sources/``. The pipeline is ``spacy.blank(lang)`` with the
rule-based sentencizer; English place filtering uses the lemma table of ``spacy-lookups-data``.

Examples
--------
>>> detect_language("Die Stadt und der Kreis haben gemeinsam mit den Unternehmen ein Netzwerk gegründet.")
'de'
>>> detect_language("The city and the county founded a network with the companies of the region.")
'en'
>>> doc = pipeline("de")("Das Treffen fand am 3. März statt. Dr. Anna Beispiel sprach.")
>>> [s.text for s in doc.sents]
['Das Treffen fand am 3. März statt.', 'Dr. Anna Beispiel sprach.']
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from owlgraph.core.errors import InputFileError

__all__ = ["SourceText", "read_source", "detect_language", "pipeline", "LANGUAGES"]

LANGUAGES = ("de", "en")

_STOPWORDS = {
    "de": set(
        [
            "der",
            "die",
            "das",
            "und",
            "den",
            "dem",
            "des",
            "ist",
            "sind",
            "mit",
            "von",
            "für",
            "auf",
            "nicht",
            "ein",
            "eine",
            "einer",
            "im",
            "zu",
            "zum",
            "zur",
            "sich",
            "auch",
            "wie",
            "wird",
            "wurde",
        ]
    ),
    "en": set(
        [
            "the",
            "and",
            "of",
            "to",
            "in",
            "is",
            "are",
            "with",
            "for",
            "on",
            "not",
            "a",
            "an",
            "by",
            "was",
            "were",
            "has",
            "have",
            "this",
            "that",
            "from",
            "as",
            "at",
            "its",
            "their",
        ]
    ),
}


@dataclass(frozen=True)
class SourceText:
    """A source text: its path, its title (first line) and its whole text (evidence is checked against it)."""

    path: Path
    title: str
    text: str


def read_source(path: str | Path) -> SourceText:
    """Read a UTF-8 source text whose first line is its title.

    Raises :class:`~owlgraph.core.errors.InputFileError` for a missing, binary or empty file.

    >>> read_source("no/such/file.txt")
    Traceback (most recent call last):
    ...
    owlgraph.core.errors.InputFileError: no/such/file.txt: no such file; give the path of a plain UTF-8 text
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputFileError(f"{path}: no such file; give the path of a plain UTF-8 text") from None
    except OSError as exc:
        raise InputFileError(f"{path}: cannot read ({exc.strerror}); give the path of a plain UTF-8 text") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputFileError(f"{path}:{line}: not UTF-8 text; save the source as plain UTF-8") from None
    if "\x00" in text:
        raise InputFileError(f"{path}: binary data, not a text; give a plain UTF-8 text")
    title = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if not title:
        raise InputFileError(f"{path}: the file is empty; the first line is the title, then the text")
    return SourceText(path, title, text)


def detect_language(text: str) -> str:
    """Return ``"de"`` or ``"en"``: whichever language's function words are more frequent."""
    words = re.findall(r"[a-zäöüß]+", text.lower())
    scores = {lang: sum(w in stop for w in words) for lang, stop in _STOPWORDS.items()}
    return max(LANGUAGES, key=lambda lang: scores[lang])


@functools.cache
def pipeline(language: str):
    """A blank spaCy pipeline for ``language`` (tokeniser with the language's exceptions) and the sentencizer.

    The lookup lemmatiser is not part of it: loading the German table of ``spacy-lookups-data``
    takes about 6 s on the project machine (more than the whole 10,000-word budget) and the rules
    undo the inflections they meet with suffix rules (:func:`owlgraph.extraction.linking.norm`).
    """
    import spacy

    nlp = spacy.blank(language)
    nlp.add_pipe("sentencizer")
    return nlp


#: German nouns that follow "in" without an article ("in Zukunft"): never a place
_DE_IN_NOUNS = set(
    [
        "zukunft",
        "kraft",
        "summe",
        "zusammenarbeit",
        "frage",
        "höhe",
        "zeiten",
        "folge",
        "form",
        "kürze",
        "ordnung",
        "betrieb",
        "planung",
        "vorbereitung",
        "arbeit",
        "gang",
        "zahlen",
        "bezug",
        "hinblick",
        "anspruch",
        "kauf",
        "sachen",
        "kooperation",
        "partnerschaft",
        "teilen",
        "abstimmung",
    ]
)
_NOUN_ENDINGS = ("ung", "heit", "keit", "schaft", "ion", "tät", "nis", "tum", "enz", "anz", "ismus")


@functools.cache
def common_nouns(language: str) -> frozenset[str]:
    """Lower-cased common nouns that are never a place after "in" (German: a list and noun endings are
    checked by :func:`is_common_noun`; English: the lookup lemmatiser's lemmas)."""
    from owlgraph.extraction.vocabulary import MONTHS

    months = {m.lower() for m in MONTHS[language]}
    if language == "de":
        return frozenset(_DE_IN_NOUNS | months)
    from spacy.lookups import load_lookups

    try:  # the English lemma table of spacy-lookups-data (0.7 s): its lemmas are common words, not places
        table = load_lookups(language, ["lemma_lookup"]).get_table("lemma_lookup")
    except (ValueError, KeyError, ImportError):
        return frozenset(months)
    return frozenset({str(v).lower() for v in table.values() if isinstance(v, str)} | months)


def is_common_noun(word: str, language: str) -> bool:
    """True for a word that names a thing, not a place (see :func:`common_nouns`).

    >>> is_common_noun("Zukunft", "de"), is_common_noun("Detmold", "de"), is_common_noun("Vorbereitung", "de")
    (True, False, True)
    """
    low = word.lower()
    return low in common_nouns(language) or (language == "de" and low.endswith(_NOUN_ENDINGS))
