"""The resolvers: one per kind of phrase a party is written as, tried in the order of `RESOLVERS`.

Each takes the article's `Parties` and a phrase head and answers None ("not my kind of
phrase, ask the next") or the parties the phrase stands for — possibly none, which is final
(a pronoun with nothing to refer back to is nobody, not a description).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from detente.codes import STATE_VOICE_SECTORS, country_id, id_kind, is_state_code
from detente.extract.grammar import NOMINAL_SUBJECTS, PLURAL_NOUN_TAGS
from detente.extract.parties.descriptions import described_person
from detente.extract.parties.dyad_refs import other_side as dyad_other_side
from detente.extract.parties.phrase import conjuncts, np_text
from detente.lexicon.words import words
from detente.records import ActorRef, Mention

if TYPE_CHECKING:
    from spacy.tokens import Token

    from detente.extract.parties.resolve import Parties

Resolver = Callable[["Parties", "Token"], list[ActorRef] | None]

# Heads of noun phrases that stand for a party when a country or actor modifies them.
GROUP_NOUNS = words("parties.group_nouns")
# "The two sides", "both parties": the article's two main parties.
_BOTH = words("parties.both_sides")
_BOTH_MARKS = words("parties.both_marks")
_PERSON_PRONOUNS = words("parties.person_pronouns")
_THING_PRONOUNS = words("parties.thing_pronouns")
_PLURAL_PRONOUNS = words("parties.plural_pronouns")
_RELATIVE = words("parties.relative_pronouns")
_STATE_NOUNS = words("parties.state_nouns")
# Nouns by which a report refers back to an armed group it has named: "the group said …".
_GROUP_ANAPHORA = words("parties.group_anaphora")
_ACTING_FOR = words("parties.acting_for")
_BELONGING = words("parties.belonging_preps")
# "we", "our": the side of whoever the sentence says speaks them.
_SPEAKER_PRONOUNS = words("parties.speaker_pronouns")
_CLAIMING = words("events.claiming")


def named(p: Parties, h: Token) -> list[ActorRef] | None:
    """A name the article's actor mentions cover."""
    m = p.by_token.get(h.i)
    return [p.ref(m)] if m is not None else None


def pronoun(p: Parties, h: Token) -> list[ActorRef] | None:
    """A relative pronoun is its clause's head noun; "we" the side of whoever says it
    (`speakers_side`); another pronoun refers back (`refer_back`)."""
    if h.pos_ != "PRON":
        return None
    if h.lower_ in _SPEAKER_PRONOUNS:
        return speakers_side(p, h)
    if h.lower_ in _RELATIVE and h.dep_ in NOMINAL_SUBJECTS and h.head.dep_ == "relcl":
        found = p.resolve(h.head.head, conj=False)
        before = h.nbor(-1) if h.i > 0 else None
        if before is not None and before.is_punct and before.i > 0:
            before = before.nbor(-1)
        if not found and h.lower_ == "who" and before is not None and before.i != h.head.head.i:
            # "the view of Angela Merkel who said …" hung on "stance": "who" is the person before it
            found = named(p, before) or []
        return found
    return refer_back(p, h)


def named_in_apposition(p: Parties, h: Token) -> list[ActorRef] | None:
    """ "US envoys Steve Witkoff and Jared Kushner", "the jailed leader of the PKK, Abdullah
    Ocalan": the people the apposition names, not the body the description mentions."""
    if h.pos_ != "NOUN" or h.i in p.by_token:
        return None
    for c in h.children:
        m = p.by_token.get(c.i)
        if c.dep_ != "appos" or m is None or not _is(p, m, "person"):
            continue
        out = [p.ref(m)]
        for g in conjuncts(c):
            mg = p.by_token.get(g.i)
            if mg is not None and _is(p, mg, "person") and mg.actor_id != m.actor_id:
                out.append(p.ref(mg))
        return out
    return None


