"""The PETRARCH2 converter on hand-written dictionary snippets, and on the shipped sources."""

from __future__ import annotations

from pathlib import Path

import pytest
from tools.petrarch.actors import ActorReader, read_agents
from tools.petrarch.cameo import CameoTable, actor_code
from tools.petrarch.common import ErrataLog
from tools.petrarch.convert import OUT, build, default_source, render
from tools.petrarch.inflect import plural, verb_forms
from tools.petrarch.lists import expand_term, read_discards, read_issues
from tools.petrarch.verbs import VerbReader

from detente.errors import InputError

TABLE = """# a cut of the CAMEO -> PLOVER table
03: AGREE
035: AGREE,  ,  # Express intent to yield
04: CONSULT
042: CONSULT, visit,   # Make a visit
043: CONSULT, visit,   # Host a visit
17: COERCE
173: COERCE, arrest, legal            # Arrest
19: ASSAULT
190: ASSAULT, , military # Use conventional military force
195: ASSAULT, heavy-weapons, military # Employ aerial weapons
"""

VERBS = """# synonym sets
&FIGHT
+BATTLE
+WAR_
&AUX_
+WILL
####### VERB PATTERNS #######
---  SURRENDER   [035]  ---
YIELD
+BACK_OUT {+BACKS_OUT +BACKED_OUT +BACKING_OUT}
- * OUT (OF &FIGHT)          [035]  # a comment
- $ * (TO +)                 [042:043]
- * {FINANCIAL AID}          [:173]
- * (IN TROUBLE)             [---]
- * &FIGHT                   [1952]
- * PLEA                     [012]
---  VISIT   [042:043]  ---
TOUR {TOURS TOURED TOURING} [042]
STOP
~ a (a b YIELD) TOUR = a b 190
"""


def _files(tmp_path: Path, **texts: str) -> dict[str, Path]:
    out = {}
    for name, text in texts.items():
        path = tmp_path / name
        path.write_text(text, "utf-8")
        out[name] = path
    return out


@pytest.fixture
def table(tmp_path: Path) -> CameoTable:
    path = tmp_path / "table.txt"
    path.write_text(TABLE, "utf-8")
    return CameoTable.read(path, ErrataLog())


def _verbs(tmp_path: Path, table: CameoTable, text: str) -> dict:
    path = tmp_path / "verbs.txt"
    path.write_text(text, "utf-8")
    return VerbReader(table, ErrataLog()).read(path)


