"""Event dates: find date expressions in a parsed article and resolve them against publication.

The contract (`shared/spec/records.md`, event): `date` is the day, or `YYYY-MM` / `YYYY` when only
that is known; a range also has `date_end`. A weekday is the first such day on or after
publication for a planned event, otherwise the last on or before it. Relative expressions need
the publication date; without one only absolute dates with a year resolve.

Everything here is hand-written rules over precompiled regexes: this runs on every date mention
of every article, and general-purpose parsers read weekdays and week ranges the wrong way round.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from detente.extract.grammar import DATE_LABELS
from detente.lexicon.words import number_map, word_list, words
from detente.records import DatePrecision

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["DateMention", "DateValue", "find_dates", "resolve_date"]


@dataclass(frozen=True, slots=True)
class DateValue:
    """A resolved date: `date` is the first day of a range; `date_end` closes a range, else None."""

    date: str
    date_end: str | None
    precision: DatePrecision
    text: str


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression in a doc: char offsets into `doc.text` and the token span."""

    text: str
    start: int
    end: int
    start_token: int
    end_token: int


# --- shared regex fragments (the resolver compiles them case-insensitively, the finder does not,
# so that "may" the verb and "march" the verb are never read as months in running text) ---------


def _alternatives(words: Iterable[str], *, capital: bool = False) -> str:
    """The words as a regex alternation, in order, escaped (capitalised as news writes them)."""
    return "|".join(re.escape(w.capitalize() if capital else w) for w in words)


_FULL_MONTHS = _alternatives(word_list("months"), capital=True)
_ABBREVIATED = _alternatives(word_list("dates.month_abbreviations"), capital=True)
_M = rf"((?:{_FULL_MONTHS})(?![A-Za-z])|(?:{_ABBREVIATED})(?![A-Za-z])\.?)"
_FM = rf"((?:{_FULL_MONTHS})(?![A-Za-z]))"
_D = r"(?<![\d.,])(3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d:]|,\d)"
_Y = r"((?:1[89]|20)\d\d)(?!\d|s\b)"
_WEEKDAYS = word_list("weekdays")
_WD = rf"({_alternatives(_WEEKDAYS, capital=True)})(?![A-Za-z])"
_PART = rf"(?:\s+(?i:{_alternatives(word_list('dates.day_parts'))}))?"
_JOINERS = word_list("dates.range_joiners")
_SEP = rf"(?:\s*[-–—]\s*|\s+(?i:{_alternatives(_JOINERS)})\s+)"
_DAYS_ONLY = words("dates.day_pair_joiners")  # "16 May and 17 June" is two days
_SEP_TO = rf"(?:\s*[-–—]\s*|\s+(?i:{_alternatives(w for w in _JOINERS if w not in _DAYS_ONLY)})\s+)"
_DM = rf"{_D}\s+(?:of\s+)?{_M}(?:,?\s+{_Y})?"
_MD = rf"{_M}\s+{_D}(?!\s*[-–—]\s*\d)(?:,?\s+{_Y})?"
_NUMBER = number_map("dates.numbers")
_N = rf"(\d{{1,3}}|{_alternatives(_NUMBER)})"
_MONTH_NUM = {m[:3]: i for i, m in enumerate(word_list("months"), 1)}

_FAR = 300
"""Days: when the preferred side of publication is further off than ~10 months, the other wins."""


# --- resolution ------------------------------------------------------------------------------------


