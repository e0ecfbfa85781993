"""From bytes to text: binary detection, encoding detection, and sniffing an input's kind."""

from __future__ import annotations

import codecs
import re

from detente.errors import ParseError

_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"PK\x03\x04": "a ZIP archive (or a .docx/.xlsx/.epub file)",
    b"\x1f\x8b": "a gzip archive",
    b"BZh": "a bzip2 archive",
    b"\x7fELF": "an executable",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office document",
    b"SQLite format 3": "an SQLite database",
    b"\x28\xb5\x2f\xfd": "a zstd archive",
}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")

KINDS = ("text", "html", "json", "jsonl", "feed")
_PREFERRED = (
    "cp1252",
    "latin_1",
    "iso8859_15",
    "cp1251",
    "koi8_r",
    "cp1250",
    "cp1256",
    "cp1253",
    "cp1254",
    "shift_jis",
    "gb18030",
    "big5",
    "euc_kr",
)


def _utf16_guess(data: bytes) -> str | None:
    """'utf-16-le' or '-be' when the bytes read as UTF-16 text with no byte-order mark.

    Mostly-ASCII UTF-16 has a NUL in every other byte, which would otherwise make it look
    binary; the text it decodes to must also be free of control characters.
    """
    head = data[:8192]
    half = len(head) // 2
    if half < 2:
        return None
    even, odd = head[0 : half * 2 : 2], head[1 : half * 2 : 2]
    for name, zeros, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros.count(0) >= 0.6 * half and other.count(0) <= 0.05 * half:
            try:
                text = data[: len(data) // 2 * 2].decode(name)
            except UnicodeDecodeError:
                continue
            if not _CONTROL.search(text[:4096].encode("utf-8", "surrogatepass")):
                return name
    return None


def binary_kind(data: bytes) -> str | None:
    """What binary data is ("a PDF document", "binary data"), or None when it may be text."""
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            return what
    head = data[:8192]
    if b"\x00" in head or len(_CONTROL.findall(head)) > max(8, len(head) // 20):
        return "binary data"
    return None


def decode(data: bytes, source: str, declared: str | None = None) -> str:
    """Text from bytes: a BOM, the declared charset, UTF-8, or a detected legacy encoding.

    Raises ParseError for an empty input, binary data, or bytes no encoding fits, saying
    which encoding the bytes are not and how to convert them.
    """
    if not data.strip():
        raise ParseError(source, "the input is empty", fix="remove it or put the report's text in it")
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name)
            except UnicodeDecodeError as exc:
                raise ParseError(
                    source,
                    f"starts with a {name} byte-order mark but is not valid {name} ({exc.reason})",
                    fix="re-save the file as UTF-8",
                ) from exc
    utf16 = _utf16_guess(data)
    if utf16:
        return data[: len(data) // 2 * 2].decode(utf16)
    what = binary_kind(data)
    if what:
        raise ParseError(
            source,
            f"this is {what}, not text",
            fix="convert it to .txt, .html or .jsonl first (e.g. pdftotext for a PDF)",
        )
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass  # the declaration lies often enough; fall through to detection
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = exc.start
    line = data.count(b"\n", 0, bad) + 1
    if _UTF8_MULTIBYTE.search(data):
        # Valid multi-byte sequences elsewhere: this is UTF-8 with damaged bytes, and
        # guessing a legacy encoding would silently garble the good characters.
        raise ParseError(
            source,
            f"not valid UTF-8: byte 0x{data[bad]:02x} at offset {bad} (line {line}) is damaged",
            fix="repair the file or re-export it as UTF-8 (iconv -f UTF-8 -t UTF-8 -c drops bad bytes)",
        )
    from charset_normalizer import from_bytes  # lazily: only for non-UTF-8 inputs

    matches = [m for m in from_bytes(data) if m.encoding]
    if matches:
        best = min(m.chaos for m in matches)
        # Short texts tie between code pages; prefer the ones news archives actually use.
        tied = {m.encoding: m for m in matches if m.chaos <= best + 0.01}
        pick = next((tied[e] for e in _PREFERRED if e in tied), min(matches, key=lambda m: m.chaos))
        if pick.chaos < 0.25:
            return str(pick)
    raise ParseError(
        source,
        f"not UTF-8 (byte 0x{data[bad]:02x} at offset {bad}, line {line}) and no other encoding fits",
        fix="find the file's encoding and convert it: iconv -f <encoding> -t UTF-8",
    )


def sniff(text: str) -> str | None:
    """The kind of a text input from its first characters: feed, html, json, or None."""
    head = text.lstrip("\ufeff \t\r\n")[:4096]
    low = head.lower()
    if low.startswith("<?xml") or low.startswith("<rss") or low.startswith("<feed"):
        if "<rss" in low or "<feed" in low or "<rdf:rdf" in low:
            return "feed"
        return "html" if "<html" in low else None
    if (
        low.startswith("<!doctype html")
        or low.startswith("<html")
        or re.match(r"<(head|body|div|p|article)\b", low)
    ):
        return "html"
    if head.startswith(("{", "[")):
        return "json"
    return None
