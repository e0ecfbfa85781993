"""Actors merged across articles and spellings, and the user's merges and splits, by hand-built records."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.errors import StoreError
from detente.ingest.normalize import Draft, finish
from detente.lexicon.names import given_compatible, translit_key
from detente.records import Actor, ArticleFacts, Mention
from detente.store import Incoming, SQLiteStore


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Rustem Umerov", "Rustem Umierov"),
        ("Volodymyr Zelenskyy", "Volodymyr Zelenskiy"),
        ("Serhiy Kyslytsia", "Sergiy Kyslytsya"),
        ("Defence Ministry", "Defense Ministry"),
    ],
)
def test_transliteration_keys(a: str, b: str) -> None:
    assert translit_key(a) == translit_key(b)


def test_given_names() -> None:
    assert given_compatible("Volodymyr Zelensky", "Vladimir Zelensky")
    assert given_compatible("Zelensky", "Volodymyr Zelensky")
    assert not given_compatible("Shehbaz Sharif", "Nawaz Sharif")


class World:
    def __init__(self, tmp: Path) -> None:
        self.store = SQLiteStore(tmp / "m.db")
        self.run = self.store.begin_run("t", "0", None)
        self.n = 0

    def mention(self, name: str, country: str | None = "UKR", kind: str = "person") -> str:
        self.n += 1
        aid = f"{kind}:{name.lower().replace(' ', '-')}"
        art = finish(Draft(source="t", text=f"{name} spoke again, number {self.n}.", id=f"a{self.n}"))
        facts = ArticleFacts(
            article=art,
            actors=(Actor(aid, name, kind, (), country, "GOV"),),  # type: ignore[arg-type]
            mentions=(
                Mention(
                    art.id, aid, name, "PERSON" if kind == "person" else "ORG", country, "GOV", 0, len(name)
                ),
            ),
        )
        self.store.save([Incoming(facts)], self.run)
        return aid

    def names(self) -> list[str]:
        return sorted(a.name for a in self.store.iter_records("actor"))  # type: ignore[attr-defined]


def test_spellings_of_one_person_merge(tmp_path: Path) -> None:
    w = World(tmp_path)
    w.mention("Rustem Umerov")
    w.mention("Rustem Umierov")
    w.mention("Umyerov")
    assert w.names() == ["Rustem Umerov"]
    (info,) = w.store.actors()
    assert info.mentions == 3 and {"Rustem Umierov", "Umyerov"} <= set(info.actor.aliases)


def test_same_surname_different_people_stay_apart(tmp_path: Path) -> None:
    w = World(tmp_path)
    w.mention("Shehbaz Sharif", "PAK")
    w.mention("Nawaz Sharif", "PAK")
    w.mention("Ahmed Zelensky", "EGY")
    w.mention("Volodymyr Zelensky", "UKR")
    assert w.names() == ["Ahmed Zelensky", "Nawaz Sharif", "Shehbaz Sharif", "Volodymyr Zelensky"]


def test_user_merge_and_split_stick_across_reruns(tmp_path: Path) -> None:
    w = World(tmp_path)
    w.mention("Kremlin", "RUS", "organization")
    w.mention("Russian Presidential Administration", "RUS", "organization")
    kept = w.store.merge_actors("Kremlin", "Russian Presidential Administration")
    assert kept == "organization:kremlin" and w.names() == ["Kremlin"]
    w.mention("Russian Presidential Administration", "RUS", "organization")  # a later article
    assert w.names() == ["Kremlin"]

    w.mention("Rustem Umerov")
    w.mention("Rustem Umierov")
    new = w.store.split_actor("Rustem Umerov", "Rustem Umierov")
    assert sorted(w.names()) == ["Kremlin", "Rustem Umerov", "Rustem Umierov"]
    w.mention("Rustem Umierov")  # the automatic merge does not undo the user's split
    assert sorted(w.names()) == ["Kremlin", "Rustem Umerov", "Rustem Umierov"]
    assert new == "person:rustem-umierov"


def test_split_of_a_knowledge_alias_moves_its_mentions(tmp_path: Path) -> None:
    w = World(tmp_path)
    store = w.store
    art = finish(Draft(source="t", text="Sharif met Sharif.", id="s1"))
    actor = Actor("person:shehbaz-sharif", "Shehbaz Sharif", "person", ("Sharif",), "PAK", "GOV")
    ms = (
        Mention("s1", actor.id, "Sharif", "PERSON", "PAK", "GOV", 0, 6),
        Mention("s1", actor.id, "Shehbaz Sharif", "PERSON", "PAK", "GOV", 0, 6),
    )
    store.save([Incoming(ArticleFacts(article=art, actors=(actor,), mentions=ms))], w.run)
    new = store.split_actor("Shehbaz Sharif", "Sharif")
    mentions = {m.text: m.actor_id for m in store.iter_records("mention")}  # type: ignore[attr-defined]
    assert mentions == {"Sharif": new, "Shehbaz Sharif": "person:shehbaz-sharif"}


def test_unknown_and_ambiguous_names(tmp_path: Path) -> None:
    w = World(tmp_path)
    with pytest.raises(StoreError, match="no actor is called"):
        w.store.find_actor("Nobody At All")