def _ci(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_R_ISO = _ci(r"\b((?:19|20)\d\d)-([01]\d)-([0-3]\d)\b")
_R_NUM = _ci(r"\b(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)\d\d)\b")
_R_DM_DM = _ci(rf"{_D}\s+(?:of\s+)?{_M}{_SEP_TO}{_D}\s+(?:of\s+)?{_M}(?:,?\s+{_Y})?")
_R_MD_MD = _ci(rf"{_M}\s+{_D}{_SEP_TO}{_M}\s+{_D}(?:,?\s+{_Y})?")
_R_DD_M = _ci(rf"{_D}{_SEP}{_D}\s+(?:of\s+)?{_M}(?:,?\s+{_Y})?")
_R_M_DD = _ci(rf"{_M}\s+{_D}{_SEP}{_D}(?:,?\s+{_Y})?")
_R_RANGES: tuple[tuple[re.Pattern[str], tuple[int, ...]], ...] = (
    # With the order of (day1, month1, day2, month2, year) among each pattern's groups.
    (_R_DM_DM, (0, 1, 2, 3, 4)),
    (_R_MD_MD, (1, 0, 3, 2, 4)),
    (_R_DD_M, (0, 2, 1, 2, 3)),
    (_R_M_DD, (1, 0, 2, 0, 3)),
)
_R_DM = _ci(_DM)
_R_MD = _ci(rf"{_M}\s+{_D}(?:,?\s+{_Y})?")
_R_MY = _ci(rf"{_M},?\s+{_Y}")
_R_MONTH = _ci(rf"\b(?:(last|next|this|past|coming)\s+)?{_FM}")
_R_YEAR = _ci(rf"(?<![\d.,]){_Y}")
_R_WEEKDAY = _ci(rf"\b(?:(last|next|this|past|coming)\s+)?{_WD}")
_R_WEEKDAY_OR = _ci(rf"({_WD}) or ({_WD})")
_R_AGO = _ci(rf"\b{_N}\s+(day|week|month|year)s?\s+ago\b")
_R_WEEKEND = _ci(r"\b(?:(this\s+past|past|last|this|next|coming|the)\s+)?weekend\b")
_R_UNIT = _ci(
    r"\b(?:(earlier|later|early|late)\s+)?(?<!the\s)(this|last|next|(?<=of\s)the)\s+(week|month|year)\b"
)
# "Overnight" and "tonight" count as publication day: reports of a night's strikes are dated by
# the morning they appear, and the night runs into that day.
_R_DAY_SHIFT: tuple[tuple[re.Pattern[str], int], ...] = (
    (_ci(r"\b(?:the\s+)?day\s+before\s+yesterday\b"), -2),
    (_ci(r"\b(?:the\s+)?day\s+after\s+tomorrow\b"), 2),
    (_ci(r"\b(?:yesterday|last\s+night|(?:the\s+)?day\s+before|(?:the\s+)?previous\s+day)\b"), -1),
    (_ci(r"\btomorrow\b"), 1),
    (
        _ci(
            r"\b(?:today|tonight|overnight|this\s+(?:morning|afternoon|evening)|(?:earlier|later)\s+in\s+the\s+day)\b"
        ),
        0,
    ),
)


def _norm(expr: str) -> str:
    # Dashes and odd spaces vary by outlet; one form keeps every pattern simple.
    return re.sub(r"\s+", " ", expr.replace("–", "-").replace("—", "-")).strip()


def _iso(value: DateValue) -> dt.date:
    return dt.date.fromisoformat(value.date)


def _month(word: str) -> int:
    return _MONTH_NUM[word[:3].lower()]


def _valid(y: int, m: int, d: int) -> bool:
    return 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1]


def _on(y: int, m: int, d: int) -> dt.date:
    # 29 February in a year without one: the nearest real day beats no date.
    return dt.date(y, m, min(d, calendar.monthrange(y, m)[1]))


def _pick(make: Callable[[int], dt.date], ref: dt.date, forward: bool, switch: bool = True) -> dt.date:
    """The occurrence on the preferred side of `ref`, unless ~10 months off and the other is near."""
    cand = make(ref.year)
    if forward and cand < ref:
        cand = make(ref.year + 1)
    elif not forward and cand > ref:
        cand = make(ref.year - 1)
    if switch and abs((cand - ref).days) > _FAR:
        return make(cand.year + (-1 if forward else 1))
    return cand


def _day(d: dt.date, text: str) -> DateValue:
    return DateValue(d.isoformat(), None, "day", text)


def _span(a: dt.date, b: dt.date, text: str) -> DateValue:
    return DateValue(a.isoformat(), b.isoformat(), "range", text) if b > a else _day(a, text)


def _ym(y: int, m: int, text: str) -> DateValue:
    return DateValue(f"{y:04d}-{m:02d}", None, "month", text)


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    q, r = divmod(m - 1 + k, 12)
    return y + q, r + 1


