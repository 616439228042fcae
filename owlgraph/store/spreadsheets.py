"""Spreadsheets as people save them, read into rows of text: CSV files and ``.xlsx`` workbooks.

A CSV file may be UTF-8 (with or without the byte-order mark Excel's "CSV UTF-8" writes) or
Windows-1252 (Excel's "CSV" on a German or Western European Windows); separated by comma,
semicolon (German Excel's default) or tab; with CRLF or LF line ends. The encoding is the
first of UTF-8 and Windows-1252 that decodes the whole file; the separator is the one of the
three that occurs most often in the header line. An ``.xlsx`` workbook holds one table per
sheet, named like the CSV files without ``.csv``; cells come out as a CSV file would have
them: a date as ``YYYY-MM-DD`` (a date and time as ISO 8601), a whole number without
``.0``, an empty cell as an empty string.

:func:`read_tables` only finds the tables (cheap); :meth:`Table.read` reads one.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "people.csv").write_bytes("id;name\\r\\nada;Ada Gütersloh\\r\\n".encode("cp1252"))
>>> [table] = read_tables(folder, names=("people",))
>>> header, records = table.read()
>>> header, [cells for _, _, cells, _ in records]
(['id', 'name'], [['ada', 'Ada Gütersloh']])
>>> table.detail
'Windows-1252, semicolon-separated, CRLF line ends'
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from owlgraph.core.errors import InputFileError

__all__ = ["ENCODINGS", "SEPARATORS", "Table", "read_tables"]

#: The encodings tried, in order (UTF-8 first: its byte-order mark is dropped).
ENCODINGS: dict[str, str] = {"utf-8-sig": "UTF-8", "cp1252": "Windows-1252"}
#: The separators detected, with the name the progress output gives them.
SEPARATORS: dict[str, str] = {",": "comma", ";": "semicolon", "\t": "tab"}
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")

#: One record: (first line, record number with the header as 1, cells, exact text).
Record = tuple[int, int, list[str], str]


@dataclass
class Table:
    """One table: a CSV file, or one sheet of a workbook.

    ``name`` is the table's name (``organisations``), ``where`` how messages name it
    (``folder/organisations.csv`` or ``book.xlsx[organisations]``), ``source_id`` the id of its
    ``og:ReferenceList``, ``label`` its label, ``file_name`` the file's name, ``detail`` (after
    :meth:`read`) what was detected.
    """

    path: Path
    name: str
    sheet: str | None = None
    detail: str = field(default="", init=False)
    #: The separator detected (after :meth:`read`; ``None`` for a sheet).
    separator: str | None = field(default=None, init=False)

    @property
    def where(self) -> str:
        return f"{self.path}[{self.sheet}]" if self.sheet else str(self.path)

    @property
    def source_id(self) -> str:
        return f"{self.path.stem}-xlsx-{self.sheet}" if self.sheet else f"{self.path.stem}-csv"

    @property
    def label(self) -> str:
        return f"{self.path.name}, sheet {self.sheet}" if self.sheet else self.path.name

    @property
    def file_name(self) -> str:
        return self.path.name

    def error(self, line: int, column: str | None, message: str) -> InputFileError:
        """The one-line error about ``line`` (and ``column``) of this table."""
        return InputFileError(f"{self.where}:{line}: " + (f"column '{column}': " if column else "") + message)

    def read(self) -> tuple[list[str], Iterator[Record]]:
        """The header (cells stripped) and the records after it; sets :attr:`detail`."""
        if self.sheet:
            return self._read_sheet()
        return self._read_csv()

    # -- CSV ------------------------------------------------------------------------------------
    def _read_csv(self):
        data = self.path.read_bytes()
        text, encoding = self._decode(data)
        first = text.split("\n", 1)[0]
        separator = self.separator = max(SEPARATORS, key=first.count)  # ties go to the comma, then the semicolon
        ends = "CRLF" if first.endswith("\r") else "LF" if "\n" in text else "no"
        self.detail = f"{encoding}, {SEPARATORS[separator]}-separated, {ends} line ends"
        buffer: list[str] = []

        def lines():
            for raw in io.StringIO(text, newline=""):
                buffer.append(raw)
                yield raw

        # strict: a quote left open is an error at the end of the file, not a value swallowing the rest of it
        reader = csv.reader(lines(), delimiter=separator, strict=True)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            header = []
        except csv.Error as exc:
            raise self._invalid(1, exc) from None
        first_line = 1 + len(buffer)
        buffer.clear()
        return header, self._records(reader, buffer, first_line)

    def _records(self, reader, buffer: list[str], lineno: int) -> Iterator[Record]:
        try:
            for number, record in enumerate(reader, 2):  # RFC 7111 counts the header as row 1
                text = (buffer[0] if len(buffer) == 1 else "".join(buffer)).rstrip("\r\n")
                start, lineno = lineno, lineno + len(buffer)
                buffer.clear()
                yield start, number, record, text
        except csv.Error as exc:
            raise self._invalid(lineno, exc) from None

    def _invalid(self, line: int, exc: csv.Error) -> InputFileError:
        if str(exc) == "unexpected end of data":  # the reader was still inside a quoted value
            return self.error(
                line,
                None,
                "a quoted value opens in this row and is never closed, so it would swallow the rest of the "
                'file; add the closing quote (a quote inside a quoted value is written twice: "")',
            )
        return self.error(line, None, f"not valid CSV ({exc}); check the quoting")

    def _decode(self, data: bytes) -> tuple[str, str]:
        try:
            text = data.decode("utf-8-sig")
            return text, "UTF-8 with BOM" if data.startswith(b"\xef\xbb\xbf") else "UTF-8"
        except UnicodeDecodeError as exc:
            not_utf8 = exc
        bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
        bad = not_utf8.start + bom  # utf-8-sig counts from after the byte-order mark
        tried = "tried " + ", ".join(ENCODINGS.values())
        advice = 'save it as "CSV UTF-8" and import again'
        valid = _UTF8_SEQUENCE.search(data, bom)
        if valid or bom:  # UTF-8 in one place and not in another: Windows-1252 would garble the UTF-8 part
            utf8 = f"line {_line(data, valid.start())} is" if valid else "the file starts with UTF-8's byte-order mark"
            raise self.error(
                _line(data, bad),
                None,
                f"byte 0x{data[bad]:02x} is not UTF-8, but {utf8}: the file mixes encodings ({tried}); {advice}",
            )
        try:
            return data.decode("cp1252"), "Windows-1252"
        except UnicodeDecodeError as exc:
            raise self.error(
                _line(data, exc.start),
                None,
                f"byte 0x{data[exc.start]:02x} is neither UTF-8 nor Windows-1252 ({tried}); {advice}",
            ) from None

    # -- xlsx -----------------------------------------------------------------------------------
    def _read_sheet(self):
        import openpyxl

        book = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        rows = book[self.sheet].iter_rows(values_only=True)
        header = [_cell(v).strip() for v in next(rows, ())]
        while header and not header[-1]:
            header.pop()
        self.detail = "sheet of an .xlsx workbook"

        def records():
            try:
                for number, values in enumerate(rows, 2):
                    cells = [_cell(v) for v in values]
                    while cells and not cells[-1]:
                        cells.pop()
                    out = io.StringIO()
                    csv.writer(out, lineterminator="").writerow(cells)
                    yield number, number, cells, out.getvalue()
            finally:
                book.close()

        return header, records()


def _line(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _cell(value) -> str:
    """A cell's value as CSV text: dates ISO 8601, whole numbers without a fraction."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _named(source: Path, found: dict, names: Sequence[str], kind: str, suffix: str) -> dict:
    """``found`` (a table's name as the user wrote it: its file or sheet) keyed by the known name it stands
    for, in any case; a name that is none of ``names``, or two for one table, is refused: never skipped."""
    known: dict = {}
    names_of: dict[str, str] = {}  # known name -> as written
    for written, value in sorted(found.items()):
        name = next((n for n in names if n.lower() == written.lower()), None)
        if name is None:
            close = difflib.get_close_matches(written.lower(), names, n=1, cutoff=0.6)
            hint = f" (did you mean {close[0] + suffix!r}?)" if close else ""
            raise InputFileError(
                f"{source}: {kind} {written + suffix!r} is not a table owlgraph reads{hint}; rename it to one of "
                f"{', '.join(n + suffix for n in names)}, or move it out"
            )
        if name in known:
            raise InputFileError(
                f"{source}: {kind}s {names_of[name] + suffix!r} and {written + suffix!r} are both the table "
                f"{name + suffix!r}; keep one"
            )
        known[name], names_of[name] = value, written
    return known


