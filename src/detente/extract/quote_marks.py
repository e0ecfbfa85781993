"""Quotation marks paired over an article's text: straight, curly and guillemets, and straight
single marks as some outlets write them. An apostrophe ("soldiers’ remains", "don’t") never
closes a quote, so a quote may span sentences but never ends inside a word.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_OPEN = {"“": "”", "«": "»", "„": "“", '"': '"', "‘": "’"}
_SINGLE_OPEN = re.compile(r"(?:^|(?<=[\s(\[—–]))'(?=[^\W\d_])", re.M)


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """The text between a pair of quotation marks (offsets exclude the marks)."""

    start: int
    end: int
    mark: str


def _is_apostrophe(text: str, i: int) -> bool:
    """A ’ or ' between letters ("don’t") or after a plural s ("soldiers’ remains") is not a closing mark."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isalpha() and after.isalpha():
        return True
    return (
        before in "sS"
        and after == " "
        and i + 2 < len(text)
        and text[i + 2].isalpha()
        and text[i + 2].islower()
    )


def quote_spans(text: str) -> list[QuoteSpan]:
    """Paired quotation marks over the whole text, one span per paragraph of a quote.

    A quote left open at the end of a paragraph goes on in the next one (news style puts the
    closing mark only after a quote's last paragraph); a quote never closed within a few
    paragraphs ends with its first paragraph.
    """
    spans: list[QuoteSpan] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch not in _OPEN or (ch == "‘" and i > 0 and text[i - 1].isalpha()):
            i += 1
            continue
        close = _OPEN[ch]
        pieces: list[tuple[int, int]] = []
        seg = i + 1
        j = i + 1
        closed = False
        while j < n and len(pieces) < 4:
            c = text[j]
            if (c == close or (ch == "“" and c == '"')) and not (close in "’'" and _is_apostrophe(text, j)):
                closed = True  # a straight mark closing a curly one is a typo, not a new quote
                break
            if ch == '"' and c in "“”":
                break  # mixed marks: not a straight-quoted span
            if c == "\n":
                if text[seg:j].strip():
                    pieces.append((seg, j))
                k = j
                while k < n and text[k] in "\n \t":
                    k += 1
                if k < n and text[k] in (ch, "“", "«"):
                    k += 1  # the next paragraph reopens the same quote
                seg = j = k
                continue
            j += 1
        if closed:
            pieces.append((seg, j))
        elif pieces:
            pieces = pieces[:1]  # never closed: only its own paragraph
        elif ch != "‘" and text[seg:j].strip():
            pieces = [(seg, j)]
        for a, b in pieces:
            content = text[a:b]
            if content.strip() and (ch != "‘" or len(content.split()) >= 2):
                lead = len(content) - len(content.lstrip())
                trail = len(content) - len(content.rstrip())
                spans.append(QuoteSpan(a + lead, b - trail, ch))
        i = j + 1 if closed else max(i + 1, (pieces[0][1] if pieces else i + 1))
    taken = [(q.start, q.end) for q in spans]
    for a, b in _straight_single(text):
        if all(b <= s or e <= a for s, e in taken):
            spans.append(QuoteSpan(a, b, "'"))
            taken.append((a, b))
    spans.sort(key=lambda q: q.start)
    return spans


def _straight_single(text: str) -> Iterator[tuple[int, int]]:
    """Quotes in straight single marks, as some outlets write them: 'Terror and talks cannot go together,'.

    The opening mark follows a space (or starts a paragraph) and precedes a letter; the closing
    one is no apostrophe, ends the quoted words (after a letter or , . ! ?) and is followed by a
    space or punctuation; the quote stays in its paragraph and has at least three words.
    """
    for m in _SINGLE_OPEN.finditer(text):
        a = m.end()
        j = a
        while j < len(text) and text[j] != "\n":
            if (
                text[j] == "'"
                and not _is_apostrophe(text, j)
                and (text[j - 1].isalpha() or text[j - 1] in ",.!?")
                and (j + 1 == len(text) or text[j + 1] in " \n,.;:!?)—–-")
            ):
                content = text[a:j].rstrip()
                if len(content.split()) >= 3:
                    yield a, a + len(content)
                break
            j += 1
