"""Interactive HTML views of a NetworkX graph: one self-contained, offline page.

The page inlines a pinned copy of vis-network (``owlgraph/views/static/``), embeds the
network as JSON that cannot break out of its ``<script>`` element, shows every
string from the data as text, and forbids all fetches with a Content-Security-Policy.
Settings follow the size tiers in ``docs/views.md`` (which also says why this is not pyvis):

======================  ===========================================================
nodes                   page
======================  ===========================================================
``<= 300``              physics on, all labels, edge labels if there are few edges
``301 – 2,000``         ~200 stabilisation iterations, then physics off; top labels
``2,001 – max_nodes``   positions computed here (near-linear), physics off
``> max_nodes``         :class:`~owlgraph.core.errors.ViewError`: select a sub-network
======================  ===========================================================

>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_node("ex:a", label="OWL GmbH", type="Organisation", iri="ex:a")
>>> G.add_node("ex:b", label="it's OWL", type="Initiative", iri="ex:b")
>>> G.add_edge("ex:a", "ex:b", label="memberOf")
>>> page = render_html(G, title="Demo")
>>> page.startswith("<!DOCTYPE html>") and "https://" not in page.split("<script>")[0]
True
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import math
import re
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from owlgraph.core.errors import ViewError
from owlgraph.core.files import write_atomic
from owlgraph.core.iri import is_http_url

__all__ = [
    "render_html",
    "write_html",
    "view",
    "View",
    "PALETTE",
    "OTHER_COLOR",
    "MAX_NODES",
    "VIS_NETWORK_VERSION",
    "CSP",
    "IFRAME_SANDBOX",
]

VIS_NETWORK_VERSION = "9.1.9"
VIS_NETWORK_SHA256 = "f53f833ddb9bf97efe856bb0637d4fe88f39e39999c7e94a4b8afc8de8a1a2e5"

#: Paul Tol's "muted" qualitative scheme (colour-blind safe); the 10th category and beyond share OTHER_COLOR.
PALETTE = ("#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499")
OTHER_COLOR = "#BBBBBB"
#: Known types keep the same colour in every view, whatever their counts.
TYPE_ORDER = ("Initiative", "Organisation", "Person", "Sector", "Event")

SMALL, MEDIUM, MAX_NODES = 300, 2_000, 20_000
EDGE_LABEL_MAX_EDGES = 250
EDGE_LABEL_DENSITY = 2.5  # edges per node above which relation labels are left to the details panel
TOP_LABELS = {"medium": 80, "large": 50}
#: A drawn label wraps at this width (pixels) and is cut at LABEL_MAX characters with "…"; the full
#: label stays in the tooltip, the details panel and the search.
LABEL_WIDTH, LABEL_MAX = 140, 40
LABEL_CHAR_PX = 8  # a generous width of one character at 13 px (system-ui)
CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; "
    "font-src data:; base-uri 'none'; form-action 'none'"
)
# allow-downloads: the PNG button; allow-popups-to-escape-sandbox: websites opened from the details panel
# run as normal pages instead of inheriting this sandbox. No allow-same-origin: the page stays isolated.
IFRAME_SANDBOX = "allow-scripts allow-popups allow-popups-to-escape-sandbox allow-downloads"

_RESERVED = {"label", "type", "iri", "website", "evidence", "sector"}
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_ESCAPE_RE = re.compile("[<>&\u2028\u2029]")


def render_html(
    G,
    *,
    title: str = "owlgraph",
    color_by: str = "type",
    size_by: str | None = None,
    view_name: str = "",
    data_version: str = "",
    seed: int = 42,
    max_nodes: int = MAX_NODES,
    vis_src: str | None = None,
) -> str:
    """Return a self-contained, offline HTML page showing ``G`` as an interactive network.

    Parameters
    ----------
    G : networkx.Graph, DiGraph, MultiGraph or MultiDiGraph
        Nodes carry ``label``, ``type``, ``iri`` and optionally ``website``, ``sector``,
        ``evidence`` (list of quotes), ``community`` and centralities; edges carry ``label``
        (the relation), optionally ``weight`` and ``evidence``. ``G`` is never modified.
    title : str
        Page title and heading.
    color_by : str
        Node attribute that selects the colour (``"type"`` or ``"community"``, ...). The nine
        most frequent values get a colour-blind-safe colour, all others grey.
    size_by : str, optional
        Numeric node attribute (e.g. ``"betweenness"``) or ``"degree"`` that sets the node size.
    view_name, data_version : str
        Shown in the footer: the query or selection that produced the view, and the data version.
    seed : int
        Seed of every layout (vis-network ``layout.randomSeed`` and the Python layout).
    max_nodes : int
        Above this many nodes a :class:`~owlgraph.core.errors.ViewError` asks for a sub-network.
    vis_src : str, optional
        A relative URL of a copy of ``vis-network.min.js`` next to the page (a published site shares
        one copy among its pages) instead of inlining it; the page may then load scripts from its own
        site ('self'), still nothing from elsewhere.

    Returns
    -------
    str
        The HTML page (UTF-8 text; vis-network and all data inlined).

    Raises
    ------
    ViewError
        If ``G`` is not a NetworkX graph, is too large, or ``color_by``/``size_by`` name no attribute.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_node("ex:p", label="<b>Ada</b>", type="Person", iri="ex:p")
    >>> page = render_html(G, view_name="demo", data_version="2024-05")
    >>> "<b>Ada</b>" in page, "\\\\u003cb\\\\u003eAda" in page
    (False, True)
    """
    _check_graph(G, max_nodes)
    return _page(
        _payload(
            G,
            title=title,
            color_by=color_by,
            size_by=size_by,
            view_name=view_name,
            data_version=data_version,
            seed=seed,
        ),
        title,
        vis_src=vis_src,
    )


def write_html(G, path, **options) -> Path:
    """Write :func:`render_html` ``(G, **options)`` to ``path`` atomically, as UTF-8; return the path.

    Examples
    --------
    >>> import networkx as nx, tempfile, pathlib
    >>> out = write_html(nx.path_graph(3), pathlib.Path(tempfile.mkdtemp()) / "view.html")
    >>> out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    True
    """
    page = render_html(G, **options)
    write_atomic(path, page)
    return Path(path)


class View:
    """An HTML view that notebooks display inline as a sandboxed ``<iframe srcdoc>``.

    Examples
    --------
    >>> import networkx as nx
    >>> v = view(nx.path_graph(2), height=400)
    >>> v._repr_html_().startswith('<iframe srcdoc="&lt;!DOCTYPE html&gt;')
    True
    """

    def __init__(self, html_page: str, *, height: int = 640):
        self.html = html_page
        self.height = int(height)

    def _repr_html_(self) -> str:
        return (
            f'<iframe srcdoc="{html.escape(self.html, quote=True)}" sandbox="{IFRAME_SANDBOX}" '
            f'style="width:100%;height:{self.height}px;border:1px solid #d9e2ec;border-radius:4px" '
            'title="owlgraph network view" loading="lazy"></iframe>'
        )

    def save(self, path) -> Path:
        """Write the page to ``path`` atomically and return the path."""
        write_atomic(path, self.html)
        return Path(path)

    def __repr__(self) -> str:
        return f"<owlgraph View: {len(self.html):,} characters>"


def view(G, *, height: int = 640, **options) -> View:
    """Return a :class:`View` of ``G`` for Jupyter, JupyterLab and VS Code (options as :func:`render_html`).

    Examples
    --------
    >>> import networkx as nx
    >>> "sandbox=" in view(nx.path_graph(3))._repr_html_()
    True
    """
    return View(render_html(G, **options), height=height)


# ---------------------------------------------------------------- page assembly


@functools.cache
def _asset(name: str) -> str:
    text = (Path(__file__).parent / "static" / name).read_text(encoding="utf-8")
    if name.endswith(".js") and re.search(r"</script|<!--", text, re.IGNORECASE):
        raise ViewError(f"owlgraph/static/{name}: contains '</script' or '<!--'; it cannot be inlined")
    return text


def vis_network_sha256() -> str:
    """The sha256 of the vendored vis-network file (checked by the tests against ``VIS_NETWORK_SHA256``)."""
    return hashlib.sha256(_asset("vis-network.min.js").encode("utf-8")).hexdigest()


def _json_for_script(obj: Any) -> str:
    """JSON that is inert inside ``<script>``: no ``<``, ``>``, ``&`` or line separators survive."""
    text = json.dumps(obj, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return _JSON_ESCAPE_RE.sub(lambda m: _JSON_ESCAPES[m.group()], text)


def _page(payload: dict, title: str, *, vis_src: str | None = None) -> str:
    if vis_src is not None:
        vis = f'<script src="{html.escape(vis_src, quote=True)}"></script>'
        csp = CSP.replace("script-src 'unsafe-inline'", "script-src 'self' 'unsafe-inline'")
    else:
        vis, csp = f"<script>\n{_asset('vis-network.min.js')}\n</script>", CSP
    parts = {
        "CSP": csp,
        "GENERATOR": html.escape(payload["generator"]),
        "TITLE": html.escape(str(title)),
        "CSS": _asset("view.css"),
        "DATA": _json_for_script(payload),
        "VIS": vis,
        "JS": _asset("view.js"),
    }
    # One pass over the template only: inserted text is never scanned for placeholders again.
    return re.sub(r"\{\{([A-Z]+)\}\}", lambda m: parts[m.group(1)], _asset("view.html"))


# ---------------------------------------------------------------- data


def _check_graph(G, max_nodes: int) -> None:
    import networkx as nx

    if not isinstance(G, nx.Graph):
        raise ViewError(f"expected a networkx graph, got {type(G).__name__}; build one with owlgraph.network.builders")
    n = G.number_of_nodes()
    if n == 0:
        from owlgraph.core.errors import EmptyResultError

        raise EmptyResultError("the network has no nodes, so there is nothing to show; build one that has nodes")
    if n > max_nodes:
        raise ViewError(
            f"network has {n:,} nodes, more than the view limit of {max_nodes:,}; select a sub-network "
            "(--top N, --ego NODE --radius K, --sector S) or export GEXF for Gephi"
        )


def _tier(n: int) -> str:
    return "small" if n <= SMALL else "medium" if n <= MEDIUM else "large"


def _plain(value: Any) -> Any:
    """A JSON-safe scalar for display (floats rounded, NaN/inf dropped, the rest as text)."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return round(value, 6) if math.isfinite(value) else None
    return str(value)


