"""Reading the extractor's trained models: JSON files of weights under ``models/``.

One reader for every model, so that each fails the same way: a missing, unreadable or
malformed file is a ModelError naming the file and the reason, never a silent fall-back to
rules. A model is parsed once per file version (path and modification time).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, TypeVar

from .. import paths

T = TypeVar("T")


class ModelError(Exception):
    """A model file that cannot be used, named with the reason."""


def model_path(name: str) -> Path:
    return paths.project_root() / "models" / name


_CACHE: dict[tuple[str, int, str], object] = {}


def read_model(path: Path, what: str, parse: Callable[[dict], T], key: str = "") -> T:
    """``parse`` (which raises ValueError, KeyError or TypeError on malformed data) applied to
    the JSON at ``path``; ``what`` names the model in errors; ``key`` tells apart parses of one
    file that depend on something else (the vocabulary its classes are checked against)."""
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        raise ModelError(f"{path}: no {what} here (train one with `heterokg train`)") from None
    cache_key = (str(path), mtime, key)
    if cache_key not in _CACHE:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ModelError(f"{path}: cannot read the {what}: {exc.strerror}") from None
        except ValueError as exc:
            raise ModelError(f"{path}: not a {what}: invalid JSON ({exc})") from None
        try:
            _CACHE[cache_key] = parse(data)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ModelError(f"{path}: not a usable {what}: {exc}") from None
    return _CACHE[cache_key]  # type: ignore[return-value]
