"""The ``owlgraph`` command: a thin layer that parses options, calls the library and prints.

Every user error is an :class:`~owlgraph.core.errors.OwlgraphError`: it is printed as one
line and the command exits non-zero; ``--debug`` shows the traceback.
"""

import argparse
import difflib
import functools
import os
import sys
from contextlib import contextmanager
from pathlib import Path

from owlgraph import __version__
from owlgraph.core.errors import EmptyResultError, ExportError, OwlgraphError

__all__ = ["main", "make_parser"]


# --- options shared by several commands (defined once) -------------------------------------


def _graph_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--data",
        action="append",
        metavar="FILE",
        help="work on this RDF file instead of the built-in graph (repeatable; with --facts, on both; the ontology "
        "is always added), e.g. --data mine.ttl",
    )
    p.add_argument(
        "--facts",
        action="append",
        metavar="YAML",
        help="build from this facts file instead of data/facts/*.yaml (repeatable; with --data, both); "
        "'built-in' names data/facts/*.yaml, to add the article to your own data, e.g. --facts extra.yaml, "
        "--data mine.ttl --facts built-in",
    )


def _source_options(p: argparse.ArgumentParser, *, remote: bool = True) -> None:
    _graph_options(p)
    p.add_argument(
        "--store",
        type=Path,
        metavar="DIR",
        help="work on the store that 'owlgraph import … --store DIR' persisted (instead of building the graph)",
    )
    if remote:
        p.add_argument("--endpoint", metavar="URL", help="query this SPARQL 1.1 endpoint instead of the embedded store")
        p.add_argument(
            "--graph",
            metavar="IRI",
            help="with --endpoint: the named graph to read (default: the endpoint's default graph)",
        )
        p.add_argument(
            "--timeout",
            type=float,
            metavar="SECONDS",
            help="with --endpoint: seconds before a request fails (default 30), e.g. --timeout 120",
        )
    p.set_defaults(source_remote=remote)


def _endpoint(args):
    from owlgraph.sparql.endpoint import Endpoint

    timeout = 30.0 if args.timeout is None else args.timeout
    return Endpoint(args.endpoint, timeout=timeout, default_graph=getattr(args, "graph", None))


def _needs(option: str, value, required: str, present) -> None:
    """Refuse ``option`` (given as ``value``) unless ``required`` is present: it would be ignored."""
    if value is not None and value is not False and not present:
        raise OwlgraphError(f"{option} only applies with {required}; drop it or add {required}")


def _check_source_options(args) -> None:
    if getattr(args, "source_remote", False):
        _needs("--graph", args.graph, "--endpoint URL", args.endpoint)
        _needs("--timeout", args.timeout, "--endpoint URL", args.endpoint)


def _alone(option: str, holder: str, others, *, hint: str = "") -> None:
    """Refuse ``option`` together with any of ``others`` (pairs of option name and given value)."""
    given = [name for name, value in others if value]
    if given:
        raise OwlgraphError(
            f"{option} cannot be combined with {' or '.join(given)}: {holder} already holds the graph "
            f"to work on; give one source{hint}"
        )


def _store_dir(args) -> Path | None:
    """The ``--store`` directory, checked: alone as a source, and holding a store (never create one here)."""
    if getattr(args, "store", None) is None:
        return None
    _alone(
        "--store",
        "the store",
        [("--data", args.data), ("--facts", args.facts), ("--endpoint", args.source_remote and args.endpoint)],
    )
    from owlgraph.store.embedded import require_store

    return require_store(args.store)


def _source(args):
    """The graph a reading command works on: a persisted store, a remote endpoint, RDF files, or the built-in graph."""
    _check_source_options(args)
    store = _store_dir(args)
    if store is not None:
        from owlgraph.store.embedded import open_store

        graph = open_store(store)
        getattr(args, "opened", []).append(graph)  # main() closes it, which releases the store's lock
        return graph
    if args.source_remote and args.endpoint:
        _alone(
            "--endpoint",
            "the endpoint",
            [("--data", args.data), ("--facts", args.facts)],
            hint=" (to send a graph there, use owlgraph push)",
        )
        endpoint = _endpoint(args)
        if endpoint.default_graph and not endpoint.ask("ASK { ?s ?p ?o }"):  # a misspelt --graph reads as empty
            from owlgraph.sparql.endpoint import Endpoint

            everything = Endpoint(args.endpoint, timeout=endpoint.timeout)  # no default graph: every graph
            graphs = [
                str(row[0]) for row in everything.select_rows("SELECT DISTINCT ?g WHERE { GRAPH ?g { } } LIMIT 5")[1]
            ]
            there = f"; graphs there include {', '.join(graphs)}" if graphs else "; it has no named graphs"
            raise EmptyResultError(
                f"the graph <{endpoint.default_graph}> on {endpoint.url} holds no triples{there}; check --graph"
            )
        return endpoint
    from owlgraph.store.loading import load_graph

    return load_graph(data=args.data, facts=args.facts)


def _bindings(pairs: list[str] | None) -> dict:
    from rdflib import Literal, URIRef

    found: dict[str, URIRef | Literal] = {}
    for pair in pairs or []:
        name, sep, value = pair.partition("=")
        if not sep:
            raise OwlgraphError(
                f"--bind {pair!r}: write NAME=VALUE, e.g. --bind subject=https://w3id.org/owlgraph/id/person/herbert-weber"
            )
        if (value.startswith("<") and value.endswith(">")) or value.startswith(("http://", "https://")):
            from owlgraph.core.iri import check_iri

            # checked before URIRef(), which would log a warning line of its own for a bad IRI
            found[name] = URIRef(check_iri(value[1:-1] if value.startswith("<") else value, f"--bind {name}"))
        else:
            found[name] = Literal(value)
    return found


