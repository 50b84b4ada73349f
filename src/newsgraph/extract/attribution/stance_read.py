"""The stance of an attribution read from its parse: the cue, its particle and negation, the construction
around it, and the words of the content (docs/annotation/stance.md gives the decision order).

``Signals`` gathers what the parse says about one attribution; ``stance.decide_stance`` decides from them.
The extractor builds signals for the cue token and content span it found (``finish``); the labelled-set
evaluation builds them for gold spans (``stance_for_spans``). Word lists are data
(``data/attribution/stance_words.yaml``); ``cue_only_stance`` is the cue-lexicon baseline.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newsgraph.extract.attribution.drafts import token_at
from newsgraph.extract.attribution.lexicon import CueVerb, Lexicon, lexicon
from newsgraph.extract.attribution.stance_account import past_account, predicate_class
from newsgraph.nlp import text_of
from newsgraph.resources import load_yaml

_WORD = re.compile(r"[a-z0-9][a-z0-9'’%-]*")
_NEGATION_OPENERS = {"no", "not", "never", "nothing", "none", "nobody", "nowhere"}
_FIGURES = {"CARDINAL", "PERCENT", "MONEY", "QUANTITY"}  # counts and amounts; not dates or durations
_NAMING = {"call", "describe", "label", "brand", "dub", "term", "characterize", "characterise", "portray", "cast"}


@dataclass(frozen=True)
class StanceWords:
    phrasal: dict[str, str]
    cue_nouns: dict[str, str]
    position_cues: frozenset[str]
    relay_cues: frozenset[str]
    decision_nouns: frozenset[str]
    negative: frozenset[str]
    refusal_phrases: tuple[str, ...]
    wrongdoing: frozenset[str]
    verify_phrases: tuple[str, ...]
    verify_cues: frozenset[str]
    assert_markers: frozenset[str]
    falsity: frozenset[str] = frozenset()
    falsity_phrases: tuple[str, ...] = ()
    evidence_nouns: frozenset[str] = frozenset()
    insist_cues: frozenset[str] = frozenset()
    thing_pronouns: frozenset[str] = frozenset()
    withheld_verbs: frozenset[str] = frozenset()
    withheld_objects: frozenset[str] = frozenset()
    secrecy: frozenset[str] = frozenset()
    concession_verbs: frozenset[str] = frozenset()
    legal_charge_cues: frozenset[str] = frozenset()


@functools.lru_cache(maxsize=1)
def stance_words() -> StanceWords:
    data = load_yaml("attribution/stance_words.yaml")

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in data.get(key) or ())

    def phrases(key: str) -> tuple[str, ...]:
        return tuple(str(w).lower() for w in data.get(key) or ())

    return StanceWords(
        phrasal={str(k).lower(): str(v) for k, v in (data.get("phrasal") or {}).items()},
        cue_nouns={str(k).lower(): str(v) for k, v in (data.get("cue_nouns") or {}).items()},
        position_cues=words("position_cues"), relay_cues=words("relay_cues"),
        decision_nouns=words("decision_nouns"), negative=words("negative"),
        refusal_phrases=phrases("refusal_phrases"), wrongdoing=words("wrongdoing"),
        verify_phrases=phrases("verify_phrases"), verify_cues=words("verify_cues"),
        assert_markers=words("assert_markers"), falsity=words("falsity"), falsity_phrases=phrases("falsity_phrases"),
        evidence_nouns=words("evidence_nouns"), insist_cues=words("insist_cues"),
        thing_pronouns=words("thing_pronouns"), withheld_verbs=words("withheld_verbs"),
        withheld_objects=words("withheld_objects"), secrecy=words("secrecy"),
        concession_verbs=words("concession_verbs"), legal_charge_cues=words("legal_charge_cues"),
    )


@dataclass(frozen=True)
class Signals:
    """What one attribution's parse says, for ``stance.decide_stance``."""

    lemma: str | None = None  # the cue's lemma ("say", "according to"), None without a cue
    phrasal: str | None = None  # stance of a verb + particle cue ("ruled out" -> deny)
    noun_cue: str | None = None  # stance of a noun cue ("drew scorn" -> reject)
    target: str = ""  # the cue's object and its complement, lowercased ("the decision a step backwards")
    target_decision: bool = False  # that object names a decision, plan, proposal ...
    complement: frozenset[str] = frozenset()  # words of "called X <Y>" / "described X as <Y>"
    words: frozenset[str] = frozenset()  # the content's lowercased words
    lemmas: frozenset[str] = frozenset()
    text: str = ""  # the content, lowercased, one space between words
    agent_wrong: bool = False  # a wrong act named in the content ("the company lied", "a cover-up")
    charge: bool = False  # a wrong act done by a subject ("she lied to me", "they rigged it")
    claim_target: bool = False  # the cue's object or the content names a claim ("rejected Clinton's claim")
    number: bool = False  # the content holds a figure (a count, an amount, a percentage)
    impersonal: bool = False  # a passive cue with no agent ("is expected to", "has been called")
    charged: bool = False  # the cue names whom it charges and with what ("accused X of ...", "blamed X for ...")
    false_claim: bool = False  # a claim said to be false ("your allegations are unsupported", "the numbers don't add up")
    no_evidence: bool = False  # the cue hangs on "no evidence" ("have no evidence to suggest that ...")
    withholds: bool = False  # the source keeps something back ("refused to identify", "kept the names secret")
    will_not_yield: bool = False  # a refusal to give way ("we will not apologise", "they won't back down")
    passive: bool = False  # a passive main clause in the reporter's words ("two men were arrested"; no quoted words)
    account: bool = False  # a plain past account of events under a speech cue ("police said the men fled"; stance_account)
    predicate: str = ""  # the content's main predicate: tense, kind, subject ("past event third"; stance_account)


