"""Read and check source facts: the human-editable YAML files in ``data/facts/``.

This module knows nothing of RDF. It turns facts files into :class:`FactBase`
(sources, entities, facts with their evidence) and rejects, with one line
naming the file and line, anything that cannot become a correct graph:
malformed YAML, unknown types or properties, wrong value kinds, unknown
references, duplicate identifiers, invalid URLs, impossible dates, and
evidence that does not occur verbatim in the source text.

Examples
--------
>>> base = read_facts()
>>> len([e for e in base.entities if e.type == "Initiative"])
10
>>> fact = next(f for f in base.facts if f.prop == "date")
>>> fact.value, fact.evidence
(('--01-24', 'gMonthDay'), ('Am 24. Januar trafen sich',))
"""

import calendar
import datetime as dt
import difflib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from owlgraph.core.errors import DraftError, EvidenceError, FactsError
from owlgraph.core.files import read_text
from owlgraph.core.iri import is_http_url
from owlgraph.core.namespaces import PREFIXES
from owlgraph.core.resources import relative_name, resource
from owlgraph.curation.ontology import Vocabulary, read_vocabulary

__all__ = [
    "BUILT_IN",
    "Source",
    "Entity",
    "Fact",
    "FactBase",
    "read_facts",
    "default_facts_files",
    "check_url",
    "parse_date",
]

ID_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$")
IRI_PREFIXES = ("nace", "nuts", "wd")
RESERVED_KEYS = {"subject", "evidence", "inferred", "status", "rule"}
#: ``status`` of an entry: ``draft`` (written by ``owlgraph extract``, never built) or ``reviewed``
STATUSES = ("draft", "reviewed")
#: e-mail addresses and phone numbers: owlgraph never publishes them
PERSONAL_DATA = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+|(?:\+|\b0)\d[\d /()-]{6,}\d")


@dataclass(frozen=True)
class Source:
    """A source document; its text is what evidence is checked against."""

    id: str
    type: str
    label: str
    language: str | None
    path: Path
    text: str
    evidence: tuple[str, ...]
    origin: str


@dataclass(frozen=True)
class Entity:
    """A thing the sources name: it becomes a resource with a type and a label."""

    id: str
    type: str
    label: str
    source: str
    evidence: tuple[str, ...]
    inferred: str | None
    origin: str


@dataclass(frozen=True)
class Fact:
    """One statement: subject, property, value, with its evidence.

    ``value`` is an entity id (``kind == "entity"``), an IRI (``"iri"``) or a
    literal (``"literal"``: str, int, bool, or a date given as ISO text).
    """

    subject: str
    prop: str
    value: object
    kind: str
    source: str
    evidence: tuple[str, ...]
    inferred: str | None
    origin: str


@dataclass(frozen=True)
class FactBase:
    """Everything read from a set of facts files, checked."""

    sources: tuple[Source, ...]
    entities: tuple[Entity, ...]
    facts: tuple[Fact, ...]

    def entity(self, id: str) -> Entity:
        return next(e for e in self.entities if e.id == id)


#: Among the paths of :func:`read_facts` (``--facts built-in``): the facts files shipped in ``data/facts/``.
BUILT_IN = "built-in"


def default_facts_files() -> list[Path]:
    """The facts files shipped in ``data/facts/``, in a stable order."""
    return sorted(resource("data", "facts").glob("*.yaml"))


class _LineLoader(yaml.SafeLoader):
    """A safe loader that records the line of every mapping as ``__line__``."""


def _construct_mapping(loader, node):
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _construct_timestamp(loader, node):
    # An impossible unquoted date (2023-02-30) stays text, so parse_date reports it with its line.
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


if TYPE_CHECKING:
    from yaml import CSafeLoader as _FastBase
else:  # libyaml is optional: without it the pure-Python loader
    _FastBase = getattr(yaml, "CSafeLoader", _LineLoader)


class _FastLineLoader(_FastBase):
    """The same loader on libyaml (about 10x faster); errors are re-read with :class:`_LineLoader` for its messages."""


_FastLineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_FastLineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def _load_yaml(path: Path) -> dict:
    text = read_text(path)
    try:
        data = yaml.load(text, Loader=_FastLineLoader)
    except yaml.YAMLError:
        data = None
    try:
        data = yaml.load(text, Loader=_LineLoader) if data is None else data
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        opened = exc.context_mark
        context = (
            f" {exc.context} from line {opened.line + 1}"
            if exc.context and opened and mark and opened.line != mark.line
            else ""
        )
        raise FactsError(f"{where}: malformed YAML ({exc.problem}{context}); fix the syntax at that line") from None
    except yaml.YAMLError as exc:  # e.g. a control character: reported by position, over several lines
        line = text.count("\n", 0, getattr(exc, "position", 0) or 0) + 1
        raise FactsError(f"{path}:{line}: malformed YAML ({' '.join(str(exc).split())}); fix the syntax") from None
    if not isinstance(data, dict):
        raise FactsError(
            f"{path}:1: a facts file is a mapping with 'source', 'entities' and 'facts'; see data/facts/owl-article.yaml"
        )
    return data


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def _text(value, where: str, what: str) -> str:
    if isinstance(value, str) and value.strip():
        return value
    raise FactsError(f"{where}: {what} must be non-empty text, got {value!r}")


def _evidence(entry: dict, where: str) -> tuple[str, ...]:
    if "evidence" not in entry:
        raise FactsError(f"{where}: missing 'evidence'; quote the exact words of the source that state it")
    quotes = _as_list(entry["evidence"])
    return tuple(_text(q, where, "evidence") for q in quotes)


def check_url(value: str, where: str) -> str:
    """Return ``value`` if it is an absolute http(s) URL without spaces, quotes or brackets.

    >>> check_url("https://www.bio-owl.de", "x")
    'https://www.bio-owl.de'
    >>> check_url("www.bio-owl.de", "f.yaml:3")
    Traceback (most recent call last):
    ...
    owlgraph.core.errors.FactsError: f.yaml:3: invalid URL 'www.bio-owl.de'; write an absolute http(s) URL such as https://www.example.org
    """
    if not is_http_url(
        value
    ):  # what Oxigraph's IRI parser rejects (a stray %, a second #, ...) would break every export
        raise FactsError(
            f"{where}: invalid URL {value!r}; write an absolute http(s) URL such as https://www.example.org"
        )
    return value


def parse_date(value, where: str) -> tuple[str, str]:
    """Check a date and return (lexical form, XSD datatype name).

    Accepts ``YYYY-MM-DD`` (date), ``--MM-DD`` (day and month, no year), ``YYYY-MM`` and ``YYYY``.

    >>> parse_date("--01-24", "x")
    ('--01-24', 'gMonthDay')
    >>> parse_date("--02-30", "f.yaml:9")
    Traceback (most recent call last):
    ...
    owlgraph.core.errors.FactsError: f.yaml:9: impossible date '--02-30'; give a real day as YYYY-MM-DD, --MM-DD (no year), YYYY-MM or YYYY
    """
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    hint = f"{where}: impossible date {text!r}; give a real day as YYYY-MM-DD, --MM-DD (no year), YYYY-MM or YYYY"
    try:
        if m := re.fullmatch(r"--(\d\d)-(\d\d)", text):
            month, day = int(m[1]), int(m[2])
            if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(2000, month)[1]):
                raise ValueError
            return text, "gMonthDay"
        if re.fullmatch(r"\d{4}-\d\d-\d\d", text):
            dt.date.fromisoformat(text)
            return text, "date"
        if m := re.fullmatch(r"\d{4}-(\d\d)", text):
            if not 1 <= int(m[1]) <= 12:
                raise ValueError
            return text, "gYearMonth"
        if re.fullmatch(r"\d{4}", text):
            return text, "gYear"
    except ValueError:
        pass
    raise FactsError(hint)


