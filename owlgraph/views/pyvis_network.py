"""owlgraph's styling as a :class:`pyvis.network.Network`, for users who customise pyvis networks.

:func:`to_pyvis` colours nodes as owlgraph's own views do (the same colour-blind-safe palette and
legend order, see :mod:`owlgraph.views.page`), sizes them by a measure, and puts labels, types,
sectors and evidence into the tooltips as plain text. The node and edge lists are built here and
assigned to the network in one step: pyvis's ``add_edge`` looks through every edge already added,
which makes filling a network one edge at a time quadratic.

Labels and tooltips stay text: vis-network draws labels on a canvas and shows string tooltips as
text, node ids are numbers (pyvis writes ids into its select menu unescaped), the heading is
escaped, and the word ``href`` is kept out of tooltips (a tooltip containing it makes pyvis switch
to a tooltip that renders HTML).

Examples
--------
>>> import networkx as nx
>>> G = nx.Graph([("ex:a", "ex:b")])
>>> nx.set_node_attributes(G, {"ex:a": "Initiative", "ex:b": "Organisation"}, "type")
>>> net = to_pyvis(G)
>>> [(n["id"], n["label"], n["color"]) for n in net.nodes]
[(0, 'ex:a', '#332288'), (1, 'ex:b', '#88CCEE')]
>>> net.edges
[{'from': 0, 'to': 1, 'title': 'related', 'color': '#9aa5b1'}]
"""

from __future__ import annotations

import html
import math
from typing import Any

from owlgraph.core.errors import ViewError
from owlgraph.views.page import MAX_NODES, _categories, _category_text, _check_graph, _evidence, _number, _sector_list

__all__ = ["to_pyvis"]

EDGE_COLOR = "#9aa5b1"
_ZERO_WIDTH_SPACE = "\u200b"


def _text(value: Any) -> str:
    """Tooltip text that pyvis never renders as HTML (see the module notes)."""
    text = str(value)
    return text.replace("href", "hr" + _ZERO_WIDTH_SPACE + "ef").replace("HREF", "HR" + _ZERO_WIDTH_SPACE + "EF")


