"""Publish the graph as a static Linked Data site: a page per resource, data files, index, search, dataset.

The site works from any web server and opened from disk: every link is relative, nothing
is requested from outside it, and one copy of vis-network serves all its network views.

Layout of the folder :func:`publish` writes::

    index.html              classes and counts, networks, ontology, questions, search, downloads
    id/<kind>/<id>.html     a resource's page (facts with evidence, links, its ego network)
    id/<kind>/<id>.ttl      … the same resource as Turtle, and .jsonld as JSON-LD
    id/<kind>/<id>.ego.html … its radius-1 network view
    classes/<Class>.html    every resource of a class
    questions.html          the named questions with their current answers
    dataset.ttl/.jsonld/.html  VoID and DCAT description;  data/owlgraph.*  the downloads
    networks/*.html         the cooperation and full network views;  ontology/index.html
    search-index.js, assets/, sitemap.xml, robots.txt, .htaccess

Examples
--------
>>> import tempfile, pathlib
>>> site = publish(out=pathlib.Path(tempfile.mkdtemp()) / "site", created="2026-01-01T00:00:00Z")
>>> (site / "id" / "initiative" / "zig-owl.html").is_file(), (site / "dataset.ttl").is_file()
(True, True)
"""

from __future__ import annotations

import os
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from owlgraph.core.errors import ExportError, OwlgraphError
from owlgraph.core.files import atomic_folder, write_atomic
from owlgraph.core.namespaces import ID, PREFIXES
from owlgraph.publishing import pages
from owlgraph.publishing.collect import SiteGraph, read_site_graph
from owlgraph.publishing.dataset import LICENCE, describe_dataset, validate_description, write_downloads
from owlgraph.publishing.redirects import htaccess

__all__ = ["publish", "DEFAULT_MAX_PAGES", "W3ID_BASE"]

#: Resources above which :func:`publish` refuses unless ``max_pages`` is given (the figures are in
#: benchmarks/README.md, bench_publish.py).
DEFAULT_MAX_PAGES = 20_000
W3ID_BASE = "https://w3id.org/owlgraph/"
STATIC = Path(__file__).parent / "static"
VIEWS_STATIC = Path(__file__).resolve().parent.parent / "views" / "static"
_MARKERS = ("index.html", "dataset.ttl")
#: nodes of an embedded ego view at most (hubs show their best-connected neighbours)
EGO_MAX_NODES = 500


