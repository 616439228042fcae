"""Network files that other tools open: Gephi, yEd, Cytoscape, Pajek, VOSviewer, spreadsheets, D3.

One registry, :data:`NETWORK_FORMATS`, maps a format name to its writer and reader;
:func:`write_network` and :func:`read_network` look formats up there. Every file is
written atomically (:mod:`owlgraph.core.files`).

=========  =====================================  ==========================================
format     files                                  what the format cannot hold
=========  =====================================  ==========================================
gexf       one ``.gexf`` (GEXF 1.2, Gephi)         lists -> ``"a | b"``; None, [] dropped
graphml    one ``.graphml`` (yEd, Cytoscape)       lists -> ``"a | b"``; IRIs in node_id
csv        ``nodes.csv`` + ``edges.csv``           types are re-inferred on reading (see below)
json       one node-link ``.json`` (D3)            nothing (lists kept)
cytoscape  one Cytoscape.js ``.cyjs`` (Cytoscape)  nothing (lists kept)
pajek      one ``.net``                            only label, weight and edge label
vosviewer  ``map.txt`` + ``network.txt``           undirected; label, cluster, weights only
=========  =====================================  ==========================================

A missing value is absent in every format: an attribute that is None, NaN or infinite
(Burt's constraint of an isolated node, for example) is not written at all, so every
file parses with strict JSON parsers, Java's number parsing (yEd, Cytoscape, Gephi) and
spreadsheet tools.

Two-file formats take a *directory* (a path without suffix: ``out/net`` ->
``out/net/nodes.csv``) or a *stem* (a path with a suffix: ``out/net.csv`` ->
``out/net-nodes.csv``, ``out/net-edges.csv``).

Examples
--------
>>> import networkx as nx, tempfile, pathlib
>>> G = nx.Graph([("a", "b")], name="demo")
>>> G.nodes["a"]["evidence"] = ["quote 1", "quote 2"]
>>> p = pathlib.Path(tempfile.mkdtemp()) / "demo.graphml"
>>> write_network(G, p, "graphml") == p
True
>>> read_network(p, "graphml").nodes["a"]["evidence"]
'quote 1 | quote 2'
"""

from __future__ import annotations

import csv
import json
import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from owlgraph.core.errors import ExportError, InputFileError
from owlgraph.core.files import atomic_path

__all__ = [
    "NETWORK_FORMATS",
    "NetworkFormat",
    "write_network",
    "network_files",
    "read_network",
    "flatten_attributes",
    "LIST_SEPARATOR",
]

#: How list attributes are joined for formats with scalar attributes only.
LIST_SEPARATOR = " | "


def _flat(value):
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return LIST_SEPARATOR.join(str(v) for v in items if not _missing(v))
    if isinstance(value, (str, bool, int, float)):
        return value
    return str(value)


def _missing(value) -> bool:
    """None, NaN and infinities are missing values: no file format writes them."""
    return value is None or (isinstance(value, float) and not math.isfinite(value))


def _keep(value) -> bool:
    return not _missing(value) and not (isinstance(value, (list, tuple, set, frozenset)) and not value)


def _present(attrs: dict) -> dict:
    """The attributes with a value (lists without their missing items), for the formats that keep lists."""
    out = {}
    for k, v in attrs.items():
        if isinstance(v, (list, tuple, set, frozenset)):
            v = [x for x in (sorted(v, key=str) if isinstance(v, (set, frozenset)) else v) if not _missing(x)]
        if not _missing(v):
            out[k] = v
    return out


def _without_missing(G: nx.Graph) -> nx.Graph:
    """A copy of ``G`` without missing values (see :func:`_present`); lists stay lists."""
    H = G.__class__()
    H.graph.update(_present(G.graph))
    H.add_nodes_from((n, _present(d)) for n, d in G.nodes(data=True))
    H.add_edges_from((u, v, _present(d)) for u, v, d in G.edges(data=True))
    return H


