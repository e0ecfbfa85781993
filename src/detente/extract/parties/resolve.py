"""Who a noun phrase stands for: actor refs for tokens, pronouns, group nouns and "the two sides".

`Parties` is built once per article from its actor mentions (and roles, for descriptions
such as "Russia's top negotiator"); events, quotes and positions ask it who an argument is.
It indexes the mentions by token and asks the resolvers of `resolvers.RESOLVERS`, in order,
what each phrase head stands for.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from detente.extract.grammar import PARTY_MODIFIERS
from detente.extract.parties.dyad import main_dyad
from detente.extract.parties.phrase import conjuncts
from detente.extract.parties.resolvers import RESOLVERS, refer_back
from detente.lexicon.actors import Knowledge
from detente.records import Actor, ActorRef, Mention, Role

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

MentionTest = Callable[[int, int, Mention], bool]
"""A test of one mention by its token span (start, end) and itself."""


class Parties:
    """Actor refs for the tokens of one parsed article."""

    def __init__(
        self,
        doc: Doc,
        actors: Sequence[Actor],
        mentions: Sequence[Mention],
        kb: Knowledge,
        roles: Sequence[Role] = (),
        body_start: int = 0,
    ) -> None:
        self.doc = doc
        self.body_start = body_start  # chars before it are a dateline ("GENEVA —"), no subject
        self.kb = kb
        self.actors = {a.id: a for a in actors}
        self.by_token: dict[int, Mention] = {}
        self.spans: list[tuple[int, int, Mention]] = []
        for m in mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            self.spans.append((span.start, span.end, m))
            for i in range(span.start, span.end):
                self.by_token[i] = m
        self.spans.sort(key=lambda s: s[0])
        self.roles = list(roles)
        self._coding = _coding_from_roles(roles)
        self.dyad = main_dyad(doc, self.actors, mentions, kb, body_start)

    # -- refs ---------------------------------------------------------------------------------
    def ref(self, m: Mention) -> ActorRef:
        """The ref of a mention, coded by the article's own words first, then the knowledge files."""
        actor = self.actors.get(m.actor_id)
        country, sector = m.country, m.sector
        if actor is not None and actor.type == "person":
            stated = self._coding.get(m.actor_id)
            if stated:
                country = stated[0] or country
                sector = stated[1] or sector
        return ActorRef(actor_id=m.actor_id, name=m.text, country=country, sector=sector)

    def subject_of(self, verb: Token, deps: Sequence[str] = ("nsubj", "nsubjpass")) -> Token | None:
        """The verb's subject, passing over a dateline the parser took for one."""
        return next((c for c in verb.children if c.dep_ in deps and c.idx >= self.body_start), None)

    def mention_at(self, tok: Token) -> Mention | None:
        """The actor mention covering a token."""
        return self.by_token.get(tok.i)

    def resolve(self, tok: Token, conj: bool = True, avoid: Sequence[ActorRef] = ()) -> list[ActorRef]:
        """The parties a noun phrase headed by `tok` stands for (its conjuncts too, with `conj`).

        `avoid`: parties a pronoun here cannot be ("X urged him": him is not X).
        """
        heads = [tok, *(conjuncts(tok) if conj else ())]
        out: list[ActorRef] = []
        for h in heads:
            found = refer_back(self, h, avoid) if h.pos_ == "PRON" and avoid else self.resolve_one(h)
            for r in found:
                if all(not _same(r, o) for o in out):
                    out.append(r)
        if conj and out:
            for r in self._paired(tok, out):
                if all(not _same(r, o) for o in out):
                    out.append(r)
        return out

    def resolve_one(self, h: Token) -> list[ActorRef]:
        """The parties one phrase head (without its conjuncts) stands for: the first resolver's answer."""
        for resolver in RESOLVERS:
            found = resolver(self, h)
            if found is not None:
                return found
        return []

    def _paired(self, tok: Token, found: list[ActorRef]) -> list[ActorRef]:
        """ "president Ahmed al-Sharaa and Mazloum Abdi" parsed as one name: the mention on the
        other side of an "and" from one already found is a party too."""
        ids = {r.actor_id for r in found}
        sub = {t.i for t in tok.subtree}
        extra: list[ActorRef] = []
        for t in tok.subtree:
            if t.lower_ != "and" or t.i - 1 not in sub or t.i + 1 not in sub:
                continue
            left, right = self.by_token.get(t.i - 1), self.by_token.get(t.i + 1)
            if left is None or right is None or left.label != right.label:
                continue
            if left.actor_id in ids and right.actor_id not in ids:
                extra.append(self.ref(right))
            elif right.actor_id in ids and left.actor_id not in ids:
                extra.append(self.ref(left))
        return extra

    # -- looking around a phrase ----------------------------------------------------------------
    def modifiers(self, h: Token) -> list[Mention]:
        """The mentions modifying a head ("Russian and Ukrainian delegations", "his team"), in order."""
        found = []
        kids = [c for c in h.children if c.dep_ in PARTY_MODIFIERS]
        kids += [g for c in kids for g in c.children if g.dep_ == "conj"]
        for child in sorted(kids, key=lambda t: t.i):
            m = self.by_token.get(child.i)
            if m is None and child.dep_ == "poss" and child.pos_ == "PRON":
                refs = refer_back(self, child)
                m = self._mention_of(refs[0]) if refs else None
            if m is not None:
                found.append(m)
        return found

    def _mention_of(self, ref: ActorRef) -> Mention | None:
        for _, _, m in self.spans:
            if m.actor_id == ref.actor_id:
                return m
        return None

    def last_mention(
        self, before: int, keep: MentionTest, floor: int = 0, or_next: bool = False
    ) -> Mention | None:
        """The last mention that `keep` accepts starting at token `floor` or later and before token
        `before`; with `or_next`, when there is none, the first one at or after `before`."""
        last = None
        for start, end, m in self.spans:
            if start >= before:
                if last is not None or not or_next:
                    break
                if keep(start, end, m):
                    return m
            elif start >= floor and keep(start, end, m):
                last = m
        return last

    def sentence_start(self, tok: Token, back: int) -> int:
        """The first token of the sentence `back` sentences before the token's own."""
        sent = tok.sent
        for _ in range(back):
            if sent.start == 0:
                break
            sent = self.doc[sent.start - 1].sent
        return sent.start

    def state_side(self) -> ActorRef | None:
        """The state of a civil conflict's main dyad (Colombia against the ELN), if it is one."""
        if self.dyad is None:
            return None
        kinds = [self.actors[r.actor_id].type if r.actor_id in self.actors else None for r in self.dyad]
        if "country" not in kinds:
            return None
        state = self.dyad[kinds.index("country")]
        other = self.dyad[1 - kinds.index("country")]
        # its own rebels (Colombia and the ELN); a movement no knowledge file places stays out:
        # on the Aceh set "the government" read as its state added records and no recall
        own = kinds.count("group") == 1 and other.country == state.country
        return state if own else None


def _coding_from_roles(roles: Sequence[Role]) -> dict[str, tuple[str | None, str | None]]:
    out: dict[str, tuple[str | None, str | None]] = {}
    for r in roles:
        if r.actor_id is None:
            continue
        country, sector = out.get(r.actor_id, (None, None))
        # A military or intelligence role says more than a generic government one.
        if r.sector and (sector is None or (sector == "GOV" and r.sector in ("MIL", "SPY"))):
            sector = r.sector
        out[r.actor_id] = (country or r.country, sector)
    return out


def _same(a: ActorRef, b: ActorRef) -> bool:
    return a.actor_id == b.actor_id and a.actor_id is not None
