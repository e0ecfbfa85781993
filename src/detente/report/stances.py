"""Where the parties stand: issue by issue, each party's stance as a sentence with its content.

The content is, in order: the position's own claim (and condition) where extraction gives one;
the party's reported words in the same sentence ("Kyiv said it will not recognise …"); the clause
the sentence reports ("… repeated that Ukraine must cede …"); the position's topic. A sentence
read both ways for one party (support and oppose) states nothing; a change between reports is
said ("earlier: …").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from detente.codes import country_id
from detente.lexicon.names import fold
from detente.lexicon.words import word_map, words
from detente.records import Position, Quote, Source
from detente.report.placenames import the_country
from detente.report.realise import lemma, say_date
from detente.report.views import PositionRow, Stated, position_rows, stated
from detente.store.digests import PositionDigest

if TYPE_CHECKING:
    from detente.report.briefing import Builder, Bullet, Section

_PAST = word_map("report.verb_past")
_CUES = words("report.stance_cues")
# Positions carry a claim where extraction writes one (read with getattr: older stores lack it).
_HAS_CLAIM = "claim" in getattr(Position, "__dataclass_fields__", {})
_AGENCIES = words("report.news_agencies")
_THAT = re.compile(r"\bthat\s+(.+?)[.;]?$")
_TRIM = re.compile(r"\s+(?:that|which|who|since|after|because)\s+.*$|,.*$|\s+—.*$")
_SPEECH = frozenset(
    {"said", "told", "added", "stressed", "noted", "warned", "stated", "repeated", "insisted"}
)


def stance_sentence(party: str, stance: str, content: str, cue: str | None = None) -> str:
    """A party's stance as a sentence with its content: "Russia insisted a whole range of …"."""
    content = content.strip().rstrip(".,;")
    first = content.split(" ", 1)[0]
    if first in ("The", "We", "It", "This", "There", "A", "An", "Our", "They"):
        content = content[:1].lower() + content[1:]
    if cue:
        return f"{party} {cue} {content}"
    verb = {"support": "backs", "oppose": "rejects", "conditional": "accepts only on conditions"}[stance]
    if stance == "conditional":
        return f"{party} {verb}: {content}"
    return f"{party} {verb} {content}"


def _cue_past(cue: str | None) -> str:
    if not cue:
        return "said"
    first = cue.split()[0].lower()
    if first in _SPEECH:
        return first
    verb, _ = lemma(first)
    return _PAST.get(verb, "said") if verb not in ("say", "tell") else "said"


def _quotes_in(b: Builder, article_id: str) -> list[Quote]:
    """The quotes of one article in scope (read on demand: only the reports a bullet states
    are searched for the party's own words)."""
    cache: dict[str, list[Quote]] = b.__dict__.setdefault("_quotes_in", {})
    if article_id not in cache:
        cache[article_id] = [q for q, _ in b.quotes_of(article_id)]
    return cache[article_id]


def _position(b: Builder, h: Stated) -> Position | None:
    """The stored position a stated row came from (its article's facts read once, on demand)."""
    cache: dict[str, list[Position]] = b.__dict__.setdefault("_positions_in", {})
    if h.article_id not in cache:
        facts = b.store.article_facts(h.article_id)
        cache[h.article_id] = list(facts.positions) if facts is not None else []
    return next((p for p in cache[h.article_id] if p.start == h.start and p.end == h.end), None)


def _reported(b: Builder, row: PositionRow, h: Stated) -> Quote | None:
    """The party's own reported words in the position's sentence."""
    want = {row.actor_id, country_id(row.country) if row.country else None} - {None}
    best = None
    for q in _quotes_in(b, h.article_id):
        if q.direct or not (q.start <= h.start < q.end or h.start <= q.start < h.end):
            continue
        ids = {q.actor_id, country_id(q.country) if q.country else None}
        if ids & want and (best is None or len(q.text) > len(best.text)):
            best = q
    return best


