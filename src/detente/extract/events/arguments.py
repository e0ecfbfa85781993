"""An event's arguments from the dependency parse: who acts (sources) and on whom (targets).

Subjects are read through passives ("was rejected by Kyiv"), controllers of infinitives
("urged Kyiv to accept"), relative clauses and participles; objects and the lexicon's
prepositions give targets; a party modifying a non-party word ("Ukrainian prisoners",
"Russia's memorandum") stands for its owner.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from detente.codes import country_id, is_state_code
from detente.extract.events.records import dedupe, ref_key
from detente.extract.grammar import NOUNS, SUBJECTS, VERBS
from detente.extract.parties import Parties
from detente.extract.parties.phrase import conjuncts, np_text
from detente.knowledge.sides import NON_STATE_SECTORS
from detente.lexicon.petrarch import load_agents
from detente.lexicon.triggers import Lexeme, Lexicon
from detente.lexicon.words import words
from detente.records import ActorRef, Place

if TYPE_CHECKING:
    from spacy.tokens import Token


class Arguments:
    """Reads the parties of a trigger's arguments, with the article's `Parties`."""

    def __init__(self, parties: Parties, lexicon: Lexicon, places: Mapping[int, Place] | None = None) -> None:
        self.parties, self.lex = parties, lexicon
        self.places = places or {}  # the place each token names, for a place standing for its state

    def noun_entry(self, tok: Token) -> Lexeme | None:
        """The lexicon's event noun a token is, by its form or its lemma."""
        return self.lex.nouns.get(tok.lower_) or self.lex.nouns.get(tok.lemma_.lower())

    def of_verb(
        self,
        verb: Token,
        lex: Lexeme,
        dobj: Token | None,
        particle: str | None = None,
        agents: bool = True,
    ) -> tuple[list[ActorRef], list[ActorRef]]:
        """Sources and targets of a verb trigger (`particle`: the phrasal verb's, as in "hand over";
        `agents`: unnamed agents such as "the rebels" may be parties)."""
        unnamed = self.agent_parties if agents else _nobody
        subj = self.subject(verb)
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        sources: list[ActorRef] = []
        targets: list[ActorRef] = []
        if passive:
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            if agent is not None:
                pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    sources = self.parties.resolve(pobj) + unnamed(pobj)
            if subj is not None and not lex.objects:
                targets = self.parties.resolve(subj) + unnamed(subj)
                if not targets and lex.mode == "release":
                    targets = self.modifier_parties(subj)  # "Israeli hostages will be released"
        elif subj is not None:
            sources = (self.parties.resolve(subj) or self.modifier_parties(subj)) + unnamed(subj)
            noun = self.noun_entry(subj)
            if not sources and noun is not None:
                # "the talks with Ukraine yielded a deal": the talks' parties made it.
                s2, t2 = self.of_noun(subj, noun)
                sources = dedupe(s2 + t2)
        if not sources and lex.type == "ASSAULT":
            sources = self._origin(verb)
        if not lex.no_target:
            if dobj is not None and not lex.objects and not passive:
                targets += self.object_parties(dobj, sources, deep=lex.type in ("ASSAULT", "COERCE"))
            targets += self._prepositional_targets(verb, lex, particle)
            if dobj is not None and not targets and not passive:
                targets += self._object_with(dobj, lex)
            for c in verb.children:  # "urged Kyiv to accept": the object of a speech verb
                if lex.speech and c.dep_ in ("dobj", "nsubj") and c.i > verb.i and not targets:
                    targets += self.parties.resolve(c, avoid=sources)
            if lex.speech and not targets:
                targets += self._asked_for(verb, sources)
        if passive and not sources and lex.type in _CLAIMANT_TYPES and lex.mode != "release":
            claimant = self._claimant(verb)
            # "it was agreed between them, the Indian official said": an announcer whose side the
            # verb already names is one of the parties, not the one who acted on them
            if not any(c.country and t.country == c.country for c in claimant for t in targets):
                sources = claimant
        return dedupe(sources), _others(targets, sources)

    def _asked_for(self, verb: Token, sources: Sequence[ActorRef]) -> list[ActorRef]:
        """ "called for both sides to resume talks": whom a "for … to" clause asks to act."""
        for c in verb.children:
            marked = any(g.dep_ == "mark" and g.lower_ == "for" for g in c.children)
            if c.dep_ in ("advcl", "ccomp", "xcomp") and c.i > verb.i and marked:
                subj = next((g for g in c.children if g.dep_ == "nsubj"), None)
                if subj is not None:
                    return self.parties.resolve(subj, avoid=sources)
        return []

    def _claimant(self, verb: Token) -> list[ActorRef]:
        """ "The United States said a new offer has been shared with Iran": an agentless passive
        of an offer or a meeting that a party announces is that party's own act."""
        head = verb.head
        if verb.dep_ != "ccomp" or head.lemma_.lower() not in _CLAIMING or head.i == verb.i:
            return []
        subj = self.parties.subject_of(head, ("nsubj",))
        return self.parties.resolve(subj) if subj is not None else []

    def _prepositional_targets(self, verb: Token, lex: Lexeme, particle: str | None) -> list[ActorRef]:
        """Targets in datives and in the lexicon's prepositions ("met with X", "handed over to X")."""
        targets: list[ActorRef] = []
        for c in verb.children:
            if c.dep_ == "dative":
                targets += self.parties.resolve(c)
            if c.dep_ == "prep" and (
                c.lower_ in lex.preps or c.lower_ == particle or (lex.sym and c.lower_ == "between")
            ):
                for pobj in c.children:
                    if pobj.dep_ == "pobj":
                        targets += self.object_parties(pobj)
            if c.dep_ == "prt":
                for g in c.children:
                    if g.dep_ == "prep" and g.lower_ in lex.preps:
                        targets += [
                            r for p in g.children if p.dep_ == "pobj" for r in self.parties.resolve(p)
                        ]
        return targets

    def _origin(self, verb: Token) -> list[ActorRef]:
        """ "a rocket was fired from Gaza", "drones launched from Yemen": with no agent named, the
        state of the place an attack came from (PLOVER: a place stands for its state)."""
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ == "from":
                for o in c.children:
                    m = self.parties.mention_at(o) if o.dep_ == "pobj" else None
                    if m is not None and m.label == "GPE" and is_state_code(m.country):
                        return [self.parties.ref(m)]
                    place = self.places.get(o.i) if o.dep_ == "pobj" else None
                    if place is not None and is_state_code(place.country):
                        return [ActorRef(country_id(place.country), place.name, place.country, None)]
        return []

    def _object_with(self, dobj: Token, lex: Lexeme) -> list[ActorRef]:
        """Whom the object's "with" names: "signed agreements with X" (a two-sided verb), "requested
        talks with X" (an event noun as object): the other side."""
        if not ((lex.sym and "with" in lex.preps) or self.noun_entry(dobj) is not None):
            return []
        return [
            r
            for p in dobj.children
            if p.dep_ == "prep" and p.lower_ == "with"
            for o in p.children
            if o.dep_ == "pobj"
            for r in self.object_parties(o)
        ]

    def of_noun(self, noun: Token, lex: Lexeme) -> tuple[list[ActorRef], list[ActorRef]]:
        """Sources and targets of an event noun: "Russia's invasion of Ukraine", "talks between A and B"."""
        sources: list[ActorRef] = []
        targets: list[ActorRef] = []
        for c in noun.children:
            if c.dep_ in ("poss", "amod", "compound", "nmod") and c.i < noun.i:
                if not self.venue_modifier(c):
                    sources += self.parties.resolve(c)
            elif c.dep_ == "prep" and (c.lower_ in lex.preps or c.lower_ in ("between", "with")):
                for pobj in c.children:
                    if pobj.dep_ == "pobj":
                        refs = self.parties.resolve(pobj)
                        if c.lower_ == "by":
                            sources += refs
                        elif c.lower_ == "between":
                            sources += refs[:1]
                            targets += refs[1:]
                        else:
                            targets += refs
        if lex.sym and not sources and not targets and noun.dep_ in ("nsubj", "nsubjpass"):
            # "talks began between A and B", "a meeting was held between A and B"
            for c in noun.head.children:
                if c.dep_ == "prep" and c.lower_ == "between":
                    refs = [r for o in c.children if o.dep_ == "pobj" for r in self.parties.resolve(o)]
                    sources, targets = refs[:1], refs[1:]
        if lex.sym and len(sources) > 1 and not targets:
            sources, targets = sources[:1], sources[1:2]
        return dedupe(sources), _others(targets, sources)

    def object_parties(
        self, obj: Token, avoid: Sequence[ActorRef] = (), deep: bool = False
    ) -> list[ActorRef]:
        """The parties an object stands for; with `deep`, also the country of a place inside it."""
        refs = self.parties.resolve(obj, avoid=avoid)
        if refs:
            return refs
        if deep:  # "hit an oil depot in western Ukraine": the place's country is the target
            for t in obj.subtree:
                m = self.parties.mention_at(t)
                if m is not None and m.label == "GPE" and m.country:
                    return [self.parties.ref(m)]
        # "Ukrainian prisoners", "Kyiv's proposal": a party modifying a non-party object.
        for c in obj.children:
            if c.dep_ in ("amod", "compound", "poss", "nmod") and not self.venue_modifier(c):
                m = self.parties.mention_at(c)
                if m is not None:
                    return [self.parties.ref(m)]
        # "killed two policemen": whom an attack hits (not "withdrew fighters": one's own forces)
        if not deep:
            return []
        found = self.agent_parties(obj)
        for c in obj.children if not found else ():
            if c.dep_ == "compound" and c.i < obj.i:
                # "stormed a police station", "shelled an army base": the force it houses
                found = [
                    ActorRef(r.actor_id, np_text(obj), r.country, r.sector) for r in self.agent_parties(c)
                ]
                if found:
                    break
        return found

    def agent_parties(self, tok: Token) -> list[ActorRef]:
        """Unnamed parties the field's agent dictionary knows, for the heads of a phrase that no
        actor resolves: "the rebels", "protesters", "the army", "allied fighters" (named as
        written, with the agent's sector; a bare "the army" of a civil war is its state's)."""
        out: list[ActorRef] = []
        for h in (tok, *conjuncts(tok)):
            named = any(self.parties.mention_at(t) is not None for c in h.lefts for t in c.subtree)
            if (
                h.pos_ != "NOUN"
                or named
                or self.parties.mention_at(h) is not None
                or self.parties.resolve_one(h)
            ):
                continue  # "the M23 guerrillas": the named group, not an unnamed one
            agents = load_agents()
            found = agents.get(h.lower_) or agents.get(h.lemma_.lower()) or ()
            sector = next((a.sector for a in found if a.sector in _AGENT_SECTORS), None)
            if sector is None:
                continue
            country = None
            if sector in _STATE_SECTORS and any(c.lower_ == "the" for c in h.children):
                state = self.parties.state_side()
                country = state.country if state is not None else None
            out.append(ActorRef(actor_id=None, name=np_text(h), country=country, sector=sector))
        return out

    def venue_modifier(self, tok: Token) -> bool:
        """ "the Maputo accord", "the Doha talks": a capital naming where, not who."""
        if tok.dep_ != "compound":
            return False
        entry = self.parties.kb.lookup(tok.text)
        return entry is not None and entry.via == "capital"

    def modifier_parties(self, noun: Token) -> list[ActorRef]:
        """ "Russia's memorandum demands …": a document speaks for its owner."""
        if noun.pos_ not in ("NOUN",) or noun.lower_ in self.lex.nouns:
            return []
        for c in noun.children:
            if c.dep_ in ("poss", "amod", "compound") and c.i < noun.i:
                m = self.parties.mention_at(c)
                if m is not None:
                    ref = self.parties.ref(m)
                    sector = self._non_state_agent(noun)
                    if sector is not None and is_state_code(ref.country):
                        # "Mali's Tuareg-led rebel alliance": the rebels of a state are not the state
                        return [ActorRef(None, np_text(noun), None, sector)]
                    return [ref]
        return []

    def _non_state_agent(self, noun: Token) -> str | None:
        """The non-state sector the field's agent dictionary gives a noun or its modifiers
        ("rebel alliance", "militia coalition"), else None."""
        agents = load_agents()
        for t in (noun, *(c for c in noun.children if c.dep_ in ("amod", "compound") and c.i < noun.i)):
            found = agents.get(t.lower_) or agents.get(t.lemma_.lower()) or ()
            sector = next((a.sector for a in found if a.sector in NON_STATE_SECTORS), None)
            if sector is not None:
                return sector
        return None

    def subject(self, verb: Token) -> Token | None:
        """The token that acts for `verb`: its subject, or the one it inherits up the parse."""
        for _ in range(5):
            subj = self.parties.subject_of(verb, SUBJECTS)
            if subj is not None:
                return self._named_person(past_dateline(subj))
            raw = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
            if raw is not None and raw.idx < self.parties.body_start:
                # the article's own dateline taken for the subject: the phrase hung on it
                hung = _hung_after(raw, self.parties.body_start)
                return self._named_person(hung) if hung is not None else None
            if verb.dep_ == "xcomp":
                controller = self._controller(verb.head)
                if controller is not None:
                    return controller
            if verb.dep_ == "pcomp" and verb.tag_ == "VBG":
                # "reserved the option of travelling": climb to the verb that owns the phrase.
                up = verb.head
                while up.pos_ not in VERBS and up.head.i != up.i:
                    up = up.head
                if up.pos_ not in VERBS:
                    return None
                accused = self._accused(up) if verb.head.lower_ in ("of", "for") else None
                if accused is not None:
                    # "Kenya accused Somalia of shelling towns", "criticised India for rejecting
                    # the inquiry": the accused did it
                    return accused
                verb = up
                continue
            if (
                verb.dep_ in ("xcomp", "conj", "advcl", "acl", "relcl", "ccomp", "acomp")
                and verb.head.i != verb.i
            ):
                if verb.dep_ == "acl" and verb.head.pos_ in NOUNS:
                    # "officials meeting in Doha"; a past tense here is a misparsed main verb, and
                    # so is any participle of a noun the parser left as the sentence's root
                    # ("The MILF, which …, signed with the government the accord")
                    misparsed = verb.head.dep_ == "ROOT" and not any(c.dep_ == "agent" for c in verb.children)
                    return verb.head if verb.tag_ in ("VBG", "VBD") or misparsed else None
                if verb.dep_ == "relcl":
                    return verb.head
                if verb.dep_ == "ccomp":
                    return None
                verb = verb.head
                continue
            return None
        return None

    def _accused(self, verb: Token) -> Token | None:
        """The object of an accusing verb ("accused Somalia", "blamed the rebels"), if a party."""
        entry = self.lex.verb(verb.lemma_.lower())
        if entry is None or entry[1].type != "ACCUSE":
            return None
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        return obj if obj is not None and self.parties.resolve(obj) else None

    def _named_person(self, subj: Token) -> Token:
        """ "The jailed leader of the PKK, Abdullah Ocalan, called …": the person the apposition
        names acts, not the body the description mentions."""
        if subj.pos_ != "NOUN":
            return subj
        for c in subj.children:
            m = self.parties.mention_at(c)
            if c.dep_ == "appos" and m is not None and m.label == "PERSON":
                return c
        if subj.dep_ == "appos":
            # "ERBIL — The jailed leader of the PKK, Abdullah Ocalan, called": the parser hung both
            # the description and the name on the dateline; the name right after it is the person
            after = subj.right_edge.i + 1
            doc = subj.doc
            while after < len(doc) and doc[after].is_punct:
                after += 1
            for c in subj.head.children:
                m = self.parties.mention_at(c)
                if (
                    c.dep_ in ("appos", "npadvmod")
                    and c.left_edge.i == after
                    and m is not None
                    and m.label == "PERSON"
                ):
                    return c
        return subj

    def _controller(self, head: Token) -> Token | None:
        """Object control: "urged Kyiv to accept", "called on Ukraine to accept"."""
        for c in head.children:
            if c.dep_ == "dobj" and self.parties.resolve(c, conj=False):
                return c
            if c.dep_ in ("prep", "prt") and c.lower_ == "on" and head.lemma_.lower() == "call":
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
        return None