def publish(
    source=None,
    out: str | os.PathLike = "site",
    *,
    max_pages: int | None = None,
    site_url: str | None = None,
    endpoint: str | None = None,
    created: str | None = None,
    ego_views: bool = True,
    log=lambda message: None,
) -> Path:
    """Write the static Linked Data site of ``source`` into the folder ``out``; return its path.

    Parameters
    ----------
    source : rdflib.Dataset, optional
        An embedded store (:func:`owlgraph.load_graph`, :func:`owlgraph.open_store`); default the built-in graph.
    out : path
        The site folder. It is replaced only when the whole site has been written; an existing
        folder that is not a site owlgraph wrote is refused (nothing is deleted).
    max_pages : int, optional
        Write pages for at most this many resources (the most connected ones); the others
        stay in the downloads, the search and the class lists without a page. Without it, a
        graph of more than :data:`DEFAULT_MAX_PAGES` resources is refused.
    site_url : str, optional
        Where the site will be hosted (``https://example.org/owlgraph/``): the ``.htaccess``
        becomes w3id.org's redirect rules to it, and the sitemap and downloads use it.
        Without it they use the w3id.org addresses, and the ``.htaccess`` serves an Apache
        host of the site itself.
    endpoint : str, optional
        A public SPARQL endpoint serving the same graph, named in the dataset description.
    created : str, optional
        The creation time (``xsd:dateTime``); default ``SOURCE_DATE_EPOCH`` or now (UTC).
    ego_views : bool
        Embed each resource's radius-1 network view in its page.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    OwlgraphError
        For a source that is not an embedded store or holds no resource, or a graph larger than the page limit.
    ExportError
        If ``out`` cannot be written or is a folder owlgraph did not write.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> site = publish(out=pathlib.Path(tempfile.mkdtemp()) / "s", created="2026-01-01T00:00:00Z", ego_views=False)
    >>> sorted(p.name for p in (site / "data").iterdir())[:2]
    ['ontology.ttl', 'owlgraph.jsonld']
    """
    started = time.perf_counter()
    out = Path(out)
    _check_target(out)
    if site_url is not None and not site_url.startswith(("https://", "http://")):
        raise OwlgraphError(f"--site-url {site_url!r}: give the http(s) address where the site will be hosted")
    if source is None:
        from owlgraph.store.loading import load_graph

        source = load_graph()
    if max_pages is None:  # refuse before reading a large graph into memory
        _paged_count_check(_count_resources(source))
    clock = _Clock(log)
    source = _in_memory(source)
    clock("copied the graph into memory")
    site = read_site_graph(source)
    clock(f"read {site.quads:,} quads: {len(site.resources):,} resources")
    paged = _paged(site, max_pages)
    created = created or _now()
    version = _version(site)
    base = site_url if site_url is None or site_url.endswith("/") else site_url + "/"
    base = base or W3ID_BASE
    with atomic_folder(out) as staging:
        _assets(staging)
        graph_triples, downloads = write_downloads(source, staging / "data", version=version, created=created)
        _ontology_download(source, staging / "data" / "ontology.ttl")
        clock(f"wrote {len(downloads)} downloads")
        linker = pages.Linker(site, paged)
        full = _full_network(source)
        clock(f"full network: {full.number_of_nodes():,} nodes")
        _resource_files(site, paged, linker, staging, full if ego_views else None, log=log)
        clock(f"wrote {len(paged):,} resource pages")
        views = _network_views(source, staging, version, full)
        clock("wrote the network views")
        examples = sorted(paged, key=lambda iri: (-_degree(site, iri), iri))[:5]
        description = describe_dataset(
            graph_triples=graph_triples,
            downloads=downloads,
            version=version,
            created=created,
            base=base,
            endpoint=endpoint,
            examples=examples,
            total_triples=_distinct_count(downloads, staging),
        )
        problems = validate_description(description)
        if problems:  # our own description: a failure here is a bug, reported in one line each
            raise OwlgraphError("the dataset description violates its shapes: " + "; ".join(problems))
        write_atomic(staging / "dataset.ttl", description.serialize(format="turtle"))
        write_atomic(staging / "dataset.jsonld", description.serialize(format="json-ld", indent=1))
        write_atomic(staging / "dataset.html", _dataset_page(graph_triples, downloads, version, created, endpoint))
        questions = _questions(source, linker)
        write_atomic(staging / "questions.html", questions[0])
        clock(f"answered {questions[1]} named questions")
        _class_pages(site, paged, staging)
        write_atomic(
            staging / "index.html",
            pages.index_page(
                title="owlgraph — the OstWestfalenLippe industry network initiatives",
                description="Every resource of the graph with its facts and the source's words for each.",
                counts=site.class_counts,
                views=views,
                downloads=[(f"{name} ({size / 1e6:.1f} MB)", path) for path, name, size in downloads]
                + [
                    ("Ontology (Turtle)", "data/ontology.ttl"),
                    ("Dataset description (VoID, DCAT; Turtle)", "dataset.ttl"),
                ],
                questions=questions[1],
                version=version,
                licence=str(LICENCE),
                endpoint=endpoint,
                unpaged=len(site.resources) - len(paged),
            ),
        )
        _search_index(site, paged, staging)
        _sitemap(site, paged, staging, site_url)
        write_atomic(staging / ".htaccess", htaccess(site_url))
        from owlgraph.curation.docs import write_ontology_docs

        write_ontology_docs(staging / "ontology" / "index.html")
        clock("wrote lists, index, search, sitemap")
    log(f"wrote the site of {len(paged):,} resource pages to {out}/ in {time.perf_counter() - started:.1f} s")
    return out


# ---------------------------------------------------------------- checks and choices


class _Clock:
    """Logs each step with its seconds."""

    def __init__(self, log):
        self.log, self.last = log, time.perf_counter()

    def __call__(self, message: str) -> None:
        now = time.perf_counter()
        self.log(f"{message} ({now - self.last:.1f} s)")
        self.last = now