# --- commands ----------------------------------------------------------------------------


def cmd_build(args) -> int:
    from .pipeline import run_build

    summary = run_build(args.out, facts=args.facts, views=not args.no_views, log=lambda m: print(m, file=sys.stderr))
    counts = summary["counts"]
    print(
        f"built {counts['triples']} triples; {counts['facts']['stated'] + counts['facts']['inferred']} statements with evidence "
        f"({counts['facts']['stated']} stated, {counts['facts']['inferred']} inferred); valid; outputs in {args.out}/ (summary.json)"
    )
    return 0


def _refuse_empty_data(args, source) -> None:
    """Refuse RDF files (``--data`` alone) that hold no statement besides owlgraph's ontology."""
    if not args.data or args.facts or _store_dir(args) is not None or getattr(args, "endpoint", None):
        return
    from owlgraph.curation.build import ONTOLOGY_GRAPH

    mine = f"ASK {{ ?s ?p ?o FILTER NOT EXISTS {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?s ?p ?o }} }} }}"
    if not source.query(mine).askAnswer:
        files = ", ".join(map(str, args.data))
        raise EmptyResultError(
            f"no statements found in {files} besides owlgraph's ontology; check that the file holds your triples "
            "(and that its suffix names its format), or leave out --data to use the built-in article"
        )


def cmd_validate(args) -> int:
    from owlgraph.curation.validate import check_graph

    if args.store or (args.data and not args.facts):
        source = _source(args)
        _refuse_empty_data(args, source)
        check_graph(source)
        print("valid: the graph conforms to ontology/shapes.ttl")
        return 0
    from owlgraph.curation.build import build_graph, fact_origins
    from owlgraph.curation.facts import read_facts

    base = read_facts(args.facts)  # checked first: a facts problem is reported with its file and line
    if args.data:  # both: the graph built from the facts together with the RDF files
        from owlgraph.store.loading import load_graph

        check_graph(load_graph(data=args.data, facts=base), origins=fact_origins(base))
    else:
        check_graph(build_graph(base), origins=fact_origins(base))
    print("valid: the graph conforms to ontology/shapes.ttl")
    return 0


def cmd_stats(args) -> int:
    import json

    from owlgraph.sparql.stats import format_stats, graph_stats

    source = _source(args)
    _refuse_empty_data(args, source)
    stats = graph_stats(source)
    prefix = "" if args.all else "og:"
    counted = [k for part in ("classes", "relations") if isinstance(stats.get(part), dict) for k in stats[part]]
    if prefix and counted and not any(k.startswith(prefix) for k in counted):
        prefix = ""  # a graph without owlgraph's terms (standard vocabularies): its own classes, not empty tables
        if not args.json:
            print("no og: classes or relations in this graph: showing all of them (as with --all)")
    if args.json:
        for part in ("classes", "relations"):  # --all means the same in JSON as in the table
            if isinstance(stats.get(part), dict):
                stats[part] = {k: v for k, v in stats[part].items() if k.startswith(prefix)}
        print(json.dumps(stats, indent=1, ensure_ascii=False))
    else:
        print(format_stats(stats, prefix=prefix))
    return 0


def cmd_export(args) -> int:
    from owlgraph.curation.export import write_graph

    source = _source(args)
    _refuse_empty_data(args, source)
    graph = source.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }") if hasattr(source, "construct") else source
    path = write_graph(graph, args.output, format=args.format)
    print(f"wrote {path} ({args.format})")
    return 0


def cmd_query(args) -> int:
    from owlgraph.sparql.queries import named_queries, select_rows
    from owlgraph.sparql.results import format_results

    if args.list:
        given = [
            name
            for name, value in [
                ("a query", args.query),
                ("--bind", args.bind),
                ("-o", args.output),
                ("--format", args.format != "table"),
                ("--data", args.data),
                ("--facts", args.facts),
                ("--store", args.store),
                ("--endpoint", args.endpoint),
            ]
            if value
        ]
        if given:
            raise OwlgraphError(f"--list only lists the named queries; it cannot be combined with {', '.join(given)}")
        for name, q in named_queries().items():
            print(f"{name:40} {q.question}")
        return 0
    if not args.query:
        raise OwlgraphError("give a named query, a .rq file or SPARQL text (or --list)")
    variables, rows = select_rows(_source(args), args.query, bindings=_bindings(args.bind))
    if not rows:
        named = named_queries().get(args.query)
        what = f"{args.query!r} ({named.question})" if named else "the query"
        raise EmptyResultError(
            f"no rows: {what} found nothing in this graph; check the data, --graph or --bind (nothing written)"
        )
    text = format_results(variables, rows, format=args.format)
    if args.output:
        from owlgraph.core.files import write_atomic

        write_atomic(args.output, text)
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


AFFILIATION_MODES = ("organisation-initiative", "person-organisation", "agent-event")


def _check_network_options(args) -> None:
    _needs("--mode", args.mode, "--kind affiliation", args.kind == "affiliation")
    _needs("--project", args.project, "--kind affiliation", args.kind == "affiliation")
    _needs("--method", args.method, "--project 0|1", args.project is not None)
    _needs("--query", args.query, "--kind query", args.kind == "query")
    if args.kind == "query" and not args.query:
        raise OwlgraphError("--kind query needs --query NAME|FILE.rq|SPARQL")


