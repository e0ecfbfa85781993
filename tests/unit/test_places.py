"""The gazetteer: GeoNames cities and countries, places.yaml, ties broken by context."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
import yaml

from detente.errors import ConfigError
from detente.lexicon.names import fold
from detente.lexicon.places import (
    KINDS,
    Gazetteer,
    _alternate_keys,
    _key,
    is_city,
    load_gazetteer,
)
from detente.records import Place
from tests.conftest import write


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def where(place: Place | None) -> tuple[str, int | None, str | None] | None:
    return None if place is None else (place.name, place.geonameid, place.country)


# -- keys ----------------------------------------------------------------------------------
NAMES = [
    "Kyiv", "The Hague", "the", "Mek'ele", "Rostov-na-Donu", "St. Petersburg", "Sharm el-Sheikh",
    "Port-au-Prince", "N'Djamena", "Ḩamāh", "Kraków", "Łódź", "Dolmabahçe", "Çırağan",
    "Bahía de Caráquez", "‘Ayn al ‘Arab", "Washington, D.C.", "Saint John's", "A Coruña", "  Odesa ",
]  # fmt: skip


@pytest.mark.parametrize("name", NAMES)
def test_key_is_fold(name: str) -> None:
    assert _key(name) == fold(name)


def test_alternate_keys_fold_capitalised_ascii_names_only() -> None:
    names = ["Kiev", "Kyyiv", "The Hague", "Mek'ele", "Rostov-na-Donu", "St. Petersburg", "Ad-Dawhah's"]
    noise = ["sheng hu li ya", "Київ", "Kýiv", "kiev"]
    assert _alternate_keys(names + noise) == {fold(n) for n in names}


# -- cities, aliases, countries --------------------------------------------------------------
def test_cities_resolve_with_id_country_and_coordinates(gaz: Gazetteer) -> None:
    istanbul = gaz.resolve("Istanbul")
    assert istanbul is not None
    assert (istanbul.name, istanbul.geonameid, istanbul.country) == ("Istanbul", 745044, "TUR")
    assert istanbul.lat == pytest.approx(41.0, abs=0.1) and istanbul.lon == pytest.approx(29.0, abs=0.1)
    assert where(gaz.resolve("ANKARA")) == ("Ankara", 323786, "TUR")
    assert where(gaz.resolve("Doha")) == ("Doha", 290030, "QAT")
    assert where(gaz.resolve("Lomé")) == where(gaz.resolve("Lome"))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Kiev", ("Kyiv", 703448, "UKR")),
        ("Kyiv", ("Kyiv", 703448, "UKR")),
        ("Odessa", ("Odesa", 698740, "UKR")),
        ("Kharkov", ("Kharkiv", 706483, "UKR")),
        ("Zaporozhye", ("Zaporizhzhia", 687700, "UKR")),
        ("Dnipropetrovsk", ("Dnipro", 709930, "UKR")),
        ("Nikolaev", ("Mykolaiv", 700569, "UKR")),
        ("Sharm", ("Sharm el-Sheikh", 349340, "EGY")),
        ("Washington, D.C.", ("Washington", 4140963, "USA")),
        ("Washington", ("Washington", 4140963, "USA")),
        ("Khan Yunis", ("Khan Younis", 281124, "PSE")),
        ("El Fasher", ("El Fasher", 379555, "SDN")),
        ("Port Sudan", ("Port Sudan", 377039, "SDN")),
        ("New Delhi", ("New Delhi", 1261481, "IND")),
        ("Anchorage", ("Anchorage", 5879400, "USA")),
    ],
)
def test_aliases_and_news_spellings(gaz: Gazetteer, name: str, expected: tuple[str, int, str]) -> None:
    assert where(gaz.resolve(name)) == expected


def test_countries_by_any_name_sit_at_their_capital(gaz: Gazetteer) -> None:
    turkey = gaz.resolve("Türkiye")
    assert turkey is not None
    assert (turkey.name, turkey.geonameid, turkey.country) == ("Turkey", 298795, "TUR")
    ankara = gaz.resolve("Ankara")
    assert ankara is not None and (turkey.lat, turkey.lon) == (ankara.lat, ankara.lon)
    assert where(gaz.resolve("Turkiye")) == where(turkey)
    assert where(gaz.resolve("the United States")) == ("United States", 6252001, "USA")
    assert where(gaz.resolve("U.S.")) == ("United States", 6252001, "USA")
    assert where(gaz.resolve("DRC")) == ("Democratic Republic of the Congo", 203312, "COD")
    assert where(gaz.resolve("Congo")) == ("Democratic Republic of the Congo", 203312, "COD")
    assert where(gaz.resolve("Congo", ["COG"])) == ("Republic of the Congo", 2260494, "COG")


# -- places.yaml -------------------------------------------------------------------------------
def test_regions_and_venues_from_places_yaml(gaz: Gazetteer) -> None:
    assert gaz.resolve("Crimea") == Place("Crimea", None, "UKR", 45.3, 34.4)
    assert where(gaz.resolve("the Donetsk region")) == ("Donetsk region", None, "UKR")
    assert where(gaz.resolve("Kursk Oblast")) == ("Kursk region", None, "RUS")
    assert where(gaz.resolve("Gaza")) == ("Gaza Strip", None, "PSE")
    assert where(gaz.resolve("Gaza City")) == ("Gaza City", 281133, "PSE")
    assert where(gaz.resolve("Nagorno-Karabakh")) == ("Nagorno-Karabakh", None, "AZE")
    assert where(gaz.resolve("Strait of Hormuz")) == ("Strait of Hormuz", None, None)
    palace = gaz.resolve("Dolmabahce Palace")
    assert palace is not None and (palace.name, palace.country) == ("Dolmabahçe Palace", "TUR")
    assert palace.lat == pytest.approx(41.04, abs=0.01)
    assert where(gaz.resolve("Ciragan Palace")) == ("Çırağan Palace", None, "TUR")
    assert where(gaz.resolve("White House")) == ("White House", None, "USA")
    assert where(gaz.resolve("Kremlin")) == ("Kremlin", None, "RUS")


def test_a_venue_without_coordinates_is_placed_at_its_city(gaz: Gazetteer) -> None:
    mansion, istanbul = gaz.resolve("Vahdettin Mansion"), gaz.resolve("Istanbul")
    assert mansion is not None and istanbul is not None
    assert (mansion.geonameid, mansion.lat, mansion.lon) == (None, istanbul.lat, istanbul.lon)


def test_parts_of_known_places_keep_the_country_only(gaz: Gazetteer) -> None:
    assert gaz.resolve("eastern Ukraine") == Place("eastern Ukraine", None, "UKR", None, None)
    assert gaz.resolve("Cherkasy Oblast") == Place("Cherkasy Oblast", None, "UKR", None, None)
    assert gaz.resolve("northern Gaza") == Place("northern Gaza", None, "PSE", None, None)
    assert gaz.resolve("eastern White House") is None


def test_places_yaml_is_well_formed() -> None:
    text = resources.files("detente").joinpath("data/places.yaml").read_text("utf-8")
    entries = yaml.safe_load(text)
    countries = yaml.safe_load(resources.files("detente").joinpath("data/countries.yaml").read_text("utf-8"))
    codes = {c["code"] for c in countries}
    assert 150 <= len(entries) <= 300
    for e in entries:
        assert set(e) == {"name", "kind", "country", "city", "aliases", "lat", "lon", "geonameid"}, e
        assert e["kind"] in KINDS and (e["country"] is None or e["country"] in codes), e["name"]
        assert all(isinstance(a, str) and a for a in e["aliases"]), e["name"]
        assert (e["lat"] is None) == (e["lon"] is None), e["name"]
        if e["lat"] is not None:
            assert -90 <= e["lat"] <= 90 and -180 <= e["lon"] <= 180, e["name"]
        assert e["city"] is None or e["kind"] in ("venue", "area"), e["name"]


# -- ambiguity -----------------------------------------------------------------------------
def test_tripoli_goes_to_the_context_country(gaz: Gazetteer) -> None:
    assert where(gaz.resolve("Tripoli")) == ("Tripoli", 2210247, "LBY")
    assert where(gaz.resolve("Tripoli", {"LBN"})) == ("Tripoli", 266826, "LBN")
    # "Tripoli" itself puts Libya in an article's context: a capital's name is no evidence.
    assert where(gaz.resolve("Tripoli", {"LBN", "LBY"})) == ("Tripoli", 266826, "LBN")


def test_paris_stays_in_france_unless_texas_is_all_there_is(gaz: Gazetteer) -> None:
    assert where(gaz.resolve("Paris")) == ("Paris", 2988507, "FRA")
    # A capital outweighs a small namesake even in an article about the US.
    assert where(gaz.resolve("Paris", {"USA"})) == ("Paris", 2988507, "FRA")


def test_georgia_the_country_or_the_state(gaz: Gazetteer) -> None:
    assert where(gaz.resolve("Georgia")) == ("Georgia", 614540, "GEO")
    assert where(gaz.resolve("Georgia", {"USA"})) == ("Georgia", 4197000, "USA")
    assert where(gaz.resolve("Georgia", {"USA", "GEO"})) == ("Georgia", 614540, "GEO")


def test_alexandria_and_punjab(gaz: Gazetteer) -> None:
    assert where(gaz.resolve("Alexandria")) == ("Alexandria", 361058, "EGY")
    assert where(gaz.resolve("Alexandria", ["EGY", "USA"])) == ("Alexandria", 361058, "EGY")
    assert where(gaz.resolve("Punjab")) == ("Punjab", None, "PAK")
    assert where(gaz.resolve("Punjab", ["IND"])) == ("Punjab", None, "IND")


def test_primary_names_beat_alternate_names(gaz: Gazetteer) -> None:
    # GeoNames lists "Islamabad" among Chattogram's names too.
    assert where(gaz.resolve("Islamabad")) == ("Islamabad", 1176615, "PAK")


# -- not places ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name", ["Xyzzyville", "", "   ", "Ukrainian", "Russian", "Hamas", "UN", "NATO", "M23"]
)
def test_unknown_names_and_actors_are_not_places(gaz: Gazetteer, name: str) -> None:
    assert gaz.resolve(name) is None
    assert not gaz.is_place(name)


def test_is_city_and_kind(gaz: Gazetteer) -> None:
    for name in ("Bucha", "Istanbul", "Kiev", "Kyiv", "Sharm el-Sheikh"):
        assert is_city(name), name
    for name in ("Ukraine", "Hamas", "Reuters", "Crimea", "White House", "Azov"):
        assert not is_city(name), name
    assert gaz.is_place("Crimea") and gaz.is_place("Kiev")
    assert gaz.kind("Kyiv") == "capital" and gaz.kind("Bucha") == "city"
    assert gaz.kind("Türkiye") == "country" and gaz.kind("Crimea") == "region"
    assert gaz.kind("Dolmabahce Palace") == "venue" and gaz.kind("Xyzzyville") is None
    assert gaz.known("Kyiv") and gaz.known("Crimea") and gaz.known("Türkiye")
    assert not gaz.known("Bucha")
    assert gaz.prominent("Jeddah") and gaz.prominent("Kyiv") and gaz.prominent("Crimea")
    assert not gaz.prominent("Temple") and not gaz.prominent("Independence") and not gaz.prominent("Bucha")


def test_gazetteer_is_built_once_per_process() -> None:
    assert load_gazetteer() is load_gazetteer()


# -- a user's file ------------------------------------------------------------------------------
USER = """
- name: Harbour House
  kind: venue
  country: TUR
  city: Istanbul
  aliases: [Harbour House Istanbul]
  lat: null
  lon: null
  geonameid: null