def content(b: Builder, row: PositionRow, h: Stated, party: str) -> str:
    """A stance as a sentence with what the party wants or refuses."""
    pos = _position(b, h) if _HAS_CLAIM else None
    claim = getattr(pos, "claim", None) if pos is not None else None
    if claim and _clause(claim) and len(claim.split()) >= 2:
        condition = getattr(pos, "condition", None)
        text = claim_sentence(party, h.stance, claim, h.evidence)
        if text:
            return f"{text}, {condition.strip(' ,.')}" if condition else text
    quote = _reported(b, row, h)
    if quote is not None and len(quote.text.split()) >= 4 and _clause(quote.text):
        speaker = (
            party
            if (quote.speaker or "").lower().startswith(("the ", "russia’s", "ukraine’s"))
            else quote.speaker
        )
        return stance_sentence(speaker or party, h.stance, quote.text, cue=_cue_past(quote.cue))
    topic = (h.topic or "").strip()
    at = h.evidence.find(topic) if topic else -1
    before = h.evidence[:at].split() if at > 0 else []
    if before and before[-1].lower() in _CUES and len(topic.split()) >= 3 and _clause(topic):
        return stance_sentence(party, h.stance, _finish(topic, h.evidence[at:]), cue=_third(before[-1]))
    found = _THAT.search(h.evidence)
    if found and topic and topic[:20] in found.group(1) and _clause(found.group(1)):
        return stance_sentence(party, h.stance, found.group(1), cue="says")
    short = _TRIM.sub("", topic).strip(' ,.“”"')
    ok = len(short.split()) >= 3 and not short.split()[-1][:1].isdigit() and _clause(short)
    if ok and short.split()[0].lower() == "to" and short.split()[1].lower() not in _DETERMINERS:
        return f"{party} {'wants' if h.stance != 'oppose' else 'refuses'} {short}"
    if ok and short.split()[0].lower() in ("a", "an", "the", "any", "its", "their"):
        return stance_sentence(party, h.stance, short)
    return ""


_MODALS = frozenset(
    {"must", "should", "will", "would", "can", "cannot", "could", "may", "might", "shall", "won’t", "won't"}
)
_REPORTING = frozenset(
    {"said", "says", "say", "insists", "insisted", "insist", "repeated", "repeats", "stressed", "stresses",
     "argued", "argues", "warned", "warns", "believes", "believed", "claimed", "claims", "added", "that",
     "noted", "told", "declared", "announced", "confirmed", "demanded", "demands", "hopes", "hoped",
     "insisting", "saying", "arguing", "warning", "stressing"}
)  # fmt: skip
_DETERMINERS = frozenset(
    {"a", "an", "the", "any", "its", "their", "all", "no", "his", "her", "our", "this", "these", "both", "each",
     "every", "some", "those"}
)  # fmt: skip
_PRONOUNS = frozenset({"it", "he", "she", "they", "we", "i", "you", "there"})
_PREPOSITIONS = frozenset({"in", "on", "at", "for", "with", "from", "of", "by", "into", "over", "about"})
_RELATIVE = re.compile(r"\s+(?:that|which|who|whom|whose)\s+.*$")
_ASIDE = re.compile(r",\s+(?:a|an|the|which|who)\s.*$")
# Endings of a word after "to" that make "to" a preposition: "to collaborating", "to systematic".
_NOT_VERB = ("ing", "ic", "ous", "tive", "ly")
_TOKEN = re.compile(r"[\w’'-]+")
_PRESENT = {"said": "says", "insisted": "insists", "repeated": "repeats", "stressed": "stresses",
            "argued": "argues", "warned": "warns", "believed": "believes", "claimed": "claims",
            "added": "says", "noted": "notes", "told": "says", "declared": "says", "announced": "says",
            "confirmed": "says", "demanded": "demands", "hoped": "hopes", "say": "says", "insist": "insists",
            "that": "says", "insisting": "insists", "saying": "says", "arguing": "argues", "warning": "warns",
            "stressing": "stresses"}  # fmt: skip


def _plain(text: str) -> str:
    return text.replace("“", "").replace("”", "").replace('"', "")


def _located(claim: str, evidence: str) -> tuple[list[str], str, str] | None:
    """The words before a claim in its sentence (up to the clause's start), the claim carried to the
    end of its clause, and what follows it; None when the claim is not found in the sentence."""
    plain = _plain(evidence)
    at = plain.find(claim)
    if at < 0:
        head = " ".join(claim.split()[:3])
        at = plain.find(head) if len(head) > 8 else -1
        if at < 0:
            return None
    end = at + len(claim)
    while end < len(plain) and plain[end].isalnum():  # a claim cut inside a word ends with the word
        end += 1
    claim = plain[at:end] if plain[at : at + len(claim)] == claim else claim
    tail = plain[end:]
    stop = re.search(r"[,.;:—–]|\s(?:but|though|while|although)\s", tail)
    more = tail[: stop.start()] if stop else tail
    if more.strip() and len(more.split()) <= 4:  # "… before a ceasefire could be" → "… be agreed"
        claim, tail = (claim + more).rstrip(), tail[len(more) :]
    before = _TOKEN.findall(plain[:at])[-6:]
    return before, claim.strip(" ,"), tail