def read_tables(source, *, names: Sequence[str]) -> list[Table]:
    """The tables of ``source`` named in ``names``, in that order.

    Parameters
    ----------
    source : path
        A folder of CSV files named ``<name>.csv``, or an ``.xlsx`` workbook with sheets named ``<name>``.
    names : sequence of str
        The known table names, in reading order.

    Raises
    ------
    InputFileError
        ``source`` is neither, holds no known table, or a sheet has a name not in ``names``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "b.csv").write_text("x\\n1\\n", encoding="utf-8")
    >>> [t.where.endswith("b.csv") for t in read_tables(folder, names=("a", "b"))]
    [True]
    """
    source = Path(source)
    if source.suffix.lower() == ".xlsx" and source.is_file():
        import openpyxl

        try:
            book = openpyxl.load_workbook(source, read_only=True)
        except Exception as exc:  # openpyxl raises zipfile, KeyError and its own errors for a broken file
            raise InputFileError(f"{source}: not a readable .xlsx workbook ({exc}); save it again from Excel") from None
        sheets = _named(source, {title.strip(): title for title in book.sheetnames}, names, "sheet", "")
        book.close()
        tables = [Table(source, name, sheets[name]) for name in names if name in sheets]
    elif source.is_dir():
        files = {p.name[: -len(".csv")]: p for p in source.iterdir() if p.name.lower().endswith(".csv") and p.is_file()}
        found = _named(source, files, names, "file", ".csv")
        tables = [Table(found[name], name) for name in names if name in found]
    else:
        raise InputFileError(
            f"{source}: not a folder or an .xlsx workbook; give the folder that holds the CSV files, or the workbook"
        )
    if not tables:
        raise InputFileError(
            f"{source}: nothing to import; expected some of "
            + (", ".join(f"{n}.csv" for n in names) if source.is_dir() else "the sheets " + ", ".join(names))
        )
    return tables
