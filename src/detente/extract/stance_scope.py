"""Whether a stance word states a stance its holder holds now: not in a question ("Will Ethiopia
accept …?"), not an act hoped for, demanded of or alleged of another ("hopes the rebels will
agree", "demanded Moscow accept a truce", "officials claim the UAE supports the RSF"), not a
forecast ("is expected to arrive"), not a stance given up since ("after initially opposing").
Read by `PositionReader` (`extract/positions.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from detente.lexicon.words import words

if TYPE_CHECKING:
    from spacy.tokens import Token

HOPING = words("positions.hoping")
_WANTING = words("positions.wanting")
_ALLEGING = words("positions.alleging")
_SUPERSEDED = words("positions.superseded")
_DEMAND_NOUNS = words("positions.demand_nouns")


def asked(tok: Token) -> bool:
    """The word is in a question: the first sentence-ending mark after it is a "?"."""
    end = next(
        (t for t in tok.doc[tok.i + 1 : tok.sent.end] if t.text in (".", "!", "?") or t.text.endswith("?")),
        None,
    )
    return end is not None and end.text.endswith("?")


def hoped_by_another(tok: Token) -> bool:
    """A verb in a clause hoped for, expected, demanded or alleged of another subject it names
    ("hopes the rebels will agree", "demanded Moscow accept a truce"): not its subject's stance."""
    if tok.dep_ not in ("ccomp", "acl"):
        return False
    head = tok.head.lemma_.lower()
    wanted = head in _WANTING | _ALLEGING and tok.head.pos_ == "VERB"
    # "seeking guarantees that Israel will not resume the war": the seeker's demand of Israel
    demanded = head in _DEMAND_NOUNS and tok.head.pos_ == "NOUN"
    if head not in HOPING and not wanted and not demanded:
        return False
    subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subj is not None and subj.pos_ in ("PROPN", "NOUN")


def unheld(tok: Token, verb: bool) -> bool:
    """A stance word (`verb`: read as a verb) whose stance no one holds now (see the module)."""
    if verb and any(hoped_by_another(t) for t in (tok, *tok.ancestors)):
        return True  # "hopes the rebels will agree to a truce": the hoper's wish, not the rebels'
    lemma = tok.lemma_.lower()
    if (
        lemma in HOPING
        and tok.tag_ == "VBN"
        and (tok.dep_ == "acl" or any(c.dep_ == "auxpass" for c in tok.children))
    ):
        return True  # "the team is expected to arrive": a forecast, no one's stance
    # "after initially opposing the dam, Sudan now backs it": no longer held
    return any(c.dep_ == "advmod" and c.lower_ in _SUPERSEDED for c in tok.children)