def _short(label: str) -> str:
    """The label as drawn: at most LABEL_MAX characters, cut at a space where one is near, with "…".

    >>> _short("Gesellschaft für Wirtschaftsförderung im Kreis Lippe mbH")
    'Gesellschaft für Wirtschaftsförderung im…'
    >>> _short("Technische Hochschule Ostwestfalen-Lippe, Campus Lemgo")
    'Technische Hochschule Ostwestfalen-Lippe…'
    >>> _short("it's OWL")
    "it's OWL"
    """
    if len(label) <= LABEL_MAX:
        return label
    space = label.rfind(" ", 0, LABEL_MAX + 2)  # a word ending at the limit (with its comma) is kept
    return (label[:space] if space > LABEL_MAX // 2 else label[:LABEL_MAX]).rstrip(" ,;:-–") + "…"


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value)


def _safe_url(value: Any) -> str | None:
    return value if is_http_url(value) else None


def _evidence(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(q) for q in value] if isinstance(value, (list, tuple)) else [str(value)]


def _categories(values: list[str], color_by: str) -> tuple[list[dict], dict[str, int]]:
    """Legend entries (colour, label, count, keys) and the entry index of each category value."""
    counts = Counter(values)
    first = [t for t in TYPE_ORDER if t in counts] if color_by == "type" else []
    rest = sorted((k for k in counts if k not in first), key=lambda k: (-counts[k], _natural(k)))
    ordered = first + rest
    coloured, other = ordered[: len(PALETTE)], ordered[len(PALETTE) :]
    if len(other) == 1:  # one leftover category can keep its own name; it is still grey
        coloured, other = ordered, []
    legend, index = [], {}
    for i, key in enumerate(coloured):
        legend.append(
            {
                "label": key,
                "keys": [key],
                "count": counts[key],
                "color": PALETTE[i] if i < len(PALETTE) else OTHER_COLOR,
            }
        )
        index[key] = i
    if other:
        legend.append(
            {
                "label": f"Other ({len(other)} values)",
                "keys": other,
                "count": sum(counts[k] for k in other),
                "color": OTHER_COLOR,
            }
        )
        index.update({k: len(legend) - 1 for k in other})
    return legend, index


