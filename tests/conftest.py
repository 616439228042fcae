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


def require_executable(name: str) -> str:
    path = shutil.which(name)
    require(path is not None, f"executable {name!r} on PATH")
    return path
