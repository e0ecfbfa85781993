"""Word-sized batches, line ranges of big JSON Lines files, and the in-order window (no model)."""

from __future__ import annotations

import io
import itertools
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from detente.engines.local import in_order
from detente.ingest import _line_ranges
from detente.ingest.normalize import Draft, finish
from detente.pipeline import word_batches, words
from detente.records import Article


def report(n_words: int, tag: str) -> Article:
    return finish(Draft(source=tag, text=" ".join(["envoys"] * (n_words - 1) + [tag]), id=tag))


def sizes(batches: list[list[Article]]) -> list[list[int]]:
    return [[words(a.text) for a in b] for b in batches]


def test_batches_close_at_the_word_budget_not_the_article_count() -> None:
    arts = [report(n, f"a{i}") for i, n in enumerate([300, 300, 300, 300, 300, 300, 300])]
    got = list(word_batches(arts, lambda a: words(a.text), most_words=1000, most=32))
    assert sizes(got) == [[300, 300, 300, 300], [300, 300, 300]]
    assert [a.id for b in got for a in b] == [a.id for a in arts]  # order kept, nothing lost


def test_a_long_report_is_a_batch_of_its_own_and_does_not_hold_back_the_short_ones() -> None:
    arts = [report(200, "s1"), report(5000, "long"), report(200, "s2"), report(200, "s3")]
    got = list(word_batches(arts, lambda a: words(a.text), most_words=1000, most=32))
    assert sizes(got) == [[200, 5000], [200, 200]]  # the long one closes the batch it joins
    alone = list(word_batches([report(5000, "long"), report(100, "x")], lambda a: words(a.text), 1000, 32))
    assert sizes(alone) == [[5000], [100]]


def test_many_short_articles_are_capped_by_count() -> None:
    arts = [report(10, f"t{i}") for i in range(10)]
    got = list(word_batches(arts, lambda a: words(a.text), most_words=4000, most=4))
    assert sizes(got) == [[10] * 4, [10] * 4, [10] * 2]


def test_no_items_no_batches() -> None:
    assert list(word_batches([], lambda a: 1, 10, 10)) == []


def test_line_ranges_cut_at_line_ends_and_number_the_lines() -> None:
    lines = [f'{{"id": "n{i}", "text": "{"w " * (i % 7 + 1)}"}}\n'.encode() for i in range(50)]
    data = b"".join(lines)
    ranges = list(_line_ranges(io.BytesIO(data), target=100, block=64))
    assert ranges[0][0] == 0 and ranges[-1][1] == len(data)
    for (_, end, _), (start, _, _) in itertools.pairwise(ranges):
        assert end == start  # contiguous, nothing skipped or read twice
    for start, end, first in ranges:
        assert data[start - 1 : start] in (b"", b"\n")  # each range starts a line
        assert data[start:end].startswith(lines[first - 1])  # and knows its line number
    assert sum(data[s:e].count(b"\n") for s, e, _ in ranges) == 50


def test_line_ranges_of_an_endless_line_and_a_missing_last_newline() -> None:
    data = b"x" * 1000 + b"\n" + b'{"id": 1}'
    assert list(_line_ranges(io.BytesIO(data), target=100, block=64)) == [(0, 1001, 1), (1001, len(data), 2)]


def test_in_order_keeps_working_past_a_slow_head_within_its_window() -> None:
    release = threading.Event()
    submitted: list[int] = []

    def task(i: int) -> int:
        if i == 0:
            release.wait(10)
        return i * i

    with ThreadPoolExecutor(2) as pool:

        def submit(i: int):  # type: ignore[no-untyped-def]
            submitted.append(i)
            return pool.submit(task, i)

        got: list[tuple[int, int]] = []
        runner = threading.Thread(
            target=lambda: got.extend(
                (i, f.result()) for i, f in in_order(submit, range(20), running=2, most=6)
            )
        )
        runner.start()
        deadline = time.monotonic() + 10
        while len(submitted) < 6 and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.1)
        assert len(submitted) == 6  # past the 2 running, up to the window, while item 0 is stuck
        release.set()
        runner.join(10)
    assert got == [(i, i * i) for i in range(20)]  # handed out in input order
