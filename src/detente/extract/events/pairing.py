"""Who faces whom: pairing a draft's parties, the parties a sentence implies, and refusals.

"A and B met" pairs A with B; "A and B will meet C" gives each of them C; a one-sided talk
gets the other main party; "Morocco rejected the proposal" answers whoever made the last
offer; "did not accept" is a refusal that happened; a host, mediator or broker is no party
of the talks it hosts or brokers ("Qatar hosted talks between Israel and Hamas").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from detente.codes import is_state_code
from detente.extract.events.records import Draft, Sides, dedupe, ref_key
from detente.extract.grammar import VERBS
from detente.extract.parties import Parties
from detente.lexicon.triggers import Lexeme
from detente.lexicon.words import words
from detente.records import ActorRef

if TYPE_CHECKING:
    from spacy.tokens import Token

    from detente.extract.context import ArticleContext
    from detente.extract.events.arguments import Arguments

# Words of an offer another party can answer: "rejected the proposal" answers its maker.
OFFERS = words("events.offers")
# Verbs whose object is whom the subjects meet, not what they discuss.
_MEET_WHOM = words("events.meet_whom")
_DEMONSTRATIVES = words("events.offer_determiners")
_VENUE_PREPS = words("events.venue_preps")
# Verbs of a host, mediator or broker: no party of the talks it hosts or brokers (PLOVER).
_THIRD_PARTY = words("events.third_party_verbs")


def pair(ctx: ArticleContext, args: Arguments, d: Draft, last_offer: ActorRef | None) -> Sides | None:
    """The draft's sources and targets once paired, or None when it has no party at all."""
    parties = ctx.parties
    brokered = third_party(args, d)
    if brokered is not None:
        return brokered if brokered.sources or brokered.targets else None
    sides = _paired(parties, d)
    if not sides.sources and not sides.targets:
        sides = _main_parties(parties, args, d) or sides
    sources, targets, inferred = sides.sources, sides.targets, sides.inferred
    if not sources and not targets:
        return None
    if (
        sources
        and not targets
        and last_offer is not None
        and answers_an_offer(d)
        and all(different_sides(last_offer, s, parties) for s in sources)
    ):
        # "Morocco rejected the proposal": the one the envoy made two sentences before
        targets, inferred = [last_offer], True
    if sources and not targets and not d.lex.no_target and d.lex.implicit_target:
        targets = implicit_target(ctx, d.anchor, sources)
        inferred = inferred or bool(targets)
    return Sides(sources, targets, inferred)


def _paired(parties: Parties, d: Draft) -> Sides:
    """Releases and two-sided events paired up from the parties the parse gave."""
    sources, targets, inferred = d.sources, d.targets, d.inferred
    dyad = parties.dyad
    if d.lex.mode == "release" and not sources and len(targets) == 1 and dyad:
        # "Israeli hostages will be released": by the other main party
        by = [p for p in dyad if different_sides(p, targets[0], parties)]
        if len(by) == 1:
            sources, inferred = by, True
    if d.lex.mode == "release" and not d.lex.sym and len(sources) >= 2 and not targets:
        # "They agreed to hand over the bodies": a mutual release, one side to the other.
        sources, targets = sources[:1], sources[1:2]
    elif d.lex.sym:
        # Two-sided: conjoined subjects pair up first ("Putin and Zelensky will discuss X").
        everyone = dedupe(sources) if len(sources) >= 2 else dedupe(sources + targets)
        if len(sources) >= 2 and targets and (d.anchor.lemma_.lower() in _MEET_WHOM or _faced_with(d)):
            pass  # "A and B will meet C", "A and B signed deals with C": each of them faces C
        elif len(everyone) >= 2:
            # "a meeting between US envoys Witkoff and Kushner and Hamas leaders": the first party
            # faces the first one named on another side, not its own companion
            facing = next((p for p in everyone[1:] if different_sides(p, everyone[0], parties)), everyone[1])
            sources, targets = everyone[:1], [facing]
        elif len(everyone) == 1 and dyad and not d.lex.no_target:
            other = next((p for p in dyad if different_sides(p, everyone[0], parties)), None)
            sources, targets = everyone, [other] if other else []
            inferred = inferred or other is not None
    return Sides(sources, targets, inferred)


def _faced_with(d: Draft) -> bool:
    """Whether the trigger names whom its subjects face with "with", on itself or its object:
    "A and B normalised relations with C", "A and B signed agreements with C"."""
    heads = [d.anchor, *(c for c in d.anchor.children if c.dep_ == "dobj")]
    return any(
        p.dep_ == "prep"
        and p.lower_ == "with"
        # "with Oman's minister mediating" says who else was there, not whom they faced
        and not any(
            o.tag_ == "VBG" or o.lower_.endswith("ing") or any(g.dep_ in ("acl", "relcl") for g in o.children)
            for o in p.children
        )
        for h in heads
        for p in h.children
    )


