"""Claims, commitments and conflict terms, from hand-built inputs (no model)."""

from __future__ import annotations

from detente.extract.claims import claim_of
from detente.extract.speakers import commitment_of
from detente.lexicon.taxonomy import conflict_files, load_taxonomy


def test_claim_peels_openers_and_stance_nouns() -> None:
    assert claim_of("its readiness to resume talks with the rebels") == "resume talks with the rebels"
    assert claim_of("for an immediate and complete ceasefire") == "an immediate and complete ceasefire"
    assert (
        claim_of("on the government lifting the ban on the party")
        == "the government lifting the ban on the party"
    )


def test_claim_stops_at_a_condition_and_an_aside() -> None:
    assert claim_of("to return to the talks only if the army pulls back") == "return to the talks"
    assert claim_of("the plan, which it called a trap") == "the plan"
    assert claim_of("the detainees", "release") == "release the detainees"
    assert claim_of("to") is None


def test_claim_is_short_and_never_ends_on_a_function_word() -> None:
    long = "to " + " ".join(f"word{i}" for i in range(30))
    got = claim_of(long)
    assert got is not None and len(got.split()) <= 14
    assert claim_of("a truce in the") == "a truce"


def test_commitment_from_the_attribution_verb() -> None:
    assert commitment_of("say") == "said"
    assert commitment_of("claim") == "claimed"
    assert commitment_of("allege") == "claimed"
    assert commitment_of("deny") == "denied"
    assert commitment_of("admit") == "acknowledged"
    assert commitment_of("warn") == "warned"
    assert commitment_of(None) == "said"


def test_conflict_files_are_well_formed_and_only_add_terms() -> None:
    files = conflict_files()
    assert files, "data/conflicts/ ships at least one war's terms"
    general = {i.slug for i in load_taxonomy().issues}
    for where, data in files:
        assert data.get("conflict"), where
        for issue in data["issues"]:  # type: ignore[attr-defined]
            assert issue["terms"], where
            assert issue["slug"] in general