def to_pyvis(
    G,
    *,
    color_by: str = "type",
    size_by: str | None = None,
    height: str = "640px",
    width: str = "100%",
    heading: str = "",
    cdn_resources: str = "in_line",
    max_nodes: int = MAX_NODES,
    **network_options,
):
    """Return a :class:`pyvis.network.Network` of ``G`` with owlgraph's colours, sizes and text tooltips.

    Parameters
    ----------
    G : networkx.Graph, DiGraph, MultiGraph or MultiDiGraph
        A network from :mod:`owlgraph.network.builders` (nodes with ``label``, ``type``, optionally
        ``sector``, ``evidence`` and measures from :func:`owlgraph.network.analysis.add_metrics`);
        it is not modified.
    color_by : str
        Node attribute that selects the colour (``"type"``, ``"community"``, ``"sector"`` …),
        coloured as :func:`owlgraph.views.page.render_html` colours it.
    size_by : str, optional
        ``"degree"`` or a numeric node attribute (e.g. ``"betweenness"``) that sets the node size.
    height, width, heading : str
        As :class:`pyvis.network.Network`; ``heading`` is shown as text.
    cdn_resources : str
        ``"in_line"`` (default: vis-network inside the page, so the network draws offline),
        ``"remote"`` or ``"local"``, as pyvis. pyvis's template links Bootstrap from a CDN in
        every case; the network does not need it.
    max_nodes : int
        Above this many nodes a :class:`~owlgraph.core.errors.ViewError` asks for a sub-network.
    **network_options
        Passed on to :class:`pyvis.network.Network` (e.g. ``select_menu=True``, ``bgcolor=…``).

    Returns
    -------
    pyvis.network.Network
        Nodes have numeric ids ``0 … n-1`` in the order of ``G.nodes`` and keep the node key as
        ``iri``; ``show_buttons``, ``set_options``, ``add_node`` and ``write_html`` work as usual.

    Raises
    ------
    ViewError
        If ``G`` is not a NetworkX graph, is too large, or ``color_by``/``size_by`` name no attribute.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_node("ex:p", label="<b>Ada</b>", type="Person", betweenness=0.5, evidence=["Ada leitet"])
    >>> G.add_node("ex:o", label="OWL GmbH", type="Organisation", betweenness=0.0)
    >>> G.add_edge("ex:p", "ex:o", label="headOf", evidence=["Ada leitet die OWL GmbH"])
    >>> net = to_pyvis(G, size_by="betweenness")
    >>> net.nodes[0]["label"], net.nodes[0]["value"], net.nodes[0]["title"].splitlines()
    ('<b>Ada</b>', 0.5, ['<b>Ada</b>', 'Person', 'Evidence: “Ada leitet”'])
    >>> net.edges[0]["arrows"], net.get_nodes()
    ('to', [0, 1])
    >>> net.show_buttons(filter_=["physics"]); net.conf
    True
    """
    from pyvis.network import Network

    _check_graph(G, max_nodes)
    nodes = list(G.nodes)
    attrs = [G.nodes[n] for n in nodes]
    if nodes and color_by != "type" and not any(color_by in a for a in attrs):
        raise ViewError(f"color_by {color_by!r}: no node has this attribute; use 'type' or add it first")
    categories = [_category_text(color_by, a.get(color_by)) for a in attrs]
    legend, index = _categories(categories, color_by)
    sizes = _sizes(G, nodes, attrs, size_by)
    directed = G.is_directed()

    net = Network(
        height=height,
        width=width,
        directed=directed,
        heading=html.escape(str(heading)),
        cdn_resources=cdn_resources,
        **network_options,
    )
    out_nodes = []
    for i, (node, a) in enumerate(zip(nodes, attrs)):
        label = str(a.get("label") if a.get("label") not in (None, "") else node)
        typ = str(a.get("type") or "(untyped)")
        lines = [label, typ, ", ".join(_sector_list(a.get("sector")))]
        lines += [f"Evidence: “{q}”" for q in _evidence(a.get("evidence"))]
        item = {
            "id": i,
            "label": label,
            "title": _text("\n".join(filter(None, lines))),
            "color": legend[index[categories[i]]]["color"],
            "shape": "dot",
            "iri": str(a.get("iri") or node),
            "type": typ,
        }
        if sizes is not None:
            item["value"] = sizes[i]
        out_nodes.append(item)
    position = {node: i for i, node in enumerate(nodes)}
    out_edges = []
    for u, v, d in G.edges(data=True):
        rel = str(d.get("label") or d.get("relation") or "related")
        lines = [rel, *(f"Evidence: “{q}”" for q in _evidence(d.get("evidence")))]
        edge = {"from": position[u], "to": position[v], "title": _text("\n".join(lines)), "color": EDGE_COLOR}
        w = _number(d.get("weight"))
        if w is not None:
            edge["value"] = w
        if directed:
            edge["arrows"] = "to"
        out_edges.append(edge)
    # assigned in one step: Network.add_edge checks every existing edge (quadratic for a whole network)
    net.nodes, net.edges = out_nodes, out_edges
    net.node_ids = [n["id"] for n in out_nodes]
    net.node_map = {n["id"]: n for n in out_nodes}
    return net


def _sizes(G, nodes, attrs, size_by) -> list[float] | None:
    if size_by is None:
        return None
    if size_by == "degree" and not any("degree" in a for a in attrs):
        degree = dict(G.degree())
        return [float(degree[n]) for n in nodes]
    sizes = [_number(a.get(size_by)) for a in attrs]
    if nodes and all(s is None for s in sizes):
        raise ViewError(
            f"size_by {size_by!r}: no node has a numeric {size_by!r} attribute; use 'degree' or add the measure "
            "with owlgraph.add_metrics"
        )
    return [s if s is not None and math.isfinite(s) else 0.0 for s in sizes]
