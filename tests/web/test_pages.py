"""Every HTML page over the small store: it answers, shows what the library computes, and links
every fact to its sentence."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from detente.config import load_settings
from detente.lexicon.taxonomy import load_taxonomy
from detente.records import Quote, Story
from detente.report.briefing import build_briefing
from detente.report.phrases import story_sentence
from detente.store import open_store

pytestmark = pytest.mark.model

CITE = re.compile(r'href="(/articles/[^"?#]+)\?mark=(\d+)-(\d+)#mark"')


def stored(db: Path, kind: str) -> list:
    with open_store(db) as store:
        return list(store.iter_records(kind))


def text_of(page: str) -> str:
    """The visible text of a page, tags dropped and entities decoded (for containment checks)."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_briefing_page_shows_the_briefing_sections_and_citations(client: TestClient, web_db: Path) -> None:
    with open_store(web_db) as store:
        brief = build_briefing(store, load_taxonomy())
    r = client.get("/")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    page = text_of(r.text)
    assert brief.sections, "the fixture store must give a briefing with sections"
    for sec in brief.sections:
        assert sec.title in page
    links = set(CITE.findall(r.text))
    for c in brief.citations:
        assert (f"/articles/{c.article_id}", str(c.start), str(c.end)) in links


def test_briefing_filters_narrow_the_scope(client: TestClient) -> None:
    everything = client.get("/api/brief").json()["scope"]["articles"]
    narrowed = client.get("/", params={"since": "2025-06-04", "until": "2025-06-04"})
    assert narrowed.status_code == 200
    assert client.get("/api/brief", params={"until": "2025-06-03"}).json()["scope"]["articles"] < everything
    assert "What changed since 4 June 2025" in text_of(narrowed.text)


def test_briefing_with_an_unknown_actor_says_so(client: TestClient) -> None:
    r = client.get("/", params={"actor": "Nobody Atall"})
    assert r.status_code == 404
    assert "no actor named 'Nobody Atall'" in text_of(r.text)


def test_bad_date_filter_is_a_400_with_the_fix(client: TestClient) -> None:
    r = client.get("/", params={"since": "next tuesday-ish"})
    assert r.status_code == 400
    assert "YYYY-MM-DD" in r.text


def test_citations_resolve_to_the_cited_sentence(client: TestClient, web_db: Path) -> None:
    texts = {a.id: a.text for a in stored(web_db, "article")}
    for path, start, end in sorted(set(CITE.findall(client.get("/").text)))[:12]:
        r = client.get(path, params={"mark": f"{start}-{end}"})
        assert r.status_code == 200
        marked = re.search(r'<mark id="mark">(.*?)</mark>', r.text, re.S)
        assert marked is not None
        article_id = path.rsplit("/", 1)[1]
        assert html.unescape(marked[1]) == texts[article_id][int(start) : int(end)]


def test_stories_list_and_filters(client: TestClient, web_db: Path) -> None:
    stories = [s for s in stored(web_db, "story") if isinstance(s, Story)]
    page = text_of(client.get("/stories").text)
    for s in stories:
        assert story_sentence(s) in page
    consult = client.get("/stories", params={"type": "consult"}).text
    for s in stories:
        assert (f"/stories/{s.id}" in consult) == (s.type == "CONSULT")


def test_story_page_lists_reports_with_their_sentences(client: TestClient, web_db: Path) -> None:
    story = max((s for s in stored(web_db, "story") if isinstance(s, Story)), key=lambda s: len(s.event_ids))
    r = client.get(f"/stories/{story.id}")
    assert r.status_code == 200
    page = text_of(r.text)
    assert story_sentence(story) in page
    assert "Status as reported over time" in page
    cited = {p.rsplit("/", 1)[1] for p, _, _ in CITE.findall(r.text)}
    assert cited == set(story.article_ids)


def test_actor_pages(client: TestClient, web_db: Path) -> None:
    listing = client.get("/actors", params={"q": "umerov"})
    assert listing.status_code == 200
    m = re.search(r'href="/actors/([^"]+)">Rustem Umerov<', listing.text)
    assert m is not None, listing.text
    r = client.get(f"/actors/{m[1]}")
    assert r.status_code == 200
    page = text_of(r.text)
    assert "Defence Minister" in page  # a role, stated in the talks report
    assert "Roles over time" in page and "Quotes" in page and "Positions" in page
    assert CITE.search(r.text)


def test_positions_matrix(client: TestClient, web_db: Path) -> None:
    positions = stored(web_db, "position")
    r = client.get("/positions")
    assert r.status_code == 200
    page = text_of(r.text)
    for p in positions:
        assert p.party in page
    only = client.get("/positions", params={"issue": "ceasefire"}).text
    assert "stance-oppose" in only
    assert client.get("/positions", params={"issue": "not-an-issue"}).status_code == 404