def _ordered_counts(types: list[str]) -> list[tuple[str, int]]:
    """Known types first (in TYPE_ORDER, like the legend), then by count."""
    counts = Counter(types)
    return sorted(
        counts.items(),
        key=lambda kc: (TYPE_ORDER.index(kc[0]) if kc[0] in TYPE_ORDER else len(TYPE_ORDER), -kc[1], _natural(kc[0])),
    )


def _natural(s: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p.lower() for p in re.split(r"(\d+)", s))


def _category_text(color_by: str, value: Any) -> str:
    if value is None or value == "":
        return "(none)"
    return f"Community {value}" if color_by == "community" and isinstance(value, int) else str(value)


def _node_color(hex_color: str) -> dict:
    border = _shade(hex_color, 0.7)
    return {
        "background": hex_color,
        "border": border,
        "highlight": {"background": hex_color, "border": "#1f2933"},
        "hover": {"background": hex_color, "border": "#1f2933"},
    }


def _shade(hex_color: str, f: float) -> str:
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return f"#{int(r * f):02x}{int(g * f):02x}{int(b * f):02x}"


def _payload(G, *, title, color_by, size_by, view_name, data_version, seed) -> dict:
    nodes = list(G.nodes)
    n, m = len(nodes), G.number_of_edges()
    tier = _tier(n)
    index = {node: i for i, node in enumerate(nodes)}
    attrs = [G.nodes[node] for node in nodes]
    directed = G.is_directed()

    if n and color_by not in ("type",) and not any(color_by in a for a in attrs):
        raise ViewError(
            f"color_by {color_by!r}: no node has this attribute; use 'type'"
            f"{' or one of: ' + ', '.join(sorted(_attr_names(attrs))) if _attr_names(attrs) else ''}"
        )
    cat_values = [_category_text(color_by, a.get(color_by)) for a in attrs]
    legend, cat_index = _categories(cat_values, color_by)
    types = [str(a.get("type") or "(untyped)") for a in attrs]
    sectors = [_sector_list(a.get("sector")) for a in attrs]

    degree = dict(G.degree())
    sizes: list[float | None] | list[float] | None
    if size_by is None:
        sizes = None
        rank = [float(degree[node]) for node in nodes]
    elif size_by == "degree" and not any("degree" in a for a in attrs):
        sizes = rank = [float(degree[node]) for node in nodes]
    else:
        sizes = [_number(a.get(size_by)) for a in attrs]
        if n and all(s is None for s in sizes):
            numeric = sorted(k for k in _attr_names(attrs) if any(_number(a.get(k)) is not None for a in attrs))
            raise ViewError(
                f"size_by {size_by!r}: no node has a numeric {size_by!r} attribute; use 'degree'"
                f"{' or one of: ' + ', '.join(numeric) if numeric else ''}"
            )
        sizes = rank = [s if s is not None else 0.0 for s in sizes]

    labelled = set(range(n))
    if tier != "small":
        top = sorted(range(n), key=lambda i: (-rank[i], i))[: TOP_LABELS[tier]]
        labelled = set(top)

    xy = _fast_layout(G, nodes, index, [cat_index[c] for c in cat_values], seed) if tier == "large" else None

    out_nodes, info = [], []
    for i, (node, a) in enumerate(zip(nodes, attrs)):
        label = str(a.get("label") if a.get("label") not in (None, "") else node)
        c = cat_index[cat_values[i]]
        drawn = _short(label) if i in labelled else ""
        item: dict[str, Any] = {
            "id": i,
            "label": drawn,
            "t": types[i],
            "s": sectors[i],  # a list: a node can work in several sectors
            "c": c,
            "color": _node_color(legend[c]["color"]),
            "title": "\n".join(filter(None, [label, types[i], ", ".join(sectors[i])])),
        }
        if i in labelled:
            size = 13 if tier == "small" else 26 if tier == "medium" else 40  # larger: readable when zoomed out
            if tier != "small":
                item["font"] = {"size": size}
            # the same words a line as at 13 px; a long compound word gets its own line, never cut in two
            width = max(LABEL_WIDTH, LABEL_CHAR_PX * max(map(len, drawn.split()), default=0))
            if width != LABEL_WIDTH or size != 13:
                item["widthConstraint"] = {"maximum": width * size // 13}
        if sizes is not None:
            item["value"] = sizes[i]
        if xy is not None:
            item["x"], item["y"] = xy[i]
        out_nodes.append(item)
        info.append(
            {
                "label": label,
                "type": types[i],
                "iri": str(a.get("iri") or node),
                "website": _safe_url(a.get("website")),
                "evidence": _evidence(a.get("evidence")),
                "attrs": [[k, _plain(v)] for k, v in _display_attrs(a, ", ".join(sectors[i]))],
            }
        )

    # relation labels only where they fit: small and sparse graphs (dense ones turn them into noise)
    edge_labels = tier == "small" and m <= EDGE_LABEL_MAX_EDGES and m <= EDGE_LABEL_DENSITY * max(n, 1)
    out_edges: list[dict] = []
    parallel: Counter[tuple[int, int]] = Counter()
    for k, (u, v, d) in enumerate(G.edges(data=True)):
        rel = str(d.get("label") or d.get("relation") or "related")
        e: dict[str, Any] = {"id": k, "from": index[u], "to": index[v], "rel": rel, "title": rel}
        if edge_labels:
            e["label"] = rel
        w = _number(d.get("weight"))
        if w is not None:
            e["w"] = _plain(w)
            e["width"] = 1 + min(4.0, math.log1p(abs(w)))
        ev = _evidence(d.get("evidence"))
        if ev:
            e["ev"] = ev
        if tier == "small" and G.is_multigraph():
            pair = (min(e["from"], e["to"]), max(e["from"], e["to"]))
            j = parallel[pair]
            parallel[pair] += 1
            if j:  # spread parallel relations so each label stays readable
                e["smooth"] = {
                    "enabled": True,
                    "type": "curvedCW" if j % 2 else "curvedCCW",
                    "roundness": 0.2 * ((j + 1) // 2),
                }
        out_edges.append(e)

    return {
        "nodes": out_nodes,
        "edges": out_edges,
        "info": info,
        "legend": legend,
        "types": [{"key": k, "count": c} for k, c in _ordered_counts(types)],
        "sectors": [{"key": k, "count": c} for k, c in sorted(Counter(s for ss in sectors for s in ss).items())],
        "colorBy": color_by,
        "sizeBy": size_by,
        "tier": tier,
        "directed": directed,
        "counts": {"nodes": n, "edges": m},
        "viewName": str(view_name),
        "dataVersion": str(data_version),
        "fileStem": re.sub(r"[^A-Za-z0-9_-]+", "-", str(view_name or title)).strip("-") or "owlgraph",
        "generator": f"owlgraph · vis-network {VIS_NETWORK_VERSION}",
        "physicsAllowed": tier != "large",
        "freezeAfterStabilization": tier == "medium",
        "options": _options(tier, seed=seed, directed=directed, sized=sizes is not None),
    }


def _sector_list(value: Any) -> list[str]:
    """A node's sectors as a list of strings (one sector, several, or none)."""
    if value is None or value == "":
        return []
    values = value if isinstance(value, (list, tuple, set)) else [value]
    return sorted({str(v) for v in values if v not in (None, "")})


def _attr_names(attrs: list[Mapping]) -> set[str]:
    return {k for a in attrs for k in a}


def _display_attrs(a: Mapping, sector: str):
    if sector:
        yield "sector", sector
    for k in sorted(a):
        if k in _RESERVED or isinstance(a[k], (dict, set)):
            continue
        v = a[k]
        yield k, ", ".join(map(str, v)) if isinstance(v, (list, tuple)) else v


def _options(tier: str, *, seed: int, directed: bool, sized: bool) -> dict:
    small, large = tier == "small", tier == "large"
    physics: dict[str, Any] = {"enabled": not large}
    if small:
        physics.update(
            solver="forceAtlas2Based",
            forceAtlas2Based={"gravitationalConstant": -70, "springLength": 120, "avoidOverlap": 0.3},
            stabilization={"enabled": True, "iterations": 400, "updateInterval": 50, "fit": True},
        )
    elif not large:
        physics.update(
            solver="barnesHut",
            barnesHut={"gravitationalConstant": -6000, "springLength": 120, "avoidOverlap": 0.1},
            stabilization={"enabled": True, "iterations": 200, "updateInterval": 50, "fit": True},
        )
    return {
        "autoResize": True,
        "layout": {"randomSeed": seed, "improvedLayout": small},
        "physics": physics,
        "interaction": {
            "hover": not large,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": not small,
            "hideEdgesOnZoom": large,
            "navigationButtons": False,
            "keyboard": False,
            "multiselect": False,
        },
        "nodes": {
            "shape": "dot",
            "size": 14 if small else 10,
            "borderWidth": 1.5,
            "borderWidthSelected": 3,
            # long names wrap onto short lines instead of running into their neighbours' labels
            "widthConstraint": {"maximum": LABEL_WIDTH},
            "scaling": {"min": 8, "max": 40 if small else 30},
            "font": {
                "size": 13 if small else 12,
                "face": "system-ui, Segoe UI, Roboto, Arial, sans-serif",
                "color": "#1f2933",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
        },
        "edges": {
            "color": {"color": "#9aa5b1", "highlight": "#1f2933", "hover": "#52606d", "inherit": False},
            "width": 1,
            "selectionWidth": 1.5,
            "hoverWidth": 0.5,
            "smooth": {"enabled": True, "type": "continuous"} if small else False,
            "arrows": {"to": {"enabled": directed, "scaleFactor": 0.5}},
            "font": {"size": 10, "align": "middle", "color": "#52606d", "strokeWidth": 3, "strokeColor": "#ffffff"},
        },
    }


def _fast_layout(G, nodes, index, groups, seed) -> list[tuple[float, float]]:
    """Near-linear positions: groups on a circle, nodes scattered round their group, then pulled
    towards their neighbours by a few sparse averaging steps (O(E) each)."""
    import numpy as np
    from scipy import sparse

    n = len(nodes)
    rng = np.random.default_rng(seed)
    g = np.asarray(groups)
    k = int(g.max()) + 1 if n else 1
    size = np.bincount(g, minlength=k).astype(float)
    spacing = 28.0
    ring = spacing * math.sqrt(n) * 0.9
    angle = 2 * math.pi * np.arange(k) / max(k, 1)
    anchors = np.c_[np.cos(angle), np.sin(angle)] * (ring if k > 1 else 0.0)
    radius = spacing * np.sqrt(size) * 0.55
    r = np.sqrt(rng.random(n)) * radius[g]
    t = rng.random(n) * 2 * math.pi
    pos0 = anchors[g] + np.c_[r * np.cos(t), r * np.sin(t)]

    u = np.fromiter((index[a] for a, _ in G.edges()), dtype=np.int64, count=G.number_of_edges())
    v = np.fromiter((index[b] for _, b in G.edges()), dtype=np.int64, count=G.number_of_edges())
    A = sparse.csr_matrix((np.ones(len(u) * 2), (np.r_[u, v], np.r_[v, u])), shape=(n, n))
    deg = np.asarray(A.sum(axis=1)).ravel()
    P = sparse.diags(1.0 / np.maximum(deg, 1)) @ A
    pos, has = pos0.copy(), (deg > 0)[:, None]
    for _ in range(12):
        pos = np.where(has, 0.55 * pos0 + 0.45 * (P @ pos), pos0)
    return [(round(float(x), 1), round(float(y), 1)) for x, y in pos]