# Event types whose agentless passive a party announcing it made ("X said an offer was sent"); an
# attack or a threat it reports is another's deed, a release often the other side's.
_CLAIMANT_TYPES = frozenset({"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID"})
_CLAIMING = words("events.claiming")

# Sectors of the agent nouns an event may take as an unnamed party: the armed, the police, the
# protesters (PETRARCH's agents dictionary); other agents ("academics", "actors") stay out.
_AGENT_SECTORS = frozenset({"MIL", "COP", "REB", "UAF", "OPP", "SPY"})
_STATE_SECTORS = frozenset({"MIL", "COP", "SPY"})

# A paragraph's opening dateline: "MANILA, Philippines –", "Maputo —", "WASHINGTON, May 2 (Wire):".
_DATELINE = re.compile(
    r"""(?:[A-Z][A-Z'.-]+(?:[ -][A-Z][A-Z'.-]+){0,3}(?:,[^—–:\n]{1,40}?)?\s*(?:\([^)\n]{1,40}\))?\s*(?:—|–|--|:)
    |[A-Z][\w'.-]+(?:\s[A-Z][\w'.-]+){0,2}(?:,[^—–:\n]{1,40}?)?\s*(?:—|–))\s""",
    re.VERBOSE,
)

_DATELINE_TOKENS = 16  # a dateline is a few words: a subject further into its line is past it
# A time stamp opening a paragraph ("2025-05-10 14:00", "date 2025-05-10"): no subject either.
_STAMP = re.compile(r"\s*(?:date\s+)?\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?\s")


