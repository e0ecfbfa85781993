"""The loaders of the generated PETRARCH2 data, on real entries of the shipped files."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest

from detente.codes import PLOVER_TYPES
from detente.lexicon import petrarch
from detente.lexicon.files import shipped_yaml

PLOVER_SECTORS = set(
    "COP GOV JUD LEG MIL PRM PTY REB SPY UAF UNK AGR BUS CRM CVL EDU ELI JRN LAB MED REF OPP PRE REL SOC".split()
)


@pytest.mark.parametrize(
    ("name", "day", "expected"),
    [
        ("Barack Obama", "2012-05-01", ("USA", "GOV")),
        ("BARACK_OBAMA", dt.date(1990, 6, 1), ("USA", "ELI")),
        ("president obama", dt.datetime(2009, 1, 20, 12, 0), ("USA", "GOV")),  # ends are inclusive
        ("Barack Obama", "2005-01-01", None),  # between his two ranges: no code in force
        ("George W. Bush", "2005-06-01", ("USA", "GOV")),
        ("george w. bush", "2012-06-01", ("USA", "ELI")),  # a former president is not GOV
        ("Gordon Brown", "2009-03-01", ("GBR", "GOV")),
        ("Gordon Brown", "2012-03-01", ("GBR", "ELI")),
        ("David Cameron", "2010-05-11", ("GBR", "GOV")),  # the corrected 201005011
        ("David Cameron", "2010-05-10", None),
        ("Kofi Annan", "2003-01-01", ("UNO", None)),
        ("Kofi Annan", "2010-01-01", (None, "ELI")),  # [ELI]: a former office holder, no country
        ("Boko Haram", "2014-01-01", ("NGA", "REB")),
        ("no such person at all", "2014-01-01", None),
    ],
)
def test_office_holder_takes_the_code_in_force_on_the_day(
    name: str, day: dt.date | str, expected: tuple[str | None, str | None] | None
) -> None:
    assert petrarch.office_holder(name, day) == expected


def test_code_on_prefers_a_covering_range_over_the_default() -> None:
    actors = petrarch.load_actors()
    (bush,) = actors.entries("George W. Bush")
    assert [s.dated for s in bush.spans] == [True, True, False]
    assert actors.code_on("George W. Bush", "2008-12-31") == "USAGOV"
    assert actors.code_on("George W. Bush", "1999-12-31") == "USAELI"


def test_actor_codes_use_detente_countries_and_sectors() -> None:
    iso = {e["code"] for e in shipped_yaml("countries.yaml")}
    international = {"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"}
    sectors = PLOVER_SECTORS | set(shipped_yaml("sectors.yaml"))
    for code, read in petrarch.load_actors().codes.items():
        if read is None:
            assert code == "---"
            continue
        country, sector = read
        assert country is None or country in iso or country in international, code
        assert sector is None or sector in sectors, code


def test_verbs_patterns_and_codes() -> None:
    verbs = petrarch.load_verbs()
    (fight_back,) = verbs.verbs("fought back")
    assert fight_back.event is not None and fight_back.event.type == "ASSAULT"
    for reading in verbs.readings.values():
        assert (reading.type in PLOVER_TYPES) != reading.dropped
    patterns = [p for b in verbs.blocks.values() for p in b.patterns]
    assert len(patterns) > 4000 and len(verbs.synsets) >= 40
    out_of_fight = [p for p in patterns if p.text.startswith("- * OUT (OF &FIGHT)")]
    assert out_of_fight, "the issue's example pattern is kept"
    prep = out_of_fight[0].after[1]
    assert prep.kind == "prep" and prep.prep == ("of",) and prep.objects[0].words == (("&FIGHT",),)
    assert "battles" in verbs.synsets["&FIGHT"]
    assert any(p.reverse is not None for p in patterns)  # paired codes such as [042:043]
    assert any(p.event is None and p.reverse is None for p in patterns)  # "---" patterns block


def test_agents_issues_and_discards() -> None:
    agents = petrarch.load_agents()
    assert {a.sector for a in agents["foreign ministers"]} == {"GOV"}
    assert all(a.sector in PLOVER_SECTORS | {"HRI", None} for group in agents.values() for a in group)
    issues = petrarch.load_issues()
    assert "ebola hemorrhagic fever" in issues["HEALTH"].issues["DISEASE"]  # mojibake no-break space fixed
    discards = petrarch.load_discards()
    assert any(d.phrase == "world cup" for d in discards.sentence + discards.story)


@pytest.mark.parametrize(
    "loader",
    [
        petrarch.load_verbs,
        petrarch.load_actors,
        petrarch.load_agents,
        petrarch.load_issues,
        petrarch.load_discards,
    ],
)
def test_each_file_loads_within_a_second(loader: Any) -> None:
    loader.cache_clear()
    start = time.process_time()  # CPU time: the test machine runs other jobs beside this one
    loader()
    assert time.process_time() - start < 1.0