def _network(args):
    from owlgraph.network.builders import to_networkx

    _check_network_options(args)
    options = {}
    if args.kind == "affiliation":
        options["mode"] = args.mode or AFFILIATION_MODES[0]
    if args.kind == "query":
        options["spec"] = args.query
    if args.kind in ("query", "full"):
        options["directed"] = not args.undirected
    elif args.undirected:
        raise OwlgraphError(
            f"--undirected applies to --kind full and --kind query only; the {args.kind} network is already undirected"
        )
    source = _source(args)
    try:
        G = to_networkx(source, args.kind, **options)
    except EmptyResultError as exc:
        raise EmptyResultError(_empty_network(args, source, options, str(exc))) from None
    if G.number_of_nodes() == 0:
        raise EmptyResultError(_empty_network(args, source, options))
    if args.kind == "affiliation" and args.project is not None:
        from owlgraph.network.builders import one_mode_network

        G = one_mode_network(G, args.project, method=args.method or "plain")
    return G


def _empty_network(args, source, options, found: str | None = None) -> str:
    """Why a network came out empty, and which choice would have something to show."""
    if args.kind != "affiliation":
        return (
            found
            or f"the {args.kind} network of this graph is empty (no nodes); check the graph or choose another --kind"
        )
    from owlgraph.core.errors import EmptyResultError
    from owlgraph.network.builders import affiliation_network

    others = []
    for mode in AFFILIATION_MODES:
        try:
            if mode != options["mode"] and affiliation_network(source, mode).number_of_edges():
                others.append(mode)
        except EmptyResultError:
            continue
    hint = f"use --mode {' or --mode '.join(others)}" if others else "no affiliation mode has any ties; try --kind full"
    looked = f" ({found.split('(', 1)[1].rsplit(')', 1)[0]})" if found and "(looked for" in found else ""
    return f"the affiliation network in mode {options['mode']} is empty{looked}: this graph has no such ties; {hint}"


def _network_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--kind",
        choices=["full", "cooperation", "affiliation", "query"],
        default="cooperation",
        help="which network: every resource (full), organisations and initiatives linked by membership, joint "
        "activities and funding (cooperation), "
        "a two-mode network (affiliation) or the result of --query (default %(default)s); e.g. --kind full",
    )
    p.add_argument(
        "--mode",
        choices=AFFILIATION_MODES,
        help="with --kind affiliation: which two modes (default organisation-initiative), "
        "e.g. --kind affiliation --mode agent-event",
    )
    p.add_argument(
        "--project",
        type=int,
        choices=[0, 1],
        help="with --kind affiliation: one-mode projection onto side 0 or 1, e.g. --project 0",
    )
    p.add_argument(
        "--method",
        choices=["plain", "newman"],
        help="with --project: projection weighting (default plain), e.g. --method newman",
    )
    p.add_argument(
        "--query",
        metavar="Q",
        help="with --kind query: a named query, .rq file or SPARQL (WDQS graph conventions), "
        "e.g. --kind query --query who-heads-what",
    )
    p.add_argument(
        "--undirected",
        action="store_true",
        help="with --kind full or query: edges without direction (the undirected simple graph), for a "
        "broker between clusters or pairs such as co-members "
        "(e.g. owlgraph metrics --kind full --undirected)",
    )


def cmd_network(args) -> int:
    from owlgraph.network.formats import NETWORK_FORMATS, network_files, write_network

    kept = NETWORK_FORMATS[args.format].node_attrs
    if args.metrics and kept is not None and not kept & {"degree", "betweenness", "community"}:
        raise OwlgraphError(
            f"--metrics cannot be combined with --format {args.format}: the format holds only "
            f"{', '.join(sorted(kept))}; use gexf, graphml, csv or json"
        )
    G = _network(args)
    if args.metrics:
        from owlgraph.network.analysis import add_metrics

        G = add_metrics(G)
    write_network(G, args.output, args.format)
    files = " and ".join(map(str, network_files(args.output, args.format)))
    print(f"wrote {files} ({args.format}): {G.number_of_nodes()} nodes, {G.number_of_edges()} edges")
    return 0


METRICS_MEASURES = ("degree", "betweenness", "closeness", "eigenvector", "community", "constraint", "effective_size")
DEFAULT_MEASURES = ["degree", "betweenness", "closeness", "eigenvector", "constraint", "effective_size"]


def cmd_metrics(args) -> int:
    from owlgraph.network.analysis import add_metrics, brokerage_table, community_table, ranked

    measures = list(dict.fromkeys(args.measure or DEFAULT_MEASURES))
    group = args.group_by
    if group is not None and "brokerage" not in measures:
        measures.append("brokerage")  # --group-by asks for the brokerage roles
    if "brokerage" in measures and group is None:
        group = "type"
    G = _network(args)
    if group is not None and not any(d.get(group) is not None for _, d in G.nodes(data=True)):
        known = sorted({k for _, d in G.nodes(data=True) for k in d if isinstance(d[k], str)})
        raise OwlgraphError(f"--group-by {group}: no node has this attribute; use one of: {', '.join(known)}")
    numeric = tuple(m for m in measures if m != "brokerage")
    G = add_metrics(G, measures=numeric)
    print(
        f"{args.kind} network: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges; "
        f"measures computed on the {G.graph['metrics_direction']} graph"
    )
    if G.graph.get("metrics_direction_note"):
        print(G.graph["metrics_direction_note"])
    if G.graph.get("eigenvector_scope"):
        print(G.graph["eigenvector_scope"])
    for measure in measures:
        if measure == "brokerage":
            frame = _brokerage_frame(brokerage_table, G, group, args.top)
            title = f"brokerage roles (Gould-Fernandez), groups = {group}"
        elif measure == "community":
            frame, title = community_table(G, top=args.top), "community (Louvain): groups, not scores"
        else:
            frame, title = ranked(G, measure, top=args.top), measure
        print(f"\n== {title} ==")
        print(frame.to_string(index=False) if len(frame) else "(no nodes)")
        if frame.attrs.get("cut"):
            sys.stdout.flush()
            print(f"{title}: {frame.attrs['cut']}", file=sys.stderr, flush=True)
    return 0


