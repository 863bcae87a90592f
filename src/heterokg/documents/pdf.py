"""Text-based PDF through pypdf; the extracted text layer is the source offsets refer to."""

from __future__ import annotations

import io

from . import plaintext
from .errors import DocumentError
from .model import Document


def extract_text(path: str, data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise DocumentError(path, "PDF is encrypted")
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentError:
        raise
    except PdfReadError as exc:
        raise DocumentError(path, f"unreadable PDF: {exc}") from None
    except Exception as exc:  # a damaged PDF makes pypdf fail in many ways (KeyError, ValueError, ...)
        raise DocumentError(path, f"unreadable PDF: {type(exc).__name__}: {exc}".splitlines()[0]) from None
    text = "\n\n".join(p.strip("\n") for p in pages)
    if not text.strip():
        raise DocumentError(path, "PDF has no text layer (a scan?): run OCR on it first")
    return text


def load(path: str, data: bytes) -> Document:
    return plaintext.load(path, extract_text(path, data), "pdf")