def claim_sentence(party: str, stance: str, claim: str, evidence: str = "") -> str:
    """A stance from its claim, read against its sentence so that it stays English and keeps its
    subject: a reported clause ("Russia says Ukraine must cede its territory …"), what the party
    will or will not do ("Ukraine will not recognise …"), wants or refuses to do ("Ukraine wants to
    discuss an unconditional ceasefire"), the sentence's own verb ("Ukraine criticised the level of
    …"), or a thing backed or rejected ("Russia rejects the proposal"). "" when the claim does not
    read as any of these (a place after "in": "expected in Istanbul on Friday …")."""
    claim = _plain(claim).strip().rstrip(".,;")
    found = _located(claim, evidence) if evidence else None
    before: list[str] = []
    if found is not None:
        before, claim, _ = found
    if not claim:
        return ""
    low = [w.lower() for w in before]
    for i in range(len(low) - 1, -1, -1):
        if low[i] in _REPORTING:  # "… repeated that Ukraine must cede …", "Russia insists the talks …"
            clause = before[i + 1 :]
            cue = _PRESENT.get(low[i], low[i] if low[i].endswith("s") else "says")
            if clause and clause[0].lower() in _PRONOUNS and any(w.lower() in _MODALS for w in clause):
                return f"{party} {' '.join(clause[1:])} {claim}"  # "Kyiv said it will not …" → "Ukraine will not …"
            if clause and any(w.lower() in _MODALS or w.lower() == "not" for w in clause):
                return f"{party} {cue} {' '.join(clause)} {claim}"
            if not clause and low[i] != "that":
                return f"{party} {cue} {claim}"
            break
    first = claim.split(" ", 1)[0].rstrip(",;:")
    if first.lower() in _PREPOSITIONS:
        return ""  # "over the next few days …": no thing and no act
    if low and low[-1] == "to" and (first.lower() in _DETERMINERS or first.lower().endswith(_NOT_VERB)):
        return ""  # "open to both delegations", "committed to collaborating": a preposition, not an act
    if low and low[-1] == "to":  # "ready to discuss …", "refusing to say …"
        claim = _cut(claim)
        if stance == "conditional":
            return f"{party} would {claim} only on conditions"
        return f"{party} {'refuses to' if stance == 'oppose' else 'wants to'} {claim}"
    if low and (low[-1] in _MODALS or (len(low) > 1 and low[-1] == "not" and low[-2] in _MODALS)):
        return f"{party} {'will not' if low[-1] == 'not' else 'will'} {claim}"
    if low and low[-1] in _PREPOSITIONS and first[:1].isupper():
        return ""
    gerund = first.lower().endswith("ing")
    if low and _past_verb(low[-1]) and (first.lower() in _DETERMINERS or gerund):
        return f"{party} {before[-1]} {_cut(claim)}"  # "Russia suggested creating three working groups"
    if first.lower() in _PRONOUNS or (not gerund and _finite(claim)):
        return f"{party} says {claim}"  # "this deal ends the fighting for good"
    np = _cut(claim)
    if stance == "conditional":
        return f"{party} would accept {np} only on conditions"
    return f"{party} {'rejects' if stance == 'oppose' else 'backs'} {np}"


def _cut(claim: str) -> str:
    """A thing without a relative clause cut short in the report ("… groups that would meet
    online between full rounds, one political" → "… groups"; a whole one is kept) and without an
    aside ("cease hostilities, a dramatic breakthrough …" → "cease hostilities")."""
    found = _RELATIVE.search(claim)
    claim = claim[: found.start()] if found and "," in claim[found.start() :] else claim
    return _ASIDE.sub("", claim).split(" and that ")[0]


def _past_verb(word: str) -> bool:
    return word.endswith("ed") or word in _PAST.values()


def _finite(text: str) -> bool:
    """A clause: a subject of one to three words, then a modal or an auxiliary ("this will be …",
    "Israel would resume …", "the two sides have agreed …")."""
    words_ = [w.lower().strip(",") for w in text.split()[:4]]
    for w in words_[1:]:
        if w in ("that", "which", "who"):
            return False  # "a ceasefire that will pave …" is a thing, not a clause
        if w in _MODALS or w in ("is", "are", "was", "were", "has", "have", "had"):
            return True
    return False


def _clause(text: str) -> bool:
    """Text that reads on its own: not opening on a preposition, no quote mark left open."""
    first = text.split(" ", 1)[0].lower()
    last = text.rstrip(" .").rsplit(" ", 1)[-1].lower()
    if last in ("and", "but", "or", "the", "a", "to", "of", "that") or text.rstrip().endswith(","):
        return False
    opens = text.count("“") + text.count('"') % 2
    return first not in ("for", "of", "in", "on", "at", "with", "by", "from", "and", "but") and (
        text.count("“") == text.count("”") and text.count('"') % 2 == 0 and opens >= 0
    )


