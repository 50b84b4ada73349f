"""Events and what was said: the attribution layer (which runs before events) decides the verbal events.

- an event inside an attribution's content is *reported*: its source, not the outlet, says it happened
  (the attribution's id and source are kept on the event);
- a speech or thought verb (an attribution's cue) is no material event: "I now recall the meeting" is no
  SANCTION; it can only be one of ``verbal_types`` ("accused", "urged", "denied") -- once, from the verb;
- an attribution that accuses is an ACCUSE by its source, one that denies or rejects a REJECT, unless its
  cue already gave that event; its target, by CAMEO convention, is whoever the accusation says did the
  harm ("X accused Y of attacking Z": X ACCUSE Y). A neutral report ("police said gunmen attacked ...")
  is no accusation: the attack stays the event, marked reported by the police (as the PLOVER GSR codes it).
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from newsgraph.extract.attribution.stance_read import stance_words
from newsgraph.extract.events.actors import ActorResolver
from newsgraph.extract.events.factuality import cues
from newsgraph.extract.events.frame import Frame
from newsgraph.extract.events.patterns import Trigger, is_light_verb, lemma_forms, patterns
from newsgraph.extract.reference.words import reference_words
from newsgraph.model import Attribution
from newsgraph.nlp import text_of
from newsgraph.words import FIRST_PERSON

VERBAL_EVENT = {"accuse": ("ACCUSE", "allege"), "deny": ("REJECT", None), "reject": ("REJECT", None)}


BLAME_EVENT = ("ACCUSE", "disapprove")
PRAISE_EVENT = ("SUPPORT", None)


def _blames(doc: Doc, a: Attribution) -> bool:
    """Does the source's own statement blame or run down someone, by its words? The stance layer's words of
    negative evaluation and wrong acts (attribution/stance_words.yaml) and the patterns' blame words; the
    stance layer calls such a statement about a person an assertion, the events guideline a criticism. Only a
    statement that reports no event of its own: "said the rebels were preparing an offensive" is the offensive."""
    span = doc.char_span(a.content.start, a.content.end, alignment_mode="expand")
    if span is None:
        return False
    blame = blame_words()
    return any(t.lower_ in blame or t.lemma_.lower() in blame for t in span)


def _praises(doc: Doc, a: Attribution) -> bool:
    """Does the source's own statement praise someone: a word of praise (``praise_words``) predicated of a
    person ("'Mirel is an honest broker,' Okafor wrote", "is the greatest"), with no word of blame or negation?"""
    span = doc.char_span(a.content.start, a.content.end, alignment_mode="expand")
    if span is None:
        return False
    blame, praise = blame_words(), patterns().praise_words
    if any(t.lower_ in blame or t.lemma_.lower() in blame or t.dep_ == "neg" for t in span):
        return False
    for t in span:
        if t.lower_ not in praise and t.lemma_.lower() not in praise:
            continue
        pred = t.head if t.dep_ == "amod" else t
        if pred.dep_ not in ("acomp", "attr"):
            continue
        subj = next((c for c in pred.head.children if c.dep_ == "nsubj"), None)
        if subj is not None and (subj.ent_type_ == "PERSON" or reference_words().pronouns.get(subj.lower_) == "person"):
            return True
    return False


def _answers_no(cue: Token, doc: Doc, a: Attribution) -> bool:
    """Is the statement an answer that says no: a response verb (``response_verbs``) whose content is "no"
    or has its main verb negated ("responded that the network doesn't pay", "'No,' replied Brask")?"""
    if not set(lemma_forms(cue)) & patterns().response_verbs:
        return False
    span = doc.char_span(a.content.start, a.content.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    words = [t for t in span if not t.is_punct and not t.is_space]
    if words and words[0].lower_ == "no" and (len(words) == 1 or words[1].is_punct):
        return True
    roots = [t for t in span if t.head == t or t.head.i not in range(span.start, span.end)]
    return any(ch.dep_ == "neg" for r in roots for ch in r.children)


@functools.lru_cache(maxsize=1)
def blame_words() -> frozenset[str]:
    """Words of blame: the stance layer's negative and wrongdoing words and the patterns' own."""
    words = stance_words()
    return words.negative | words.wrongdoing | patterns().blame_words


def _cue_token(doc: Doc, a: Attribution) -> Token | None:
    if a.cue is None:
        return None
    span = doc.char_span(a.cue.start, a.cue.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    return next((t for t in span if t.pos_ in ("VERB", "AUX")), span.root)


def _source(a: Attribution) -> str | None:
    return a.speaker.resolved or a.speaker.text if a.speaker is not None else None


def _in(span, idx: int) -> bool:
    return span is not None and span.start <= idx < span.end


def accusing_cues(attributions: Sequence[Attribution]) -> set[int] | None:
    """Character offsets inside the cues of accusing attributions; None when the article has no records
    (events read alone, without the attribution component)."""
    if not attributions:
        return None
    return {i for a in attributions if a.stance == "accuse" and a.cue is not None
            for i in range(a.cue.start, a.cue.end)}


def speech_only(frames: list[Frame], attributions: Sequence[Attribution]) -> list[Frame]:
    """Frames read from an attribution's cue keep only the verbal kinds a speech verb can be. A cue may be
    a verb of material conflict too ("plan to attack the capital", "did not attack"), or a longer pattern key
    ("declared a ceasefire", "announced an embargo"): there the patterns and senses decide."""
    verbal = patterns().verbal_types | patterns().material_conflict_types  # "did not attack": an event
    in_cue = {i for a in attributions if a.cue is not None and a.stance != "accuse"
              for i in range(a.cue.start, a.cue.end)}  # cues are a few words: one set, looked up per frame
    out = []
    for frame in frames:
        if frame.anchor.idx in in_cue and not frame.trigger.nominal:
            if frame.type not in verbal and not frame.trigger.key_tokens:  # "declared a ceasefire": its key
                continue
        out.append(frame)
    return out


def asks_a_question(tok: Token) -> bool:
    """"asked who had approved it", "asked whether ...", "asked about the delay": a question, no request."""
    questions = patterns().question_words
    if any(c.dep_ == "prep" and c.lower_ == "about" for c in tok.children):
        return True  # "asked about the delay"
    if any(c.dep_ == "prep" and any(g.dep_ in ("pobj", "pcomp") and g.left_edge.lower_ in questions
                                    for g in c.children) for c in tok.children):
        return True  # "asked by the panel what would make her stand"
    for comp in (c for c in tok.children if c.dep_ in ("ccomp", "advcl")):
        if comp.left_edge.lower_ in questions or any(c.dep_ in ("mark", "nsubj", "dobj", "advmod") and
                                            c.lower_ in questions for c in comp.children):
            return True
    return False


def mark_reported(frames: list[Frame], attributions: Sequence[Attribution]) -> None:
    """An event in an attribution's content (not its cue) is the source's report: the innermost such
    attribution is kept; an asserted event becomes ``reported``."""
    spans = sorted((a for a in attributions if a.content.end > a.content.start),
                   key=lambda a: a.content.end - a.content.start)
    # Shortest content first, each frame takes the first that holds it: the frames inside a content are
    # found by bisect over their sorted offsets, so the cost follows the frames each content holds.
    order = sorted(range(len(frames)), key=lambda n: frames[n].anchor.idx)
    starts = [frames[n].anchor.idx for n in order]
    holder: dict[int, Attribution] = {}
    for a in spans:
        for k in range(bisect.bisect_left(starts, a.content.start), bisect.bisect_left(starts, a.content.end)):
            n = order[k]
            if n not in holder and not _in(a.cue, starts[k]):
                holder[n] = a
    for n, a in holder.items():
        frame = frames[n]
        frame.attribution_id, frame.reported_by = a.id, _source(a)
        if frame.factuality == "asserted" and not _vouched(frame, a):
            frame.factuality = "reported"
    for n, frame in enumerate(frames):
        if n not in holder and frame.factuality == "asserted" and _in_quotes(frame.anchor) and not (
                frame.type in patterns().verbal_types and any(t.lower_ in FIRST_PERSON for t in frame.actor_tokens)):
            frame.factuality = "reported"  # a quoted paragraph no attribution claimed: still someone's words


def mark_accused(frames: list[Frame]) -> None:
    """"faulted the council for delaying ...", "accused the army of shelling ...", "accused Brask
    of fraud": what an accusation blames its target for is the accuser's claim, not the outlet's: reported,
    by the accuser."""
    accusers = {f.anchor.i: f for f in frames if f.type == "ACCUSE" and f.actors and not f.trigger.nominal}
    for frame in frames:
        tok = frame.anchor
        if frame.factuality != "asserted" or tok.dep_ not in ("pcomp", "pobj") or tok.head.lower_ not in ("for", "of"):
            continue
        held = tok.head.head  # "accused the army of shelling", or of its object: "accused [Kerrow of fraud]"
        accusation = accusers.get(held.i) or (accusers.get(held.head.i) if held.dep_ == "dobj" else None)
        if accusation is not None and accusation is not frame:
            frame.factuality, frame.reported_by = "reported", accusation.actors[0].name



def mark_alleged(frames: list[Frame]) -> None:
    """"the alleged sexual assault": an event noun with a modifier of allegation (``allegation_modifiers``) is
    someone's claim, not the outlet's: reported (by whoever alleged it, when an attribution says)."""
    words = cues().allegation_modifiers
    for frame in frames:
        if frame.factuality == "asserted" and frame.trigger.nominal and any(
                c.dep_ == "amod" and c.lower_ in words for c in frame.anchor.children):
            frame.factuality = "reported"


def _vouched(frame: Frame, a: Attribution) -> bool:
    """Asserted though inside an attribution's content (the guideline, docs/annotation/events.md): the
    speaker's own speech act ("Halvorsen said she backs the levy": the utterance performs it), and, in indirect
    speech, an event noun or a background clause the outlet presupposes ("said the probe, which the FBI is
    conducting, ...")."""
    if frame.type in patterns().verbal_types and _by_speaker(frame, a):
        return True
    tok = frame.anchor
    if frame.trigger.nominal and not frame.background and tok.dep_ == "dobj" and is_light_verb(tok.head):
        return False  # "said Halvorsen made a series of visits to them": the noun is what the content says was done
    if not (frame.trigger.nominal or frame.background):
        return False
    # partly quoted ("said he was 'encouraged' by the plan, ... when Mirel joined them to reject it"):
    # outside the quoted words the content is the outlet's paraphrase, as in indirect speech
    return a.form == "indirect" or a.form == "mixed" and not _quoted(frame.anchor, a)


def _in_quotes(tok: Token) -> bool:
    """Is the token inside quotation marks opened in its own paragraph ('"I have turned over all of my
    emails."' with no speaker found)?"""
    text = text_of(tok.doc)
    return _open_quote(text[text.rfind("\n", 0, tok.idx) + 1:tok.idx])


def _open_quote(before: str) -> bool:
    """Does the text end inside quotation marks? Curly marks nest (a quote inside a quote, with the same
    marks); a straight mark toggles, or closes a curly one (a quote opened curly and closed straight, or
    the reverse, occurs)."""
    depth, straight = 0, False
    for ch in before:
        if ch == "“":
            depth += 1
        elif ch == "”":
            if depth:
                depth -= 1
            else:
                straight = False  # opened straight, closed curly
        elif ch == '"':
            straight = not straight
    return depth > 0 or straight


def _quoted(tok: Token, a: Attribution) -> bool:
    """Is the token inside quotation marks within the attribution's content?"""
    return _open_quote(text_of(tok.doc)[a.content.start:tok.idx])


def _by_speaker(frame: Frame, a: Attribution) -> bool:
    source = _source(a)
    if any(t.lower_ in FIRST_PERSON for t in frame.actor_tokens):
        return True
    words = {w for w in (source or "").lower().split() if len(w) > 2}
    return bool(words) and any(words & set(x.name.lower().split()) for x in frame.actors)


def attribution_frames(frames: list[Frame], attributions: Sequence[Attribution], doc: Doc,
                       resolver: ActorResolver, habits: set[int] = frozenset()) -> list[Frame]:
    """The verbal events of the attribution records that no verb already gave, nor read as a habit
    (``habits``: the tokens of generic triggers, "politicians often attack the press")."""
    pats = patterns()
    material = pats.material_conflict_types
    out: list[Frame] = []
    by_anchor: dict[int, list[Frame]] = {}
    by_attribution: dict[str, list[Frame]] = {}
    for f in frames:
        by_anchor.setdefault(f.anchor.i, []).append(f)
        if f.attribution_id is not None:
            by_attribution.setdefault(f.attribution_id, []).append(f)
    for a in attributions:
        tok = _cue_token(doc, a)
        if tok is None or a.speaker is None or a.speaker.start is None:
            continue
        speaker = doc.char_span(a.speaker.start, a.speaker.end, alignment_mode="expand")
        if speaker is None or not len(speaker):
            continue
        if tok.i in habits:
            continue
        at_cue = by_anchor.get(tok.i)
        made = VERBAL_EVENT.get(a.stance)
        blames = a.stance in ("assert", "accuse") and not by_attribution.get(a.id) and _blames(doc, a)
        if made is not None and made[0] == "ACCUSE" and tok.lemma_.lower() in pats.say_verbs and not blames:
            continue  # "said it was a war crime": the say verb's content decides (find._say_frames)
        if made is None and blames:
            made = BLAME_EVENT  # "'Her grasp of the budget is alarming,' Okafor said": a criticism
        if made is None and a.stance == "assert" and not by_attribution.get(a.id) and _praises(doc, a):
            made = PRAISE_EVENT  # "'Mirel is an honest broker,' Okafor wrote": praise
        if made is None and a.stance == "assert" and _answers_no(tok, doc, a):
            made = VERBAL_EVENT["reject"]  # "'No,' replied Brask", "responded that the network doesn't pay"
        accused = None
        if a.stance == "accuse":  # "X said Y attacked Z" accused Y when the attribution reads an accusation
            speaker_names = {x.name for x in resolver.actors(speaker.root)}
            accused = next((f for f in by_attribution.get(a.id, ()) if f.type in material and f.actors
                            and not speaker_names & {x.name for x in f.actors}), None)
        if made is None or at_cue:  # the verb gave its event already ("accused", "denied", "attacked")
            continue
        etype, mode = made
        frame = Frame(trigger=Trigger(tok, etype, mode), anchor=tok, type=etype, mode=mode)
        frame.actors = resolver.actors(speaker.root)
        frame.actor_tokens = [speaker.root]
        if accused is not None:
            frame.targets = list(accused.actors[:1])
        if a.stance == "accuse" and not frame.targets:  # "slammed the army for shelling the town"
            obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
            target = resolver.actor(obj) if obj is not None else None
            frame.targets = [target] if target is not None else []
        frame.clause = {t.i for t in tok.subtree}
        if frame.actors:
            out.append(frame)
            by_anchor.setdefault(tok.i, []).append(frame)
    return out
