"""How rows of tables map to owlgraph's ontology as N-Triples lines (:mod:`owlgraph.store.tabular` loads them).

The files (each optional, read in this order so that every reference points to a file already read;
in a workbook, sheets named like the files without ``.csv``; names match in any case, and a CSV file or
sheet named like none of them is refused, never skipped; how files are decoded and split:
:mod:`owlgraph.store.spreadsheets`):

===================  =========================================================
sectors.csv          id, label, nace (a NACE Rev. 2 code such as C28): a region's own sectors
organisations.csv    id, name, type (Company, ResearchInstitute, PublicBody, …), sector, city, website
initiatives.csv      id, name, sector, website
memberships.csv      organisation, initiative, role, since (YYYY-MM-DD)
people.csv           id, name
posts.csv            person, organisation, title
events.csv           id, name, date (YYYY-MM-DD), organizer (an organisation or initiative)
participants.csv     event, agent (an organisation, initiative or person)
===================  =========================================================

Rows map to the ontology as :mod:`owlgraph.curation.build` maps facts: the same IRIs
(:func:`owlgraph.curation.build.entity_iri`), data in the data graph and provenance in the
provenance graph. ``sector`` is the id of a built-in sector (``maschinenbau``,
``it``, …: the packaged table ``data/reference/sectors.csv``) or of a row of ``sectors.csv``,
``city`` a name that becomes an ``og:City`` (``place/<slug>``). A
membership without role or start date is one ``og:memberOf`` statement; with
either it is an ``og:Membership`` node (``og:member``, ``og:membershipIn``,
``og:roleName``, ``og:memberSince``) instead, so the cooperation network counts it once.

Extra columns (decision record)
-------------------------------
A column a file does not define is kept, never dropped: each non-empty value becomes a plain
string literal of the row's resource (the organisation, initiative, membership, sector, person,
post or event), under ``og:<column>`` or, with ``extra_namespace``, ``<namespace><column>``.
They are not ontology terms: the ontology does not declare them, SHACL's shapes are open (they
check the properties they name and ignore others), so data with extra columns validates; a
column named like an ontology term (``sector``…) in ``og:`` is refused, as is a name that
cannot be the local name of an IRI (letters, digits, ``_`` and ``-``, starting with a letter
or ``_``). Values are strings as written (no type is guessed); a participation has no resource
of its own, so ``participants.csv`` takes no extra columns; an extra value in ``people.csv``
or ``posts.csv`` that looks like an e-mail address or phone number is refused.

A misspelt column must not pass for an extra one (``Sektor`` would become ``og:Sektor`` and no
organisation would have a sector): a header cell that names a column of the file in other case
(``Sector``, ``ID``) is that column, and an extra column whose name is close to a column the
header lacks (:data:`NEAR_MISS`: ``Sektor`` for ``sector``, ``titel`` for ``title``, ``webseite``
for ``website``) is refused with a "did you mean". A row with more values than the header
has columns is refused too (a value holding the separator unquoted, or a column left unnamed);
fewer values are empty ones.

Bulk data is lean (decision record)
-----------------------------------
The article graph is small and hand-curated; bulk tables are large, and the
article graph's layout (every standard-vocabulary super-class and super-property
materialised, one ``og:Evidence`` with a Web Annotation quote per statement) cost
about 70 triples per organisation. The store's native loader runs at about
400,000 quads a second in memory on one core and holds about 550 bytes per quad,
so triples per row are what decides whether a million organisations fit at all.

``materialise``
    ``"core"`` (default) writes the asserted owlgraph class, its owlgraph
    super-classes (``og:Organisation`` for an ``og:Company``: the projections in
    :mod:`owlgraph.network.builders` select on them) and its most general schema.org class
    (``schema:Organization``, ``schema:Place``, …: cross-type questions such as
    ``organisations-per-type`` use it), and the owlgraph property only. The other
    super-classes and all super-properties (``org:memberOf``, ``schema:url``,
    ``foaf:page``, …) are entailed by ``rdfs:subClassOf``/``rdfs:subPropertyOf`` in
    the ontology graph: a query written against W3C ORG, FOAF or the more specific
    schema.org terms needs the og: term, a property path over the ontology
    (``?p rdfs:subPropertyOf* org:memberOf``) or a reasoner to see imported rows.
    ``"all"`` writes them all, as for the article graph; ``"none"`` only the asserted class.
``provenance``
    ``"row"`` (default) names every CSV row by an RFC 7111 fragment of its file,
    ``<…/source/organisations-csv#row=12>`` (the header is row 1; a record spanning
    several lines is one row, while error messages give the line), and writes two kinds of
    triple about it: ``oa:exact`` (the exact row text) and ``rdf:subject`` for each
    resource the row describes. That is honest at resource level (every statement about
    ``rdf:subject`` made from that file came from that row) and costs about two triples
    a row. The file is the ``og:ReferenceList`` before the ``#`` (its ``og:sourceFile``
    gives the name). ``"reference"`` writes the ``rdf:subject`` links only (the row text
    stays in the CSV file the fragment names). ``"quote"`` (twelve triples a row) makes
    every row an ``og:Evidence`` with ``og:sourceRow`` (its line), ``og:inferred false``
    and the text as an ``og:Quote`` with an ``oa:TextQuoteSelector``, so that
    ``oa:hasTarget/oa:hasSelector/oa:exact`` paths work. ``"statement"`` reifies every
    statement (``rdf:subject``, ``rdf:predicate``, ``rdf:object``) sharing the row's quote,
    so that :func:`owlgraph.network.builders.evidence_index` and the evidence competency queries
    see every imported statement (about nine triples per statement).

With the defaults the synthetic network (:mod:`owlgraph.store.synthetic`) takes about
19 triples per organisation: 12.4 of data (three types, label, sector, city,
website for half of them, 1.8 memberships, people and posts) and 6.6 of provenance
(3.3 CSV rows per organisation); with ``provenance="reference"`` about 15.7. The
issue's "8 triples per organisation" is below what the data alone needs; rows are
not dropped to reach it.
"""

