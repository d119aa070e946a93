"""Turn the bytes of a plain-text file into text, guessing the encoding when it is not UTF-8."""

from __future__ import annotations

import codecs
import unicodedata

from charset_normalizer import from_bytes

from indexer.documents import UnreadableDocument

BINARY = "binary data, not text"
# Letters and signs a Swedish (or other Western European) text in Windows-1252 may contain.
_WESTERN = set("åäöÅÄÖéÉèÈëüÜæÆøØàáíóúñçß«»–—‘’‚“”„…•€§°½¼¾±×·´¨")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_SAMPLE = 100_000  # characters looked at when judging whether text is really text


def decode_text(data: bytes) -> str:
    """Decode ``data``: UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1252, else a guess.

    Raises UnreadableDocument when the bytes are binary rather than text.
    """
    if data.startswith(codecs.BOM_UTF8):
        return _checked(data.decode("utf-8-sig", errors="replace"))
    if data.startswith(_UTF16_BOMS):
        return _checked(data.decode("utf-16", errors="replace"))
    if b"\x00" in data:
        raise UnreadableDocument(BINARY)
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    lossy = data.decode("utf-8", errors="replace")
    if _non_ascii(lossy) > 2 * lossy.count(
        "\ufffd", 0, _SAMPLE
    ):  # mostly UTF-8 with a few broken bytes
        return _checked(lossy)
    western = _cp1252(data)
    if western is not None:
        return _checked(western)
    best = from_bytes(data).best()
    if best is None:
        raise UnreadableDocument(BINARY)
    return _checked(str(best))


def _cp1252(data: bytes) -> str | None:
    """The Windows-1252 reading of ``data`` if its non-ASCII characters are mostly Western."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    non_ascii = [c for c in text[:_SAMPLE] if ord(c) > 127]
    western = sum(c in _WESTERN for c in non_ascii)
    return text if western >= 0.8 * len(non_ascii) else None


def _non_ascii(text: str) -> int:
    return sum(ord(c) > 127 and c != "\ufffd" for c in text[:_SAMPLE])


def _checked(text: str) -> str:
    """Return ``text`` unless control characters or replacement marks make up much of it."""
    sample = text[:_SAMPLE]
    junk = sum(
        c == "\ufffd" or (unicodedata.category(c) == "Cc" and c not in "\t\n\r\f\v") for c in sample
    )
    if junk > 0.05 * len(sample):
        raise UnreadableDocument(BINARY)
    return text
