"""The timeline a person reads: labelled story events on a time axis that compresses empty
stretches, coloured by state with a legend, with the list beside it; and the same rows as CSV
(cells guarded against spreadsheet formulas), JSON or tab-separated text.

The chart is vertical: time runs down the axis, each event is a dot on it with its label to the
right. A label never overlaps another (each starts below the one before; a leader line joins it to
its dot), so the chart reads in a screenshot and in print; the dot's fill and shape say the state
without colour (filled: held; ring: planned; crossed: called off or not held).
"""

from __future__ import annotations

import csv
import html
import io
import json
import math
from collections.abc import Iterable, Sequence
from typing import Any

from detente.report.export import csv_safe
from detente.report.realise import (
    CANCELLED,
    DUE,
    EXPECTED,
    HELD,
    NOT_HELD,
    POSSIBLE,
    POSTPONED,
    STATES,
    parse_day,
)

FIELDS = ["date", "type", "status", "sources", "text", "story_id", "state", "date_end"]
COLOURS = {
    HELD: "#1b7837", DUE: "#2166ac", EXPECTED: "#4393c3", POSSIBLE: "#878787",
    POSTPONED: "#e08214", CANCELLED: "#b2182b", NOT_HELD: "#8c510a",
}  # fmt: skip
_LINE = 19  # px between two labels
_MAX_LABEL = 56  # characters of a label before it is cut (the list beside has the whole text)


def select(
    rows: Iterable[dict[str, Any]], since: str | None = None, until: str | None = None
) -> list[dict[str, Any]]:
    """The rows dated within [since, until] (a month or a year counts by its first day)."""
    out = []
    for r in rows:
        date = r.get("date") or ""
        if since and date < since[: len(date)]:
            continue
        if until and date[: len(until)] > until:
            continue
        out.append(r)
    return out


def chosen(rows: Sequence[dict[str, Any]], limit: int = 30) -> list[dict[str, Any]]:
    """The events a chart can show: those the briefing states, then the most reported (a sentence
    that lacks the other side is left to the list of all); by date."""
    dated = [r for r in rows if parse_day(r.get("date")) is not None and r.get("complete", True)]
    if any(r.get("shown") for r in dated):
        dated = [r for r in dated if r.get("shown") or int(r.get("sources") or 0) >= 2]
    best = sorted(dated, key=lambda r: (not r.get("shown", False), -int(r.get("sources") or 0)))[:limit]
    return sorted(best, key=lambda r: (r["date"], -int(r.get("sources") or 0)))


def _short(text: str) -> str:
    text = text.rstrip(".")
    return text if len(text) <= _MAX_LABEL else text[: _MAX_LABEL - 1].rsplit(" ", 1)[0] + "…"


def _marker(x: float, y: float, state: str) -> str:
    colour = COLOURS.get(state, "#555")
    if state == HELD:
        return f'<circle cx="{x}" cy="{y:.1f}" r="6" fill="{colour}" stroke="#fff" stroke-width="1.5"/>'
    ring = f'<circle cx="{x}" cy="{y:.1f}" r="5.5" fill="#fff" stroke="{colour}" stroke-width="2.5"/>'
    if state in (CANCELLED, POSTPONED, NOT_HELD):
        d = 4
        ring += (
            f'<path d="M{x - d} {y - d:.1f}L{x + d} {y + d:.1f}M{x - d} {y + d:.1f}L{x + d} {y - d:.1f}"'
            f' stroke="{colour}" stroke-width="2"/>'
        )
    return ring


def chart_svg(rows: Sequence[dict[str, Any]], width: int = 560, limit: int = 30) -> str:
    """The chart: a vertical time axis, empty stretches compressed (a break mark where months
    pass), one labelled dot per event, a legend of the states shown. "" when nothing is dated."""
    points = chosen(rows, limit)
    if not points:
        return ""
    axis_x, label_x, top = 96, 124, 58
    parts: list[str] = []
    y_axis, y_label = float(top), float(top)
    last_day = None
    last_year = None
    for p in points:
        day = parse_day(p["date"])
        assert day is not None
        if last_day is not None and day != last_day:
            gap = (day - last_day).days
            if gap > 45:
                y_axis += 16
                parts.append(
                    f'<path class="break" d="M{axis_x - 8} {y_axis - 6:.1f}l16 -5M{axis_x - 8} {y_axis:.1f}l16 -5"'
                    ' stroke="#666" stroke-width="1.5"/>'
                )
                y_axis += 16
            else:
                y_axis += 8 + 10 * math.log2(1 + gap)
        y_axis = max(y_axis, y_label) if day != last_day else y_axis
        if day != last_day:
            if day.year != last_year:
                parts.append(
                    f'<text class="year" x="{axis_x - 12}" y="{y_axis - 12:.1f}" text-anchor="end">{day.year}</text>'
                )
                last_year = day.year
                y_axis = max(y_axis, y_label)
            tick = (
                day.strftime("%b")
                if len(p["date"]) == 7
                else ("" if len(p["date"]) == 4 else f"{day.day} {day.strftime('%b')}")
            )
            if tick:
                parts.append(
                    f'<text class="tick" x="{axis_x - 12}" y="{y_axis + 4:.1f}" text-anchor="end">{tick}</text>'
                )
        label_y = max(y_label, y_axis)
        state = p.get("state") or HELD
        text = html.escape(_short(p.get("label") or p.get("text") or ""))
        tip = html.escape(f"{p['date']} · {state} · {p.get('text', '')} · {p.get('sources', 1)} outlet(s)")
        if abs(label_y - y_axis) > 1:
            parts.append(
                f'<path d="M{axis_x + 3} {y_axis:.1f}L{label_x - 9} {label_y:.1f}" stroke="#bbb" fill="none"/>'
            )
        parts.append(
            f'<g class="event" data-state="{state}" data-story="{html.escape(str(p.get("story_id", "")))}">'
            f'<title>{tip}</title><circle cx="{axis_x}" cy="{y_axis:.1f}" r="3" fill="#666"/>'
            f"{_marker(label_x - 2, label_y, state)}"
            f'<text class="label" x="{label_x + 10}" y="{label_y + 4:.1f}">{text}</text></g>'
        )
        y_label = label_y + _LINE
        last_day = day
    height = int(max(y_label, y_axis) + 16)
    axis = f'<line x1="{axis_x}" y1="{top - 10}" x2="{axis_x}" y2="{height - 8}" stroke="#999" stroke-width="2"/>'
    return (
        f'<svg class="timeline-chart" viewBox="0 0 {width} {height}" width="{width}" role="img" '
        f'aria-label="timeline of {len(points)} events, time running down">'
        f"<style>{_SVG_CSS}</style>{_legend(points)}{axis}{''.join(parts)}</svg>"
    )


