"""Who a noun phrase stands for: actor refs for tokens, pronouns, group nouns and "the two sides".

`Parties` is built once per article from its actor mentions (and roles, for descriptions
such as "Russia's top negotiator"); events, quotes and positions ask it who an argument is.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from detente.codes import NON_STATE, is_country_id
from detente.lexicon.actors import Knowledge
from detente.records import Actor, ActorRef, Mention, Role

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Heads of noun phrases that stand for a party when a country or actor modifies them.
GROUP_NOUNS = frozenset(
    "delegation delegations team teams side sides negotiators negotiator government army forces troops military "
    "officials official authorities ministry leadership representatives diplomats delegates administration regime "
    "parliament president leader leaders envoy envoys minister ministers spokesman spokeswoman spokesperson "
    "counterpart counterparts negotiating group groups mediators coalition allies partners aide aides adviser "
    "advisers advisor advisors chief head premier cabinet office soldiers fighters militants rebels units "
    "navy command commanders intelligence services service source sources powers states nations countries "
    "lawmakers legislators mps deputies senators ministers diplomat militia fighters officers participants "
    "members member".split()
)
# "The two sides", "both parties": the article's two main parties.
_BOTH = frozenset(
    "sides parties delegations negotiators countries nations adversaries belligerents factions".split()
)
_PERSON_PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
_THING_PRONOUNS = frozenset({"it", "its"})
_RELATIVE = frozenset({"who", "which", "that", "whom", "whose"})
_REF_DEPS = frozenset({"amod", "compound", "poss", "nmod", "npadvmod"})
# Singular nouns that describe one person: "Russia's top negotiator", "the Kremlin spokesman".
_DESCRIPTIONS = frozenset(
    "president minister negotiator spokesman spokeswoman spokesperson aide adviser advisor envoy head chief "
    "leader premier chancellor secretary official counterpart ambassador commander general director king emir "
    "prince sheikh mediator diplomat representative".split()
)
_STATE_NOUNS = frozenset({"government", "authorities", "state"})
# Nouns by which a report refers back to an armed group it has named: "the group said …".
_GROUP_ANAPHORA = frozenset(
    {"group", "movement", "militia", "rebels", "militants", "insurgents", "organisation", "organization"}
)
_LEADER_WORDS = frozenset({"president", "prime", "premier", "chancellor", "king", "emir", "leader", "sultan"})


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
        self.dyad = self._main_dyad(mentions)

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
        heads = [tok, *(_conjuncts(tok) if conj else ())]
        out: list[ActorRef] = []
        for h in heads:
            found = self._pronoun(h, avoid) if h.pos_ == "PRON" and avoid else self._resolve_one(h)
            for r in found:
                if all(not _same(r, o) for o in out):
                    out.append(r)
        if conj and out:
            for r in self._paired(tok, out):
                if all(not _same(r, o) for o in out):
                    out.append(r)
        return out

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

    def _resolve_one(self, h: Token) -> list[ActorRef]:
        m = self.by_token.get(h.i)
        if m is not None:
            return [self.ref(m)]
        low = h.lower_
        if h.pos_ == "PRON":
            if low in _RELATIVE and h.dep_ in ("nsubj", "nsubjpass") and h.head.dep_ == "relcl":
                return self.resolve(h.head.head, conj=False)
            return self._pronoun(h)
        if low in _BOTH and h.tag_ in ("NNS", "NNPS") and self.dyad:
            mods = self._modifiers(h)
            warring = any(c.lower_ in ("warring", "rival", "opposing", "two", "both") for c in h.children)
            # "the two sides"; "Ethiopia's warring sides": both main parties, when the modifier is one of them.
            if not mods or (warring and all(m.country in {d.country for d in self.dyad} for m in mods)):
                return list(self.dyad)
        bare = (low in _STATE_NOUNS or low in _GROUP_ANAPHORA) and (
            any(c.lower_ == "the" for c in h.children) and not self._modifiers(h)
        )
        if bare and low in _STATE_NOUNS:
            state = self._state_side()  # "the government" where a state faces its own rebels
            if state is not None and not any(c.dep_ == "prep" for c in h.children):
                return [ActorRef(state.actor_id, _np_text(h), state.country, "GOV")]
        if bare and low in _GROUP_ANAPHORA:
            group = self._recent_group(h)  # "said the group was ready": the armed group just named
            if group is not None:
                return [group]
        if low == "counterpart":
            other = self._counterpart(h)
            if other is not None:
                return [other]
        if low in GROUP_NOUNS or h.lemma_.lower() in GROUP_NOUNS:
            described = self._described_person(h)
            if described is not None:
                return [described]
            mods = self._modifiers(h)
            if mods:
                out = []
                name = _np_text(h)
                sector = self.kb.sector_of(h.text)
                for m0 in mods:  # "Russian and Ukrainian delegations": one party per modifier
                    ref = self.ref(m0)
                    if self.actors.get(m0.actor_id) is not None and self.actors[m0.actor_id].type == "person":
                        out.append(ref)  # "Zelensky's team" acts for Zelensky's side: keep the person
                    else:
                        out.append(
                            ActorRef(
                                actor_id=m0.actor_id,
                                name=name,
                                country=ref.country,
                                sector=sector or ref.sector,
                            )
                        )
                return out
            for child in h.children:  # "officers representing the government": whom they act for
                if child.dep_ == "acl" and child.lemma_.lower() in ("represent", "loyal"):
                    for obj in child.children:
                        found = self._resolve_one(obj) if obj.dep_ in ("dobj", "pobj") else []
                        if found:
                            return [ActorRef(r.actor_id, _np_text(h) + " representing " + r.name,
                                             r.country, r.sector) for r in found]  # fmt: skip
            for child in h.children:  # "representatives of Russia", "the head of Ukraine's delegation"
                if child.dep_ == "prep" and child.lower_ in ("of", "for", "from"):
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            found = self.resolve(pobj)  # "delegations from Georgia, Russia and the US"
                            if found:
                                return [
                                    ActorRef(
                                        r.actor_id,
                                        _np_text(h) + f" {child.lower_} " + r.name,
                                        r.country,
                                        self.kb.sector_of(h.text) or r.sector,
                                    )
                                    for r in found
                                ]
            if h.tag_ in ("NNS", "NNPS"):
                # An unnamed party, as written: "opposition lawmakers", "Abkhaz participants",
                # "officers from the western delegation" (who they are is where they come from).
                origin = next((c for c in h.children if c.dep_ == "prep" and c.lower_ == "from"), None)
                written: str | None = None
                if any(
                    c.dep_ in ("amod", "compound") and c.pos_ in ("NOUN", "ADJ", "PROPN") for c in h.children
                ):
                    written = _np_text(h)
                elif origin is not None:
                    written = _np_text(h) + " " + " ".join(t.text for t in origin.subtree)
                if written is not None:
                    return [
                        ActorRef(actor_id=None, name=written, country=None, sector=self.kb.sector_of(h.text))
                    ]
        return []

    def _modifiers(self, h: Token) -> list[Mention]:
        found = []
        kids = [c for c in h.children if c.dep_ in _REF_DEPS]
        kids += [g for c in kids for g in c.children if g.dep_ == "conj"]
        for child in sorted(kids, key=lambda t: t.i):
            if child.dep_ in (*_REF_DEPS, "conj"):
                m = self.by_token.get(child.i)
                if m is None and child.dep_ == "poss" and child.pos_ == "PRON":
                    refs = self._pronoun(child)
                    m = self._mention_of(refs[0]) if refs else None
                if m is not None:
                    found.append(m)
        return found

    def _mention_of(self, ref: ActorRef) -> Mention | None:
        for _, _, m in self.spans:
            if m.actor_id == ref.actor_id:
                return m
        return None

    def _pronoun(self, tok: Token, avoid: Sequence[ActorRef] = ()) -> list[ActorRef]:
        low = tok.lower_
        if low in ("they", "them", "their", "theirs"):
            return self._plural(tok)
        want = "person" if low in _PERSON_PRONOUNS else "thing" if low in _THING_PRONOUNS else None
        if want is None:
            return []
        banned = {a.actor_id for a in avoid if a.actor_id}
        kinds = ("person",) if want == "person" else ("country", "organization", "group")
        floor = self._sentence_start(tok, back=2)
        found: list[tuple[int, int, Mention]] = []
        for start, end, m in self.spans:
            if start >= tok.i:
                break
            actor = self.actors.get(m.actor_id)
            if start >= floor and actor is not None and actor.type in kinds and m.actor_id not in banned:
                found.append((start, end, m))
        if not found:
            return []
        # A subject in the pronoun's own sentence beats a later object ("X told Y that he …").
        here = [
            f
            for f in found
            if f[0] >= tok.sent.start and self.doc[f[0] : f[1]].root.dep_ in ("nsubj", "nsubjpass")
        ]
        return [self.ref((here or found)[-1][2])]

    def _state_side(self) -> ActorRef | None:
        """The state of a civil conflict's main dyad (Colombia against the ELN), if it is one."""
        if self.dyad is None:
            return None
        kinds = [self.actors[r.actor_id].type if r.actor_id in self.actors else None for r in self.dyad]
        if sorted(map(str, kinds)) != ["country", "group"] or self.dyad[0].country != self.dyad[1].country:
            return None
        return self.dyad[kinds.index("country")]

    def _recent_group(self, tok: Token) -> ActorRef | None:
        """The armed group or movement last named in this sentence or the three before."""
        floor = self._sentence_start(tok, back=3)
        last = None
        for start, _, m in self.spans:
            if start >= tok.i:
                break
            actor = self.actors.get(m.actor_id)
            if start >= floor and actor is not None and actor.type == "group":
                last = m
        return self.ref(last) if last is not None else None

    def _plural(self, tok: Token) -> list[ActorRef]:
        """ "they", "their": the plural subject of this sentence or the one before."""
        sents = [tok.sent]
        if tok.sent.start > 0:
            sents.append(self.doc[tok.sent.start - 1].sent)
        for sent in sents:
            for t in sent:
                if t.i >= tok.i and sent is sents[0]:
                    break
                if (
                    t.dep_ in ("nsubj", "nsubjpass")
                    and t.pos_ != "PRON"
                    and (t.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in t.children))
                ):
                    refs = self.resolve(t)
                    if refs:
                        return refs
        return []

    def _sentence_start(self, tok: Token, back: int) -> int:
        sent = tok.sent
        for _ in range(back):
            if sent.start == 0:
                break
            sent = self.doc[sent.start - 1].sent
        return sent.start

    def _counterpart(self, h: Token) -> ActorRef | None:
        """ "telephoned his new counterpart", "met her Turkish counterpart": the person last named
        on the other side (of the country a demonym gives, when one does)."""
        owner: ActorRef | None = None
        want = None
        for c in h.children:
            if c.dep_ == "poss":
                refs = self._pronoun(c) if c.pos_ == "PRON" else self._resolve_one(c)
                owner = refs[0] if refs else None
            m = self.by_token.get(c.i)
            if c.dep_ in ("amod", "compound") and m is not None and m.country:
                want = m.country
        if owner is None:
            return None
        last: Mention | None = None
        for start, _, m in self.spans:
            if start >= h.i and last is not None:
                break
            actor = self.actors.get(m.actor_id)
            if actor is None or actor.type != "person" or m.actor_id == owner.actor_id:
                continue
            ref = self.ref(m)
            if want is not None and ref.country != want:
                continue
            if want is None and owner.country and ref.country == owner.country:
                continue
            last = m
        return self.ref(last) if last is not None else None

    def _described_person(self, h: Token) -> ActorRef | None:
        """ "Russia's top negotiator", "the Kremlin spokesman" → the person the article gives that role."""
        if h.tag_ in ("NNS", "NNPS") or h.lower_ not in _DESCRIPTIONS:
            return None
        for c in h.children:  # "the head of Russia's delegation, Vladimir Medinsky": the name is right there
            m = self.by_token.get(c.i)
            if c.dep_ == "appos" and m is not None and m.label == "PERSON":
                return self.ref(m)
        words = {t.lower_ for t in h.subtree if t.is_alpha} - {"the", "a", "s", "of"}
        country = None
        for m in self._modifiers(h):
            country = m.country or country
        for t in h.subtree:  # "the head of the Russian delegation": the side is in the phrase
            m = self.by_token.get(t.i)
            if country is None and m is not None and m.label in ("GPE", "NORP") and m.country:
                country = m.country
        best: tuple[int, Role] | None = None
        for role in self.roles:
            if role.start > h.idx + 2000:
                continue
            if country and role.country and role.country != country:
                continue
            overlap = len(words & set(role.role.lower().split()))
            if h.lower_ in role.role.lower() and overlap and (best is None or overlap > best[0]):
                best = (overlap, role)
        holder = best[1].actor_id if best is not None else None
        if best is None or holder is None:
            return self._known_holder(h, country)
        role = best[1]
        return ActorRef(
            actor_id=holder,
            name=self._name_of(holder, h),
            country=role.country,
            sector=role.sector,
        )

    def _name_of(self, actor_id: str, h: Token) -> str:
        """How the article names a person a description points at (its nearest earlier mention)."""
        name = None
        for start, _, m in self.spans:
            if m.actor_id == actor_id and (name is None or start < h.i):
                name = m.text
        return name or _np_text(h)

    def _known_holder(self, h: Token, country: str | None) -> ActorRef | None:
        """ "the Ukrainian president": the article's person whose known office it is."""
        if country is None:
            return None
        words = _LEADER_WORDS if h.lower_ == "leader" else {h.lower_}
        for _, _, m in self.spans:
            actor = self.actors.get(m.actor_id)
            if actor is None or actor.type != "person" or actor.country != country:
                continue
            entry = self.kb.lookup(actor.name)
            if entry is not None and any(words & set(r.lower().split()) for r in entry.roles[:1]):
                return ActorRef(
                    actor_id=actor.id, name=self._name_of(actor.id, h), country=country, sector=actor.sector
                )
        return None

    # -- the article's main parties ---------------------------------------------------------
    def _as_place(self, m: Mention) -> bool:
        """A country or capital named as where something happens ("talks in Pretoria") is no party."""
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            return False
        root = span.root
        return root.dep_ == "pobj" and root.head.lower_ in ("in", "at", "to", "from", "near")

    def _main_dyad(self, mentions: Iterable[Mention]) -> tuple[ActorRef, ActorRef] | None:
        counts: Counter[str] = Counter()
        first: dict[str, Mention] = {}
        for m in mentions:
            actor = self.actors.get(m.actor_id)
            if (
                actor is None
                or actor.type == "person"
                or not m.country
                or (m.sector or actor.sector) in ("JRN",)
            ):
                continue
            if m.country in NON_STATE or self._as_place(m):
                continue
            key = m.country if actor.type == "country" else m.actor_id
            counts[key] += 1
            first.setdefault(key, m)
        ranked = [k for k, n in counts.most_common() if n >= 2]
        picked: list[ActorRef] = []
        for key in ranked:
            m = first[key]
            actor = self.actors[m.actor_id]
            # One side per state — but a rebel group and its own state are two sides (DRC and M23).
            if any(
                p.country == m.country and (actor.type != "group") == is_country_id(p.actor_id)
                for p in picked
            ):
                continue
            name = actor.name
            picked.append(
                ActorRef(
                    actor_id=m.actor_id if actor.type != "country" else actor.id,
                    name=name,
                    country=m.country,
                    sector=None,
                )
            )
            if len(picked) == 2:
                return picked[0], picked[1]
        return None


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