from __future__ import annotations

import csv
import difflib
import re
from datetime import date
from functools import cache
from typing import Literal

from rdflib.namespace import RDF, RDFS, XSD

from owlgraph.core.errors import InputFileError
from owlgraph.core.iri import is_http_url
from owlgraph.core.namespaces import ID, OA, OG, PROV, SDO, SKOS
from owlgraph.core.ntriples import nt_literal
from owlgraph.core.resources import resource
from owlgraph.curation.build import DATA_GRAPH, PROVENANCE_GRAPH, entity_iri
from owlgraph.curation.ontology import read_vocabulary
from owlgraph.store.spreadsheets import SEPARATORS, Table, read_tables

__all__ = [
    "FILES",
    "MATERIALISE",
    "PROVENANCE",
    "Materialise",
    "Provenance",
    "builtin_sectors",
    "organisation_types",
    "check_extra_namespace",
]

Provenance = Literal["row", "reference", "quote", "statement"]
Materialise = Literal["core", "all", "none"]
PROVENANCE: tuple[str, ...] = ("row", "reference", "quote", "statement")
MATERIALISE: tuple[str, ...] = ("core", "all", "none")

#: CSV file → (required columns, optional columns), in reading order.
FILES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "sectors.csv": (("id", "label"), ("nace",)),
    "organisations.csv": (("id", "name", "type"), ("sector", "city", "website")),
    "initiatives.csv": (("id", "name"), ("sector", "website")),
    "memberships.csv": (("organisation", "initiative"), ("role", "since")),
    "people.csv": (("id", "name"), ()),
    "posts.csv": (("person", "organisation", "title"), ()),
    "events.csv": (("id", "name"), ("date", "organizer")),
    "participants.csv": (("event", "agent"), ()),
}

