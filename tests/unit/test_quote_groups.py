"""The same quote carried by several outlets is one quote with its variants (knowledge/quotes.py)."""

from __future__ import annotations

from detente.knowledge.quotes import group_quotes, near_identical, outlets_of, same_words
from detente.records import Quote


def _quote(article: str, speaker: str, text: str, actor: str | None = None) -> Quote:
    return Quote(
        article_id=article,
        speaker=speaker,
        actor_id=actor,
        country="COL",
        text=text,
        direct=True,
        cue="said",
        evidence=f"“{text},” {speaker} said.",
        start=0,
        end=len(text) + 10,
    )


_OUTLET = {"a1": "Wire One", "a2": "Daily Two", "a3": "Radio Three"}


def _group(quotes: list[Quote]):
    return group_quotes(
        quotes, speaker_of=lambda q: q.speaker, text_of=lambda q: q.text, actor_of=lambda q: q.actor_id
    )


def test_one_speaker_two_outlets_small_wording_differences_are_one_quote() -> None:
    a = _quote(
        "a1", "Juan Manuel Santos", "We will not sign an accord that leaves the victims without justice"
    )
    b = _quote("a2", "Santos", "we will not sign an accord that leaves victims without justice.")
    groups = _group([a, b])
    assert len(groups) == 1
    assert groups[0].items == (a, b)
    assert groups[0].text == a.text  # the fullest version
    assert outlets_of(groups[0], lambda q: _OUTLET[q.article_id]) == ["Wire One", "Daily Two"]


def test_different_speakers_are_two_quotes_even_with_the_same_words() -> None:
    a = _quote("a1", "Juan Manuel Santos", "The talks in Havana will resume next week as planned")
    b = _quote("a2", "Rodrigo Londoño", "The talks in Havana will resume next week as planned")
    assert len(_group([a, b])) == 2


def test_two_known_actors_with_one_surname_stay_apart() -> None:
    a = _quote(
        "a1", "Ana Gómez", "The border crossing must reopen before the harvest", actor="person:ana-gomez"
    )
    b = _quote(
        "a2", "Luis Gómez", "The border crossing must reopen before the harvest", actor="person:luis-gomez"
    )
    assert len(_group([a, b])) == 2


def test_another_quote_of_the_same_speaker_is_its_own() -> None:
    a = _quote("a1", "Santos", "We will not sign an accord that leaves the victims without justice")
    b = _quote("a3", "Santos", "The guerrilla must hand over every child it recruited")
    assert [len(g.items) for g in _group([a, b])] == [1, 1]


def test_short_texts_are_one_quote_only_when_their_words_are_the_same() -> None:
    assert near_identical("a historic day", "A historic day!")
    assert not near_identical("a historic day", "a historic day for Colombia and its people")
    assert same_words("", "anything") == 0.0
