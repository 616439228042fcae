"""The cooperation network of a large graph kept compact: node IRIs and integer edge arrays.

:func:`~owlgraph.network.builders.cooperation_network` gives a NetworkX graph with a Python dict
for every node and every edge: at a million organisations about 4 GB and most of the projection's
time. A pipeline that needs measures over the whole network (degree, sampled betweenness) and then
a view of its top nodes needs the whole graph only as numbers. :func:`read_cooperation_network`
folds the same projection, streamed from the store, into arrays; :meth:`CompactNetwork.centralities`
computes on them (betweenness in igraph's C core); :meth:`CompactNetwork.subnetwork` gives the
NetworkX graph of chosen nodes with exactly the nodes, edges, attributes and order that
``cooperation_network(source, evidence=False)`` restricted to them has.

Examples
--------
>>> from owlgraph.network.builders import cooperation_network
>>> from owlgraph.store.loading import load_graph
>>> g = load_graph()
>>> net = read_cooperation_network(g)
>>> full = cooperation_network(g, evidence=False)
>>> (len(net), net.number_of_edges()) == (len(full), full.number_of_edges())
True
>>> top = net.top(5)
>>> H = net.subnetwork(top)
>>> def ties(G):
...     return {frozenset((u, v)): w for u, v, w in G.edges(data="weight")}
>>> ties(H) == ties(full.subgraph(top)) and len(ties(H)) > 0
True
"""

from __future__ import annotations

import random
from array import array
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np

from owlgraph.core.errors import EmptyResultError
from owlgraph.network.builders import (
    AGENTS_LOOKED_FOR,
    COOPERATION_TEMPLATE,
    _add_nodes,
    _all_labels,
    _chosen_labels,
    _fill,
    _present_terms,
    _string_rows,
    without_gc,
)
from owlgraph.network.vocabulary import agent_classes, agent_types

__all__ = ["CompactNetwork", "read_cooperation_network"]


class _Nodes:
    """Takes the nodes :func:`~owlgraph.network.builders._add_nodes` adds, without a NetworkX graph."""

    def __init__(self) -> None:
        self.attrs: dict[str, tuple[str, str]] = {}  # IRI -> (label, type), in the order added

    def add_nodes_from(self, nodes) -> None:
        self.attrs.update((node, (attrs["label"], attrs["type"])) for node, attrs in nodes)

    def __len__(self) -> int:
        return len(self.attrs)


