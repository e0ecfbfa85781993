"""Briefings as Markdown (also for the terminal), one self-contained HTML file, or JSON.

Article text is untrusted: in HTML it is escaped, in Markdown its markup characters are
backslash-escaped (raw HTML and links from an article never become live), and only
http(s) URLs become links. `safe_terminal_text` strips escape sequences for terminals.
"""

from __future__ import annotations

import html
import re
from dataclasses import asdict
from typing import Any
from urllib.parse import urlsplit

from detente.report.briefing import Briefing, Bullet
from detente.report.phrases import day
from detente.report.timeline import CSS as TIMELINE_CSS
from detente.report.timeline import block_html

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")
# ANSI/VT sequences (CSI, OSC ending in BEL or ST, other ESC pairs), then any control
# character left (C0 but tab and newline, DEL, C1).
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]|\x9b[0-?]*[ -/]*[@-~]"
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe_terminal_text(text: str) -> str:
    """`text` with terminal escape sequences and control characters removed (newlines kept).

    Use it on article text before printing it; for Rich output also `rich.markup.escape`.
    """
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


def md_text(text: str) -> str:
    """Untrusted text as inert Markdown: one line, markup characters backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(safe_terminal_text(text).split()))


def safe_url(url: str | None) -> str | None:
    """`url` when it is an http(s) URL safe to link (no spaces, quotes or angle brackets), else None."""
    if not url:
        return None
    url = url.strip()
    if urlsplit(url).scheme.lower() not in ("http", "https") or re.search(r"[\s<>\"'`\x00-\x1f]", url):
        return None
    return url


def _h(text: str) -> str:
    """Untrusted text for HTML: control characters dropped, markup escaped (quotes too)."""
    return html.escape(safe_terminal_text(text))


def _cites(b: Bullet) -> str:
    return "".join(f"[{n}]" for n in b.cites)


def to_markdown(brief: Briefing) -> str:
    """The briefing as Markdown with numbered citations and a source list."""
    lines = [f"# {md_text(brief.title)}", ""]
    scope = brief.scope
    lines.append(
        f"*{scope['articles']} reports, latest {day(scope.get('latest')) or 'undated'}"
        + (f" · since {day(scope['since'])}" if scope.get("since") else "")
        + (f" · until {day(scope['until'])}" if scope.get("until") else "")
        + "*"
    )
    lines.append("")
    for b in brief.lead:
        lines.append(f"**{md_text(b.text)}** {_cites(b)}")
        lines.append("")
    for sec in brief.sections:
        lines += [f"## {md_text(sec.title)}", ""]
        for b in sec.bullets:
            sep = " " if b.text.endswith(":") else " — "
            quote = f"{sep}“{md_text(b.quote)}”" if b.quote else ""
            lines.append(f"- {md_text(b.text)}{quote} {_cites(b)}")
        lines.append("")
    lines += ["## Sources", ""]
    for c in brief.citations:
        where = md_text(", ".join(x for x in (c.outlet, day(c.published)) if x))
        url = safe_url(c.url)
        link = f" <{url}>" if url else ""
        title = f" — {md_text(c.title)}" if c.title else ""
        lines.append(f"{c.n}. {where}{title}{link} (article `{c.article_id}`, characters {c.start}–{c.end})")
    return "\n".join(lines).rstrip() + "\n"


def to_json(brief: Briefing) -> dict[str, Any]:
    """The briefing as plain data."""
    return asdict(brief)


def to_html(brief: Briefing) -> str:
    """One self-contained HTML page: sections, citations as links, a timeline chart."""

    def cites(b: Bullet) -> str:
        return "".join(f'<a class="cite" href="#src{n}">[{n}]</a>' for n in b.cites)

    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{_h(brief.title)}</title><style>{_CSS}</style></head><body><main>",
        f"<h1>{_h(brief.title)}</h1>",
        f"<p class='scope'>{brief.scope['articles']} reports · latest {_h(day(brief.scope.get('latest')) or 'undated')}"
        " · each fact cites the sentences it was read from; “one report says” marks a fact no other outlet confirms, “reports suggest” one read unsurely</p>",
    ]
    for b in brief.lead:
        parts.append(f"<p class='lead'>{_h(b.text)} {cites(b)}</p>")
    chart = block_html(brief.timeline)
    if chart:
        parts.append(f"<h2 id='timeline'>Timeline</h2>{chart}")
    for sec in brief.sections:
        parts.append(f"<h2 id='{_h(sec.key)}'>{_h(sec.title)}</h2><ul class='{_h(sec.key)}'>")
        for b in sec.bullets:
            sep = " " if b.text.endswith(":") else " — "
            quote = f"{sep}<q>{_h(b.quote.strip(' ,.'))}</q>" if b.quote else ""
            parts.append(f"<li class='{b.kind}'>{_h(b.text)}{quote} {cites(b)}</li>")
        parts.append("</ul>")
    parts.append("<h2>Sources</h2><ol class='sources'>")
    for c in brief.citations:
        where = _h(", ".join(x for x in (c.outlet, day(c.published)) if x))
        url = safe_url(c.url)
        link = f" <a href='{_h(url)}' rel='noopener noreferrer'>{_h(url)}</a>" if url else ""
        parts.append(
            f"<li id='src{c.n}'>{where}{' — ' + _h(c.title) if c.title else ''}{link}"
            f"<blockquote>{_h(c.evidence)}</blockquote></li>"
        )
    parts.append("</ol></main></body></html>")
    return "".join(parts)


_CSS = TIMELINE_CSS + (
    "body{font:16px/1.5 system-ui,sans-serif;color:#222;background:#fafafa;margin:0}"
    "main{max-width:64rem;margin:2rem auto;padding:0 1rem}h1{font-size:1.6rem}h2{margin-top:2rem;border-bottom:1px solid #ddd}"
    ".scope{color:#666}.lead{font-weight:600}.cite{font-size:.75em;text-decoration:none;margin-left:.1em}"
    "q{font-style:italic}blockquote{margin:.2rem 0 .6rem 1rem;color:#555;font-size:.9em}"
    "ol.sources li{margin-bottom:.4rem}li.position{margin-bottom:.3rem}ul li{margin-bottom:.25rem}"
    "@media print{body{background:#fff;font-size:11pt}main{margin:0;max-width:none}h2{break-after:avoid}"
    "blockquote{display:none}.cite{color:#000}}"
)
