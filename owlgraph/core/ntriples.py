"""The one N-Triples writer for terms: literals escaped onto one line, IRIs in ``<...>``.

rdflib's ``Node.n3()`` keeps a line break inside a literal as a (Turtle) long
string; N-Triples and N-Quads need it escaped. Every module that writes
N-Triples text by hand uses :func:`escape_string` or :func:`nt_term`.

Examples
--------
>>> from rdflib import Literal, URIRef
>>> print(nt_term(Literal('say "hi"' + chr(10) + "twice", lang="en")))
"say \\"hi\\"\\ntwice"@en
>>> nt_term(URIRef("https://e.org/a"))
'<https://e.org/a>'
"""

from rdflib import Literal
from rdflib.term import Node

__all__ = ["escape_string", "nt_literal", "nt_term"]

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def escape_string(text: str) -> str:
    """``text`` escaped for a double-quoted N-Triples string (without the quotes).

    Examples
    --------
    >>> escape_string('a\\\\b "c"')
    'a\\\\\\\\b \\\\"c\\\\"'
    """
    if '"' in text or "\\" in text or "\n" in text or "\r" in text:
        return text.translate(_ESCAPES)
    return text


def nt_literal(text: str, *, datatype: str | None = None, language: str | None = None) -> str:
    """An N-Triples literal from its lexical form and datatype IRI or language tag.

    Examples
    --------
    >>> nt_literal("2024-01-24", datatype="http://www.w3.org/2001/XMLSchema#date")
    '"2024-01-24"^^<http://www.w3.org/2001/XMLSchema#date>'
    """
    quoted = '"' + escape_string(text) + '"'
    if language:
        return f"{quoted}@{language}"
    if datatype and str(datatype) != _XSD_STRING:
        return f"{quoted}^^<{datatype}>"
    return quoted


def nt_term(term: Node) -> str:
    """A term in N-Triples syntax (literals escaped on one line, unlike ``Node.n3()``).

    Examples
    --------
    >>> chr(10) in nt_term(Literal("two" + chr(10) + "lines"))
    False
    """
    if isinstance(term, Literal):
        return nt_literal(str(term), datatype=term.datatype, language=term.language)
    return term.n3()
