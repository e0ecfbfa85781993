"""One article's extraction context: everything the later stages read, built once per article.

`extract()` runs the stages that find the article's parties (dateline, actors, roles) and the
expressions events hang on (dates, places), then hands this one frozen record to the stages
that read events, quotes and positions, instead of a long argument list each.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from detente.extract.dateline import Dateline
    from detente.extract.dates import DateMention
    from detente.extract.parties import Parties
    from detente.extract.places import PlaceMention
    from detente.lexicon.actors import Knowledge
    from detente.lexicon.taxonomy import Taxonomy
    from detente.lexicon.triggers import Lexicon
    from detente.records import Article

__all__ = ["ArticleContext"]


@dataclass(frozen=True)
class ArticleContext:
    """What one parsed article gives every stage after its parties are known."""

    doc: Doc
    article: Article
    kb: Knowledge
    parties: Parties
    lexicon: Lexicon
    taxonomy: Taxonomy
    dateline: Dateline | None = None
    dates: tuple[DateMention, ...] = ()
    places: tuple[PlaceMention, ...] = ()

    @cached_property
    def published(self) -> dt.date | None:
        """The article's publication day, the anchor of relative dates ("on Friday")."""
        return dt.date.fromisoformat(self.article.published) if self.article.published else None

    @cached_property
    def place_at(self) -> dict[int, PlaceMention]:
        """The place mention covering each token that is part of one."""
        return {i: p for p in self.places for i in range(p.start_token, p.end_token)}
