"""Events: who did what to whom, when and where, read from each sentence's dependency parse.

The parts, each its own module, run in this order for every sentence: `triggers` finds the
event words and their arguments (`arguments`) as drafts; `pairing` decides who faces whom;
`status` (the stage shared with positions) reads whether it happened, `pairing.refusal` turns
an un-happened agreement into a refusal; `attach` reads date and place; `records` writes the
events and drops a sentence's repeats.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from detente.codes import country_id, is_state_code
from detente.extract.events.arguments import Arguments
from detente.extract.events.attach import attach
from detente.extract.events.pairing import makes_an_offer, pair, refusal
from detente.extract.events.records import Draft, SentenceEvents, Sides, ref_key, to_events
from detente.extract.events.triggers import Triggers, obliging_clause
from detente.extract.grammar import NOUNS, VERBS
from detente.extract.status import demanded, status_of
from detente.lexicon.triggers import Lexeme
from detente.lexicon.words import word_list, words
from detente.records import ActorRef, Event, Place

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from detente.extract.context import ArticleContext

_BYLINES = tuple(word_list("events.byline_starts"))
_MODALS = words("events.future_modals")
_CLAIMING = words("events.claiming")
_HOSTILE = words("events.hostile_types")
# Adjectives of readiness: "ready to meet", "willing to negotiate", "prepared for talks".
_INTENT = frozenset({"ready", "prepared", "willing", "eager", "keen"})
# Promises whose content may be force ("vowed to fight on") and the force they may promise.
_PROMISING = frozenset({"vow", "pledge", "promise", "swear"})
_FORCE = frozenset({"ASSAULT", "COERCE"})
_ACCUSE = Lexeme(type="ACCUSE", cameo="112", mode="allege")
# A line this short without a closing stop is a title or a section heading, not a report.
_HEADING_WORDS = 12
_CLOSING = ".!?:;…"
_QUOTES = "\"'”’»)"


def extract_events(ctx: ArticleContext) -> tuple[Event, ...]:
    """The article's events with type, mode, CAMEO code, status, parties, date and place, in text order."""
    args = Arguments(ctx.parties, ctx.lexicon, {i: p.place for i, p in ctx.place_at.items()})
    triggers = Triggers(ctx, args)
    out: list[Event] = []
    last_offer: ActorRef | None = None  # whose proposal "the proposal" will be
    text = ctx.doc.text  # rebuilt from every token on each access: once, not once a sentence
    for sent in ctx.doc.sents:
        if not_a_report(text, sent):
            continue
        unique = SentenceEvents()
        for d in nested_repeats(threats(list(triggers.drafts(sent)))):
            for ev in _finish(ctx, args, d, sent, len(out), last_offer):
                if not unique.is_new(ev, d.lex.sym):
                    continue
                out.append(ev)
                if ev.source is not None and makes_an_offer(d):
                    last_offer = ev.source
    return tuple(out)


def _finish(
    ctx: ArticleContext,
    args: Arguments,
    d: Draft,
    sent: Span,
    n: int,
    last_offer: ActorRef | None,
    status_at: Token | None = None,
) -> Iterator[Event]:
    """The events of one draft, numbered from `n`: paired, with status (read at `status_at`, else
    at the draft's anchor), date and place."""
    if demanded(d.trigger[0]) or threatened(ctx, d.anchor) or obliged(ctx, args, d.anchor):
        return  # "urged Kyiv to accept": the REQUEST's content, not an event of its own (PLOVER)
    ready = intent_to_meet(d) if status_at is None else None
    if ready is not None:
        # "ready to meet": the readiness is an event of its own; the meeting stays unhappened
        intent = Draft(d.trigger, _intent_lex(d.lex), d.sources, d.targets, d.anchor, d.inferred)
        intents = list(_finish(ctx, args, intent, sent, n, last_offer, ready))
        yield from intents
        n += len(intents)
    sides = pair(ctx, args, d, last_offer)
    if sides is None:
        return
    lex, status = refusal(d.lex, status_of(status_at or d.anchor), sides.sources)
    if status == "occurred" and lex.mode == "visit" and d.anchor.lemma_.lower() in ("expect", "due"):
        status = "planned"  # "is expected in Istanbul on Friday": announced, still to come
    date, status, place = attach(ctx, d, sides, sent, status)
    sides = visited(lex, sides, place)
    if lex.type == "THREATEN":
        sides = voiced(ctx, args, d.anchor, sides)
    claim = claimant_of(ctx, args, d.trigger[0], sides)
    claimant = claim[0] if claim else None
    if claim is not None and lex.type in _HOSTILE and sides.sources and status == "occurred":
        # "Israel said Hamas fired rockets": Israel accuses Hamas (PLOVER ACCUSE); the firing is
        # recorded as Israel's claim only.
        accused = Sides([claim[0]], sides.sources[:1], sides.inferred)
        said = Draft([claim[1]], _ACCUSE, accused.sources, accused.targets, anchor=claim[1])
        yield from to_events(ctx.article.id, said, _ACCUSE, accused, "occurred", date, None, sent, n)
        n += 1
    yield from to_events(ctx.article.id, d, lex, sides, status, date, place, sent, n, claimant)