def third_party(args: Arguments, d: Draft) -> Sides | None:
    """The sides of talks a third party hosts, mediates or brokers; None for any other draft.

    "Qatar hosted talks between Israel and Hamas", "the talks were mediated by Egypt",
    "Norway mediated between the government and the rebels": the talks' parties face each
    other and the host is neither; a host with no talks' parties in sight keeps its own
    record without a counterpart (no co-mediator nor main party is made its other side);
    "hosted talks with Ukraine" makes the host one side, read as any other verb.
    """
    verb = d.anchor
    if verb.pos_ not in VERBS or verb.lemma_.lower() not in _THIRD_PARTY:
        return None
    hosts = d.sources
    talks: list[ActorRef] = []
    talked = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    # "a new round of talks between A and B": the talks are inside the object
    talked += [
        g for c in talked for p in c.children if p.lower_ == "of" for g in p.children if g.dep_ == "pobj"
    ]
    for c in talked:
        noun = args.noun_entry(c)
        if noun is not None:
            s2, t2 = args.of_noun(c, noun)
            talks += s2 + t2
    # "mediated between A and B", "brokered a truce between A and B"
    for c in (verb, *talked):
        for p in c.children:
            if p.dep_ == "prep" and p.lower_ == "between":
                talks += [r for o in p.children if o.dep_ == "pobj" for r in args.parties.resolve(o)]
    talks = [r for r in dedupe(talks) if all(ref_key(r) != ref_key(h) for h in hosts)]
    if len(talks) >= 2:
        return Sides(talks[:1], talks[1:2])
    if talks and d.lex.mode != "third-party":
        return None  # "Russia hosted talks with Ukraine": the host takes part, read as any verb
    if talks:
        # "mediated between the army and the RSF" with one side read: the other main party
        # (never the mediator itself, which a main-party guess may have taken for a side)
        other = next(
            (
                p
                for p in args.parties.dyad or ()
                if different_sides(p, talks[0], args.parties) and all(ref_key(p) != ref_key(h) for h in hosts)
            ),
            None,
        )
        return Sides(talks, [other] if other is not None else [], other is not None)
    targets = [t for t in d.targets if all(ref_key(t) != ref_key(h) for h in hosts)]
    return Sides(hosts, targets, d.inferred)


def _main_parties(parties: Parties, args: Arguments, d: Draft) -> Sides | None:
    """ "a deal is to be signed", "the officials will speak again": the two main parties."""
    dyad = parties.dyad
    if not d.lex.sym or not dyad or d.anchor.pos_ not in VERBS:
        return None
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in d.anchor.children)
    subj = args.subject(d.anchor)
    generic = subj is not None and subj.pos_ == "NOUN" and not parties.resolve(subj)
    if not (passive or generic):
        return None
    return Sides([dyad[0]], [dyad[1]], inferred=True)


def refusal(lex: Lexeme, status: str, sources: list[ActorRef]) -> tuple[Lexeme, str]:
    """ "will not recognise", "did not accept": a negated agreement is a refusal, and it happened."""
    if status == "negated" and lex.type in ("AGREE", "SUPPORT", "CONCEDE") and sources:
        return Lexeme(type="REJECT", cameo="120", sym=lex.sym), "occurred"
    return lex, status


def answers_an_offer(d: Draft) -> bool:
    """A rejection or acceptance of "the proposal", "this plan", "the offer"."""
    if d.lex.type not in ("REJECT", "AGREE") or d.anchor.pos_ not in VERBS:
        return False
    if d.anchor.dep_ == "relcl" and d.anchor.head.lemma_.lower() in OFFERS:
        return True  # "…, an offer Machar rejected": the offer its clause hangs on
    return any(
        c.dep_ in ("dobj", "nsubjpass")
        and c.lemma_.lower() in OFFERS
        and any(g.lower_ in _DEMONSTRATIVES for g in c.children)
        for c in d.anchor.children
    )


def makes_an_offer(d: Draft) -> bool:
    """Whether the draft's trigger is an offer another party may later answer."""
    return any(t.lemma_.lower() in OFFERS for t in d.trigger)


def implicit_target(ctx: ArticleContext, head: Token, sources: list[ActorRef]) -> list[ActorRef]:
    """A target the sentence implies: a party inside the complement, else the other main party."""
    parties = ctx.parties
    if head.pos_ in VERBS:
        for c in head.children:
            if c.dep_ in ("dobj", "xcomp", "ccomp", "prep", "dative", "advcl") and c.i > head.i:
                # Near the verb only: "demanding the bodies of X" does not make X the target.
                for t in (t for t in c.subtree if depth_below(t, head) <= 3):
                    m = parties.mention_at(t)
                    if t.dep_ == "pobj" and t.head.lower_ in _VENUE_PREPS:
                        continue  # "talks in Oman": a venue, not a party
                    if t.i in ctx.place_at and t.dep_ != "pobj":
                        continue  # "the Istanbul talks" (but "cut supplies to Moldova" names whom)
                    if (
                        m is not None
                        and is_state_code(m.country)
                        and all(different_sides(parties.ref(m), s, parties) for s in sources)
                    ):
                        return [parties.ref(m)]
    dyad = parties.dyad
    if dyad and any(not all(different_sides(d, s, parties) for d in dyad) for s in sources):
        # the source is one of the two sides: the other one (a rebel group is not its state)
        return [p for p in dyad if all(different_sides(p, s, parties) for s in sources)][:1]
    return []


def depth_below(tok: Token, top: Token) -> int:
    """How many heads up from `tok` to `top` (at most 20)."""
    depth = 0
    while tok.i != top.i and tok.head.i != tok.i and depth < 20:
        tok = tok.head
        depth += 1
    return depth


def different_sides(a: ActorRef, b: ActorRef, parties: Parties) -> bool:
    """Two refs are different sides: other actors, and not one state twice (a rebel group is not its state)."""
    if a.actor_id is not None and a.actor_id == b.actor_id:
        return False
    if a.country != b.country:
        return True
    kinds = {parties.actors[r.actor_id].type for r in (a, b) if r.actor_id in parties.actors}
    return "group" in kinds