def _range(
    d1: int, m1: int, d2: int, m2: int, y: str | None, p: dt.date | None, planned: bool, text: str
) -> DateValue | None:
    if y is None and p is None:
        return None
    y1 = int(y) if y else 2000
    wraps = (m2, d2) < (m1, d1)  # "30 December - 2 January" runs into the next year
    if not (_valid(2000, m1, d1) and _valid(2000, m2, d2)) or (wraps and m2 >= m1):
        return None
    if y is None:
        assert p is not None
        y1 = _pick(lambda yr: _on(yr, m1, d1), p, planned).year
    elif wraps:
        y1 -= 1  # an explicit year closes the range: "30 Dec - 2 Jan 2025" starts in 2024
    return _span(_on(y1, m1, d1), _on(y1 + wraps, m2, d2), text)


def _absolute(s: str, p: dt.date | None, planned: bool, text: str) -> DateValue | None:
    if m := _R_ISO.search(s):
        y, mo, d = (int(g) for g in m.groups())
        return _day(dt.date(y, mo, d), text) if _valid(y, mo, d) else None
    if m := _R_NUM.search(s):
        a, b, y = (int(g) for g in m.groups())
        if (a > 12 and _valid(y, b, a)) or a == b:
            return _day(dt.date(y, b, a), text)
        # Day-first unless only month-first makes sense; both readings valid is a guess not taken.
        return _day(dt.date(y, a, b), text) if b > 12 and _valid(y, a, b) else None
    for rx, order in _R_RANGES:
        if m := rx.search(s):
            g = m.groups()
            d1, m1, d2, m2, yr = (g[i] for i in order)
            return _range(int(d1), _month(m1), int(d2), _month(m2), yr, p, planned, text)
    if (m := _R_DM.search(s)) or (m := _R_MD.search(s)):
        d_s, mo_s, y_s = m.groups() if m.re is _R_DM else (m.group(2), m.group(1), m.group(3))
        d, mo = int(d_s), _month(mo_s)
        if not _valid(2000, mo, d):
            return None
        if y_s:
            return _day(dt.date(int(y_s), mo, d), text) if _valid(int(y_s), mo, d) else None
        return _day(_pick(lambda yr: _on(yr, mo, d), p, planned), text) if p else None
    if m := _R_MY.search(s):
        return _ym(int(m.group(2)), _month(m.group(1)), text)
    return None


def _relative(s: str, p: dt.date, planned: bool, text: str) -> DateValue | None:
    if m := _R_WEEKDAY_OR.fullmatch(s):  # "on Thursday or Friday": either day, a span of both
        first, second = _relative(m.group(1), p, planned, text), _relative(m.group(3), p, planned, text)
        if first is not None and second is not None and 0 < (_iso(second) - _iso(first)).days < 7:
            return _span(_iso(first), _iso(second), text)
        return first
    for rx, shift in _R_DAY_SHIFT:
        if rx.search(s):
            return _day(p + dt.timedelta(days=shift), text)
    if m := _R_AGO.search(s):
        n, unit = _NUMBER.get(m.group(1).lower()) or int(m.group(1)), m.group(2).lower()
        if unit in ("day", "week"):
            return _day(p - dt.timedelta(days=n * (7 if unit == "week" else 1)), text)
        if unit == "month":
            return _ym(*_shift_month(p.year, p.month, -n), text)
        return DateValue(f"{p.year - n:04d}", None, "year", text)
    monday = p - dt.timedelta(days=p.weekday())
    if m := _R_WEEKEND.search(s):
        which = (m.group(1) or "").lower()
        saturday = monday + dt.timedelta(days=5)
        if which == "next":
            saturday += dt.timedelta(days=7)
        elif which in ("last", "past", "this past") or (
            which in ("the", "") and not planned and p.weekday() < 5
        ):
            # The last weekend wholly before publication ("last weekend" read on a Sunday is the one before).
            saturday -= dt.timedelta(days=7)
        return _span(saturday, saturday + dt.timedelta(days=1), text)
    if m := _R_UNIT.search(s):
        edge, which, unit = ((g or "").lower() for g in m.groups())
        k = {"last": -1, "next": 1}.get(which, 0)
        if unit == "year":
            return DateValue(f"{p.year + k:04d}", None, "year", text)
        if unit == "month":
            return _ym(*_shift_month(p.year, p.month, k), text)
        start = monday + dt.timedelta(days=7 * k)
        end = start + dt.timedelta(days=6)
        if named := _R_WEEKDAY.search(s):  # "Thursday last week": that day of that week
            return _day(start + dt.timedelta(days=_WEEKDAYS.index(named.group(2).lower())), text)
        if k == 0 and edge == "earlier":
            end = max(start, p - dt.timedelta(days=1))
        elif k == 0 and edge == "later":
            start = min(end, p + dt.timedelta(days=1))
        return _span(start, end, text)
    if m := _R_WEEKDAY.search(s):
        which, wd = (m.group(1) or "").lower(), _WEEKDAYS.index(m.group(2).lower())
        ahead = (wd - p.weekday()) % 7
        if which in ("next", "coming"):
            return _day(p + dt.timedelta(days=ahead or 7), text)
        if which in ("last", "past"):
            return _day(p - dt.timedelta(days=(p.weekday() - wd) % 7 or 7), text)
        back = (p.weekday() - wd) % 7
        return _day(p + dt.timedelta(days=ahead) if planned else p - dt.timedelta(days=back), text)
    return None