def threatened(ctx: ArticleContext, anchor: Token) -> bool:
    """Whether the trigger is what a threat threatens ("warned that it would strike", "threatened
    to expel"): the THREATEN event's content (PLOVER), not an event of its own."""
    clause = anchor
    if clause.dep_ == "conj" and clause.head.pos_ in VERBS:
        clause = clause.head  # "would strike and occupy": both are threatened
    gov = clause.head
    if clause.dep_ not in ("ccomp", "xcomp") or gov.pos_ not in VERBS:
        return False
    entry = ctx.lexicon.verb(gov.lemma_.lower())
    if entry is None or entry[1].type != "THREATEN":
        return False
    return clause.dep_ == "xcomp" or any(c.dep_ == "aux" and c.lower_ in _MODALS for c in clause.children)


def obliged(ctx: ArticleContext, args: Arguments, anchor: Token) -> bool:
    """Whether the trigger is what a party says another must do ("Moscow said Kyiv must
    withdraw"): the content of that party's demand (`Triggers._obligation`)."""
    clause = anchor
    if anchor.dep_ == "conj" and anchor.head.pos_ in VERBS:
        if anchor.tag_ not in ("VB", "VBN"):
            return False  # "must be freed and accused the government": a finite verb of its own
        clause = anchor.head  # "must withdraw and disarm": both are demanded
    if clause.dep_ != "ccomp" or obliging_clause(clause.head) is None:
        return False
    subj = args.subject(clause.head)
    return subj is not None and bool(ctx.parties.resolve(subj))


def nested_repeats(drafts: list[Draft]) -> list[Draft]:
    """The drafts without an event of the same type nested in another's infinitive: "promised to
    present a memorandum" is one offer (PLOVER AGREE, the presenting its content), "refused to
    reject" one refusal; an event of another type ("agreed to exchange prisoners") stays. The
    outer event takes the nested one's targets when it names none."""
    outer = {(d.anchor.i, d.lex.type): d for d in drafts}
    out = []
    for d in drafts:
        host = outer.get((d.anchor.head.i, d.lex.type)) if d.anchor.dep_ == "xcomp" else None
        if host is None or host is d:
            out.append(d)
        elif not host.targets:
            host.targets = d.targets  # "promised to present it to Kyiv": the offer is to Kyiv
    return out


def threats(drafts: list[Draft]) -> list[Draft]:
    """A promise or readiness to use force is a threat (PLOVER THREATEN, CAMEO 138): "vowed to
    keep fighting the rebels" codes the vow THREATEN, "is ready to fight for years" codes the
    readiness THREATEN; the fighting is the threat's content, not an event of its own."""
    out = list(drafts)
    for h in drafts:
        if h.lex.type not in _FORCE:
            continue
        gov = _promised_by(h.anchor)
        if gov is None:
            continue
        vow = next((d for d in out if d.anchor.i == gov.i and d.lex.type == "AGREE"), None)
        if vow is not None:
            vow.lex = _threat_lex(vow.lex)
            vow.targets = vow.targets or h.targets  # whom the force is promised against
            out.remove(h)
        elif gov.pos_ == "ADJ":
            h.lex, h.anchor = _threat_lex(h.lex), gov
    return out


def _promised_by(tok: Token) -> Token | None:
    """The promise verb or readiness adjective whose infinitive (through "keep"/"continue") is `tok`."""
    for _ in range(3):
        if tok.dep_ != "xcomp":
            return None
        tok = tok.head
        if tok.pos_ == "ADJ" and tok.lemma_.lower() in _INTENT:
            return tok
        if tok.pos_ in VERBS and tok.lemma_.lower() in _PROMISING:
            return tok
    return None


def _threat_lex(lex: Lexeme) -> Lexeme:
    """A threat of force with the threatening event's argument links."""
    return Lexeme(type="THREATEN", cameo="138", preps=lex.preps, no_target=lex.no_target)


def intent_to_meet(d: Draft) -> Token | None:
    """The readiness a meeting is the content of ("is ready to meet Putin", "prepared for talks"):
    CAMEO 036, an intent to meet or negotiate, which PLOVER codes AGREE; its clause's status."""
    if d.lex.type != "CONSULT":
        return None
    v = d.anchor
    head = v.head
    if v.pos_ in NOUNS and v.dep_ == "pobj" and head.lower_ == "for":
        head = head.head
    elif not (v.pos_ in VERBS and v.dep_ == "xcomp"):
        return None
    return head if head.pos_ == "ADJ" and head.lemma_.lower() in _INTENT else None