#: How alike (:class:`difflib.SequenceMatcher` ratio, ignoring case) an extra column's name and a missing
#: column's may be before the extra column is taken for a misspelling and refused.
NEAR_MISS = 0.8

_BAD_ID = re.compile(r'[\s<>"{}|\\^`\x00-\x1f/]')
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"})


def _literal(value: str, datatype: str | None = None) -> str:
    """An N-Triples literal: quotes, backslashes and line breaks escaped, other characters as UTF-8."""
    return nt_literal(value, datatype=datatype)


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower().translate(_UMLAUTS)).strip("-") or "place"


_LOCAL_NAME = re.compile(r"[^\W\d][\w-]*")
_CONTACT = re.compile(r"[^@\s]+@[^@\s]+\.\w+|(?:\+|0)[\d /().-]{6,}\d")  # an e-mail address, a phone number
_NACE = re.compile(r"[A-U](\d{2}(\.\d{1,2})?)?")  # as ontology/shapes.ttl checks og:naceCode


@cache
def builtin_sectors() -> dict[str, tuple[str, str]]:
    """The built-in sectors, id → (label, NACE code), from the packaged ``data/reference/sectors.csv``.

    >>> builtin_sectors()["it"]
    ('IT', 'J62')
    """
    with open(resource("data", "reference", "sectors.csv"), newline="", encoding="utf-8") as fh:
        return {row["id"]: (row["label"], row["nace"]) for row in csv.DictReader(fh)}


def organisation_types() -> list[str]:
    """The values the ``type`` column of ``organisations.csv`` takes: ``Organisation`` and its sub-classes.

    >>> "Company" in organisation_types()
    True
    """
    vocab = read_vocabulary()
    return sorted(n for n in vocab.classes if n == "Organisation" or OG.Organisation in vocab.superclasses(n))


_FILE_OF = {
    "organisation": "organisations.csv",
    "initiative": "initiatives.csv",
    "person": "people.csv",
    "event": "events.csv",
}


@cache
def _article_ids() -> frozenset[str]:
    """The ids of the entities in owlgraph's own facts (read only to explain an unknown reference)."""
    from owlgraph.curation.facts import read_facts

    return frozenset(e.id for e in read_facts().entities)


