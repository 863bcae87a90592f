"""Documents: load any supported file into the normalised document model.

The first stage of the pipeline. It knows nothing of claims or RDF.
"""

from __future__ import annotations

import os
from pathlib import Path

from . import jats, pdf, plaintext
from .errors import DocumentError
from .model import Document, Metadata, Paragraph, Reference, Sentence, Table, TableCell, TableRow
from .sniff import decode, sniff

__all__ = [
    "Document", "DocumentError", "Metadata", "Paragraph", "Reference", "Sentence", "Table", "TableCell",
    "TableRow",
    "load", "load_bytes", "MAX_BYTES",
]

#: Larger files are refused before they are read: no review is this big, and reading one
#: would hold the whole pipeline's memory hostage.
MAX_BYTES = int(os.environ.get("HETEROKG_MAX_DOCUMENT_BYTES", 50 * 1024 * 1024))


def load(path: str | os.PathLike[str], name: str | None = None) -> Document:
    """Load a document; ``name`` is how evidence will name it (default: the file name)."""
    p = Path(path)
    label = name or p.name
    if not p.exists():
        raise DocumentError(str(path), "no such file")
    if p.is_dir():
        raise DocumentError(str(path), "is a directory, not a document")
    size = p.stat().st_size
    if size > MAX_BYTES:
        raise DocumentError(str(path), f"file is {size / 2**20:.0f} MB, over the {MAX_BYTES / 2**20:.0f} MB limit")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise DocumentError(str(path), f"cannot read: {exc.strerror}") from None
    try:
        return load_bytes(label, data)
    except DocumentError as exc:  # name the file as the caller gave it, whichever stage refused it
        raise DocumentError(str(path), exc.reason) from None


def load_bytes(name: str, data: bytes) -> Document:
    fmt = sniff(name, data)
    if fmt == "pdf":
        return pdf.load(name, data)
    text = decode(name, data)
    if fmt == "jats":
        return jats.load(name, text)
    return plaintext.load(name, text, fmt)
