"""Atomic output files: write to a temporary file beside the target, then rename.

A failed or interrupted write never leaves a half-written file and never
destroys the previous version.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> write_atomic(d / "a.txt", "hello").name
'a.txt'
>>> (d / "a.txt").read_text()
'hello'
"""

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from owlgraph.core.errors import ExportError, InputFileError

__all__ = ["write_atomic", "atomic_path", "atomic_folder", "read_text"]


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it onto ``path`` on success.

    On any exception the temporary file is removed and ``path`` is untouched.
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        reason = "part of the path is a file, not a folder" if isinstance(exc, FileExistsError) else exc.strerror
        raise ExportError(f"{target}: cannot write here ({reason}); choose a writable output path") from exc
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, 0o644)
        os.replace(tmp_path, target)
    finally:
        tmp_path.unlink(missing_ok=True)


@contextlib.contextmanager
def atomic_folder(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a new temporary folder beside ``path``; it replaces ``path`` (a folder) only on success.

    On any exception the temporary folder is removed and ``path`` is untouched.
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    except OSError as exc:
        reason = "part of the path is a file, not a folder" if isinstance(exc, FileExistsError) else exc.strerror
        raise ExportError(f"{target}: cannot write here ({reason}); choose a writable output folder") from exc
    backup = None
    try:
        yield staging
        os.chmod(staging, 0o755)
        if target.exists():
            backup = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
            os.replace(target, backup)
        os.replace(staging, target)
    finally:
        for leftover in (staging, backup):
            if leftover is not None:
                shutil.rmtree(leftover, ignore_errors=True)


def write_atomic(path: str | os.PathLike, content: str | bytes) -> Path:
    """Write ``content`` (text as UTF-8, or bytes) to ``path`` atomically; return the path.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> write_atomic(pathlib.Path(tempfile.mkdtemp()) / "b.txt", "hi").read_text()
    'hi'
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def read_text(path: str | os.PathLike) -> str:
    """Read a UTF-8 input file, or raise a one-line :class:`InputFileError`."""
    p = Path(path)
    try:
        return p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputFileError(f"{p}: file not found; check the path") from None
    except IsADirectoryError:
        raise InputFileError(f"{p}: is a directory; give a file") from None
    except UnicodeDecodeError as exc:
        raise InputFileError(f"{p}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    except OSError as exc:
        raise InputFileError(f"{p}: cannot read ({exc.strerror})") from None
