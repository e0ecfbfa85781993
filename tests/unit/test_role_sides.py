"""The side finder of roles on hand-built docs: acronyms the text defines, names in titles."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from detente.extract.role_sides import SideFinder, defined_acronyms
from detente.lexicon.actors import load_knowledge
from detente.lexicon.places import load_gazetteer
from detente.records import Mention

_VOCAB = spacy.blank("en").vocab  # English lexical attributes: lower case, shape


def _doc(text: str, pos: list[str] | None = None) -> Doc:
    words = text.split()
    return Doc(_VOCAB, words=words, pos=pos or ["PROPN" if w[:1].isupper() else "NOUN" for w in words])


def test_an_acronym_spelled_by_the_initials_before_it() -> None:
    doc = _doc("delegates of the Social Democratic and Labour Party ( SDLP ) arrived")
    assert defined_acronyms(doc, {}) == {"SDLP": ("Social Democratic and Labour Party (SDLP)", 3, 8)}


def test_a_bracket_that_defines_nothing() -> None:
    doc = _doc("talks with the Northern Council ( NATO ) failed")
    assert defined_acronyms(doc, {}) == {}


def test_an_acronym_in_another_order_takes_the_tagged_organisation() -> None:
    doc = _doc("leader of the Kurdistan Workers Party ( PKK ) spoke")
    start = len("leader of ")
    end = len("leader of the Kurdistan Workers Party")
    org = Mention("a", "organization:kwp", "the Kurdistan Workers Party", "ORG", None, None, start, end)
    by_token = {i: org for i in range(2, 6)}
    assert defined_acronyms(doc, by_token)["PKK"] == ("Kurdistan Workers Party (PKK)", 3, 6)


def _finder(doc: Doc) -> SideFinder:
    return SideFinder(doc, {}, {}, load_knowledge(), load_gazetteer())


def test_a_ministers_region_is_the_state_that_appoints_him() -> None:
    doc = _doc("the Northern Ireland Secretary", ["DET", "PROPN", "PROPN", "PROPN"])
    side = _finder(doc).side(list(doc))
    assert side is not None and (side.name, side.country) == ("United Kingdom", "GBR")


def test_a_word_of_a_constituency_is_no_country() -> None:
    doc = _doc("the Lagan Valley MP", ["DET", "PROPN", "PROPN", "PROPN"])
    assert _finder(doc).side(list(doc)) is None


def test_a_demonym_inside_a_longer_name_still_names_its_country() -> None:
    doc = _doc("the Philippine Peace Panel chairperson", ["DET", "PROPN", "PROPN", "PROPN", "NOUN"])
    side = _finder(doc).side(list(doc))
    assert side is not None and side.country == "PHL"


def test_a_regions_own_first_minister_keeps_the_region() -> None:
    doc = _doc("the Northern Ireland First Minister", ["DET", "PROPN", "PROPN", "PROPN", "PROPN"])
    side = _finder(doc).side(list(doc))
    assert side is not None and (side.name, side.country) == ("Northern Ireland", "GBR")


def test_a_bare_minister_for_a_region_is_the_states() -> None:
    doc = _doc("the Northern Ireland minister", ["DET", "PROPN", "PROPN", "NOUN"])
    side = _finder(doc).side(list(doc))
    assert side is not None and side.name == "United Kingdom"
