"""Triggers: the words of a sentence that name an event, as drafts with their arguments.

Triggers come from the lexicon (`data/events.yaml`): verbs ("met", "rejected", "agreed to
exchange"), light verbs with event nouns ("held talks", "launched strikes") and event nouns
with parties of their own ("talks between Kyiv and Moscow", "Russia's invasion of Ukraine").
An event noun that a verb has taken as its object is that verb's event, not a second one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from detente.extract.events.arguments import Arguments
from detente.extract.events.patterns import STANDALONE_TYPES, Sense, discarded, load_patterns, other_sense
from detente.extract.events.records import Draft
from detente.extract.grammar import NOUNS, SUBJECTS, VERBS
from detente.extract.pending import has_to
from detente.lexicon.triggers import Lexeme
from detente.lexicon.words import words

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from detente.extract.context import ArticleContext
    from detente.records import ActorRef

# Intransitive verbs that say a nominal event happened: "talks began", "the swap took place".
_OCCUR = words("events.occurring")
_QUANTITY_NOUNS = words("events.quantity_nouns")
# Verbs of taking part, whose negation keeps the subject away from the event.
_ATTENDING = frozenset({"attend", "join", "skip", "boycott", "miss"})
# Adjectives of a copula that tell an event takes place: "negotiations are underway".
_UNDER_WAY = frozenset(
    {"underway", "ongoing", "over", "complete", "completed", "finished", "due", "imminent"}
)
_MODALS = words("events.future_modals")
# A source's terms for speaking: "asked not to be named", "requested anonymity".
_UNNAMED_VERBS = words("events.unnamed_verbs")
_UNNAMED_NOUNS = words("events.unnamed_nouns")
_OBLIGING = frozenset({"must", "should", "shall"})
_VISIT = Lexeme(type="CONSULT", cameo="042", mode="visit", no_target=True, implicit_target=False)
# "Moscow said Kyiv must withdraw": a statement that another party must act is a demand
# (CAMEO 10, PLOVER REQUEST) whose content is the act; the verbs that state it, the modals
# that oblige.
_STATING = frozenset(
    {
        *("say", "repeat", "reiterate", "stress", "state", "add", "emphasise", "emphasize"),
        *("maintain", "tell", "reaffirm", "affirm", "underline", "underscore", "declare"),
    }
)
# A vow or a readiness to fight is a threat (`reader.threats`), even with no one named to fight.
_VOWING = frozenset({"vow", "pledge", "promise", "swear", "threaten"})
_READY = frozenset({"ready", "prepared", "willing", "determined"})
_FORCE = frozenset({"ASSAULT", "COERCE"})
_OBLIGING = frozenset({"must", "should"})
_DEMAND = Lexeme(type="REQUEST", cameo="100", speech=True, implicit_target=False)


class Triggers:
    """Finds the drafts of one article's sentences, verbs first, then the nouns left over."""

    def __init__(self, ctx: ArticleContext, args: Arguments) -> None:
        self.ctx, self.args, self.lex, self.parties = ctx, args, ctx.lexicon, ctx.parties
        self.consumed: set[int] = set()  # event nouns already read as a verb's object
        self.patterns = load_patterns()

    def drafts(self, sent: Span) -> Iterator[Draft]:
        """The sentence's drafts, in the order verbs and then nouns appear (none in a discarded one)."""
        if discarded(sent.text):
            return
        for tok in sent:
            if tok.pos_ in VERBS or (tok.pos_ == "NOUN" and tok.dep_ == "ROOT" and tok.tag_.startswith("VB")):
                yield from self._verb(tok)
            elif tok.lower_ == "due" and tok.dep_ == "acomp":
                yield from self._expected(tok)
            if tok.lemma_.lower() == "expect" and any(c.dep_ == "auxpass" for c in tok.children):
                yield from self._expected(tok)
            if tok.pos_ in VERBS and tok.lemma_.lower() in _STATING:
                yield from self._obligation(tok)
        for tok in sent:
            if tok.pos_ in NOUNS and tok.i not in self.consumed:
                yield from self._noun(tok)

    def _verb(self, verb: Token) -> Iterator[Draft]:
        dobj = _counted(
            next(
                (c for c in verb.children if c.dep_ in ("dobj", "nsubjpass") and c.pos_ in NOUNS),
                None,
            )
        )
        if _wished(verb):
            return  # "the right climate for the rebels to lay down arms": an aim, not an act
        found = self._reading(verb, dobj)
        hand_made = found is not None
        # "ready to fight", "vowed to fight on": force promised with no one named, a threat
        vowed = found is not None and found[1].type in _FORCE and _vowed(verb) and _unaimed(verb)
        sense = self._sense(verb) if not vowed else None
        if found is None:
            # not a hand-made trigger: the field's verb patterns may code it, though not in an
            # infinitive, which names an aim ("a deal to end the war"), not something that happened
            lex2 = sense.lexeme() if sense is not None else None
            if sense is None or lex2 is None or lex2.type not in STANDALONE_TYPES or has_to(verb):
                return
            found = (sense.verb.verb, lex2)
        elif sense is not None and sense.names_clause and not found[1].light and not found[1].objects:
            # the dictionary's word sense of this clause: "struck a deal", "seized the opportunity"
            # (an entry that names its own objects has chosen its sense already)
            lex2 = sense.lexeme()
            if sense.void:
                return
            if lex2 is not None and other_sense(lex2.type, found[1].type):
                noun = self.args.noun_entry(dobj) if dobj is not None else None
                found = (found[0], _with_links(lex2, found[1], noun))
                self.consumed.update(sense.objects)
        key, lex = found
        particle = key.split(" ", 1)[1] if " " in key else None
        trigger = [verb]
        if particle is not None:
            trigger += [c for c in verb.children if c.lower_ == particle]
        if lex.objects and dobj is not None:
            trigger.append(dobj)
            self.consumed.add(dobj.i)
            noun = self.args.noun_entry(dobj)
            if noun is not None and lex.light:
                lex = _merge(noun, lex)
        if not _fits(verb, lex, dobj) or self._tries(verb, lex) or (lex.type == "REQUEST" and _unnamed(verb)):
            return
        # a dictionary-only verb's subject may be its victim ("soldiers died in clashes"): only
        # actors, never an unnamed agent, act for it
        sources, targets = self.args.of_verb(verb, lex, dobj, particle, agents=hand_made)
        if not hand_made and sense is not None:
            if not (sources or targets):
                return  # "soldiers died in clashes between A and B": the clashes keep their parties
            self.consumed.update(sense.objects)
        if lex.objects_actor and not targets and not vowed:
            return
        if lex.type == "REQUEST" and lex.speech and not targets:
            targets = self._obliged(verb, sources)  # "demanded Moscow accept a ceasefire"
        if lex.objects and dobj is not None:
            # "held talks with X", "reached a deal between X and Y": the noun's own parties count.
            s2, t2 = self.args.of_noun(dobj, lex)
            sources = sources or s2
            targets = targets or [t for t in t2 if all(t.actor_id != s.actor_id for s in sources)]
        yield Draft(trigger, lex, sources, targets, anchor=verb)

    def _tries(self, verb: Token, lex: Lexeme) -> bool:
        """ "sought to keep good ties": an attempt at what is no event asks nothing of anyone
        ("seek to repatriate children from Russia" still asks Russia for them)."""
        return lex.no_infinitive and any(
            c.dep_ == "xcomp" and has_to(c) and self.lex.verb(c.lemma_.lower()) is None for c in verb.children
        )

    def _expected(self, word: Token) -> Iterator[Draft]:
        """ "Rubio is expected in Istanbul on Friday", "the delegation is due in Ankara": a visit
        announced (its status is read from the clause like any other)."""
        place = next(
            (
                o
                for c in word.children
                if c.dep_ == "prep" and c.lower_ in ("in", "at")
                for o in c.children
                if o.dep_ == "pobj" and o.i in self.ctx.place_at
            ),
            None,
        )
        holder = word.head if word.dep_ == "acomp" else word
        subj = self.args.subject(holder)
        sources = self.parties.resolve(subj) if place is not None and subj is not None else []
        if sources:
            yield Draft([word], _VISIT, sources, [], anchor=word)

    def _obligation(self, verb: Token) -> Iterator[Draft]:
        """ "Russia said Ukraine must cede the land": Russia demands it of Ukraine (REQUEST)."""
        clause = obliging_clause(verb)
        if clause is None:
            return
        subj = self.args.subject(verb)
        sources = self.parties.resolve(subj) if subj is not None else []
        targets = self._obliged(verb, sources) if sources else []
        patient = next((c for c in clause.children if c.dep_ == "nsubjpass"), None)
        # "the rebels said the siege of the port must be lifted": a demand with no one named
        # (not "Chile must never again be ruled by force", its own state's fate)
        unnamed = patient is not None and not self.parties.resolve(patient)
        if targets or (sources and unnamed):
            yield Draft([verb], _DEMAND, sources, targets, anchor=verb)

    def _obliged(self, verb: Token, sources: list[ActorRef]) -> list[ActorRef]:
        """The parties a demand's clause names as the ones to act, other than who demands."""
        clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
        subj = next((c for c in clause.children if c.dep_ == "nsubj"), None) if clause is not None else None
        if subj is None:
            return []
        own = {s.actor_id for s in sources}
        home = {s.country for s in sources if s.country}
        # "Nyusi said Mozambique must never again be at war", "Abiy insisted Ethiopia will seek
        # access only by peaceful means": one's own state is no addressee of a demand
        return [
            r
            for r in self.parties.resolve(subj)
            if r.actor_id not in own and not (r.country in home and (r.actor_id or "").startswith("country:"))
        ]

    def _sense(self, verb: Token) -> Sense | None:
        """The verb pattern of the field's dictionary that fits this clause, if any."""
        if verb.pos_ not in VERBS:
            return None
        return self.patterns.sense(verb, self.args.subject(verb), lambda t: bool(self.parties.resolve(t)))

    def _reading(self, verb: Token, dobj: Token | None) -> tuple[str, Lexeme] | None:
        """The first reading whose object fits: "hand over a plan" proposes, "hand over hostages" releases."""
        particles = tuple(
            c.lower_ for c in verb.children if c.dep_ in ("prt", "prep", "dobj") and c.i > verb.i
        )
        return next(
            (
                (k, x)
                for k, x in self.lex.verb_readings(verb.lemma_.lower(), particles)
                if not x.objects
                or (dobj is not None and (dobj.lemma_.lower() in x.objects or dobj.lower_ in x.objects))
            ),
            None,
        )

    def _noun(self, noun: Token) -> Iterator[Draft]:
        lex = self._noun_entry(noun)
        if lex is None or noun.dep_ == "compound":  # "the peace talks process": talks is no head
            return
        if lex.not_objects and any(
            c.dep_ in ("compound", "amod") and c.lower_ in lex.not_objects for c in noun.children
        ):
            return  # a noun's not_objects are its modifiers: "a press release" frees no one
        sources, targets = self.args.of_noun(noun, lex)
        if sources and self._answers_itself(noun, sources):
            return  # "Putin declined his calls for talks": the calls were another's
        if not sources and _in_state(noun):
            # "the government and the rebels have been in talks since May": the copula's subject
            subj = self.args.subject(noun.head.head)
            found = self.parties.resolve(subj) if subj is not None else []
            sources = [r for r in found if all(r.actor_id != t.actor_id for t in targets)]
        n_args = len(sources) + len(targets)
        role = noun
        # "the third round of negotiations took place": the phrase's head is the subject.
        for _ in range(2):
            if role.dep_ == "pobj" and role.head.lower_ == "of" and role.head.head.pos_ in NOUNS:
                role = role.head.head
        governor = role.head
        # "the meeting would not be hollow": a copula with an adjective tells what it is like
        occurs = role.dep_ in SUBJECTS and governor.lemma_.lower() in _OCCUR and not _quality(governor)
        anchored = self._has_own_time_or_place(noun)
        if n_args < lex.min_args:
            return
        inferred = False
        dyad = self.parties.dyad
        if not sources and not targets:
            if not (occurs or anchored) or lex.type not in ("CONSULT", "RETREAT") or dyad is None:
                return
            sources, targets = [dyad[0]], [dyad[1]]
            inferred = True
        elif lex.sym and len(sources) + len(targets) == 1 and dyad and (occurs or anchored):
            only = (sources or targets)[0]
            other = next((d for d in dyad if d.country != only.country), None)
            if other is not None:
                sources, targets = [only], [other]
                inferred = True
        if noun.dep_ == "pobj" and governor.pos_ == "ADP" and governor.head.pos_ in VERBS:
            governor = governor.head  # "told reporters after a meeting with Erdoğan"
        if (
            not sources
            and targets
            and noun.dep_ in ("dobj", "pobj")
            and governor.pos_ in VERBS
            and not _stays_away(governor)
        ):
            # "Zelensky began a meeting with Erdoğan": the subject of the verb holds the meeting.
            subj = self.args.subject(governor)
            if subj is not None:
                sources = [
                    r for r in self.parties.resolve(subj) if all(r.actor_id != t.actor_id for t in targets)
                ]
        # "The talks began in Abu Dhabi on Tuesday": the verb's clause dates and places the talks.
        anchor = governor if occurs else noun
        yield Draft([noun], lex, sources, targets, anchor=anchor, inferred=inferred)

    def _answers_itself(self, noun: Token, sources: list[ActorRef]) -> bool:
        """Whether an offer or a request is the object of an answer (accepted, rejected) whose
        subject is the party read as the noun's maker: nobody answers their own call, so the
        possessive was read wrong."""
        verb = noun.head
        if noun.dep_ != "dobj" or verb.pos_ not in VERBS or not any(c.dep_ == "poss" for c in noun.children):
            return False
        entry = self.lex.verb(verb.lemma_.lower())
        if entry is None or entry[1].type not in ("REJECT", "AGREE"):
            return False
        subj = self.args.subject(verb)
        answering = {r.actor_id for r in self.parties.resolve(subj)} if subj is not None else set()
        return any(s.actor_id in answering for s in sources)

    def _noun_entry(self, noun: Token) -> Lexeme | None:
        """A noun's entry, a compound one first ("hunger strike" is a protest, "strike" an attack),
        then one with its preposition ("call for" asks)."""
        for c in noun.lefts:
            if c.dep_ in ("compound", "amod"):
                for form in (noun.lower_, noun.lemma_.lower()):
                    entry = self.lex.nouns.get(f"{c.lower_} {form}")
                    if entry is not None:
                        return entry
        for c in noun.rights:
            # a noun with its preposition: "her call for talks" asks, "a call with Kyiv" talks
            if c.dep_ == "prep":
                for form in (noun.lower_, noun.lemma_.lower()):
                    entry = self.lex.nouns.get(f"{form} {c.lower_}")
                    if entry is not None:
                        return entry
        return self.args.noun_entry(noun)

    def _has_own_time_or_place(self, noun: Token) -> bool:
        sub = {t.i for t in noun.subtree}
        return any(d.start_token in sub for d in self.ctx.dates) or any(
            p.start_token in sub for p in self.ctx.places
        )