class _Rows:
    """The records of one table as dicts of its known columns, with its extra columns' values."""

    def __init__(self, table: Table):
        self.table = table
        self.error = table.error

    def read(self, required, optional, *, extras_allowed: bool, reserved):
        header, records = self.table.read()
        if not header:
            raise self.error(1, None, "empty file; the header row must name the columns " + ", ".join(required))
        known = (*required, *optional)
        header = self._match_known(header, known)
        for col in required:
            if col not in header:
                hint = ""
                if len(header) == 1 and len(header[0]) > len(col):
                    hint = " (one column: separate the columns by comma, semicolon or tab)"
                raise self.error(1, None, f"missing required column '{col}'; the header has: {', '.join(header)}{hint}")
        for col in header:
            if col and header.count(col) > 1:
                raise self.error(1, col, "the header names this column twice; keep one or rename the other")
        index = {c: header.index(c) for c in known if c in header}
        extras = [(i, c) for i, c in enumerate(header) if c and c not in known]
        unnamed = [i for i, c in enumerate(header) if not c]
        for _, col in extras:
            if not extras_allowed:
                raise self.error(
                    1, col, f"extra column in {self.table.name}, which takes only {', '.join(known)}; remove it"
                )
            if not _LOCAL_NAME.fullmatch(col):
                raise self.error(
                    1,
                    col,
                    "an extra column becomes a property, but this name cannot be one; rename it to letters, "
                    "digits, '_' or '-', starting with a letter (e.g. " + (_slug(col).replace("-", "_")) + ")",
                )
            if col in reserved:
                raise self.error(
                    1,
                    col,
                    "an extra column in og: would reuse this ontology term; rename it or give an extra namespace",
                )
        width = max(index.values()) + 1
        for start, number, record, text in records:
            if not "".join(record).strip():
                continue
            values = len(record)
            while values > len(header) and not record[values - 1].strip():
                values -= 1  # empty trailing values (separators at the end of a row) say nothing
            if values > len(header):
                raise self.error(start, None, self._too_many(values, len(header)))
            if len(record) < width:
                record += [""] * (width - len(record))
            row: dict[str, str | list[tuple[str, str]]] = {c: record[i].strip() for c, i in index.items()}
            for col in required:
                if not row[col]:
                    raise self.error(start, col, f"empty value; every row needs a {col}")
            if extras:
                row[""] = [(c, record[i].strip()) for i, c in extras if i < len(record) and record[i].strip()]
            for i in unnamed:
                if i < len(record) and record[i].strip():
                    raise self.error(
                        start, None, f"value {record[i].strip()!r} in column {i + 1}, which has no name; name it"
                    )
            yield start, number, row, text

    def _match_known(self, header: list[str], known: tuple[str, ...]) -> list[str]:
        """The header with a column named like a missing known one in other case taken as it; a near miss refused."""
        missing = [c for c in known if c not in header]
        header = [c.lower() if c.lower() in missing and c not in known else c for c in header]
        missing = [c for c in known if c not in header]
        for col in header:
            if col and col not in known:
                near = difflib.get_close_matches(col.lower(), missing, n=1, cutoff=NEAR_MISS)
                if near:
                    raise self.error(
                        1,
                        col,
                        f"not one of the columns of {self.table.name}, and '{near[0]}' is missing: did you mean "
                        f"'{near[0]}'? Rename it (an extra column is kept as an attribute only when its name is "
                        "not this close to a known column's)",
                    )
        return header

    def _too_many(self, values: int, columns: int) -> str:
        found = f"{values} values but the header names {columns} column{'' if columns == 1 else 's'}; "
        if self.table.separator is None:  # a sheet
            return found + "name the extra column in the header row or empty the cell"
        sep = SEPARATORS[self.table.separator]
        return found + f"quote a value that contains the separator ({sep}), or name the extra column in the header"


