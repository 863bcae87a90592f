"""Which loader a file needs, decided from its content: corpus file names say nothing."""

from __future__ import annotations

import codecs
import re

from .errors import DocumentError

_MARKDOWN_SIGNS = re.compile(r"^#{1,6} \S|\*\*[^*\n]+\*\*|\$[^$\n]{1,80}\$|\^\{[^}\n]{1,20}\}|_\{[^}\n]{1,20}\}", re.M)


_BOMS = ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
         (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"))


def _wide_encoding(data: bytes) -> str | None:
    """The name of a wide encoding ("UTF-16", "UTF-32") the bytes are text in, told by a
    byte-order mark or by ASCII text with every other byte zero; None for anything else."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    head = data[:512]
    if len(head) >= 8:
        for text, zeros in ((head[0::2], head[1::2]), (head[1::2], head[0::2])):
            if not zeros.strip(b"\x00") and all(32 <= b < 127 or b in b"\t\r\n" for b in text):
                return "UTF-16"
    return None


def decode(path: str, data: bytes) -> str:
    if not data.strip():
        raise DocumentError(path, "empty file")
    if wide := _wide_encoding(data):
        raise DocumentError(path, f"{wide} text, not UTF-8: convert it to UTF-8 first")
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
