"""HTML of the site: a page per resource, the index, class lists and the named questions.

Every page is static, offline and safe: all text from the data is escaped, links go only to
pages of the site or to ``http(s)`` addresses, and a Content-Security-Policy allows nothing
but the site's own stylesheet and scripts. Paths are relative, so a page works from disk and
from any server.

Examples
--------
>>> page = document("A <b>title</b>", "<p>body</p>", root="")
>>> "A &lt;b&gt;title&lt;/b&gt;" in page and 'href="assets/site.css"' in page
True
"""

from __future__ import annotations

import html
import json
import re

from owlgraph.core.namespaces import OG, RDF, RDFS, XSD
from owlgraph.publishing.collect import Evidence, Resource, SiteGraph, local_name

__all__ = ["CSP", "document", "resource_page", "class_page", "index_page", "questions_page", "schema_org", "href"]

#: nothing from outside the site; frames only for the site's own ego views
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-src 'self'; "
    "base-uri 'none'; form-action 'none'"
)
_OG, _TYPE, _LABEL = str(OG), str(RDF.type), str(RDFS.label)
_URL_RE = re.compile(r"^https?://[^\s/?#<>\"]+[^\s<>\"]*$", re.IGNORECASE)
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}
#: schema.org type for each owlgraph kind of resource
SCHEMA_TYPES = {
    "Initiative": "Organization",
    "Organisation": "Organization",
    "Company": "Corporation",
    "PublicBody": "GovernmentOrganization",
    "Parliament": "GovernmentOrganization",
    "ResearchInstitute": "ResearchOrganization",
    "Group": "Organization",
    "Person": "Person",
    "Event": "Event",
    "JointActivity": "Event",
    "Place": "Place",
    "Region": "Place",
    "City": "City",
    "PressArticle": "NewsArticle",
    "Source": "CreativeWork",
    "ReferenceList": "Dataset",
    "Study": "CreativeWork",
    "Quotation": "Quotation",
    "Sector": "DefinedTerm",
    "Topic": "DefinedTerm",
    "FundingProgramme": "GovernmentService",
}
#: rows of a named question's answer shown on the questions page
MAX_ANSWER_ROWS = 1_000
#: properties whose objects are external identifiers, shown under "External links"
EXTERNAL = {"website": "Website", "wikidata": "Wikidata", "nutsRegion": "NUTS", "naceClass": "NACE"}


def e(text) -> str:
    return html.escape(str(text), quote=True)


def href(from_path: str, to_path: str) -> str:
    """A relative link between two site paths (``id/a/b`` style, suffixes included).

    >>> href("id/initiative/x.html", "id/organisation/y.html"), href("index.html", "id/a/b.html")
    ('../../id/organisation/y.html', 'id/a/b.html')
    """
    up = from_path.count("/")
    return "../" * up + to_path


def json_script(obj) -> str:
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return re.sub("[<>&]", lambda m: _JSON_ESCAPES[m.group()], text)


def document(title: str, body: str, *, root: str, head: str = "", scripts: tuple[str, ...] = ()) -> str:
    """A page of the site: ``root`` is the relative path to the site's top (``""`` or ``"../../"``)."""
    tags = "".join(f'<script src="{e(root + s)}"></script>' for s in scripts)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(title)}</title>"
        f'<link rel="stylesheet" href="{e(root)}assets/site.css">{head}</head>\n<body>'
        f'<header class="top"><a href="{e(root)}index.html">owlgraph</a>'
        f' · <a href="{e(root)}index.html#search">search</a>'
        f' · <a href="{e(root)}questions.html">questions</a>'
        f' · <a href="{e(root)}dataset.html">dataset</a></header>\n'
        f"<main>{body}</main>{tags}</body></html>\n"
    )


# ---------------------------------------------------------------- resource pages