def speakers_side(p: Parties, h: Token) -> list[ActorRef]:
    """ "'We have delivered a proposal to Iran,' the US envoy said": "we" is the side of the one
    the sentence says speaks — a state official's state, a group's own group; nobody when the
    speaker is unknown or speaks for no state or group (an analyst's "we")."""
    verb = h.head
    for _ in range(6):
        if verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in _CLAIMING:
            subj = p.subject_of(verb, ("nsubj",))
            if subj is None or subj.i == h.i or subj.lower_ in _SPEAKER_PRONOUNS:
                return []
            refs = p.resolve_one(subj)
            return _side_of(p, refs[0]) if len(refs) == 1 else []
        if verb.head.i == verb.i:
            break
        verb = verb.head
    return []


def _side_of(p: Parties, r: ActorRef) -> list[ActorRef]:
    """The side a speaker's "we" stands for: their state when they speak for it, else their group."""
    kind = id_kind(r.actor_id)
    if kind in ("country", "group"):
        return [r]
    if is_state_code(r.country) and r.sector in STATE_VOICE_SECTORS:
        cid = country_id(r.country)
        state = p.actors.get(cid)
        return [ActorRef(cid, state.name if state is not None else r.country, r.country, r.sector)]
    return []


def both_sides(p: Parties, h: Token) -> list[ActorRef] | None:
    """ "the two sides"; "Ethiopia's warring sides": both main parties, when the modifier is one of them."""
    if h.lower_ not in _BOTH or h.tag_ not in PLURAL_NOUN_TAGS or not p.dyad:
        return None
    mods = p.modifiers(h)
    warring = any(c.lower_ in _BOTH_MARKS for c in h.children)
    if not mods or (warring and all(m.country in {d.country for d in p.dyad} for m in mods)):
        return list(p.dyad)
    return None


def the_government(p: Parties, h: Token) -> list[ActorRef] | None:
    """ "the government" where a state faces its own rebels: that state's government."""
    # "the government statement": the government as a compound of a definite noun
    of_noun = h.dep_ == "compound" and _bare(p, h.head) and not p.modifiers(h)
    if h.lower_ not in _STATE_NOUNS or not (_bare(p, h) or of_noun):
        return None
    if any(c.dep_ == "prep" for c in h.children):
        return None
    state = p.state_side()
    if state is None:
        return _one_state_before(p, h)
    return [ActorRef(state.actor_id, np_text(h), state.country, "GOV")]


def _one_state_before(p: Parties, h: Token) -> list[ActorRef] | None:
    """ "Kenya's president said the government would sign …": the one state its sentence names
    before it; None when it names none or several (a sentence further back may name only the
    mediator: "Norway's envoy arrived. The government said …" is not Norway's government)."""
    found: set[str] = set()
    for start, _end, m in p.spans:
        if start < h.sent.start or start >= h.i:
            continue
        country = p.ref(m).country
        if is_state_code(country) and _is(p, m, "country", "person"):
            found.add(country)
    if len(found) != 1:
        return None
    code = found.pop()
    return [ActorRef(country_id(code), np_text(h), code, "GOV")]


def named_before(p: Parties, h: Token) -> list[ActorRef] | None:
    """ "the ministry", "the council": the organisation the article last named with that head
    word ("the Armenian Foreign Ministry"), anywhere before."""
    if h.pos_ != "NOUN" or h.tag_ in PLURAL_NOUN_TAGS or not _bare(p, h):
        return None
    word = h.lower_

    def same_head(_s: int, e: int, m: Mention) -> bool:
        return _is(p, m, "organization", "group") and p.doc[e - 1].lower_ == word

    m = p.last_mention(h.i, same_head)
    return [p.ref(m)] if m is not None else None


def the_group(p: Parties, h: Token) -> list[ActorRef] | None:
    """ "said the group was ready": the armed group last named in this sentence or the three before."""
    if h.lower_ not in _GROUP_ANAPHORA or not _bare(p, h):
        return None
    floor = p.sentence_start(h, back=3)
    m = p.last_mention(h.i, lambda _s, _e, m: _is(p, m, "group"), floor=floor)
    return [p.ref(m)] if m is not None else None


