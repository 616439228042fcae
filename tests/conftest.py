"""Shared fixtures. In CI (CI=true) a missing real component fails a test; it never skips."""

import os
import shutil

import pytest

pytest_plugins = ["servers"]

IN_CI = os.environ.get("CI", "").lower() == "true"


def require(condition: bool, what: str) -> None:
    """Skip locally when a real component is missing; fail under CI=true."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"missing real component in CI: {what}", pytrace=False)
    pytest.skip(f"missing real component: {what}")


#: Debian's headless Chromium, driven by Playwright (no browser download)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    """One real headless Chromium for the session's browser tests."""
    require(os.path.exists(CHROMIUM), f"Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def require_executable(name: str) -> str:
    path = shutil.which(name)
    require(path is not None, f"executable {name!r} on PATH")
    return path


# --- robustness count (tests/test_bad_input.py, tests/test_properties.py) --------------------------

#: incremented by the property-based tests, once per generated example
ROBUSTNESS_EXAMPLES = {"count": 0}


def pytest_configure(config):
    config.addinivalue_line("markers", "bad_input: a row of the bad-input matrix")
    config.addinivalue_line("markers", "fault: a remote fault or failure-halfway case")


def pytest_terminal_summary(terminalreporter):
    tried = {"bad_input": 0, "fault": 0}
    for reports in terminalreporter.stats.values():
        for report in reports:
            if getattr(report, "when", None) == "call":  # ran (passed or failed), not skipped at setup
                for marker in tried:
                    tried[marker] += marker in getattr(report, "keywords", {})
    examples = ROBUSTNESS_EXAMPLES["count"]
    if any(tried.values()) or examples:
        terminalreporter.write_line(
            f"robustness cases tried: matrix {tried['bad_input']}, faults {tried['fault']}, "
            f"property-based examples {examples}"
        )


# --- one build per session, for every test that only reads it -------------------------------------


@pytest.fixture(scope="session")
def built_out(tmp_path_factory):
    """The folder ``owlgraph build --out`` wrote for the built-in facts, once per session. Read it; never change it."""
    from owlgraph.cli import main

    out = tmp_path_factory.mktemp("shared-build") / "out"
    assert main(["build", "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="session")
def built_graph():
    """The built-in graph in the embedded store, once per session. Read it; never change it."""
    from owlgraph.store.loading import load_graph

    return load_graph()
