"""Events with the real model, on sentences written for these tests (published 2025-05-15, a Thursday)."""

from __future__ import annotations

import pytest

from detente.records import Event

pytestmark = pytest.mark.model


def brief(e: Event) -> tuple[str, str, str | None, str | None]:
    return (e.type, e.status, e.source.country if e.source else None, e.target.country if e.target else None)


def find(events: list[Event], type_: str) -> Event:
    got = [e for e in events if e.type == type_]
    assert got, f"no {type_} event in {[brief(e) for e in events]}"
    return got[0]


def test_conjoined_parties_planned_talks_with_weekday(events_of) -> None:
    evs = events_of("Kyiv and Moscow are due to hold direct talks in Istanbul on Friday.")
    e = find(evs, "CONSULT")
    assert brief(e)[1:] == ("planned", "UKR", "RUS")
    assert (e.date, e.date_precision, e.date_text) == ("2025-05-16", "day", "Friday")
    assert e.place is not None and e.place.name == "Istanbul" and e.place.country == "TUR"
    assert e.trigger == "hold talks" and e.cameo == "046"


def test_weekday_of_a_past_event_goes_back(events_of) -> None:
    e = find(events_of("The Ukrainian president met Recep Tayyip Erdoğan in Ankara on Monday."), "CONSULT")
    assert e.status == "occurred" and e.date == "2025-05-12"
    assert e.target is not None and e.target.name == "Recep Tayyip Erdoğan" and e.target.country == "TUR"


def test_refusal_is_a_rejection_and_negates_the_meeting(events_of) -> None:
    evs = events_of("Vladimir Putin refused to attend the talks and sent a junior team instead.")
    assert brief(find(evs, "REJECT"))[:3] == ("REJECT", "occurred", "RUS")
    assert find(evs, "CONSULT").status == "negated"


def test_agreement_to_exchange_prisoners(events_of) -> None:
    evs = events_of("Moscow and Kyiv agreed on Friday to swap 1,000 captured soldiers apiece.")
    agree = find(evs, "AGREE")
    swap = find(evs, "RETREAT")
    assert brief(agree) == ("AGREE", "occurred", "RUS", "UKR") and agree.date == "2025-05-09"
    assert brief(swap) == ("RETREAT", "planned", "RUS", "UKR") and swap.mode == "release"


def test_passive_with_agent(events_of) -> None:
    e = find(events_of("Ukrainian cities were attacked by Russian forces overnight."), "ASSAULT")
    assert e.source is not None and e.source.country == "RUS" and e.source.sector == "MIL"


def test_object_control_and_request(events_of) -> None:
    evs = events_of("Donald Trump urged Ukraine to accept the offer of talks.")
    req = find(evs, "REQUEST")
    assert (req.source.name if req.source else None, req.target.country if req.target else None) == (
        "Donald Trump",
        "UKR",
    )


def test_hypothetical_condition(events_of) -> None:
    e = find(events_of("Trump said he would travel to Turkey if Putin were there."), "CONSULT")
    assert e.status == "hypothetical"


def test_both_sides_are_the_main_dyad(events_of) -> None:
    text = (
        "Russia and Ukraine sent delegations to Istanbul. Ukraine wants a ceasefire; Russia does not. "
        "Both sides exchanged 390 prisoners on Friday."
    )
    evs = [e for e in events_of(text) if e.type == "RETREAT"]
    assert evs and {evs[0].source.country, evs[0].target.country} == {"RUS", "UKR"}  # type: ignore[union-attr]


def test_nominal_talks_between(events_of) -> None:
    e = find(events_of("The talks between Armenia and Azerbaijan began in Abu Dhabi on Tuesday."), "CONSULT")
    assert brief(e)[2:] == ("ARM", "AZE")
    assert e.place is not None and e.place.name == "Abu Dhabi"


def test_no_published_date_keeps_only_absolute_dates(events_of) -> None:
    evs = events_of(
        "Israel and Hamas agreed to a truce on 15 January 2025, and talks resumed on Friday.", published=None
    )
    assert find(evs, "AGREE").date == "2025-01-15"
    assert all(e.date is None or e.date == "2025-01-15" for e in evs)


