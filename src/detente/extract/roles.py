"""Roles people hold, as the article states them: titles, appositions, copulas, "led by".

"Deputy Foreign Minister Mikhail Galuzin" → role "Deputy Foreign Minister";
"Igor Kostyukov, a career intelligence officer and deputy naval chief" → "career intelligence
officer" and "deputy naval chief"; "a team led by Rustem Umerov" → "head of the team"; each with
the affiliation the text gives ("Russian", "Ukraine's") or else the knowledge files'.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from detente.codes import is_state_code
from detente.extract.grammar import CLAUSE_MODIFIERS, NOMINAL_SUBJECTS, NOUNS
from detente.extract.role_sides import OWN_SIDE_SECTORS, Side, SideFinder
from detente.knowledge.sides import NON_STATE_SECTORS
from detente.lexicon.actors import Knowledge
from detente.lexicon.places import Gazetteer, load_gazetteer
from detente.lexicon.words import words
from detente.records import Actor, Article, Mention, Role

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

ROLE_NOUNS = words("roles.role_nouns")
_LEAD_VERBS = words("roles.lead_verbs")
_STOP_LEFT = words("roles.stop_left")
_MAX_WORDS = 14
_STATE_OFFICES = words("roles.state_offices")
# Role words that name a side without naming it: "the rebels' negotiator", "government negotiator".
_REBEL_WORDS = words("roles.rebel_words")
_GOVERNMENT_WORDS = words("roles.government_words")
_LED_GROUPS = words("roles.led_groups")
_POSSESSIVE_S = words("possessive_s")
_JOINED_LEFT = _POSSESSIVE_S | {"-"}  # written without a space before them
_LIST_JOINERS = words("roles.list_joiners")
_CIRCUMSTANCE_PREPS = words("roles.circumstance_preps")
_RELATIVE_SUBJECTS = words("roles.relative_subjects")
# A role that is another person's office: "his Turkish counterpart" holds the Russian president's.
_COUNTERPARTS = words("roles.counterparts")
_COURTESY = words("roles.courtesy_titles")


def _is_role_word(tok: Token, kb: Knowledge) -> bool:
    low = tok.lower_.rstrip(".")
    return low in ROLE_NOUNS or low in kb.title_words


def _clean(tokens: Sequence[Token]) -> str:
    words = [t for t in tokens if not (t.is_punct and t.text not in ("-", "'s", "’s"))]
    while words and (words[0].lower_ in _STOP_LEFT or words[0].is_punct):
        words = words[1:]
    while words and (
        words[-1].is_punct or (words[-1].dep_ in ("cc", "case") and words[-1].text not in _POSSESSIVE_S)
    ):
        words = words[:-1]
    text = ""
    for t in words:
        text += t.text if not text or t.text in _JOINED_LEFT or text.endswith("-") else " " + t.text
    return text


class _Reader:
    def __init__(
        self,
        doc: Doc,
        article: Article,
        actors: Sequence[Actor],
        mentions: Sequence[Mention],
        kb: Knowledge,
        gazetteer: Gazetteer | None,
    ) -> None:
        self.doc, self.article, self.kb = doc, article, kb
        self.actors = {a.id: a for a in actors}
        self.mentions = mentions
        # Armed and political movements are sides of their own, not the country they fight in:
        # a `group:` actor, or an organisation of a non-state sector ("LTTE negotiator").
        self.groups = [
            a
            for a in actors
            if a.type == "group" or (a.type == "organization" and a.sector in NON_STATE_SECTORS)
        ]
        self.by_token: dict[int, Mention] = {}
        self.person_spans: list[tuple[Span, Mention]] = []
        for m in mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            for i in range(span.start, span.end):
                self.by_token[i] = m
            if m.label == "PERSON":
                self.person_spans.append((span, m))
        self.home = self._home_country()
        self.sides = SideFinder(doc, self.actors, self.by_token, kb, gazetteer)

    def roles(self) -> Iterator[Role]:
        seen: set[tuple[str, str]] = set()
        found: list[tuple[Span, Mention, Actor, str, Side | None]] = []
        stated: dict[str, Side] = {}  # a person's side as one of their roles states it
        for span, m in self.person_spans:
            actor = self.actors.get(m.actor_id)
            if actor is None or actor.type != "person" or self.sides.org_of(m) is not None:
                continue  # not a person, nor an organisation the model took for one
            for text, side in self._found(span):
                key = (m.actor_id, text.lower())
                if key in seen or not text:
                    continue
                seen.add(key)
                found.append((span, m, actor, text, side))
                if side is not None and not side.weak:
                    stated.setdefault(m.actor_id, side)
        for span, m in self.person_spans:  # "Hume of the SDLP", "Sinn Fein's McGuinness"
            side = self._person_side(span)
            if side is not None and not side.weak:
                stated.setdefault(m.actor_id, side)
        home = self.sides.country_side(self.home) if self.home else None
        offices: dict[str, str] = {}  # a person's first office the article states, for "his counterpart"
        for _, m, _, text, _ in found:
            if text.split()[-1].lower() not in _COUNTERPARTS:
                offices.setdefault(m.actor_id, text)
        for span, m, actor, text, side in found:
            if text.split()[-1].lower() in _COUNTERPARTS:
                text = self._counterpart_office(span, offices) or text
            # "a Saudi delegation led by ambassador X": the bare "ambassador" is Saudi too.
            side = side or stated.get(m.actor_id)
            if side is None and not actor.country and home and _STATE_OFFICES & set(text.lower().split()):
                side = home  # "President Filipe Nyusi" in a report about Mozambique
            said = set(text.lower().replace("’", " ").replace("'", " ").split())
            if side is None and said & _REBEL_WORDS and len(self.groups) == 1:
                side = self.sides.group_side(self.groups[0])  # "the rebels' chief negotiator"
            if side is None and said & _GOVERNMENT_WORDS and home:
                side = home  # "the government's lead negotiator" in a report about one state
            yield self._role(span, m, actor, text, side)

    def _counterpart_office(self, span: Span, offices: dict[str, str]) -> str | None:
        """ "his Turkish counterpart Erdogan": the office of the person he is the counterpart of,
        the one named last before him in the sentence ("the Russian president", "Putin")."""
        for t in reversed(self.doc[span.sent.start : span.start]):
            m = self.by_token.get(t.i)
            if (
                m is not None
                and m.label == "PERSON"
                and m.actor_id in offices
                and m.actor_id != self.by_token[span.start].actor_id
            ):
                office = offices[m.actor_id]
                return office if office.split()[-1].lower() not in _COUNTERPARTS else None
            if (
                m is None
                and t.pos_ == "NOUN"
                and t.lower_ in self.kb.title_words
                and t.lower_ not in _COUNTERPARTS
            ):
                words = [x for x in t.subtree if x.i <= t.i and not self._is_affiliation(x)]
                words = [
                    x
                    for x in words
                    if (x.dep_ in ("compound", "amod") and _is_role_word(x, self.kb)) or x.i == t.i
                ]
                return _clean(words) or None
        return None

    def _home_country(self) -> str | None:
        """The country the report is about: named clearly more often than any other."""
        counts: dict[str, int] = {}
        seen: set[tuple[int, int]] = set()
        for m in self.mentions:
            actor = self.actors.get(m.actor_id)
            if actor is None or actor.type != "country" or not m.country or (m.start, m.end) in seen:
                continue
            seen.add((m.start, m.end))
            counts[m.country] = counts.get(m.country, 0) + 1
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] * 2 > ranked[0][1]):
            return None
        return ranked[0][0]

    def _side_of(self, tokens: Sequence[Token]) -> Side | None:
        return self.sides.side(tokens)

    def _person_side(self, span: Span) -> Side | None:
        """The side written beside a name with no role word: "X of the Y", "Y's X"."""
        for child in span.root.children:
            if child.dep_ == "prep" and child.lower_ == "of" and child.i == span.end:
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if objs and not self._person_between(child.i, objs[0].i + 1):
                    return self._side_of(list(objs[0].subtree))
            if (
                child.dep_ == "poss"
                and child.i < span.start
                and not self._person_between(child.i, child.i + 1)
            ):
                return self._side_of(list(child.subtree))
        return None

    def _role(self, span: Span, m: Mention, actor: Actor, text: str, side: Side | None) -> Role:
        if side is not None and side.weak and is_state_code(actor.country):
            side = None  # a known person's state beats an organisation we can't place
        if side is None:
            side = self.sides.country_side(actor.country) if actor.country else Side(None, None)
        code = side.country or (actor.country if side.sector in OWN_SIDE_SECTORS else None)
        if side.guessed and actor.country:
            code = actor.country  # a known person's own state beats the report's for their party
        sector = self.kb.sector_of(text)
        if side.sector in OWN_SIDE_SECTORS and sector in (None, "GOV"):
            sector = side.sector  # "SDLP deputy leader": the party's kind, not a generic office
        sent = span.sent
        return Role(
            article_id=self.article.id,
            person=actor.name,
            actor_id=actor.id,
            role=text,
            affiliation=side.name,
            country=code,
            sector=sector or actor.sector,
            evidence=sent.text,
            start=sent.start_char,
            end=sent.end_char,
        )

    def _found(self, span: Span) -> Iterator[tuple[str, Side | None]]:
        yield from self._title(span)
        root = span.root
        for child in root.children:
            if (
                child.dep_ == "appos"
                and child.i > span.end - 1
                and not self._person_between(span.end, child.i)
                and not any(t.dep_ == "poss" and t.pos_ == "PRON" for t in child.children)
            ):  # "Putin, his foreign minister …" names someone else
                yield from self._noun_roles(child)
            if child.dep_ == "relcl":
                yield from self._relative(child)
        yield from self._misattached_appos(span)
        if root.dep_ == "nsubj" and root.head.lemma_ in _LEAD_VERBS:
            for c in root.head.children:
                if c.dep_ == "dobj":
                    yield from self._head_of(c, root.head)
        if (
            root.dep_ == "appos"
            and root.head.i < span.start
            and _is_role_word(root.head, self.kb)
            and root.head.tag_ != "NNS"
        ):
            yield from self._noun_roles(root.head)
        if root.dep_ == "pobj" and root.head.dep_ == "agent" and root.head.head.lemma_ in _LEAD_VERBS:
            yield from self._led(root.head.head)
        if root.dep_ in NOMINAL_SUBJECTS and root.head.lemma_ == "be":
            for child in root.head.children:
                if child.dep_ == "attr" and _is_role_word(child, self.kb):
                    yield from self._noun_roles(child)

    def _title(self, span: Span) -> Iterator[tuple[str, Side | None]]:
        """Words before the name inside its noun phrase: "Russian Deputy Defence Minister"."""
        root = span.root
        left = [t for t in self.doc[root.left_edge.i : span.start] if t.i < span.start]
        if not left and span.start > 0:
            # "his Russian counterpart Vladimir Putin" parsed as two subjects: the noun just before.
            prev = self.doc[span.start - 1]
            if prev.pos_ == "NOUN" and prev.head.i == root.head.i and _is_role_word(prev, self.kb):
                left = list(self.doc[prev.left_edge.i : span.start])
        # Titles inside the entity itself ("President Zelensky" tagged as one PERSON).
        inner = []
        for t in span:
            if _is_role_word(t, self.kb) and t.i < span.end - 1:
                inner.append(t)
            else:
                break
        tokens = left + inner
        if not tokens or any(t.dep_ in CLAUSE_MODIFIERS or t.pos_ == "VERB" for t in tokens):
            return
        cut = 0
        for i, t in enumerate(tokens):
            if t.text in (",", ";", "(", ")") or t.lower_ in _LIST_JOINERS:
                cut = i + 1
        tokens = tokens[cut:]
        country = self._side_of(tokens) or self._side_beside(tokens)
        words = [t for t in tokens if not self._is_affiliation(t)]
        while words and words[-1].lower_.rstrip(".") in _COURTESY:
            words = words[:-1]  # "Foreign Minister Prince Faisal": the office, not the style
        if not any(_is_role_word(t, self.kb) for t in words):
            return
        text = _clean(words)
        if text and len(text.split()) <= _MAX_WORDS:
            yield text, country

    def _side_beside(self, tokens: Sequence[Token]) -> Side | None:
        """An organisation written just before the title but parsed outside it: "… and European
        Union foreign affairs chief X", "the Moro Islamic Liberation Front (MILF) chairman X"."""
        if not tokens:
            return None
        i = tokens[0].i - 1
        if i >= 2 and self.doc[i].text == ")" and self.doc[i - 2].text == "(":
            return self.sides.organisation_side([self.doc[i - 1]])
        m = self.by_token.get(i)
        if m is None or m.label != "ORG" or self.doc[i].is_punct:
            return None
        return self.sides.side([t for t in self.doc[max(0, i - 6) : i + 1] if self.by_token.get(t.i) is m])

    def _is_affiliation(self, t: Token) -> bool:
        m = self.by_token.get(t.i)
        if m is not None and m.label in ("GPE", "NORP") and t.dep_ in ("amod", "compound", "poss", "nmod"):
            return True
        return t.text in _POSSESSIVE_S and t.head.i != t.i and self.by_token.get(t.i - 1) is not None

    def _misattached_appos(self, span: Span) -> Iterator[tuple[str, Side | None]]:
        """ "A, B and C, director of X": the parser hangs C's apposition on A; it is C's."""
        if span.end + 1 >= len(self.doc) or self.doc[span.end].text != ",":
            return
        for t in self.doc[span.end + 1 : min(len(self.doc), span.end + 6)]:
            if (
                t.dep_ == "appos"
                and t.left_edge.i == span.end + 1
                and t.head.i < span.start
                and _is_role_word(t, self.kb)
            ):
                owner = self.by_token.get(t.head.i)
                if owner is not None and owner.label == "PERSON":
                    yield from self._noun_roles(t)
                return

    def _person_between(self, start: int, end: int) -> bool:
        return any(
            m.label == "PERSON" and self.sides.org_of(m) is None
            for i in range(start, end)
            if (m := self.by_token.get(i)) is not None
        )

    def _noun_roles(self, head: Token) -> Iterator[tuple[str, Side | None]]:
        """A role noun phrase, split at "and": "aide to Putin and ex-culture minister"."""
        # The parser often hangs the second role on a word inside the first ("to Putin and … minister").
        extra = [t for t in head.subtree if t.dep_ == "conj" and t.i > head.i and _is_role_word(t, self.kb)]
        heads = [head, *extra]
        for h in heads:
            skip: set[int] = set()
            circumstance: list[Token] = []  # "official in the X movement": X may be the side
            for t in h.subtree:
                if t.i == h.i:
                    continue
                if t.dep_ in CLAUSE_MODIFIERS or (t.dep_ == "prep" and t.lower_ in _CIRCUMSTANCE_PREPS):
                    skip.update(x.i for x in t.subtree)
                    if t.dep_ == "prep" and t.head.i == h.i:
                        circumstance.extend(t.subtree)
            for other in heads:
                if other.i != h.i and other.i > h.i:
                    skip.update(x.i for x in other.subtree)
                    skip.update(x.i for x in other.head.children if x.dep_ == "cc" and x.i < other.i)
            tokens = [
                t
                for t in h.subtree
                if t.i not in skip and not (t.dep_ == "cc" and t.i > h.i and t.head.i != h.i)
            ]
            if not any(_is_role_word(t, self.kb) for t in tokens):
                continue
            text = _clean(tokens)
            if text and len(text.split()) <= _MAX_WORDS:
                yield text, self._side_of(tokens) or self.sides.organisation_side(circumstance)

    def _relative(self, verb: Token) -> Iterator[tuple[str, Side | None]]:
        """ "who is an adviser to X" / "who headed Ukraine's delegation"."""
        subj = [c for c in verb.children if c.dep_ in NOMINAL_SUBJECTS and c.lower_ in _RELATIVE_SUBJECTS]
        if not subj:
            return
        if verb.lemma_ == "be":
            for c in verb.children:
                if c.dep_ == "attr" and _is_role_word(c, self.kb):
                    yield from self._noun_roles(c)
        elif verb.lemma_ in _LEAD_VERBS:
            for c in verb.children:
                if c.dep_ == "dobj":
                    yield from self._head_of(c, verb)

    def _led(self, verb: Token) -> Iterator[tuple[str, Side | None]]:
        """ "a team led by X", "the delegation is headed by X" → "head of the team"."""
        if verb.dep_ == "acl" and verb.head.pos_ in NOUNS:
            yield from self._head_of(verb.head, verb)
        for c in verb.children:
            if c.dep_ == "nsubjpass":
                yield from self._head_of(c, verb)

    def _head_of(self, noun: Token, verb: Token) -> Iterator[tuple[str, Side | None]]:
        if noun.lower_ not in _LED_GROUPS:
            return
        inside = {t.i for t in verb.subtree} if verb.head.i == noun.i else set()
        tokens = [t for t in noun.subtree if t.i <= noun.i and t.i not in inside and not t.is_punct]
        np = _clean(tokens)
        if not np:
            return
        possessive = any(t.dep_ == "poss" for t in tokens)
        word = "chair" if verb.lemma_ == "chair" else "head"
        yield (
            f"{word} of {np if possessive else 'the ' + np}",
            self._side_of(tokens),
        )


def extract_roles(
    doc: Doc,
    article: Article,
    actors: Sequence[Actor],
    mentions: Sequence[Mention],
    kb: Knowledge,
    gazetteer: Gazetteer | None = None,
) -> tuple[Role, ...]:
    """Every role the article gives a person, once per person and role.

    `gazetteer` places the regions a title names ("Northern Ireland Secretary"); without it
    the shipped one is used.
    """
    return tuple(_Reader(doc, article, actors, mentions, kb, gazetteer or load_gazetteer()).roles())
