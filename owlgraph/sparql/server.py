"""Serve a graph over SPARQL with the real Oxigraph server, on loopback by default.

:func:`serve` loads RDF files or an rdflib graph into an Oxigraph store
(``oxigraph load``), then starts ``oxigraph serve-read-only`` (or ``serve`` when
``read_only=False``) on a free port and waits until it answers. The returned
:class:`Server` knows its query (``/query``), update (``/update``) and Graph
Store (``/store``) URLs and stops the process on :meth:`Server.stop` or at the
end of a ``with`` block.

Examples
--------
>>> from rdflib import Graph, Literal, URIRef
>>> g = Graph().add((URIRef("https://e.org/a"), URIRef("https://e.org/p"), Literal(1)))
>>> with serve(g) as server:
...     server.endpoint().triple_count()
1
"""

import ipaddress
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from pathlib import Path

from owlgraph.core.errors import EndpointError, InputFileError

__all__ = ["serve", "Server", "free_port", "oxigraph_executable", "is_loopback"]

_STARTUP_SECONDS = 20.0


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that is free on ``host`` right now."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def is_loopback(host: str) -> bool:
    """Whether ``host`` only listens on this machine.

    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def oxigraph_executable() -> str:
    """The ``oxigraph`` console script of this Python environment (PyPI package ``oxigraph``)."""
    beside = Path(sys.executable).with_name("oxigraph")
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise EndpointError("the oxigraph server is not installed; run: pip install 'oxigraph>=0.5,<0.6'")
    return found


class Server:
    """A running Oxigraph server process. Use :func:`serve` to start one."""

    def __init__(
        self,
        process: subprocess.Popen,
        host: str,
        port: int,
        *,
        read_only: bool,
        location: Path,
        cleanup: tempfile.TemporaryDirectory | None,
        errors=None,
    ):
        self.process, self.host, self.port, self.read_only = process, host, port, read_only
        self.location, self._cleanup = location, cleanup
        self._errors = errors  # the server's stderr, a temporary file
        netloc = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        self.base_url = f"http://{netloc}"
        #: SPARQL query endpoint.
        self.url = f"{self.base_url}/query"
        #: SPARQL Update endpoint (refused by a read-only server).
        self.update_url = f"{self.base_url}/update"
        #: Graph Store Protocol endpoint.
        self.gsp_url = f"{self.base_url}/store"

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        return f"Server({self.url!r}, read_only={self.read_only}, {state})"

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    def endpoint(self, **options):
        """An :class:`~owlgraph.sparql.endpoint.Endpoint` for this server (update/GSP only when writable)."""
        from owlgraph.sparql.endpoint import Endpoint

        if not self.read_only:
            options.setdefault("update_url", self.update_url)
            options.setdefault("gsp_url", self.gsp_url)
        return Endpoint(self.url, **options)

    def stop(self) -> None:
        """Stop the server and remove its store if :func:`serve` created it."""
        if self.running:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._errors is not None:
            self._errors.close()
            self._errors = None
        if self._cleanup is not None:
            self._cleanup.cleanup()
            self._cleanup = None

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _load(executable: str, location: Path, data) -> None:
    """Load files or an rdflib graph into the store at ``location`` (atomic per ``oxigraph load``)."""
    if data is None:
        return
    if isinstance(data, (str, os.PathLike)):
        data = [data]
    with tempfile.TemporaryDirectory(prefix="owlgraph-load-") as tmp:
        if hasattr(data, "serialize"):  # an rdflib Graph or Dataset
            named = hasattr(data, "contexts")  # Dataset / ConjunctiveGraph: keep the graph names
            path = Path(tmp) / ("graph.nq" if named else "graph.nt")
            data.serialize(destination=path, format="nquads" if named else "nt", encoding="utf-8")
            files = [path]
        else:
            files = [Path(p) for p in data]
            for path in files:
                if not path.is_file():
                    raise InputFileError(f"{path}: no such file; pass existing RDF files to serve()")
        result = subprocess.run(
            [executable, "load", "--location", str(location), "--file", *map(str, files)],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            message = " ".join(result.stderr.split())[:300]
            raise InputFileError(f"oxigraph load failed for {', '.join(map(str, files))}: {message}; fix the file")


def _wait_until_up(server: Server, deadline: float) -> None:
    while time.monotonic() < deadline:
        if not server.running:
            server._errors.seek(0)
            stderr = server._errors.read()
            server.stop()
            raise EndpointError(
                f"oxigraph server on {server.base_url} exited ({' '.join(stderr.split())[:300]}); "
                "choose another port or location"
            )
        try:
            with urllib.request.urlopen(f"{server.url}?query=ASK%7B%7D", timeout=1):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.05)
    server.stop()
    raise EndpointError(
        f"oxigraph server on {server.base_url} did not answer within {_STARTUP_SECONDS:g} s; "
        "check that the port is free"
    )


def serve(
    data: str | os.PathLike | Iterable[str | os.PathLike] | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    read_only: bool = True,
    union_default_graph: bool = True,
    location: str | os.PathLike | None = None,
    allow_remote: bool = False,
    cors: bool = False,
) -> Server:
    """Start the Oxigraph SPARQL server on ``data`` and return once it answers.

    Parameters
    ----------
    data : path, list of paths, rdflib.Graph or None
        RDF to load first (any format ``oxigraph load`` guesses from the extension).
    host : str
        Interface to listen on; only loopback unless ``allow_remote=True``.
    port : int
        TCP port; 0 picks a free one.
    read_only : bool
        Serve with ``serve-read-only`` (updates and ``PUT`` refused).
    union_default_graph : bool
        Queries without ``GRAPH`` see the union of all named graphs.
    location : path, optional
        Store directory to keep; default a temporary one removed by :meth:`Server.stop`.
    allow_remote : bool
        Allow a non-loopback ``host`` such as ``0.0.0.0`` (exposes the store to the network).
    cors : bool
        Answer cross-origin requests (``oxigraph --cors``), so that pages of a published site
        served from another port can query the endpoint.
    """
    if not is_loopback(host) and not allow_remote:
        raise EndpointError(
            f"refusing to serve on {host}: it is reachable from other machines; "
            "use host='127.0.0.1' or pass allow_remote=True"
        )
    executable = oxigraph_executable()
    cleanup = None
    if location is None:
        cleanup = tempfile.TemporaryDirectory(prefix="owlgraph-oxigraph-")
        location = cleanup.name
    location = Path(location)
    location.mkdir(parents=True, exist_ok=True)
    try:
        _load(executable, location, data)
        chosen = port or free_port(host if host != "localhost" else "127.0.0.1")
        netloc = f"[{host}]:{chosen}" if ":" in host else f"{host}:{chosen}"
        command = [
            executable,
            "serve-read-only" if read_only else "serve",
            "--location",
            str(location),
            "--bind",
            netloc,
        ]
        if union_default_graph:
            command.append("--union-default-graph")
        if cors:
            command.append("--cors")
        # A file, not a pipe: a long-running server must never block on a full pipe.
        errors = tempfile.TemporaryFile("w+")  # noqa: SIM115 - lives as long as the server; Server closes it
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors)
    except BaseException:
        if cleanup is not None:
            cleanup.cleanup()
        raise
    server = Server(process, host, chosen, read_only=read_only, location=location, cleanup=cleanup, errors=errors)
    _wait_until_up(server, time.monotonic() + _STARTUP_SECONDS)
    return server
