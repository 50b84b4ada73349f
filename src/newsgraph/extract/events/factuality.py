"""Did it happen? An event's factuality, one of ``model.FACTUALITY``:

- *negated*: its own negation ("did not attack"), a negated governor, a denial or refusal above it
  ("denied attacking", "refused to sign");
- *hypothetical*: a modal ("could be released"), an if/unless clause, a wish, need or request above it
  ("hopes to meet", "urged them to withdraw");
- *intended*: a stated plan or intention above it ("plans to attack", "threatened to kill");
- *attempted*: an attempt above it ("tried to storm");
- *reported*: otherwise asserted, but inside an attribution's content (``find`` marks it, keeping the
  attribution's id and source);
- *asserted*: none of these. An owned act ("did not follow Congress's demand") is presupposed: asserted;
  a question ("not clear whether she could block it") is hypothetical, not negated by what is said of it.

A stated intention to cooperate ("the FBI said it would cooperate") keeps its own type, ``intended`` (or
``negated``: "said they would not back him"), and the statement is the AGREE or REJECT (``stated_intents``),
as the guideline (docs/annotation/events.md) and CAMEO 03/12 both have it.

The cue words are in ``data/events/factuality.yaml``. PLOVER codes a stated intention to cooperate as
AGREE and to harm as THREATEN (``apply_intent``): such an event is then asserted (the promise or threat
was made).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from spacy.tokens import Token

from newsgraph.extract.events.frame import Frame
from newsgraph.extract.events.patterns import Trigger, is_light_verb, lemma_forms, patterns, verb_trigger
from newsgraph.nlp import has_to
from newsgraph.resources import load_yaml
from newsgraph.extract.reference.words import reference_words
from newsgraph.words import DEPS

CUES_FILE = "events/factuality.yaml"

WALK_DEPS = DEPS["governing_walk"]
BACKGROUND_DEPS = ("relcl", "acl")  # relative and participial clauses (time clauses: background_marks)
NOT_HAPPENED = ("hypothetical", "intended", "attempted")  # the old ``hypothetical`` flag
DENIED = "denied"  # the mark of a denial verb above the trigger: negated, whatever lies between


@dataclass(frozen=True)
class FactualityCues:
    denial_verbs: frozenset[str]
    refusal_governors: frozenset[str]
    failure_governors: frozenset[str]
    modals: frozenset[str]
    conditional_marks: frozenset[str]
    hypothetical_governors: frozenset[str]
    intention_governors: frozenset[str]
    attempt_governors: frozenset[str]
    future_aux: frozenset[str] = frozenset()
    purpose_deps: frozenset[str] = frozenset()
    performed_purposes: frozenset[str] = frozenset()
    negating_preps: frozenset[str] = frozenset()
    negating_determiners: frozenset[str] = frozenset()
    question_marks: frozenset[str] = frozenset()
    adjunct_preps: frozenset[str] = frozenset()
    presupposing_wh: frozenset[str] = frozenset()
    prospective_marks: frozenset[str] = frozenset()
    negating_subjects: frozenset[str] = frozenset()
    prospective_object_verbs: frozenset[str] = frozenset()
    future_forms: frozenset[str] = frozenset()
    contrast_conjunctions: frozenset[str] = frozenset()
    allegation_modifiers: frozenset[str] = frozenset()
    proposal_governors: frozenset[str] = frozenset()
    consequent_marks: frozenset[str] = frozenset()
    unconditional_before: frozenset[str] = frozenset()


@functools.lru_cache(maxsize=1)
def cues() -> FactualityCues:
    raw = load_yaml(CUES_FILE)
    return FactualityCues(**{name: frozenset(raw.get(name, ())) for name in FactualityCues.__dataclass_fields__})


def _governors(tok: Token):
    """The words above a trigger up to its clause's edge (not across a conjunction with its own subject, a
    relative clause or a time/place adjunct: 'did not comment during his meeting' does not negate the
    meeting). A verb sharing its first conjunct's subject walks on from that conjunct ("plan to meet and
    sign": the signing is planned too); a to-infinitive of a noun walks to the noun ("promises to give")."""
    adjuncts = cues().adjunct_preps
    current = tok
    while current.head != current and (current.dep_ in WALK_DEPS or _infinitive_clause(current)
                                       or _noun_infinitive(current) or _shares_subject(current)):
        if current.dep_ == "prep" and current.lower_ in adjuncts:
            return
        if _shares_subject(current):
            current = current.head  # the first conjunct: its governors are this verb's
            continue
        current = current.head
        yield current