def obliging_clause(verb: Token) -> Token | None:
    """The clause a stating verb says some party must or should carry out ("said Kyiv must
    withdraw"), or None: that clause is the demand's content, not an event of its own."""
    if verb.pos_ not in VERBS or verb.lemma_.lower() not in _STATING:
        return None
    for c in verb.children:
        if (
            c.dep_ == "ccomp"
            and any(a.dep_ == "aux" and a.lower_ in _OBLIGING for a in c.children)
            and any(a.dep_ in ("nsubj", "nsubjpass") for a in c.children)
        ):
            return c
    return None


def _vowed(verb: Token) -> bool:
    """Whether the verb's infinitive (through "keep"/"continue") hangs on a vow or a readiness."""
    tok = verb
    for _ in range(3):
        if tok.dep_ != "xcomp":
            return False
        tok = tok.head
        lemma = tok.lemma_.lower()
        if (tok.pos_ == "ADJ" and lemma in _READY) or (tok.pos_ in VERBS and lemma in _VOWING):
            return True
    return False


def _wished(verb: Token) -> bool:
    """ "for X to <verb>": an infinitive with its own subject brought in by "for" names what is
    wished or called for ("a call for the rebels to disarm"), never what happened."""
    children = list(verb.children)
    to = next((c for c in children if c.dep_ == "aux" and c.lower_ == "to"), None)
    if to is None:
        return False
    if any(c.dep_ == "mark" and c.lower_ == "for" for c in children) and any(
        c.dep_ in SUBJECTS for c in children
    ):
        return True
    # the parser may hang "for the rebels" on the noun before: "a climate for the rebels to disarm"
    before = verb.doc[to.i - 1] if to.i > 0 else None
    return before is not None and before.dep_ == "pobj" and before.head.lower_ == "for"


