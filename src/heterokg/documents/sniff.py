"""Which loader a file needs, decided from its content: corpus file names say nothing."""

from __future__ import annotations

import re

from .errors import DocumentError

_MARKDOWN_SIGNS = re.compile(r"^#{1,6} \S|\*\*[^*\n]+\*\*|\$[^$\n]{1,80}\$|\^\{[^}\n]{1,20}\}|_\{[^}\n]{1,20}\}", re.M)


def decode(path: str, data: bytes) -> str:
    if not data.strip():
        raise DocumentError(path, "empty file")
    if b"\x00" in data[:65536]:
        raise DocumentError(path, "binary file (NUL bytes): not a text, XML or PDF document")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DocumentError(path, f"not UTF-8 text: invalid byte 0x{data[exc.start]:02x} at offset {exc.start}") from None
    return text[1:] if text.startswith("\ufeff") else text


def sniff(path: str, data: bytes) -> str:
    """``"pdf"``, ``"jats"``, ``"markdown"`` or ``"text"``."""
    if data.lstrip()[:5] == b"%PDF-":
        return "pdf"
    text = decode(path, data)
    head = text.lstrip()[:4096]
    if head.startswith("<"):
        if re.search(r"<article[\s>]", head) or head.startswith("<?xml") or head.startswith("<!DOCTYPE"):
            if "<article" not in text[:200000]:
                root = re.search(r"<([A-Za-z_][\w:.-]*)", re.sub(r"<[?!][^>]*>", "", head))
                raise DocumentError(path, f"unknown format: XML whose root <{root.group(1) if root else '?'}> is not a JATS <article>")
            return "jats"
        raise DocumentError(path, "unknown format: markup that is neither JATS XML nor text")
    printable = sum(ch.isprintable() or ch in "\n\r\t" for ch in text[:65536])
    if printable < 0.95 * min(len(text), 65536):
        raise DocumentError(path, "unknown format: mostly non-printable characters")
    if len(_MARKDOWN_SIGNS.findall(text[:200000])) >= 3:
        return "markdown"
    return "text"