def _noun_infinitive(tok: Token) -> bool:
    """"promises to give", "no plans to attack": a to-infinitive hung on a noun, the noun's content."""
    return tok.dep_ == "acl" and tok.head.pos_ == "NOUN" and has_to(tok)


def _shares_subject(tok: Token) -> bool:
    """A coordinated verb without a subject or auxiliary of its own ("will step forward and back her"), not
    set against its first conjunct ("did not meet them but called"): it shares that conjunct's frame."""
    if tok.dep_ != "conj" or tok.pos_ not in ("VERB", "AUX") or tok.head.pos_ not in ("VERB", "AUX"):
        return False
    if any(ch.dep_ in DEPS["subject"] or ch.dep_ in ("auxpass", "neg") or ch.dep_ == "aux" and ch.lower_ != "to"
           for ch in tok.children):
        return False  # "to fight ... and to counter": one infinitive frame
    contrast = cues().contrast_conjunctions
    # the parser hangs the conjunction on the first conjunct ("meet" <- "but"), or on this one
    ccs = [ch for ch in (*tok.children, *tok.head.children) if ch.dep_ == "cc" and ch.i < tok.i]
    return not any(ch.lower_ in contrast for ch in ccs[-1:] + [c for c in tok.children if c.dep_ == "cc"])


def _shared_first(tok: Token) -> Token:
    """The first conjunct whose subject, auxiliaries and negation a coordinated verb shares (itself if none)."""
    while _shares_subject(tok):
        tok = tok.head
    return tok


def _infinitive_clause(tok: Token) -> bool:
    """"have sworn to fight", "opened fire to disperse them": an infinitive the parser hangs as advcl."""
    return tok.dep_ == "advcl" and has_to(tok)


def _own(tok: Token, c: FactualityCues) -> str | None:
    """What the word itself says: its negation, its modal or future, its if-clause, a "without" over it; a
    coordinated verb sharing its first conjunct's subject says what that conjunct says ("did not sign or
    ratify it": neither happened)."""
    first = _shared_first(tok)
    if first is not tok:
        return _own(first, c)
    if any(ch.dep_ == "neg" for ch in tok.children):
        return "negated"
    if tok.dep_ in ("pobj", "pcomp") and tok.head.lower_ in c.negating_preps:
        return "negated"  # "closed the probe without charges"
    doers = [tok] if tok.pos_ in ("NOUN", "PROPN") else [ch for ch in tok.children if ch.dep_ in DEPS["subject"]]
    if any(d.dep_ == "det" and d.lower_ in c.negating_determiners for x in doers for d in x.children):
        return "negated"  # "no arrests were made", "no country recognised it"
    if tok.pos_ not in ("NOUN", "PROPN") and any(x.lower_ in c.negating_subjects for x in doers):
        return "negated"  # "none of them will support him", "nobody attacked"
    if has_aux(tok, c.modals):
        return "hypothetical"
    if _if_clause(tok, c) or any(_if_clause(ch, c, consequent=True) for ch in tok.children):
        return "hypothetical"  # "if she accepts", and what follows from it: "if she accepts, talks resume"
    if _question(tok, c):
        return "hypothetical"  # "Will she endorse him?": asked, not announced
    if _future(tok, c) or _purpose(tok, c):
        return "intended"
    return None


def _question(tok: Token, c: FactualityCues) -> bool:
    """"Would she pardon him?": the trigger's sentence asks; a quoted question inside a statement
    ("'Why?' he asked") asks only within its own clause, so the trigger's clause must end the sentence."""
    sent = tok.sent
    last = next((t for t in reversed(sent) if not t.is_space and t.lower_ not in ('"', "”", "’", "'")), None)
    return last is not None and last.text in c.question_marks and tok.i < last.i and (
        tok.dep_ == "ROOT" or tok.head.dep_ == "ROOT" or tok.head == sent.root)


def _passive(tok: Token) -> bool:
    """"get killed", "be arrested": the verb, or the "get" it hangs on, is passive."""
    if any(c.dep_ == "auxpass" for c in tok.children):
        return True
    return tok.lemma_.lower() == "get" and any(c.tag_ == "VBN" and c.dep_ in ("xcomp", "acomp", "ccomp")
                                                for c in tok.children)


def has_aux(tok: Token, words: frozenset[str]) -> bool:
    """Has the verb one of these auxiliaries ("will", "'ll" and "’ll" alike; "'d" only before a bare verb,
    "she'd go", not "she'd gone")?"""
    for ch in tok.children:
        if ch.dep_ != "aux":
            continue
        word = ch.lower_.replace("’", "'")
        if word in words and (word != "'d" or tok.tag_ == "VB"):
            return True
    return False