def flatten_attributes(G: nx.Graph) -> nx.Graph:
    """A copy of ``G`` whose attributes are all str/int/float/bool.

    Lists become ``"a | b"`` strings, other objects ``str(value)``; missing values (None,
    NaN, infinities) and empty lists are dropped (no format but JSON tells an empty list
    from a missing value).

    >>> import networkx as nx
    >>> G = nx.Graph(); G.add_node("n", evidence=["x", "y"], website=None, constraint=float("nan"))
    >>> flatten_attributes(G).nodes["n"]
    {'evidence': 'x | y'}
    """
    H = G.__class__()
    H.graph.update({k: _flat(v) for k, v in G.graph.items() if _keep(v)})
    for n, d in G.nodes(data=True):
        H.add_node(n, **{k: _flat(v) for k, v in d.items() if _keep(v)})
    for u, v, d in G.edges(data=True):
        H.add_edge(u, v, **{k: _flat(x) for k, x in d.items() if _keep(x)})
    return H


def _pair(path: Path, first: str, second: str) -> tuple[Path, Path]:
    """The two files of a two-file format: ``dir/first`` or ``stem-first``."""
    if path.suffix == "" or path.is_dir():
        return path / first, path / second
    stem = path.with_suffix("")
    return stem.with_name(f"{stem.name}-{first}"), stem.with_name(f"{stem.name}-{second}")


# --- GEXF / GraphML -----------------------------------------------------------------------------


def _write_gexf(G: nx.Graph, path: Path) -> None:
    from xml.etree.ElementTree import ElementTree

    writer = nx.readwrite.gexf.GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    writer.add_graph(flatten_attributes(G))
    # NetworkX always writes <graph name="…">, which the GEXF 1.2 schema does not allow.
    writer.graph_element.attrib.pop("name", None)
    with atomic_path(path) as tmp:
        ElementTree(writer.xml).write(tmp, encoding="utf-8", xml_declaration=True)


def _read_gexf(path: Path) -> nx.Graph:
    G = nx.read_gexf(path, node_type=str)
    for *_, d in G.edges(data=True):
        d.pop("id", None)  # edge ids are GEXF housekeeping, not data
    return G


_NMTOKEN = re.compile(r"^[\w.:-]+$")


def _write_graphml(G: nx.Graph, path: Path) -> None:
    H = flatten_attributes(G)
    if not all(isinstance(n, str) and _NMTOKEN.match(n) for n in H):
        # GraphML ids are XML NMTOKENs, which IRIs (with "/", "#") are not: number the nodes
        # and keep the real id in the node_id attribute, which read_network restores.
        mapping = {n: f"n{i}" for i, n in enumerate(H)}
        for n in H:
            H.nodes[n]["node_id"] = str(n)
        H = nx.relabel_nodes(H, mapping)
    with atomic_path(path) as tmp:
        nx.write_graphml(H, tmp, encoding="utf-8")


def _read_graphml(path: Path) -> nx.Graph:
    G = nx.read_graphml(path, node_type=str)
    if all("node_id" in d for _, d in G.nodes(data=True)) and len(G):
        mapping = {n: d.pop("node_id") for n, d in G.nodes(data=True)}
        G = nx.relabel_nodes(G, mapping)
    return G


# --- JSON node-link ------------------------------------------------------------------------------


def _json_text(data) -> str:
    # allow_nan=False: a NaN that slipped through fails here instead of writing invalid JSON
    return json.dumps(data, ensure_ascii=False, indent=1, default=str, allow_nan=False)


def _write_json(G: nx.Graph, path: Path) -> None:
    data = nx.node_link_data(_without_missing(G), edges="edges")
    with atomic_path(path) as tmp:
        tmp.write_text(_json_text(data), encoding="utf-8")


# --- Cytoscape.js JSON ---------------------------------------------------------------------------
# The elements JSON of Cytoscape.js (js.cytoscape.org, "Notation for elements"), which Cytoscape
# desktop opens as .cyjs: {"data": {…graph…}, "elements": {"nodes": [{"data": {"id": …}}],
# "edges": [{"data": {"source": …, "target": …}}]}}. Ids are strings; edges get no id (Cytoscape
# assigns them), so no edge id can clash with a node id.

