"""Serve a published site on loopback, with content negotiation on the instance IRIs' paths.

``GET /id/<kind>/<id>`` answers with the resource's Turtle for ``Accept: text/turtle``,
its JSON-LD for ``application/ld+json`` and its HTML page otherwise (``Vary: Accept``);
every other path is a file of the site. Only ``GET``, ``HEAD`` and ``OPTIONS`` are
accepted: the site is read-only. It runs in a thread next to the SPARQL server that
``owlgraph serve --site`` starts.

Examples
--------
>>> import tempfile, pathlib, urllib.request
>>> site = pathlib.Path(tempfile.mkdtemp())
>>> (site / "id" / "x").mkdir(parents=True)
>>> _ = (site / "id" / "x" / "a.ttl").write_text("<a> <b> <c> .")
>>> _ = (site / "id" / "x" / "a.html").write_text("<p>a</p>")
>>> _ = (site / "index.html").write_text("<p>index</p>")
>>> with serve_site(site) as server:
...     request = urllib.request.Request(server.url + "id/x/a", headers={"Accept": "text/turtle"})
...     urllib.request.urlopen(request).read()
b'<a> <b> <c> .'
"""

from __future__ import annotations

import functools
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import unquote, urlsplit

from owlgraph.core.errors import EndpointError, InputFileError
from owlgraph.publishing.redirects import MEDIA_TYPES, negotiate

__all__ = ["SiteServer", "serve_site", "check_site"]


class _Handler(SimpleHTTPRequestHandler):
    # typeshed declares extensions_map per instance; http.server reads it from the class
    extensions_map: ClassVar[dict[str, str]] = {**SimpleHTTPRequestHandler.extensions_map, **MEDIA_TYPES, ".js": "text/javascript",  # type: ignore[misc]
                      ".nq": "application/n-quads", ".nt": "application/n-triples", ".trig": "application/trig",
                      ".xml": "application/xml", ".txt": "text/plain"}  # fmt: skip

    def log_message(self, format, *args):  # quiet: the command prints its URLs once
        pass

    def _negotiated(self) -> str | None:
        path = unquote(urlsplit(self.path).path)
        if path.startswith("/id/") and "." not in path.rsplit("/", 1)[-1]:
            suffix = negotiate(self.headers.get("Accept"))
            if (Path(self.directory) / (path.lstrip("/") + suffix)).is_file():
                return path + suffix
        if path == "/dataset":
            return path + (".ttl" if negotiate(self.headers.get("Accept")) == ".ttl" else ".html")
        return None

    def _rewrite(self) -> None:
        target = self._negotiated()
        if target is not None:
            query = urlsplit(self.path).query
            self.path = target + (f"?{query}" if query else "")
            self._vary = True

    def end_headers(self):
        if getattr(self, "_vary", False):
            self.send_header("Vary", "Accept")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def do_GET(self):
        self._rewrite()
        super().do_GET()

    def do_HEAD(self):
        self._rewrite()
        super().do_HEAD()

    def do_OPTIONS(self):
        self.send_response(204)
        self.send_header("Allow", "GET, HEAD, OPTIONS")
        self.send_header("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Accept")
        self.end_headers()

    def _read_only(self):
        self.send_error(405, "the site is read-only")

    do_POST = do_PUT = do_DELETE = do_PATCH = _read_only


class SiteServer:
    """A running site server (a thread); :meth:`stop` or a ``with`` block ends it."""

    def __init__(self, httpd: ThreadingHTTPServer, thread: threading.Thread):
        self._httpd, self._thread = httpd, thread
        host, port = httpd.server_address[:2]
        self.host, self.port = host, port
        self.url = f"http://{host!s}:{port}/"

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> SiteServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"SiteServer({self.url!r})"


def check_site(site: str | os.PathLike, *, host: str = "127.0.0.1") -> Path:
    """``site`` as a Path if it is a site ``owlgraph publish`` wrote and ``host`` is loopback; else a one-line error."""
    from owlgraph.sparql.server import is_loopback

    site = Path(site)
    if not (site / "index.html").is_file() or not (site / "id").is_dir():
        raise InputFileError(
            f"{site}: not a published site (no index.html and id/); write one with: owlgraph publish -o {site}"
        )
    if not is_loopback(host):
        raise EndpointError(f"refusing to serve the site on {host}: use a loopback address such as 127.0.0.1")
    return site


def serve_site(site: str | os.PathLike, *, host: str = "127.0.0.1", port: int = 0) -> SiteServer:
    """Serve the site folder ``site`` on ``host:port`` (loopback only; 0 picks a free port).

    Raises
    ------
    InputFileError
        If ``site`` is not a site that ``owlgraph publish`` wrote.
    EndpointError
        If the address is not loopback or the port is taken.
    """
    site = check_site(site, host=host)
    handler = functools.partial(_Handler, directory=str(site.resolve()))
    try:
        httpd = ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        raise EndpointError(f"cannot serve the site on {host}:{port} ({exc.strerror}); choose another port") from None
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, name="owlgraph-site", daemon=True)
    thread.start()
    return SiteServer(httpd, thread)