def counterpart(p: Parties, h: Token) -> list[ActorRef] | None:
    """ "telephoned his new counterpart", "met her Turkish counterpart": the person last named
    on the other side (of the country a demonym gives, when one does)."""
    if h.lower_ != "counterpart":
        return None
    owner: ActorRef | None = None
    want = None
    for c in h.children:
        if c.dep_ == "poss":
            refs = refer_back(p, c) if c.pos_ == "PRON" else p.resolve_one(c)
            owner = refs[0] if refs else None
        m = p.by_token.get(c.i)
        if c.dep_ in ("amod", "compound") and m is not None and m.country:
            want = m.country
    if owner is None:
        return None

    def other_side(_s: int, _e: int, m: Mention) -> bool:
        if not _is(p, m, "person") or m.actor_id == owner.actor_id:
            return False
        country = p.ref(m).country
        if want is not None:
            return country == want
        return not (owner.country and country == owner.country)

    found = p.last_mention(h.i, other_side, or_next=True)
    if found is None and want is None:
        return dyad_other_side(p.dyad, owner)  # no person named on the other side: that side
    return [p.ref(found)] if found is not None else None


def description(p: Parties, h: Token) -> list[ActorRef] | None:
    """ "Russia's top negotiator", "the Kremlin spokesman": the person with that role."""
    if not _group_noun(h):
        return None
    person = described_person(p, h)
    return [person] if person is not None else None


def modified_group(p: Parties, h: Token) -> list[ActorRef] | None:
    """ "Russian and Ukrainian delegations": one party per modifier, named as written."""
    if not _group_noun(h):
        return None
    mods = p.modifiers(h)
    if not mods:
        return None
    out = []
    name = np_text(h)
    sector = p.kb.sector_of(h.text)
    for m in mods:
        ref = p.ref(m)
        if _is(p, m, "person"):
            out.append(ref)  # "Zelensky's team" acts for Zelensky's side: keep the person
        else:
            out.append(
                ActorRef(actor_id=m.actor_id, name=name, country=ref.country, sector=sector or ref.sector)
            )
    return out


def acting_for(p: Parties, h: Token) -> list[ActorRef] | None:
    """ "officers representing the government", "troops loyal to X": whom they act for."""
    if not _group_noun(h):
        return None
    for child in h.children:
        if child.dep_ == "acl" and child.lemma_.lower() in _ACTING_FOR:
            for obj in child.children:
                found = p.resolve_one(obj) if obj.dep_ in ("dobj", "pobj") else []
                if found:
                    name = np_text(h) + " representing "
                    return [ActorRef(r.actor_id, name + r.name, r.country, r.sector) for r in found]
    return None


def group_of(p: Parties, h: Token) -> list[ActorRef] | None:
    """ "representatives of Russia", "delegations from Georgia, Russia and the US": one per party."""
    if not _group_noun(h):
        return None
    for child in h.children:
        if child.dep_ == "prep" and child.lower_ in _BELONGING:
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                found = p.resolve(pobj)
                if found:
                    name = np_text(h) + f" {child.lower_} "
                    sector = p.kb.sector_of(h.text)
                    return [ActorRef(r.actor_id, name + r.name, r.country, sector or r.sector) for r in found]
    return None


