"""Real SPARQL servers on loopback for the remote tests, as session-scoped pytest fixtures.

- ``oxigraph_server``: the PyPI ``oxigraph`` server, writable, empty, union default graph.
- ``virtuoso_server``: Debian's ``virtuoso-t`` in a temporary database, authenticated
  endpoints ``/sparql-auth`` and ``/sparql-graph-crud-auth`` with dba/dba (HTTP Digest).
- ``faulty_server``: a tiny ``http.server`` that fails on purpose, by path:
  ``/error`` answers 500, ``/slow`` sleeps 3 s, ``/basic`` demands Basic auth
  (user ``owl``, password ``right-password``), ``/close`` drops the connection,
  ``/nogsp`` answers 405 to ``PUT``.

Each store fixture yields a :class:`RemoteStore`; a missing binary skips locally
and fails under CI=true (see :func:`conftest.require`).
"""

import base64
import http.server
import re
import shutil
import subprocess
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import require

from owlgraph.sparql.endpoint import Endpoint
from owlgraph.sparql.server import free_port, oxigraph_executable, serve

VIRTUOSO_TEMPLATE = Path("/usr/share/virtuoso-opensource-7/virtuoso.ini")
FAULTY_USER, FAULTY_PASSWORD = "owl", "right-password"


@dataclass
class RemoteStore:
    """Where a test server listens and how to log in."""

    name: str
    url: str
    update_url: str
    gsp_url: str
    user: str | None = None
    password: str | None = None

    def endpoint(self, **options) -> Endpoint:
        options = {
            "update_url": self.update_url,
            "gsp_url": self.gsp_url,
            "user": self.user,
            "password": self.password,
            "timeout": 10.0,
            **options,
        }
        return Endpoint(self.url, **options)


@pytest.fixture(scope="session")
def oxigraph_server():
    try:
        oxigraph_executable()
    except Exception:
        require(False, "oxigraph console script (pip install oxigraph)")
    with serve(None, read_only=False, union_default_graph=True) as server:
        yield RemoteStore("oxigraph", server.url, server.update_url, server.gsp_url)


def virtuoso_ini(template: str, directory: Path, sql_port: int, http_port: int) -> str:
    """The Debian template with every path in ``directory``, both ports on 127.0.0.1 and no cost-estimate limit."""
    edits = {
        ("Database", "DatabaseFile"): directory / "virtuoso.db",
        ("Database", "ErrorLogFile"): directory / "virtuoso.log",
        ("Database", "LockFile"): directory / "virtuoso.lck",
        ("Database", "TransactionFile"): directory / "virtuoso.trx",
        ("Database", "xa_persistent_file"): directory / "virtuoso.pxa",
        ("TempDatabase", "DatabaseFile"): directory / "virtuoso-temp.db",
        ("TempDatabase", "TransactionFile"): directory / "virtuoso-temp.trx",
        ("Parameters", "ServerPort"): f"127.0.0.1:{sql_port}",
        ("Parameters", "DirsAllowed"): f"., {directory}, /usr/share/virtuoso-opensource-7/vad",
        ("HTTPServer", "ServerPort"): f"127.0.0.1:{http_port}",
        ("URIQA", "DefaultHost"): f"127.0.0.1:{http_port}",
        # the stock 400 s cost estimate refused a parts query once in four suite runs (estimated 417 s, ran in
        # seconds): the tests are about answers, not the estimator's guess
        ("SPARQL", "MaxQueryCostEstimationTime"): 0,
    }
    lines, section = [], None
    for line in template.splitlines():
        if m := re.match(r"\s*\[(.+?)\]", line):
            section = m.group(1)
        if (m := re.match(r"(\w+)\s*=", line)) and (section, m.group(1)) in edits:
            line = f"{m.group(1)} = {edits[(section, m.group(1))]}"
        lines.append(line)
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory):
    executable = shutil.which("virtuoso-t")
    require(
        executable is not None and VIRTUOSO_TEMPLATE.is_file(),
        "Debian virtuoso-opensource (virtuoso-t and its virtuoso.ini template)",
    )
    directory = tmp_path_factory.mktemp("virtuoso")
    http_port, sql_port = free_port(), free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(virtuoso_ini(VIRTUOSO_TEMPLATE.read_text(), directory, sql_port, http_port))
    process = subprocess.Popen(
        [executable, "+foreground", "+configfile", str(ini)],
        cwd=directory,
        stdin=subprocess.DEVNULL,
        stdout=(directory / "stdout.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{http_port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                log = (directory / "stdout.log").read_text()[-1000:]
                pytest.fail(f"virtuoso-t did not start on {base}:\n{log}", pytrace=False)
            try:
                with urllib.request.urlopen(f"{base}/sparql?query=ASK%7B%7D", timeout=1):
                    break
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        yield RemoteStore(
            "virtuoso",
            f"{base}/sparql-auth",
            f"{base}/sparql-auth",
            f"{base}/sparql-graph-crud-auth",
            user="dba",
            password="dba",
        )
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(params=["oxigraph", "virtuoso"])
def store(request) -> RemoteStore:
    """Each real engine in turn."""
    return request.getfixturevalue(f"{request.param}_server")


class _FaultyHandler(http.server.BaseHTTPRequestHandler):
    """Fails on purpose; the path says how."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep test output quiet
        pass

    def _answer(self, code: int, body: bytes, headers: dict | None = None):
        self.send_response(code)
        for name, value in {"Content-Type": "text/plain", "Content-Length": str(len(body)), **(headers or {})}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.server.requests.append((self.command, self.path))
        path = self.path.split("?")[0]
        if path == "/error":
            self._answer(500, b"java.lang.OutOfMemoryError: the store exploded\nat line 2")
        elif path == "/slow":
            time.sleep(3)
            self._answer(200, b"{}")
        elif path == "/basic":
            expected = "Basic " + base64.b64encode(f"{FAULTY_USER}:{FAULTY_PASSWORD}".encode()).decode()
            if self.headers.get("Authorization") != expected:
                self._answer(401, b"unauthorized", {"WWW-Authenticate": 'Basic realm="owl"'})
            else:
                self._answer(200, b'{"head": {}, "boolean": true}', {"Content-Type": "application/sparql-results+json"})
        elif path == "/close":
            self.close_connection = True
            self.connection.shutdown(2)  # hang up without a status line
        elif path == "/nogsp" and self.command == "PUT":
            self._answer(405, b"method not allowed")
        else:
            self._answer(404, b"not found")

    do_GET = do_POST = do_PUT = _handle


@pytest.fixture(scope="session")
def faulty_server():
    """Base URL of a deliberately faulty HTTP server; ``.requests`` records (method, path)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _FaultyHandler)
    server.daemon_threads = True
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield server
    server.shutdown()
    server.server_close()
