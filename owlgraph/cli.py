"""The ``owlgraph`` command: a thin layer that parses options, calls the library and prints.

Every user error is an :class:`~owlgraph.core.errors.OwlgraphError`: it is printed as one
line and the command exits non-zero; ``--debug`` shows the traceback.
"""

import argparse
import os
import sys
from contextlib import contextmanager
from pathlib import Path

from owlgraph import __version__
from owlgraph.core.errors import ExportError, OwlgraphError

__all__ = ["main", "make_parser"]


# --- options shared by several commands (defined once) -------------------------------------


def _graph_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--data",
        action="append",
        metavar="FILE",
        help="work on this RDF file instead of the built-in graph (repeatable)",
    )
    p.add_argument(
        "--facts",
        action="append",
        metavar="YAML",
        help="build from this facts file instead of data/facts/*.yaml (repeatable)",
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
            "--timeout", type=float, default=30.0, help="with --endpoint: seconds before a request fails (default 30)"
        )
    p.set_defaults(source_remote=remote)


def _endpoint(args):
    from owlgraph.sparql.endpoint import Endpoint

    return Endpoint(args.endpoint, timeout=args.timeout, default_graph=getattr(args, "graph", None))


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
        return _endpoint(args)
    from owlgraph.store.loading import load_graph

    return load_graph(data=args.data, facts=args.facts)


def _bindings(pairs: list[str] | None) -> dict:
    from rdflib import Literal, URIRef

    found = {}
    for pair in pairs or []:
        name, sep, value = pair.partition("=")
        if not sep:
            raise OwlgraphError(
                f"--bind {pair!r}: write NAME=VALUE, e.g. --bind subject=https://w3id.org/owlgraph/id/person/herbert-weber"
            )
        if (value.startswith("<") and value.endswith(">")) or value.startswith(("http://", "https://")):
            from owlgraph.sparql.endpoint import check_iri

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


def cmd_validate(args) -> int:
    from owlgraph.curation.validate import check_graph

    if args.data or args.store:
        check_graph(_source(args))
    else:
        from owlgraph.curation.build import build_graph, fact_origins
        from owlgraph.curation.facts import read_facts

        base = read_facts(args.facts)
        check_graph(build_graph(base), origins=fact_origins(base))
    print("valid: the graph conforms to ontology/shapes.ttl")
    return 0


def cmd_stats(args) -> int:
    import json

    from owlgraph.sparql.stats import format_stats, graph_stats

    stats = graph_stats(_source(args))
    print(
        json.dumps(stats, indent=1, ensure_ascii=False)
        if args.json
        else format_stats(stats, prefix="" if args.all else "og:")
    )
    return 0


def cmd_export(args) -> int:
    from owlgraph.curation.export import write_graph

    source = _source(args)
    graph = source.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }") if hasattr(source, "construct") else source
    path = write_graph(graph, args.output, args.format)
    print(f"wrote {path} ({args.format})")
    return 0


def cmd_query(args) -> int:
    from owlgraph.sparql.queries import named_queries, select_rows
    from owlgraph.sparql.results import format_results

    if args.list:
        for name, q in named_queries().items():
            print(f"{name:40} {q.question}")
        return 0
    if not args.query:
        raise OwlgraphError("give a named query, a .rq file or SPARQL text (or --list)")
    variables, rows = select_rows(_source(args), args.query, bindings=_bindings(args.bind))
    text = format_results(variables, rows, args.format)
    if args.output:
        from owlgraph.core.files import write_atomic

        write_atomic(args.output, text)
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def _network(args):
    from owlgraph.network.builders import to_networkx

    options = {}
    if args.kind == "affiliation":
        options["mode"] = args.mode
    if args.kind == "query":
        if not args.query:
            raise OwlgraphError("--kind query needs --query NAME|FILE.rq|SPARQL")
        options["spec"] = args.query
        options["directed"] = not args.undirected
    elif args.undirected:
        raise OwlgraphError(f"--undirected applies to --kind query only; a {args.kind} network is always undirected")
    G = to_networkx(_source(args), args.kind, **options)
    if args.kind == "affiliation" and args.project is not None:
        from owlgraph.network.builders import one_mode_network

        G = one_mode_network(G, args.project, method=args.method)
    return G


