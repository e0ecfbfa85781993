"""Positions: where each party stands on each issue, from narration and from its own quotes.

A stance word ("pushing for", "rejected", "ready to", "opposition to") with a party as its
subject (or owner: "Russia's demand for …") takes a stance on what it governs; the issue is
the first taxonomy issue (`data/issues.yaml`) whose terms occur there. Negation flips the
stance ("will not recognise" → oppose; "not opposed to" → support), condition words make it
conditional ("only if", "until", "insisting … before a ceasefire", "contingent on"); "does not
rule out" leaves a door open (conditional), a characterisation takes its stance from its
predicate ("calls the accord a blueprint for a separate state" → oppose), denying a deed is no
stance. "We" inside a quote is the speaker's side. Every party of a conjunction gets its own
position, with the `claim` it makes and the `condition` it sets (`extract/claims.py`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from detente.extract.claims import claim_of, condition_of, own_clause
from detente.extract.grammar import ADJECTIVE_HEADS, VERBS
from detente.extract.parties import Parties
from detente.extract.pending import CONDITIONAL_MARKS
from detente.extract.position_holders import HolderReader
from detente.extract.stance_forms import (
    BINDING_ACTS,
    CHARACTERISING,
    EVALUATIVE,
    SETTLEMENT_ACTS,
    binds,
    meets_leader,
    negation,
    passive_first,
    unbound,
)
from detente.extract.stance_scope import HOPING, asked, unheld
from detente.extract.status import STRICT_CONDITIONS, status_of
from detente.lexicon.taxonomy import Issue, Taxonomy
from detente.lexicon.words import word_list, word_map, words
from detente.records import ActorRef, Article, Position, Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from detente.extract.context import ArticleContext

_REPORTING = words("positions.reporting_verbs")
# Support verbs that assert a clause rather than want it: their negated clause is a refusal.
_ASSERTING = words("positions.asserting")
_OBLIGATION = words("positions.obligation")
# Verbs that report a view; "X must …" under one is the reporter's demand, not X's stance.
_HOLDING = _REPORTING | words("positions.holding_extra")
_PLEDGE_AUX = words("positions.pledge_aux")
_PLEDGE_CONDITIONS = (
    *STRICT_CONDITIONS,
    *word_list("positions.pledge_conditions"),
    *word_list("positions.pledge_conditions_more"),
)
_OPEN_WHEN_NEGATED = words("positions.open_when_negated")
_FACT_DENYING = words("positions.fact_denying")
_CONTINGENT = words("positions.contingent")
_UNDECIDED = words("positions.undecided_marks")
_CONTENT = ("NOUN", "PROPN", "VERB", "ADJ", "NUM")
_PHRASAL = word_map("positions.phrasal")
_DOCUMENTS = words("quotes.document_nouns")
_PRESS = words("quotes.audiences")
_TO_PRESS = words("positions.speaking_to_press")
_FEARED = words("positions.feared")
_THREATENING = words("positions.threatening")
_ATTENDING = words("positions.attending")
_CONTAINING = words("positions.containing")
# What a party walks out of when it "pulls out of" something: talks, a deal, a truce, a mission.
_LEFT_PROCESSES = (
    "direct-talks",
    "peace-agreement",
    "ceasefire",
    "monitoring-verification",
    "leaders-meeting",
)
_EMPTY_CLAIMS = words("positions.empty_claims") | words("weekdays") | words("months") | {"the", "on", "of"}


_OTHER = Issue("other", "Other", re.compile(r"(?!)"))
"""The issue of a stance on something the taxonomy does not name; `topic` says what."""


class PositionReader(HolderReader):
    """Reads the positions of one parsed article."""

    def __init__(
        self, doc: Doc, article: Article, parties: Parties, taxonomy: Taxonomy, quotes: Sequence[Quote] = ()
    ) -> None:
        self.doc, self.article, self.parties, self.tax = doc, article, parties, taxonomy
        self.voice: list[tuple[int, int, ActorRef]] = []  # quote spans and their speakers' sides
        self.said: list[tuple[int, int, Quote]] = []
        self._leaders = next((i for i in taxonomy.issues if i.slug == "leaders-meeting"), None)
        self._talks = next((i for i in taxonomy.issues if i.slug == "direct-talks"), None)
        text = doc.text
        for q in quotes:
            if q.direct and q.speaker:
                ref = ActorRef(q.actor_id, q.speaker, q.country, None)
                at = text.find(q.text, q.start)
                if at >= 0:
                    self.voice.append((at, at + len(q.text), ref))
                    self.said.append((at, at + len(q.text), q))

    def positions(self) -> list[Position]:
        """Every stance a party takes in the article, once per sentence, party, issue and stance."""
        out: list[Position] = []
        for sent in self.doc.sents:
            seen: set[tuple[str, str, str]] = set()
            # a speaker's judgement ("the talks were constructive") yields to a stance word of
            # the same party on the same issue in its sentence ("… and Colombo would press for …")
            judged = [t for t in sent if t.lemma_.lower() in EVALUATIVE]
            for tok in [t for t in sent if t.lemma_.lower() not in EVALUATIVE] + judged:
                if asked(tok):
                    continue  # "Will Ethiopia accept the experts' views?": asked, not held
                for party, stance, about in self._stances(tok):
                    special = (
                        tok.lower_ in _CONTINGENT
                        or tok.lemma_.lower() in CHARACTERISING
                        or tok.lemma_.lower() in EVALUATIVE
                        or tok.lemma_ == "be"
                        or tok.dep_ == "attr"
                    )
                    claim = claim_of(about) if special else claim_of(self._core(tok, about), self._act(tok))
                    issue = (
                        self.tax.issue_of(claim or "")
                        or self.tax.issue_of(about)
                        or self.tax.issue_of(self._clause_text(tok))
                        or _OTHER
                    )
                    if issue.slug == _OTHER.slug and tok.lemma_.lower() in _ATTENDING:
                        issue = self._talks or issue  # "would attend if …", "ready to go": to the talks
                    if issue.slug in ("direct-talks", _OTHER.slug) and meets_leader(tok, self.parties):
                        issue = self._leaders or issue  # "wants to meet Putin": a leaders' meeting
                    key = (party.actor_id or party.name, issue.slug, stance)
                    if key in seen or _no_position(party, issue, claim or about):
                        continue
                    seen.add(key)
                    out.append(self._record(party, issue, stance, sent, about, tok, claim))
        return out

    def _clause_text(self, tok: Token) -> str:
        """The text of the stance word's own contrasting clause (its sentence when it has one)."""
        clause = own_clause(tok)
        return " ".join(t.text for t in tok.sent if t.i in clause)

    def _core(self, tok: Token, about: str) -> str:
        """The words a claim is cut from: the stance word's object or complement alone (not an
        aside such as "…, speaking on his platform, dismissed the idea of a truce"), else `about`."""
        if tok.dep_ == "nsubj" and tok.head.lemma_ == "be":
            # "the chief task … is to arrange a meeting": what the copula says it is
            said = next((c for c in tok.head.children if c.dep_ in ("xcomp", "attr", "ccomp", "acomp")), None)
            return self.doc[said.left_edge.i : said.right_edge.i + 1].text if said is not None else about
        if tok.dep_ == "relcl" or passive_first(tok) or self._act_of_things(tok) is not None:
            return about
        clause = own_clause(tok)
        order = ("dobj", "xcomp", "ccomp", "attr", "oprd", "acomp", "prep", "acl")
        kids = sorted(
            (c for c in tok.children if c.dep_ in order),
            key=lambda c: (order.index(c.dep_), c.i),
        )
        for c in kids:
            dep = c.dep_
            if dep == "prep" and c.lower_ in ("in", "at", "during", "after", "since"):
                continue
            if any(t.i not in clause for t in c.subtree):
                continue  # "…; Moscow wants Y": another party's clause hung on this verb
            text = self.doc[c.left_edge.i : c.right_edge.i + 1].text
            if dep == "dobj" and any(k.dep_ in ("prep", "xcomp") and k.i > c.i for k in tok.children):
                # "called on X to …", "demanded X from Y": keep the object with its prepositions
                last = max(k.right_edge.i for k in tok.children if k.dep_ in ("prep", "xcomp") and k.i > c.i)
                text = self.doc[c.left_edge.i : last + 1].text
            if any(ch.isalpha() for ch in text):
                return text
        return about

    def _act(self, tok: Token) -> str | None:
        """The verb of a pledged act ("will release …"), which belongs in the claim; None for a
        stance verb ("wants …"), whose object is the claim."""
        lemma = tok.lemma_.lower()
        if (
            tok.pos_ != "VERB"
            or tok.dep_ in ADJECTIVE_HEADS  # "would be prepared to meet": a stance, no act
            or lemma in self.tax.support.get("verbs", ())
            or lemma in self.tax.oppose.get("verbs", ())
            or any(p.split()[0] == lemma for p in _PHRASAL)  # "gave up on the truce": the truce
            or passive_first(tok)  # "amnesty should be granted": the claim says it already
            or self._act_of_things(tok) is not None  # "the troops will leave": likewise
        ):
            return None
        particles = [c.lower_ for c in tok.children if c.dep_ == "prt"]
        return " ".join([lemma, *particles])  # "lay down", not "lay"

    def _record(
        self,
        party: ActorRef,
        issue: Issue,
        stance: str,
        sent: Span,
        about: str,
        tok: Token,
        claim: str | None,
    ) -> Position:
        text = sent.text
        start = sent.start_char + len(text) - len(text.lstrip())
        evidence = text.strip()
        for a, b, q in self.said:  # a stance in a quote: the quote's sentences are its evidence
            # a quote spread over many sentences is poor evidence for one stance in it
            if a <= tok.idx < b and len(q.evidence.split()) <= 2 * len(evidence.split()):
                start, evidence = q.start, q.evidence
        return Position(
            article_id=self.article.id,
            party=party.name,
            actor_id=party.actor_id,
            country=party.country,
            sector=party.sector,
            issue=issue.slug,
            stance=stance,  # type: ignore[arg-type]
            evidence=evidence,
            start=start,
            end=start + len(evidence),
            topic=" ".join(about.split()[:20]) or None,
            claim=claim,
            condition=condition_of(tok, sent, own_clause(tok)) if stance == "conditional" else None,
        )

    # -- stance words ---------------------------------------------------------------------------
    def _kind(self, tok: Token) -> tuple[str, str] | None:
        lemma = tok.lemma_.lower()
        pos = {"VERB": "verbs", "ADJ": "adjectives", "NOUN": "nouns", "ADP": "adjectives"}.get(tok.pos_)
        if pos is None:
            return None
        if pos == "nouns" and any(c.dep_ == "nsubj" for c in tok.children) and tok.tag_ in ("NNS", "NN"):
            pos = "verbs"  # "Kyiv rejects imposed neutrality" tagged as a plural noun
            verbs = self.tax.oppose.get("verbs", frozenset()) | self.tax.support.get("verbs", frozenset())
            if lemma.endswith("s") and lemma[:-1] in verbs:
                lemma = lemma[:-1]
        if any(c.dep_ == "mark" and c.lower_ in _UNDECIDED for c in tok.children):
            return None  # "deciding whether to back it": no stance yet
        if (
            pos == "verbs"
            and lemma in _FACT_DENYING
            and any(c.dep_ in ("ccomp", "xcomp", "pcomp") or c.tag_ == "VBG" for c in tok.children)
        ):
            return None  # "denied that it had attacked", "denied supporting the rebels": a deed denied
        if pos == "verbs" and (phrasal := self._phrasal(tok, lemma)) is not None:
            return phrasal, pos  # "did not give up on the truce", "pull out of the talks" (not a pull-back)
        if unheld(tok, pos == "verbs"):
            return None  # hoped for or demanded of another, a forecast, given up since
        if (
            tok.pos_ == "VERB"
            and tok.dep_ in ADJECTIVE_HEADS
            and tok.lower_ in self.tax.support.get("adjectives", ())
        ):
            pos = "adjectives"  # "he would be prepared to meet …" parsed as a participle
        if pos == "verbs" and lemma not in self.tax.actions and self._conditional_pledge(tok):
            return "support", "actions"  # "will hand over power only to an elected government"
        if pos == "verbs" and (lemma in self.tax.actions or lemma in BINDING_ACTS):
            if any(t.lemma_.lower() in _FEARED for t in tok.ancestors) and not self._own_threat(tok):
                return None  # "Hamas's fear that Israel would resume the war": no one's wish
            if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in tok.children):
                return None  # "sanctions if Moscow continued to reject a truce": a condition, no pledge
            status = status_of(tok)
            if status == "occurred":
                # "signed the accord" binds the signer to it; any other act done is an event
                return ("support", "actions") if binds(tok) else None
            if status == "negated" and not self._refused(tok):
                return None  # "has not engaged in talks" reports a fact, not a stance
            return ("oppose" if status == "negated" else "support"), "actions"
        if pos == "nouns" and unbound(tok, lemma):
            return None  # "the national interest", not "interest in talks"
        for stance, table in (("oppose", self.tax.oppose), ("support", self.tax.support)):
            if lemma in table.get(pos, ()) or tok.lower_ in table.get(pos, ()):
                return stance, pos
        return self._refusal(tok) if pos == "verbs" else None

    def _phrasal(self, tok: Token, lemma: str) -> str | None:
        """The stance of a phrasal verb of stance, its particles among its children: "gave up on".
        An act's phrasal exit ("pull out of") is a stance only out of talks or a deal, not a town."""
        near = [c for c in tok.children if c.dep_ in ("prt", "prep", "advmod")]
        near += [g for c in near for g in c.children if g.dep_ == "prep"]
        parts = {c.lower_ for c in near}
        for phrase, stance in _PHRASAL.items():
            verb, *rest = phrase.split()
            if lemma == verb and set(rest) <= parts:
                if lemma in self.tax.actions:
                    left = [g for c in near if c.lower_ == rest[-1] for g in c.subtree if g.i != c.i]
                    issue = self.tax.issue_of(" ".join(t.text for t in left))
                    if issue is None or issue.slug not in _LEFT_PROCESSES:
                        return None
                return stance
        return None

    def _own_threat(self, tok: Token) -> bool:
        """ "X warned it would resume attacks if …": a party's threat of its own act is its stance
        (unlike "X warned that Y would resume the war")."""
        warner = next((t for t in tok.ancestors if t.lemma_.lower() in _THREATENING), None)
        subj = self.parties.subject_of(tok)
        if warner is None or subj is None or subj.pos_ != "PRON":
            return False
        mine = {r.actor_id or r.name for r in self._who(subj)}
        return bool(mine & {r.actor_id or r.name for r in self._subject_refs(warner)})

    def _conditional_pledge(self, tok: Token) -> bool:
        """A party's future act on a condition: "will not normalise ties until troops leave"."""
        if tok.pos_ != "VERB" or tok.lemma_.lower() in _HOLDING:
            return False
        aux = {c.lower_ for c in tok.children if c.dep_ == "aux"}
        if not aux & _PLEDGE_AUX:
            return False
        words = " " + " ".join(t.lower_ for t in tok.subtree) + " "
        return self._restricted(tok) or any(f" {c} " in words for c in _PLEDGE_CONDITIONS)

    def _stances(self, tok: Token) -> Iterator[tuple[ActorRef, str, str]]:
        special = self._characterised(tok)
        if special is None:
            special = self._contingent(tok)
        if special is None:
            special = self._evaluation(tok)
        if special is None:
            special = self._existential(tok)
        if special is None:
            special = self._predicated(tok)
        if special is not None:
            yield from special
            return
        reporters = self._obliging(tok)
        found = self._kind(tok)
        if reporters:
            yield from self._obligation(tok, reporters, found)
            return
        if found is None:
            return
        stance, pos = found
        if (
            pos == "adjectives"
            and tok.pos_ == "ADP"
            and not (tok.lower_ == "against" and tok.head.lemma_ == "be")
        ):
            return
        about = self._object_text(tok, "verbs" if pos == "actions" else pos)
        if not about and pos == "actions" and tok.lemma_.lower() in SETTLEMENT_ACTS and tok.dep_ != "relcl":
            about = tok.lemma_.lower()  # "said it would not disarm": the act is the claim
        # "the troops will be withdrawn": who is acted on holds no stance
        passive = pos == "actions" and passive_first(tok)
        parties = self._holders(tok, "verbs" if pos == "actions" else pos) if about and not passive else []
        # "agreed on exchanging prisoners": a gerund's holder is its verb's, never the reporter
        bare = pos == "actions" and tok.dep_ in ("pcomp", "acl", "pobj")
        # a hope is its holder's own ("expressed hope for …"), never the reporter's ("dashing hopes")
        hope = pos == "nouns" and tok.lemma_.lower() in HOPING
        if not parties and about and not bare and not hope and self._speaks_for_itself(tok):
            parties = self._speaker(tok)
        if not parties and pos == "actions" and (thing := self._act_of_things(tok)) is not None:
            parties, about = self._voiced(tok), thing  # "the troops will be withdrawn," X said
        if not parties:
            return
        # "insisted it will never give up its weapons"
        denied = pos == "verbs" and tok.lemma_.lower() in _ASSERTING and self._denies(tok)
        stance = self._qualified(tok, stance, negatable=pos != "actions", denied=denied)
        if pos == "actions" and stance != "conditional" and self._hostile_act(tok):
            stance = "support" if stance == "oppose" else "oppose"  # "will not resume the attacks"
        if pos == "nouns" and self._given_up(tok) and stance != "conditional":
            stance = "support" if stance == "oppose" else "oppose"  # "dropped its demand for …"
        if pos == "verbs" and stance == "support" and _against(tok):
            stance = "oppose"  # "maintained a firm stance against terrorism"
        for party in parties:
            yield party, stance, about

    def _denies(self, tok: Token) -> bool:
        """The clause the verb asserts is negated: "… that it will never give up …"."""
        return any(c.dep_ == "ccomp" and any(negation(g) for g in c.children) for c in tok.children)

    def _obliging(self, tok: Token) -> list[ActorRef]:
        """Who reports "X must/should …" with `tok` the obliged verb: "Moscow repeated that Kyiv must cede …"."""
        if tok.pos_ not in VERBS:
            return []
        first = tok
        while first.dep_ == "conj" and first.head.i != first.i:  # "… should agree and immediately agree to …"
            first = first.head
        if first.dep_ != "ccomp":
            return []
        if not any(c.dep_ == "aux" and c.lower_ in _OBLIGATION for t in (tok, first) for c in t.children):
            return []
        head = first.head
        if head.lemma_.lower() not in _HOLDING or head.pos_ != "VERB":
            return []
        after = self._after_clause(head, first)
        reporters = self._subject_refs(head) if after is None else after  # "…, emphasising that …"
        obliged = {r.actor_id or r.name for r in self._subject_refs(tok)}
        return [r for r in reporters if (r.actor_id or r.name) not in obliged]

    def _obligation(
        self, tok: Token, reporters: list[ActorRef], found: tuple[str, str] | None
    ) -> Iterator[tuple[ActorRef, str, str]]:
        """The reporter wants what the obliged party must do (or, "must reject X", opposes X)."""
        if found is not None and found[1] != "actions":
            stance, about = found[0], self._object_text(tok, found[1])
        else:
            stance = "support"
            # "amnesty should be granted to …": the passive subject is what is wanted
            subj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
            first = subj.left_edge.i if subj is not None and subj.i < tok.i else tok.i
            about = self.doc[first : tok.right_edge.i + 1].text
        if not about:
            return
        stance = self._qualified(tok, stance)
        for party in reporters:
            yield party, stance, about

    def _qualified(self, tok: Token, stance: str, negatable: bool = True, denied: bool = False) -> str:
        """The stance as its clause puts it: negation flips it, an asserted denial opposes, a
        condition makes it conditional."""
        if negatable and self._negated(tok):
            if tok.lemma_.lower() in _OPEN_WHEN_NEGATED:
                return "conditional"  # "does not rule out talks": open, not support
            stance = "support" if stance == "oppose" else "oppose"
        if denied:
            stance = "oppose"
        return "conditional" if self._conditional(tok) else stance

    def _object_text(self, tok: Token, pos: str) -> str:
        """The words the stance is about; empty when they hold no content word ("to do so", "it")."""
        parts = self._object_tokens(tok, pos)
        if not any(t.pos_ in _CONTENT and not t.is_stop for t in parts):
            return ""
        return self.doc[parts[0].i : parts[-1].i + 1].text

    def _object_tokens(self, tok: Token, pos: str) -> list[Token]:
        parts: list[Token] = []
        if pos == "nouns" and tok.dep_ == "nsubj" and tok.head.lemma_ == "be":
            # "The chief task … is to facilitate a meeting": what the copula says it is.
            parts = [
                t
                for c in tok.head.children
                if c.dep_ in ("attr", "xcomp", "ccomp", "acomp")
                for t in c.subtree
            ]
        if pos == "nouns" and tok.dep_ == "nsubj" and tok.head.lemma_.lower() in _CONTAINING:
            # "the proposals would include a consultation period on Crimea": what they hold
            parts = [t for c in tok.head.children if c.dep_ == "dobj" for t in c.subtree]
        if tok.dep_ == "relcl" and not any(c.dep_ in ("dobj", "xcomp", "ccomp") for c in tok.children):
            # "a ceasefire, a demand Putin spurned": the phrase it qualifies.
            head = tok.head
            parts = [t for t in head.subtree if t.i not in {x.i for x in tok.subtree}]
        for c in tok.children:
            if c.dep_ in (
                "dobj",
                "xcomp",
                "ccomp",
                "prep",
                "attr",
                "pobj",
                "acomp",
                "advcl",
                "prt",
                "oprd",
                "dative",
            ) or (c.dep_ == "acl" and pos == "nouns"):  # "insistence on Ukraine ceding the land"
                parts.extend(c.subtree)
        if pos == "adjectives" and tok.dep_ in ADJECTIVE_HEADS and not parts:
            parts.extend(t for t in tok.head.subtree if t.i > tok.i)
        if pos == "verbs":  # "walk away from the talks": the adverb's preposition
            parts.extend(
                t
                for c in tok.children
                if c.dep_ == "advmod"
                for p in c.children
                if p.dep_ == "prep"
                for t in p.subtree
            )
        if pos == "nouns" and tok.dep_ == "dobj" and not parts:
            # "rejected Kyiv's demand that it withdraw", the clause hung on the verb: the demand's
            said = next(
                (c for c in tok.head.children if c.dep_ == "ccomp" and c.left_edge.i == tok.right_edge.i + 1),
                None,
            )
            if said is not None and any(m.dep_ == "mark" and m.lower_ == "that" for m in said.children):
                parts.extend(said.subtree)
        clause = own_clause(tok)  # "X wants A, while Y wants B": B is not X's
        parts = [t for t in parts if t.i != tok.i and t.i in clause]
        parts.sort(key=lambda t: t.i)
        return parts