def _unaimed(verb: Token) -> bool:
    """No object and no "against"/"with" phrase: "fight on", not "fight corruption"."""
    return not any(
        c.dep_ in ("dobj", "attr") or (c.dep_ == "prep" and c.lower_ in ("against", "with"))
        for c in verb.children
    )


def _counted(dobj: Token | None) -> Token | None:
    """ "reached a number of agreements": what is counted is the object."""
    if dobj is None or dobj.lemma_.lower() not in _QUANTITY_NOUNS:
        return dobj
    return next(
        (g for c in dobj.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
         if g.dep_ == "pobj" and g.pos_ == "NOUN"),
        dobj,
    )  # fmt: skip


def _stays_away(verb: Token) -> bool:
    """ "Putin will not attend the talks": who stays away is no party to them."""
    return verb.lemma_.lower() in _ATTENDING and any(c.dep_ == "neg" for c in verb.children)


def _quality(verb: Token) -> bool:
    """A copula with an adjective that tells what an event is like ("the talks were not easy"),
    not whether it takes place ("talks are underway")."""
    return verb.lemma_ == "be" and any(
        c.dep_ == "acomp" and c.lower_ not in _UNDER_WAY for c in verb.children
    )


def _tells_past(verb: Token) -> bool:
    """The verb's clause tells what happened ("insisted that it had not fired", "insisted the vote
    was fair"), with no modal or obligation in it ("insisted that Kyiv must withdraw", "insisted
    the talks had to go on", "demanded that Moscow withdraw" stay demands, and so does a question).
    """
    clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if clause is None or clause.pos_ not in ("VERB", "AUX"):
        return False
    if any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in clause.children):
        return False  # "asked whether the envoys were ready to meet": a question still asks
    if any(t.dep_ == "aux" and (t.lower_ in _MODALS or t.lower_ in _OBLIGING) for t in clause.subtree):
        return False
    if clause.lemma_.lower() in ("have", "need") and any(c.dep_ == "xcomp" for c in clause.children):
        return False  # "had to go on", "needed to stop"
    perfect = clause.tag_ == "VBN" and any(
        c.dep_ in ("aux", "auxpass") and c.lower_ in ("had", "has", "have") for c in clause.children
    )
    return clause.tag_ == "VBD" or perfect


