"""Did it happen? The trigger's clause chain read as features: what governs the trigger, walking up the parse.

From the trigger up through its governing heads to the sentence root, each step names the edge crossed
(xcomp, ccomp, advcl, relcl, conj, ...) and the classes of the head met there: the cue classes of
``data/events/factuality.yaml`` (denial, refusal, failure, modal, future, conditional or time mark, wish or
need, intention, attempt), negation, a say verb (``say_verbs`` of the patterns), and whether the step sits
inside an attribution's content. These are the inputs of the learned factuality reading
(a probe: scripts/events_factuality_probe.py, scripts/events_check_look.py); the rules (``factuality``) read the same classes. Not shipped: on the check half the rules did as well (2026-12-01).
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from newsgraph.extract.events.factuality import cues, has_aux
from newsgraph.extract.events.patterns import lemma_forms, patterns
from newsgraph.model import Attribution
from newsgraph.nlp import has_to

MAX_STEPS = 6


def word_classes(tok: Token) -> set[str]:
    """The factuality classes of one word: its lemma forms in the cue lists, and its auxiliaries and marks."""
    c, pats = cues(), patterns()
    forms = set(lemma_forms(tok))
    out = set()
    for name, words in (("denial", c.denial_verbs), ("refusal", c.refusal_governors),
                        ("failure", c.failure_governors), ("wish", c.hypothetical_governors),
                        ("intention", c.intention_governors), ("attempt", c.attempt_governors),
                        ("say", pats.say_verbs)):
        if forms & words:
            out.add(name)
    if has_aux(tok, c.modals):
        out.add("modal")
    if has_aux(tok, c.future_aux):
        out.add("future")
    for ch in tok.children:
        if ch.dep_ == "neg" or (ch.dep_ == "det" and ch.lower_ in c.negating_determiners):
            out.add("neg")
        elif ch.dep_ == "aux" and ch.lower_ in c.modals:
            out.add("modal:" + ch.lower_)
        elif ch.dep_ == "mark" and ch.lower_ in c.conditional_marks:
            out.add("conditional")
        elif ch.dep_ in ("mark", "advmod") and ch.lower_ in pats.background_marks:
            out.add("time:" + ch.lower_)
        elif ch.dep_ == "advmod" and ch.lower_ in c.presupposing_wh:
            out.add("wh")
    return out


def _in_content(idx: int, attributions: Sequence[Attribution]) -> Attribution | None:
    inner = None
    for a in attributions:
        if a.content.start <= idx < a.content.end and (
                inner is None or a.content.end - a.content.start < inner.content.end - inner.content.start):
            inner = a
    return inner


def chain_features(tok: Token, attributions: Sequence[Attribution] = ()) -> set[str]:
    """The feature names of one trigger (see the module doc)."""
    out = {"pos:" + tok.pos_, "tag:" + tok.tag_, "dep:" + tok.dep_}
    out |= {"own:" + k for k in word_classes(tok)}
    if has_to(tok):
        out.add("own:to")
    if tok.dep_ in ("pobj", "pcomp"):
        out.add("prep:" + tok.head.lower_)
    if any(ch.dep_ == "poss" for ch in tok.children):
        out.add("own:poss")
    sent = tok.sent
    last = next((t for t in reversed(sent) if not t.is_space and not t.is_quote), None)
    if last is not None and last.text == "?":
        out.add("question")
    below, step = tok, 0
    while below.head != below and step < MAX_STEPS:
        edge, gov = below.dep_, below.head
        step += 1
        near = "1" if step == 1 else "n"
        out.add(f"edge{near}:{edge}")
        for k in word_classes(gov):
            out.add("up:" + k)
            out.add(f"up{near}:{k}")
            out.add(f"{edge}>{k}")
        below = gov
    holder = _in_content(tok.idx, attributions)
    if holder is not None:
        in_cue = holder.cue is not None and holder.cue.start <= tok.idx < holder.cue.end
        out.add("attr:cue" if in_cue else "attr:content")
        out.add("attr:" + str(holder.form))
    elif any(a.cue is not None and a.cue.start <= tok.idx < a.cue.end for a in attributions):
        out.add("attr:cue")
    return out