def _conjuncts(tok: Token) -> list[Token]:
    out = []
    stack = [c for c in tok.children if c.dep_ == "conj"]
    # "Kyiv, its allies and the United States": the list is often parsed as an apposition.
    stack += [g for c in tok.children if c.dep_ == "appos" for g in c.children if g.dep_ == "conj"]
    while stack:
        c = stack.pop(0)
        out.append(c)
        stack.extend(x for x in c.children if x.dep_ == "conj")
    return out


def _same(a: ActorRef, b: ActorRef) -> bool:
    return a.actor_id == b.actor_id and a.actor_id is not None


def _np_text(h: Token) -> str:
    """The noun phrase of a head without relative clauses, appositions or trailing prepositions."""
    keep = [h]
    for child in h.children:
        if child.i < h.i and child.dep_ not in ("punct", "cc", "conj", "prep", "relcl", "appos", "acl"):
            keep.extend(child.subtree)
    tokens = sorted({t.i: t for t in keep}.values(), key=lambda t: t.i)
    text = " ".join(t.text for t in tokens).replace(" 's", "'s").replace(" ’s", "’s")
    return text


def span_of(doc: Doc, start: int, end: int) -> Span | None:
    """The token span covering character offsets."""
    return doc.char_span(start, end, alignment_mode="expand")
