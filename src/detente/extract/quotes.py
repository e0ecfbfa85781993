"""Quotes: who said what — direct quotes, partial quotes in reported speech, indirect speech.

Quotation marks are paired over the article text (straight, curly and guillemets; an
apostrophe such as "soldiers’ remains" never closes a quote), so a quote may span sentences.
The speaker comes from the attribution around it, in the forms news prose uses: "X said",
"said X", a trailing "…, X said Thursday.", "X told reporters", "according to X", a colon
after the speaker, or the speaker of the paragraph's previous quote. Names resolve to the
article's full name, pronouns and descriptions through `Parties`; a described speaker ("the
top Russian diplomat") becomes the person named in that role, else an unnamed source with its
country (`extract/speakers.py`); quotes no one says (scare quotes) are dropped, and an outlet is
never the speaker of its own reporting ("Reuters reported"; "TASS said, citing a source" is the
source's). Every quote carries its `speaker_type` and the reporter's `commitment`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from detente.extract.grammar import NOMINAL_SUBJECTS, VERBS
from detente.extract.parties import Parties
from detente.extract.quote_marks import QuoteSpan, quote_spans
from detente.extract.speakers import (
    DOCUMENT_NOUNS,
    REPORTING_ONLY,
    commitment_of,
    described_speaker,
    is_outlet,
    pronoun_speaker,
    speaker_type,
)
from detente.lexicon.words import words
from detente.records import ActorRef, Article, Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from detente.extract.context import ArticleContext

_MORE_VERBS = words("quotes.speech_verbs_more")
SPEECH_VERBS = words("quotes.speech_verbs") | _MORE_VERBS
# Verbs that introduce indirect speech: "Zelensky said his team had a mandate …".
REPORTING = words("quotes.reporting_verbs") | (
    _MORE_VERBS - {"ask", "agree", "pledge", "vow", "brief", "post", "tweet"}
)
# Nouns of unnamed sources: "a Ukrainian source", "a senior official", "diplomats", "a readout".
SOURCE_NOUNS = words("quotes.source_nouns") | DOCUMENT_NOUNS
_EMPTY_SUBJECTS = words("quotes.empty_subjects")
_AUDIENCES = words("quotes.audiences")
_PLATFORMS = words("quotes.platforms")
_ISSUING = words("quotes.issuing_verbs")
_QUOTING = words("quotes.quoting_verbs")
# Words that open a question or a topic, not a statement: "explained why …", "asked whether …".
_WH_WORDS = words("quotes.question_words")
_REFUSING = words("positions.refusing")
_MIN_PARTIAL_WORDS = 1


class QuoteReader:
    """Reads the quotes of one parsed article."""

    def __init__(self, doc: Doc, article: Article, parties: Parties) -> None:
        self.doc, self.article, self.parties = doc, article, parties
        self.text = doc.text  # Doc.text is rebuilt on every access: read it once
        self.lemma_of: dict[str, str] = {}  # cue words -> the attribution verb's lemma
        self.sents = list(doc.sents)
        self.spans = quote_spans(self.text)
        self.inside: set[int] = set()
        for q in self.spans:
            tokens = doc.char_span(q.start, q.end, alignment_mode="expand")
            if tokens is not None:
                self.inside.update(range(tokens.start, tokens.end))

    def quotes(self) -> list[Quote]:
        """Direct quotes (with their speakers) and indirect speech, in text order."""
        indirect = list(self._indirect())
        said = [(q.start, ActorRef(q.actor_id, q.speaker or "", q.country, None), q.cue) for q in indirect]
        out: list[Quote] = []
        last: tuple[ActorRef, str | None, int] | None = None  # speaker, cue, paragraph start
        for q in self.spans:
            earlier = [s for s in said if s[0] < q.start]
            if earlier and (last is None or self._paragraph_start(earlier[-1][0]) > last[2]):
                # Reported speech since the last quote: its speaker is the one to carry on.
                last = (earlier[-1][1], earlier[-1][2], self._paragraph_start(earlier[-1][0]))
            found = self._direct(q, last)
            if found is None:
                continue
            quote, ref, cue = found
            out.append(quote)
            last = (ref, cue, self._paragraph_start(q.start))
        out.extend(indirect)
        out.sort(key=lambda x: (x.start, not x.direct))
        return out

    # -- direct quotes ------------------------------------------------------------------------
    def _direct(
        self, q: QuoteSpan, last: tuple[ActorRef, str | None, int] | None
    ) -> tuple[Quote, ActorRef, str | None] | None:
        span = self.doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is None or not span.text.strip():
            return None
        sents = self._sentences(span)
        first, final = sents[0], sents[-1]
        whole = self.doc[first.start : final.end]
        if not re.search(r"[^\W\d_]{3,}", self.text[q.start : q.end]):
            return None  # a fragment between nested marks (". – Ed.),") is not a quote
        if _nickname(span):
            return None
        partial = self._is_partial(span, whole)
        cue, ref = self._attribution(span, whole, partial)
        if ref is None and not partial:
            ref, cue = self._neighbour(span, whole, last)
        if ref is None or self._outlet_reporting(ref, cue):
            return None
        if partial and len(span.text.split()) < _MIN_PARTIAL_WORDS:
            return None
        evidence, start, end = _trimmed(whole)
        speaker = self._speaker_name(ref)
        quote = Quote(
            article_id=self.article.id,
            speaker=speaker,
            actor_id=ref.actor_id,
            country=ref.country,
            text=self.text[q.start : q.end],
            direct=True,
            cue=cue,
            evidence=evidence,
            start=start,
            end=end,
            speaker_type=speaker_type(ref, self.parties, self.article.outlet),
            commitment=commitment_of(self.lemma_of.get(cue or "")),
        )
        return quote, ref, cue

    def _sentences(self, span: Span) -> list[Span]:
        out = [sent for sent in self.sents if sent.end > span.start and sent.start < span.end]
        return out or [span.sent]

    def _is_partial(self, span: Span, whole: Span) -> bool:
        """A few quoted words inside a sentence of reported speech, not a whole quoted sentence."""
        outside = [t for t in whole if t.i not in self.inside and not t.is_punct and not t.is_space]
        return len(outside) > 3 and len(span) < 0.6 * len(whole)

    def _attribution(
        self, span: Span, whole: Span, partial: bool = False
    ) -> tuple[str | None, ActorRef | None]:
        """The speech verb and speaker outside the quote: the nearest one, or for quoted words
        inside reported speech the sentence's own speaker (the highest speech verb above them)."""
        above = {t.i for t in span.root.ancestors} if partial else set()
        best: tuple[int, Token, list[ActorRef]] | None = None
        for tok in whole:
            if tok.i in self.inside or tok.pos_ not in VERBS or tok.lemma_.lower() not in SPEECH_VERBS:
                continue
            if above and tok.i not in above:
                continue
            refs = self._speaker_of(tok)
            if not refs:
                continue
            if above:
                distance = len(list(tok.ancestors))
            else:
                distance = min(abs(tok.i - span.start), abs(tok.i - span.end))
            if above and _is_document(refs[0]):
                distance += (
                    100  # "the accord calls for …, with the minister saying “…”": the minister's words
                )
            if best is None or distance < best[0]:
                best = (distance, tok, refs)
        if best is None and above:
            return self._attribution(span, whole, False)
        if best is not None:
            return self._cue(best[1]), best[2][0]
        # "according to X": the source of the whole sentence.
        for tok in whole:
            if (
                tok.i not in self.inside
                and tok.lower_ == "according"
                and tok.i + 1 < len(self.doc)
                and self.doc[tok.i + 1].lower_ == "to"
            ):
                for pobj in self.doc[tok.i + 1].children:
                    if pobj.dep_ == "pobj":
                        refs = self._resolve(pobj)
                        if refs:
                            return "according to", refs[0]
        # "Medinsky: “…”" or "Umerov said:" just before the quote.
        before = self.text[max(0, span.start_char - 3) : span.start_char]
        if ":" in before and span.start > whole.start:
            for tok in reversed(list(self.doc[whole.start : span.start])):
                m = self.parties.mention_at(tok)
                if m is not None and tok.i not in self.inside:
                    return None, self.parties.ref(m)
        return None, None

    def _speaker_of(self, verb: Token) -> list[ActorRef]:
        lemma = verb.lemma_.lower()
        if lemma in _QUOTING:  # "the agency quoted Duterte as saying": Duterte speaks
            obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i not in self.inside), None)
            refs = self._resolve(obj) if obj is not None else []
            if refs:
                return refs
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        if agent is not None and verb.tag_ == "VBN":  # "described by an announcer as “…”"
            by = next((c for c in agent.children if c.dep_ == "pobj" and c.i not in self.inside), None)
            refs = self._resolve(by) if by is not None else []
            if refs:
                return refs
        for c in verb.children:
            if c.dep_ in NOMINAL_SUBJECTS and c.i not in self.inside:
                if c.lower_ in _EMPTY_SUBJECTS:
                    return []  # "it is confirmed that …": nobody in particular says it
                refs = self._resolve(c)
                if refs and is_outlet(refs[0], self.parties, self.article.outlet):
                    cited = self._cited(verb)  # "TASS said, citing a source": the source speaks
                    return cited or refs
                return refs
        if (
            verb.dep_ in ("conj", "xcomp", "advcl")
            and verb.head.i != verb.i
            and verb.head.i not in self.inside
        ):
            return self._speaker_of(verb.head) if verb.head.pos_ in VERBS else []
        if verb.dep_ == "acl" and verb.tag_ == "VBG":  # "Trump, speaking aboard Air Force One, …"
            return self._resolve(verb.head)
        return []

    def _cited(self, verb: Token) -> list[ActorRef]:
        """Whom an outlet cites: "…, citing a senior official", "quoting the ministry"."""
        for c in verb.children:
            if c.lemma_.lower() in ("cite", "quote") and c.tag_ == "VBG":
                for obj in c.children:
                    if obj.dep_ == "dobj":
                        return self._resolve(obj)
        return []

    def _outlet_reporting(self, ref: ActorRef, cue: str | None) -> bool:
        """An outlet as the speaker of its own reporting ("Reuters reported …"): no quote."""
        lemma = self.lemma_of.get(cue or "", "")
        return lemma in REPORTING_ONLY and is_outlet(ref, self.parties, self.article.outlet)

    def _resolve(self, tok: Token) -> list[ActorRef]:
        if tok.pos_ == "PRON":
            person = pronoun_speaker(tok, self.parties, self.inside)  # "he said": a person, never a group
            if person is not None:
                return [person]
        refs = self.parties.resolve(tok, conj=False)
        described = described_speaker(tok, refs[0] if refs else None, self.parties)
        if described is not None:
            return [described]
        if tok.lower_ in DOCUMENT_NOUNS and not any(
            self.parties.actors.get(r.actor_id or "") is not None for r in refs
        ):
            owner = self._owner(tok)  # "the ministry's statement", "a readout from the Kremlin"
            if owner:
                return owner
        if refs:
            return refs
        # An unnamed source: "a Ukrainian source", "a senior US official".
        if tok.lemma_.lower() in SOURCE_NOUNS or tok.lower_ in SOURCE_NOUNS:
            country = None
            for c in tok.children:
                m = self.parties.mention_at(c)
                if m is not None and m.country:
                    country = m.country
            words = [t for t in tok.subtree if t.i <= tok.i and t.dep_ not in ("punct",)]
            name = " ".join(t.text for t in words)
            return [ActorRef(actor_id=None, name=name, country=country, sector=None)]
        return []

    def _neighbour(
        self, span: Span, whole: Span, last: tuple[ActorRef, str | None, int] | None
    ) -> tuple[ActorRef | None, str | None]:
        """A quote with no attribution of its own: the next sentence's ("…. He added.") or the paragraph's last speaker."""
        if whole.end < len(self.doc):
            nxt = self.doc[whole.end].sent
            if (
                self._paragraph_start(nxt.start_char) == self._paragraph_start(span.start_char)
                and len(nxt) <= 8
            ):
                cue, ref = self._attribution(self.doc[nxt.start : nxt.start], nxt)
                if ref is not None:
                    return ref, cue
        if last is not None:
            ref, cue, para = last
            here = self._paragraph_start(span.start_char)
            alone = self._stands_alone(span)
            if para == here or (alone and self._paragraphs_between(para, here) <= 2):
                return ref, cue
        # A sentence before ends with a colon: "Zelensky wrote on Telegram:", "Medinsky named three results:".
        if whole.start > 0:
            prev = self.doc[whole.start - 1].sent
            for _ in range(4):
                if prev.text.rstrip().endswith(":"):
                    cue, ref = self._attribution(self.doc[prev.end : prev.end], prev)
                    if ref is None:
                        subj = next((t for t in prev if t.dep_ == "nsubj" and t.head.dep_ == "ROOT"), None)
                        refs = self._resolve(subj) if subj is not None else []
                        ref, cue = (refs[0], subj.head.text) if refs and subj is not None else (None, None)
                    if ref is not None:
                        return ref, cue
                    break
                if prev.start == 0 or (
                    not prev.text.lstrip().startswith(("→", "-", "•", "–", "*"))
                    and prev is not self.doc[whole.start - 1].sent
                ):
                    break
                prev = self.doc[prev.start - 1].sent
        return None, None

    def _stands_alone(self, span: Span) -> bool:
        """The quote is its paragraph (bar a label such as "Quote:"): a continuation of the last speaker."""
        here = self._paragraph_start(span.start_char)
        lead = self.text[here : span.start_char].strip(' “"«')
        return (len(lead.split()) <= 1 and lead.endswith(":")) or not lead

    def _paragraphs_between(self, a: int, b: int) -> int:
        return self.text.count("\n\n", a, b)

    def _paragraph_start(self, char: int) -> int:
        return self.text.rfind("\n", 0, char) + 1

    def _cue(self, verb: Token) -> str:
        """The cue words of an attribution verb, remembering the verb's lemma for `commitment`."""
        cue = _cue_words(verb)
        self.lemma_of[cue] = verb.lemma_.lower()
        return cue

    def _speaker_name(self, ref: ActorRef) -> str:
        actor = self.parties.actors.get(ref.actor_id or "")
        if actor is not None and actor.type == "person":
            return actor.name
        return ref.name

    def _owner(self, tok: Token) -> list[ActorRef]:
        """Who issued a document: its possessor, the party after "from"/"of"/"by", or the
        subject of the verb it is the object of ("the president made a post announcing …")."""
        issuer = tok.head if tok.dep_ == "dobj" else None
        if tok.dep_ == "nsubj" and tok.head.dep_ in ("ccomp", "xcomp"):
            issuer = tok.head.head  # "made [a post announcing …]" parsed as a clause
        if issuer is not None and issuer.pos_ in VERBS and issuer.lemma_.lower() in _ISSUING:
            subj = next((c for c in issuer.children if c.dep_ in NOMINAL_SUBJECTS), None)
            found = self._resolve(subj) if subj is not None and subj.i not in self.inside else []
            if found:
                return found
        for c in tok.children:
            if c.dep_ == "poss":
                return self.parties.resolve(c, conj=False)
            if c.dep_ == "compound" and c.i not in self.inside:  # "the government statement"
                found = self.parties.resolve(c, conj=False)
                if found:  # the text as the article names it, coded as its owner
                    name = " ".join(t.text for t in tok.subtree if t.i <= tok.i and t.dep_ != "punct")
                    return [ActorRef(r.actor_id, name, r.country, r.sector) for r in found[:1]]
            if c.dep_ == "prep" and c.lower_ in ("from", "of", "by"):
                for pobj in c.children:
                    if pobj.dep_ == "pobj":
                        found = self.parties.resolve(pobj, conj=False)
                        if found:
                            return found
        # "a readout from the Colombian presidency": no actor, but the phrase names its side.
        country = next(
            (m.country for t in tok.subtree if (m := self.parties.mention_at(t)) is not None and m.country),
            None,
        )
        if country is None:
            return []
        name = " ".join(t.text for t in tok.subtree if t.dep_ != "punct")
        return [ActorRef(actor_id=None, name=name, country=country, sector=None)]

    # -- indirect speech ----------------------------------------------------------------------
    def _indirect(self) -> Iterator[Quote]:
        for tok in self.doc:
            if tok.lemma_.lower() not in REPORTING or tok.pos_ != "VERB" or tok.i in self.inside:
                continue
            comp = next((c for c in tok.children if c.dep_ == "ccomp"), None)
            if comp is None or any(t.i in self.inside for t in comp.subtree):
                continue
            if _unsaid(tok, comp):
                continue
            refs = self._speaker_of(tok)
            if not refs:
                continue
            tokens = list(comp.subtree)
            if len(tokens) < 4:
                continue
            text = self.doc[tokens[0].i : tokens[-1].i + 1].text.strip(" ,.;")
            text = re.sub(r"^(that)\s+", "", text)
            evidence, start, end = _trimmed(tok.sent)
            ref = refs[0]
            cue = self._cue(tok)
            if self._outlet_reporting(ref, cue):
                continue
            yield Quote(
                article_id=self.article.id,
                speaker=self._speaker_name(ref),
                actor_id=ref.actor_id,
                country=ref.country,
                text=text,
                direct=False,
                cue=cue,
                evidence=evidence,
                start=start,
                end=end,
                speaker_type=speaker_type(ref, self.parties, self.article.outlet),
                commitment=commitment_of(tok.lemma_),
            )