def _future(tok: Token, c: FactualityCues) -> bool:
    return has_aux(tok, c.future_aux)


def _purpose(tok: Token, c: FactualityCues) -> bool:
    """"went on television to defend his record": an infinitive adjunct without its own subject."""
    return tok.dep_ in c.purpose_deps and _infinitive_clause(tok) and not any(
        ch.dep_ in DEPS["subject"] for ch in tok.children) and not set(lemma_forms(tok)) & c.performed_purposes


def _presupposed(tok: Token, c: FactualityCues) -> bool:
    """"explain why it had ignored the demand": a why/how complement is taken as having happened."""
    return tok.dep_ == "ccomp" and any(ch.dep_ == "advmod" and ch.lower_ in c.presupposing_wh for ch in tok.children)


def factuality(tok: Token) -> list[str]:
    """The marks on the way up from the trigger, innermost first: negated, hypothetical, intended,
    attempted (none: asserted; ``reported`` is decided in ``reported``)."""
    c = cues()
    marks = []
    own = _own(tok, c)
    if own is not None:
        marks.append(own)
    if tok.pos_ in ("NOUN", "PROPN") and any(ch.dep_ == "poss" for ch in tok.children):
        sought = _sought(tok.head, c) if tok.dep_ == "dobj" and not is_light_verb(tok.head) else []
        return marks + sought  # "did not follow Congress's demand": an owned act is presupposed, it happened
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "dobj" and not is_light_verb(tok.head):
        return marks + _sought(tok.head, c)  # "rejected the request": the act acted on was made
    carried_by = tok.head if tok.dep_ == "dobj" and tok.pos_ in ("NOUN", "PROPN") else None
    below = tok
    for gov in _governors(tok):
        if _open_clause(below, c):
            marks.append("hypothetical")  # "it was not clear whether she could block it": a question,
            break  # not negated by what is said of it
        if _presupposed(below, c):
            break
        edge, below = below, gov  # edge: the word below this governor
        forms = set(lemma_forms(gov))  # "hopes" has the lemma "hop" in the small model
        if carried_by is not None and gov.i == carried_by.i and forms & patterns().deferring_verbs:
            forms -= c.hypothetical_governors | c.intention_governors  # "ordered patrols": the order made them
        verb = gov.pos_ in ("VERB", "AUX")
        if verb and forms & c.denial_verbs:
            marks.append(DENIED)  # "denied that the group was planning to seize it": all it holds is negated
        elif verb and any(ch.dep_ == "neg" for ch in gov.children):
            marks.append("negated")
        elif verb and _own(gov, c) == "negated":
            marks.append("negated")  # "none of the aldermen will step forward to back her", a shared "did not"
        elif gov.pos_ == "NOUN" and any(ch.dep_ == "det" and ch.lower_ in c.negating_determiners
                                        for ch in gov.children):
            marks.append("negated")  # "no intention of easing off", "no plans to attack"
        elif forms & c.refusal_governors:
            marks.append("negated")
        elif _if_clause(gov, c) or has_aux(gov, c.modals):
            marks.append("hypothetical")
        elif verb and gov.lower_ in c.future_forms and edge.dep_ == "xcomp" and _passive(edge):
            marks.append("hypothetical")  # "is going to be hurt": a prediction of what befalls one
        elif verb and (_future(gov, c) or gov.lower_ in c.future_forms and edge.dep_ == "xcomp"):
            marks.append("intended")  # "will meet", "is going to support him"
        elif forms & c.attempt_governors:
            marks.append("attempted")
        elif forms & c.intention_governors:
            marks.append("intended")
        elif forms & c.hypothetical_governors:
            marks.append("hypothetical")
    if not marks:
        head = _prospective_head(below, c)
        if head is not None:  # "wants to wait until he meets her": the meeting is as unreal as the wait
            marks.extend(m for m in factuality(head)[:1] if m in ("hypothetical", "intended"))
    return marks


def _sought(verb: Token, c: FactualityCues) -> list[str]:
    """The marks an event noun takes from the verb whose object it is, when that verb seeks, wants, weighs,
    promises or threatens it ("would consider offers", "sought the arrest", "threatened sanctions", "is
    unlikely to win his support"): the verb's class, then what governs the verb. A verb acting on an act
    already made ("rejected the request", "ignored the demand") gives none: that act happened."""
    forms = set(lemma_forms(verb))
    prospective = bool(forms & c.prospective_object_verbs)
    if forms & patterns().deferring_verbs:
        return []  # "ordered an investigation": the order made it (find._trigger codes the noun)
    own = ("attempted" if forms & c.attempt_governors else "intended" if forms & c.intention_governors
           else "hypothetical" if forms & c.hypothetical_governors else None)
    if own is None and not prospective:
        return []
    return ([own] if own else []) + factuality(verb)