def _phrasal(tok: Token | None, words: StanceWords) -> str | None:
    table = words.phrasal
    for c in tok.children if tok is not None else ():  # "ruled out", "voted against", "disagrees with"
        # a particle the parser took for an adverb ("walked back his comments") counts when it follows the verb
        if (c.dep_ in ("prt", "prep") or c.dep_ == "advmod" and c.i == tok.i + 1) \
                and f"{tok.lemma_.lower()} {c.lower_}" in table:  # type: ignore[union-attr]
            return table[f"{tok.lemma_.lower()} {c.lower_}"]  # type: ignore[union-attr]
        if c.dep_ == "dobj" and f"{tok.lemma_.lower()} {c.lemma_.lower()}" in table:  # type: ignore[union-attr]
            return table[f"{tok.lemma_.lower()} {c.lemma_.lower()}"]  # "took shots at", "took aim at"  # type: ignore[union-attr]
    return None


def _target(tok: Token, words: StanceWords) -> tuple[str, bool, frozenset[str]]:
    """The cue's noun object and what the cue names it ("called the plan a betrayal", "blasted the plan
    as a betrayal"): (object text, whether it is a decision noun, complement words)."""
    obj = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass") and c.i != tok.i), None)
    if obj is None and tok.dep_ == "acl" and tok.tag_ == "VBN":  # "the inquiry, labeled a witch hunt by ...": the noun named
        obj = tok.head
    complement: list[Token] = []
    for c in tok.children:
        if c.dep_ in ("oprd", "xcomp", "attr", "ccomp") and c.i > tok.i:
            complement.extend(c.subtree)
        elif c.dep_ == "prep" and c.lower_ == "as":
            complement.extend(t for t in c.subtree if t is not c)
    if obj is not None:
        for c in obj.children:  # "described it as ..." parsed on the object
            if c.dep_ == "prep" and c.lower_ == "as":
                complement.extend(t for t in c.subtree if t is not c)
    if obj is None:
        return "", False, frozenset(t.lower_ for t in complement)
    # the object's own words, without a complement the parser hung on it
    named = obj is tok.head  # the acl case: the cue's own phrase is no part of the noun's words
    own = [t for t in obj.subtree if t not in complement and not (named and t in tok.subtree)]
    decision = obj.lemma_.lower() in words.decision_nouns or obj.lower_ in words.decision_nouns
    return " ".join(t.lower_ for t in own), decision, frozenset(t.lower_ for t in complement)