def _third(cue: str) -> str:
    """A stance verb as a report of the party: "demand" → "demands"; past and -s forms kept."""
    low = cue.lower()
    return low if low.endswith(("ed", "s", "id", "ught")) else low + "s"


def _finish(topic: str, rest: str) -> str:
    """A topic cut mid-phrase carried to the end of its clause, and a long one cut at its first
    comma: "… and has twice hosted" → "… and has twice hosted talks on the war"."""
    tail = rest[len(topic) :]
    end = re.search(r"[,.;:—]", tail)
    more = tail[: end.start()] if end else tail
    if len(more.split()) <= 6:
        topic = (topic + more).strip()
    if len(topic.split()) > 16 and "," in topic:
        topic = topic.split(",")[0]
    return topic


def short_quote(text: str, most: int = 35) -> str:
    """A quote cut to its first sentences within `most` words ("…" where cut)."""
    text = text.strip(" ,")
    if len(text.split()) <= most:
        return text
    out = ""
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if len((out + " " + sentence).split()) > most:
            break
        out = f"{out} {sentence}".strip()
    return (out or " ".join(text.split()[:most])) + " …"


def _rows(b: Builder) -> list[tuple[PositionRow, list[PositionDigest]]]:
    """The position rows in scope, each with its reports that read one way (built once)."""
    cached: list[tuple[PositionRow, list[PositionDigest]]] | None = b.__dict__.get("_stance_rows")
    if cached is None:
        cached = b.__dict__["_stance_rows"] = _read_rows(b)
    return list(cached)


def _read_rows(b: Builder) -> list[tuple[PositionRow, list[PositionDigest]]]:
    rows = position_rows(b.store, b.tax, by_country=True, articles=set(b.articles), quotes=b.quotes())
    out = []
    for r, items in rows:
        if r.issue == "other" or fold(r.party) in _AGENCIES:
            continue
        history = [h for h in items if h.article_id in b.articles]
        per_article: dict[str, set[str]] = defaultdict(set)
        for h in history:
            per_article[h.article_id].add(h.stance)
        clear = [h for h in history if len(per_article[h.article_id]) == 1]  # one reading per report
        if clear:
            out.append((r, clear))
    return out


def _bullet(b: Builder, r: PositionRow, history: list[PositionDigest], label: str | None) -> Bullet | None:
    from detente.report.briefing import MAX_CITES, Bullet

    said = [h for h in history if h.stance == history[-1].stance]
    recent = list(reversed(said))[:12]  # the latest reports that may say what the stance is about
    full = stated(b.store, [*recent, *history[-MAX_CITES:]])  # their sentences, read now
    latest = full[history[-1].id]
    text = ""
    for d in recent:  # the latest report that says what the stance is about
        h = full[d.id]
        text = content(b, r, h, the_country(r.party))
        # "Ukraine also will not attend": the report's "also" points at a sentence not shown
        text = re.sub(rf"^({re.escape(the_country(r.party))}) (?:also|too) ", r"\1 ", text)
        if text:
            latest = h
            break
    if not text and not (r.quote and len(r.quote.split()) >= 4):
        return None  # "Russia is in favour": of what, neither the reports nor a quote say
    if not text:
        text = f"{the_country(r.party)} is {_word(latest.stance)}"
    else:  # one sentence read as one stance: not again under another issue or another party
        shown: set[tuple[str, int, str]] = b.__dict__.setdefault("_stances_shown", set())
        key = (latest.article_id, latest.start, " ".join(text.split()[-5:]))
        if key in shown:
            return None
        shown.add(key)
    text = text[:1].upper() + text[1:]
    if (before := _changed_from(latest, history)) is not None:
        text += (
            f" (earlier, {say_date(before.published, b.year, False) or 'undated'}: {_word(before.stance)})"
        )
    cites = sorted(
        {
            b.cites.add(b.articles[h.article_id], h.evidence, h.start, h.end)
            for h in (full[d.id] for d in history[-MAX_CITES:])
        }
    )
    data: dict[str, Any] = {"party": r.party, "members": r.members, "issue": r.issue, "stance": latest.stance,
                            "reports": len({h.article_id for h in history})}  # fmt: skip
    out = Bullet(f"{label}: {text}." if label else text + ".", cites, "position", data=data)
    if r.quote and len(r.quote.split()) >= 4:  # a word or two ("serious") says nothing alone
        out.quote = short_quote(r.quote)
    return out