@dataclass
class CompactNetwork:
    """A cooperation network as arrays: what :func:`read_cooperation_network` returns.

    ``nodes`` are the IRIs in ``cooperation_network``'s node order; ``u``/``v`` the edges as
    indices into ``nodes`` (the lexically smaller IRI first, edges sorted by their IRIs, as
    ``cooperation_network`` adds them); ``weight`` the number of distinct reasons per edge.
    """

    nodes: list[str]
    attrs: dict[str, tuple[str, str]] = field(repr=False)
    u: np.ndarray = field(repr=False)
    v: np.ndarray = field(repr=False)
    weight: np.ndarray = field(repr=False)
    _reasons: tuple[np.ndarray, np.ndarray, np.ndarray] = field(repr=False)  # edge, relation, context per reason
    _relations: list[str] = field(repr=False)
    _contexts: list[str] = field(repr=False)
    _context_labels: dict[str, str | None] = field(repr=False)

    def __len__(self) -> int:
        return len(self.nodes)

    def number_of_edges(self) -> int:
        return len(self.u)

    def degree(self) -> np.ndarray:
        """Number of neighbours of every node, in ``nodes`` order."""
        n = len(self.nodes)
        return np.bincount(self.u, minlength=n) + np.bincount(self.v, minlength=n)

    def centralities(self, *, k: int, seed: int = 42) -> dict[str, np.ndarray]:
        """Degree centrality and betweenness from ``k`` sampled sources, in ``nodes`` order.

        The numbers of ``nx.degree_centrality`` and
        :func:`~owlgraph.network.analysis.sampled_betweenness` (``k``, ``seed``) on the NetworkX graph,
        without building it: the same sources, the same scaling, paths counted by igraph.

        Examples
        --------
        >>> from owlgraph.store.loading import load_graph
        >>> from owlgraph.network.analysis import sampled_betweenness
        >>> from owlgraph.network.builders import cooperation_network
        >>> g = load_graph()
        >>> net, G = read_cooperation_network(g), cooperation_network(g, evidence=False)
        >>> c = net.centralities(k=16)
        >>> theirs = sampled_betweenness(G, 16)
        >>> bool(max(abs(c["betweenness"][i] - theirs[n]) for i, n in enumerate(net.nodes)) < 1e-12)
        True
        """
        import igraph

        n = len(self.nodes)
        if n < 3 or k >= n:
            raise ValueError(f"k={k} sampled sources need a network of more than {k} nodes (and at least 3)")
        degree = self.degree() * (1.0 / (n - 1.0))  # nx.degree_centrality's scaling
        sources = random.Random(seed).sample(range(n), k)  # the sample NetworkX draws from list(G)
        edges = np.concatenate([np.column_stack([self.u, self.v]), np.column_stack([self.v, self.u])])
        raw = np.asarray(
            igraph.Graph(n=n, edges=edges, directed=True).betweenness(directed=True, sources=sources), dtype=float
        )
        scale = np.full(n, float(k))
        scale[sources] = k - 1  # a source cannot lie on its own paths: averaged over the other k-1
        return {"degree": degree, "betweenness": raw / (scale * (n - 2))}

    def top(self, n: int, *, score: np.ndarray | None = None) -> list[str]:
        """The ``n`` nodes of highest ``score`` (default: degree), ties broken by IRI, as
        :func:`~owlgraph.network.subnetwork.select_subnetwork` breaks them."""
        score = self.degree() if score is None else score
        best = -np.asarray(score, dtype=float)
        cut = np.sort(best)[min(n, len(best)) - 1]  # the n-th best score: candidates are those up to it
        candidates = np.flatnonzero(best <= cut)
        chosen = sorted(candidates.tolist(), key=lambda i: (best[i], self.nodes[i]))[:n]
        return [self.nodes[i] for i in chosen]

    def subnetwork(self, keep, *, measures: dict[str, np.ndarray] | None = None) -> nx.Graph:
        """The NetworkX cooperation network of the nodes ``keep`` (IRIs): nodes, edges and attributes as
        ``cooperation_network(source, evidence=False)`` has them, in the same order.

        ``measures`` (such as :meth:`centralities`, arrays in ``nodes`` order) become node attributes,
        as :func:`~owlgraph.network.analysis.add_metrics` sets them on the whole network."""
        wanted = set(keep)
        unknown = wanted - self.attrs.keys()
        if unknown:
            raise KeyError(f"not nodes of this network: {', '.join(sorted(unknown)[:5])}")
        G = nx.Graph(kind="cooperation", directed=False)
        chosen = np.zeros(len(self.nodes), dtype=bool)
        for i, node in enumerate(self.nodes):
            if node in wanted:
                chosen[i] = True
                label, type_name = self.attrs[node]
                G.add_node(node, label=label, type=type_name, iri=node)
                for name, values in (measures or {}).items():
                    G.nodes[node][name] = float(values[i])
        inside = np.flatnonzero(chosen[self.u] & chosen[self.v])
        edge, relation, context = self._reasons
        picked = np.isin(edge, inside)
        found: dict[int, set] = {}
        for e, r, c in zip(edge[picked].tolist(), relation[picked].tolist(), context[picked].tolist(), strict=True):
            found.setdefault(e, set()).add((self._relations[r], self._contexts[c]))
        for e in inside.tolist():
            reasons = found[e]
            relations = sorted({r for r, _ in reasons})
            via = sorted({self._via(c) for _, c in reasons})
            G.add_edge(
                self.nodes[self.u[e]],
                self.nodes[self.v[e]],
                weight=float(len(reasons)),
                relations=relations,
                label=", ".join(relations),
                via=via,
                evidence=[],
                inferred=False,
            )
        return G

    def _via(self, context: str) -> str:
        if context in self.attrs:
            return self.attrs[context][0]
        label = self._context_labels.get(context, context)
        return context if label is None else label