def _brokerage_frame(brokerage_table, G, group, top):
    """Brokerage roles; nodes without a group form the group "(none)" rather than failing the table."""
    missing = [n for n, d in G.nodes(data=True) if d.get(group) is None]
    if missing:
        G = G.copy()
        for n in missing:
            G.nodes[n][group] = "(none)"
    return brokerage_table(G, group, top=top)


def cmd_view(args) -> int:
    from owlgraph.network.analysis import MEASURES, add_metrics
    from owlgraph.views.page import write_html

    if args.top is not None and args.ego is not None:
        raise OwlgraphError(
            "--top cannot be combined with --ego: --ego NODE --radius K already selects the nodes; give one of them"
        )
    _needs("--radius", args.radius, "--ego NODE", args.ego is not None)
    G = _network(args)
    if args.top or args.ego or args.sector:
        from owlgraph.network.subnetwork import select_subnetwork

        radius = 1 if args.radius is None else args.radius
        G = select_subnetwork(
            G,
            top=args.top,
            ego=args.ego,
            radius=radius,
            sector=args.sector,
            report=lambda line: print(f"--top: {line}", file=sys.stderr),
        )
    # the measures the view is coloured or sized by, computed on the nodes shown
    wanted = {a for a in (args.size_by, args.color_by) if a in MEASURES}
    missing = tuple(m for m in MEASURES if m in wanted and not any(m in d for _, d in G.nodes(data=True)))
    if missing:
        G = add_metrics(G, measures=missing)
    path = write_html(
        G,
        args.output,
        title=args.title or f"owlgraph: {args.kind} network",
        view_name=f"owlgraph view --kind {args.kind}",
        size_by=args.size_by,
        color_by=args.color_by,
    )
    print(f"wrote {path}: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges")
    return 0


def _derived_urls(url: str) -> tuple[str | None, str | None]:
    """Update and Graph Store URLs of the two layouts we know (Oxigraph, Virtuoso), else none."""
    base, _, last = url.rstrip("/").rpartition("/")
    if last == "query":
        return f"{base}/update", f"{base}/store"
    if last in ("sparql", "sparql-auth"):
        return f"{base}/sparql-auth", f"{base}/sparql-graph-crud-auth"
    return None, None


def cmd_push(args) -> int:
    from owlgraph.sparql.endpoint import Endpoint
    from owlgraph.sparql.push import push_stream

    source = _source(args)
    update_url, gsp_url = _derived_urls(args.endpoint)
    endpoint = Endpoint(
        args.endpoint, update_url=args.update_url or update_url, gsp_url=args.gsp_url or gsp_url, timeout=args.timeout
    )
    count = push_stream(source, endpoint, args.graph, chunk_bytes=int(args.chunk_mb * 2**20), progress=args.progress)
    print(f"pushed {count} triples into <{args.graph}> at {args.endpoint}; remote count verified")
    return 0


def cmd_dump(args) -> int:
    from owlgraph.store.dump import LOADERS, loader_commands, write_chunks

    folder = write_chunks(_source(args), args.chunks, chunk_bytes=int(args.chunk_mb * 2**20), force=args.force)
    files = sorted(folder.glob("part-*.nq"))
    size = sum(f.stat().st_size for f in files)
    print(f"wrote {len(files)} N-Quads files ({size / 2**20:.1f} MB) to {folder}/; load them with:")
    for loader, what in LOADERS.items():
        print(f"\n# {what}")
        for line in loader_commands(folder, loader=loader):
            print(line)
    return 0


def _stop_on_sigterm(signum, frame):
    raise KeyboardInterrupt  # as Ctrl-C: cmd_serve's with-block stops the Oxigraph server process too


