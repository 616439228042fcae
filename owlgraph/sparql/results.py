"""One shape for SELECT results, whether the query ran locally or remotely.

Rows arrive as rdflib terms (``URIRef``, ``Literal``, ``BNode`` or ``None``);
:func:`to_frame` turns them into a pandas DataFrame whose cells are typed Python
values: numbers as ``int``/``float``, ``xsd:date``/``dateTime`` as
``datetime.date``/``datetime``, booleans as ``bool``, IRIs as ``str``. Values that
have no Python type (``xsd:gMonthDay`` "--01-24") stay as their lexical form, so
nothing is invented. An unbound cell is missing, as :func:`to_frame` says.

>>> from rdflib import Literal, URIRef
>>> df = to_frame(["x", "n"], [[URIRef("https://e.org/a"), Literal(3)]])
>>> df.loc[0, "x"], int(df.loc[0, "n"])
('https://e.org/a', 3)
"""

from collections.abc import Iterable, Sequence

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from owlgraph.core.errors import QueryError
from owlgraph.core.ntriples import nt_term

__all__ = ["to_frame", "python_value", "term_from_json", "rows_from_json", "format_results", "tsv_term"]


def python_value(term: Node | None):
    """The Python value of one result cell."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return str(term) if isinstance(value, Literal) else value
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def to_frame(variables: Sequence[str], rows: Iterable[Sequence[Node | None]]):
    """A DataFrame with one column per variable and typed cells; a missing (unbound) cell is NaN.

    One convention for every column, whatever pandas would infer for it: an unbound variable is
    ``NaN`` (``NaT`` in a date-time column, pandas' marker there), never ``None``. So
    ``frame.isna()``, ``fillna`` and ``value != value`` find every gap, in text columns,
    numeric columns (a whole-number column with a gap becomes ``float64``, as in pandas), and
    object columns of dates, booleans or mixed values alike.

    Examples
    --------
    >>> from rdflib import Literal
    >>> df = to_frame(["name", "n", "member"], [[Literal("a"), Literal(1), Literal(True)], [None, None, None]])
    >>> [str(v) for v in df.iloc[1]], bool(df.isna().iloc[1].all())
    (['nan', 'nan', 'nan'], True)
    """
    import numpy as np
    import pandas as pd

    data = [[python_value(t) for t in row] for row in rows]
    frame = pd.DataFrame(data, columns=[str(v) for v in variables])
    for column in frame.columns:
        values = [v for v in frame[column] if v is not None]
        if values and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            frame[column] = pd.to_numeric(frame[column])
        elif frame[column].dtype == object:  # dates, booleans, mixed values or no value at all: None -> NaN
            frame[column] = frame[column].astype(object).where(frame[column].notna(), np.nan)
    return frame


def term_from_json(cell: dict | None) -> Node | None:
    """An rdflib term from one binding of SPARQL 1.1 JSON results."""
    if cell is None:
        return None
    kind, value = cell["type"], cell["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    datatype = cell.get("datatype")
    return Literal(value, lang=cell.get("xml:lang"), datatype=URIRef(datatype) if datatype else None)


def rows_from_json(results: dict) -> tuple[list[str], list[list[Node | None]]]:
    """Variables and rows of rdflib terms from a SPARQL 1.1 JSON results document."""
    variables = list(results["head"].get("vars", []))
    rows = [[term_from_json(b.get(v)) for v in variables] for b in results["results"]["bindings"]]
    return variables, rows


def _json_cell(term: Node) -> dict:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    cell = {"type": "literal", "value": str(term)}
    if not isinstance(term, Literal):
        return cell
    if term.language:
        cell["xml:lang"] = term.language
    elif term.datatype:
        cell["datatype"] = str(term.datatype)
    return cell


def tsv_term(term: Node) -> str:
    """One cell of SPARQL 1.1 TSV results: the term in N-Triples syntax with tabs escaped too.

    Literals escape backslash, quote, newline, carriage return and tab (``\\n``, ``\\t``), so a
    label with a line break stays one cell.

    >>> print(tsv_term(Literal("a" + chr(9) + "b" + chr(10) + "c", lang="de")))
    "a\\tb\\nc"@de
    """
    # a tab can only occur inside a literal's text: IRIs and blank node labels never hold one
    return nt_term(term).replace("\t", "\\t")


def format_results(variables: Sequence[str], rows: Sequence[Sequence[Node | None]], format: str) -> str:
    """SELECT results as text: ``json`` (SPARQL 1.1 JSON), ``csv``/``tsv`` (SPARQL 1.1 CSV/TSV) or ``table``.

    >>> format_results(["x"], [[Literal('say "hi", ok')]], "csv").splitlines()
    ['x', '"say ""hi"", ok"']
    """
    import csv
    import io
    import json

    if format == "json":
        bindings = [{v: _json_cell(t) for v, t in zip(variables, row) if t is not None} for row in rows]
        return json.dumps(
            {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}, ensure_ascii=False, indent=1
        )
    if format == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([["" if t is None else str(t) for t in row] for row in rows])
        return buf.getvalue()
    if format == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join("" if t is None else tsv_term(t) for t in row) for row in rows]
        return "\n".join(lines) + "\n"
    if format == "table":
        frame = to_frame(variables, rows)
        return frame.to_string(index=False, max_colwidth=60) if len(frame) else "(no rows)"
    raise QueryError(f"unknown results format {format!r}; use one of: json, csv, tsv, table")