_CY_RESERVED = ("id", "source", "target")


def _cy_data(attrs: dict, reserved: dict) -> dict:
    clash = sorted(set(attrs) & set(_CY_RESERVED))
    if clash:
        raise ExportError(
            f"attribute {clash[0]!r} is reserved in Cytoscape.js JSON; rename it before writing format cytoscape"
        )
    return {**reserved, **attrs}


def _write_cytoscape(G: nx.Graph, path: Path) -> None:
    H = _without_missing(G)
    nodes = [{"data": _cy_data(d, {"id": str(n)})} for n, d in H.nodes(data=True)]
    edges = [{"data": _cy_data(d, {"source": str(u), "target": str(v)})} for u, v, d in H.edges(data=True)]
    doc = {
        "format_version": "1.0",
        "generated_by": "owlgraph",
        "target_cytoscapejs_version": "~3",
        "data": {**H.graph, "directed": H.is_directed()},
        "elements": {"nodes": nodes, "edges": edges},
    }
    with atomic_path(path) as tmp:
        tmp.write_text(_json_text(doc), encoding="utf-8")


def _read_cytoscape(path: Path) -> nx.Graph:
    doc = json.loads(path.read_text(encoding="utf-8"))
    graph = dict(doc.get("data", {}))
    G = nx.DiGraph() if graph.pop("directed", False) else nx.Graph()
    G.graph.update(graph)
    elements = doc["elements"]
    for node in elements.get("nodes", []):
        data = dict(node["data"])
        G.add_node(str(data.pop("id")), **data)
    for edge in elements.get("edges", []):
        data = dict(edge["data"])
        data.pop("id", None)
        G.add_edge(str(data.pop("source")), str(data.pop("target")), **data)
    return G


def _read_json(path: Path) -> nx.Graph:
    data = json.loads(path.read_text(encoding="utf-8"))
    return nx.node_link_graph(data, edges="edges")


# --- CSV node and edge tables --------------------------------------------------------------------
# Column names follow Gephi's spreadsheet import (Id, Label / Source, Target, Type, Weight) so the
# tables load into Gephi's Data Laboratory as they are.

_NODE_COLS = {"label": "Label"}
_EDGE_COLS = {"weight": "Weight"}
_INT = re.compile(r"^-?\d+$")


def _columns(rows: list[dict], renamed: dict[str, str]) -> list[str]:
    seen: dict[str, None] = {}
    for d in rows:
        seen.update(dict.fromkeys(d))
    return [renamed.get(k, k) for k in seen]


