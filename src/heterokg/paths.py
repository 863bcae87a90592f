"""Where heterokg's edited sources and shipped artefacts live.

A checkout is the place where the ontology, shapes, curated claims and graph are edited and
rebuilt, so when heterokg runs inside one (or HETEROKG_HOME names one) it uses those files.
An installed wheel carries copies under ``heterokg/_data`` so that ``pip install . &&
heterokg serve`` works anywhere.
"""

from __future__ import annotations

import os
import re
import shutil
from functools import cache
from pathlib import Path

_PACKAGE_DATA = Path(__file__).resolve().parent / "_data"
_MARKER = Path("ontology") / "heterokg.ttl"

BASE_IRI = "https://w3id.org/heterokg/"


def _is_project_root(path: Path) -> bool:
    return (path / _MARKER).is_file() and (path / "pyproject.toml").is_file()


@cache
def project_root() -> Path:
    """The checkout in use, or the packaged data folder when there is none."""
    env = os.environ.get("HETEROKG_HOME")
    if env:
        root = Path(env).resolve()
        if not _is_project_root(root):
            raise FileNotFoundError(f"HETEROKG_HOME={env}: no {_MARKER} and pyproject.toml there")
        return root
    for candidate in (Path.cwd(), *Path.cwd().parents):
        if _is_project_root(candidate):
            return candidate
    source_checkout = Path(__file__).resolve().parents[2]
    if _is_project_root(source_checkout):
        return source_checkout
    return _PACKAGE_DATA


def ontology_file() -> Path:
    return project_root() / "ontology" / "heterokg.ttl"


def shapes_dir() -> Path:
    return project_root() / "shapes"


def graph_dir() -> Path:
    return project_root() / "graph"


def graph_file() -> Path:
    return graph_dir() / "heterokg.trig"


def manifest_file() -> Path:
    return graph_dir() / "manifest.json"


def queries_dir() -> Path:
    return project_root() / "queries"


def curated_dir() -> Path:
    return project_root() / "curated"


def default_data_dir() -> Path:
    """On-disk store location for ``serve``: outside the repository, per user."""
    env = os.environ.get("HETEROKG_DATA_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_DATA_HOME")
    return Path(xdg) / "heterokg" if xdg else Path.home() / ".local" / "share" / "heterokg"


def default_mode(mode: int) -> int:
    """``mode`` less the process umask: the permissions a new file or folder gets from open()
    or mkdir(), which mkstemp and mkdtemp (0600, 0700) do not give."""
    umask = os.umask(0)
    os.umask(umask)
    return mode & ~umask


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def remove_orphans(parent: Path, prefix: str, *, without_pid: bool = False) -> list[Path]:
    """Remove the temporary folders ``<prefix><pid>-<8 mkdtemp characters>`` in ``parent``
    whose process is gone (killed: its own cleanup never ran). ``without_pid``: also those
    named ``<prefix><8 characters>``, as older versions made them. Returns what was removed.
    """
    pattern = re.compile(rf"{re.escape(prefix)}(?:(\d+)-){'?' if without_pid else ''}[a-z0-9_]{{8}}")
    removed = []
    try:
        entries = list(parent.iterdir())
    except OSError:
        return removed
    for p in entries:
        m = pattern.fullmatch(p.name)
        if m and p.is_dir() and not p.is_symlink() and not (m.group(1) and _alive(int(m.group(1)))):
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p)
    return removed