@without_gc
def read_cooperation_network(source, *, include_inferred: bool = True) -> CompactNetwork:
    """The cooperation network of ``source`` as a :class:`CompactNetwork` (no evidence).

    The same projection as :func:`~owlgraph.network.builders.cooperation_network` with
    ``evidence=False``, streamed from the store and folded into integer arrays, for graphs whose
    NetworkX form does not fit in memory (a million organisations).
    """
    if not include_inferred:
        raise ValueError("include_inferred=False needs the evidence index: use cooperation_network")
    present = _present_terms(source)
    all_labels = _all_labels(source, present)
    collected = _Nodes()
    # only add_nodes_from and len are used, so the nodes are collected without a NetworkX graph
    _add_nodes(
        collected,
        source,
        types=agent_types(),
        classes=agent_classes(present),
        all_labels=all_labels,
    )
    if not len(collected):
        raise EmptyResultError(
            f"no organisations or collaborations found (looked for {AGENTS_LOOKED_FOR}); try --kind full"
        )
    nodes = list(collected.attrs)
    index = {node: i for i, node in enumerate(nodes)}
    relation_ids: dict[str, int] = {}
    context_ids: dict[str, int] = {}
    a_col, b_col, r_col, c_col = array("l"), array("l"), array("l"), array("l")
    query = _fill(COOPERATION_TEMPLATE, present).replace(
        "SELECT ?a ?b ?relation ?context ?fa ?pa ?oa_ ?fb ?pb ?ob_ WHERE", "SELECT ?a ?b ?relation ?context WHERE"
    )
    get = index.get
    for a, b, relation, context in _string_rows(source, query):
        ia, ib = get(a), get(b)
        if ia is None or ib is None or ia == ib:
            continue
        if b < a:
            ia, ib = ib, ia
        a_col.append(ia)
        b_col.append(ib)
        r_col.append(relation_ids.setdefault(relation, len(relation_ids)))
        c_col.append(context_ids.setdefault(context, len(context_ids)))
    contexts = list(context_ids)
    del context_ids, index
    outside = {c for c in contexts if c not in collected.attrs}
    context_labels = _chosen_labels(all_labels, outside, collected.attrs)  # the nodes' language, as cooperation_network
    del all_labels
    u, v, weight, reasons = _fold(
        nodes,
        *(
            np.frombuffer(col, dtype=np.int64) if len(col) else np.zeros(0, np.int64)
            for col in (a_col, b_col, r_col, c_col)
        ),
    )
    return CompactNetwork(
        nodes=nodes,
        attrs=collected.attrs,
        u=u,
        v=v,
        weight=weight,
        _reasons=reasons,
        _relations=list(relation_ids),
        _contexts=contexts,
        _context_labels=context_labels,
    )


def _fold(nodes: list[str], a, b, r, c) -> tuple[Any, Any, Any, tuple]:
    """Distinct reasons per pair, and the pairs in the order of their IRIs."""
    rank = np.empty(len(nodes), dtype=np.int64)
    rank[sorted(range(len(nodes)), key=nodes.__getitem__)] = np.arange(len(nodes))
    reasons = np.unique(np.column_stack([rank[a], rank[b], r, c]), axis=0)  # sorted by (IRI a, IRI b, ...)
    by_rank = np.argsort(rank)
    pairs, counts = np.unique(reasons[:, :2], axis=0, return_counts=True)
    edge_of_reason = np.repeat(np.arange(len(pairs)), counts)
    return (
        by_rank[pairs[:, 0]],
        by_rank[pairs[:, 1]],
        counts.astype(float),
        (edge_of_reason, reasons[:, 2], reasons[:, 3]),
    )