def test_verb_blocks_forms_and_pattern_structure(tmp_path: Path, table: CameoTable) -> None:
    data = _verbs(tmp_path, table, VERBS)
    blocks = {b["name"]: b for b in data["blocks"]}
    surrender = blocks["SURRENDER"]
    yield_, back_out = surrender["verbs"]
    assert yield_["forms"] == ["yield", "yields", "yielded", "yielding"]
    assert back_out["verb"] == "back out" and back_out["head"] == 0
    assert back_out["forms"] == ["back out", "backs out", "backed out", "backing out"]
    out_of, to_target, aid, trouble, fight, plea = surrender["patterns"]
    assert out_of["after"] == [{"noun": ["out"]}, {"prep": "of", "objects": [{"noun": ["&FIGHT"]}]}]
    assert out_of["event"] == "035" and out_of["reverse"] is None
    assert to_target["before"] == [{"mark": "source"}]
    assert to_target["after"] == [{"prep": "to", "objects": [{"mark": "target"}]}]
    assert (to_target["event"], to_target["reverse"]) == ("042", "043")
    assert (
        aid["after"] == [{"noun": ["financial", "aid"]}] and aid["event"] is None and aid["reverse"] == "173"
    )
    assert trouble["cameo"] == "---" and trouble["event"] is None and trouble["reverse"] is None
    assert fight["event"] == "1952" and plea["event"] == "012"
    codes = data["codes"]
    assert codes["035"] == {"type": "AGREE", "mode": None, "context": [], "dropped": False}
    assert codes["1952"]["type"] == "ASSAULT" and codes["1952"]["mode"] == "heavy-weapons"  # parent 195
    assert codes["012"] == {"type": None, "mode": None, "context": [], "dropped": True}
    assert blocks["VISIT"]["verbs"][0]["forms"] == ["tour", "tours", "toured", "touring"]
    assert blocks["VISIT"]["verbs"][1]["forms"] == ["stop", "stops", "stopped", "stopping"]
    assert blocks["VISIT"]["verbs"][1]["event"] == "042" and blocks["VISIT"]["reverse"] == "043"
    assert data["synsets"]["&FIGHT"]["forms"] == ["battle", "battles", "war"]
    assert data["synsets"]["&AUX"]["forms"] == ["will"]
    (transform,) = data["transforms"]
    assert transform["verb"] == "TOUR" and transform["lower"]["verb"] == "YIELD"
    assert transform["result"]["event"] == "190"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("- * AID [999]", "unknown CAMEO event code '999'"),
        ("- * AID [029]", "unknown CAMEO event code '029'"),
        ("- * AID [04x]", "bad CAMEO code [04x]"),
        ("- * AID", "must end with its code"),
        ("- AID [042]", "exactly one '*'"),
        ("- * (OF AID [042]", "unclosed '('"),
        ("- * &NOPE [042]", "undefined synonym set &NOPE"),
        ("- * {FINANCIAL $} [042]", "holds words only"),
        ("CARRY_OUT", "one '+' on its verb"),
        ("TOUR {TOURS} [04]", "bad CAMEO code [04]"),
    ],
)
def test_malformed_verb_lines_fail_with_file_and_line(
    tmp_path: Path, table: CameoTable, line: str, message: str
) -> None:
    text = "&FIGHT\n+WAR\n####### VERB PATTERNS #######\n--- VISIT [042] ---\nTOUR\n" + line + "\n"
    with pytest.raises(InputError) as err:
        _verbs(tmp_path, table, text)
    assert err.value.source == "verbs.txt" and err.value.line == 6
    assert message in err.value.message
    assert "valid forms here" in str(err.value)


def test_every_bad_line_is_reported_at_once(tmp_path: Path, table: CameoTable) -> None:
    text = "####### VERB PATTERNS #######\n--- VISIT [042] ---\n- * A [999]\n- * B [998]\n"
    with pytest.raises(InputError) as err:
        _verbs(tmp_path, table, text)
    assert err.value.line == 3 and "verbs.txt:4" in err.value.message


ACTORS = """# people
BARACK_OBAMA
+PRESIDENT_OBAMA_
\t[USAELI 780101-000101]
\t[USAGOV >090120]
GEORGE_W._BUSH_  [USAELI]
\t[USAGOV 010120-090120]
UN_SECRETARY_GENERAL\t[IGOUNO 070101-161231] [ELI]
NO_CODE_AT_ALL
"""