def _network_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--kind", choices=["full", "cooperation", "affiliation", "query"], default="cooperation")
    p.add_argument(
        "--mode",
        default="organisation-initiative",
        help="with --kind affiliation: organisation-initiative, person-organisation or agent-event",
    )
    p.add_argument(
        "--project", type=int, choices=[0, 1], help="with --kind affiliation: one-mode projection onto side 0 or 1"
    )
    p.add_argument("--method", choices=["plain", "newman"], default="plain", help="projection weighting")
    p.add_argument(
        "--query", metavar="Q", help="with --kind query: a named query, .rq file or SPARQL (WDQS graph conventions)"
    )
    p.add_argument(
        "--undirected",
        action="store_true",
        help="with --kind query: edges without direction, for pairs such as co-members "
        "(e.g. owlgraph metrics --kind query --query pairs.rq --undirected)",
    )


def cmd_network(args) -> int:
    from owlgraph.network.formats import write_network

    G = _network(args)
    if args.metrics:
        from owlgraph.network.analysis import add_metrics

        G = add_metrics(G)
    write_network(G, args.output, args.format)
    print(f"wrote {args.output} ({args.format}): {G.number_of_nodes()} nodes, {G.number_of_edges()} edges")
    return 0


def cmd_metrics(args) -> int:
    from owlgraph.network.analysis import add_metrics, ranked

    G = add_metrics(_network(args), group_attr=args.group_by)
    direction = G.graph["metrics_direction"]
    print(
        f"{args.kind} network: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges; "
        f"measures computed on the {direction} graph"
    )
    for measure in args.measure:
        frame = ranked(G, measure, top=args.top)
        print(f"\n== {measure} ==")
        print(frame.to_string(index=False) if len(frame) else "(no nodes)")
    return 0


def cmd_view(args) -> int:
    from owlgraph.views.page import write_html

    G = _network(args)
    if args.top or args.ego or args.sector:
        from owlgraph.network.subnetwork import select_subnetwork

        G = select_subnetwork(G, top=args.top, ego=args.ego, radius=args.radius, sector=args.sector)
    if args.size_by:
        from owlgraph.network.analysis import add_metrics

        G = add_metrics(G)
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
    from owlgraph.curation.export import triples_graph
    from owlgraph.sparql.endpoint import Endpoint

    graph = triples_graph(_source(args))
    update_url, gsp_url = _derived_urls(args.endpoint)
    endpoint = Endpoint(
        args.endpoint, update_url=args.update_url or update_url, gsp_url=args.gsp_url or gsp_url, timeout=args.timeout
    )
    count = endpoint.push(graph, args.graph)
    print(f"pushed {count} triples into <{args.graph}> at {args.endpoint}; remote count verified")
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

    from owlgraph.sparql.server import serve

    store = _store_dir(args)  # served in place: the server process opens it, so it is not opened here
    graph = None if store else _source(args)
    with (
        serve(
            graph,
            location=store,
            host=args.host,
            port=args.port,
            read_only=not args.writable,
            allow_remote=args.allow_remote,
        ) as server,
        _sigterm_as_ctrl_c(),
    ):
        try:
            print(
                f"SPARQL endpoint: {server.url} ({'read-only' if not args.writable else 'writable'}); Ctrl-C stops it",
                flush=True,
            )
            while server.running:
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
    return 0


