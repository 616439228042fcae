"""Trim property-path alternatives to the predicates a graph holds, before the embedded store answers.

The named questions ask for owlgraph's terms and the standard terms they specialise
(``og:memberOf|org:memberOf|schema:memberOf|…``, six label properties), so that one
query answers on owlgraph's graphs and on a researcher's own ORG or schema.org data.
A graph rarely uses more than one of each group, and Oxigraph looks every
alternative up on every row: at 100,000 organisations the membership question spent
more than half its time on properties the graph does not have. Dropping the
alternatives the store holds no triple for gives the same answer, by construction: a
predicate without triples matches nothing, in a pattern and in ``NOT EXISTS`` alike.

Only a plain alternative of IRIs in a predicate position is trimmed (``a|b|c``
between whitespace); one inside a sequence, an inverse, a group or with a modifier
(``x/a|b``, ``^a|b``, ``(a|b)*``) is left as written. When none of the IRIs occurs,
the first stays, so the pattern still matches nothing.

Examples
--------
>>> held = {"https://e.org/b"}.__contains__
>>> trim_alternatives("SELECT ?o WHERE { ?s <https://e.org/a>|<https://e.org/b> ?o }", held)
'SELECT ?o WHERE { ?s <https://e.org/b> ?o }'
>>> trim_alternatives("PREFIX e: <https://e.org/> SELECT * WHERE { ?s e:x|e:y ?o . ?s ^e:a|e:b ?z }", held)
'PREFIX e: <https://e.org/> SELECT * WHERE { ?s e:x ?o . ?s ^e:a|e:b ?z }'
"""

import re
from collections.abc import Callable, Mapping

__all__ = ["trim_alternatives"]

_TOKEN = re.compile(
    "|".join(
        [
            r'(?P<string>"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\')',
            r'(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)',
            r"(?P<comment>\#[^\n]*)",
            r"(?P<prefix>PREFIX\s+(?P<declared>[A-Za-z][\w.-]*)?:\s*<(?P<namespace>[^<>\s]*)>)",
            r"(?P<var>[?$][\w\u00b7\u00c0-\uffff]+)",
            r"(?P<name>(?:[A-Za-z][\w-]*(?:\.[\w-]+)*)?:(?:[\w-]+(?:\.[\w-]+)*)?)",
            r"(?P<bar>\|\|?)",
            r"(?P<space>\s+)",
            r"(?P<other>.)",
        ]
    ),
    re.IGNORECASE,
)

# Before a trimmed alternative: not part of a sequence, inverse, negation or group; after it: no modifier or sequence.
_BEFORE_PATH = set("/^|(!")
_AFTER_PATH = set("/*+|)")
_MODIFIERS = set("?*+/|)")


def _iri(token: re.Match, prefixes: Mapping[str, str]) -> str | None:
    if token.lastgroup == "iri":
        return token.group()[1:-1]
    if token.lastgroup == "name":
        prefix, local = token.group().split(":", 1)
        namespace = prefixes.get(prefix)
        return None if namespace is None else namespace + local
    return None


def trim_alternatives(query: str, holds: Callable[[str], bool], prefixes: Mapping[str, str] | None = None) -> str:
    """``query`` with each plain alternative of IRIs reduced to those ``holds`` says the graph has.

    ``holds(iri)`` answers whether any triple has that predicate; ``prefixes`` adds
    to the query's own ``PREFIX`` declarations. An alternative whose prefixed names
    cannot all be resolved is left as written.
    """
    if "|" not in query:  # most queries (and every projection the builders trim themselves): nothing to read
        return query
    known = dict(prefixes or {})
    tokens = list(_TOKEN.finditer(query))
    for token in tokens:
        if token.lastgroup == "prefix":
            known[token.group("declared") or ""] = token.group("namespace")
    significant = [t for t in tokens if t.lastgroup not in ("space", "comment")]
    pieces, at, i = [], 0, 0
    while i < len(significant):
        j = i + 1  # significant[i:j] is the run: term | term | ...
        while (
            j + 1 < len(significant)
            and significant[j].group() == "|"
            and significant[j + 1].lastgroup in ("iri", "name")
        ):
            j += 2
        terms = significant[i:j:2]
        if len(terms) > 1 and terms[0].lastgroup in ("iri", "name"):
            end = significant[j - 1].end()
            iris = [_iri(t, known) for t in terms]
            plain = (
                query[terms[0].start() - 1 : terms[0].start()].isspace()
                and (i == 0 or significant[i - 1].group()[-1] not in _BEFORE_PATH)
                and query[end : end + 1] not in _MODIFIERS
                and query[end:].lstrip()[:1] not in _AFTER_PATH
                and None not in iris
            )
            if plain:
                kept = [t for t, iri in zip(terms, iris, strict=True) if iri is not None and holds(iri)] or terms[:1]
                if len(kept) < len(terms):
                    pieces += [query[at : terms[0].start()], "|".join(t.group() for t in kept)]
                    at = end
            i = j
        else:
            i += 1
    return "".join(pieces) + query[at:]