def _charged(tok: Token, words: StanceWords) -> bool:
    """ "accused the board of hiding ...", "criticised the master for delaying ...": an object that is no
    decision, and an "of" or "for" phrase on the cue (or "of" + a verb, where the parser hangs it on the
    object) that says what it did."""
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    if obj is None or obj.lemma_.lower() in words.decision_nouns or obj.lower_ in words.decision_nouns:
        return False
    on_cue = any(c.dep_ == "prep" and c.lower_ in ("of", "for") and any(g.dep_ in ("pcomp", "pobj") for g in c.children)
                 for c in tok.children)
    # on the object only "of" + a verb ("the board of hiding ..."): "the call for a ban" names no wrong act
    return on_cue or any(c.dep_ == "prep" and c.lower_ == "of" and any(g.dep_ == "pcomp" for g in c.children)
                         for c in obj.children)


def _false_claim(tokens: list[Token], text: str, target: str, complement: frozenset[str], words: StanceWords,
                 claim_nouns: frozenset[str]) -> bool:
    """Is a claim said to be false: a falsity phrase ("is not true", "don't add up"), a falsity word next to a
    claim noun in the parse ("the reports are inaccurate", "wrong in their recollections", "the articles
    misrepresented ..."; not as its attribute, "misleading reports", which rejects), or a cue that calls its
    claim-noun object false ("calling the reports inaccurate")?"""
    if any(p in text for p in words.falsity_phrases):
        return True
    if complement & words.falsity and claim_nouns & set(target.split()):
        return True
    for t in tokens:
        if t.lower_ not in words.falsity and t.lemma_.lower() not in words.falsity or t.dep_ == "amod":
            continue  # attributive ("such misleading reports are aimed at ..."): a dismissal, no statement of falsity
        near = list(t.subtree) + [t.head] + [c for c in t.head.children if "subj" in c.dep_]
        near += [g for c in near if "subj" in c.dep_ for g in c.subtree]
        if any(n.lower_ in claim_nouns or n.lemma_.lower() in claim_nouns for n in near if n.i != t.i):
            return True
    return False


def _no_evidence(tok: Token | None, words: StanceWords) -> bool:
    """ "have no evidence to suggest that ...", "found no sign that ...": the cue hangs on a negated evidence noun."""
    if tok is None:
        return False
    for anc in (tok.head, tok.head.head):
        if anc.lemma_.lower() in words.evidence_nouns and any(c.dep_ == "det" and c.lower_ == "no" for c in anc.children):
            return True
    return False