def cmd_import(args) -> int:
    from owlgraph.store.embedded import triple_count
    from owlgraph.store.loading import load_graph

    graph = load_graph(
        data=args.data,
        facts=args.facts,
        tables=args.folders,
        path=args.store,
        provenance=args.provenance,
        materialise=args.materialise,
        progress=args.progress,
    )
    getattr(args, "opened", []).append(graph)  # main() closes it
    base = "the RDF files" if args.data else "the facts files' graph" if args.facts else "the built-in graph"
    folders = ", ".join(map(str, args.folders))
    print(
        f"stored {triple_count(graph)} quads in {args.store}: {base} and {len(args.folders)} CSV "
        f"folder{'s' if len(args.folders) != 1 else ''} ({folders})"
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


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text}: give a whole number of at least 1")
    return value


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="owlgraph", description="Knowledge graph of regional cooperation networks.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("build", help="build and validate the graph; write exports, ontology docs, networks, views")
    p.add_argument("--out", type=Path, default=Path("out"), help="output folder (default: out/)")
    p.add_argument(
        "--facts", action="append", metavar="YAML", help="a facts file (repeatable; default: data/facts/*.yaml)"
    )
    p.add_argument("--no-views", action="store_true", help="skip the HTML views")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("validate", help="check the facts and the graph against the SHACL shapes")
    _source_options(p, remote=False)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("stats", help="counts per class and relation")
    _source_options(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--all", action="store_true", help="include standard-vocabulary classes and relations")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("export", help="write the complete graph to an RDF file")
    _source_options(p)
    p.add_argument("-f", "--format", required=True, choices=["turtle", "nt", "nquads", "trig", "jsonld"])
    p.add_argument("-o", "--output", required=True, type=Path)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("query", help="run a named query, a .rq file or SPARQL text")
    _source_options(p)
    p.add_argument("query", nargs="?", help="named query, .rq file or SPARQL text")
    p.add_argument("--list", action="store_true", help="list the named queries")
    p.add_argument("--format", choices=["table", "csv", "tsv", "json"], default="table")
    p.add_argument(
        "--bind", action="append", metavar="NAME=VALUE", help="bind variables safely (IRIs as <…> or http(s)://…)"
    )
    p.add_argument("-o", "--output", type=Path, help="write the results to this file")
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("network", help="write a network (GEXF, GraphML, CSV, JSON, Pajek, VOSviewer)")
    _source_options(p)
    _network_options(p)
    p.add_argument("--format", required=True, choices=["gexf", "graphml", "csv", "json", "pajek", "vosviewer"])
    p.add_argument("--metrics", action="store_true", help="add centralities and communities as node attributes")
    p.add_argument("-o", "--output", required=True, type=Path)
    p.set_defaults(func=cmd_network)

    p = sub.add_parser("metrics", help="ranked tables of centralities, structural holes and brokerage")
    _source_options(p)
    _network_options(p)
    p.add_argument(
        "--measure",
        nargs="+",
        default=["degree", "betweenness", "closeness", "eigenvector", "constraint", "effective_size"],
    )
    p.add_argument("--group-by", default=None, help="node attribute for brokerage roles (e.g. type)")
    p.add_argument("--top", type=int, default=10)
    p.set_defaults(func=cmd_metrics)

    p = sub.add_parser("view", help="write an interactive, self-contained HTML view")
    _source_options(p)
    _network_options(p)
    p.add_argument("-o", "--output", required=True, type=Path)
    p.add_argument("--title")
    p.add_argument("--size-by", help="node attribute to size by (e.g. betweenness)")
    p.add_argument("--color-by", default="type", help="node attribute to colour by (type or community)")
    p.add_argument("--top", type=int, help="keep the N most central nodes")
    p.add_argument("--ego", metavar="NODE", help="keep the neighbourhood of this node (IRI or label)")
    p.add_argument("--radius", type=int, default=1, help="with --ego: hops")
    p.add_argument("--sector", help="keep one sector")
    p.set_defaults(func=cmd_view)

    p = sub.add_parser("push", help="replace a named graph on a SPARQL 1.1 store with the graph, then verify it")
    p.add_argument("--endpoint", required=True, metavar="URL", help="the store's SPARQL query endpoint")
    p.add_argument("--graph", required=True, metavar="IRI", help="the named graph to replace")
    p.add_argument("--gsp-url", metavar="URL", help="Graph Store Protocol URL (default: derived from the endpoint)")
    p.add_argument("--update-url", metavar="URL", help="SPARQL Update URL (fallback when there is no GSP)")
    p.add_argument("--timeout", type=float, default=60.0)
    _source_options(p, remote=False)
    p.set_defaults(func=cmd_push)

    p = sub.add_parser("serve", help="start a local SPARQL endpoint (Oxigraph server) with the graph")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=7878)
    p.add_argument(
        "--writable",
        action="store_true",
        help="accept SPARQL Update (default: read-only); with --store, updates change the store",
    )
    p.add_argument("--allow-remote", action="store_true", help="allow binding to a non-loopback address")
    _source_options(p, remote=False)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("import", help="import folders of CSV files into a persisted store (with the built-in graph)")
    p.add_argument(
        "folders",
        nargs="+",
        type=Path,
        metavar="FOLDER",
        help="a folder of organisations.csv, initiatives.csv, memberships.csv, … (see owlgraph.store.tabular)",
    )
    p.add_argument(
        "--store",
        required=True,
        type=Path,
        metavar="DIR",
        help="the store directory; an existing store there is replaced only when everything imported",
    )
    _graph_options(p)
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
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a progress bar on stderr (default: when stderr is a terminal)",
    )
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("synthetic", help="write a seeded synthetic network as CSV files for 'owlgraph import'")
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
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
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
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    finally:
        for graph in args.opened:
            graph.close()


if __name__ == "__main__":
    sys.exit(main())