def _unnamed(verb: Token) -> bool:
    """ "a diplomat who asked not to be named", "requested anonymity": the terms on which a
    source speaks, no request of any party."""
    for c in verb.children:
        if c.dep_ == "dobj" and c.lemma_.lower() in _UNNAMED_NOUNS:
            return True
        if c.dep_ == "xcomp" and (
            (c.lemma_.lower() in _UNNAMED_VERBS and any(a.dep_ == "auxpass" for a in c.children))
            or any(t.lower_ in _UNNAMED_NOUNS for t in c.subtree)
        ):
            return True
    return False


def _linked(verb: Token, lex: Lexeme) -> list[Token]:
    """The objects of the verb's target prepositions: "talk to reporters"."""
    return [
        o
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ in lex.preps
        for o in c.children
        if o.dep_ == "pobj"
    ]


def _fits(verb: Token, lex: Lexeme, dobj: Token | None) -> bool:
    """Whether the verb's clause has the shape its reading asks for (a preposition, no clause …)."""
    if lex.needs_prep and not any(c.dep_ == "prep" and c.lower_ in lex.needs_prep for c in verb.children):
        return False
    if lex.no_clause and any(c.dep_ == "ccomp" for c in verb.children):
        return False
    if lex.no_object and dobj is not None:
        return False
    if lex.not_objects and any(
        t.lemma_.lower() in lex.not_objects or t.lower_ in lex.not_objects
        for t in (dobj, *(c for c in verb.children if c.dep_ == "nsubjpass"), *_linked(verb, lex))
        if t is not None
    ):
        return False  # "exchanged memorandums", "views were exchanged": no prisoners change hands
    if lex.mode == "visit" and any(c.dep_ == "nsubj" and c.lower_ == "it" for c in verb.children):
        return False  # "when it comes to the conflict": nobody travels
    if lex.speech and verb.tag_ == "VBN" and not any(c.dep_ in (*SUBJECTS, "agent") for c in verb.children):
        return False  # "when asked about …": nobody asks anybody
    if lex.type == "REQUEST" and lex.speech and _tells_past(verb):
        return False  # "insisted it had not fired the rockets": a claim about the past, no demand
    if lex.future_clause:
        # the clause before an object the parser split off it: "warned [the war] went on"
        clause = next((c for c in verb.children if c.dep_ == "ccomp"), None) or next(
            (c for c in verb.children if c.dep_ == "dobj"), None
        )
        modal = clause is not None and any(t.dep_ == "aux" and t.lower_ in _MODALS for t in clause.subtree)
        if clause is not None and clause.dep_ == "ccomp" and not modal:
            return False
    return True


def _in_state(noun: Token) -> bool:
    """ "have been in talks", "are in negotiations with": the noun is a state its subject is in."""
    prep = noun.head
    return (
        noun.dep_ == "pobj"
        and prep.lower_ == "in"
        and prep.dep_ == "prep"
        and prep.head.lemma_.lower() == "be"
    )


def _with_links(sense: Lexeme, hand: Lexeme, noun: Lexeme | None = None) -> Lexeme:
    """The dictionary's coding of a clause with the hand-made entry's argument links; a two-sided
    object of the same kind keeps it two-sided ("A and B struck an agreement": A with B)."""
    return Lexeme(
        type=sense.type,
        cameo=sense.cameo,
        mode=sense.mode,
        sym=hand.sym or (noun is not None and noun.sym and not other_sense(noun.type, sense.type)),
        preps=tuple(dict.fromkeys(hand.preps + sense.preps)),
        no_target=hand.no_target,
        implicit_target=False,
        objects_actor=hand.objects_actor,  # "fight for a homeland" is still no fight with a party
    )


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
