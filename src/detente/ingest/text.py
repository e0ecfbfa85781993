"""Plain-text and Markdown reports: optional header lines or YAML front matter, then the body."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml

from detente.errors import ParseError
from detente.ingest.normalize import Draft, draft_from

_HEADER = re.compile(r"^(title|date|published|url|link|outlet|source|id|language)\s*:\s*(.*)$", re.I)
_KEYS = {"date": "published", "link": "url", "source": "outlet"}
_MD_HEADING = re.compile(r"^#{1,6}\s+")


class _NoAliasLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses aliases (`*name`).

    Front matter never needs them, and nested aliases make a few hundred bytes expand to
    gigabytes (the "billion laughs" bomb): refusing them is the only bound that holds.
    """

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(
                None, None, "YAML aliases (*name) are not allowed in front matter", event.start_mark
            )
        return super().compose_node(parent, index)


def _draft(source: str, body: str, meta: dict[str, Any]) -> Draft:
    def get(key: str) -> str | None:
        value = meta.get(key)
        return None if value is None or value == "" else str(value)

    return draft_from(source, body, get)


def _front_matter(source: str, text: str) -> tuple[dict[str, Any], str] | None:
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            try:
                meta = yaml.load("\n".join(lines[1:i]), Loader=_NoAliasLoader) or {}
            except yaml.YAMLError as exc:
                why = getattr(exc, "problem", None) or str(exc).splitlines()[0]
                mark = getattr(exc, "problem_mark", None)
                at = f", line {mark.line + 2} of the file" if mark is not None else ""
                raise ParseError(
                    source,
                    f"the YAML front matter is not valid YAML ({why}{at})",
                    fix="fix or remove the front matter",
                    line=2,
                ) from exc
            if not isinstance(meta, dict):
                raise ParseError(
                    source,
                    "the front matter is not a mapping of keys",
                    fix="write it as 'key: value' lines",
                    line=2,
                )
            low = {str(k).lower(): v for k, v in meta.items()}
            return {_KEYS.get(k, k): v for k, v in low.items()}, "\n".join(lines[i + 1 :])
    raise ParseError(source, "the YAML front matter is never closed", fix="end it with a line '---'", line=1)


def read_text(text: str, source: str, markdown: bool = False) -> Iterator[Draft]:
    """One article from a text file; header lines (`Title:`…) end at the first blank line."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    fm = _front_matter(source, text)
    if fm is not None:
        meta, body = fm
    else:
        meta = {}
        lines = text.split("\n")
        n = 0
        while n < len(lines) and (m := _HEADER.match(lines[n].strip())):
            key = m[1].lower()
            meta[_KEYS.get(key, key)] = m[2].strip()
            n += 1
        # Header lines count only when a blank line closes them; otherwise it was prose.
        if n and (n == len(lines) or not lines[n].strip()):
            body = "\n".join(lines[n:])
        else:
            meta, body = {}, text
    if markdown:
        body_lines = body.split("\n")
        if "title" not in meta:
            for i, line in enumerate(body_lines):
                if line.strip():
                    if line.startswith("# "):
                        meta["title"] = line[2:].strip()
                        body_lines[i] = ""
                    break
        body = "\n".join(_MD_HEADING.sub("", ln) for ln in body_lines)
    yield _draft(source, body, meta)
