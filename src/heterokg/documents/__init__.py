"""Documents: load any supported file into the normalised document model.

The first stage of the pipeline. It knows nothing of claims or RDF.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from . import jats, pdf, plaintext
from .errors import DocumentError
from .model import Document, Metadata, Paragraph, Reference, Sentence, Table, TableCell, TableRow
from .sniff import decode, sniff

__all__ = [
    "Document", "DocumentError", "Metadata", "Paragraph", "Reference", "Sentence", "Table", "TableCell",
    "TableRow",
    "load", "load_bytes", "read", "MAX_BYTES",
]

#: Larger files (and longer PDF text layers) are refused: the extractor needs about 400 bytes
#: of memory per byte of text, so 8 MB (40 times the largest review of the corpora, 190 kB)
#: still holds a run to a few GB. HETEROKG_MAX_DOCUMENT_BYTES overrides it.
MAX_BYTES = int(os.environ.get("HETEROKG_MAX_DOCUMENT_BYTES", 8 * 1024 * 1024))


def _size(n: int) -> str:
    return f"{n / 2**20:.0f} MB" if n >= 2**20 else f"{n} bytes"


def _over_limit(path: str) -> DocumentError:
    return DocumentError(path, f"over the {_size(MAX_BYTES)} limit (HETEROKG_MAX_DOCUMENT_BYTES)")


def read(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a regular file, at most MAX_BYTES of them, read once.

    A device (/dev/zero), a FIFO or a socket is refused before it is opened; the file is
    opened without blocking and checked again on the open descriptor, since it may have been
    swapped for a FIFO in between. The size is told by reading, not by trusting ``st_size``
    (which a growing file or /proc file gets wrong). A file gone since it was listed is a
    DocumentError like any other unreadable document.
    """
    name = str(path)
    try:
        st = os.stat(path)
        if stat.S_ISDIR(st.st_mode):
            raise DocumentError(name, "is a directory, not a document")
        if not stat.S_ISREG(st.st_mode):
            raise DocumentError(name, "not a regular file")
        if st.st_size > MAX_BYTES:  # refused unread; the read below holds the limit either way
            raise DocumentError(name, f"file is {_size(st.st_size)}, {_over_limit(name).reason}")
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise DocumentError(name, "no such file") from None
    except OSError as exc:
        raise DocumentError(name, f"cannot read: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise DocumentError(name, "not a regular file")
        try:
            data = fh.read(MAX_BYTES + 1)
        except OSError as exc:
            raise DocumentError(name, f"cannot read: {exc.strerror}") from None
    if len(data) > MAX_BYTES:
        raise _over_limit(name)
    return data


def load(path: str | os.PathLike[str], name: str | None = None, data: bytes | None = None) -> Document:
    """Load a document; ``name`` is how evidence will name it (default: the file name).

    ``data`` is the file's bytes when the caller has read them already with ``read()``, so
    that what it checksums is exactly what was parsed.
    """
    label = name or Path(path).name
    if data is None:
        data = read(path)
    try:
        return load_bytes(label, data)
    except DocumentError as exc:  # name the file as the caller gave it, whichever stage refused it
        raise DocumentError(str(path), exc.reason) from None


def load_bytes(name: str, data: bytes) -> Document:
    fmt = sniff(name, data)
    if fmt == "pdf":
        return pdf.load(name, data, MAX_BYTES)
    text = decode(name, data)
    if fmt == "jats":
        return jats.load(name, text)
    return plaintext.load(name, text, fmt)
