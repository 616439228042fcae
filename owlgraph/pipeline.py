"""The main job: facts → RDF → validation → store → exports, documentation, networks, views, site.

Everything is written into a staging folder first and moved into ``out`` only when
every step succeeded, so a failed build leaves the previous outputs intact.

Examples
--------
>>> import tempfile
>>> summary = run_build(tempfile.mkdtemp(), views=False)
>>> summary["valid"], summary["counts"]["classes"]["og:Initiative"]
(True, 10)
"""

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from owlgraph.core.errors import ExportError
from owlgraph.core.files import write_atomic
from owlgraph.curation.build import build_graph, fact_origins
from owlgraph.curation.docs import write_ontology_docs
from owlgraph.curation.export import BUILD_FORMATS, RDF_FORMATS, write_graph
from owlgraph.curation.facts import read_facts
from owlgraph.curation.validate import check_graph
from owlgraph.sparql.stats import graph_stats

__all__ = ["run_build", "DEFAULT_OUT", "NETWORK_EXPORTS", "VIEWS"]

DEFAULT_OUT = Path("out")
#: network kind → formats written by the main job
NETWORK_EXPORTS = {
    "cooperation": ("gexf", "graphml", "json", "cytoscape", "csv", "pajek", "vosviewer"),
    "full": ("gexf", "graphml"),
}
#: the HTML views written by the main job
VIEWS = {
    "cooperation": "Cooperation network of the OWL Brancheninitiativen",
    "full": "Full typed graph of the OWL article",
}


def _data_version(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def run_build(out: str | os.PathLike = DEFAULT_OUT, *, facts=None, views: bool = True, log=lambda msg: None) -> dict:
    """Build, validate and write every output into ``out``; return the summary.

    Raises an :class:`~owlgraph.core.errors.OwlgraphError` (and writes nothing) on bad facts
    or a SHACL violation.
    """
    out = Path(out)
    base = read_facts(facts)
    log(f"read {len(base.entities)} entities and {len(base.facts)} facts from {len(base.sources)} sources")
    dataset = build_graph(base)
    check_graph(dataset, origins=fact_origins(base))
    log("SHACL validation passed")
    try:
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".owlgraph-build-", dir=out))
    except OSError as exc:
        reason = "part of the path is a file, not a folder" if isinstance(exc, FileExistsError) else exc.strerror
        raise ExportError(f"{out}: cannot write here ({reason}); choose a writable output folder") from None
    try:
        written, version = _write_outputs(dataset, staging, views=views, log=log, out=Path(out))
        summary: dict[str, Any] = {
            "valid": True,
            "sources": [s.id for s in base.sources],
            "entities": len(base.entities),
            "facts": len(base.facts),
            "counts": graph_stats(dataset),
            "data_version": version,
            "outputs": sorted(str(p) for p in written),
        }
        write_atomic(staging / "summary.json", json.dumps(summary, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
        _promote(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    log(f"wrote {len(summary['outputs']) + 1} files to {out}/")
    return summary


def _write_outputs(dataset, staging: Path, *, views: bool, log, out: Path) -> tuple[list[Path], str]:
    written = [
        write_graph(dataset, staging / f"owlgraph{RDF_FORMATS[name].suffix}", format=name) for name in BUILD_FORMATS
    ]
    written.append(write_ontology_docs(staging / "ontology" / "index.html"))
    from owlgraph.network.builders import to_networkx
    from owlgraph.store.loading import load_graph

    store = load_graph(data=[staging / "owlgraph.nq"])
    version = _data_version((staging / "owlgraph.nq").read_text(encoding="utf-8"))
    from owlgraph.network.analysis import add_metrics
    from owlgraph.network.formats import NETWORK_FORMATS, write_network

    for kind, formats in NETWORK_EXPORTS.items():
        G = to_networkx(store, kind)
        if kind == "cooperation":
            G = add_metrics(G)
        for fmt in formats:
            suffix = NETWORK_FORMATS[fmt].suffix
            target = staging / "networks" / (f"{kind}{suffix}" if suffix else f"{kind}-{fmt}")
            written.append(write_network(G, target, fmt))
        if views and kind in VIEWS:
            from owlgraph.views.page import write_html

            written.append(
                Path(
                    write_html(
                        G,
                        staging / "views" / f"{kind}.html",
                        title=VIEWS[kind],
                        view_name=f"owlgraph view --kind {kind}",
                        data_version=version,
                        size_by="betweenness" if kind == "cooperation" else None,
                    )
                )
            )
        log(f"{kind} network: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges")
    if views:  # the static Linked Data site (issue 16): pages, data files, search, VoID/DCAT
        from owlgraph.publishing.site import publish

        site = publish(
            store, staging / "site", log=lambda msg: log(msg.replace(str(staging), str(out)))
        )  # name where it will be
        written += sorted(p for p in site.rglob("*") if p.is_file())
    return [p.relative_to(staging) for p in written], version


def _promote(staging: Path, out: Path) -> None:
    """Move every staged file onto its place in ``out`` (each move is atomic)."""
    for path in sorted(staging.rglob("*")):
        if path.is_file():
            target = out / path.relative_to(staging)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