def test_actor_records_keep_dated_codes(tmp_path: Path) -> None:
    path = tmp_path / "actors.txt"
    path.write_text(ACTORS, "utf-8")
    reader = ActorReader(frozenset({"USA"}), ErrataLog())
    reader.read(path, "countries")
    records = {r["names"][0]: r for r in reader.files["countries"]}
    assert records["barack obama"]["names"] == ["barack obama", "president obama"]
    assert records["barack obama"]["codes"] == [
        {"code": "USAELI", "from": "1978-01-01", "until": "2000-01-01"},
        {"code": "USAGOV", "from": "2009-01-20"},
    ]
    assert records["george w. bush"]["codes"] == [
        {"code": "USAELI"},
        {"code": "USAGOV", "from": "2001-01-20", "until": "2009-01-20"},
    ]
    assert records["un secretary general"]["codes"][1] == {"code": "ELI"}
    assert "no code at all" not in records and reader.codeless == 1
    assert reader.codes["USAGOV"] == {"country": "USA", "sector": "GOV"}
    assert reader.codes["IGOUNO"] == {"country": "UNO", "sector": None}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("NAME\n\t[USAGOV 090120-080101]\n", "ends before it starts"),
        ("NAME\n\t[USAGOV 090231]\n", "indented line holds only"),
        ("NAME\n\t[USAGOV >090231]\n", "no such date"),
        ("NAME\n\t[USAGOV >0901201]\n", "bad date"),
        ("NAME\n\t[USAGO]\n", "indented line holds only"),
        ("+SYNONYM_FIRST\n", "synonym follows its actor"),
        ("NAME [USAGOV] trailing words\n", "bad actor line"),
    ],
)
def test_malformed_actor_lines(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "actors.txt"
    path.write_text(text, "utf-8")
    with pytest.raises(InputError) as err:
        ActorReader(frozenset({"USA"}), ErrataLog()).read(path, "countries")
    assert message in err.value.message and err.value.line is not None


@pytest.mark.parametrize(
    ("code", "country", "sector"),
    [
        ("USAGOV", "USA", "GOV"),
        ("USAELI", "USA", "ELI"),
        ("RUSMILSPY", "RUS", "MIL"),
        ("KSVGOV", "XKX", "GOV"),
        ("NGAREB", "NGA", "REB"),
        ("IGOUNOREFHCR", "UNO", None),
        ("IGOUNOJUDICJ", "UNO", "JUD"),
        ("IGOEUREEC", "EUR", None),
        ("IGOAFRAU", "IGO", None),
        ("NGOUSAHLH", "NGO", "MED"),
        ("MNCUSAMED", "MNC", "JRN"),
        ("IMGMUSALQ", "IMG", None),
        ("USRGOV", None, "GOV"),
        ("MEAREB", None, "REB"),
        ("ELI", None, "ELI"),
    ],
)
def test_actor_codes_map_to_detente_country_and_sector(
    code: str, country: str | None, sector: str | None
) -> None:
    read = actor_code(code, frozenset({"USA", "RUS", "XKX", "NGA"}))
    assert (read.country, read.sector) == (country, sector)


def test_agents_plurals_markers_and_org_types(tmp_path: Path) -> None:
    text = (
        "!PERSON! = MAN, WOMAN\n"
        "FOREIGN_MINISTER [~GOV]\n"
        "ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~JUD]\n"
        "POLICE {} [~COP]\n"
        "DEPUTY [~LEG]\n"
        "CONGRESS!PERSON! [~LEG]\n"
        "HUMAN_RIGHTS_BODY [NGO~]\n"
        "JOURNALIST [~MED]\n"
    )
    path = tmp_path / "agents.txt"
    path.write_text(text, "utf-8")
    agents = {a["phrase"]: a for a in read_agents(path, ErrataLog())}
    assert agents["foreign minister"]["plural"] == "foreign ministers"
    assert agents["foreign minister"]["sector"] == "GOV"
    assert agents["attorney general"]["plural"] == "attorneys general"
    assert agents["police"]["plural"] is None and agents["deputy"]["plural"] == "deputies"
    assert agents["congressman"]["sector"] == "LEG" and agents["congresswoman"]["plural"] is None
    assert (
        agents["human rights body"]["international"] == "NGO"
        and agents["human rights body"]["sector"] is None
    )
    assert agents["journalist"]["sector"] == "JRN"  # CAMEO MED is media


@pytest.mark.parametrize(
    "line", ["FOREIGN_MINISTER", "FOREIGN_MINISTER [~GOV}", "X [~GO]", "CONGRESS!NOPE! [~LEG]"]
)
def test_malformed_agent_lines(tmp_path: Path, line: str) -> None:
    path = tmp_path / "agents.txt"
    path.write_text("COUNCIL [~GOV]\n" + line + "\n", "utf-8")
    with pytest.raises(InputError) as err:
        read_agents(path, ErrataLog())
    assert err.value.line == 2


def test_issues_and_discards(tmp_path: Path) -> None:
    issues = tmp_path / "issues.txt"
    issues.write_text(
        '<ISSUE CATEGORY="FOREIGN_AID" TYPE="ALL">\n'
        "foreign n:aid [FOREIGN_AID]\n"
        "v:donate\n"
        "~blood n:donor\n"
        "~~live aid\n"
        "</ISSUE>\n",
        "utf-8",
    )
    cat = read_issues(issues, ErrataLog())["FOREIGN_AID"]
    assert cat["issues"]["FOREIGN_AID"] == [
        "donate",
        "donated",
        "donates",
        "donating",
        "foreign aid",
        "foreign aids",
    ]
    assert cat["exclude_sentence"] == ["blood donor", "blood donors"] and cat["exclude_story"] == ["live aid"]
    discards = tmp_path / "discards.txt"
    discards.write_text("WORLD CUP\n+ACADEMY AWARD   # films\nBATSMEN_\n", "utf-8")
    out = read_discards(discards, ErrataLog())
    assert out["sentence"] == [
        {"phrase": "batsmen", "whole_word": True},
        {"phrase": "world cup", "whole_word": False},
    ]
    assert out["story"] == [{"phrase": "academy award", "whole_word": False}]


@pytest.mark.parametrize(
    "text",
    [
        '<ISSUE CATEGORY="A" TYPE="ALL">\nfoo [A]\n',
        "foo [A]\n",
        "</ISSUE>\n",
        '<ISSUE CATEGORY="A">\n</ISSUE>\n',
    ],
)
def test_malformed_issue_files(tmp_path: Path, text: str) -> None:
    path = tmp_path / "issues.txt"
    path.write_text(text, "utf-8")
    with pytest.raises(InputError):
        read_issues(path, ErrataLog())


def test_inflections() -> None:
    assert plural("envoy") == "envoys" and plural("militia") == "militias" and plural("press") == "presses"
    assert verb_forms("ban") == ["bans", "banned", "banning"]
    assert verb_forms("ratify") == ["ratifies", "ratified", "ratifying"]
    assert verb_forms("release") == ["releases", "released", "releasing"]
    assert verb_forms("visit") == ["visits", "visited", "visiting"]
    assert expand_term("pre+n:school") == ["pre school", "pre schools", "pre-school", "pre-schools"]


def test_an_erratum_corrects_only_its_line(tmp_path: Path, table: CameoTable) -> None:
    path = tmp_path / "CAMEO.2.0.txt"  # errata are keyed by the real file name
    path.write_text(
        "####### VERB PATTERNS #######\n--- BACK [---] ---\nBACK\n"
        "- * DOWN (FROM)                                       [080!]        # BACK\n",
        "utf-8",
    )
    with pytest.raises(InputError, match="unknown CAMEO event code '080'"):
        VerbReader(table, ErrataLog()).read(path)  # corrected to 080, which this cut table lacks


SOURCE = default_source()


@pytest.mark.skipif(not (SOURCE / "CAMEO.2.0.txt").exists(), reason="PETRARCH2 dictionaries not available")
def test_committed_data_is_a_fresh_build_of_the_shipped_dictionaries() -> None:
    built = build(SOURCE, SOURCE.parent / "CAMEO2PLOVER-2021.txt")
    for name, content in built.items():
        assert (OUT / name).read_text("utf-8") == render(content), f"{name} drifted: run make petrarch"
    assert sum((OUT / n).stat().st_size for n in built) < 5_000_000


def test_a_groups_bracketed_acronym_gives_its_name_and_the_acronym(tmp_path: Path) -> None:
    path = tmp_path / "groups.txt"
    path.write_text(
        "NORTHERN_HILLS_FRONT_(NHF)_ [XYZREB]\n"
        "RIVER_ARMY_(RA)_ [XYZREB]\n"
        "DELTA_CAR_GROUP_(CAR)_ [XYZREB]\n"
        "PEOPLES_ARMY_(PLAINS)_ [XYZREB]\n"
        "CONGO_(KINSHASA)_ [COD]\n",
        encoding="utf-8",
    )
    reader = ActorReader(frozenset({"XYZ", "COD"}), ErrataLog())
    reader.read(path, "nonstate")
    names = sorted(tuple(r["names"]) for r in reader.files["nonstate"])
    # the acronym joins the bare name; a two-letter one, an English word, or a longer word does not
    assert ("northern hills front", "nhf") in names
    assert ("river army",) in names
    assert ("delta car group",) in names
    assert ("peoples army (plains)",) in names
    reader.read(path, "countries")  # the country file keeps its brackets: "congo (kinshasa)"
    assert any(r["names"] == ["congo (kinshasa)"] for r in reader.files["countries"])