def unnamed_group(p: Parties, h: Token) -> list[ActorRef] | None:
    """An unnamed party, as written: "opposition lawmakers", "Abkhaz participants", "officers
    from the western delegation" (who they are is where they come from)."""
    if not _group_noun(h):
        return None
    if h.tag_ not in PLURAL_NOUN_TAGS:
        # "the Transnistrian leader": a people or place no knowledge file knows still says who
        # it is; without this it would be nobody, and a two-sided verb would take the dyad
        unknown = any(
            c.dep_ in ("amod", "compound") and c.ent_type_ in ("NORP", "GPE") and c.i not in p.by_token
            for c in h.children
        )
        if not unknown:
            return None
        return [ActorRef(actor_id=None, name=np_text(h), country=None, sector=p.kb.sector_of(h.text))]
    origin = next((c for c in h.children if c.dep_ == "prep" and c.lower_ == "from"), None)
    written: str | None = None
    if any(c.dep_ in ("amod", "compound") and c.pos_ in ("NOUN", "ADJ", "PROPN") for c in h.children):
        written = np_text(h)
    elif origin is not None:
        written = np_text(h) + " " + " ".join(t.text for t in origin.subtree)
    if written is None:
        return None
    return [ActorRef(actor_id=None, name=written, country=None, sector=p.kb.sector_of(h.text))]


RESOLVERS: tuple[Resolver, ...] = (
    named,
    pronoun,
    named_in_apposition,
    both_sides,
    the_government,
    the_group,
    named_before,
    counterpart,
    description,
    modified_group,
    acting_for,
    group_of,
    unnamed_group,
)
"""Tried in this order; the first answer that is not None is the phrase's parties."""


def refer_back(p: Parties, tok: Token, avoid: Sequence[ActorRef] = ()) -> list[ActorRef]:
    """What a personal pronoun refers to: "they" a plural subject; "he"/"she" a person and
    "it" a country or organisation named in this sentence or the two before.

    `avoid`: parties the pronoun cannot be ("X urged him": him is not X).
    """
    low = tok.lower_
    if low in _PLURAL_PRONOUNS:
        return _plural(p, tok)
    if low in _PERSON_PRONOUNS:
        kinds: tuple[str, ...] = ("person",)
    elif low in _THING_PRONOUNS:
        kinds = ("country", "organization", "group")
    else:
        return []
    banned = {a.actor_id for a in avoid if a.actor_id}
    floor = p.sentence_start(tok, back=2)

    def fits(_s: int, _e: int, m: Mention) -> bool:
        return _is(p, m, *kinds) and m.actor_id not in banned

    def subject_here(s: int, e: int, m: Mention) -> bool:
        return s >= tok.sent.start and fits(s, e, m) and p.doc[s:e].root.dep_ in NOMINAL_SUBJECTS

    # A subject in the pronoun's own sentence beats a later object ("X told Y that he …").
    found = p.last_mention(tok.i, subject_here, floor=floor) or p.last_mention(tok.i, fits, floor=floor)
    return [p.ref(found)] if found is not None else []


def _plural(p: Parties, tok: Token) -> list[ActorRef]:
    """ "they", "their": the plural subject of this sentence or the one before."""
    sents = [tok.sent]
    if tok.sent.start > 0:
        sents.append(p.doc[tok.sent.start - 1].sent)
    for sent in sents:
        for t in sent:
            if t.i >= tok.i and sent is sents[0]:
                break
            if (
                t.dep_ in NOMINAL_SUBJECTS
                and t.pos_ != "PRON"
                and (t.tag_ in PLURAL_NOUN_TAGS or any(c.dep_ == "conj" for c in t.children))
            ):
                refs = p.resolve(t)
                if refs or sent is sents[0]:
                    # The nearest plural subject is the antecedent even when it names no party:
                    # "hostages that militants hold since their attack" is not the mediators'
                    # attack named in the sentence before.
                    return refs
    return []


def _is(p: Parties, m: Mention, *kinds: str) -> bool:
    """Whether the mention's actor is of one of `kinds` (person, country, organization, group)."""
    actor = p.actors.get(m.actor_id)
    return actor is not None and actor.type in kinds


def _group_noun(h: Token) -> bool:
    return h.lower_ in GROUP_NOUNS or h.lemma_.lower() in GROUP_NOUNS


def _bare(p: Parties, h: Token) -> bool:
    """ "the government", "the group": the definite noun alone, with no party modifying it."""
    return any(c.lower_ == "the" for c in h.children) and not p.modifiers(h)