def _will_not_yield(tok: Token, words: StanceWords, lex: Lexicon) -> bool:
    """A verb of giving way, negated with a modal or refused: "we will not apologise for ...", "they won't back
    down", "refused to accept the result", "will never recognise the vote"."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in words.concession_verbs:
        return False
    if any(c.dep_ == "neg" for c in tok.children):
        return any(c.dep_ == "aux" and c.tag_ == "MD" for c in tok.children)
    going = tok.head.lower_ == "going" and any(c.dep_ == "neg" for c in tok.head.children)  # "is not going to"
    return tok.dep_ == "xcomp" and (going or tok.head.lemma_.lower() in lex.refusal_verbs)


def _main_clause_yields(root: Token | None, cue: Token | None, words: StanceWords, lex: Lexicon) -> bool:
    """Does the source itself refuse to give way -- in the content's main clause or the verbs joined to it, or on
    the cue ("refused to accept the result"); not in a clause it relays ("... announced he would not back ...")."""
    main = [] if root is None else [root, *(c for c in root.children if c.dep_ in ("conj", "xcomp"))]
    return any(_will_not_yield(t, words, lex) for t in main) or (cue is not None and any(
        _will_not_yield(c, words, lex) for c in cue.children if c.dep_ == "xcomp"))


def _keeps_secret(tok: Token | None, words: StanceWords) -> bool:
    """ "kept the names secret", "will keep the figures confidential", "kept it under wraps"; the secrecy word
    as the complement, or closing the phrase where the parser hung it on a long object ("kept the names of
    the men secret")."""
    if tok is None or tok.lemma_.lower() != "keep":
        return False
    return tok.right_edge.lower_ in words.secrecy or any(
        t.lower_ in words.secrecy for c in tok.children if c.dep_ in ("oprd", "acomp", "xcomp", "prep", "advmod")
        for t in c.subtree)


def _withholds(tok: Token | None, words: StanceWords, lex: Lexicon) -> bool:
    """Does the cue keep something back: a disclosure verb refused or negated ("declined to identify the men",
    "would not reveal", "refused to give details"), "kept the names secret", or "would neither confirm nor deny"?"""
    if tok is None:
        return False

    def discloses(v: Token) -> bool:
        lemma = v.lemma_.lower()
        return lemma in words.withheld_verbs or lemma in lex.refused_speech or any(
            c.dep_ == "dobj" and c.lemma_.lower() in words.withheld_objects for c in v.children)

    lemma = tok.lemma_.lower()
    if lemma in lex.refusal_verbs and any(c.dep_ == "xcomp" and discloses(c) for c in tok.children):
        return True
    if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in lex.refusal_verbs and discloses(tok):
        return True
    if lemma in words.withheld_verbs and any(c.dep_ == "neg" for c in tok.children) \
            and not any(c.dep_ == "auxpass" for c in tok.children):  # "has not been named" withholds nothing
        return True
    if _keeps_secret(tok, words):
        return True
    first = tok.head if tok.dep_ == "conj" else tok  # "neither confirm nor deny": the cue may be either verb
    both = {first.lemma_.lower()} | {c.lemma_.lower() for c in first.children if c.dep_ == "conj"}
    return any(c.lower_ == "neither" for c in first.children) and len(both & (lex.refused_speech | {"deny"})) >= 2


def _joined(tokens: list[Token]) -> str:
    """The tokens lowercased, one space between words, a clitic written onto its word ("don't", "it's") so
    that phrases in the data files match as written."""
    out: list[str] = []
    for t in tokens:
        if t.is_space:
            continue
        clitic = t.lower_[:1] in ("'", "’") or t.lower_ in ("n't", "n’t")
        if out and clitic and t.i > 0 and not t.doc[t.i - 1].whitespace_:
            out[-1] += t.lower_
        else:
            out.append(" ".join(t.lower_.split()))
    return " ".join(w for w in out if w)


def _content_tokens(doc: Doc, start: int, end: int) -> list[Token]:
    """The tokens starting inside ``[start, end)`` (two binary searches and one slice)."""
    return list(doc[token_at(doc, start):token_at(doc, end)])


def signals(doc: Doc, cue: Token | None, content: tuple[int, int], lex: Lexicon | None = None) -> Signals:
    """Signals for the cue token ``cue`` (None for a quotation no cue claimed) and the content span."""
    lex = lex or lexicon()
    words = stance_words()
    tokens = _content_tokens(doc, *content)
    text = _joined(tokens)
    lemma = None
    target, decision, complement = "", False, frozenset()
    phrasal = _phrasal(cue, words)
    if cue is not None:
        lemma = cue.lemma_.lower()
        if cue.lower_ in lex.prepositional:
            lemma = cue.lower_
        if lemma in lex.verbs and lex.verbs[lemma].takes_object or lemma in _NAMING:
            target, decision, complement = _target(cue, words)
    agent_wrong = any(
        (t.lower_ in words.wrongdoing or t.lemma_.lower() in words.wrongdoing)
        and not (t.pos_ == "VERB" and t.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in t.children))
        for t in tokens
    )
    wrong = [t for t in tokens if t.lower_ in words.wrongdoing or t.lemma_.lower() in words.wrongdoing]
    charge = any(t.pos_ == "VERB" and any(c.dep_ == "nsubj" for c in t.children) for t in wrong)
    # a claim about what is so ("the report", "her claim"); charges and accusations rejected stay rejections
    claim_nouns = lex.claim_nouns.get("report", frozenset()) - lex.claim_nouns.get("accuse", frozenset())
    claim_target = bool(claim_nouns & (set(target.split()) | {t.lower_ for t in tokens[:4]}))
    root = _first_clause_root(doc, *content)
    predicate = predicate_class(root)
    return Signals(
        lemma=lemma, phrasal=phrasal, noun_cue=words.cue_nouns.get(lemma or ""), target=target, target_decision=decision, complement=complement,
        words=frozenset(_WORD.findall(text)), lemmas=frozenset(t.lemma_.lower() for t in tokens), text=text,
        agent_wrong=agent_wrong, charge=charge, claim_target=claim_target,
        number=any(t.ent_type_ in _FIGURES for t in tokens),
        impersonal=cue is not None and any(c.dep_ in ("auxpass", "nsubjpass") for c in cue.children)
        and not any(c.dep_ == "agent" for c in cue.children),
        charged=cue is not None and _charged(cue, words),
        false_claim=_false_claim(tokens, text, target, complement, words, lex.any_claim_noun),
        no_evidence=_no_evidence(cue, words),
        # the source's own secrecy told in the content ("it would keep the names secret"): a pronoun for the source
        withholds=_withholds(cue, words, lex) or _keeps_secret(root, words) and root is not None
        and any(c.dep_ == "nsubj" and c.tag_ == "PRP" for c in root.children),
        will_not_yield=_main_clause_yields(root, cue, words, lex),
        passive=root is not None and any(c.dep_ == "auxpass" for c in root.children)
        and not any(t.is_quote for t in tokens),
        account=past_account(root, predicate, tokens, cue, words.assert_markers | words.negative),
        predicate=predicate,
    )