def _write_csv(G: nx.Graph, path: Path) -> None:
    H = flatten_attributes(G)
    nodes_path, edges_path = _pair(path, "nodes.csv", "edges.csv")
    node_rows = [d for _, d in H.nodes(data=True)]
    edge_rows = [d for *_, d in H.edges(data=True)]
    node_cols = ["Id"] + [c for c in _columns(node_rows, _NODE_COLS) if c != "Id"]
    edge_cols = ["Source", "Target", "Type"] + [
        c for c in _columns(edge_rows, _EDGE_COLS) if c not in ("Source", "Target", "Type")
    ]
    kind = "Directed" if H.is_directed() else "Undirected"
    with atomic_path(nodes_path) as tn, atomic_path(edges_path) as te:
        with open(tn, "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, node_cols, quoting=csv.QUOTE_NONNUMERIC)
            w.writeheader()
            for n, d in H.nodes(data=True):
                w.writerow({"Id": str(n), **{_NODE_COLS.get(k, k): v for k, v in d.items()}})
        with open(te, "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, edge_cols, quoting=csv.QUOTE_NONNUMERIC)
            w.writeheader()
            for u, v, d in H.edges(data=True):
                w.writerow(
                    {
                        "Source": str(u),
                        "Target": str(v),
                        "Type": kind,
                        **{_EDGE_COLS.get(k, k): x for k, x in d.items()},
                    }
                )


def _typed_column(values: list[str]) -> list:
    """Re-infer one column: all ints -> int, all numbers -> float, True/False -> bool, else str."""
    present = [v for v in values if v != ""]
    if present and all(_INT.match(v) for v in present):
        return [int(v) if v != "" else None for v in values]
    try:
        if present:
            return [float(v) if v != "" else None for v in values]
    except ValueError:
        pass
    if present and all(v in ("True", "False") for v in present):
        return [(v == "True") if v != "" else None for v in values]
    return [v if v != "" else None for v in values]


def _read_table(p: Path, keep_str: set[str]) -> tuple[list[str], list[dict]]:
    with open(p, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    columns = {}
    for i, name in enumerate(header):
        raw = [r[i] if i < len(r) else "" for r in body]
        columns[name] = raw if name in keep_str else _typed_column(raw)
    return header, [{h: columns[h][j] for h in header} for j in range(len(body))]


def _read_csv(path: Path) -> nx.Graph:
    nodes_path, edges_path = _pair(path, "nodes.csv", "edges.csv")
    _, nodes = _read_table(nodes_path, {"Id", "Label"})
    _, edges = _read_table(edges_path, {"Source", "Target", "Type"})
    directed = any(e.get("Type") == "Directed" for e in edges)
    G = nx.DiGraph() if directed else nx.Graph()
    back_n = {v: k for k, v in _NODE_COLS.items()}
    back_e = {v: k for k, v in _EDGE_COLS.items()}
    for row in nodes:
        G.add_node(row.pop("Id"), **{back_n.get(k, k): v for k, v in row.items() if v not in (None, "")})
    for row in edges:
        u, v = row.pop("Source"), row.pop("Target")
        row.pop("Type", None)
        G.add_edge(u, v, **{back_e.get(k, k): x for k, x in row.items() if x not in (None, "")})
    return G


# --- Pajek ---------------------------------------------------------------------------------------


def _pajek_quote(text: str) -> str:
    # Pajek has no escape syntax; backslash-escaping keeps NetworkX's shlex-based reader lossless.
    text = re.sub(r"[\r\n\t]+", " ", text)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _write_pajek(G: nx.Graph, path: Path) -> None:
    G = _without_missing(G)
    labels = [str(d.get("label", n)) for n, d in G.nodes(data=True)]
    if len(set(labels)) != len(labels):  # Pajek readers key vertices by label
        labels = [str(n) for n in G]
    index = {n: i for i, n in enumerate(G, start=1)}
    lines = [f"*Vertices {G.number_of_nodes()}"]
    lines += [f"{index[n]} {_pajek_quote(lab)}" for n, lab in zip(G, labels)]
    lines.append("*Arcs" if G.is_directed() else "*Edges")
    for u, v, d in G.edges(data=True):
        line = f"{index[u]} {index[v]} {float(d.get('weight', 1.0))!r}"
        if d.get("label") is not None:
            line += f" l {_pajek_quote(str(_flat(d['label'])))}"
        lines.append(line)
    with atomic_path(path) as tmp:
        tmp.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")


def _read_pajek(path: Path) -> nx.Graph:
    M = nx.read_pajek(path)
    G = nx.DiGraph() if M.is_directed() else nx.Graph()
    for n in M:
        G.add_node(n, label=n)
    for u, v, d in M.edges(data=True):
        data = {"weight": d["weight"]} if "weight" in d else {}
        if "l" in d:
            data["label"] = d["l"]
        G.add_edge(u, v, **data)
    return G


# --- VOSviewer -----------------------------------------------------------------------------------
# Spec followed: VOSviewer Manual (van Eck & Waltman, version 1.6.x), section "Map file" and
# "Network file": a tab-delimited map file with a header row (id, label, cluster,
# weight<Links>, weight<Total link strength>), ids positive integers, clusters positive
# integers; a network file without header of "id1<TAB>id2<TAB>strength" lines, one per
# undirected link.


def _vos_text(text: str) -> str:
    return re.sub(r"[\t\r\n]+", " ", str(text))


def _write_vosviewer(G: nx.Graph, path: Path) -> None:
    G = _without_missing(G)
    map_path, net_path = _pair(path, "map.txt", "network.txt")
    U = nx.Graph()  # VOSviewer links are undirected; reciprocal arcs add up
    U.add_nodes_from(G.nodes(data=True))
    for u, v, d in G.edges(data=True):
        w = float(d.get("weight", 1.0))
        if U.has_edge(u, v):
            U[u][v]["weight"] += w
        else:
            U.add_edge(u, v, weight=w)
    index = {n: i for i, n in enumerate(U, start=1)}
    has_cluster = any("community" in d for _, d in U.nodes(data=True))
    header = ["id", "label"] + (["cluster"] if has_cluster else []) + ["weight<Links>", "weight<Total link strength>"]
    rows = ["\t".join(header)]
    for n, d in U.nodes(data=True):
        row = [str(index[n]), _vos_text(d.get("label", n))]
        if has_cluster:
            row.append(str(int(d["community"]) + 1) if d.get("community") is not None else "")
        row += [str(U.degree(n)), repr(float(U.degree(n, weight="weight")))]
        rows.append("\t".join(row))
    links = [f"{index[u]}\t{index[v]}\t{d['weight']!r}" for u, v, d in U.edges(data=True)]
    with atomic_path(map_path) as tm, atomic_path(net_path) as tn:
        tm.write_text("\n".join(rows) + "\n", encoding="utf-8")
        tn.write_text("\n".join(links) + ("\n" if links else ""), encoding="utf-8")


def _read_vosviewer(path: Path) -> nx.Graph:
    map_path, net_path = _pair(path, "map.txt", "network.txt")
    G = nx.Graph()
    lines = map_path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    for line in lines[1:]:
        row = dict(zip(header, line.split("\t")))
        attrs: dict[str, object] = {"label": row["label"]}
        if row.get("cluster"):
            attrs["community"] = int(row["cluster"]) - 1
        G.add_node(row["id"], **attrs)
    for line in net_path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            a, b, w = line.split("\t")
            G.add_edge(a, b, weight=float(w))
    return (
        nx.relabel_nodes(G, {n: d["label"] for n, d in G.nodes(data=True)})
        if len({d["label"] for _, d in G.nodes(data=True)}) == len(G)
        else G
    )


# --- registry ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NetworkFormat:
    """One registered network file format."""

    name: str
    suffix: str
    writer: Callable[[nx.Graph, Path], None]
    reader: Callable[[Path], nx.Graph]
    description: str
    #: False where read-back nodes are keyed by label (Pajek, VOSviewer): those formats have no ids.
    keeps_ids: bool = True
    #: Node and edge attributes the format holds; None = all (flattened unless ``keeps_lists``).
    node_attrs: frozenset[str] | None = None
    edge_attrs: frozenset[str] | None = None
    keeps_lists: bool = False


#: Every network format owlgraph writes, by name.
NETWORK_FORMATS: dict[str, NetworkFormat] = {
    f.name: f
    for f in (
        NetworkFormat("gexf", ".gexf", _write_gexf, _read_gexf, "GEXF 1.2 for Gephi"),
        NetworkFormat("graphml", ".graphml", _write_graphml, _read_graphml, "GraphML for yEd, Cytoscape, igraph"),
        NetworkFormat("csv", "", _write_csv, _read_csv, "nodes.csv + edges.csv (Gephi spreadsheet columns)"),
        NetworkFormat("json", ".json", _write_json, _read_json, "NetworkX node-link JSON (D3)", keeps_lists=True),
        NetworkFormat(
            "cytoscape", ".cyjs", _write_cytoscape, _read_cytoscape, "Cytoscape.js elements JSON", keeps_lists=True
        ),
        NetworkFormat(
            "pajek",
            ".net",
            _write_pajek,
            _read_pajek,
            "Pajek .net: labels, weights, edge labels",
            keeps_ids=False,
            node_attrs=frozenset({"label"}),
            edge_attrs=frozenset({"label", "weight"}),
        ),
        NetworkFormat(
            "vosviewer",
            "",
            _write_vosviewer,
            _read_vosviewer,
            "VOSviewer map.txt + network.txt",
            keeps_ids=False,
            node_attrs=frozenset({"label", "community"}),
            edge_attrs=frozenset({"weight"}),
        ),
    )
}


def _format(name: str) -> NetworkFormat:
    try:
        return NETWORK_FORMATS[name]
    except KeyError:
        raise ExportError(f"unknown network format {name!r}; use one of: {', '.join(NETWORK_FORMATS)}") from None


def network_files(path: str | os.PathLike, format: str) -> list[Path]:
    """The files that :func:`write_network` writes for ``path`` and ``format``.

    A two-file format writes ``DIR/nodes.csv`` and ``DIR/edges.csv`` (``csv``) or ``DIR/map.txt`` and
    ``DIR/network.txt`` (``vosviewer``) for a path without suffix (a folder), and ``x-nodes.csv`` and
    ``x-edges.csv`` (``x-map.txt`` and ``x-network.txt``) for ``x.csv`` (``x.txt``).

    Examples
    --------
    >>> [p.name for p in network_files("out/x.csv", "csv")]
    ['x-nodes.csv', 'x-edges.csv']
    >>> [str(p) for p in network_files("out/tables", "csv")]
    ['out/tables/nodes.csv', 'out/tables/edges.csv']
    >>> [str(p) for p in network_files("out/vos", "vosviewer")]
    ['out/vos/map.txt', 'out/vos/network.txt']
    >>> [p.name for p in network_files("out/x.gexf", "gexf")]
    ['x.gexf']
    """
    path = Path(path)
    pairs = {"csv": ("nodes.csv", "edges.csv"), "vosviewer": ("map.txt", "network.txt")}
    _format(format)
    return list(_pair(path, *pairs[format])) if format in pairs else [path]


def write_network(G: nx.Graph, path: str | os.PathLike, format: str) -> Path:
    """Write ``G`` to ``path`` in ``format`` (a key of :data:`NETWORK_FORMATS`), atomically; return ``path``.

    Raises
    ------
    ExportError
        For an unknown format or a path that cannot be written.

    Examples
    --------
    >>> import networkx as nx, tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> write_network(nx.path_graph(["a", "b"]), d / "tables", "csv").name
    'tables'
    >>> sorted(p.name for p in (d / "tables").iterdir())
    ['edges.csv', 'nodes.csv']
    """
    fmt = _format(format)
    path = Path(path)
    try:
        fmt.writer(G, path)
        return path
    except ExportError:
        raise
    except OSError as exc:
        raise ExportError(
            f"{path}: cannot write {format} ({exc.strerror or exc}); choose a writable output path"
        ) from exc


def read_network(path: str | os.PathLike, format: str) -> nx.Graph:
    """Read a network written by :func:`write_network` (or another tool) back into NetworkX.

    Node ids come back as strings. The attributes are those the format holds (see the
    module table); CSV columns are re-typed (all-integer -> int, numeric -> float,
    True/False -> bool, else str; an empty cell is a missing attribute).

    Examples
    --------
    >>> import networkx as nx, tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "g.json"
    >>> write_network(nx.Graph([("a", "b", {"weight": 2.0})]), p, "json").name
    'g.json'
    >>> read_network(p, "json").edges["a", "b"]
    {'weight': 2.0}
    """
    fmt = _format(format)
    path = Path(path)
    try:
        return fmt.reader(path)
    except FileNotFoundError as exc:
        raise InputFileError(f"{exc.filename or path}: file not found; check the path") from None
    except (OSError, ValueError, KeyError, IndexError, nx.NetworkXError) as exc:
        raise InputFileError(f"{path}: not a readable {format} network ({exc})") from exc