- name: Crimea
  kind: region
  country: UKR
  aliases: [Krym]
  lat: 45.0
  lon: 34.0
- name: Kyiv
  kind: city
  country: UKR
  aliases: [Kyjiw]
  geonameid: 703448
"""


def test_a_user_file_adds_places_and_shadows_shipped_ones(tmp_path: Path) -> None:
    path = write(tmp_path / "mine.yaml", USER)
    mine, shipped = load_gazetteer((str(path),)), load_gazetteer()
    house, istanbul = mine.resolve("Harbour House Istanbul"), mine.resolve("Istanbul")
    assert house is not None and istanbul is not None
    assert (house.name, house.country, house.lat) == ("Harbour House", "TUR", istanbul.lat)
    assert mine.resolve("Krym") == Place("Crimea", None, "UKR", 45.0, 34.0)
    assert mine.resolve("Crimea") == Place("Crimea", None, "UKR", 45.0, 34.0)
    assert where(mine.resolve("Kyjiw")) == ("Kyiv", 703448, "UKR")
    assert mine.is_city("Kyjiw")
    assert mine.resolve("Istanbul") == shipped.resolve("Istanbul")
    assert shipped.resolve("Harbour House") is None
    assert shipped.resolve("Crimea") == Place("Crimea", None, "UKR", 45.3, 34.4)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("- {name: Atlantis, kind: region, country: ATL}", "country 'ATL'"),
        ("- {name: Atlantis, kind: planet}", "kind 'planet'"),
        ("- {name: Atlantis, kind: region, lat: north}", "lat 'north'"),
        ("places: [Atlantis]", "not a list"),
        ("- [unclosed", "not valid YAML"),
    ],
)
def test_bad_user_files_say_what_is_wrong(tmp_path: Path, content: str, words: str) -> None:
    path = write(tmp_path / "bad.yaml", content)
    with pytest.raises(ConfigError, match=words):
        load_gazetteer((str(path),))


def test_a_missing_user_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read knowledge file"):
        load_gazetteer((str(tmp_path / "nowhere.yaml"),))


def test_a_knowledge_file_with_sections_adds_its_places_section(tmp_path: Path) -> None:
    content = "actors:\n  - {name: Ilse Brandvold, type: person, country: NOR}\nplaces:\n" + "\n".join(
        "  " + line for line in USER.strip().splitlines()
    )
    mine = load_gazetteer((str(write(tmp_path / "k.yaml", content)),))
    assert where(mine.resolve("Harbour House")) == ("Harbour House", None, "TUR")
    assert mine.resolve("Ilse Brandvold") is None


@pytest.mark.parametrize(
    "content",
    ["actors:\n  - {name: Ilse Brandvold, type: person}\n", "- {name: Ilse Brandvold, type: person}\n", ""],
)
def test_knowledge_files_without_places_add_nothing(tmp_path: Path, content: str) -> None:
    mine = load_gazetteer((str(write(tmp_path / "k.yaml", content)),))
    assert mine.resolve("Ilse Brandvold") is None
    assert where(mine.resolve("Kiev")) == ("Kyiv", 703448, "UKR")
