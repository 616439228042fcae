"""The review page: the source with every evidence span highlighted and linked to its draft entry.

Same safety rules as the views: one self-contained file, nothing fetched (a
Content-Security-Policy forbids every request), no script at all, every string from the
source or the draft escaped as text. Entities linked to the existing graph are marked.

Examples
--------
>>> from owlgraph.extraction.draft import Draft
>>> d = Draft("s", "T", "de", "T\\n<b>Muster GmbH</b>", Path("s.txt"))
>>> _ = d.entity("Company", "Muster GmbH", (5, 16), rule="org:legal-form")
>>> page = render_review(d)
>>> "<b>" in page, "&lt;b&gt;" in page, 'href="#entry-1"' in page
(False, True, True)
"""

from __future__ import annotations

import html
import itertools
from pathlib import Path

from owlgraph.core.files import write_atomic
from owlgraph.extraction.draft import Draft

__all__ = ["render_review", "write_review"]

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'none'; base-uri 'none'"

STYLE = """
body{font:15px/1.55 system-ui,sans-serif;max-width:70rem;margin:1rem auto;padding:0 1rem;color:#222}
pre{white-space:pre-wrap;font:inherit;background:#fafafa;border:1px solid #ddd;padding:1rem}
a.span{background:#fff3b0;color:inherit;text-decoration:none;border-bottom:2px solid #e0b000}
a.span.linked{background:#c8f0d0;border-color:#2a8a3a}
a.span.fact{background:#dde8ff;border-color:#3a60c0}
a.span:target,tr:target{outline:2px solid #c00}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.25rem .4rem;vertical-align:top;text-align:left}
.badge{font-size:.8em;padding:0 .3em;border-radius:.3em;background:#2a8a3a;color:#fff}
.inf{color:#8a4a00}.rule{color:#666;font-size:.85em}
"""


def _entries(draft: Draft):
    """(anchor, kind, row cells, spans) for every entity and fact, in the order of the draft file."""
    n = 0
    for e in draft.entities.values():
        n += 1
        cells = [e.id, e.type, e.label, ""]
        yield f"entry-{n}", ("linked" if e.linked else "entity"), cells, e, e.spans
    for f in draft.facts:
        n += 1
        yield f"entry-{n}", "fact", [f.subject, f.prop, str(f.value), ""], f, f.spans


def render_review(draft: Draft) -> str:
    """The review page as a string."""
    entries = list(_entries(draft))
    marks = []  # (start, end, anchor, kind)
    for anchor, kind, _, _, spans in entries:
        marks += [(s, e, anchor, kind) for s, e in spans]
    cuts = sorted({0, len(draft.text), *[m[0] for m in marks], *[m[1] for m in marks]})
    marks.sort()
    first_span: dict[str, str] = {}
    parts, active, nxt = [], [], 0
    for a, b in itertools.pairwise(cuts):  # a sweep over the cut points: the marks covering [a, b) are "active"
        while nxt < len(marks) and marks[nxt][0] <= a:
            active.append(marks[nxt])
            nxt += 1
        active = [m for m in active if m[1] >= b]
        chunk = html.escape(draft.text[a:b])
        if not active:
            parts.append(chunk)
            continue
        _s, _e, anchor, kind = min(active, key=lambda m: (m[1] - m[0], m[3] != "linked"))
        span_id = f"span-{a}"
        for m in active:
            first_span.setdefault(m[2], span_id)
        title = html.escape("; ".join(sorted({m[2] for m in active})), quote=True)
        parts.append(f'<a class="span {kind}" id="{span_id}" href="#{anchor}" title="{title}">{chunk}</a>')
    rows = []
    for anchor, kind, cells, item, _ in entries:
        badge = ' <span class="badge">in graph</span>' if kind == "linked" else ""
        inferred = f'<div class="inf">inferred: {html.escape(item.inferred)}</div>' if item.inferred else ""
        back = f'<a href="#{first_span[anchor]}">show</a>' if anchor in first_span else ""
        rows.append(
            f'<tr id="{anchor}"><td>{html.escape(cells[0])}{badge}</td><td>{html.escape(cells[1])}</td>'
            f"<td>{html.escape(cells[2])}{inferred}</td><td class=rule>{html.escape(item.rule)}</td><td>{back}</td></tr>"
        )
    linked = sum(e.linked for e in draft.entities.values())
    return (
        '<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        f"<title>Review: {html.escape(draft.title)}</title><style>{STYLE}</style></head><body>"
        f"<h1>Review draft: {html.escape(draft.title)}</h1>"
        f"<p>{len(draft.entities)} entities ({linked} linked to the graph, marked green), {len(draft.facts)} facts; "
        "every entry is <code>status: draft</code> until a curator sets it to <code>reviewed</code>. "
        "Yellow: evidence of a new entity; green: an entity already in the graph; blue: evidence of a fact.</p>"
        f"<h2>Source</h2><pre>{''.join(parts)}</pre>"
        "<h2>Draft entries</h2><table><tr><th>id / subject</th><th>type / property</th><th>label / value</th>"
        f"<th>rule</th><th></th></tr>{''.join(rows)}</table></body></html>\n"
    ).replace("{lang}", html.escape(draft.language))


def write_review(draft: Draft, path: str | Path) -> Path:
    """Write the review page atomically; return its path."""
    path = Path(path)
    write_atomic(path, render_review(draft))
    return path