def cue_head(doc: Doc, cue: tuple[int, int] | None, lex: Lexicon | None = None,
             content: tuple[int, int] | None = None) -> Token | None:
    """The word of a cue span that carries it: a lexicon cue verb, "according", else its first verb. Given the
    ``content`` span, a cue word that governs it comes first ("wrote a letter to the dean, calling the
    reports false": "calling")."""
    if cue is None:
        return None
    lex = lex or lexicon()
    tokens = [t for t in _content_tokens(doc, *cue) if not t.is_space and not t.is_punct]
    if not tokens:
        return None
    if content is not None:
        inside = [t for t in _content_tokens(doc, *content) if not (t.is_punct or t.is_space)]
        governs = {t.head.i for t in inside if not content[0] <= t.head.idx < content[1]}
        known = [t for t in tokens if t.i in governs and t.lemma_.lower() in lex.verbs and t.pos_ == "VERB"]
        if len(known) == 1:
            return known[0]
    for t in tokens:
        if t.lower_ in lex.prepositional:
            return t
    known = [t for t in tokens if t.lemma_.lower() in lex.verbs and t.pos_ in ("VERB", "AUX", "NOUN")
             or t.lemma_.lower() in stance_words().cue_nouns]
    known = [t for t in known if t.lemma_.lower() not in lex.refusal_verbs] or known
    if known:
        return known[-1] if known[-1].lemma_.lower() in lex.refused_speech else known[0]
    verbs = [t for t in tokens if t.pos_ == "VERB"]
    return verbs[0] if verbs else tokens[0]


def negated_content(doc: Doc, content: tuple[int, int], root: Token | None = None) -> bool:
    """Is the content's main clause negated ("the agreements don't include ..."), or does it open by saying
    no ("Not one.")? ``root``: the content's head when the parse gave it, else the first clause's."""
    if root is not None:
        return _negated_root(root)
    first = _first_clause_root(doc, *content)
    return _negated_root(first) or _opens_with_negation(first, content[0])


def _first_clause_root(doc: Doc, start: int, end: int) -> Token | None:
    """Root of the first sentence of a quotation ("Not one. Every clinic ..." -> the fragment's head); kept
    with the doc, as ``signals`` and ``negated_content`` both ask for it."""
    key = ("stance_first_root", start, end)
    if key not in doc.user_data:
        root = _find_first_clause_root(doc, start, end)
        doc.user_data[key] = None if root is None else root.i
    i = doc.user_data[key]
    return None if i is None else doc[i]


