"""Network metrics for owlgraph graphs: centralities, communities, structural holes, brokerage.

Every function takes a NetworkX graph built by :mod:`owlgraph.network.builders` (nodes are
IRI strings with ``label`` and ``type``) and never changes it; :func:`add_metrics`
returns an annotated copy, :func:`ranked` a table, :func:`metrics_to_rdf` a named
graph of typed literals.

Examples
--------
>>> import networkx as nx
>>> G = nx.star_graph(3)
>>> centralities(G)["degree"][0]
1.0
>>> communities(nx.complete_graph(3))
{0: 0, 1: 0, 2: 0}
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable

import networkx as nx

import owlgraph.core.namespaces as _ns
from owlgraph.core.errors import OwlgraphError
from owlgraph.core.iri import is_iri
from owlgraph.core.namespaces import OG

__all__ = [
    "BROKERAGE_ROLES",
    "MEASURES",
    "METRIC_PREDICATES",
    "sampled_betweenness",
    "largest_component",
    "eigenvector_scope",
    "centralities",
    "communities",
    "constraint",
    "effective_size",
    "brokerage",
    "add_metrics",
    "ranked",
    "cut_note",
    "community_table",
    "brokerage_table",
    "metrics_to_rdf",
]

#: Gould–Fernandez roles, in the order of Gould & Fernandez (1989) and ``sna::brokerage``:
#: coordinator (w_I), consultant = itinerant broker (w_O), representative (b_IO),
#: gatekeeper (b_OI), liaison (b_O).
BROKERAGE_ROLES: tuple[str, ...] = ("coordinator", "consultant", "representative", "gatekeeper", "liaison")

#: Node measures :func:`add_metrics` knows; brokerage roles are added when ``group_attr`` is given.
MEASURES: tuple[str, ...] = (
    "degree",
    "betweenness",
    "closeness",
    "eigenvector",
    "community",
    "constraint",
    "effective_size",
)

#: Node attribute -> (ontology predicate, literal datatype) used by :func:`metrics_to_rdf`.
METRIC_PREDICATES: dict[str, tuple] = {
    "degree": (OG.degreeCentrality, _ns.XSD.double),
    "betweenness": (OG.betweenness, _ns.XSD.double),
    "closeness": (OG.closeness, _ns.XSD.double),
    "eigenvector": (OG.eigenvectorCentrality, _ns.XSD.double),
    "community": (OG.community, _ns.XSD.integer),
    "constraint": (OG.constraint, _ns.XSD.double),
    "effective_size": (OG.effectiveSize, _ns.XSD.double),
    **{f"brokerage_{role}": (OG[f"brokerage{role.capitalize()}"], _ns.XSD.integer) for role in BROKERAGE_ROLES},
}

_CENTRALITIES = ("degree", "betweenness", "closeness", "eigenvector")


def _distance_graph(G: nx.Graph, weight: str) -> tuple[nx.Graph, str]:
    """A copy whose ``_distance`` edge attribute is 1/weight (strength becomes length)."""
    H = G.copy()
    for *_, data in H.edges(data=True):
        w = data.get(weight, 1.0)
        data["_distance"] = 1.0 / w if w else math.inf
    return H, "_distance"


#: Above this many nodes a component's eigenvector is found with a sparse solver.
DENSE_EIGEN_MAX = 1_000
#: Above this many nodes betweenness is estimated from BETWEENNESS_SAMPLES sources and closeness
#: (one shortest-path search per node, hours on 100,000 nodes) is left out, unless asked for exactly.
EXACT_MAX = 5_000
BETWEENNESS_SAMPLES = 500


def largest_component(G: nx.Graph) -> set:
    """The nodes of the largest connected component of ``G`` (weakly connected for a directed graph).

    Of two components of the same size, the one holding the smallest node id (as text) is taken, so the
    choice never depends on the order nodes were added.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b"), ("x", "y"), ("y", "z")])
    >>> sorted(largest_component(G))
    ['x', 'y', 'z']
    """
    return _largest(_components(G))


def _components(G: nx.Graph) -> list[set]:
    """The connected components of ``G`` (of its undirected view, for a directed graph)."""
    U = G.to_undirected(as_view=True) if G.is_directed() else G
    return list(nx.connected_components(U))


def _largest(components: list[set]) -> set:
    """The largest of ``components``; of two of the same size, the one holding the smallest node id."""
    return min(components, key=lambda c: (-len(c), min(str(n) for n in c)), default=set())


def _eigenvector(G: nx.Graph, weight: str | None) -> dict[Hashable, float]:
    """Eigenvector centrality on the largest connected component of the undirected view; NaN elsewhere."""
    import numpy as np

    U = G.to_undirected(as_view=True) if G.is_directed() else G
    result: dict[Hashable, float] = dict.fromkeys(G, math.nan)
    comp = largest_component(G)
    if len(comp) < 2:
        return result  # no ties at all: no node can borrow importance from a neighbour
    nodes = sorted(comp, key=str)
    if len(nodes) <= DENSE_EIGEN_MAX:
        _, vectors = np.linalg.eigh(nx.to_numpy_array(U, nodelist=nodes, weight=weight))
        vec = np.abs(vectors[:, -1])  # Perron vector of the largest eigenvalue
    else:  # a dense n×n matrix would not fit: the sparse solver finds the same Perron vector
        from scipy.sparse.linalg import eigsh

        A = nx.to_scipy_sparse_array(U, nodelist=nodes, weight=weight, dtype=float)
        _, vectors = eigsh(A, k=1, which="LA")
        vec = np.abs(vectors[:, 0])
    vec = vec / np.linalg.norm(vec)
    result.update(zip(nodes, (float(v) for v in vec)))
    return result


def eigenvector_scope(G: nx.Graph) -> str | None:
    """One line saying where eigenvector centrality was computed, or ``None`` for a connected network.

    Examples
    --------
    >>> import networkx as nx
    >>> print(eigenvector_scope(nx.Graph([("a", "b"), ("b", "c"), ("x", "y")])))
    eigenvector: the network has 2 components; computed on the largest (3 of 5 nodes), empty (NaN) for the other 2 nodes
    >>> eigenvector_scope(nx.path_graph(3)) is None
    True
    """
    components = _components(G)  # one pass over the graph, not one per question
    if len(components) <= 1:
        return None
    sizes = [len(c) for c in components]
    comp = _largest(components)
    if len(comp) < 2:
        return f"eigenvector: the network has no ties ({len(G)} isolated nodes), so it is empty (NaN) for every node"
    rest = len(G) - len(comp)
    same = sizes.count(len(comp))
    which = f"; {same} components have that size: the one whose smallest node id sorts first" if same > 1 else ""
    return (
        f"eigenvector: the network has {len(sizes)} components; computed on the largest ({len(comp)} of {len(G)} "
        f"nodes), empty (NaN) for the other {rest} node{'' if rest == 1 else 's'}{which}"
    )


def sampled_betweenness(G: nx.Graph, k: int, *, seed: int = 42) -> dict[Hashable, float]:
    """Betweenness estimated from ``k`` sampled source nodes, as ``nx.betweenness_centrality(G, k=k, seed=seed)``.

    The same sources and the same (normalised, bias-corrected) scaling as NetworkX, so the
    values are equal; the shortest paths are counted by igraph's C core when it is
    installed, which on a 100,000-node network is one to two orders of magnitude faster.
    Unweighted only.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.barabasi_albert_graph(300, 2, seed=1)
    >>> ours, theirs = sampled_betweenness(G, 20), nx.betweenness_centrality(G, k=20, seed=42)
    >>> max(abs(ours[n] - theirs[n]) for n in G) < 1e-12
    True
    """
    import random

    try:
        import igraph
    except ImportError:  # the pure-Python path gives the same numbers, only slower
        return nx.betweenness_centrality(G, k=k, seed=seed)
    nodes = list(G)
    n = len(nodes)
    if k >= n or n < 3:
        return nx.betweenness_centrality(G, k=k if k < n else None, seed=seed)
    sources = random.Random(seed).sample(nodes, k)  # NetworkX's own choice for an int seed
    index = {v: i for i, v in enumerate(nodes)}
    edges = [(index[u], index[v]) for u, v in G.edges()]
    if not G.is_directed():  # count ordered (source, target) pairs, as NetworkX does
        edges += [(b, a) for a, b in edges]
    raw = igraph.Graph(n=n, edges=edges, directed=True).betweenness(directed=True, sources=[index[s] for s in sources])
    chosen = set(sources)
    # NetworkX's normalisation over ordered pairs; a sampled source cannot lie on its own paths,
    # so it is averaged over the other k-1 sources
    return {v: raw[i] / ((k - 1 if v in chosen else k) * (n - 2)) for i, v in enumerate(nodes)}


def centralities(
    G: nx.Graph, *, weight: str | None = None, exact: bool | None = None
) -> dict[str, dict[Hashable, float]]:
    """Degree, betweenness, closeness and eigenvector centrality of every node.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        The network; it is not modified.
    weight : str, optional
        Edge attribute holding tie *strength* (e.g. ``"weight"`` = shared affiliations).
        Betweenness and closeness use the distance ``1/weight``, eigenvector centrality the
        strength itself; degree centrality is always the normalised number of neighbours.
    exact : bool, optional
        Exact betweenness and closeness (O(VE)). Default: exact up to ``EXACT_MAX`` nodes;
        above it betweenness is estimated from ``BETWEENNESS_SAMPLES`` sampled sources (the
        same estimate as NetworkX's ``k``, see :func:`sampled_betweenness`) and closeness is
        left out.

    Returns
    -------
    dict
        ``{"degree": {node: value}, "betweenness": ..., "closeness": ..., "eigenvector": ...}``.

    Notes
    -----
    Eigenvector centrality is computed on the undirected view of a directed graph, on its
    largest connected component only (:func:`largest_component`), scaled to unit Euclidean
    length; every node outside it gets NaN. Computed per component, the values of different
    components would each be scaled on their own and could not be compared; left to the leading
    eigenvector of the whole graph, the smaller components would get 0 without a reason.
    :func:`eigenvector_scope` says in one line what was done. Betweenness and closeness are NetworkX's normalised versions (closeness with the
    Wasserman–Faust correction for disconnected graphs).

    Examples
    --------
    >>> import networkx as nx
    >>> c = centralities(nx.path_graph(3))
    >>> c["betweenness"][1], c["closeness"][0]
    (1.0, 0.6666666666666666)
    """
    distance = None
    H = G
    if weight is not None:
        H, distance = _distance_graph(G, weight)
    if exact is None:
        exact = len(G) <= EXACT_MAX
    found = {"degree": nx.degree_centrality(G)}
    if exact:
        found["betweenness"] = nx.betweenness_centrality(H, weight=distance, normalized=True)
        found["closeness"] = nx.closeness_centrality(H, distance=distance, wf_improved=True)
    elif distance is None:
        found["betweenness"] = sampled_betweenness(H, min(BETWEENNESS_SAMPLES, len(H)))
    else:
        found["betweenness"] = nx.betweenness_centrality(
            H, k=min(BETWEENNESS_SAMPLES, len(H)), weight=distance, seed=42
        )
    found["eigenvector"] = _eigenvector(G, weight)
    return found


def communities(
    G: nx.Graph, *, seed: int = 42, weight: str | None = "weight", resolution: float = 1.0
) -> dict[Hashable, int]:
    """Louvain communities as ``{node: community number}``.

    Uses :func:`networkx.community.louvain_communities` with a fixed ``seed``, so the same
    graph always gives the same partition. Communities are numbered 0, 1, … largest first;
    ties are ordered by their smallest node (as a string).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.barbell_graph(4, 0)   # two 4-cliques joined by one edge
    >>> part = communities(G)
    >>> sorted(set(part.values())), part[0] == part[3], part[0] == part[4]
    ([0, 1], True, False)
    """
    parts = nx.community.louvain_communities(G, weight=weight, resolution=resolution, seed=seed)
    ordered = sorted(parts, key=lambda c: (-len(c), min(str(n) for n in c)))
    return {n: i for i, comm in enumerate(ordered) for n in comm}


def constraint(G: nx.Graph, *, weight: str | None = None) -> dict[Hashable, float]:
    """Burt's constraint (:func:`networkx.constraint`); NaN for isolates.

    Examples
    --------
    >>> import networkx as nx
    >>> round(constraint(nx.star_graph(2))[0], 3)
    0.5
    """
    return nx.constraint(G, weight=weight)


def effective_size(G: nx.Graph, *, weight: str | None = None) -> dict[Hashable, float]:
    """Burt's effective size (:func:`networkx.effective_size`); NaN for isolates.

    Examples
    --------
    >>> import networkx as nx
    >>> effective_size(nx.star_graph(3))[0]
    3.0
    """
    return nx.effective_size(G, weight=weight)


def _role(ga, gb, gc) -> str:
    if ga == gb == gc:
        return "coordinator"  # w_I: A -> A -> A
    if ga == gc:
        return "consultant"  # w_O: A -> B -> A (itinerant broker)
    if ga == gb:
        return "representative"  # b_IO: A -> A -> B
    if gb == gc:
        return "gatekeeper"  # b_OI: A -> B -> B
    return "liaison"  # b_O: A -> B -> C


def brokerage(G: nx.Graph, group_attr: str) -> dict[Hashable, dict[str, int]]:
    """Gould–Fernandez brokerage roles: how often each node brokers each kind of open two-path.

    For every two-path ``a -> b -> c`` with ``a``, ``b``, ``c`` distinct and no tie
    ``a -> c``, the broker ``b`` gets one count in the role given by the groups
    (``G.nodes[n][group_attr]``) of the three nodes (Gould & Fernandez 1989):

    ==============  =========  ==============================
    role            notation   groups of a, b, c
    ==============  =========  ==============================
    coordinator     w_I        all the same
    consultant      w_O        a and c the same, b different
    representative  b_IO       b same as a, c different
    gatekeeper      b_OI       b same as c, a different
    liaison         b_O        all different
    ==============  =========  ==============================

    Parameters
    ----------
    G : networkx.DiGraph or networkx.Graph
        An undirected graph is treated as a directed one with each edge in both
        directions, as ``sna::brokerage`` does for symmetric data: every undirected open
        two-path is counted twice (``a -> b -> c`` and ``c -> b -> a``), so representative
        and gatekeeper counts are equal.
    group_attr : str
        Node attribute naming the group (e.g. ``"sector"`` or ``"type"``).

    Returns
    -------
    dict
        ``{node: {role: count}}`` with all five roles of :data:`BROKERAGE_ROLES` per node.

    Raises
    ------
    OwlgraphError
        If a node has no ``group_attr``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", "b"), ("b", "c")])
    >>> nx.set_node_attributes(G, {"a": "x", "b": "x", "c": "y"}, "sector")
    >>> brokerage(G, "sector")["b"]
    {'coordinator': 0, 'consultant': 0, 'representative': 1, 'gatekeeper': 0, 'liaison': 0}
    """
    groups = {}
    for n, data in G.nodes(data=True):
        if data.get(group_attr) is None:
            raise OwlgraphError(
                f"node {n!r} has no {group_attr!r} attribute; give every node a group or choose another attribute"
            )
        groups[n] = data[group_attr]
    directed = G.is_directed()
    pred = G.predecessors if directed else G.neighbors
    succ = G.successors if directed else G.neighbors
    result = {n: dict.fromkeys(BROKERAGE_ROLES, 0) for n in G}
    for b in G:
        outs = [c for c in succ(b) if c != b]
        for a in pred(b):
            if a == b:
                continue
            for c in outs:
                if c == a or G.has_edge(a, c):
                    continue
                result[b][_role(groups[a], groups[b], groups[c])] += 1
    return result


#: What direction means for each measure on a directed graph (printed by ``owlgraph metrics``).
DIRECTED_NOTE = (
    "on a directed graph betweenness follows edge directions and closeness counts the paths into each node; "
    "degree counts edges in both directions, and eigenvector, constraint and effective size use every neighbour "
    "whatever the direction (--undirected for all measures on the undirected graph)"
)


def add_metrics(
    G: nx.Graph,
    *,
    measures: Iterable[str] = MEASURES,
    group_attr: str | None = None,
    weight: str | None = None,
    seed: int = 42,
) -> nx.Graph:
    """Return a copy of ``G`` with each measure written as a node attribute.

    Attribute names are the measure names (``degree``, ``betweenness``, ``closeness``,
    ``eigenvector``, ``community``, ``constraint``, ``effective_size``); with
    ``group_attr`` the five brokerage roles are added as ``brokerage_<role>``.
    ``G`` itself is not modified. ``graph["metrics_direction"]`` says whether the measures
    followed edge directions (a directed graph) or not, and for a directed graph
    ``graph["metrics_direction_note"]`` which of them do (:data:`DIRECTED_NOTE`); ``graph["eigenvector_scope"]`` says, for a
    network of several components, that eigenvector centrality covers the largest one only
    (:func:`eigenvector_scope`). An empty graph is refused
    (:class:`~owlgraph.core.errors.EmptyResultError`).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.path_graph(3)
    >>> H = add_metrics(G, measures=("betweenness",))
    >>> H.nodes[1]["betweenness"], "betweenness" in G.nodes[1]
    (1.0, False)
    """
    measures = tuple(measures)
    if not len(G):
        from owlgraph.core.errors import EmptyResultError

        raise EmptyResultError("the network has no nodes, so there is nothing to measure; build one that has nodes")
    unknown = [m for m in measures if m not in MEASURES]
    if unknown:
        raise OwlgraphError(f"unknown measure(s) {', '.join(unknown)}; use one of: {', '.join(MEASURES)}")
    H = G.copy()
    values: dict[str, dict] = {}
    if any(m in _CENTRALITIES for m in measures):
        values.update(centralities(G, weight=weight))
    if "community" in measures:
        values["community"] = communities(G, seed=seed, weight=weight)
    if "constraint" in measures:
        values["constraint"] = constraint(G, weight=weight)
    if "effective_size" in measures:
        values["effective_size"] = effective_size(G, weight=weight)
    for m in measures:
        if m in values:  # closeness is left out of large graphs (see centralities)
            nx.set_node_attributes(H, values[m], m)
    H.graph["metrics_direction"] = "directed" if G.is_directed() else "undirected"
    if G.is_directed():
        H.graph["metrics_direction_note"] = DIRECTED_NOTE
    scope = eigenvector_scope(G) if "eigenvector" in measures else None
    if scope is not None:  # a network of several components: say where eigenvector centrality was computed
        H.graph["eigenvector_scope"] = scope
    if any(m in _CENTRALITIES for m in measures):
        H.graph["betweenness_method"] = (
            "exact" if len(G) <= EXACT_MAX else f"estimated from {min(BETWEENNESS_SAMPLES, len(G))} sampled sources"
        )
    if group_attr is not None:
        for n, roles in brokerage(G, group_attr).items():
            for role, count in roles.items():
                H.nodes[n][f"brokerage_{role}"] = count
    return H


#: Two values of a measure closer than this (relatively) are equal: float noise never splits a tie.
TIE_TOLERANCE = 1e-9


def _competition_ranks(values: list[float]) -> list[int]:
    """Ranks 1, 2, 2, 4 … of values already sorted best first; near-equal values share a rank.

    Each value is compared with the first value of its tie group (relative ``TIE_TOLERANCE``;
    absolutely 1e-12 near zero), so a run of tiny steps never chains into one long tie.

    >>> _competition_ranks([0.5, 0.3, 0.3 + 1e-16, 0.1, 0.1, 0.0])
    [1, 2, 2, 4, 4, 6]
    """
    ranks: list[int] = []
    first = None
    for i, v in enumerate(values):
        if first is None or not math.isclose(v, values[first], rel_tol=TIE_TOLERANCE, abs_tol=1e-12):
            first = i
        ranks.append(first + 1)
    return ranks


def _numeric_measure(G: nx.Graph, measure: str) -> nx.Graph:
    """``G`` with ``measure`` on its nodes (computed if no node has it); refuses groupings."""
    if measure == "community":
        raise OwlgraphError(
            "community is a grouping, not a score: community numbers cannot be ranked; "
            "use community_table(G) (owlgraph metrics --measure community shows it)"
        )
    if measure == "brokerage":
        raise OwlgraphError(
            "brokerage is five counts per node, not one score; use brokerage_table(G, group_attr) "
            "(owlgraph metrics --measure brokerage --group-by type shows it)"
        )
    if not any(measure in d for _, d in G.nodes(data=True)):
        if measure not in MEASURES:
            raise OwlgraphError(
                f"no node has a {measure!r} attribute; use one of: {', '.join(MEASURES)} or call add_metrics first"
            )
        G = add_metrics(G, measures=(measure,))
    return G


def ranked(G: nx.Graph, measure: str, top: int | None = 10):
    """The ``top`` nodes by ``measure`` as a :class:`pandas.DataFrame`.

    Columns: ``node``, ``label``, ``type``, ``value``, ``rank`` (1 = highest). Equal values
    share the best rank and the next rank skips (competition ranking 1, 2, 2, 4); values that
    differ by less than a relative ``1e-9`` (float noise) count as equal. Constraint is ranked
    ascending, as low constraint marks a broker. The measure is read from the node attribute of
    that name (see :func:`add_metrics`) and computed on the fly if no node has it. Communities
    are groupings, not scores: see :func:`community_table`. Tied rows are ordered by label, then
    node id; when the first ``top`` rows end inside a tie, ``attrs["cut"]`` holds one line saying
    so (:func:`cut_note`), else ``None``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.star_graph(3)
    >>> ranked(G, "degree", top=2)[["node", "value", "rank"]].to_dict("records")
    [{'node': 0, 'value': 1.0, 'rank': 1}, {'node': 1, 'value': 0.3333333333333333, 'rank': 2}]
    >>> ranked(G, "degree", top=None)["rank"].tolist()
    [1, 2, 2, 2]
    """
    import pandas as pd

    G = _numeric_measure(G, measure)
    rows = [
        {"node": n, "label": d.get("label", str(n)), "type": d.get("type"), "value": d[measure]}
        for n, d in G.nodes(data=True)
        if d.get(measure) is not None and not (isinstance(d[measure], float) and math.isnan(d[measure]))
    ]
    ascending = measure == "constraint"
    rows.sort(key=lambda r: (r["value"] if ascending else -r["value"], str(r["label"])))
    df = pd.DataFrame(rows, columns=["node", "label", "type", "value"])
    df["rank"] = _competition_ranks([r["value"] for r in rows])
    # ties listed by label, then node id: sorting by value alone would order them by float noise
    df["_id"] = df["node"].astype(str)
    df = df.sort_values(["rank", "label", "_id"], kind="stable", key=lambda c: c if c.name == "rank" else c.astype(str))
    df = df.drop(columns="_id").reset_index(drop=True)
    return _first(df, top, cut_note(df["rank"].tolist(), top, order="by label, then node id"))


def _first(df, top: int | None, note: str | None):
    """The first ``top`` rows of ``df`` (all without ``top``), with ``note`` from :func:`cut_note` in ``attrs["cut"]``."""
    if top is not None:
        df = df.head(top)
    df.attrs["cut"] = note
    return df


def cut_note(keys: list, top: int | None, *, rows: str = "nodes", key: str = "rank", order: str) -> str | None:
    """One line when the first ``top`` of ``keys`` (sorted best first) end inside a tie, else ``None``.

    ``keys`` are what the rows are ranked by (a rank, a size, a count; ``key`` names it), ``rows``
    names the rows and ``order`` says how tied rows were ordered, so that a reader knows the cut
    there is arbitrary. :func:`ranked`, :func:`community_table` and :func:`brokerage_table` keep it
    in the frame's ``attrs["cut"]``.

    Examples
    --------
    >>> print(cut_note([1, 2, 2, 2, 5], 2, order="by label"))
    top 2 cuts a tie: 3 nodes share rank 2 and only 1 of them is shown (tied rows ordered by label)
    >>> cut_note([1, 2, 3], 2, order="by label") is None
    True
    """
    if top is None or len(keys) <= top or keys[top - 1] != keys[top]:
        return None
    cut = keys[top - 1]
    tied, shown = keys.count(cut), keys[:top].count(cut)
    verb = "is" if shown == 1 else "are"
    return (
        f"top {top} cuts a tie: {tied} {rows} share {key} {cut} and only {shown} of them {verb} shown "
        f"(tied rows ordered {order})"
    )


def community_table(G: nx.Graph, top: int | None = 10, *, members: int = 5):
    """Communities as a grouping: one row per community with its size and its best-connected members.

    Columns: ``community`` (the number :func:`communities` gives: 0 is the largest), ``size`` and
    ``members`` (the labels of up to ``members`` nodes of highest degree). Read from the
    ``community`` node attribute, computed if no node has it.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.barbell_graph(3, 0)
    >>> community_table(G)[["community", "size"]].to_dict("records")
    [{'community': 0, 'size': 3}, {'community': 1, 'size': 3}]
    """
    import pandas as pd

    if not any("community" in d for _, d in G.nodes(data=True)):
        G = add_metrics(G, measures=("community",))
    groups: dict[int, list] = {}
    for n, c in G.nodes(data="community"):
        if c is not None:
            groups.setdefault(c, []).append(n)
    degree = dict(G.degree())
    rows = []
    for c, nodes in sorted(groups.items(), key=lambda cn: (-len(cn[1]), cn[0])):
        best = sorted(nodes, key=lambda n: (-degree[n], str(G.nodes[n].get("label", n))))[:members]
        names = [str(G.nodes[n].get("label", n)) for n in best]
        rows.append(
            {"community": c, "size": len(nodes), "members": ", ".join(names) + (", …" if len(nodes) > members else "")}
        )
    df = pd.DataFrame(rows, columns=["community", "size", "members"])
    return _first(
        df, top, cut_note(df["size"].tolist(), top, rows="communities", key="size", order="by community number")
    )


def brokerage_table(G: nx.Graph, group_attr: str = "type", top: int | None = 10):
    """Gould–Fernandez brokerage roles per node (see :func:`brokerage`), most brokering nodes first.

    Columns: ``node``, ``label``, ``group`` (the node's ``group_attr``), the five roles of
    :data:`BROKERAGE_ROLES` and ``total``. Nodes that broker nothing are left out.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.path_graph(["a", "b", "c"])
    >>> nx.set_node_attributes(G, {"a": "x", "b": "x", "c": "y"}, "type")
    >>> brokerage_table(G)[["node", "group", "representative", "gatekeeper", "total"]].to_dict("records")
    [{'node': 'b', 'group': 'x', 'representative': 1, 'gatekeeper': 1, 'total': 2}]
    """
    import pandas as pd

    rows = []
    for n, roles in brokerage(G, group_attr).items():
        total = sum(roles.values())
        if total:
            d = G.nodes[n]
            rows.append({"node": n, "label": d.get("label", str(n)), "group": d[group_attr], **roles, "total": total})
    rows.sort(key=lambda r: (-r["total"], str(r["label"]), str(r["node"])))
    df = pd.DataFrame(rows, columns=["node", "label", "group", *BROKERAGE_ROLES, "total"])
    return _first(df, top, cut_note(df["total"].tolist(), top, key="total", order="by label, then node id"))


def metrics_to_rdf(G: nx.Graph, *, graph_iri: str):
    """Write every node's metrics as typed literals into the named graph ``graph_iri``.

    Each node attribute registered in :data:`METRIC_PREDICATES` becomes one triple
    ``<node> og:<predicate> "value"^^xsd:double|xsd:integer``. Nodes that are not IRIs,
    and NaN values (constraint of an isolate), are skipped.

    Returns
    -------
    rdflib.Dataset
        A dataset holding one named graph, ``graph_iri``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("https://example.org/a", "https://example.org/b")])
    >>> ds = metrics_to_rdf(add_metrics(G, measures=("degree",)), graph_iri="https://example.org/g")
    >>> g = ds.graph("https://example.org/g")
    >>> sorted(o.toPython() for o in g.objects(None, OG.degreeCentrality))
    [1.0, 1.0]
    """
    from rdflib import Dataset, Literal, URIRef

    ds = Dataset()
    ds.bind("og", OG)
    ds.bind("xsd", _ns.XSD)
    g = ds.graph(URIRef(graph_iri))
    for n, data in G.nodes(data=True):
        if not is_iri(n):
            continue
        subject = URIRef(n)
        for attr, (predicate, datatype) in METRIC_PREDICATES.items():
            value = data.get(attr)
            if value is None or isinstance(value, bool):
                continue
            if isinstance(value, float) and math.isnan(value):
                continue
            lexical = int(value) if datatype == _ns.XSD.integer else float(value)
            g.add((subject, predicate, Literal(lexical, datatype=datatype)))
    return ds
