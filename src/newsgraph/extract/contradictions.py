"""Which statement in an article does a denial or rejection answer? Contradictions within one article.

A counter-statement (stance deny or reject) is linked to the claim (report, assert, accuse,
verify) of a different speaker that it answers:
- a relative clause right after a claim ("blames X for Y, which X denies") answers that claim;
- a counter that names the kind of claim ("such misleading reports", "war crimes charges")
  answers the claims of that kind (reports, or accusations): the one sharing most words, the
  earliest on a tie (the original report);
- otherwise a claim sharing at least two content words *and* the same proposition (its predicate or a
  core participant, ``propositions.disputed``): the one with most disputed words, then most shared
  words, the nearest on a tie; the reason names the disputed words.
Words are compared loosely (``words.keywords``: case, plural, "Russia"/"Russian" share a stem); the
same comparison ties claims across articles (``link/crossclaims.py``). A pipeline component of its
own ("contradictions"), run after the attributions.
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Token

from newsgraph.extract.attribution.lexicon import lexicon
from newsgraph.extract.propositions import Proposition, as_written, disputed, of_text, of_tokens
from newsgraph.model import CLAIMING, COUNTERING, STANCE_KINDS, Attribution, Contradiction
from newsgraph.words import claim_words, keywords, match_keys, same_word, shared_words, stem

_KIND_STANCE = {"report": {"report"}, "accuse": {"accuse"}, "statement": {"report", "assert", "accuse"}}


def _speaker(a: Attribution) -> str | None:
    if a.speaker is None:
        return None
    return (a.speaker.resolved or a.speaker.text or "").lower() or None


def _side(a: Attribution) -> frozenset[str]:
    """Who the speaker speaks for: itself and its affiliation ("a spokesman for the army" -> the army)."""
    if a.speaker is None:
        return frozenset()
    names = (a.speaker.resolved, a.speaker.text, a.speaker.affiliation)
    return frozenset(_strip_the(n.lower()) for n in names if n)


def _strip_the(name: str) -> str:
    return name[4:] if name.startswith("the ") else name


def _cue_names(claim: Attribution, nouns: list[str]) -> bool:
    """The claim's cue is the verb of the counter's noun: "reported" for "the reports"."""
    return claim.cue is not None and any(same_word(stem(claim.cue.text.split()[-1]), stem(n)) for n in nouns)


def _points_back(content: str, nouns: list[str]) -> bool:
    """The counter names its claim with a demonstrative: "that account", "this report"."""
    words = [w.lower() for w in claim_words(content)]
    return any(a in ("that", "this", "those", "these") and b in nouns for a, b in zip(words, words[1:]))


def _name(a: Attribution) -> str:
    if a.speaker is None:
        return "an unnamed speaker"
    return a.speaker.resolved or a.speaker.text or "an unnamed speaker"


def _tokens(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def _verb(stance: str) -> str:
    return STANCE_KINDS[stance].noun


def find_contradictions(attributions: tuple[Attribution, ...], text: str, doc: Doc | None = None) -> tuple[Contradiction, ...]:
    """Each denial or rejection tied to the claim in the same article it answers, if any.

    Claims are indexed once per article (their keywords, by word and five-letter prefix, and their
    end offsets), so a counter looks only at the claims it may answer: a long article with
    thousands of statements costs about linear time, not counters x claims. A counter tied by its
    words alone must address the same proposition as the claim (``propositions.disputed``), read
    from ``doc`` (the article's parse) when given, else from each content's own parse."""
    claim_nouns = lexicon().claim_nouns
    props: dict[str, Proposition] = {}

    def prop(a: Attribution) -> Proposition:
        if a.id not in props:
            props[a.id] = (of_tokens(_tokens(doc, a.content.start, a.content.end)) if doc is not None
                           else of_text(a.content.text))
        return props[a.id]

    out: list[Contradiction] = []
    claiming = [(a, _speaker(a), _side(a)) for a in attributions if a.stance in CLAIMING]
    claim_keys = [keywords(a.content.text) for a, _, _ in claiming]
    postings: dict[str, list[int]] = {}
    for n, words in enumerate(claim_keys):
        for key in {k for w in words for k in match_keys(w)}:
            postings.setdefault(key, []).append(n)
    by_end = sorted(range(len(claiming)), key=lambda n: claiming[n][0].content.end)
    ends = [claiming[n][0].content.end for n in by_end]
    for counter in attributions:
        if counter.stance not in COUNTERING:
            continue
        who, side = _speaker(counter), _side(counter)

        def allowed(n: int) -> bool:
            a, a_who, a_side = claiming[n]
            return a is not counter and (who is None or a_who != who) and not side & a_side

        if not any(allowed(n) for n in range(len(claiming))):
            continue
        start = counter.content.start
        near = sorted(by_end[k] for k in range(bisect.bisect_left(ends, start - 3), bisect.bisect_right(ends, start)))
        after = [claiming[n][0] for n in near if allowed(n)
                 and text[claiming[n][0].content.end : start].strip(" ,") == ""]
        if after and counter.content.text.split(" ", 1)[0].lower() in ("which", "that", "what"):
            claim = after[0]
            out.append(Contradiction(claim.id, counter.id, f"{_verb(counter.stance)} of the preceding claim by {_name(claim)}"))
            continue
        words = keywords(counter.content.text)
        raw = {w.lower() for w in claim_words(counter.content.text)}
        kinds = {kind for kind, nouns in claim_nouns.items() if raw & nouns}
        if kinds:
            wanted = set().union(*(_KIND_STANCE.get(k, set()) for k in kinds))
            typed = [(shared_words(words, claim_keys[n]), claiming[n][0]) for n in range(len(claiming))
                     if claiming[n][0].stance in wanted and allowed(n)]
            if typed:
                nouns = sorted(raw & set().union(*(claim_nouns[k] for k in kinds)))
                if _points_back(counter.content.text, nouns) or kinds == {"statement"}:
                    # "denied that account", "dismissed such doubts": the last claim before
                    before = [t for t in typed if t[1].content.end <= counter.content.start]
                    named = [t for t in before if _cue_names(t[1], nouns)]  # "these reports": what was reported
                    typed = [max(named or before, key=lambda t: t[1].content.end)] if before else typed
                best = max(typed, key=lambda t: (_cue_names(t[1], nouns), len(t[0]), -t[1].content.start))
                noun = nouns[0]
                out.append(Contradiction(best[1].id, counter.id, f"{_verb(counter.stance)} of the {noun} ({_name(best[1])})"))
                continue
        hits: dict[int, int] = {}  # claim -> how many of the counter's words it shares
        for w in words:
            for n in {n for k in match_keys(w) for n in postings.get(k, ())}:
                hits[n] = hits.get(n, 0) + 1
        scored = []
        for n in sorted(hits):
            if hits[n] >= 2 and allowed(n):
                about = disputed(prop(counter), prop(claiming[n][0]))
                if about:
                    scored.append((about, shared_words(words, claim_keys[n]), claiming[n][0]))
        if not scored:
            continue
        about, shared, claim = max(scored, key=lambda t: (len(t[0]), len(t[1]), -abs(t[2].content.start - counter.content.start)))
        out.append(Contradiction(claim.id, counter.id, f"{_verb(counter.stance)} of a claim by {_name(claim)} about "
                                 f"{', '.join(as_written(about[:3], counter.content.text))} "
                                 f"(shared: {', '.join(as_written(shared[:4], counter.content.text))})"))
    return tuple(out)