def resolve_date(expr: str, published: dt.date | None, *, planned: bool = False) -> DateValue | None:
    """Resolve one date expression against the publication date.

    None when `expr` is not a date (a duration like "three years" or "24 hours", a vague
    "in the coming days") or cannot be resolved (a relative expression, a weekday or a date
    without a year when `published` is None). `planned` turns weekdays and yearless dates
    forward from publication instead of back.
    """
    text = expr.strip()
    s = _norm(text)
    if not s:
        return None
    if (value := _absolute(s, published, planned, text)) is not None:
        return value
    if published is not None and (value := _relative(s, published, planned, text)) is not None:
        return value
    if m := _R_MONTH.search(s):
        which, word = (m.group(1) or "").lower(), m.group(2)
        if word == "may":
            return None  # the modal verb, not the month: month names are capitalised in news
        if published is None:
            return None
        mo, ref = _month(word), published.replace(day=1)
        forward = which in ("next", "coming") or (planned and which not in ("last", "past"))
        got = _pick(lambda yr: dt.date(yr, mo, 1), ref, forward, switch=which in ("", "this"))
        if which in ("last", "past", "next", "coming") and got == ref:
            got = got.replace(year=got.year + (1 if forward else -1))
        return _ym(got.year, mo, text)
    if m := _R_YEAR.search(s):
        return DateValue(m.group(1), None, "year", text)
    return None


# --- finding ---------------------------------------------------------------------------------------

