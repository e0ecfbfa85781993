"""Normalisation (once, at ingest), content ids, dates, outlets and a language guess."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from detente.errors import ParseError
from detente.records import Article

_HSPACE = re.compile(r"[^\S\n]+")
# Zero-width characters, soft hyphens, and the C0 controls that are not line or space
# breaks (NUL first of all): none belongs in stored text, and some break terminals and SQL tools.
_INVISIBLE = dict.fromkeys(
    [*map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), *range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F]
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_WRITTEN_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
_WRITTEN_MONTH = re.compile(r"[A-Za-z]{3}|\d{1,2}[/.]\d{1,2}[/.]\d{4}|\d{4}[/.]\d{1,2}[/.]\d{1,2}")
YEARS = (1800, 2200)
"""The years a publication date may fall in; others are input errors (or overflow date maths)."""
_BLANKS = re.compile(r"\n{3,}")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def normalise_text(text: str) -> str:
    """The contract's normalisation: NFC, `\\n` line ends, spaces collapsed, paragraphs kept.

    Zero-width characters, soft hyphens and control characters (NUL included) are dropped;
    each line is stripped; runs of blank lines become one blank line (a paragraph break).
    """
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(_HSPACE.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANKS.sub("\n\n", text).strip()


def content_id(url: str | None, text: str) -> str:
    """The article id when the input gives none: sha256 of `url + "\\n" + text`, 16 hex digits."""
    return hashlib.sha256(f"{url or ''}\n{text}".encode()).hexdigest()[:16]


def text_sha256(text: str) -> str:
    """The full sha256 of the stored text (detects a changed text under the same id)."""
    return hashlib.sha256(text.encode()).hexdigest()


def iso_date(value: object) -> str | None:
    """An ISO day (`YYYY-MM-DD`) from the date forms inputs carry, or None when unreadable.

    Accepts ISO dates and timestamps, RFC 822 feed dates, `date`/`datetime` objects and
    common written forms ("May 16, 2025", "16 May 2025"). A year outside `YEARS`, or a
    bare number such as "-1" or "12", is unreadable.
    """
    day = _any_date(value)
    if day is None or not YEARS[0] <= int(day[:4]) < YEARS[1]:
        return None
    return day


def date_problem(value: object) -> str | None:
    """Why a publication date an input gave cannot be used (it is then ignored), or None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if iso_date(value) is not None:
        return None
    day = _any_date(value)
    shown = str(value)[:40]
    if day is not None:
        return f"publication date '{shown}' is outside the years {YEARS[0]}–{YEARS[1] - 1}; it was ignored"
    return f"publication date '{shown}' is not a date detente can read; it was ignored"


def _any_date(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    raw = str(value).strip()
    if not raw:
        return None
    m = _ISO.match(raw)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    try:
        return parsedate_to_datetime(raw).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    if not (_WRITTEN_YEAR.search(raw) and _WRITTEN_MONTH.search(raw)):
        return None  # a bare number: dateutil would fill the rest from today
    from dateutil import parser as dateutil_parser  # only for the rarer written forms

    try:
        when = dateutil_parser.parse(raw, fuzzy=False, default=dt.datetime(2000, 1, 1))
        return str(when.date().isoformat())
    except (ValueError, OverflowError):
        return None


def outlet_from_url(url: str | None) -> str | None:
    """The outlet a URL belongs to: its host without `www.`."""
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


_EN_WORDS = frozenset(
    "the of and to in a is that for on was with said as by at from it he his has have be are "
    "not will an this its were had their which but would been they who after".split()
)


def guess_language(text: str) -> str | None:
    """'en' when the text reads as English (share of function words), else None (unknown)."""
    words = re.findall(r"[a-z]+", text[:5000].lower())
    if len(words) < 8:
        return "en" if any(w in _EN_WORDS for w in words) else None
    share = sum(w in _EN_WORDS for w in words) / len(words)
    return "en" if share >= 0.12 else None


@dataclass(frozen=True, slots=True)
class Draft:
    """An article as a reader found it, before normalisation and id assignment."""

    source: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    id: str | None = None
    language: str | None = None
    line: int | None = None


META_FIELDS = ("title", "url", "outlet", "published", "id", "language")
"""The article fields an input may carry besides its text."""


def draft_from(source: str, text: str, get: Callable[[str], str | None], line: int | None = None) -> Draft:
    """A Draft whose metadata fields (META_FIELDS) come from `get(name)`."""
    return Draft(source, text, line=line, **{name: get(name) for name in META_FIELDS})


def finish(draft: Draft, published_default: str | None = None) -> Article:
    """Normalise a draft into the stored Article: text, id, dates, outlet, language."""
    for name in ("text", *META_FIELDS):
        value = getattr(draft, name)
        if isinstance(value, str) and (bad := _SURROGATE.search(value)):
            raise ParseError(
                draft.source,
                f"the {name} holds a lone surrogate ({bad[0].encode('unicode_escape').decode()}), "
                "which is not valid Unicode",
                fix="repair the input's escapes (a \\udXXX escape must come in a valid pair)",
                line=draft.line,
            )
    text = normalise_text(draft.text)
    if not text:
        raise ParseError(
            draft.source,
            "no article text",
            fix="give the report's text (for JSON, the 'text' field; for HTML, a page with a body)",
            line=draft.line,
        )
    title = normalise_text(draft.title).replace("\n", " ") if draft.title else None
    url = draft.url.strip() if draft.url else None
    return Article(
        id=draft.id if draft.id is not None else content_id(url, text),
        url=url or None,
        outlet=(draft.outlet or "").strip() or outlet_from_url(url),
        published=iso_date(draft.published) or published_default,
        title=title or None,
        language=draft.language or guess_language(text),
        text=text,
        text_sha256=text_sha256(text),
    )