def past_dateline(subj: Token) -> Token:
    """The subject, or, when the parser took a paragraph's dateline for it ("MANILA, Philippines –
    The government and the rebels have signed …"), the phrase after the dateline it hung there."""
    doc = subj.doc
    i = subj.i
    while i > 0 and "\n" not in doc[i - 1].text_with_ws:
        i -= 1
        if subj.i - i > _DATELINE_TOKENS:
            return subj  # too far into its line to be inside a dateline
    while doc[i].is_space and i < subj.i:
        i += 1
    first = doc[i]
    start = first.idx
    text = doc[i : max(subj.sent.end, subj.i + 1)].text  # the line up to the subject's sentence end
    m = _STAMP.match(text)
    if m is None:
        m = _DATELINE.match(text)
        if not (first.is_upper or first.ent_type_ in ("GPE", "LOC", "FAC")):
            return subj  # "Ocalan – known as Apo – met …": an aside, not a place the report was filed from
        if m is not None and m.group(0).strip()[-1] in text[m.end() :]:
            return subj  # "Kenya – long a critic – signed …": a dash closes an aside, not a dateline
    if m is None or subj.idx >= start + m.end():
        return subj
    end = start + m.end()
    other = next((c for c in subj.head.children if c.dep_ in SUBJECTS and c.idx >= end), None)
    return other or _hung_after(subj, end) or subj


def _hung_after(subj: Token, end: int) -> Token | None:
    """The first phrase after char `end` that the parser hung on a dateline token."""
    after = (t for t in subj.subtree if t.idx >= end and t.head.idx < end and t.pos_ in (*NOUNS, "PRON"))
    return next(after, None)


def _nobody(_tok: Token) -> list[ActorRef]:
    return []


def _others(targets: list[ActorRef], sources: list[ActorRef]) -> list[ActorRef]:
    """The targets that are none of the sources, without repeats."""
    return dedupe([t for t in targets if all(ref_key(t) != ref_key(s) for s in sources)])
