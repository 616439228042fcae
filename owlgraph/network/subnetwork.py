"""Select a sub-network small enough to view: one sector, an ego network, the top nodes.

Every function returns a new graph (attributes deep-copied) and never touches its input.

>>> import networkx as nx
>>> G = nx.star_graph(5)
>>> sorted(select_subnetwork(G, top=2).nodes)
[0, 1]
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable

from owlgraph.core.errors import ViewError

__all__ = ["select_subnetwork"]


def select_subnetwork(
    G,
    *,
    top: int | None = None,
    by: str = "degree",
    ego=None,
    radius: int = 1,
    sector: str | None = None,
    report: Callable[[str], None] | None = None,
):
    """Return a copy of the part of ``G`` selected by sector, then ego network, then top nodes.

    Parameters
    ----------
    G : networkx.Graph (any kind)
        The network; it is not modified.
    top : int, optional
        Keep the ``top`` nodes with the highest ``by``; tied nodes are taken in the order of their
        id (IRI).
    by : str
        ``"degree"`` or a numeric node attribute such as ``"betweenness"``.
    ego : str, optional
        Keep the nodes within ``radius`` hops of this node (edge direction ignored). Give the node's
        IRI or its exact label (case-insensitive) if that label is unique.
    radius : int
        Hops around ``ego``.
    sector : str, optional
        Keep the nodes whose ``sector`` is ``sector`` (case-insensitive; a node with a list of
        sectors matches any of them) and their direct neighbours, so that an initiative's members
        and partners stay in the picture. Networks from :func:`owlgraph.network.builders.to_networkx`
        carry the sectors of the graph (:func:`owlgraph.network.sectors.add_sectors`).
    report : callable, optional
        Called with one line when ``top`` cuts a tie: how many nodes share the score at the cut,
        how many of them were kept and how they were chosen (the cut is arbitrary there).

    Returns
    -------
    networkx.Graph
        A new graph of the same class as ``G``.

    Raises
    ------
    ViewError
        For an unknown ego node or sector, a non-positive ``top``, a negative ``radius`` or an unknown ``by``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_node("ex:a", label="A", sector="Logistics")
    >>> G.add_edges_from([("ex:a", "ex:b"), ("ex:b", "ex:c"), ("ex:c", "ex:d")])
    >>> sorted(select_subnetwork(G, ego="ex:b", radius=1).nodes)
    ['ex:a', 'ex:b', 'ex:c']
    >>> sorted(select_subnetwork(G, sector="logistics").nodes)
    ['ex:a', 'ex:b']
    >>> select_subnetwork(G, ego="ex:zz")
    Traceback (most recent call last):
    ...
    owlgraph.core.errors.ViewError: ego node 'ex:zz' not found; give a node IRI or its exact label
    """
    import networkx as nx

    keep = None  # every node, without building the set (an ego network must not cost a pass over G)
    if sector is not None:
        wanted = str(sector).strip().casefold()
        in_sector = {n for n, s in G.nodes(data="sector") if wanted in {x.strip().casefold() for x in _sectors(s)}}
        if not in_sector:
            known = sorted({x for _, s in G.nodes(data="sector") for x in _sectors(s)})
            hint = (
                f"use one of: {', '.join(known[:12])}{' …' if len(known) > 12 else ''}"
                if known
                else "no node has a 'sector' attribute"
            )
            raise ViewError(f"sector {sector!r} not found; {hint}")
        keep = set(in_sector)
        for n in in_sector:
            keep.update(nx.all_neighbors(G, n) if G.is_directed() else G.neighbors(n))
    if ego is not None:
        if isinstance(radius, bool) or not isinstance(radius, int) or radius < 0:
            raise ViewError(f"radius {radius!r}: give a whole number of hops, 0 or more")
        centre = _find_node(G, ego)
        if keep is not None and centre not in keep:
            raise ViewError(
                f"ego node {ego!r} is outside the selected sector {sector!r}; drop --sector or pick another node"
            )
        order = _within(G, centre, radius, keep)
        if top is None:
            return _copy(G, None, order)
        keep = set(order)
    if keep is None:
        keep = set(G.nodes)
    if top is not None:
        if isinstance(top, bool) or not isinstance(top, int) or top < 1:
            raise ViewError(f"top {top!r}: give a positive number of nodes")
        score = _scores(G, keep, by)
        ordered = sorted(keep, key=lambda n: (-score[n], str(n)))
        if report is not None and len(ordered) > top and score[ordered[top - 1]] == score[ordered[top]]:
            cut = score[ordered[top - 1]]
            tied = sum(1 for n in ordered if score[n] == cut)
            shown = sum(1 for n in ordered[:top] if score[n] == cut)
            report(
                f"{tied} nodes share {by} {cut:g} at the cut of top {top}; {shown} of them "
                f"{'is' if shown == 1 else 'are'} kept, chosen by node id (IRI) in alphabetical order"
            )
        keep = set(ordered[:top])
    return _copy(G, keep)


def _sectors(value) -> list[str]:
    """A node's sectors: one string, or a list of them when it works in several."""
    if value is None or value == "":
        return []
    return [str(v) for v in value if v not in (None, "")] if isinstance(value, (list, tuple, set)) else [str(value)]


