"""Do the project's own rules hold: imports run downward, no cycles, lint clean, docs in sync, nothing outside?"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def tool(name: str, *args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run one of the project's dev tools (from its own ``dev`` extra, in this environment)."""
    return subprocess.run(
        [str(BIN / name), *args], cwd=cwd, env=env or os.environ.copy(), capture_output=True, text=True, timeout=300
    )


def test_imports_run_downward_only():
    done = tool("lint-imports")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 kept, 0 broken" in done.stdout


def test_an_upward_import_breaks_the_contract(tmp_path):
    """A copy of the package where the core imports the command line: the layers contract must fail."""
    shutil.copytree(ROOT / "owlgraph", tmp_path / "owlgraph", ignore=shutil.ignore_patterns("__pycache__", "resources"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "owlgraph" / "core" / "upward.py").write_text("from owlgraph.cli import main\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    done = tool("lint-imports", "--no-cache", cwd=tmp_path, env=env)
    assert done.returncode != 0, done.stdout
    assert "BROKEN" in done.stdout and "owlgraph.core.upward -> owlgraph.cli" in done.stdout, done.stdout


def test_modules_import_each_other_without_cycles():
    graph = grimp.build_graph("owlgraph", cache_dir=None)
    imports = nx.DiGraph()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            # the top-level package only re-exports the API (and cli reads its version): not a cycle between modules
            if "owlgraph" not in (module, imported):
                imports.add_edge(module, imported)
    cycles = list(nx.simple_cycles(imports))
    assert not cycles, f"import cycles: {cycles[:5]}"


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "owlgraph", "tests", "benchmarks", "scripts"],
        ["format", "--check", "owlgraph", "tests", "benchmarks", "scripts"],
    ],
    ids=["ruff-check", "ruff-format"],
)
def test_ruff_finds_nothing(argv):
    done = tool("ruff", *argv)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-1000:]


def test_readme_command_reference_matches_the_commands():
    done = tool("cog", "--check", "README.md")
    assert done.returncode == 0, (done.stdout + done.stderr)[-2000:] + "\nrun: cog -r README.md"


def test_the_tables_page_lists_the_columns_and_values_the_import_takes():
    done = tool("cog", "--check", "docs/tables.md")
    assert done.returncode == 0, (done.stdout + done.stderr)[-2000:] + "\nrun: cog -r docs/tables.md"


def test_every_option_and_command_has_help_and_an_example():
    from owlgraph.cli import make_parser

    parser = make_parser()
    commands = parser._subparsers._group_actions[0].choices
    for name, command in commands.items():
        assert (command.epilog or "").startswith(f"example: owlgraph {name}"), name
        for action in command._actions:
            assert action.help, f"owlgraph {name} {'/'.join(action.option_strings) or action.dest} has no help"


OUTSIDE = re.compile(r"/work/|\.\./shared/|shared/(VIEWS|DOMAIN|STYLE|EXTRACTION)\.md")


def test_nothing_refers_to_files_outside_the_repository():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    offenders = []
    for name in tracked:
        path = ROOT / name
        skip = path.suffix in {".png", ".js", ".ipynb"} or name == "tests/test_maintenance.py"  # its own pattern
        if skip or not path.is_file() or path.is_symlink():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        offenders += [f"{name}:{n}" for n, line in enumerate(text.splitlines(), 1) if OUTSIDE.search(line)]
    assert not offenders, offenders