def _check_target(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out}: is a file; choose a folder for the site")
    if out.is_dir() and any(out.iterdir()) and not all((out / m).is_file() for m in _MARKERS):
        raise ExportError(
            f"{out}: folder exists and is not a site owlgraph published; choose a new or empty folder (nothing was changed)"
        )


def _in_memory(source):
    """An in-memory copy of an embedded store: a store on disk decodes each quad from RocksDB on every pass
    (15 times the CPU of memory, measured), and publishing makes about ten passes."""
    import pyoxigraph as ox

    from owlgraph.store.embedded import as_dataset

    inner = getattr(getattr(source, "store", None), "_inner", None)
    if inner is None:
        return source  # read_site_graph says what is wrong with it
    copy = ox.Store()
    copy.bulk_load(inner.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    return as_dataset(copy)


def _degree(site: SiteGraph, iri: str) -> int:
    return len(site.outgoing.get(f"<{iri}>", ())) + len(site.incoming.get(iri, ()))


_COUNT_QUERY = """SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?s a ?t .
  FILTER(STRSTARTS(STR(?t), "https://w3id.org/owlgraph/ontology#") && ?t NOT IN (og:Evidence, og:Quote))
  FILTER(STRSTARTS(STR(?s), "https://w3id.org/owlgraph/id/"))
}"""


def _count_resources(source) -> int:
    from owlgraph.core.namespaces import sparql_prefixes

    inner = getattr(getattr(source, "store", None), "_inner", None)
    if inner is None:
        return 0  # read_site_graph says what is wrong with the source
    solution = next(iter(inner.query(sparql_prefixes() + _COUNT_QUERY, use_default_graph_as_union=True)))
    return int(solution["n"].value)


def _paged_count_check(n: int) -> None:
    if n > DEFAULT_MAX_PAGES:
        raise OwlgraphError(
            f"the graph has {n:,} resources, more than the {DEFAULT_MAX_PAGES:,} pages publish writes by default; "
            f"pass --max-pages N (e.g. --max-pages {DEFAULT_MAX_PAGES}) to write pages for the N most connected "
            "resources (the others stay in the downloads and the search), or publish a selection of the graph"
        )


def _paged(site: SiteGraph, max_pages: int | None) -> set[str]:
    n = len(site.resources)
    if max_pages is None:
        _paged_count_check(n)
        return set(site.resources)
    if max_pages < 1:
        raise OwlgraphError(f"max_pages {max_pages}: give a whole number of at least 1")
    if max_pages >= n:
        return set(site.resources)
    ranked = sorted(site.resources, key=lambda iri: (-_degree(site, iri), iri))
    return set(ranked[:max_pages])


def _now() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _version(site: SiteGraph) -> str:
    """The package version and a digest of the graph's content (independent of quad order)."""
    from owlgraph import __version__

    return f"{__version__}+{site.digest}"


def _distinct_count(downloads, staging: Path) -> int | None:
    nt = next((path for path, name, _ in downloads if name == "N-Triples"), None)
    if nt is None:
        return None
    with open(staging / nt, "rb") as handle:
        return sum(1 for line in handle if line.strip())


# ---------------------------------------------------------------- files


def _assets(staging: Path) -> None:
    assets = staging / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    for name in ("site.css", "search.js"):
        shutil.copyfile(STATIC / name, assets / name)
    for name in ("vis-network.min.js", "vis-network.LICENSE-MIT", "vis-network.LICENSE-APACHE-2.0"):
        shutil.copyfile(VIEWS_STATIC / name, assets / name)
    write_atomic(staging / "robots.txt", "User-agent: *\nAllow: /\n")


def _ontology_download(source, path: Path) -> None:
    import pyoxigraph as ox

    from owlgraph.curation.build import ONTOLOGY_GRAPH

    inner = source.store._inner
    graph = ox.NamedNode(str(ONTOLOGY_GRAPH))
    triples = [q.triple for q in inner.quads_for_pattern(None, None, None, graph)]
    if not triples:
        from owlgraph.curation.ontology import read_ontology

        text = read_ontology().serialize(format="turtle")
        write_atomic(path, text)
        return
    ox.serialize(triples, str(path), ox.RdfFormat.TURTLE, prefixes={p: str(ns) for p, ns in PREFIXES.items()})


def _full_network(source):
    from owlgraph.network.builders import full_network

    return full_network(source)


def _resource_files(site: SiteGraph, paged: set[str], linker, staging: Path, G, *, log) -> None:
    import pyoxigraph as ox

    # no id:/graph: prefixes: their local names would need escaped slashes
    prefixes = {p: str(ns) for p, ns in PREFIXES.items() if p not in ("id", "graph")}
    vis_src = "../../assets/vis-network.min.js"
    folders: set[Path] = set()
    for i, iri in enumerate(sorted(paged), 1):
        r = site.resources[iri]
        target = staging / r.path
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        stem = target.name
        ego = None
        if G is not None and iri in G:
            ego = f"{stem}.ego.html"
            _write_ego(G, iri, r, target.parent / ego, vis_src)
        (target.parent / f"{stem}.html").write_text(pages.resource_page(r, site, linker, ego=ego), encoding="utf-8")
        triples = _description(site, iri)
        ox.serialize(triples, str(target.parent / f"{stem}.ttl"), ox.RdfFormat.TURTLE, prefixes=prefixes)
        ox.serialize(triples, str(target.parent / f"{stem}.jsonld"), ox.RdfFormat.JSON_LD)
        if i % 5000 == 0:
            log(f"… {i:,} of {len(paged):,} resource pages")


def _write_ego(G, iri: str, r, path: Path, vis_src: str) -> None:
    from owlgraph.network.subnetwork import select_subnetwork
    from owlgraph.views.page import render_html

    sub = select_subnetwork(G, ego=iri, radius=1)
    title = f"{r.label} and its neighbours"
    if sub.number_of_nodes() > EGO_MAX_NODES:  # a hub: keep the view readable, and say so
        sub = select_subnetwork(G, ego=iri, radius=1, top=EGO_MAX_NODES)
        title = f"{r.label} and its {EGO_MAX_NODES - 1} best-connected neighbours"
    page = render_html(sub, title=title, view_name=f"owlgraph view --kind full --ego {iri}", vis_src=vis_src)
    path.write_text(page, encoding="utf-8")


def _description(site: SiteGraph, iri: str) -> list:
    """The resource's triples, the triples pointing to it, and the evidence for its statements."""
    import pyoxigraph as ox

    node = ox.NamedNode(iri)
    triples = [ox.Triple(node, p, o) for p, o in site.outgoing.get(f"<{iri}>", ())]
    triples += [ox.Triple(ox.NamedNode(s), p, node) for s, p in site.incoming.get(iri, ())]
    seen = {str(t) for t in triples}
    stack = list(site.evidence_nodes.get(iri, ()))
    while stack:  # the evidence sub-trees: evidence → quote → selector (rows stand alone)
        key = stack.pop()
        for p, o in site.outgoing.get(key, ()):
            t = ox.Triple(ox.NamedNode(key[1:-1]), p, o)
            if str(t) in seen:
                continue
            seen.add(str(t))
            triples.append(t)
            if isinstance(o, ox.NamedNode) and o.value.startswith(str(ID)) and o.value not in site.resources:
                stack.append(str(o))
    return triples


def _network_views(source, staging: Path, version: str, full) -> list[tuple[str, str, str]]:
    from owlgraph.network.builders import to_networkx
    from owlgraph.network.subnetwork import select_subnetwork
    from owlgraph.views.page import MAX_NODES, write_html

    found = []
    for kind, about in (
        ("cooperation", "initiatives and organisations linked when they cooperate, with evidence"),
        ("full", "every resource and every relation"),
    ):
        G = full if kind == "full" else to_networkx(source, kind)
        note = ""
        if G.number_of_nodes() > 2_000:
            G = select_subnetwork(G, top=2_000)
            note = " (the 2,000 best-connected nodes)"
        if G.number_of_nodes() == 0 or G.number_of_nodes() > MAX_NODES:
            continue
        write_html(
            G,
            staging / "networks" / f"{kind}.html",
            title=f"{kind.capitalize()} network{note}",
            view_name=f"owlgraph view --kind {kind}",
            data_version=version,
            vis_src="../assets/vis-network.min.js",
        )
        found.append((f"{kind.capitalize()} network", f"networks/{kind}.html", about + note))
    return found


def _questions(source, linker) -> tuple[str, int]:
    from owlgraph.core.namespaces import sparql_prefixes
    from owlgraph.sparql.queries import named_queries

    inner = source.store._inner
    answers = []
    rows: list[list] | str  # the answer's rows, or why the query failed
    for name, q in named_queries().items():  # the current answer of each competency question
        try:
            result = inner.query(sparql_prefixes() + q.text, use_default_graph_as_union=True)
            variables = [v.value for v in result.variables]
            rows = [[solution[v] for v in result.variables] for solution in result]
        except (SyntaxError, OSError, ValueError) as exc:
            variables, rows = [], f"the query failed on this graph: {' '.join(str(exc).split())[:200]}"
        answers.append((name, q.question, q.text, variables, rows))
    return pages.questions_page(answers, linker), len(answers)


def _class_pages(site: SiteGraph, paged: set[str], staging: Path) -> None:
    by_type: dict[str, list] = {}
    for r in site.resources.values():
        by_type.setdefault(r.type, []).append(r)
    for type_name, members in by_type.items():
        members.sort(key=lambda r: (r.label.lower(), r.iri))
        write_atomic(staging / "classes" / f"{type_name}.html", pages.class_page(type_name, members, paged))


def _search_index(site: SiteGraph, paged: set[str], staging: Path) -> None:
    entries = [
        [r.label, r.type, r.path + ".html" if r.iri in paged else f"classes/{r.type}.html"]
        for r in sorted(site.resources.values(), key=lambda r: (r.label.lower(), r.iri))
    ]
    write_atomic(staging / "search-index.js", "window.owlgraphSearch = " + pages.json_script(entries) + ";\n")


def _sitemap(site: SiteGraph, paged: set[str], staging: Path, site_url: str | None) -> None:
    """Page addresses: the hosted pages with ``site_url``, otherwise the resources' w3id.org IRIs."""
    base = (site_url.rstrip("/") + "/") if site_url else W3ID_BASE
    locs = [base] + [(base + site.resources[iri].path + ".html") if site_url else iri for iri in sorted(paged)]
    locs += [base + p for p in ("questions.html", "dataset.html", "ontology/index.html")]
    body = "".join(f"<url><loc>{xml_escape(loc)}</loc></url>\n" for loc in locs[:50_000])
    write_atomic(
        staging / "sitemap.xml",
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{body}</urlset>\n',
    )
    if site_url:
        write_atomic(staging / "robots.txt", f"User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n")


def _dataset_page(graph_triples: dict, downloads: list, version: str, created: str, endpoint: str | None) -> str:
    from owlgraph.publishing.dataset import QUOTATION_RIGHTS

    e = pages.e
    rows = "".join(f'<tr><td><code>{e(g)}</code></td><td class="n">{n:,}</td></tr>' for g, n in graph_triples.items())
    files = "".join(
        f'<tr><td><a href="{e(path)}">{e(path)}</a></td><td>{e(name)}</td><td class="n">{size:,}</td></tr>'
        for path, name, size in downloads
    )
    body = (
        "<h1>Dataset description</h1>"
        f"<p>Version <code>{e(version)}</code>, created {e(created)}. Machine-readable: "
        '<a href="dataset.ttl">VoID and DCAT (Turtle)</a>, <a href="dataset.jsonld">JSON-LD</a>.</p>'
        f'<h2>Licence</h2><p><a href="{e(LICENCE)}">CC BY 4.0</a>. {e(QUOTATION_RIGHTS)}</p>'
        + (f"<h2>SPARQL endpoint</h2><p><code>{e(endpoint)}</code></p>" if endpoint else "")
        + f'<h2>Triples per named graph</h2><table class="counts"><tbody>{rows}</tbody></table>'
        f'<h2>Downloads</h2><table class="facts"><thead><tr><th>file</th><th>format</th><th>bytes</th></tr></thead>'
        f"<tbody>{files}</tbody></table>"
    )
    return pages.document("Dataset description — owlgraph", body, root="")