class _Reader:
    def __init__(self, vocab: Vocabulary):
        self.vocab = vocab
        self.sources: list[Source] = []
        self.entities: dict[str, Entity] = {}
        self.raw_facts: list[tuple[dict, str, str]] = []
        self.drafts: list[str] = []
        self.linked: list[Entity] = []

    def status(self, entry: dict, where: str) -> None:
        """Check ``status`` and ``rule``; remember where a draft entry is."""
        status = entry.get("status", "reviewed")
        if status not in STATUSES:
            raise FactsError(f"{where}: status must be 'draft' or 'reviewed', got {status!r}")
        if "rule" in entry:
            _text(entry["rule"], where, "rule (what produced the entry)")
        if status == "draft":
            self.drafts.append(where)

    def read_file(self, path: Path) -> None:
        data = _load_yaml(path)
        unknown = set(data) - {"source", "entities", "facts", "__line__"}
        if unknown:
            raise FactsError(
                f"{path}:1: unknown section(s) {sorted(unknown)}; a facts file has 'source', 'entities' and 'facts'"
            )
        if not isinstance(data.get("source"), dict):
            raise FactsError(f"{path}:1: missing 'source' mapping (id, type, text, label, evidence)")
        source = self._source(data["source"], path)
        self.sources.append(source)
        self._add_entity(Entity(source.id, source.type, source.label, source.id, source.evidence, None, source.origin))
        for key in ("entities", "facts"):
            if not isinstance(data.get(key) or [], list):
                raise FactsError(f"{path}:{data['__line__']}: '{key}' must be a list of mappings")
        for entry in data.get("entities") or []:
            self._entity(entry, path, source)
        for entry in data.get("facts") or []:
            where = f"{path}:{entry['__line__']}" if isinstance(entry, dict) else str(path)
            if not isinstance(entry, dict):
                raise FactsError(
                    f"{where}: each fact is a mapping with 'subject', properties and 'evidence', got {entry!r}"
                )
            self.status(entry, where)
            self.raw_facts.append((entry, where, source.id))

    def _source(self, entry: dict, path: Path) -> Source:
        where = f"{path}:{entry['__line__']}"
        sid = self._id(entry.get("id"), where)
        stype = self._type(entry.get("type"), where)
        text_path = (path.parent / _text(entry.get("text"), where, "source 'text' (path of the source text)")).resolve()
        return Source(
            sid,
            stype,
            _text(entry.get("label"), where, "label"),
            entry.get("language"),
            text_path,
            read_text(text_path),
            _evidence(entry, where),
            where,
        )

    def _id(self, value, where: str) -> str:
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            raise FactsError(
                f"{where}: invalid id {value!r}; use lower-case letters, digits and hyphens, e.g. 'biotech-owl'"
            )
        return value

    def _type(self, value, where: str) -> str:
        if not isinstance(value, str) or not self.vocab.is_class(value):
            hint = _suggest(value, self.vocab.classes)
            raise FactsError(f"{where}: unknown type {value!r}{hint}; use a class of ontology/owlgraph.ttl")
        return value

    def _add_entity(self, entity: Entity) -> None:
        if entity.id in self.entities:
            first = self.entities[entity.id].origin
            raise FactsError(
                f"{entity.origin}: duplicate id {entity.id!r} (first declared at {first}); give each entity its own id"
            )
        self.entities[entity.id] = entity

    def _entity(self, entry, path: Path, source: Source) -> None:
        if not isinstance(entry, dict):
            raise FactsError(f"{path}: each entity is a mapping with id, type, label, evidence, got {entry!r}")
        where = f"{path}:{entry['__line__']}"
        unknown = set(entry) - {"id", "type", "label", "evidence", "inferred", "status", "rule", "linked", "__line__"}
        if unknown:
            raise FactsError(f"{where}: unknown entity key(s) {sorted(unknown)}; put properties under 'facts'")
        self.status(entry, where)
        inferred = entry.get("inferred")
        if entry.get("linked") is True:  # a mention of an entity declared in another file: checked at the end
            ident = self._id(entry.get("id"), where)
            self.linked.append(Entity(ident, "", "", source.id, _evidence(entry, where), None, where))
            return
        self._add_entity(
            Entity(
                self._id(entry.get("id"), where),
                self._type(entry.get("type"), where),
                _public(_text(entry.get("label"), where, "label"), where, "label"),
                source.id,
                _evidence(entry, where),
                _text(inferred, where, "inferred (the reason)") if inferred is not None else None,
                where,
            )
        )

    def facts(self) -> list[Fact]:
        return [fact for entry, where, source in self.raw_facts for fact in self._facts(entry, where, source)]

    def _facts(self, entry: dict, where: str, source: str) -> Iterable[Fact]:
        if "subject" not in entry:
            raise FactsError(f"{where}: missing 'subject'; name the entity id the fact is about")
        props = [k for k in entry if k not in RESERVED_KEYS and k != "__line__"]
        if not props:
            raise FactsError(f"{where}: no property given; add one such as 'website: https://…'")
        evidence = _evidence(entry, where)
        inferred = entry.get("inferred")
        if inferred is not None:
            inferred = _text(inferred, where, "inferred (the reason)")
        for subject in _as_list(entry["subject"]):
            self._ref(subject, where)
            for prop in props:
                kind = self.vocab.kind(prop)
                if kind is None:
                    props_all = {**self.vocab.object_properties, **self.vocab.datatype_properties}
                    raise FactsError(
                        f"{where}: unknown property {prop!r}{_suggest(prop, props_all)}; use a property of ontology/owlgraph.ttl"
                    )
                for value in _as_list(entry[prop]):
                    value_kind, value = self._value(prop, kind, value, where)
                    yield Fact(subject, prop, value, value_kind, source, evidence, inferred, where)

    def _ref(self, value, where: str) -> str:
        if not isinstance(value, str) or value not in self.entities:
            raise FactsError(
                f"{where}: unknown entity {value!r}{_suggest(value, self.entities)}; declare it under 'entities' first"
            )
        return value

    def _value(self, prop: str, kind: str, value, where: str) -> tuple[str, object]:
        if kind == "object":
            if isinstance(value, str) and value in self.entities:
                return "entity", value
            if self.vocab.range_is_og_class(prop) or not isinstance(value, str):
                return "entity", self._ref(value, where)
            prefix, _, local = value.partition(":")
            if prefix in IRI_PREFIXES and local and not local.startswith("//"):
                if not re.fullmatch(r"[A-Za-z0-9._-]+", local):
                    raise FactsError(
                        f"{where}: invalid IRI {value!r}; the local part may hold letters, digits, '.', '_' and '-'"
                    )
                return "iri", str(PREFIXES[prefix]) + local
            if prefix in ("http", "https"):
                return "iri", check_url(value, where)
            raise FactsError(
                f"{where}: {prop}: {value!r} is neither a declared entity id nor an http(s) URL; declare the entity or write its URL"
            )
        rng = self.vocab.ranges.get(prop)
        rng_name = str(rng).rsplit("#", 1)[-1] if rng is not None else None
        if rng_name in (None, "Literal"):  # og:date: a full day or a date without year, by its lexical form
            return "literal", parse_date(value, where)
        if rng_name in ("date", "dateTime"):
            return "literal", parse_date(value, where)
        if rng_name == "boolean":
            if not isinstance(value, bool):
                raise FactsError(f"{where}: {prop} takes true or false, got {value!r}")
            return "literal", value
        if rng_name == "integer":
            if isinstance(value, bool) or not isinstance(value, int):
                raise FactsError(f"{where}: {prop} takes a whole number, got {value!r}")
            return "literal", value
        if isinstance(value, (dict, list)) or value is None:
            raise FactsError(f"{where}: {prop} takes text, got {value!r}")
        return "literal", _public(str(value), where, prop)


