"""Text-based PDF through pypdf; the extracted text layer is the source offsets refer to."""

from __future__ import annotations

import io

from . import plaintext
from .errors import DocumentError
from .model import Document


def extract_text(path: str, data: bytes, max_chars: int | None = None) -> str:
    """The text layer, refused once longer than ``max_chars``: a small PDF can hold a text
    stream compressed a thousandfold, and the extractor's memory grows with the text."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise DocumentError(path, "PDF is encrypted")
        pages: list[str] = []
        length = 0
        for page in reader.pages:
            pages.append(page.extract_text() or "")
            length += len(pages[-1])
            if max_chars is not None and length > max_chars:
                raise DocumentError(path, f"PDF text layer is over the {max_chars / 2**20:.0f} MB limit")
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


def load(path: str, data: bytes, max_chars: int | None = None) -> Document:
    return plaintext.load(path, extract_text(path, data, max_chars), "pdf")