def _against(tok: Token) -> bool:
    """The verb's object is a stand against something: "a firm stance against terrorism"."""
    objs = [c for c in tok.children if c.dep_ == "dobj"]
    return any(p.dep_ == "prep" and p.lower_ == "against" for o in objs for p in o.children)


def _no_position(party: ActorRef, issue: Issue, claim: str) -> bool:
    """Not a party's position: a text with no known owner as the party ("the document"), an
    unfiled stance on talking to the press ("declined to talk to reporters"), or on a bare day
    or on anonymity ("speaking on condition of anonymity")."""
    if party.actor_id is None and party.country is None and set(party.name.lower().split()) & _DOCUMENTS:
        return True
    said = set(re.findall(r"[a-z]+", claim.lower()))
    if issue.slug == _OTHER.slug and (not said - _EMPTY_CLAIMS):
        return True  # "on condition of anonymity", "after the signing on Thursday"
    return bool(said & _PRESS) and (issue.slug == _OTHER.slug or bool(said & _TO_PRESS))


def extract_positions(ctx: ArticleContext, quotes: Sequence[Quote] = ()) -> tuple[Position, ...]:
    """The article's positions: party, issue slug, stance, with the sentence they come from (`quotes`: the article's)."""
    return tuple(PositionReader(ctx.doc, ctx.article, ctx.parties, ctx.taxonomy, quotes).positions())
