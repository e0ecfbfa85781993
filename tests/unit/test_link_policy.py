"""The backend-free actor link policy: which stored actors a new one joins, by hand-built candidates."""

from __future__ import annotations

from detente.knowledge.actors import Candidate, Link, candidate_key, links_for
from detente.records import Actor


def person(aid: str, name: str, country: str | None = None, wikidata: str | None = None) -> Actor:
    return Actor(id=aid, name=name, type="person", country=country, wikidata=wikidata)


def never(_a: str, _b: str) -> bool:
    return False


def test_a_bare_surname_joins_the_one_full_name() -> None:
    cands = [Candidate("person:maria-lindqvist", "Maria Lindqvist", "SWE")]
    assert links_for(person("person:lindqvist", "Lindqvist"), cands, never) == [
        Link("person:lindqvist", "person:maria-lindqvist", "surname")
    ]


def test_a_bare_surname_with_two_full_names_stays_apart() -> None:
    cands = [
        Candidate("person:maria-lindqvist", "Maria Lindqvist", None),
        Candidate("person:olof-lindqvist", "Olof Lindqvist", None),
    ]
    assert links_for(person("person:lindqvist", "Lindqvist"), cands, never) == []


def test_earlier_bare_surnames_join_a_new_full_name() -> None:
    cands = [Candidate("person:okafor", "Okafor", None)]
    assert links_for(person("person:chidi-okafor", "Chidi Okafor"), cands, never) == [
        Link("person:okafor", "person:chidi-okafor", "surname")
    ]


def test_spellings_join_when_given_names_agree_and_countries_do_not_clash() -> None:
    cands = [Candidate("person:volodymyr-zelensky", "Volodymyr Zelensky", "UKR")]
    new = person("person:vladimir-zelenskyy", "Vladimir Zelenskyy", "UKR")
    assert links_for(new, cands, never) == [Link(new.id, "person:volodymyr-zelensky", "spelling")]
    clash = person("person:vladimir-zelenskyy", "Vladimir Zelenskyy", "RUS")
    assert links_for(clash, cands, never) == []


def test_the_spelling_with_a_wikidata_id_becomes_canonical() -> None:
    cands = [Candidate("person:rustem-umierov", "Rustem Umierov", "UKR")]
    new = person("person:rustem-umerov", "Rustem Umerov", "UKR", wikidata="Q1")
    assert links_for(new, cands, never) == [Link("person:rustem-umierov", new.id, "spelling")]


def test_different_given_names_never_merge() -> None:
    cands = [Candidate("person:ana-silva", "Ana Silva", "BRA")]
    assert links_for(person("person:joao-silva", "Joao Silva", "BRA"), cands, never) == []


def test_a_user_split_wins_for_people_and_organisations() -> None:
    def split(a: str, b: str) -> bool:
        return {a, b} == {"person:lindqvist", "person:maria-lindqvist"} or {a, b} == {"group:x", "group:y"}

    cands = [Candidate("person:maria-lindqvist", "Maria Lindqvist", None)]
    assert links_for(person("person:lindqvist", "Lindqvist"), cands, split) == []
    group = Actor(id="group:x", name="X", type="group")
    assert links_for(group, [Candidate("group:y", "Y", None)], split) == []
    assert links_for(group, [Candidate("group:z", "Z", None)], split) == [
        Link("group:x", "group:z", "spelling")
    ]


def test_candidate_keys_are_by_surname_for_people_and_by_name_otherwise() -> None:
    assert candidate_key(person("p", "Sergei Lavrov"))[0] == "surname_key"
    assert candidate_key(Actor(id="o", name="Arab League", type="organization"))[0] == "name_key"