def test_evidence_is_the_sentence_and_offsets_match(events_of) -> None:
    text = "Nothing happened on Tuesday. Then Qatar hosted talks between Israel and Hamas."
    evs = events_of(text)
    assert evs
    for e in evs:
        assert text[e.start : e.end] == e.evidence and e.evidence.startswith("Then Qatar")
        assert 0 < e.confidence <= 1


def test_two_leaders_meeting_a_third_each_meet_the_third(events_of) -> None:
    evs = events_of("The Armenian and Azerbaijani leaders, Pashinyan and Aliyev, will meet Trump on Friday.")
    pairs = {(e.source.name if e.source else None, e.target.name if e.target else None) for e in evs}
    assert any(t and "Trump" in t for _, t in pairs), pairs
    assert not any(s and t and "Pashinyan" in s and "Aliyev" in t for s, t in pairs), pairs


def test_no_part_in_the_talks_is_negated(events_of) -> None:
    evs = events_of("Belarus, a close ally of Moscow, took no part in the negotiations in Geneva.")
    assert any(e.status == "negated" for e in evs), [brief(e) for e in evs]


def test_ready_to_meet_but_only_once_is_an_intent_not_a_meeting(events_of) -> None:
    # PLOVER codes the readiness (CAMEO 036, intent to meet) as AGREE; no meeting happened
    evs = events_of(
        "Putin has said he is ready to meet Zelensky, but only once a final treaty text is agreed."
    )
    assert not any(e.type == "CONSULT" and e.status == "occurred" for e in evs), [brief(e) for e in evs]
    intent = find(evs, "AGREE")
    assert intent.cameo == "036" and brief(intent)[2:] == ("RUS", "UKR")


def test_hand_over_hostages_is_a_release_and_is_to_is_planned(events_of) -> None:
    evs = events_of("Under the deal, Hamas is to hand over twelve captives, officials in Cairo said.")
    release = [e for e in evs if e.type == "RETREAT" and e.mode == "release"]
    assert release and release[0].status == "planned", [brief(e) for e in evs]
    evs = events_of("Kyiv handed over a draft memorandum to the Turkish mediators on Monday.")
    assert any(e.type == "AGREE" for e in evs), [brief(e) for e in evs]


def test_a_date_in_a_description_of_the_speaker_does_not_date_the_event(events_of) -> None:
    evs = events_of(
        "Medinsky, who led Moscow's team, and Lavrov, host of Tuesday's session in Minsk, said a summit "
        "between Putin and Zelensky could follow a final treaty."
    )
    meet = [e for e in evs if e.type == "CONSULT" and e.source and e.target]
    assert meet, [brief(e) for e in evs]
    assert all(e.date is None for e in meet), [(brief(e), e.date) for e in meet]


def test_a_mutual_release_goes_from_one_side_to_the_other(events_of) -> None:
    evs = events_of("Russia and Ukraine agreed on Monday to hand over the remains of 500 soldiers each.")
    release = [e for e in evs if e.type == "RETREAT" and e.mode == "release"]
    assert release and all(e.source and e.target for e in release), [brief(e) for e in evs]


def test_hostages_of_one_side_are_released_by_the_other(events_of) -> None:
    evs = events_of(
        "Hamas and Israel agreed a truce in Doha. Hamas welcomed it and Israel approved it. "
        "Twenty Israeli hostages will be released in the first stage."
    )
    release = [e for e in evs if e.type == "RETREAT" and e.mode == "release"]
    assert release, [brief(e) for e in evs]
    assert (release[0].source.country, release[0].target.country) == ("PSE", "ISR"), brief(release[0])


def test_a_number_of_agreements_is_an_agreement(events_of) -> None:
    evs = events_of("Armenia and Azerbaijan reached a number of agreements on the border on Tuesday.")
    assert any(e.type == "AGREE" for e in evs), [brief(e) for e in evs]


def test_the_dateline_is_no_party_and_places_the_lead(events_of) -> None:
    evs = events_of("ANKARA — Somalia and Ethiopia agreed on Wednesday to end their dispute over the port.")
    agree = [e for e in evs if e.type == "AGREE"]
    assert agree, [brief(e) for e in evs]
    assert {agree[0].source.country, agree[0].target.country} == {"SOM", "ETH"}
    assert agree[0].place is not None and agree[0].place.name == "Ankara"
    assert not any(
        "TUR" in (e.source.country if e.source else "", e.target.country if e.target else "") for e in evs
    )


