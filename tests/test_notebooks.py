"""The notebooks in notebooks/: they run from a fresh kernel, are stored without outputs, use only the public API.

The execution tests start the ``python3`` kernel of the Python that runs pytest (the venv's ipykernel),
in ``notebooks/``, with ``PYTHONPATH`` set to the repository so that the kernel imports this working tree's
owlgraph whatever state the installed package is in. Everything they need runs on 127.0.0.1.
"""

import os
import re
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import owlgraph

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
EXPECTED = [
    "01-tour-of-the-owl-graph.ipynb",
    "02-cooperation-network-analysis.ipynb",
    "03-working-with-a-triplestore.ipynb",
    "04-growing-the-graph.ipynb",
]
CELL_TIMEOUT = 120  # seconds per cell

# Ways of reaching past the public API: owlgraph.<module>.<name>, importing a module, an _underscore attribute.
MODULE_ACCESS = re.compile(r"\bowlgraph\.[a-z_]+\.")
MODULE_IMPORT = re.compile(r"^\s*(?:from\s+owlgraph\.|import\s+owlgraph\.)", re.MULTILINE)
PRIVATE_NAME = re.compile(r"\._(?!_)\w*|\bfrom\s+\S+\s+import\s+(?:.*,\s*)?_(?!_)\w*")
TOP_LEVEL_NAME = re.compile(r"\bowlgraph\.(\w+)")
FROM_OWLGRAPH_IMPORT = re.compile(r"^\s*from\s+owlgraph\s+import\s+\(?([^)\n]+)", re.MULTILINE)
ALLOWED_DUNDERS = {"__file__", "__version__"}


def code_cells(path: Path) -> list[str]:
    return [cell.source for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code"]


def test_the_four_notebooks_are_there():
    assert [p.name for p in NOTEBOOKS] == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_opens_with_the_question_it_answers(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    assert "**Question:**" in first.source
    assert any("assert " in source for source in code_cells(path)), "a notebook checks what it shows"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_stored_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"cell {i} has outputs; clear them before committing"
            assert cell.execution_count is None, f"cell {i} has an execution count; clear outputs before committing"
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_uses_only_the_public_api(path):
    public = set(owlgraph.__all__) | ALLOWED_DUNDERS
    for i, source in enumerate(code_cells(path)):
        assert not MODULE_ACCESS.search(source), (
            f"cell {i}: owlgraph.<module>. access: {MODULE_ACCESS.search(source)[0]!r}"
        )
        assert not MODULE_IMPORT.search(source), f"cell {i}: imports an owlgraph module; use 'import owlgraph'"
        assert not PRIVATE_NAME.search(source), f"cell {i}: uses a private name {PRIVATE_NAME.search(source)[0]!r}"
        used = set(TOP_LEVEL_NAME.findall(source))
        for names in FROM_OWLGRAPH_IMPORT.findall(source):
            used |= {n.strip().split(" as ")[0] for n in names.split(",") if n.strip()}
        assert used <= public, f"cell {i}: not in owlgraph.__all__: {sorted(used - public)}"


def test_public_name_check_catches_internals():
    sources = [
        "from owlgraph.sparql.queries import query",
        "owlgraph.store.loading.load_graph()",
        "owlgraph.open_store()._inner",
        "from owlgraph.network.builders import _local",
        "import owlgraph.views.page",
    ]
    caught = [s for s in sources if MODULE_ACCESS.search(s) or MODULE_IMPORT.search(s) or PRIVATE_NAME.search(s)]
    assert caught == sources
    allowed = 'Path(owlgraph.__file__).parent; owlgraph.query(graph, "x").label.str.removeprefix("og_")'
    assert not (MODULE_ACCESS.search(allowed) or MODULE_IMPORT.search(allowed) or PRIVATE_NAME.search(allowed))


def kernel_check_cell() -> nbformat.NotebookNode:
    """A first cell (in memory only) proving the kernel is this Python and imports this working tree."""
    return nbformat.v4.new_code_cell(
        "import sys, owlgraph\n"
        f"assert sys.prefix == {sys.prefix!r}, sys.prefix\n"
        f"assert owlgraph.__file__ == {str(ROOT / 'owlgraph' / '__init__.py')!r}, owlgraph.__file__\n"
    )


@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_from_a_fresh_kernel(path, tmp_path):
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(0, kernel_check_cell())
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "TMPDIR": str(tmp_path),
    }  # the notebooks' temporary folders and server stores land in pytest's tmp_path
    client = NotebookClient(
        nb, timeout=CELL_TIMEOUT, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK_DIR)}}
    )
    client.execute(env=env)  # raises CellExecutionError, with the cell and traceback, on any error

    errors = [
        out for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs if out.output_type == "error"
    ]
    assert errors == []
    if any("owlgraph.view(" in source for source in code_cells(path)):
        html = [
            out["data"]["text/html"]
            for cell in nb.cells
            if cell.cell_type == "code"
            for out in cell.outputs
            if "text/html" in out.get("data", {})
        ]
        assert any(page.startswith("<iframe srcdoc=") for page in html), "the network view is shown inline"