class Linker:
    """Displays terms: resources with pages as links, other resources as labels, URLs as links."""

    def __init__(self, site: SiteGraph, paged: set[str]):
        self.site, self.paged = site, paged

    def term(self, term, here: str) -> str:
        value = term.value
        r = self.site.resources.get(value)
        if r is not None:
            if value in self.paged:
                return f'<a href="{e(href(here, r.path + ".html"))}">{e(r.label)}</a>'
            return f'<span title="{e(value)}">{e(r.label)}</span>'
        if type(term).__name__ == "NamedNode":
            if value.startswith(_OG):
                return f'<a href="{e(href(here, "ontology/index.html#" + value[len(_OG) :]))}">og:{e(value[len(_OG) :])}</a>'
            if _URL_RE.match(value):
                return f'<a href="{e(value)}" rel="noopener">{e(value)}</a>'
            return f"<code>{e(value)}</code>"
        if type(term).__name__ == "Literal":
            extra = ""
            if term.language:
                extra = f' <small lang="en">@{e(term.language)}</small>'
            elif term.datatype is not None and term.datatype.value not in (str(XSD.string),):
                extra = f" <small>{e(local_name(term.datatype.value))}</small>"
            lang = f' lang="{e(term.language)}"' if term.language else ""
            return f"<span{lang}>{e(value)}</span>{extra}"
        return e(value)

    def evidence(self, items: list[Evidence], here: str) -> str:
        if not items:
            return '<span class="none">no evidence recorded in the graph</span>'
        out = []
        for ev in items:
            source = ""
            if ev.source:
                base, _, fragment = ev.source.partition("#")
                src = self.site.resources.get(base)
                if src is not None and base in self.paged:
                    target = href(here, src.path + ".html") + (f"#{fragment}" if fragment else "")
                    source = f' <a class="src" href="{e(target)}">{e(src.label)}{" · " + e(fragment) if fragment else ""}</a>'
                else:
                    source = f' <span class="src">{e(ev.source)}</span>'
            inferred = (
                f'<div class="inferred"><strong>inferred</strong>: {e(ev.reason or "no reason given")}</div>'
                if ev.inferred
                else ""
            )
            quote = f'<q lang="de">{e(ev.quote)}</q>' if ev.quote else ""
            out.append(f'<div class="ev">{quote}{source}{inferred}</div>')
        return "".join(out)


def _shown(p: str, o, r: Resource) -> bool:
    if p == _TYPE:
        return o.value == _OG + r.type
    return p == _LABEL or p.startswith(_OG)


