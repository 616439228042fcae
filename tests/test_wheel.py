"""A researcher installs the wheel: does owlgraph work outside the checkout, with the same answers?

Once per session: ``python -m build`` makes the sdist and then the wheel *from the sdist*; the wheel goes into a
fresh virtual environment in a temporary folder (outside the repository). Only owlgraph comes from the wheel
(``pip install --no-deps``); its dependencies are the test environment's, reached through a ``.pth`` line, so a
resource the wheel lacks cannot be found in the checkout. Every command runs from an unrelated empty folder and its
answer is compared with the same command run from the checkout.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import owlgraph

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.wheel


def run(argv: list[str], *, cwd: Path, env: dict[str, str], timeout: float = 600) -> subprocess.CompletedProcess:
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(argv)} failed in {cwd}:\n{done.stderr[-2000:]}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(the wheel, the fresh venv's ``owlgraph`` script, its environment, an unrelated empty folder)."""
    base = tmp_path_factory.mktemp("wheel")
    assert ROOT not in base.parents
    dist = base / "dist"
    # build's default: the sdist first, then the wheel built from the unpacked sdist
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(dist), str(ROOT)], cwd=base, env=env)
    (wheel,) = dist.glob("owlgraph-*.whl")
    (sdist,) = dist.glob("owlgraph-*.tar.gz")

    venv = base / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=base, env=env)
    python = venv / "bin" / "python"
    site = Path(
        run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], cwd=base, env=env
        ).stdout.strip()
    )
    # the test environment's packages (numpy, rdflib, pyoxigraph, …) but not its editable owlgraph: a plain path
    # line does not run the .pth files of that folder, so the checkout is not on sys.path
    (site / "test-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", str(wheel)],
        cwd=base,
        env=env,
    )

    elsewhere = base / "elsewhere"
    elsewhere.mkdir()
    env["PATH"] = os.pathsep.join([str(venv / "bin"), str(Path(sys.executable).parent), env.get("PATH", "")])
    return wheel, sdist, venv / "bin" / "owlgraph", env, elsewhere


@pytest.fixture(scope="module")
def both(installed):
    """Run one command with the wheel and with the checkout side by side; return both results."""
    _, _, script, env, elsewhere = installed
    checkout = [sys.executable, "-m", "owlgraph"]
    here = elsewhere.parent / "checkout"
    here.mkdir(exist_ok=True)

    def pair(*args: str) -> tuple[subprocess.CompletedProcess, subprocess.CompletedProcess]:
        with ThreadPoolExecutor(2) as pool:
            wheel = pool.submit(run, [str(script), *args], cwd=elsewhere, env=env)
            local = pool.submit(run, [*checkout, *args], cwd=here, env=os.environ.copy())
            return wheel.result(), local.result()

    return pair


def test_the_wheel_carries_every_resource_the_package_reads(installed):
    wheel, sdist, *_ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "owlgraph/resources/ontology/owlgraph.ttl",
        "owlgraph/resources/ontology/shapes.ttl",
        "owlgraph/resources/queries/competency/who-heads-what.rq",
        "owlgraph/resources/data/facts/owl-article.yaml",
        "owlgraph/resources/data/sources/brancheninitiativen-owl.txt",
        "owlgraph/views/static/vis-network.min.js",
    ):
        assert needed in names, needed
    competency = {p.name for p in (ROOT / "queries" / "competency").glob("*.rq")}
    assert {n.rsplit("/", 1)[1] for n in names if n.endswith(".rq")} == competency
    with tarfile.open(sdist) as tar:  # the sdist holds the sources the wheel was built from
        assert any(n.endswith("/ontology/owlgraph.ttl") for n in tar.getnames())


def test_owlgraph_is_imported_from_the_fresh_environment_not_the_checkout(installed):
    _, _, script, env, elsewhere = installed
    python = script.with_name("python")
    where = run([str(python), "-c", "import owlgraph; print(owlgraph.__file__)"], cwd=elsewhere, env=env).stdout
    assert Path(where.strip()).is_relative_to(script.parents[1]), where
    assert run([str(script), "--version"], cwd=elsewhere, env=env).stdout.split()[-1] == owlgraph.__version__
    assert owlgraph.__version__ in run([str(python), "-m", "owlgraph", "--version"], cwd=elsewhere, env=env).stdout


def test_build_from_another_folder_writes_the_same_graph_as_the_checkout(installed, built_out):
    _, _, script, env, elsewhere = installed
    run([str(script), "build", "--out", "X"], cwd=elsewhere, env=env)
    mine = elsewhere / "X"
    assert (mine / "owlgraph.nq").read_bytes() == (built_out / "owlgraph.nq").read_bytes()
    assert (mine / "summary.json").read_text() == (built_out / "summary.json").read_text()
    assert sorted(p.relative_to(mine) for p in mine.rglob("*")) == sorted(
        p.relative_to(built_out) for p in built_out.rglob("*")
    )


def test_who_heads_what_answers_as_in_the_checkout(both):
    wheel, checkout = both("query", "who-heads-what")
    assert wheel.stdout == checkout.stdout
    assert "Herbert Weber" in wheel.stdout


def test_cooperation_view_is_the_same_page_as_in_the_checkout(both, installed):
    *_, elsewhere = installed
    both("view", "--kind", "cooperation", "-o", "v.html")
    page = (elsewhere / "v.html").read_text(encoding="utf-8")
    assert page == (elsewhere.parent / "checkout" / "v.html").read_text(encoding="utf-8")
    assert "vis-network" in page and "OWL Maschinenbau" in page


def test_serve_from_the_wheel_answers_queries_and_stops(installed):
    from owlgraph.sparql.server import free_port

    _, _, script, env, elsewhere = installed
    assert shutil.which("oxigraph", path=env["PATH"])
    proc = subprocess.Popen(
        [str(script), "serve", "--port", str(free_port())],
        cwd=elsewhere,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        url = re.search(r"(http://127\.0\.0\.1:\d+/query)", line)
        assert url, line + proc.stderr.read()
        remote = run(
            [str(script), "query", "who-heads-what", "--endpoint", url.group(1), "--format", "csv"],
            cwd=elsewhere,
            env=env,
        )
        local = run(
            [sys.executable, "-m", "owlgraph", "query", "who-heads-what", "--format", "csv"],
            cwd=ROOT,
            env=os.environ.copy(),
        )
        assert remote.stdout == local.stdout and "Herbert Weber" in remote.stdout
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=15) == 0
    finally:
        proc.kill()
        proc.wait()
