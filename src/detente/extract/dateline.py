"""Datelines: "SIRTE, Libya — …", "NAIROBI, 20 July 2024 — …", "ISTANBUL, June 2 (Wire) - …".

A wire report opens with the place it was filed from. That place is no party to anything
("NAIROBI —" is not Kenya acting), and it is where the report's lead happened: "GENEVA — The
leaders agreed on Tuesday …" took place in Geneva. `find_dateline` reads it once per article.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from detente.lexicon.actors import Knowledge
from detente.lexicon.places import Gazetteer
from detente.records import Place

# An upper-case place ("PORT-AU-PRINCE", "UNITED NATIONS"), an optional region or country in
# any case, an optional date and outlet credit, then a dash.
_DATELINE = re.compile(
    r"""\A\s*
    (?P<city>[A-Z][A-Z'.-]+(?:[ -][A-Z][A-Z'.-]+){0,3})
    (?:,\s*(?P<region>[A-Z][\w'.-]+(?:\s[A-Z][\w'.-]+){0,2}))?
    (?:,?\s*(?:\d{1,2}\s+[A-Z][a-z]+(?:\s+\d{4})?|[A-Z][a-z]+\.?\s+\d{1,2}(?:,\s*\d{4})?))?
    (?:\s*\([^)\n]{1,40}\))?
    \s*(?:—|–|--|-)\s*""",
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class Dateline:
    """Where the body starts (chars before it are the dateline) and the place, when known."""

    end: int
    place: Place | None


def find_dateline(
    text: str, gazetteer: Gazetteer, kb: Knowledge, context: Collection[str] = ()
) -> Dateline | None:
    """The article's dateline, or None when the text opens with no "PLACE —".

    `context`: ISO-3 codes of the countries the article mentions, to tell namesakes apart;
    a region or country after the city ("SIRTE, Libya") settles it.
    """
    m = _DATELINE.match(text)
    if m is None:
        return None
    city = m.group("city")
    if len(city.replace(" ", "").replace("-", "")) < 3:
        return None  # "US-", "UN -": an acronym opening a headline-like sentence
    region = m.group("region")
    entry = kb.lookup(region) if region else None
    hints = [entry.country] if entry is not None and entry.country else list(context)
    return Dateline(end=m.end(), place=gazetteer.resolve(city, hints))