def test_quotes_filter_by_speaker_issue_and_date(client: TestClient, web_db: Path) -> None:
    quotes = [q for q in stored(web_db, "quote") if isinstance(q, Quote)]
    r = client.get("/quotes", params={"speaker": "medinsky"})
    assert r.status_code == 200
    page = text_of(r.text)
    medinsky = [q for q in quotes if q.speaker and "Medinsky" in q.speaker]
    others = [q for q in quotes if q.speaker and "Umerov" in q.speaker]
    assert medinsky and others
    for q in medinsky:
        assert q.text.strip() in page
    for q in others:
        assert q.text.strip() not in page
    late = text_of(client.get("/quotes", params={"since": "2025-06-05"}).text)
    assert "Medinsky" not in late  # his words were published on 4 June
    taxonomy = load_taxonomy()
    on_issue = text_of(client.get("/quotes", params={"issue": "ceasefire"}).text)
    for q in quotes:
        found = taxonomy.issue_of(q.text)
        assert (q.text.strip() in on_issue) == (found is not None and found.slug == "ceasefire")


def test_search_marks_the_matching_words(client: TestClient) -> None:
    r = client.get("/search", params={"q": "prisoners"})
    assert r.status_code == 200
    assert "<mark>prisoners</mark>" in r.text
    assert "Prisoner exchange agreed after the Geneva round" in text_of(r.text)
    assert "0 article(s)" in text_of(client.get("/search", params={"q": "zzzunfindable"}).text)


def test_article_page_lists_every_fact_of_the_article(client: TestClient, web_db: Path) -> None:
    article = next(a for a in stored(web_db, "article") if a.title and a.title.startswith("Prisoner"))
    facts = [r for kind in ("event", "quote", "role", "position") for r in stored(web_db, kind)]
    mine = [f for f in facts if f.article_id == article.id]
    r = client.get(f"/articles/{article.id}")
    assert r.status_code == 200
    assert "<mark" not in r.text
    links = {(int(s), int(e)) for _, s, e in CITE.findall(r.text)}
    for f in mine:
        assert (f.start, f.end) in links


def test_article_mark_out_of_range_or_malformed_is_a_400(client: TestClient, web_db: Path) -> None:
    article = stored(web_db, "article")[0]
    assert client.get(f"/articles/{article.id}", params={"mark": "5-2"}).status_code == 400
    assert (
        client.get(f"/articles/{article.id}", params={"mark": f"0-{len(article.text) + 1}"}).status_code
        == 400
    )
    assert client.get(f"/articles/{article.id}", params={"mark": "abc"}).status_code == 400


def test_timeline_chart_and_list_link_each_story(client: TestClient) -> None:
    points = [p for p in client.get("/api/brief").json()["timeline"] if p["date"]]
    assert points
    r = client.get("/timeline")
    assert r.status_code == 200
    assert '<svg id="chart"' in r.text
    dots = re.findall(r'<a href="([^"]+)" class="dot" data-lane="([A-Z]+)"', r.text)
    for p in points:
        same_day = [q for q in points if (q["type"], q["date"]) == (p["type"], p["date"])]
        wanted = (
            f"/stories/{p['story_id']}"
            if len(same_day) == 1
            else f"/stories?type={p['type']}&amp;since={p['date']}&amp;until={p['date']}"
        )
        assert (wanted, p["type"]) in dots
        assert f'<a href="/stories/{p["story_id"]}">' in r.text  # the list under the chart
    planned = client.get("/timeline", params={"status": "planned"}).text
    for p in points:
        assert (f'<a href="/stories/{p["story_id"]}">' in planned) == (p["status"] == "planned")


@pytest.mark.parametrize(
    ("path", "what"),
    [
        ("/stories/s-000000000000", "no story with id 's-000000000000'"),
        ("/actors/person:nobody-here", "no actor with id 'person:nobody-here'"),
        ("/articles/not-an-article", "no article with id 'not-an-article'"),
        ("/no/such/page", "there is no page at /no/such/page"),
    ],
)
def test_404_pages_say_what_was_not_found(client: TestClient, path: str, what: str) -> None:
    r = client.get(path)
    assert r.status_code == 404
    assert what in text_of(r.text)


def test_a_missing_store_is_refused_up_front(tmp_path: Path) -> None:
    from detente.errors import StoreError
    from detente.web import create_app

    with pytest.raises(StoreError, match="no database"):
        create_app(tmp_path / "absent.db", load_settings())
    assert not (tmp_path / "absent.db").exists()