def _find_first_clause_root(doc: Doc, start: int, end: int) -> Token | None:
    k = token_at(doc, start)
    while k < len(doc) and (doc[k].is_quote or doc[k].is_space):
        k += 1
    if k >= len(doc) or doc[k].idx >= end:
        return None
    sent = doc[k].sent
    inside = [t for t in sent if start <= t.idx < end]
    heads = [t for t in inside if (t.head.i == t.i or not start <= t.head.idx < end) and not (t.is_punct or t.is_space)]
    return heads[0] if heads else None


def _opens_with_negation(root: Token | None, start: int) -> bool:
    """ "Not one.", "No.", "Never.": a quotation that opens by saying no."""
    if root is None:
        return False
    first = next((t for t in root.sent if t.idx >= start and not t.is_quote and not t.is_space), None)
    return first is not None and first.lower_ in _NEGATION_OPENERS


def _negated_root(root: Token | None) -> bool:
    """A negated main clause. A negated modal ("can't be impartial", "will not vote for him") is a
    prediction, ability or intention, no statement that something is not so."""
    if root is None:
        return False
    if any(c.dep_ == "neg" for c in root.children):
        return not any(c.dep_ == "aux" and c.tag_ == "MD" for c in root.children)
    for c in root.children:  # "the mails were personal and not work-related": the predicate's second half says no
        if c.dep_ in ("acomp", "attr") and any(g.dep_ == "conj" and any(n.dep_ == "neg" for n in g.children)
                                                for g in c.children):
            return True
    subjects = [c for c in root.children if "subj" in c.dep_]
    return any(d.dep_ == "det" and d.lower_ in ("no", "none") for c in subjects for d in c.children)


def _cue_facts(tok: Token | None, lex: Lexicon) -> tuple[CueVerb | None, bool, bool]:
    """(cue verb, negated, refusal) as ``cues.draft_from_cue`` reads them."""
    if tok is None:
        return None, False, False
    if tok.lower_ in lex.prepositional:
        _, stance = lex.prepositional[tok.lower_]
        return CueVerb(tok.lower_, stance), False, False
    lemma = tok.lemma_.lower()
    verb = lex.verbs.get(lemma)
    negated = any(c.dep_ == "neg" for c in tok.children)
    # "declined to comment"; not "refused to answer questions but said ...", where "said" is the refusal's conjunct
    refusal = lemma in lex.refused_speech and tok.dep_ == "xcomp" and tok.head.lemma_.lower() in lex.refusal_verbs
    if lemma in lex.refusal_verbs and any(c.dep_ == "xcomp" and c.lemma_.lower() in lex.refused_speech
                                          for c in tok.children):
        refusal = True
    no_comment = refusal or (negated and verb is not None and verb.predicate)
    return verb, negated, no_comment


def cue_only_stance(doc: Doc, cue: tuple[int, int] | None, lex: Lexicon | None = None) -> str:
    """The baseline: the cue verb's stance in cues.yaml (negated: its ``negated`` stance), else assert."""
    lex = lex or lexicon()
    verb, negated, no_comment = _cue_facts(cue_head(doc, cue, lex), lex)
    if no_comment:
        return "no_comment"
    if verb is None:
        return "assert"
    return verb.negated if negated else verb.stance


def stance_for_spans(doc: Doc, cue: tuple[int, int] | None, content: tuple[int, int], lex: Lexicon | None = None,
                     claims: list[str] | None = None) -> str:
    """The stance of an attribution given as spans (gold spans): the same decision the extractor makes. As
    there, a denial read only from a negated content stands when it answers one of ``claims`` (the other
    speakers' statements in the article) or names a claim."""
    from newsgraph.extract.attribution.stance import decide_stance, negation_answers_claim

    lex = lex or lexicon()
    tok = cue_head(doc, cue, lex, content)
    verb, negated, no_comment = _cue_facts(tok, lex)
    sig = signals(doc, tok, content, lex)
    text = text_of(doc)[content[0]:content[1]]
    args = dict(negated=negated, no_comment=no_comment, signals=sig, lex=lex)
    stance = decide_stance(verb, text, content_negated=negated_content(doc, content), **args)
    if stance == "deny" and not negation_answers_claim(text, claims or [], lex):
        plain = decide_stance(verb, text, **args)
        return plain if plain != "deny" else stance
    return stance
