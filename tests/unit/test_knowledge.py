from __future__ import annotations

from pathlib import Path

import pytest

from detente.codes import INTERNATIONAL
from detente.errors import ConfigError
from detente.lexicon.actors import load_knowledge
from detente.lexicon.names import actor_id, fold, slug, surname


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("the Kremlin", "kremlin"),
        ("Erdoğan", "erdogan"),
        ("U.S.", "us"),
        ("Zelensky's", "zelensky"),
        ("Sa’ar", "saar"),
        ("Łukasz", "lukasz"),
    ],
)
def test_fold(name: str, key: str) -> None:
    assert fold(name) == key


def test_ids_and_surnames() -> None:
    assert slug("Recep Tayyip Erdoğan") == "recep-tayyip-erdogan"
    assert actor_id("country", "Ukraine", "UKR") == "country:ukr"
    assert actor_id("person", "Vladimir Putin") == "person:vladimir-putin"
    assert surname("Charles III") == "charles" and surname("Volodymyr Zelensky") == "zelensky"


@pytest.mark.parametrize(
    ("name", "country", "sector", "via"),
    [
        ("Kyiv", "UKR", "GOV", "capital"),
        ("Kiev", "UKR", "GOV", "capital"),
        ("Moscow", "RUS", "GOV", "capital"),
        ("the Kremlin", "RUS", "GOV", "seat"),
        ("Pentagon", "USA", "MIL", "seat"),
        ("Türkiye", "TUR", None, "country"),
        ("Turkiye", "TUR", None, "country"),
        ("Russian", "RUS", None, "demonym"),
        ("Ukrainians", "UKR", None, "demonym"),
        ("DRC", "COD", None, "country"),
        ("Zelenskyy", "UKR", "GOV", "actor"),
        ("Hamas", "PSE", "REB", "actor"),
    ],
)
def test_shipped_knowledge(name: str, country: str, sector: str | None, via: str) -> None:
    entry = load_knowledge().lookup(name)
    assert entry is not None
    assert (entry.country, entry.sector, entry.via) == (country, sector, via)


def test_every_country_is_iso3_or_international() -> None:
    kb = load_knowledge()
    assert len(kb.countries) >= 249
    codes = set(kb.countries) | INTERNATIONAL
    for entry in kb.names.values():
        assert entry.country is None or entry.country in codes, entry


def test_surname_index_refuses_ambiguity() -> None:
    kb = load_knowledge()
    putin = kb.by_surname("Putin")
    assert putin is not None and putin.name == "Vladimir Putin"


def test_sector_words() -> None:
    kb = load_knowledge()
    assert kb.sector_of("Russian Defence Ministry") == "MIL"
    assert kb.sector_of("director of Russia's GRU military intelligence agency") == "SPY"
    assert kb.sector_of("Deputy Foreign Minister") == "GOV"
    assert kb.sector_of("a hardline aide to Putin") == "GOV"
    assert kb.sector_of("the weather") is None


def test_user_file_adds_and_wins(tmp_path: Path) -> None:
    f = tmp_path / "extra.yaml"
    f.write_text(
        "countries:\n  - {code: XYZ, name: Ruritania, demonyms: [Ruritanian], capitals: [Strelsau]}\n"
        "actors:\n  - {name: Rudolf Rassendyll, type: person, country: XYZ, sector: GOV, aliases: [Rassendyll]}\n"
        "titles:\n  offices: [grand chamberlain]\n"
    )
    kb = load_knowledge((str(f),))
    assert kb.lookup("Strelsau").country == "XYZ"  # type: ignore[union-attr]
    assert kb.lookup("Rassendyll").name == "Rudolf Rassendyll"  # type: ignore[union-attr]
    assert "grand chamberlain" in kb.offices
    assert load_knowledge().lookup("Strelsau") is None  # the shipped knowledge is untouched


@pytest.mark.parametrize(
    ("content", "match"),
    [
        ("actors:\n  - {type: person}\n", "lacks 'name'"),
        ("actors: [{name: X, type: robot}]\n", "type 'robot'"),
        ("{{{", "not valid YAML"),
        ("42\n", "neither a mapping"),
    ],
)
def test_bad_user_files(tmp_path: Path, content: str, match: str) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text(content)
    with pytest.raises(ConfigError, match=match):
        load_knowledge((str(f),))