class _Writer:
    """Turns rows into N-Quads (or N-Triples) lines, checking references on the way.

    Data and provenance lines go to one stream (``merged``, in row order) or to two.
    """

    def __init__(
        self,
        *,
        quads: bool,
        merged: bool,
        provenance: Provenance,
        materialise: Materialise,
        extra_namespace: str | None = None,
        report=None,
    ):
        if provenance not in PROVENANCE:
            raise InputFileError(f"unknown provenance pattern {provenance!r}; use one of: {', '.join(PROVENANCE)}")
        if materialise not in MATERIALISE:
            raise InputFileError(f"unknown materialise option {materialise!r}; use one of: {', '.join(MATERIALISE)}")
        self.provenance, self.materialise = provenance, materialise
        self.vocab = read_vocabulary()
        self.extra_ns = check_extra_namespace(extra_namespace)
        self.reserved = (
            {*self.vocab.classes, *self.vocab.object_properties, *self.vocab.datatype_properties}
            if self.extra_ns == str(OG)
            else set()
        )
        self.report = report or (lambda line: None)
        self.data_end = f" <{DATA_GRAPH}> .\n" if quads else " .\n"
        self.prov_end = f" <{PROVENANCE_GRAPH}> .\n" if quads else " .\n"
        self.count = self.rows = 0
        self.data: list[str] = []
        self.prov = self.data if merged else []
        self.templates: dict[str, str] = {}
        self.kinds: dict[str, str] = {}
        self.ids: dict[str, dict[str, str]] = {
            k: {} for k in ("sector", "organisation", "initiative", "person", "event")
        }
        self.memberships: set[tuple[str, str]] = set()
        self.posts: set[tuple[str, str, str]] = set()
        self.cities: set[str] = set()
        self.org_types = set(organisation_types())
        self.sectors = {s: f"<{entity_iri(s, 'Sector', self.vocab)}>" for s in builtin_sectors()}
        self.T = {
            "type": f"<{RDF.type}>",
            "label": f"<{RDFS.label}>",
            "evidence": f"<{OG.Evidence}>",
            "subject": f"<{RDF.subject}>",
            "predicate": f"<{RDF.predicate}>",
            "object": f"<{RDF.object}>",
            "quote": f"<{OG.Quote}>",
            "selector": f"<{OA.TextQuoteSelector}>",
            "false": _literal("false", str(XSD.boolean)),
        }
        self.P = {name: f"<{OG[name]}>" for name in ("evidenceSource", "sourceRow", "inferred", "sourceFile")}
        self.P.update(
            derived=f"<{PROV.wasDerivedFrom}>",
            target=f"<{OA.hasTarget}>",
            source=f"<{OA.hasSource}>",
            hasSelector=f"<{OA.hasSelector}>",
            exact=f"<{OA.exact}>",
        )

    # -- statements ---------------------------------------------------------------------------
    def _types(self, name: str) -> list:
        supers = self.vocab.superclasses(name)
        if self.materialise == "all":
            return [OG[name], *supers]
        if self.materialise == "none":
            return [OG[name]]
        # core: owlgraph's own super-classes, and the farthest schema.org one (super-classes are
        # ordered nearest to farthest), which cross-type questions such as organisations-per-type use
        schema = [c for c in supers if str(c).startswith(str(SDO))]
        return [OG[name], *(c for c in supers if str(c).startswith(str(OG))), *schema[-1:]]

    def _template(self, key: str) -> str:
        """Data lines for one statement and its materialised super-classes or super-properties."""
        tpl = self.templates.get(key)
        if tpl is None:
            kind, name = key.split(":", 1)
            if kind == "a":
                tpl = "".join(f"{{0}} <{RDF.type}> <{o}>{self.data_end}" for o in self._types(name))
            elif kind == "l":
                tpl = f"{{0}} <{RDFS.label}> {{1}}{self.data_end}"
            elif kind in ("x", "u"):  # an extra column's property, or a property by its full IRI
                tpl = f"{{0}} <{self.extra_ns if kind == 'x' else ''}{name}> {{1}}{self.data_end}"
            else:
                props = [OG[name], *(self.vocab.superproperties(name) if self.materialise == "all" else [])]
                if name == "date" and self.materialise == "all":  # a CSV date is a full day: a schema.org date
                    props.append(SDO.startDate)
                tpl = "".join(f"{{0}} <{p}> {{1}}{self.data_end}" for p in props)
            # {0} is the subject, {1} the object; vocabulary IRIs hold no braces, so this is a safe format string
            self.templates[key] = tpl
        return tpl

    def emit(self, line: int, number: int, text: str, statements: list[tuple[str, str, str]]) -> None:
        """Queue a row's statements (``(subject, key, object)``) and its provenance for writing."""
        template = self.templates
        parts = self.data
        subjects = []
        for s, key, o in statements:
            parts.append((template.get(key) or self._template(key)).format(s, o))
            if s not in subjects:
                subjects.append(s)
        self._provenance(line, number, text, statements, subjects)
        self.rows += 1

    def flush(self) -> tuple[str, str, int]:
        """The data text, provenance text and number of rows queued since the last flush."""
        data, prov = "".join(self.data), "" if self.prov is self.data else "".join(self.prov)
        self.data.clear()
        self.prov.clear()
        self.count += data.count("\n") + prov.count("\n")  # every line is one quad: literals escape line breaks
        rows, self.rows = self.rows, 0
        return data, prov, rows

    def _provenance(self, line, number, text, statements, subjects) -> None:
        T, P, end, parts = self.T, self.P, self.prov_end, self.prov
        if self.provenance in ("row", "reference"):
            row = f"{self.row_prefix}{number}>"
            for s in subjects:
                parts.append(f"{row} {T['subject']} {s}{end}")
            if self.provenance == "row":
                parts.append(f"{row} {P['exact']} {_literal(text)}{end}")
            return
        stem = self.stem
        src = self.source
        row_lit = f'"{line}"^^<{XSD.integer}>'
        q = f"<{ID}quote/{stem}-{line}>"
        sel = f"<{ID}quote/{stem}-{line}#selector>"
        parts.append(
            f"{q} {T['type']} {T['quote']}{end}{q} {P['source']} {src}{end}{q} {P['hasSelector']} {sel}{end}"
            f"{sel} {T['type']} {T['selector']}{end}{sel} {P['exact']} {_literal(text)}{end}"
        )
        if self.provenance == "quote":
            ev = f"<{ID}evidence/{stem}-{line}>"
            parts.append(
                f"{ev} {T['type']} {T['evidence']}{end}{ev} {P['evidenceSource']} {src}{end}"
                f"{ev} {P['derived']} {src}{end}{ev} {P['sourceRow']} {row_lit}{end}"
                f"{ev} {P['inferred']} {T['false']}{end}{ev} {P['target']} {q}{end}"
            )
            for s in subjects:
                parts.append(f"{ev} {T['subject']} {s}{end}")
            return
        for k, (s, key, o) in enumerate(statements):
            kind, name = key.split(":", 1)
            p = {"a": T["type"], "l": T["label"], "x": f"<{self.extra_ns}{name}>", "u": f"<{name}>"}.get(
                kind, f"<{OG[name]}>"
            )
            obj = f"<{OG[name]}>" if kind == "a" else o
            ev = f"<{ID}evidence/{stem}-{line}-{k}>"
            parts.append(
                f"{ev} {T['type']} {T['evidence']}{end}{ev} {T['subject']} {s}{end}"
                f"{ev} {T['predicate']} {p}{end}{ev} {T['object']} {obj}{end}"
                f"{ev} {P['evidenceSource']} {src}{end}{ev} {P['derived']} {src}{end}"
                f"{ev} {P['sourceRow']} {row_lit}{end}{ev} {P['inferred']} {T['false']}{end}"
                f"{ev} {P['target']} {q}{end}"
            )

    # -- checks -------------------------------------------------------------------------------
    def new_id(self, rows, line, kind: str, value: str, type_name: str) -> str:
        if _BAD_ID.search(value):
            raise rows.error(
                line, "id", f"invalid id {value!r}; use letters, digits, '-', '_' or '.' (no spaces, slashes or quotes)"
            )
        if value in self.ids[kind]:
            raise rows.error(line, "id", f"duplicate id {value!r}; each {kind} needs a unique id")
        kind_path = self.kinds.get(type_name)
        if kind_path is None:
            kind_path = self.kinds[type_name] = f"<{ID}{self.vocab.iri_kind(type_name)}/"
        iri = f"{kind_path}{value}>"
        self.ids[kind][value] = iri
        return iri

    def ref(self, rows, line, column: str, value: str, kinds: tuple[str, ...]) -> str:
        if len(kinds) == 1 and value in self.ids[kinds[0]]:
            return self.ids[kinds[0]][value]
        found = [self.ids[k][value] for k in kinds if value in self.ids[k]]
        if not found:
            where = " or ".join(kinds)
            if value in _article_ids():  # the article's graph is not loaded with tables (decision record 29)
                files = " or ".join(_FILE_OF[k] for k in kinds)
                raise rows.error(
                    line,
                    column,
                    f"unknown {where} {value!r}: only owlgraph's built-in article defines it, and tables refer "
                    f"to their own rows; add a row for it to {files} or fix the id",
                )
            raise rows.error(line, column, f"unknown {where} {value!r}; add it to its CSV file or fix the id")
        if len(found) > 1:
            raise rows.error(
                line, column, f"ambiguous id {value!r}: it names more than one of {', '.join(kinds)}; rename one"
            )
        return found[0]

    def sector(self, rows, line, value: str) -> str:
        if value not in self.sectors:
            raise rows.error(
                line,
                "sector",
                f"unknown sector {value!r}; use one of: {', '.join(self.sectors)}, or add it to sectors.csv",
            )
        return self.sectors[value]

    @staticmethod
    def url(rows, line, column: str, value: str) -> str:
        if not is_http_url(value):
            raise rows.error(line, column, f"invalid URL {value!r}; use an http:// or https:// address without spaces")
        return f"<{value}>"

    @staticmethod
    def date(rows, line, column: str, value: str) -> str:
        try:
            if not _DATE.fullmatch(value):
                raise ValueError
            date.fromisoformat(value)
        except ValueError:
            raise rows.error(line, column, f"impossible date {value!r}; use an existing day as YYYY-MM-DD") from None
        return _literal(f"{value}T00:00:00", str(XSD.dateTime))  # OWL 2 has no xsd:date: the start of the day

    # -- files --------------------------------------------------------------------------------
    def convert(self, sources):
        """Convert and check every row of the tables in ``sources``; yield :meth:`flush` every 20,000 lines or so."""
        for source in sources:
            for table in _tables(source):
                yield from self.file(table)

    def file(self, table: Table):
        rows = _Rows(table)
        self.source = f"<{entity_iri(table.source_id, 'ReferenceList', self.vocab)}>"
        self.stem, self.row_prefix = table.source_id.removesuffix("-csv"), self.source[:-1] + "#row="
        src_stmts = [
            (self.source, "a:ReferenceList", ""),
            (self.source, "l:label", _literal(table.label)),
            (self.source, "p:sourceFile", _literal(table.file_name)),
        ]
        self.data.extend(self._template(k).format(s, o) for s, k, o in src_stmts)
        handler = getattr(self, "_" + table.name)
        required, optional = FILES[table.name + ".csv"]
        count = 0
        records = rows.read(required, optional, extras_allowed=table.name != "participants", reserved=self.reserved)
        for line, number, row, text in records:
            statements = handler(rows, line, row)
            if "" in row:  # extra columns: literals of the row's resource (the subject of its first statement)
                contact = table.name in ("people", "posts")
                for column, value in row[""]:
                    if contact and _CONTACT.fullmatch(value):
                        raise rows.error(
                            line,
                            column,
                            "looks like an e-mail address or phone number; personal contact data "
                            "is not published, remove it",
                        )
                    statements.append((statements[0][0], "x:" + column, _literal(value)))
            self.emit(line, number, text, statements)
            count += 1
            if len(self.data) + len(self.prov) > 20_000:
                yield self.flush()
        self.report(f"{table.where}: {count} row{'' if count == 1 else 's'}, {table.detail}")
        yield self.flush()

    def _typed(self, s, type_name, name):
        return [(s, f"a:{type_name}", ""), (s, "l:label", _literal(name))]

    def _common(self, rows, line, s, row) -> list:
        out = []
        if row.get("sector"):
            out.append((s, "p:sector", self.sector(rows, line, row["sector"])))
        if row.get("website"):
            out.append((s, "p:website", self.url(rows, line, "website", row["website"])))
        return out

    def _sectors(self, rows, line, row):
        if row["id"] in builtin_sectors():
            raise rows.error(line, "id", f"sector {row['id']!r} is built in; refer to it directly or choose another id")
        s = self.new_id(rows, line, "sector", row["id"], "Sector")
        self.sectors[row["id"]] = s
        out = [*self._typed(s, "Sector", row["label"]), (s, f"u:{SKOS.inScheme}", f"<{OG.SectorScheme}>")]
        if row.get("nace"):
            if not _NACE.fullmatch(row["nace"]):
                raise rows.error(
                    line,
                    "nace",
                    f"invalid NACE code {row['nace']!r}; use a NACE Rev. 2 code such as C28, C22.2 or M72.11",
                )
            out.append((s, "p:naceCode", _literal(row["nace"])))
        return out

    def _organisations(self, rows, line, row):
        if row["type"] not in self.org_types:
            raise rows.error(
                line,
                "type",
                f"unknown organisation type {row['type']!r}; use one of: {', '.join(sorted(self.org_types))}",
            )
        s = self.new_id(rows, line, "organisation", row["id"], row["type"])
        out = self._typed(s, row["type"], row["name"]) + self._common(rows, line, s, row)
        if row.get("city"):
            city = f"<{entity_iri(_slug(row['city']), 'City', self.vocab)}>"
            if city not in self.cities:
                self.cities.add(city)
                out += self._typed(city, "City", row["city"])
            out.append((s, "p:basedIn", city))
        return out

    def _initiatives(self, rows, line, row):
        s = self.new_id(rows, line, "initiative", row["id"], "Initiative")
        return self._typed(s, "Initiative", row["name"]) + self._common(rows, line, s, row)

    def _memberships(self, rows, line, row):
        org = self.ref(rows, line, "organisation", row["organisation"], ("organisation",))
        ini = self.ref(rows, line, "initiative", row["initiative"], ("initiative",))
        key = (row["organisation"], row["initiative"])
        if key in self.memberships:
            raise rows.error(line, "initiative", f"duplicate membership of {key[0]!r} in {key[1]!r}; list it once")
        self.memberships.add(key)
        if not row.get("role") and not row.get("since") and "" not in row:
            return [(org, "p:memberOf", ini)]
        # an og:Membership node only where there is something to say about the membership itself
        m = f"<{ID}membership/{key[0]}--{key[1]}>"
        out = [(m, "a:Membership", ""), (m, "p:member", org), (m, "p:membershipIn", ini)]
        if row.get("role"):
            out.append((m, "p:roleName", _literal(row["role"])))
        if row.get("since"):
            out.append((m, "p:memberSince", self.date(rows, line, "since", row["since"])))
        return out

    def _people(self, rows, line, row):
        s = self.new_id(rows, line, "person", row["id"], "Person")
        return self._typed(s, "Person", row["name"])

    def _posts(self, rows, line, row):
        person = self.ref(rows, line, "person", row["person"], ("person",))
        org = self.ref(rows, line, "organisation", row["organisation"], ("organisation", "initiative"))
        key = (row["person"], row["organisation"], _slug(row["title"]))
        if key in self.posts:
            raise rows.error(
                line, "title", f"duplicate post {row['title']!r} of {key[0]!r} in {key[1]!r}; list it once"
            )
        self.posts.add(key)
        post = f"<{ID}post/{'--'.join(key)}>"
        return [*self._typed(post, "Post", row["title"]), (person, "p:holds", post), (post, "p:postIn", org)]

    def _events(self, rows, line, row):
        s = self.new_id(rows, line, "event", row["id"], "Event")
        out = self._typed(s, "Event", row["name"])
        if row.get("date"):
            out.append((s, "p:date", self.date(rows, line, "date", row["date"])))
        if row.get("organizer"):
            out.append(
                (s, "p:organizer", self.ref(rows, line, "organizer", row["organizer"], ("organisation", "initiative")))
            )
        return out

    def _participants(self, rows, line, row):
        event = self.ref(rows, line, "event", row["event"], ("event",))
        agent = self.ref(rows, line, "agent", row["agent"], ("organisation", "initiative", "person"))
        return [(event, "p:participant", agent)]


def _tables(source) -> list[Table]:
    return read_tables(source, names=[name.removesuffix(".csv") for name in FILES])


def check_extra_namespace(namespace: str | None) -> str:
    """The namespace of extra columns' properties: ``og:`` by default, else an absolute IRI ending in / or #.

    >>> check_extra_namespace("https://example.org/vocab#")
    'https://example.org/vocab#'
    """
    if namespace is None:
        return str(OG)
    if not (is_http_url(namespace) and namespace[-1] in "/#"):
        raise InputFileError(
            f"extra namespace {namespace!r} is not a namespace IRI; give an absolute http(s) IRI ending "
            "in / or #, e.g. https://example.org/vocab#"
        )
    return namespace