def _intent_lex(lex: Lexeme) -> Lexeme:
    """The readiness coded AGREE (CAMEO 036) with the meeting's argument links."""
    return Lexeme(
        type="AGREE",
        cameo="036",
        preps=lex.preps,
        no_target=lex.no_target,
        implicit_target=lex.implicit_target,
    )


def visited(lex: Lexeme, sides: Sides, place: Place | None) -> Sides:
    """A visit's target is the state visited (PLOVER): "Kiir arrived in Addis Ababa" → Ethiopia,
    unless the traveller is already at home there."""
    if lex.mode != "visit" or not lex.no_target or sides.targets or not sides.sources or place is None:
        return sides
    country = place.country
    if not is_state_code(country) or any(s.country == country for s in sides.sources):
        return sides
    state = ActorRef(actor_id=country_id(country), name=place.name, country=country, sector=None)
    return Sides(sides.sources, [state], sides.inferred)


def voiced(ctx: ArticleContext, args: Arguments, anchor: Token, sides: Sides) -> Sides:
    """A state's threat voiced by one of its own officials is the official's (PLOVER: the
    source makes the threat): "Medinsky said Russia is ready to fight for years"."""
    if not sides.sources or not all((s.actor_id or "").startswith("country:") for s in sides.sources):
        return sides
    tok = anchor
    for _ in range(4):
        if tok.dep_ == "ccomp" and tok.head.lemma_.lower() in _CLAIMING and tok.head.pos_ in VERBS:
            subj = args.subject(tok.head)
            speakers = ctx.parties.resolve(subj) if subj is not None else []
            home = {s.country for s in sides.sources}
            own = [r for r in speakers if r.country in home and not (r.actor_id or "").startswith("country:")]
            return Sides(own[:1], sides.targets, sides.inferred) if own else sides
        if tok.head.i == tok.i:
            break
        tok = tok.head
    return sides


def claimant_of(
    ctx: ArticleContext, args: Arguments, trigger: Token, sides: Sides
) -> tuple[ActorRef, Token] | None:
    """The party whose claim the event is, with its verb: the subject of "said"/"claimed" over the
    trigger's clause, when it is none of the event's own parties ("Kyiv said Russia shelled Kharkiv")."""
    if trigger.dep_ == "pcomp" and trigger.head.lower_ == "of" and trigger.head.head.pos_ in VERBS:
        verb = trigger.head.head  # "Kenya accused Somalia of shelling towns": Kenya's claim
        entry = ctx.lexicon.verb(verb.lemma_.lower())
        if entry is not None and entry[1].type == "ACCUSE":
            return _speaker(ctx, args, verb, sides)
    verb = trigger
    for _ in range(4):
        if verb.dep_ == "ccomp":
            break
        if verb.dep_ not in ("conj", "xcomp", "dobj", "nsubj", "nsubjpass") or verb.head.i == verb.i:
            return None
        verb = verb.head
    else:
        return None
    head = verb.head
    if head.lemma_.lower() not in _CLAIMING or head.pos_ not in VERBS:
        return None
    return _speaker(ctx, args, head, sides)


def _speaker(
    ctx: ArticleContext, args: Arguments, head: Token, sides: Sides
) -> tuple[ActorRef, Token] | None:
    """The subject of a claiming verb, when it is none of the event's own parties."""
    subj = args.subject(head)
    speakers = ctx.parties.resolve(subj) if subj is not None else []
    own = {ref_key(r) for r in (*sides.sources, *sides.targets)}
    found = next((r for r in speakers if ref_key(r) not in own), None)
    return (found, head) if found is not None else None


def not_a_report(text: str, sent: Span) -> bool:
    """Whether a sentence states no happening: a question, a heading or a byline.

    "When are the talks?" asks; "Talks in Turkey" on a line of its own titles a section; "By
    Jane Doe" names the writer. A line is a heading when it is short, ends without a stop and
    is followed by more text (a report cut short at its end is still a report).
    """
    said = sent.text.strip().rstrip(_QUOTES).rstrip()
    if said.endswith("?"):
        return True
    start = text.rfind("\n", 0, sent.start_char) + 1
    end = text.find("\n", sent.end_char - 1)
    if end < 0:
        return False  # the article's last line: maybe cut short, not a heading
    line = text[start:end].strip()
    lower = line.lower()
    if any(lower.startswith(b + " ") for b in _BYLINES) and len(line.split()) <= _HEADING_WORDS:
        return True
    if not line or not text[end:].strip():
        return False
    bare = line.rstrip(_QUOTES).rstrip()
    return len(line.split()) <= _HEADING_WORDS and not bare.endswith(tuple(_CLOSING))