def _prospective_head(edge: Token, c: FactualityCues) -> Token | None:
    """The clause a "before"/"until" phrase or clause at the trigger's clause edge (``edge``) is set by."""
    if edge.dep_ == "prep" and edge.lower_ in c.prospective_marks:
        return edge.head
    if edge.dep_ == "advcl" and any(ch.dep_ == "mark" and ch.lower_ in c.prospective_marks for ch in edge.children):
        return edge.head
    return None


def _conditional(tok: Token, c: FactualityCues) -> bool:
    """Is the verb inside an if/whether clause ("unclear whether she will endorse him", "if he would meet
    them")? (A condition of its own, "will boycott the vote unless ...", leaves an ultimatum or an offer.)"""
    below = tok
    for gov in [tok, *_governors(tok)]:
        if _open_clause(below, c):
            return True
        below = gov
    return False


def _open_clause(tok: Token, c: FactualityCues) -> bool:
    """Does ``tok`` head a clause an if/whether mark leaves open ("whether she could block it")?"""
    return tok.dep_ in ("ccomp", "advcl") and any(ch.dep_ == "mark" and ch.lower_ in c.conditional_marks
                                                   for ch in tok.children)


def _if_clause_below(tok: Token, c: FactualityCues) -> bool:
    return any(_if_clause(ch, c) for ch in tok.children)


def _if_clause(tok: Token, c: FactualityCues, consequent: bool = False) -> bool:
    """An if/unless/whether clause; ``consequent``: one that makes the clause it modifies a condition's
    consequent (not "as if", "even if": a comparison or a concession)."""
    marks = c.consequent_marks if consequent else c.conditional_marks
    return tok.dep_ == "advcl" and any(
        ch.dep_ == "mark" and ch.lower_ in marks and not (consequent and _unconditional(ch, c)) for ch in tok.children)


def _unconditional(mark: Token, c: FactualityCues) -> bool:
    """"as if", "even if": the word before the mark makes it no condition."""
    return mark.i > 0 and mark.nbor(-1).lower_ in c.unconditional_before


def decide(marks: list[str]) -> str:
    """One factuality from the marks met walking up (innermost first): a denial above negates all it holds;
    else the innermost mark, the trigger's local marker first (docs/annotation/events.md): "won't concede
    that they mean to back Okafor" leaves the backing intended, not negated."""
    if DENIED in marks:
        return "negated"
    return marks[0] if marks else "asserted"


def set_factuality(frame: Frame, marks: list[str] | str) -> None:
    """A denial anywhere above decides ("denied that the group was planning to seize the port": the
    seizure is negated, and hypothetical too); else the innermost mark; none: asserted (``decide``)."""
    marks = [marks] if isinstance(marks, str) else marks
    frame.factuality = decide(marks)
    frame.hypothetical = any(m in NOT_HAPPENED for m in marks)


def apply_intent(frame: Frame) -> None:
    """PLOVER codes a stated intention to cooperate as AGREE and to harm as THREATEN."""
    pats = patterns()
    tok = frame.trigger.token
    if frame.trigger.nominal:
        if tok.dep_ != "dobj":
            return
        tok = tok.head  # "will extend the curfew": the light verb carries the intent
    intent = has_aux(tok, pats.intent_words)
    stated = intent and tok.dep_ == "ccomp" and any(f in pats.say_verbs for f in lemma_forms(tok.head))
    if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in pats.intent_words:
        intent = True
    own_neg = any(ch.dep_ == "neg" for ch in tok.children)
    if stated and frame.type in pats.cooperative_types and frame.type != "AGREE":
        # "said it would cooperate": the cooperation intended ("would not back him": negated), in its own
        # type (docs/annotation/events.md); the statement is the AGREE or REJECT (``stated_intents``)
        set_factuality(frame, "negated" if own_neg or frame.negated else "intended")
        frame.stated_by = tok.head
        return
    refused = tok.dep_ == "xcomp" and tok.head.lemma_.lower() in cues().refusal_governors | cues().failure_governors
    if frame.type in pats.cooperative_types and refused:
        refusal = verb_trigger(tok.head)
        if refusal is not None and refusal.type == "REJECT":
            frame.dropped = True  # "refused to meet": the refusal verb is the one REJECT
            return
        frame.type, frame.mode = "REJECT", None
        set_factuality(frame, "asserted")
        return
    if not intent or frame.negated or _question(tok, cues()) or _conditional(tok, cues()):
        return  # "Would she release them?", "unclear whether she will meet them": no intention stated
    if frame.type in pats.cooperative_types and frame.type != "AGREE":
        frame.type, frame.mode = "AGREE", None
        set_factuality(frame, "asserted")
    elif frame.type in pats.hostile_types:
        frame.type, frame.mode = "THREATEN", None
        set_factuality(frame, "asserted")