def _find_node(G, ego):
    if ego in G:
        return ego
    wanted = str(ego).strip().casefold()
    hits = [n for n, label in G.nodes(data="label") if label is not None and str(label).strip().casefold() == wanted]
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        raise ViewError(
            f"ego node {ego!r} is ambiguous ({len(hits)} nodes have this label); give one IRI: "
            + ", ".join(map(str, sorted(hits, key=str)[:5]))
        )
    raise ViewError(f"ego node {ego!r} not found; give a node IRI or its exact label")


def _scores(G, keep, by):
    if by == "degree" and not any("degree" in G.nodes[n] for n in keep):
        return {n: float(d) for n, d in G.degree(keep)}
    scores = {}
    for n in keep:
        v = G.nodes[n].get(by)
        ok = isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
        scores[n] = float(v) if ok else -math.inf
    if keep and all(s == -math.inf for s in scores.values()):
        raise ViewError(
            f"by {by!r}: no node has a numeric {by!r} attribute; use 'degree' or a centrality "
            "computed by owlgraph.network.analysis"
        )
    return scores


def _within(G, centre, radius: int, allowed: set | None) -> list:
    """The nodes within ``radius`` hops of ``centre`` (edge direction ignored), in breadth-first order.

    Only the neighbourhood is touched, so an ego network costs what the ego network costs, not a
    pass over the whole graph."""
    import networkx as nx

    found, frontier = {centre: None}, [centre]
    for _ in range(radius):
        step = []
        for n in frontier:
            for m in nx.all_neighbors(G, n) if G.is_directed() else G.neighbors(n):
                if m not in found and (allowed is None or m in allowed):
                    found[m] = None
                    step.append(m)
        if not step:
            break
        frontier = step
    return list(found)


def _copy(G, keep, order: list | None = None):
    H = G.__class__()
    H.graph.update(copy.deepcopy(G.graph))
    if order is not None:  # from the selection's own adjacency, in ``order``: no pass over all of G
        keep = set(order)
        H.add_nodes_from((n, copy.deepcopy(G.nodes[n])) for n in order)
        done: set = set()
        for u in order:
            for v, d in G.adj[u].items():
                if v not in keep or (not G.is_directed() and v in done):
                    continue
                if G.is_multigraph():
                    H.add_edges_from((u, v, k, copy.deepcopy(dd)) for k, dd in d.items())
                else:
                    H.add_edge(u, v, **copy.deepcopy(d))
            done.add(u)
        return H
    H.add_nodes_from((n, copy.deepcopy(d)) for n, d in G.nodes(data=True) if n in keep)
    if G.is_multigraph():
        H.add_edges_from(
            (u, v, k, copy.deepcopy(d)) for u, v, k, d in G.edges(keys=True, data=True) if u in keep and v in keep
        )
    else:
        H.add_edges_from((u, v, copy.deepcopy(d)) for u, v, d in G.edges(data=True) if u in keep and v in keep)
    return H
