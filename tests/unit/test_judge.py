from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from tools.judge import (
    Export,
    build_judgment,
    judgment_key,
    load_judgments,
    match_export,
    parse_verdict,
    sample,
    tally,
)
from tools.judge.__main__ import main
from tools.judge.show import context_before, show_record

TEXT = "Blueland and Redland met in Harbourtown on Monday. Blueland accused Redland of shelling a port."
SECOND = TEXT.index("Blueland accused")


def _ref(name: str) -> dict[str, Any]:
    return {
        "actor_id": f"country:{name[:3].lower()}",
        "name": name,
        "country": name[:3].upper(),
        "sector": None,
    }


def _event(i: int, type_: str, start: int, end: int, **extra: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "kind": "event",
        "id": f"art1-e{i}",
        "article_id": "art1",
        "type": type_,
        "mode": None,
        "cameo": "040",
        "status": "occurred",
        "source": _ref("Blueland"),
        "target": _ref("Redland"),
        "trigger": "met",
        "date": "2030-01-07",
        "date_end": None,
        "date_precision": "day",
        "date_text": "Monday",
        "place": None,
        "evidence": TEXT[start:end],
        "start": start,
        "end": end,
        "confidence": 0.5,
    }
    record.update(extra)
    return record


def _export(tmp_path: Path) -> Path:
    rows = [
        {"kind": "article", "id": "art1", "text": TEXT},
        {"kind": "actor", "id": "country:blu", "name": "Blueland"},
        _event(0, "CONSULT", 0, SECOND - 1, place={"name": "Harbourtown", "geonameid": None}),
        _event(1, "ACCUSE", SECOND, len(TEXT), date=None),
        {
            "kind": "quote",
            "article_id": "art1",
            "speaker": "Blueland",
            "actor_id": "country:blu",
            "country": "BLU",
            "text": "shelling a port",
            "direct": False,
            "cue": "accused",
            "evidence": TEXT[SECOND:],
            "start": SECOND,
            "end": len(TEXT),
        },
        {
            "kind": "story",
            "id": "s-1",
            "type": "CONSULT",
            "mode": None,
            "status": "occurred",
            "parties": [_ref("Redland"), _ref("Blueland")],
            "date": "2030-01-07",
            "date_end": None,
            "place": None,
            "event_ids": ["art1-e0"],
            "article_ids": ["art1"],
            "sources": 1,
            "conflicts": [],
        },
    ]
    path = tmp_path / "export.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_context_before_is_the_previous_sentence() -> None:
    assert context_before(TEXT, SECOND) == TEXT[: SECOND - 1]
    assert context_before(TEXT, 0) == ""


def test_show_prints_sentence_by_offsets_and_fields(tmp_path: Path) -> None:
    export = Export.load(_export(tmp_path))
    shown = show_record(export, export.of_kind("event")[1], 2)
    assert "SENT: Blueland accused Redland" in shown
    assert "before: Blueland and Redland met" in shown
    assert "ACCUSE" in shown and "Redland [country:red" in shown
    story = show_record(export, export.of_kind("story")[0])
    assert "art1-e0: CONSULT" in story and "place Harbourtown" in story


def test_judgment_keeps_values_never_text(tmp_path: Path) -> None:
    export = Export.load(_export(tmp_path))
    quote = export.of_kind("quote")[0]
    row = build_judgment(quote, parse_verdict("1 p text:w #span too short", "quote"), set_name="t")
    dumped = json.dumps(row)
    assert "shelling" not in dumped and "accused" not in dumped
    assert row["fields"] == {"speaker": "ok", "text": "wrong"}
    assert row["verdict"] == "partly" and row["cause"] == "span" and row["why"] == "too short"
    assert row["key"]["text_hash"] is not None and (row["start"], row["end"]) == (SECOND, len(TEXT))

    event = export.of_kind("event")[1]
    row = build_judgment(event, parse_verdict("1 r", "event"), set_name="t", today=dt.date(2030, 2, 1))
    assert row["fields"]["date"] == "na" and row["fields"]["place"] == "na"
    assert row["fields"]["type"] == "ok" and row["date"] == "2030-02-01"
    assert row["key"]["source"] == {"actor_id": "country:blu", "name": "Blueland"}


@pytest.mark.parametrize(
    "line",
    ["", "x r", "1 maybe", "1 w", "1 p tgt:bad why"],
)
def test_bad_verdict_lines_are_refused(line: str) -> None:
    with pytest.raises(ValueError):
        parse_verdict(line, "event")


def test_right_record_cannot_have_a_wrong_field(tmp_path: Path) -> None:
    event = Export.load(_export(tmp_path)).of_kind("event")[0]
    with pytest.raises(ValueError):
        build_judgment(event, parse_verdict("1 r tgt:w", "event"), set_name="t")


def test_sample_is_seeded_and_skips_judged(tmp_path: Path) -> None:
    export = Export.load(_export(tmp_path))
    first = sample(export, "event", 1, seed=3)
    assert first == sample(export, "event", 1, seed=3)
    judged = [build_judgment(first[0], parse_verdict("1 r", "event"), set_name="t")]
    rest = sample(export, "event", 5, seed=3, judged=judged)
    assert len(rest) == 1 and judgment_key(rest[0]) != judgment_key(first[0])


