"""One quote, however many outlets carried it: stored quotes grouped at read time.

Wire copy and rewrites carry the same words of the same speaker in many articles, each
trimmed, punctuated or spelled a little differently ("Juan Manuel Santos" in one, "Santos" in
the next). The store keeps one quote per article (that is what each article says, and what a
citation points to); a reader wants one quote with its variants and the outlets that carried
it. `group_quotes` groups any quote-like items by speaker and near-identical words: the same
speaker (their actor, else the surname of the name as written) and texts of which the shorter
shares most of its words with the longer (`same_words`). Each group keeps its items in the
order given, its fullest text first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from detente.lexicon.names import fold

T = TypeVar("T")

NEAR = 0.8
"""Share of the shorter text's words the longer must hold for two texts to be one quote."""
MIN_WORDS = 4
"""Shorter texts are one quote only when their words are the same."""


@dataclass(frozen=True, slots=True)
class QuoteGroup(Generic[T]):
    """One quote as several reports carried it: `items` in the order given; `text` the fullest version."""

    speaker: str | None
    text: str
    items: tuple[T, ...]

    @property
    def first(self) -> T:
        """The first item given (the newest, for a list read newest first)."""
        return self.items[0]


def words_of(text: str) -> list[str]:
    """A text's words, folded the way names are (case, accents and punctuation gone)."""
    return fold(text).split()


def same_words(a: str, b: str) -> float:
    """Share of the shorter text's words that the longer one holds (0 when either has none)."""
    wa, wb = words_of(a), words_of(b)
    if not wa or not wb:
        return 0.0
    common = sum((Counter(wa) & Counter(wb)).values())
    return common / min(len(wa), len(wb))


def near_identical(a: str, b: str, near: float = NEAR) -> bool:
    """Two versions of one quote: the same words, or (both long enough) most of the shorter's."""
    wa, wb = words_of(a), words_of(b)
    if not wa or not wb:
        return False
    if wa == wb:
        return True
    if min(len(wa), len(wb)) < MIN_WORDS:
        return False
    return same_words(a, b) >= near


def speaker_key(actor_id: str | None, speaker: str | None) -> str:
    """Who said it, as grouping compares speakers: the actor, else the surname as written."""
    if actor_id:
        return actor_id
    words = fold(speaker or "").split()
    return words[-1] if words else "-"


def group_quotes(
    items: Iterable[T],
    speaker_of: Callable[[T], str | None],
    text_of: Callable[[T], str],
    actor_of: Callable[[T], str | None] = lambda _: None,
    near: float = NEAR,
) -> list[QuoteGroup[T]]:
    """The items as quotes: one group per speaker and near-identical text, in the order of each
    group's first item. `speaker_of`, `text_of` and `actor_of` read an item's speaker name,
    words and actor id (None when unknown: the surname then stands for the speaker)."""
    groups: list[tuple[set[str], set[str], list[T]]] = []  # actor ids, surnames, items
    for item in items:
        actor, surname = actor_of(item), speaker_key(None, speaker_of(item))
        text = text_of(item)
        for actors, surnames, members in groups:
            # two known actors must be the same one; else the surname as written decides
            same = actor in actors if actor and actors else surname in surnames
            if same and any(near_identical(text, text_of(m), near) for m in members):
                members.append(item)
                actors.update([actor] if actor else [])
                surnames.add(surname)
                break
        else:
            groups.append(({actor} if actor else set(), {surname}, [item]))
    out: list[QuoteGroup[T]] = []
    for _, _, members in groups:
        fullest = max(members, key=lambda m: len(words_of(text_of(m))))
        out.append(QuoteGroup(speaker_of(fullest), text_of(fullest), tuple(members)))
    return out


def outlets_of(group: QuoteGroup[T], outlet_of: Callable[[T], str | None]) -> list[str]:
    """The distinct outlets that carried a grouped quote, in the group's order."""
    seen: list[str] = []
    for item in group.items:
        name = outlet_of(item)
        if name and name not in seen:
            seen.append(name)
    return seen


__all__ = ["QuoteGroup", "group_quotes", "near_identical", "outlets_of", "same_words", "speaker_key"]