_PREP = rf"(?i:{_alternatives(word_list('dates.prepositions'))})"
_FIND: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        r"\b(?:19|20)\d\d-[01]\d-[0-3]\d\b",
        r"\b\d{1,2}[/.]\d{1,2}[/.](?:19|20)\d\d\b",
        rf"(?:\b(?i:between|from)\s+)?{_D}{_SEP}{_D}\s+(?:of\s+)?{_M}(?:,?\s+{_Y})?",
        rf"{_D}\s+(?:of\s+)?{_M}{_SEP_TO}{_D}\s+(?:of\s+)?{_M}(?:,?\s+{_Y})?",
        rf"(?:\b(?i:between|from)\s+)?\b{_M}\s+{_D}{_SEP}{_D}(?:,?\s+{_Y})?",
        rf"\b{_M}\s+{_D}{_SEP_TO}{_M}\s+{_D}(?:,?\s+{_Y})?",
        rf"(?:\b{_WD}{_PART},?\s+(?:the\s+)?)?{_DM}",
        rf"(?:\b{_WD}{_PART},?\s+)?\b{_MD}",
        rf"\b{_WD}{_PART}\s*\(\s*(?:{_DM}|\b{_MD})\s*\)",
        rf"\b{_M},?\s+{_Y}",
        rf"\b(?i:mid|early|late)[-\s]+(?:{_M}(?:,?\s+{_Y})?|{_Y})",
        rf"\b(?i:end|beginning|start|middle)\s+of\s+{_M}(?:,?\s+{_Y})?",
        rf"\b{_PREP}\s+(?P<c>{_FM})(?!\s+\d)",
        rf"\b(?P<c>(?i:last|next|this)\s+{_FM})",
        rf"\b{_PREP}\s+(?P<c>{_Y})(?![A-Za-z])",
        rf"\b{_WD}\s+(?i:or)\s+{_WD}\b",
        rf"\b(?:(?i:last|next|this|past|coming|early|late)\s+)?{_WD}{_PART}(?:\s+(?i:last|this|next)\s+week\b)?"
        rf"(?!\s+(?:{_alternatives(word_list('dates.weekday_titles'), capital=True)})\b)",
        r"(?ix)\b(?:the\s+day\s+(?:before\s+yesterday|after\s+tomorrow|before)|the\s+previous\s+day"
        r"|(?:earlier|later)\s+in\s+the\s+day|(?:(?:earlier|later)\s+)?today|yesterday|tomorrow"
        r"|tonight|overnight|last\s+night|this\s+(?:morning|afternoon|evening)"
        rf"|{_N}\s+(?:day|week|month|year)s?\s+ago"
        r"|(?:(?:earlier|later|early|late)\s+)?(?<!the\s)(?:this|last|next)\s+(?:week|month|year)(?!\s+of\b)"
        r"|(?:this\s+past|past|last|this|next|coming)\s+weekend"
        r"|(?:end|beginning|start|middle)\s+of\s+(?:the|this|next|last)\s+(?:month|year))\b",
        r"\b(?i:over|at|during|on)\s+(?P<c>(?i:the)\s+weekend)\b",
    )
)
_PROBE = dt.date(2001, 6, 15)
"""Any day will do: a model entity is kept only if it reads as a date against some publication."""
_EDGE = " \t\n,.;:!?()[]\"'“”‘’"
_POSSESSIVE_S = words("possessive_s")
# "Good Friday", "Bloody Sunday", "Super Tuesday": a holiday's or a past event's name, not the
# weekday before or after publication ("the Good Friday agreement" is no date of a report's week).
_NAMED_DAY = re.compile(rf"\b(?:{_alternatives(word_list('dates.named_day_words'), capital=True)})\s+{_WD}")


def _clean(text: str, start: int, end: int) -> tuple[int, int]:
    # The small model's entities drag in articles, punctuation and possessives.
    while start < end and text[start] in _EDGE:
        start += 1
    while start < end and text[end - 1] in _EDGE:
        end -= 1
    if text[end - 2 : end] in _POSSESSIVE_S and end - 2 > start:
        end -= 2
    if text[start : start + 4].lower() == "the " and not re.match(r"(?i)the (day|previous)", text[start:end]):
        start += 4
    return start, end


def find_dates(doc: Doc) -> list[DateMention]:
    """Date expressions in a parsed doc, in text order and without overlaps.

    The regex forms (absolute dates and ranges, weekdays with their day parts, relative days,
    weeks, weekends, months and years) take precedence: the small model misses many of them and
    often drags extra words into its entities. Its DATE and day-part TIME entities add what the
    rules lack (a bare year, a bare month), kept only when `resolve_date` reads them, so
    durations ("three years", "24 hours", "a month-long occupation") never come back.
    """
    text = doc.text
    found: list[tuple[int, int]] = []
    for rx in _FIND:
        for m in rx.finditer(text):
            found.append(m.span("c") if "c" in rx.groupindex else m.span())
    chosen: list[tuple[int, int]] = []
    # Longest first: "Thursday (May 15)" beats "Thursday" and "May 15"; "14-15 May" beats "15 May".
    for s, e in sorted(found, key=lambda se: (se[0] - se[1], se[0])):
        if not any(s < ce and cs < e for cs, ce in chosen):
            chosen.append((s, e))
    named = [m.span() for m in _NAMED_DAY.finditer(text)]
    chosen = [(s, e) for s, e in chosen if not any(ns <= s < ne for ns, ne in named)]
    regex_spans = list(chosen) + named
    for ent in doc.ents:
        if ent.label_ not in DATE_LABELS:
            continue
        s, e = _clean(text, ent.start_char, ent.end_char)
        if s >= e or any(s < ce and cs < e for cs, ce in regex_spans):
            continue
        if resolve_date(text[s:e], _PROBE) is not None:
            chosen.append((s, e))
    out: list[DateMention] = []
    for s, e in sorted(chosen):
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None:
            out.append(DateMention(text[s:e], s, e, span.start, span.end))
    return out