def _nickname(span: Span) -> bool:
    """A name or two in marks inside a person's name: Teresita “Ging” Deles."""
    doc = span.doc
    if len(span) > 2 or span.start < 2 or span.end + 1 >= len(doc) or not all(t.is_title for t in span):
        return False
    before, after = doc[span.start - 2], doc[span.end + 1]  # past the marks
    return before.pos_ == "PROPN" and after.pos_ == "PROPN" and before.is_title and after.is_title


def _unsaid(verb: Token, comp: Token) -> bool:
    """Speech that carries no words of its own: a question or topic ("explained why …", "did
    not say who would go", "asked whether …"), or speech refused or denied ("refusing to say",
    "would not say that …")."""
    first = comp.left_edge
    if first.lower_ in _WH_WORDS and first.head.i == comp.i and first.lower_ != "if":
        return True  # "why this accord was signed"; not "when talks end, the war resumes"
    if any(c.dep_ == "mark" and c.lower_ in _WH_WORDS for c in comp.children):
        return True  # "whether", "if"
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _REFUSING


def _is_document(ref: ActorRef) -> bool:
    """A speaker that is a text ("the agreement", "the statement"), not someone."""
    return ref.actor_id is None and bool(set(ref.name.lower().split()) & DOCUMENT_NOUNS)


def _cue_words(verb: Token) -> str:
    """The reporting words: "said", "told reporters", "said in a statement", "wrote on Telegram"."""
    words = [verb]
    for c in verb.children:
        if (c.dep_ in ("dobj", "dative") and c.lower_ in _AUDIENCES) or c.dep_ == "prt":
            words.append(c)
        elif c.dep_ == "prep" and c.lower_ in ("in", "on"):
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if pobj is not None and (pobj.lower_ in DOCUMENT_NOUNS or pobj.lower_ in _PLATFORMS):
                words.extend(t for t in c.subtree if t.dep_ != "punct")
    return " ".join(t.text for t in sorted(words, key=lambda t: t.i))


def _trimmed(span: Span) -> tuple[str, int, int]:
    text = span.text
    stripped = text.strip()
    start = span.start_char + len(text) - len(text.lstrip())
    return stripped, start, start + len(stripped)


def extract_quotes(ctx: ArticleContext) -> tuple[Quote, ...]:
    """The article's quotes: direct ones with their speakers, then indirect speech."""
    return tuple(QuoteReader(ctx.doc, ctx.article, ctx.parties).quotes())


__all__ = ["extract_quotes"]