def _word(stance: str) -> str:
    return {"support": "in favour", "oppose": "against", "conditional": "in favour on conditions"}.get(
        stance, stance
    )


def stand(b: Builder) -> Section:
    """Issue by issue (the most reported first), the main pair's stances first."""
    from detente.report.briefing import Section

    sec = Section("stand", "Where the parties stand")
    pair = set(b.dyad())
    rows = _rows(b)
    weight: dict[str, int] = defaultdict(int)
    for r, h in rows:
        weight[r.issue] += len({x.article_id for x in h}) * (2 if r.country in pair else 1)
    rows.sort(key=lambda rh: (-weight[rh[0].issue], rh[0].issue, rh[0].country not in pair, -len(rh[1])))
    picked = [rh for rh in rows if rh[0].country in pair or b.detail]
    picked += [rh for rh in rows if rh not in picked]
    labels = {i.slug: i.label for i in b.tax.issues}
    chosen = picked[: b.cap("stand")]
    chosen.sort(key=lambda rh: rows.index(rh))
    for r, history in chosen:
        bullet = _bullet(b, r, history, labels.get(r.issue, r.issue))
        if bullet is not None:
            sec.bullets.append(bullet)
    _name_the_proposal(sec.bullets)
    return sec


_BARE = re.compile(
    r"^(?P<head>.*?: (?P<party>.+?) (?:rejected|rejects|declined|refused|dismissed|accepted|welcomed)) "
    r"(?:the|this|that) (?P<noun>proposal|plan|offer|idea|call|demand|initiative)(?P<tail>[ .(].*)$"
)
_WANTS = re.compile(
    r"^.*?: (?P<party>.+?) (?:wants|backs|proposes|proposed|demands|calls for) (?P<what>[^(]+?)\.?(?: \(|$)"
)


def _name_the_proposal(bullets: list[Bullet]) -> None:
    """ "Russia rejected the proposal" says nothing alone: where the other side's stance on the
    same issue says what it wants, the proposal is named as that side's ("Russia rejected
    Ukraine’s proposal to discuss a ceasefire")."""
    for bullet in bullets:
        bare = _BARE.match(bullet.text)
        if bare is None:
            continue
        for other in bullets:
            wants = _WANTS.match(other.text)
            if (
                other is bullet
                or wants is None
                or other.data.get("issue") != bullet.data.get("issue")
                or other.data.get("party") == bullet.data.get("party")
            ):
                continue
            what = wants.group("what").strip()
            owner = wants.group("party")
            owner = f"{owner}’" if owner.endswith("s") else f"{owner}’s"
            named = (
                f"{bare.group('noun')} {what}" if what.startswith("to ") else f"{bare.group('noun')} ({what})"
            )
            bullet.text = f"{bare.group('head')} {owner} {named}{bare.group('tail')}"
            break


def host_stances(b: Builder, code: str) -> list[Bullet]:
    """The host's own stances (on the talks, on the parties), as sentences."""
    out = []
    for r, history in _rows(b):
        if r.country == code:
            bullet = _bullet(
                b, r, history, next((i.label for i in b.tax.issues if i.slug == r.issue), r.issue)
            )
            if bullet is not None:
                bullet.kind = "host"
                out.append(bullet)
    return out


__all__ = ["Source", "content", "host_stances", "stand"]


def _changed_from(latest: Stated, history: Sequence[PositionDigest]) -> PositionDigest | None:
    """The last report of the opposite stance on the same thing, published before the latest one.

    An issue holds many things ("the negotiations themselves": a leaders' meeting, a working
    group, the other side's memorandum), so a change of mind is told only where the two claims
    share a word of substance: calling the memorandum's terms unacceptable is no earlier
    "against" of a call for a summit. An undated report, or one of the same day, is not earlier.
    """
    mine = _substance(latest.claim)
    if not mine or not latest.date:
        return None
    for h in reversed(history):
        if (h.stance == "oppose") == (latest.stance == "oppose") or h.article_id == latest.article_id:
            continue  # for or against: "in favour" after "in favour on conditions" is no change of mind
        if h.published and h.published[:10] < latest.date[:10] and mine & _substance(h.claim):
            return h
    return None


def _substance(claim: str | None) -> set[str]:
    """A claim's words of substance (folded, four letters or more, not a function word)."""
    return {w for w in fold(claim or "").split() if len(w) >= 4 and w not in _FUNCTION_WORDS}


_FUNCTION_WORDS = words("report.claim_function_words")