def _legend(points: Sequence[dict[str, Any]]) -> str:
    present = [s for s in STATES if any((p.get("state") or HELD) == s for p in points)]
    out, x = ['<g class="legend">'], 12
    for s in present:
        out.append(_marker(x + 6, 18, s))
        out.append(f'<text class="legend-label" x="{x + 16}" y="22">{s}</text>')
        x += 30 + 8 * len(s)
    out.append("</g>")
    return "".join(out)


_SVG_CSS = (
    "text{font:13px system-ui,sans-serif;fill:#222}.tick{fill:#555}.year{font-weight:700;fill:#222}"
    ".legend-label{fill:#333}"
)


def list_html(rows: Sequence[dict[str, Any]]) -> str:
    """The events as an ordered list: date, state, what, outlets."""
    items = []
    for r in rows:
        state = r.get("state") or ""
        colour = COLOURS.get(state, "#555")
        items.append(
            f'<li><span class="tl-date">{html.escape(r.get("date") or "undated")}</span> '
            f'<span class="tl-state" style="border-color:{colour};color:{colour}">{html.escape(state)}</span> '
            f"{html.escape(r.get('text') or '')} "
            f'<span class="tl-src">({int(r.get("sources") or 0)} outlet{"s" if int(r.get("sources") or 0) != 1 else ""})</span></li>'
        )
    return f'<ol class="tl-list">{"".join(items)}</ol>'


def block_html(rows: Sequence[dict[str, Any]], limit: int = 30) -> str:
    """The chart with the list of the same events beside it ("" when nothing is dated)."""
    chart = chart_svg(rows, limit=limit)
    if not chart:
        return ""
    return f'<div class="timeline"><div class="tl-chart">{chart}</div>{list_html(chosen(rows, limit))}</div>'


CSS = (
    ".timeline{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:1.2rem;align-items:start}"
    ".tl-chart svg{max-width:100%;height:auto}.tl-list{font-size:.85em;margin:0;padding-left:1.2rem}"
    ".tl-list li{margin-bottom:.35rem}.tl-date{font-variant-numeric:tabular-nums;color:#444}"
    ".tl-state{border:1px solid;border-radius:3px;padding:0 .25em;font-size:.85em}.tl-src{color:#666}"
    "@media (max-width:900px){.timeline{display:block}}"
    "@media print{.timeline{display:block}.tl-chart svg{width:100%}a{color:#000}body{background:#fff}}"
)


def page_html(rows: Sequence[dict[str, Any]], title: str = "Timeline", limit: int = 30) -> str:
    """A self-contained HTML page with the chart and the list."""
    body = block_html(rows, limit) or "<p>No dated events.</p>"
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>body{{font:15px/1.45 system-ui,sans-serif;color:#222;"
        f"margin:1.5rem auto;max-width:72rem;padding:0 1rem}}{CSS}</style></head><body>"
        f"<h1>{html.escape(title)}</h1>{body}</body></html>"
    )


def to_csv(rows: Sequence[dict[str, Any]]) -> str:
    """The rows as CSV, text cells guarded against spreadsheet formulas."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=FIELDS, extrasaction="ignore")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: csv_safe(r.get(k)) for k in FIELDS})
    return buf.getvalue()


def to_text(rows: Sequence[dict[str, Any]], fmt: str) -> str:
    """The timeline as a file's text: json, csv, html (the chart page) or tab-separated lines."""
    if fmt == "json":
        return json.dumps(list(rows), ensure_ascii=False)
    if fmt == "csv":
        return to_csv(rows)
    if fmt == "html":
        return page_html(rows)
    return "\n".join(
        f"{r['date']}\t{r['type']}\t{r.get('state', r['status'])}\t{r['sources']}\t{r['text']}" for r in rows
    )
