"""A stance bullet's "earlier: …" is a change of mind on the same thing, told from an earlier report."""

from __future__ import annotations

from detente.report.stances import _changed_from
from detente.report.views import Stated
from detente.store.digests import PositionDigest


def _digest(i: int, article: str, stance: str, claim: str | None, published: str | None) -> PositionDigest:
    return PositionDigest(
        i,
        article,
        "Ukraine",
        "country:ukr",
        "UKR",
        None,
        "direct-talks",
        stance,
        0,
        10,
        claim,
        None,
        published,
    )


def _latest(stance: str, claim: str | None, date: str | None, article: str = "a9") -> Stated:
    return Stated(stance, date, None, None, article, "…", None, 0, 10, claim, None)


def test_an_earlier_opposite_stance_on_the_same_thing_is_told() -> None:
    history = [
        _digest(1, "a1", "oppose", "a summit of the two presidents", "2025-05-12"),
        _digest(2, "a9", "support", "a summit of the presidents by August", "2025-07-23"),
    ]
    got = _changed_from(_latest("support", "a summit of the presidents by August", "2025-07-23"), history)
    assert got is not None and got.article_id == "a1"


def test_an_opposite_stance_on_another_part_of_the_issue_is_not() -> None:
    # calling the other side's memorandum unacceptable is no earlier "against" of a summit
    history = [
        _digest(1, "a1", "oppose", "the conditions of the memorandum", "2025-06-03"),
        _digest(2, "a9", "support", "a summit of the presidents", "2025-07-23"),
    ]
    assert _changed_from(_latest("support", "a summit of the presidents", "2025-07-23"), history) is None


def test_conditions_added_or_dropped_are_no_change_of_mind() -> None:
    history = [_digest(1, "a1", "conditional", "a local truce to recover the dead", "2025-06-02")]
    assert _changed_from(_latest("support", "a local truce of three days", "2025-06-03"), history) is None


def test_a_report_of_the_same_day_or_later_or_undated_is_not_earlier() -> None:
    same_day = [_digest(1, "a1", "oppose", "a summit of the presidents", "2025-07-23")]
    later = [_digest(1, "a1", "oppose", "a summit of the presidents", "2025-08-01")]
    undated = [_digest(1, "a1", "oppose", "a summit of the presidents", None)]
    latest = _latest("support", "a summit of the presidents", "2025-07-23")
    assert _changed_from(latest, same_day) is None
    assert _changed_from(latest, later) is None
    assert _changed_from(latest, undated) is None
    assert _changed_from(_latest("support", "a summit of the presidents", None), same_day) is None


def test_function_words_alone_make_no_shared_thing() -> None:
    history = [_digest(1, "a1", "oppose", "what they would have", "2025-05-01")]
    assert _changed_from(_latest("support", "what they would have", "2025-07-23"), history) is None