def test_report_precision_per_kind_and_field(tmp_path: Path) -> None:
    export = Export.load(_export(tmp_path))
    e0, e1 = export.of_kind("event")
    rows = [
        build_judgment(e0, parse_verdict("1 p tgt:w #agent wrong target", "event"), set_name="t"),
        build_judgment(e1, parse_verdict("2 w type:w #sense not an accusation", "event"), set_name="t"),
    ]
    t = tally(rows)["event"]
    assert t.n == 2 and t.precision == pytest.approx(0.25)
    assert t.field_precision("target") == 0.5 and t.field_precision("type") == 0.5
    assert t.field_precision("place") == 1.0 and t.fields["date"]["na"] == 1
    assert t.causes == {"agent": 1, "sense": 1}


def test_match_covers_only_unchanged_records(tmp_path: Path) -> None:
    path = _export(tmp_path)
    export = Export.load(path)
    e0, e1 = export.of_kind("event")
    rows = [
        build_judgment(e0, parse_verdict("1 r", "event"), set_name="t"),
        build_judgment(e1, parse_verdict("2 w status:w #clause not said", "event"), set_name="t"),
    ]
    changed = Export.load(path)
    changed.records["event"][1] = dict(e1, status="planned")
    tallies, uncovered = match_export(changed, rows)
    assert tallies["event"].n == 1 and tallies["event"].precision == 1.0
    assert uncovered["event"] == 1 and uncovered["quote"] == 1


def test_match_keeps_a_judgment_when_the_sentence_end_moves_a_little(tmp_path: Path) -> None:
    e0 = Export.load(_export(tmp_path)).of_kind("event")[0]
    rows = [build_judgment(e0, parse_verdict("1 r", "event"), set_name="t")]
    moved = Export.load(_export(tmp_path))
    moved.records["event"][0] = dict(e0, end=e0["end"] + 1)  # now ends after a closing quote mark
    tallies, _ = match_export(moved, rows)
    assert tallies["event"].n == 1
    far = Export.load(_export(tmp_path))
    far.records["event"][0] = dict(e0, end=e0["end"] + 10)  # another sentence: not the judged one
    tallies, uncovered = match_export(far, rows)
    assert "event" not in tallies or tallies["event"].n == 0
    assert uncovered["event"] == 2


def test_cli_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export = _export(tmp_path)
    judged = tmp_path / "judged"
    batch = tmp_path / "batch.jsonl"
    assert (
        main(["--dir", str(judged), "sample", str(export), "event", "5", "--seed", "1", "--out", str(batch)])
        == 0
    )
    assert main(["--dir", str(judged), "show", str(export), str(batch)]) == 0
    assert "[2] event art1" in capsys.readouterr().out
    verdicts = tmp_path / "v.txt"
    verdicts.write_text("1 r\n2 w status:w #clause only a report\n", encoding="utf-8")
    for _ in range(2):  # recording twice must not duplicate
        assert main(["--dir", str(judged), "record", str(batch), str(verdicts), "--set", "t"]) == 0
    assert len(load_judgments(judged, "t", "event")) == 2
    capsys.readouterr()
    assert main(["--dir", str(judged), "report"]) == 0
    out = capsys.readouterr().out
    assert "event     N=   2 precision 0.50" in out and "clause 1" in out
    assert main(["--dir", str(judged), "match", str(export)]) == 0
    assert "covered    2" in capsys.readouterr().out
    assert main(["--dir", str(judged), "record", str(batch), str(tmp_path / "v.txt"), "--set", "t"]) == 0
    verdicts.write_text("1 r\n1 r\n", encoding="utf-8")
    assert main(["--dir", str(judged), "record", str(batch), str(verdicts), "--set", "t"]) == 2


def test_shipped_judgments_are_well_formed() -> None:
    # The judged set is keyed by offsets and values only; no evidence or article text travels with it.
    from tools.judge import FIELDS, VERSION
    from tools.judge.store import DEFAULT_DIR

    root = Path(__file__).resolve().parents[2]
    rows = load_judgments(root / DEFAULT_DIR)
    if not rows:
        pytest.skip("no judged set shipped")
    for row in rows:
        assert row["kind"] in FIELDS and row["tool"] == VERSION and row["judge"] == "helper-judge"
        assert set(row["fields"]) == set(FIELDS[row["kind"]].values())
        assert row["verdict"] in {"right", "partly", "wrong"}
        assert "evidence" not in row and not {"text", "topic", "role"} & set(row["key"])
        if row["verdict"] == "right":
            assert "wrong" not in row["fields"].values()
        else:
            assert row["why"]


def test_a_long_described_speaker_is_kept_only_as_a_hash() -> None:
    from tools.judge.kinds import name_value

    assert name_value("Rustem Umerov") == "Rustem Umerov" and name_value(None) is None
    long = "the envoy who had flown in from the coast late on the previous night"
    assert (
        name_value(long) is not None and name_value(long).startswith("#") and "envoy" not in name_value(long)
    )
