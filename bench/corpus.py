"""Synthetic news reports for benchmarks: varied, realistic-looking, written from templates."""

from __future__ import annotations

import html
import json
import random
from collections.abc import Iterator
from pathlib import Path

PEOPLE = [
    ("Volodymyr Zelensky", "Ukraine", "President"),
    ("Vladimir Putin", "Russia", "President"),
    ("Rustem Umerov", "Ukraine", "Defence Minister"),
    ("Vladimir Medinsky", "Russia", "presidential aide"),
    ("Hakan Fidan", "Türkiye", "Foreign Minister"),
    ("Recep Tayyip Erdoğan", "Türkiye", "President"),
    ("Marco Rubio", "the United States", "Secretary of State"),
    ("Sergei Lavrov", "Russia", "Foreign Minister"),
    ("Andriy Sybiha", "Ukraine", "Foreign Minister"),
    ("Dmitry Peskov", "Russia", "Kremlin spokesman"),
    ("Ilham Aliyev", "Azerbaijan", "President"),
    ("Nikol Pashinyan", "Armenia", "Prime Minister"),
    ("Abbas Araghchi", "Iran", "Foreign Minister"),
    ("Steve Witkoff", "the United States", "special envoy"),
]
CITIES = ["Istanbul", "Ankara", "Geneva", "Doha", "Riyadh", "Muscat", "Cairo", "Vienna", "Oslo", "Jeddah"]
ISSUES = [
    "a ceasefire",
    "prisoner exchanges",
    "the return of children",
    "security guarantees",
    "sanctions relief",
    "humanitarian corridors",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
OPENERS = [
    "{a} and {b} met in {city} on {day} for talks that officials on both sides described as difficult.",
    "Delegations sent by {ca} and {cb} sat down in {city} on {day}, the first such meeting in months.",
    "{a} said on {day} that {ca} was ready to discuss {issue} if {cb} stopped its attacks.",
    "A new round of negotiations between {ca} and {cb} opened in {city}, hosted by the government there.",
]
BODY = [
    '{a}, the {ra} of {ca}, told reporters that the meeting had produced "a small but real step" toward {issue}.',
    "{b} rejected the proposal and accused {ca} of dragging out the process, according to a statement from his office.",
    "Officials said the two sides agreed to swap {n} prisoners each in the coming weeks.",
    "The {ra} insisted that any deal must include {issue}, while the other side demanded guarantees first.",
    "Mediators from {cc} urged both parties to keep talking and offered to host a further session next month.",
    "{b} warned that his country would not accept a ceasefire that left troops in place.",
    "Analysts in {city} said the gap between the positions remained wide, though the tone had softened.",
    "Earlier this week, shelling near the front line killed {m} civilians, local authorities said.",
    "{a} is expected to travel to {city} on {day} to brief allies on the outcome.",
    "The talks lasted about {h} hours and ended without a joint statement.",
]


def article(rng: random.Random, i: int) -> dict[str, object]:
    """One synthetic report as a JSONL record."""
    (a, ca, ra), (b, cb, _) = rng.sample(PEOPLE, 2)
    cc = rng.choice(["Türkiye", "Qatar", "Saudi Arabia", "Switzerland", "Oman", "Egypt"])
    fill = {
        "a": a,
        "b": b,
        "ca": ca,
        "cb": cb,
        "cc": cc,
        "ra": ra,
        "city": rng.choice(CITIES),
        "day": rng.choice(DAYS),
        "issue": rng.choice(ISSUES),
        "n": rng.choice([84, 150, 390, 1000, 1200]),
        "m": rng.randint(2, 40),
        "h": rng.choice(["two", "three", "four"]),
    }
    paras = [rng.choice(OPENERS).format(**fill)]
    for _ in range(rng.randint(4, 7)):
        sentences = rng.sample(BODY, 3)
        paras.append(" ".join(s.format(**fill) for s in sentences))
    month = rng.randint(1, 12)
    return {
        "id": f"bench-{i:07d}",
        "url": f"https://bench-wire.example/{i}",
        "outlet": "Bench Wire",
        "published": f"2025-{month:02d}-{rng.randint(1, 28):02d}",
        "title": f"Talks in {fill['city']}: {ca} and {cb}",
        "text": "\n\n".join(paras),
    }


def generate(n: int, seed: int = 7) -> Iterator[dict[str, object]]:
    """`n` synthetic reports, the same for the same seed."""
    rng = random.Random(seed)
    for i in range(n):
        yield article(rng, i)


def write_jsonl(path: Path, n: int, seed: int = 7) -> int:
    """Write `n` reports to `path`; returns the number of words written."""
    words = 0
    with path.open("w", encoding="utf-8") as fh:
        for rec in generate(n, seed):
            words += len(str(rec["text"]).split())
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return words


NAV = ["World", "Politics", "Business", "Opinion", "Sport", "Culture", "Weather", "Podcasts", "Newsletters"]
RELATED = [
    "Markets close higher after a quiet week",
    "Five things to know before the summit",
    "Opinion: why the talks matter for the region",
    "Photos: a day at the border crossing",
    "Explainer: how prisoner swaps are arranged",
    "Live updates: the weekend in pictures",
]


def html_page(rec: dict[str, object], rng: random.Random) -> str:
    """A whole news page for `rec`: head metadata, menus, the article, asides, footer and scripts.

    The report is a small part of the page (as on real sites), so reading it costs a real
    main-text extraction, not a strip of tags.
    """
    esc = html.escape
    title, text = str(rec["title"]), str(rec["text"])
    paras = "\n".join(f"      <p>{esc(p)}</p>" for p in text.split("\n\n"))
    nav = "".join(f'<li><a href="/{s.lower()}">{s}</a></li>' for s in NAV)
    related = "".join(
        f'<li><a href="/story/{rng.randint(1000, 9999)}">{esc(t)}</a></li>' for t in rng.sample(RELATED, 4)
    )
    script = "var _q=window._q||[];" * rng.randint(20, 60)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{esc(title)} | Bench Wire</title>
  <meta property="og:site_name" content="Bench Wire">
  <meta property="og:title" content="{esc(title)}">
  <meta property="article:published_time" content="{rec["published"]}T08:00:00Z">
  <link rel="canonical" href="{rec["url"]}">
  <style>body {{ font-family: serif; }} .nav li {{ display: inline; }}</style>
  <script>{script}</script>
</head>
<body>
  <header><div class="logo">Bench Wire</div><nav><ul class="nav">{nav}</ul></nav></header>
  <div class="cookie-banner">We use cookies to improve your experience. <a href="/privacy">Learn more</a></div>
  <main>
    <article>
      <h1>{esc(title)}</h1>
      <div class="byline">By Staff Reporter · <time datetime="{rec["published"]}">{rec["published"]}</time></div>
{paras}
    </article>
    <aside><h2>Related</h2><ul>{related}</ul></aside>
  </main>
  <footer><p>© Bench Wire. All rights reserved.</p><ul>{nav}</ul></footer>
  <script>{script}</script>
</body>
</html>
"""


def write_html(folder: Path, n: int, seed: int = 7) -> int:
    """Write `n` reports as whole HTML pages `folder/NNNNNNN.html`; returns the words of their texts."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed + 1)
    words = 0
    for i, rec in enumerate(generate(n, seed)):
        words += len(str(rec["text"]).split())
        (folder / f"{i:07d}.html").write_text(html_page(rec, rng), encoding="utf-8")
    return words