def _public(value: str, where: str, what: str) -> str:
    if PERSONAL_DATA.search(value):
        raise FactsError(
            f"{where}: {what} holds an e-mail address or phone number; owlgraph publishes no personal contact data, remove it"
        )
    return value


def _suggest(value, names) -> str:
    close = difflib.get_close_matches(str(value), list(names), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _check_evidence(base: FactBase) -> None:
    texts = {s.id: s for s in base.sources}
    items: tuple[Entity | Fact, ...] = (*base.entities, *base.facts)
    for item in items:
        source = texts[item.source]
        for quote in item.evidence:
            if quote not in source.text:
                rel = relative_name(source.path)
                raise EvidenceError(
                    f"{item.origin}: evidence {_short(quote)!r} not found in {rel}; copy the exact words from the source"
                )


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def read_facts(
    paths: Iterable[str | Path] | None = None, *, vocabulary: Vocabulary | None = None, drafts: bool = False
) -> FactBase:
    """Read and check facts files (default: every ``data/facts/*.yaml``; :data:`BUILT_IN` among ``paths`` stands for them).

    Raises :class:`~owlgraph.core.errors.FactsError` with ``file:line`` on the first problem, and
    :class:`~owlgraph.core.errors.DraftError` naming every entry still marked ``status: draft``
    unless ``drafts=True`` (used by ``owlgraph extract`` to check its own output).
    """
    reader = _Reader(vocabulary or read_vocabulary())
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    files = (
        [f for p in paths for f in (default_facts_files() if str(p) == BUILT_IN else [Path(p)])]
        if paths is not None
        else default_facts_files()
    )
    if not files:
        raise FactsError("no facts files given; pass YAML files or add them to data/facts/")
    for path in files:
        reader.read_file(path)
    for link in reader.linked:
        if link.id not in reader.entities:
            raise FactsError(
                f"{link.origin}: linked entity {link.id!r} is not declared in the facts read with this file; "
                "read it together with the facts that declare it (e.g. owlgraph build --facts data/facts/*.yaml "
                "--facts this.yaml) or delete the entry"
            )
    base = FactBase(tuple(reader.sources), tuple(reader.entities.values()), tuple(reader.facts()))
    _check_evidence(base)
    _check_evidence(FactBase(base.sources, tuple(reader.linked), ()))
    if reader.drafts and not drafts:
        raise DraftError(reader.drafts)
    return base