def test_two_names_the_parser_fused_are_both_parties(events_of) -> None:
    evs = events_of(
        "Syria's interim president Ahmed al-Sharaa and Mazloum Abdi, commander of the Kurdish-led "
        "Syrian Democratic Forces, signed an agreement on Monday."
    )
    names = {n for e in evs for n in (e.source.name if e.source else "", e.target.name if e.target else "")}
    assert any("Sharaa" in n for n in names) and any("Abdi" in n for n in names), names


def test_the_dateline_is_not_the_subject_and_listed_delegations_are_parties(events_of) -> None:
    evs = events_of("VIENNA — Delegations from Serbia, Kosovo and the EU met on Monday for a new round.")
    meet = [e for e in evs if e.type == "CONSULT"]
    assert meet, [brief(e) for e in evs]
    assert {meet[0].source.country, meet[0].target.country} <= {"SRB", "XKX", "EUR", "KOS"}, brief(meet[0])


def test_described_parties_are_kept_as_written(events_of) -> None:
    evs = events_of("Ossetian participants walked out, accusing Georgia of stalling the talks.")
    accuse = [e for e in evs if e.type == "ACCUSE"]
    assert accuse and accuse[0].source and "participants" in accuse[0].source.name, [brief(e) for e in evs]
    evs = events_of("Officers from the eastern delegation rejected the plan on Monday.")
    reject = [e for e in evs if e.type == "REJECT"]
    assert reject and reject[0].source and "eastern delegation" in reject[0].source.name


def test_a_meeting_planned_for_a_weekday_is_planned_and_goes_forward(events_of) -> None:
    evs = events_of(
        "Ukraine and Russia will talk again, and Ukraine hopes Russia brings a draft. Zelensky said on "
        "Monday that his envoy had told him the meeting was planned for Wednesday."
    )
    meets = [e for e in evs if e.type == "CONSULT" and e.date_text == "Wednesday"]
    assert meets and all(e.status == "planned" and e.date == "2025-05-21" for e in meets), [
        (brief(e), e.date) for e in evs
    ]


def test_a_capital_standing_for_a_party_is_no_venue(events_of) -> None:
    evs = events_of(
        "Ukraine and Russia sent teams, and Ukraine accused Russia of stalling. The delegations, led by "
        "Umerov for Kyiv and Medinsky for Moscow, met for two hours on Monday."
    )
    meets = [e for e in evs if e.type == "CONSULT"]
    assert meets and all(e.place is None or e.place.name != "Kyiv" for e in meets), [
        (brief(e), e.place) for e in evs
    ]


def test_a_capital_naming_an_accord_is_no_party(events_of) -> None:
    evs = events_of(
        "Rebel commander Ossufo Momade spoke on Friday. Momade, who signed the Maputo accord with "
        "Nyusi in 2019, said the rebels had kept their word."
    )
    signed = [e for e in evs if e.trigger.startswith("signed")]
    assert signed and signed[0].target and "Nyusi" in signed[0].target.name, [brief(e) for e in evs]


def test_his_counterpart_is_the_person_last_named_on_the_other_side(events_of) -> None:
    evs = events_of(
        "Albanian Prime Minister Edi Rama hosted Serbian officials in Tirana on Sunday. Aleksandar Vucic, "
        "the Serbian president, "
        "telephoned his Albanian counterpart on Monday."
    )
    calls = [e for e in evs if e.trigger.startswith("telephoned")]
    assert calls and calls[0].target and "Rama" in calls[0].target.name, [brief(e) for e in evs]


def test_rejecting_the_proposal_answers_whoever_made_it(events_of) -> None:
    evs = events_of(
        "Armenia and Azerbaijan traded charges again. Kazakhstan proposed a new border commission on "
        "Tuesday. Azerbaijan rejected the proposal a day later."
    )
    reject = [e for e in evs if e.type == "REJECT"]
    assert reject and reject[0].target and reject[0].target.country == "KAZ", [brief(e) for e in evs]