def resource_page(r: Resource, site: SiteGraph, linker: Linker, *, ego: str | None) -> str:
    """The page of one resource: label and type, its facts and the facts pointing to it with evidence,
    external links, its ego network (``ego``: the view's file name beside the page), its data files."""
    here = r.path + ".html"
    stem = r.path.rsplit("/", 1)[-1]
    rows, external = [], []
    for p, o in sorted(
        site.outgoing.get(f"<{r.iri}>", ()), key=lambda po: (po[0].value != _TYPE, po[0].value, str(po[1]))
    ):
        if not _shown(p.value, o, r):
            continue
        name = "type" if p.value == _TYPE else local_name(p.value)
        ev = site.evidence.get((r.iri, p.value, str(o)), [])
        rows.append(
            f'<tr><th scope="row">{e(name)}</th><td>{linker.term(o, here)}</td><td>{linker.evidence(ev, here)}</td></tr>'
        )
        if name in EXTERNAL and _URL_RE.match(o.value):
            external.append(f'<li>{e(EXTERNAL[name])}: <a href="{e(o.value)}" rel="noopener">{e(o.value)}</a></li>')
    incoming = []
    for s, p in sorted(site.incoming.get(r.iri, ()), key=lambda sp: (sp[1].value, sp[0])):
        if not p.value.startswith(_OG):
            continue
        ev = site.evidence.get((s, p.value, f"<{r.iri}>"), [])
        incoming.append(
            f'<tr><td>{linker.term(_Named(s), here)}</td><th scope="row">{e(local_name(p.value))}</th>'
            f"<td>{linker.evidence(ev, here)}</td></tr>"
        )
    rows_ev = site.row_evidence.get(r.iri, [])
    parts = [
        f'<h1>{e(r.label)}</h1><p class="meta"><span class="type">{e(r.type)}</span> · <code>{e(r.iri)}</code></p>',
        '<section><h2>Facts</h2><table class="facts"><thead><tr><th>property</th><th>value</th>'
        f"<th>evidence</th></tr></thead><tbody>{''.join(rows)}</tbody></table></section>",
    ]
    if rows_ev:
        parts.append(
            "<section><h2>Imported from</h2><p>Each of these rows is the evidence for the facts above.</p>"
            f"{linker.evidence(rows_ev, here)}</section>"
        )
    if incoming:
        parts.append(
            '<section><h2>Pointing here</h2><table class="facts"><thead><tr><th>from</th><th>property</th>'
            f"<th>evidence</th></tr></thead><tbody>{''.join(incoming)}</tbody></table></section>"
        )
    if external:
        parts.append(f"<section><h2>External links</h2><ul>{''.join(external)}</ul></section>")
    if ego:
        parts.append(
            f"<section><h2>Network</h2><p>{e(r.label)} and everything one step away "
            f'(<a href="{e(ego)}">open full screen</a>).</p>'
            f'<iframe class="ego" src="{e(ego)}" title="Network around {e(r.label)}" loading="lazy"></iframe></section>'
        )
    parts.append(
        f'<section><h2>As data</h2><ul><li><a href="{e(stem)}.ttl" type="text/turtle">Turtle</a></li>'
        f'<li><a href="{e(stem)}.jsonld" type="application/ld+json">JSON-LD</a></li></ul></section>'
    )
    head = (
        f'<link rel="canonical" href="{e(r.iri)}">'
        f'<link rel="alternate" type="text/turtle" href="{e(stem)}.ttl">'
        f'<link rel="alternate" type="application/ld+json" href="{e(stem)}.jsonld">'
        f'<script type="application/ld+json">{json_script(schema_org(r, site))}</script>'
    )
    return document(f"{r.label} ({r.type}) — owlgraph", "".join(parts), root=href(here, ""), head=head)


class _Named:
    """A stand-in for an IRI term (``value`` and the NamedNode behaviour :class:`Linker` needs)."""

    __slots__ = ("value",)

    def __init__(self, value: str):
        self.value = value


_Named.__name__ = "NamedNode"


def schema_org(r: Resource, site: SiteGraph) -> dict:
    """schema.org JSON-LD for the page's head: type, name, identifiers and links that the graph states."""
    doc: dict[str, str | list[str]] = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(r.type, "Thing"),
        "@id": r.iri,
        "name": r.label,
    }
    same, urls = [], []
    for p, o in site.outgoing.get(f"<{r.iri}>", ()):
        name = local_name(p.value) if p.value.startswith(_OG) else ""
        if name == "website":
            urls.append(o.value)
        elif name in ("wikidata", "nutsRegion", "naceClass"):
            same.append(o.value)
        elif name == "date" and doc["@type"] == "Event":
            doc["startDate"] = o.value
    if urls:
        doc["url"] = sorted(urls)[0]
    if same:
        doc["sameAs"] = sorted(same)
    doc["additionalType"] = _OG + r.type
    return doc


# ---------------------------------------------------------------- lists, index, questions


def class_page(type_name: str, members: list[Resource], paged: set[str]) -> str:
    here = f"classes/{type_name}.html"
    items = "".join(
        f'<li><a href="{e(href(here, r.path + ".html"))}">{e(r.label)}</a></li>'
        if r.iri in paged
        else f"<li>{e(r.label)}</li>"
        for r in members
    )
    body = (
        f"<h1>{e(type_name)} ({len(members):,})</h1>"
        f'<p>Class <a href="../ontology/index.html#{e(type_name)}">og:{e(type_name)}</a>.</p><ul class="list">{items}</ul>'
    )
    return document(f"{type_name} — owlgraph", body, root="../")


