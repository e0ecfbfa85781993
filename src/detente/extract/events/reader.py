"""Events: who did what to whom, when and where, read from each sentence's dependency parse.

Triggers come from the lexicon (`data/events.yaml`): verbs ("met", "rejected", "agreed to
exchange"), light verbs with event nouns ("held talks", "launched strikes") and event nouns
with parties of their own ("talks between Kyiv and Moscow", "Russia's invasion of Ukraine").
Arguments come from subjects (active, passive, "by" agents, controllers of infinitives,
relative pronouns), objects and the lexicon's prepositions; "the two sides" and argument-less
talks go to the article's two main parties. Status, date and place are read around the trigger.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from detente.extract.dates import DateMention
from detente.extract.events.finish import OFFERS, Draft, EventFinisher, dedupe, ref_key
from detente.extract.parties import Parties
from detente.lexicon.triggers import Lexeme, Lexicon
from detente.records import ActorRef, Article, Event

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from detente.extract.dateline import Dateline
    from detente.extract.places import PlaceMention

# Intransitive verbs that say a nominal event happened: "talks began", "the swap took place".
_OCCUR = frozenset(
    "begin start end conclude continue resume open close happen occur last finish wrap take go be held yield "
    "produce proceed get commence unfold collapse fail stall break plan schedule set expect postpone cancel "
    "delay".split()
)
_SUBJ = ("nsubj", "nsubjpass", "csubj")
_QUANTITY_NOUNS = frozenset({"number", "series", "set", "couple", "range", "raft", "package", "round"})
_SKIP_NOUN_HEADS = frozenset({"compound"})


class EventReader(EventFinisher):
    """Reads the events of one parsed article."""

    def __init__(
        self,
        doc: Doc,
        article: Article,
        parties: Parties,
        lexicon: Lexicon,
        dates: Sequence[DateMention] = (),
        places: Sequence[PlaceMention] = (),
        dateline: Dateline | None = None,
    ) -> None:
        self.doc, self.article, self.parties, self.lex = doc, article, parties, lexicon
        self.dateline = dateline
        self.published = dt.date.fromisoformat(article.published) if article.published else None
        self.dates = list(dates)
        self.places = list(places)
        self.place_at = {i: p for p in self.places for i in range(p.start_token, p.end_token)}
        self.consumed: set[int] = set()
        self.last_offer: ActorRef | None = None

    # -- triggers ------------------------------------------------------------------------------
    def events(self) -> list[Event]:
        """Every event of the article, in text order, deduplicated per sentence."""
        out: list[Event] = []
        for sent in self.doc.sents:
            drafts = list(self._sentence(sent))
            seen: set[tuple[str, str, str, str]] = set()
            for d in drafts:
                for ev in self._finish(d, sent, len(out)):
                    key = (ev.type, ref_key(ev.source), ref_key(ev.target), ev.status)
                    rkey = (ev.type, ref_key(ev.target), ref_key(ev.source), ev.status)
                    if key in seen or (d.lex.sym and rkey in seen):
                        continue
                    seen.add(key)
                    out.append(ev)
                    if ev.source is not None and any(t.lemma_.lower() in OFFERS for t in d.trigger):
                        self.last_offer = ev.source  # whose proposal "the proposal" will be
        return out

    def _sentence(self, sent: Span) -> Iterator[Draft]:
        for tok in sent:
            if tok.pos_ in ("VERB", "AUX") or (
                tok.pos_ == "NOUN" and tok.dep_ == "ROOT" and tok.tag_.startswith("VB")
            ):
                yield from self._verb(tok)
        for tok in sent:
            if tok.pos_ in ("NOUN", "PROPN") and tok.i not in self.consumed:
                yield from self._noun(tok)

    def _verb(self, verb: Token) -> Iterator[Draft]:
        lemma = verb.lemma_.lower()
        particles = tuple(
            c.lower_ for c in verb.children if c.dep_ in ("prt", "prep", "dobj") and c.i > verb.i
        )
        dobj = next(
            (c for c in verb.children if c.dep_ in ("dobj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN")),
            None,
        )
        if dobj is not None and dobj.lemma_.lower() in _QUANTITY_NOUNS:
            # "reached a number of agreements": what is counted is the object
            dobj = next(
                (g for c in dobj.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                 if g.dep_ == "pobj" and g.pos_ == "NOUN"),
                dobj,
            )  # fmt: skip
        # The first reading whose object fits: "hand over a plan" proposes, "hand over hostages" releases.
        found = next(
            (
                (k, x)
                for k, x in self.lex.verb_readings(lemma, particles)
                if not x.objects
                or (dobj is not None and (dobj.lemma_.lower() in x.objects or dobj.lower_ in x.objects))
            ),
            None,
        )
        if found is None:
            return
        key, lex = found
        trigger = [verb]
        if " " in key:
            trigger += [c for c in verb.children if c.lower_ == key.split(" ", 1)[1]]
        if lex.objects and dobj is not None:
            trigger.append(dobj)
            self.consumed.add(dobj.i)
            noun = self.lex.nouns.get(dobj.lower_) or self.lex.nouns.get(dobj.lemma_.lower())
            if noun is not None and lex.light:
                lex = _merge(noun, lex)
        if lex.needs_prep and not any(c.dep_ == "prep" and c.lower_ in lex.needs_prep for c in verb.children):
            return
        if lex.no_clause and any(c.dep_ == "ccomp" for c in verb.children):
            return
        if lex.no_object and dobj is not None:
            return
        if lex.speech and verb.tag_ == "VBN" and not any(c.dep_ in (*_SUBJ, "agent") for c in verb.children):
            return  # "when asked about …": nobody asks anybody
        if lex.future_clause:
            clause = next((c for c in verb.children if c.dep_ in ("ccomp", "dobj")), None)
            modal = clause is not None and any(
                t.dep_ == "aux" and t.lower_ in ("will", "would", "could", "might", "may", "'ll")
                for t in clause.subtree
            )
            if clause is not None and clause.dep_ == "ccomp" and not modal:
                return
        sources, targets = self._verb_args(verb, lex, dobj, key.split(" ", 1)[1] if " " in key else None)
        if lex.objects_actor and not targets:
            return
        if lex.objects and dobj is not None:
            # "held talks with X", "reached a deal between X and Y": the noun's own parties count.
            s2, t2 = self._noun_args(dobj, lex)
            sources = sources or s2
            targets = targets or [t for t in t2 if all(t.actor_id != s.actor_id for s in sources)]
        yield Draft(trigger, lex, sources, targets, anchor=verb)

    def _verb_args(
        self, verb: Token, lex: Lexeme, dobj: Token | None, particle: str | None = None
    ) -> tuple[list[ActorRef], list[ActorRef]]:
        subj = self._subject(verb)
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        sources: list[ActorRef] = []
        targets: list[ActorRef] = []
        if passive:
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            if agent is not None:
                pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    sources = self.parties.resolve(pobj)
            if subj is not None and not lex.objects:
                targets = self.parties.resolve(subj)
                if not targets and lex.mode == "release":
                    targets = self._modifier_parties(subj)  # "Israeli hostages will be released"
        elif subj is not None:
            sources = self.parties.resolve(subj) or self._modifier_parties(subj)
            noun = self.lex.nouns.get(subj.lower_) or self.lex.nouns.get(subj.lemma_.lower())
            if not sources and noun is not None:
                # "the talks with Ukraine yielded a deal": the talks' parties made it.
                s2, t2 = self._noun_args(subj, noun)
                sources = dedupe(s2 + t2)
        if not lex.no_target:
            if dobj is not None and not lex.objects and not passive:
                targets += self._object_parties(dobj, sources, deep=lex.type in ("ASSAULT", "COERCE"))
            for c in verb.children:
                if c.dep_ == "dative":
                    targets += self.parties.resolve(c)
                if c.dep_ == "prep" and (
                    c.lower_ in lex.preps or c.lower_ == particle or (lex.sym and c.lower_ == "between")
                ):
                    for pobj in c.children:
                        if pobj.dep_ == "pobj":
                            targets += self._object_parties(pobj)
                if c.dep_ == "prt":
                    for g in c.children:
                        if g.dep_ == "prep" and g.lower_ in lex.preps:
                            targets += [
                                r for p in g.children if p.dep_ == "pobj" for r in self.parties.resolve(p)
                            ]
            for c in verb.children:  # "urged Kyiv to accept": the object of a speech verb
                if lex.speech and c.dep_ in ("dobj", "nsubj") and c.i > verb.i and not targets:
                    targets += self.parties.resolve(c, avoid=sources)
        return dedupe(sources), dedupe([t for t in targets if all(t.actor_id != s.actor_id for s in sources)])

    def _object_parties(
        self, obj: Token, avoid: Sequence[ActorRef] = (), deep: bool = False
    ) -> list[ActorRef]:
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
            if c.dep_ in ("amod", "compound", "poss", "nmod") and not self._venue_modifier(c):
                m = self.parties.mention_at(c)
                if m is not None:
                    return [self.parties.ref(m)]
        return []

    def _venue_modifier(self, tok: Token) -> bool:
        """ "the Maputo accord", "the Doha talks": a capital naming where, not who."""
        if tok.dep_ != "compound":
            return False
        entry = self.parties.kb.lookup(tok.text)
        return entry is not None and entry.via == "capital"

    def _modifier_parties(self, noun: Token) -> list[ActorRef]:
        """ "Russia's memorandum demands …": a document speaks for its owner."""
        if noun.pos_ not in ("NOUN",) or noun.lower_ in self.lex.nouns:
            return []
        for c in noun.children:
            if c.dep_ in ("poss", "amod", "compound") and c.i < noun.i:
                m = self.parties.mention_at(c)
                if m is not None:
                    return [self.parties.ref(m)]
        return []

    def _subject(self, verb: Token) -> Token | None:
        for _ in range(5):
            subj = self.parties.subject_of(verb, _SUBJ)
            if subj is not None:
                return subj
            if verb.dep_ == "xcomp":
                # Object control: "urged Kyiv to accept", "called on Ukraine to accept".
                head = verb.head
                for c in head.children:
                    if c.dep_ == "dobj" and self.parties.resolve(c, conj=False):
                        return c
                    if c.dep_ in ("prep", "prt") and c.lower_ == "on" and head.lemma_.lower() == "call":
                        pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                        if pobj is not None:
                            return pobj
            if verb.dep_ == "pcomp" and verb.tag_ == "VBG":
                # "reserved the option of travelling": climb to the verb that owns the phrase.
                up = verb.head
                while up.pos_ not in ("VERB", "AUX") and up.head.i != up.i:
                    up = up.head
                if up.pos_ not in ("VERB", "AUX"):
                    return None
                verb = up
                continue
            if (
                verb.dep_ in ("xcomp", "conj", "advcl", "acl", "relcl", "ccomp", "acomp")
                and verb.head.i != verb.i
            ):
                if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
                    # "officials meeting in Doha"; a past tense here is a misparsed main verb.
                    return verb.head if verb.tag_ in ("VBG", "VBD") else None
                if verb.dep_ == "relcl":
                    return verb.head
                if verb.dep_ == "ccomp":
                    return None
                verb = verb.head
                continue
            return None
        return None

    def _noun(self, noun: Token) -> Iterator[Draft]:
        lex = self.lex.nouns.get(noun.lower_) or self.lex.nouns.get(noun.lemma_.lower())
        if lex is None or noun.dep_ in _SKIP_NOUN_HEADS:
            return
        sources, targets = self._noun_args(noun, lex)
        n_args = len(sources) + len(targets)
        governor, role = noun.head, noun
        # "the third round of negotiations took place": the phrase's head is the subject.
        for _ in range(2):
            if role.dep_ == "pobj" and role.head.lower_ == "of" and role.head.head.pos_ in ("NOUN", "PROPN"):
                role = role.head.head
        governor = role.head
        occurs = role.dep_ in _SUBJ and governor.lemma_.lower() in _OCCUR
        anchored = self._has_own_time_or_place(noun)
        if n_args < lex.min_args:
            return
        inferred = False
        if not sources and not targets:
            if (
                not (occurs or anchored)
                or lex.type not in ("CONSULT", "RETREAT")
                or self.parties.dyad is None
            ):
                return
            sources, targets = [self.parties.dyad[0]], [self.parties.dyad[1]]
            inferred = True
        elif lex.sym and len(sources) + len(targets) == 1 and self.parties.dyad and (occurs or anchored):
            only = (sources or targets)[0]
            other = next((d for d in self.parties.dyad if d.country != only.country), None)
            if other is not None:
                sources, targets = [only], [other]
                inferred = True
        if noun.dep_ == "pobj" and governor.pos_ == "ADP" and governor.head.pos_ in ("VERB", "AUX"):
            governor = governor.head  # "told reporters after a meeting with Erdoğan"
        if not sources and targets and noun.dep_ in ("dobj", "pobj") and governor.pos_ in ("VERB", "AUX"):
            # "Zelensky began a meeting with Erdoğan": the subject of the verb holds the meeting.
            subj = self._subject(governor)
            if subj is not None:
                sources = [
                    r for r in self.parties.resolve(subj) if all(r.actor_id != t.actor_id for t in targets)
                ]
        # "The talks began in Abu Dhabi on Tuesday": the verb's clause dates and places the talks.
        anchor = governor if occurs else noun
        yield Draft([noun], lex, sources, targets, anchor=anchor, inferred=inferred)

    def _noun_args(self, noun: Token, lex: Lexeme) -> tuple[list[ActorRef], list[ActorRef]]:
        sources: list[ActorRef] = []
        targets: list[ActorRef] = []
        for c in noun.children:
            if c.dep_ in ("poss", "amod", "compound", "nmod") and c.i < noun.i:
                if self._venue_modifier(c):
                    continue
                refs = self.parties.resolve(c)
                if lex.sym:
                    sources += refs
                else:
                    sources += refs
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
        if lex.sym and len(sources) > 1 and not targets:
            sources, targets = sources[:1], sources[1:2]
        return dedupe(sources), dedupe([t for t in targets if all(t.actor_id != s.actor_id for s in sources)])

    def _has_own_time_or_place(self, noun: Token) -> bool:
        sub = {t.i for t in noun.subtree}
        return any(d.start_token in sub for d in self.dates) or any(p.start_token in sub for p in self.places)


def _merge(noun: Lexeme, verb: Lexeme) -> Lexeme:
    """A light verb's event takes the noun's coding and the verb's argument links."""
    return Lexeme(
        type=noun.type,
        cameo=noun.cameo,
        mode=noun.mode,
        sym=noun.sym or verb.sym,
        preps=tuple(dict.fromkeys(verb.preps + noun.preps)),
        no_target=verb.no_target,
        objects=verb.objects,
        control=verb.control,
    )


def extract_events(
    doc: Doc,
    article: Article,
    parties: Parties,
    lexicon: Lexicon,
    dates: Sequence[DateMention] = (),
    places: Sequence[PlaceMention] = (),
    dateline: Dateline | None = None,
) -> tuple[Event, ...]:
    """The article's events with type, mode, CAMEO code, status, parties, date and place."""
    return tuple(EventReader(doc, article, parties, lexicon, dates, places, dateline).events())