@contextmanager
def _sigterm_as_ctrl_c():
    """SIGTERM (a service manager, ``kill``) stops ``serve`` as Ctrl-C does; only the main thread may set handlers."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def cmd_serve(args) -> int:
    import time

    from owlgraph.sparql.server import is_loopback, serve

    _needs("--allow-remote", args.allow_remote or None, "a non-loopback --host", not is_loopback(args.host))
    store = _store_dir(args)  # served in place: the server process opens it, so it is not opened here
    graph = None if store else _source(args)
    site = getattr(args, "site", None)
    if site is not None:
        from owlgraph.publishing.http import check_site

        if args.writable:
            raise OwlgraphError("--writable cannot be combined with --site: a published endpoint stays read-only")
        check_site(site, host=args.host)  # before the SPARQL server starts: a bad --site leaves nothing running
    with (
        serve(
            graph,
            location=store,
            host=args.host,
            port=args.port,
            read_only=not args.writable,
            allow_remote=args.allow_remote,
            cors=site is not None,
        ) as server,
        _sigterm_as_ctrl_c(),
        _site_server(site, host=args.host, port=args.site_port) as site_server,
    ):
        try:
            print(
                f"SPARQL endpoint: {server.url} ({'read-only' if not args.writable else 'writable'}); Ctrl-C stops it",
                flush=True,
            )
            if site_server is not None:
                print(f"Linked Data site: {site_server.url} (content negotiation on /id/…)", flush=True)
            while server.running:
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
    return 0


@contextmanager
def _site_server(site, *, host: str, port: int):
    if site is None:
        yield None
        return
    from owlgraph.publishing.http import serve_site

    with serve_site(site, host=host, port=port) as server:
        yield server


# --- publish (issue 16): the static Linked Data site -----------------------------------------


def cmd_publish(args) -> int:
    from owlgraph.publishing.site import publish

    source = _source(args) if (args.store or args.data or args.facts) else None
    out = publish(
        source,
        args.output,
        max_pages=args.max_pages,
        site_url=args.site_url,
        endpoint=args.sparql_url,
        ego_views=not args.no_ego_views,
        log=lambda message: print(message, file=sys.stderr, flush=True),
    )
    print(f"wrote the site to {out}/ (open {out}/index.html, or: owlgraph serve --site {out})")
    return 0


def _publish_parser(sub) -> None:
    p = sub.add_parser(
        "publish",
        help="write a static Linked Data site: a page per resource, Turtle/JSON-LD, index, search, VoID/DCAT",
        epilog="example: owlgraph publish -o site/ --site-url https://example.org/owlgraph/",
    )
    p.add_argument("-o", "--output", required=True, type=Path, metavar="DIR", help="the site folder, e.g. -o site/")
    p.add_argument(
        "--max-pages",
        type=_positive_int,
        metavar="N",
        help="pages for the N most connected resources only, e.g. --max-pages 20000 (needed above 20,000 resources)",
    )
    p.add_argument(
        "--site-url",
        metavar="URL",
        help="where the site will be hosted, for w3id.org redirects and the sitemap, e.g. --site-url https://example.org/owlgraph/",
    )
    p.add_argument(
        "--sparql-url",
        metavar="URL",
        help="a public SPARQL endpoint to name in the dataset description, e.g. --sparql-url https://example.org/sparql",
    )
    p.add_argument(
        "--no-ego-views", action="store_true", help="leave the network view out of each page, e.g. for speed"
    )
    _source_options(p, remote=False)
    p.set_defaults(func=cmd_publish)


def cmd_import(args) -> int:
    from owlgraph.curation.facts import BUILT_IN
    from owlgraph.store.embedded import triple_count
    from owlgraph.store.loading import load_graph

    replacing = Path(args.store).is_dir() and any(Path(args.store).iterdir())  # a store is there (or refused)
    graph = load_graph(
        data=args.data,
        facts=args.facts,
        tables=args.folders,
        path=args.store,
        provenance=args.provenance,
        materialise=args.materialise,
        extra_namespace=args.extra_namespace,
        progress=args.progress,
        report=None if args.progress is False else lambda line: print(line, file=sys.stderr),
    )
    getattr(args, "opened", []).append(graph)  # main() closes it
    base = [
        *(["the built-in graph" if args.facts == [BUILT_IN] else "the facts files' graph"] if args.facts else []),
        *(["the RDF files"] if args.data else []),
    ]
    folders = ", ".join(map(str, args.folders))
    books = sum(f.suffix.lower() == ".xlsx" for f in args.folders)
    counts = [(len(args.folders) - books, "CSV folder"), (books, "workbook")]
    kinds = " and ".join(f"{n} {kind}{'' if n == 1 else 's'}" for n, kind in counts if n)
    tables = f"{kinds} ({folders})"
    print(f"stored {triple_count(graph)} quads in {args.store}: {', '.join([*base, tables])} and the ontology")
    if replacing:
        print(
            f"replaced the store that was in {args.store}: import writes a new store (to keep earlier tables, import them together)"
        )
    return 0


def cmd_synthetic(args) -> int:
    from owlgraph.store.synthetic import generate

    target = args.output
    if target.exists() and not target.is_dir():
        raise ExportError(f"{target}: is a file; choose a folder for the CSV files")
    if target.is_dir() and any(target.iterdir()) and not args.force:
        raise ExportError(f"{target}: folder is not empty; choose a new folder or pass --force to replace it")
    from owlgraph.core.files import atomic_folder

    with atomic_folder(target) as staging:
        counts = generate(staging, organisations=args.organisations, seed=args.seed)
    print(f"wrote {target}/ (seed {args.seed}): " + ", ".join(f"{n} {name}" for name, n in counts.items()))
    return 0


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{text}: give a positive number, e.g. 16")
    return value


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text}: give a whole number of at least 1")
    return value


# --- extract (issue 15): draft facts from a new source -------------------------------------


def cmd_extract(args) -> int:
    from owlgraph.core.errors import InputFileError
    from owlgraph.extraction.evaluate import evaluate, format_scores
    from owlgraph.extraction.extractor import BUILT_IN, extract

    if not (args.output or args.review or args.evaluate):
        raise InputFileError("extract: nothing to do; give -o DRAFT.yaml, --review PAGE.html or --evaluate GOLD.yaml")
    if args.no_link and args.facts:
        raise InputFileError("extract: --no-link links against nothing, --facts against those files; give one of them")
    graph = None if args.no_link else (args.facts or BUILT_IN)
    draft = extract(
        args.source, language=args.language, id=args.id, graph=graph, output=args.output, review=args.review
    )
    linked = sum(e.linked for e in draft.entities.values())
    print(
        f"extracted {len(draft.entities)} entities ({linked} linked to the graph) and {len(draft.facts)} facts "
        f"from {args.source} ({draft.language}); every entry is status: draft",
        file=sys.stderr,
    )
    for path in (args.output, args.review):
        if path:
            print(path)
    if args.evaluate:
        print(format_scores(evaluate(draft, args.evaluate)))
    return 0


def _extract_parser(sub) -> None:
    p = sub.add_parser(
        "extract",
        help="draft a facts file from a new German or English text, for review",
        epilog="example: owlgraph extract article.txt -o draft.yaml --review review.html",
    )
    p.add_argument("source", type=Path, metavar="SOURCE.txt", help="a plain UTF-8 text, title on the first line")
    p.add_argument(
        "--language", choices=["de", "en"], help="the text's language (default: detected); e.g. --language en"
    )
    p.add_argument(
        "--id", metavar="ID", help="the source's id in the draft (default: from the file name); e.g. --id pm-2024"
    )
    p.add_argument(
        "-o", "--output", type=Path, metavar="DRAFT.yaml", help="write the draft facts file; e.g. -o draft.yaml"
    )
    p.add_argument(
        "--review",
        type=Path,
        metavar="PAGE.html",
        help="write the review page (offline HTML); e.g. --review review.html",
    )
    p.add_argument(
        "--evaluate",
        type=Path,
        metavar="GOLD.yaml",
        help="print precision and recall per entity type and relation against a curated facts file; "
        "e.g. --evaluate tests/data/extraction/pressemitteilung.yaml",
    )
    p.add_argument(
        "--facts",
        action="append",
        metavar="YAML",
        help="link to the entities of these facts files (repeatable; default: data/facts/*.yaml); e.g. --facts mine.yaml",
    )
    p.add_argument("--no-link", action="store_true", help="link to nothing: an empty graph; e.g. --no-link")
    p.set_defaults(func=cmd_extract)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="owlgraph",
        description="Knowledge graph of regional cooperation networks.",
        epilog="example: owlgraph query --list",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors, e.g. owlgraph --debug stats")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", help="one of these; owlgraph COMMAND -h shows its options"
    )
    # --debug also after the command; SUPPRESS keeps a --debug given before it
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show tracebacks on errors, e.g. owlgraph stats --debug",
    )
    sub.add_parser = functools.partial(sub.add_parser, parents=[common])  # type: ignore[method-assign]  # every subcommand gets --debug
    parser.set_defaults(commands=sub.choices)

    p = sub.add_parser(
        "build",
        help="build and validate the graph; write exports, ontology docs, networks, views",
        epilog="example: owlgraph build --out site --no-views",
    )
    p.add_argument("--out", type=Path, default=Path("out"), help="output folder (default: out/)")
    p.add_argument(
        "--facts", action="append", metavar="YAML", help="a facts file (repeatable; default: data/facts/*.yaml)"
    )
    p.add_argument("--no-views", action="store_true", help="skip the HTML views")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser(
        "validate",
        help="check the facts and the graph against the SHACL shapes: one line per violation, naming the facts "
        "file and line for facts, the resource and property for RDF files (--data, --store)",
        epilog="example: owlgraph validate --facts my-facts.yaml",
    )
    _source_options(p, remote=False)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser(
        "stats", help="counts per class and relation", epilog="example: owlgraph stats --json --data my.ttl"
    )
    _source_options(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--all", action="store_true", help="include standard-vocabulary classes and relations")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser(
        "export",
        help="write the complete graph to an RDF file",
        epilog="example: owlgraph export -f nquads -o graph.nq",
    )
    _source_options(p)
    p.add_argument(
        "-f",
        "--format",
        required=True,
        choices=["turtle", "nt", "nquads", "trig", "jsonld"],
        help="RDF format; nquads and trig keep ontology, data and provenance as named graphs; e.g. -f nquads",
    )
    p.add_argument("-o", "--output", required=True, type=Path, help="the file to write, e.g. -o graph.nq")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "query",
        help="run a named query, a .rq file or SPARQL text",
        epilog="example: owlgraph query who-heads-what --format csv -o heads.csv\n\n"
        "A query that finds no rows is an error: one line naming the query, nothing written, exit code 9.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _source_options(p)
    p.add_argument("query", nargs="?", help="named query, .rq file or SPARQL text")
    p.add_argument("--list", action="store_true", help="list the named queries (alone), e.g. owlgraph query --list")
    p.add_argument(
        "--format",
        choices=["table", "csv", "tsv", "json"],
        default="table",
        help="how to print the results; csv/tsv/json are SPARQL results formats (default %(default)s); e.g. --format csv",
    )
    p.add_argument(
        "--bind", action="append", metavar="NAME=VALUE", help="bind variables safely (IRIs as <…> or http(s)://…)"
    )
    p.add_argument("-o", "--output", type=Path, help="write the results to this file")
    p.set_defaults(func=cmd_query)

    p = sub.add_parser(
        "network",
        help="write a network (GEXF, GraphML, CSV, JSON, Cytoscape.js, Pajek, VOSviewer)",
        epilog="example: owlgraph network --kind cooperation --format gexf -o cooperation.gexf",
    )
    _source_options(p)
    _network_options(p)
    p.add_argument(
        "--format",
        required=True,
        choices=["gexf", "graphml", "csv", "json", "cytoscape", "pajek", "vosviewer"],
        help="file format; csv writes two files (x-nodes.csv and x-edges.csv for -o x.csv, nodes.csv and "
        "edges.csv in a folder for -o DIR), vosviewer two as well (map.txt and network.txt in a folder for -o DIR, "
        "x-map.txt and x-network.txt for -o x.txt), cytoscape is Cytoscape.js elements JSON; e.g. --format gexf, --format cytoscape -o coop.cyjs",
    )
    p.add_argument(
        "--metrics",
        action="store_true",
        help="add centralities and communities as node attributes (vosviewer keeps the communities as clusters; "
        "refused with pajek), e.g. --metrics --format gexf",
    )
    p.add_argument(
        "-o", "--output", required=True, type=Path, help="the file (a folder for csv and vosviewer), e.g. -o c.gexf"
    )
    p.set_defaults(func=cmd_network)

    p = sub.add_parser(
        "metrics",
        help="ranked tables of centralities, structural holes and brokerage",
        epilog="example: owlgraph metrics --measure betweenness constraint --top 5",
    )
    _source_options(p)
    _network_options(p)
    p.add_argument(
        "--measure",
        nargs="+",
        choices=[*METRICS_MEASURES, "brokerage"],
        metavar="MEASURE",
        help=f"which tables (default: {' '.join(DEFAULT_MEASURES)}); one or more of "
        f"{', '.join([*METRICS_MEASURES, 'brokerage'])}; community is shown as groups with their sizes, "
        "brokerage as Gould-Fernandez roles per node, e.g. --measure betweenness brokerage",
    )
    p.add_argument(
        "--group-by",
        metavar="ATTR",
        help="node attribute whose groups define the brokerage roles (coordinator, gatekeeper, representative, "
        "consultant, liaison); adds the brokerage table; --measure brokerage alone groups by type, "
        "e.g. --group-by sector",
    )
    p.add_argument("--top", type=_positive_int, default=10, help="rows per table (default 10), e.g. --top 25")
    p.set_defaults(func=cmd_metrics)

    p = sub.add_parser(
        "view",
        help="write an interactive, self-contained HTML view",
        epilog="example: owlgraph view --kind cooperation --size-by betweenness --title 'OWL cooperation' -o v.html",
    )
    _source_options(p)
    _network_options(p)
    p.add_argument("-o", "--output", required=True, type=Path, help="the HTML file to write, e.g. -o view.html")
    p.add_argument("--title", help="page title (default: owlgraph: KIND network), e.g. --title 'OWL initiatives'")
    p.add_argument(
        "--size-by",
        metavar="ATTR",
        help="node size: degree, a measure (betweenness, closeness, eigenvector, constraint, effective_size; "
        "computed) or a numeric node attribute, e.g. --size-by betweenness",
    )
    p.add_argument(
        "--color-by",
        default="type",
        metavar="ATTR",
        help="node colour: type (default), community (computed) or another node attribute, e.g. --color-by community",
    )
    p.add_argument("--top", type=_positive_int, metavar="N", help="keep the N nodes of highest degree, e.g. --top 200")
    p.add_argument(
        "--ego",
        metavar="NODE",
        help="keep the neighbourhood of this node (IRI or exact label), e.g. --ego 'OstWestfalenLippe GmbH'",
    )
    p.add_argument("--radius", type=int, metavar="K", help="with --ego: hops (default 1), e.g. --radius 2")
    p.add_argument(
        "--sector",
        metavar="LABEL",
        help="keep the nodes of one sector and their neighbours; the sector's label, e.g. --sector Biotechnologie",
    )
    p.set_defaults(func=cmd_view)

    p = sub.add_parser(
        "push",
        help="replace a named graph on a SPARQL 1.1 store with the graph, then verify it",
        description=(
            "Stream the graph in chunks into a named graph of a SPARQL 1.1 store. An empty or absent target is "
            "filled directly: readers of it may see it fill up while the push runs; a failure empties it again, "
            "and a push cut short by a crash is removed by the next push to the same graph. A non-empty target "
            "is replaced atomically (staging graph, count, MOVE): readers see the old graph until the new one "
            "is complete. An Oxigraph server loads each chunk with its bulk loader (no_transaction)."
        ),
        epilog="example: owlgraph push --store regional-store --endpoint http://localhost:7878/query "
        "--graph https://example.org/g",
    )
    p.add_argument("--endpoint", required=True, metavar="URL", help="the store's SPARQL query endpoint")
    p.add_argument(
        "--graph",
        required=True,
        metavar="IRI",
        help="the named graph to fill (if empty) or replace, e.g. --graph https://example.org/regional",
    )
    p.add_argument("--gsp-url", metavar="URL", help="Graph Store Protocol URL (default: derived from the endpoint)")
    p.add_argument("--update-url", metavar="URL", help="SPARQL Update URL (fallback when there is no GSP)")
    p.add_argument(
        "--timeout", type=float, default=60.0, help="seconds before a request fails (default 60), e.g. --timeout 300"
    )
    p.add_argument(
        "--chunk-mb",
        type=_positive_float,
        default=16,
        metavar="MB",
        help="N-Triples per request, in MB (default 16); e.g. --chunk-mb 4 for a slow server",
    )
    p.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a progress bar with triples per second on stderr (default: when stderr is a terminal)",
    )
    _source_options(p, remote=False)
    p.set_defaults(func=cmd_push)

    p = sub.add_parser(
        "dump",
        help="write the graph as N-Quads files of bounded size for a server's bulk loader, and print its commands",
        epilog="example: owlgraph dump --store regional-store --chunks regional-chunks --chunk-mb 64",
    )
    p.add_argument(
        "--chunks",
        required=True,
        type=Path,
        metavar="DIR",
        help="the folder for part-00001.nq, part-00002.nq, … (new or empty), e.g. --chunks regional-chunks",
    )
    p.add_argument(
        "--chunk-mb",
        type=_positive_float,
        default=64,
        metavar="MB",
        help="size of one file in MB (default 64; client memory is about four of them), e.g. --chunk-mb 32",
    )
    p.add_argument("--force", action="store_true", help="replace a non-empty DIR (only once every file is written)")
    _source_options(p, remote=False)
    p.set_defaults(func=cmd_dump)

    p = sub.add_parser(
        "serve",
        help="start a local SPARQL endpoint (Oxigraph server) with the graph",
        epilog="example: owlgraph serve --port 7878",
    )
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="interface to listen on (default 127.0.0.1; others need --allow-remote), e.g. --host 0.0.0.0",
    )
    p.add_argument("--port", type=int, default=7878, help="TCP port (default 7878; 0 picks a free one), e.g. --port 0")
    p.add_argument(
        "--writable",
        action="store_true",
        help="accept SPARQL Update (default: read-only); with --store, updates change the store",
    )
    p.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow a non-loopback --host (refused without one), e.g. --host 0.0.0.0 --allow-remote",
    )
    p.add_argument(
        "--site",
        type=Path,
        metavar="DIR",
        help="also serve a site 'owlgraph publish' wrote, with content negotiation, e.g. --site site/",
    )
    p.add_argument(
        "--site-port",
        type=int,
        default=0,
        metavar="PORT",
        help="with --site: its port, e.g. --site-port 8080 (default: free)",
    )
    _source_options(p, remote=False)
    p.set_defaults(func=cmd_serve)
    _publish_parser(sub)

    p = sub.add_parser(
        "import",
        help="import folders of CSV files or .xlsx workbooks into a persisted store (with the ontology; "
        "the article only with --facts built-in)",
        epilog="example: owlgraph import members.xlsx my-csv-folder --store my-store --extra-namespace "
        "https://example.org/vocab#\n\n"
        "The columns of each file, the allowed values (type, sector, dates), encodings and separators:\n"
        "docs/tables.md in the owlgraph repository (the page 'CSV and spreadsheet tables' of its documentation site)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "folders",
        nargs="+",
        type=Path,
        metavar="FOLDER",
        help="a folder of sectors.csv, organisations.csv, initiatives.csv, memberships.csv, … (UTF-8 or "
        "Windows-1252; comma, semicolon or tab), or an .xlsx workbook with sheets named organisations, … "
        "(columns and allowed values: docs/tables.md)",
    )
    p.add_argument(
        "--store",
        required=True,
        type=Path,
        metavar="DIR",
        help="the store directory; an existing store there is replaced only when everything imported",
    )
    p.add_argument(
        "--data",
        action="append",
        metavar="FILE",
        help="an RDF file to store next to the tables (repeatable), e.g. --data heads.ttl",
    )
    p.add_argument(
        "--facts",
        action="append",
        metavar="YAML",
        help="a facts file to build and store next to the tables (repeatable); 'built-in' adds the article "
        "(data/facts/*.yaml), which is otherwise never imported, e.g. --facts built-in",
    )
    p.add_argument(
        "--provenance",
        choices=["row", "reference", "quote", "statement"],
        default="row",
        help="what records each row: its text and subjects (row, default), subjects only (reference), "
        "a Web Annotation quote (quote), or evidence per statement (statement)",
    )
    p.add_argument(
        "--materialise",
        choices=["core", "all", "none"],
        default="core",
        help="which entailed super-classes and super-properties to write (default core)",
    )
    p.add_argument(
        "--extra-namespace",
        metavar="URI",
        help="the namespace of the properties that extra columns become (default og:), "
        "e.g. --extra-namespace https://example.org/vocab#",
    )
    p.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a progress bar on stderr (default: when stderr is a terminal); --no-progress also drops the "
        "line per file (encoding, separator, rows)",
    )
    p.set_defaults(func=cmd_import)

    p = sub.add_parser(
        "synthetic",
        help="write a seeded synthetic network as CSV files for 'owlgraph import'",
        epilog="example: owlgraph synthetic -o regional-csv --organisations 1000 --seed 7",
    )
    p.add_argument(
        "-o", "--output", required=True, type=Path, metavar="DIR", help="the folder to write (must be new or empty)"
    )
    p.add_argument(
        "--organisations", type=_positive_int, default=1000, metavar="N", help="number of organisations (default 1000)"
    )
    p.add_argument(
        "--seed", type=int, default=42, help="random seed; the same seed gives byte-identical files (default 42)"
    )
    p.add_argument("--force", action="store_true", help="replace a non-empty DIR (only once the new files are written)")
    p.set_defaults(func=cmd_synthetic)
    _extract_parser(sub)
    return parser


def _suggestion(unknown: str, parser: argparse.ArgumentParser) -> str:
    """ "; did you mean --size-by?" for a misspelt option (``_`` for ``-``, a typo), or nothing."""
    if not unknown.startswith("-"):
        return ""
    name = unknown.split("=", 1)[0]
    options = [o for action in parser._actions for o in action.option_strings if o.startswith("--")]
    spelt = "--" + name.lstrip("-").replace("_", "-").lower()
    match = spelt if spelt in options else next(iter(difflib.get_close_matches(spelt, options, n=1, cutoff=0.75)), None)
    return f"; did you mean {match}?" if match else ""


def _parse(parser: argparse.ArgumentParser, argv) -> argparse.Namespace:
    """Parse ``argv``; an unknown option is reported with the command's usage and a suggestion."""
    args, extras = parser.parse_known_args(argv)
    if extras:
        command = args.commands.get(args.command, parser)
        hint = next((h for h in (_suggestion(e, command) for e in extras) if h), "")
        command.error(f"unrecognized arguments: {' '.join(extras)}{hint}")  # prints its usage, exits 2
    return args


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = _parse(parser, argv)
    args.opened = []  # stores opened by the command, closed below (an open store locks its directory)
    try:
        return args.func(args)
    except OwlgraphError as exc:
        if args.debug:
            raise
        lines = str(exc).splitlines() or [type(exc).__name__]
        for line in lines:
            print(f"owlgraph: error: {line}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("owlgraph: interrupted; outputs were left as they were", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader of the output went away (`| head`): the work stopped, nothing kept
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # as a process killed by SIGPIPE: never 0, since the command did not finish
    finally:
        for graph in args.opened:
            graph.close()


if __name__ == "__main__":
    sys.exit(main())