def index_page(
    *,
    title: str,
    description: str,
    counts: dict[str, int],
    views: list[tuple[str, str, str]],
    downloads: list[tuple[str, str]],
    questions: int,
    version: str,
    licence: str,
    endpoint: str | None,
    unpaged: int,
) -> str:
    classes = "".join(
        f'<tr><td><a href="classes/{e(t)}.html">{e(t)}</a></td><td class="n">{n:,}</td></tr>' for t, n in counts.items()
    )
    view_items = "".join(f'<li><a href="{e(path)}">{e(label)}</a> — {e(about)}</li>' for label, path, about in views)
    download_items = "".join(f'<li><a href="{e(path)}">{e(label)}</a></li>' for label, path in downloads)
    note = (
        f"<p>{unpaged:,} further resources have no page of their own (page limit); they are in the downloads.</p>"
        if unpaged
        else ""
    )
    endpoint_line = f"<p>SPARQL endpoint: <code>{e(endpoint)}</code></p>" if endpoint else ""
    body = f"""<h1>{e(title)}</h1><p>{e(description)}</p>
<p>Version <code>{e(version)}</code> · data licence <a href="{e(licence)}">{e(licence)}</a> ·
<a href="dataset.html">dataset description (VoID, DCAT)</a></p>{endpoint_line}
<section id="search" role="search"><h2>Search</h2>
<label for="q">Find a resource by part of its name</label>
<input id="q" type="search" autocomplete="off" spellcheck="false" placeholder="e.g. maschinen">
<p id="hits-count" aria-live="polite"></p><ul id="hits"></ul></section>
<section><h2>Classes</h2><table class="counts"><thead><tr><th>class</th><th>resources</th></tr></thead>
<tbody>{classes}</tbody></table>{note}</section>
<section><h2>Networks</h2><ul>{view_items}</ul></section>
<section><h2>Ontology</h2><p><a href="ontology/index.html">The ontology's documentation</a>
(<a href="data/ontology.ttl">Turtle</a>).</p></section>
<section><h2>Questions</h2><p><a href="questions.html">{questions} named questions with their current answers</a>.</p></section>
<section><h2>Downloads</h2><ul>{download_items}</ul></section>"""
    return document(title, body, root="", scripts=("search-index.js", "assets/search.js"))


def questions_page(answers: list[tuple], linker: Linker) -> str:
    """``answers``: (name, question, sparql, variables, rows of pyoxigraph-like terms or an error text)."""
    here = "questions.html"
    parts = ["<h1>Named questions</h1><p>Each competency question with its answer on this graph.</p>"]
    toc = "".join(f'<li><a href="#{e(name)}">{e(question or name)}</a></li>' for name, question, *_ in answers)
    parts.append(f"<ol>{toc}</ol>")
    for name, question, text, variables, rows in answers:
        if isinstance(rows, str):
            table = f'<p class="none">{e(rows)}</p>'
        elif not rows:
            table = '<p class="none">no answer on this graph</p>'
        else:
            head = "".join(f"<th>{e(v)}</th>" for v in variables)
            body = "".join(
                "<tr>" + "".join(f"<td>{'' if t is None else linker.term(t, here)}</td>" for t in row) + "</tr>"
                for row in rows[:MAX_ANSWER_ROWS]
            )
            more = (
                f'<p class="none">the first {MAX_ANSWER_ROWS:,} of {len(rows):,} rows; run '
                f"<code>owlgraph query {e(name)}</code> for all</p>"
                if len(rows) > MAX_ANSWER_ROWS
                else ""
            )
            table = f'<table class="facts"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}'
        parts.append(
            f'<section id="{e(name)}"><h2>{e(question or name)}</h2><p><code>{e(name)}</code> · {len(rows) if not isinstance(rows, str) else 0} rows</p>'
            f"{table}<details><summary>SPARQL</summary><pre>{e(text)}</pre></details></section>"
        )
    return document("Named questions — owlgraph", "".join(parts), root="")
