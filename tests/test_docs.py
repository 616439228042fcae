"""Does the documentation site build from this checkout, offline, without a single warning?"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import require

ROOT = Path(__file__).resolve().parents[1]


def offline() -> list[str]:
    """A prefix that runs a command without any network (a new network namespace), if this machine allows it."""
    try:
        usable = subprocess.run(["unshare", "-rn", "true"], capture_output=True, timeout=10).returncode == 0
    except OSError:
        usable = False
    require(usable, "unshare -rn (a network namespace, to prove the docs build offline)")
    return ["unshare", "-rn"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    argv = [*offline(), sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return out


def test_docs_build_offline_with_warnings_as_errors(site):
    assert (site / "index.html").is_file()


def test_home_page_is_the_readme_and_the_changelog_is_on_the_site(site):
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "What owlgraph guarantees on bad input and faults" in home
    assert 'src="benchmark-pipeline.png"' in home and (site / "benchmark-pipeline.png").is_file()
    assert "full_graph" in (site / "changelog.html").read_text(encoding="utf-8")


def test_every_module_has_its_api_reference(site):
    pages = {p.stem: p.read_text(encoding="utf-8") for p in (site / "api").glob("*.html")}
    for module in sorted((ROOT / "owlgraph").rglob("*.py")):
        name = ".".join(module.relative_to(ROOT).with_suffix("").parts)
        if module.name.startswith("__"):
            continue
        assert any(f'id="{name}"' in page for page in pages.values()), f"{name} is on no API page (docs/api/)"


def test_notebooks_are_pages_of_the_site(site):
    for notebook in (ROOT / "notebooks").glob("*.ipynb"):
        assert (site / "notebooks" / f"{notebook.stem}.html").is_file(), notebook.name


def test_pages_load_nothing_from_the_network(site):
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in text and "fonts.gstatic.com" not in text, page