def stated_intents(frames: list[Frame]) -> list[Frame]:
    """"The FBI said it would cooperate": the statement of an intention to cooperate is an AGREE, of a
    refusal ("said it would not meet the demands") a REJECT (CAMEO 03, 12), on the say verb, by whoever
    intends; a statement that already gave an event of that kind gives none."""
    have = {(f.anchor.i, f.type) for f in frames}
    out = []
    for frame in frames:
        say = frame.stated_by
        if say is None:
            continue
        etype = "REJECT" if frame.factuality == "negated" else "AGREE"
        if (say.i, etype) in have:
            continue
        have.add((say.i, etype))
        stated = Frame(trigger=Trigger(say, etype, None), anchor=say, type=etype, actors=list(frame.actors),
                       actor_tokens=list(frame.actor_tokens), targets=list(frame.targets),
                       target_tokens=list(frame.target_tokens))
        stated.clause = {t.i for t in say.subtree}
        set_factuality(stated, factuality(say))
        out.append(stated)
    return out


def hostile_promise(frame: Frame, at: dict[int, list[Frame]]) -> None:
    """"vowed to retaliate", "pledged to crush them": a promise of harm is a THREATEN (CAMEO 13), not an
    AGREE: an AGREE verb whose infinitive is a hostile event."""
    if frame.type != "AGREE" or frame.trigger.nominal:
        return
    tok = frame.trigger.token
    hostile = patterns().hostile_types
    if any(f.type in hostile for c in tok.children if c.dep_ == "xcomp" for f in at.get(c.i, ())):
        frame.type, frame.mode = "THREATEN", None


def intended_harm(frame: Frame, at: dict[int, list[Frame]]) -> None:
    """"The rebels plan to attack the capital": a stated intent to harm is a THREATEN (CAMEO 13), asserted,
    when no verb above already coded the threat ("threatened to kill" keeps its intended killing)."""
    if frame.type not in patterns().hostile_types or frame.type in patterns().unthreatening_intents:
        return  # "plan to protest at the debate": an announced protest, PROTEST intended (the guideline)
    tok, c = frame.trigger.token, cues()  # a conditional threat says what one would do: "may halt it if ..."
    conditional = (frame.factuality == "hypothetical" and _if_clause_below(tok, c)
                   and has_aux(tok, c.modals | c.future_aux))
    if frame.factuality != "intended" and not conditional:  # "may halt mediation if ...": a conditional threat
        return
    governors = list(_governors(frame.trigger.token))
    above = {g.i for g in governors}
    if any(f is not frame for i in above for f in at.get(i, ())):
        return
    if any(set(lemma_forms(g)) & cues().proposal_governors for g in governors):
        return  # "has proposed banning them": a proposal, no threat
    frame.type, frame.mode = "THREATEN", None
    set_factuality(frame, "asserted")


def issued(tok: Token) -> bool:
    """"issued a declaration demanding ...": a participle on a document its issuer put out (the object of
    a verb) is the issuer's own act."""
    head = tok.head
    return (tok.dep_ == "acl" and tok.tag_ == "VBG" and head.lemma_.lower() in reference_words().statement_nouns
            and head.dep_ == "dobj")


def in_background(tok: Token) -> bool:
    """Is the trigger inside a relative, participial or time clause ("troops, who shelled the town,",
    "after troops withdrew"): the sentence's background, not its news."""
    marks = patterns().background_marks
    if tok.dep_ == "pobj" and tok.head.lower_ in patterns().background_preps:
        return True  # "after violent protests by ...": a time phrase
    current = tok
    while current.head != current:
        if current.dep_ in BACKGROUND_DEPS and not issued(current):
            return True
        if current.dep_ == "advcl" and any(c.dep_ in ("mark", "advmod") and c.lower_ in marks
                                           for c in current.children):
            return True
        if current.dep_ in ("ccomp", "conj", "parataxis"):
            return False
        current = current.head
    return False
