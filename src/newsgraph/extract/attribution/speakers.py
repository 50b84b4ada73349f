"""Who utters this cue? The speaker phrase of a cue verb, read from the parse.

The subject of the cue, or its passive agent, an inverted subject ('"...," reported the Ledger'),
the subject of the verb a conjoined or adverbial cue hangs on ("... and blames", "declined to
comment", "..., adding that"), the noun a participle describes, the object of "accused Trump of
saying". What the phrase refers to (pronouns, descriptions, unnamed sources) is the reference
service's question: ``extract.reference``.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from newsgraph.extract.attribution.drafts import Draft, token_at
from newsgraph.extract.attribution.lexicon import lexicon
from newsgraph.extract.reference.words import reference_words
from newsgraph.nlp import has_to

_RELATIVE = {"who", "which", "that", "whom"}


def speaker_head(cue: Token) -> tuple[Token | None, bool]:
    """The head token of who utters ``cue``, and whether the phrase is an expletive/absent subject."""
    subjects = [c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass", "csubj") and not c.is_punct]
    if len(subjects) > 1:  # '"... Full panic mode," said Ada Trask': not the words quoted, the nearest
        subjects.sort(key=lambda c: (_quote_between(c, cue), abs(c.i - cue.i)))
    for child in subjects[:1]:  # not a mark read as a subject
        if child.dep_ == "nsubjpass":
            agent = _agent(cue)
            if agent is not None:
                return agent, False
            if child.lower_ in ("it", "this"):
                return None, True
        if child.lower_ in _RELATIVE and cue.dep_ == "relcl" and child.lower_ not in reference_words().relative_pronouns:
            return _issuer(cue.head)  # "rules that promise": the noun; "who said": the pronoun, resolved later
        return child, False
    agent = _agent(cue)
    if agent is not None:
        return agent, False
    if any(c.dep_ == "ccomp" and c.i < cue.i for c in cue.children):
        # '"...," reported the Ledger': an inverted subject parsed as an object
        for child in cue.children:
            if child.dep_ in ("dobj", "attr", "npadvmod") and child.i > cue.i and child.pos_ in ("PROPN", "NOUN"):
                return child, False
    infinitive = cue.dep_ == "advcl" and has_to(cue)
    if cue.head.i != cue.i and (cue.dep_ in ("conj", "xcomp", "acomp") or infinitive
                                or (cue.dep_ == "advcl" and cue.tag_ == "VBG")):
        # "went on to explain", "will be unable to turn ... and accuse": the subject above
        host = cue.head
        if cue.dep_ in ("conj", "advcl") and host.dep_ == "ccomp" and host.head.lemma_.lower() in lexicon().verbs:
            host = host.head  # "confirmed that it had opened an inquiry but declined to ...": the confirmer
        controller = next((c for c in host.children if c.dep_ == "dobj" and c.i < cue.i), None)
        if cue.dep_ == "xcomp" and controller is not None and _can_speak(controller):
            return controller, False  # "forced Stumpf to admit", "urged voters to say": the one made to speak
        return speaker_head(host)  # "... and blames", "declined to comment", "..., adding that"
    if cue.dep_ in ("acl", "relcl") and cue.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return _issuer(cue.head)
    verb = _verb_above(cue.head.head) if cue.dep_ == "pcomp" else cue
    if cue.dep_ == "pcomp" and cue.tag_ == "VBG" and verb.pos_ in ("VERB", "AUX"):
        # "drew fire for saying ...": the subject; "accused Brask of saying ...": the object;
        # "stopped short of calling", "aside from saying": the verb the adverb modifies
        obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i < cue.head.i), None)
        direct = verb.i == cue.head.head.i  # the preposition hangs on the verb itself
        if direct and obj is not None and obj.pos_ in ("PROPN", "NOUN", "PRON") and cue.head.lower_ != "by":
            # "by announcing ...", "pitched himself by telling ...": the means, the subject's act
            return obj, False
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and subj.lower_ not in _RELATIVE:
            return subj, False
        return speaker_head(verb) if verb.dep_ in ("conj", "xcomp", "advcl") else (None, False)
    return _misparsed_subject(cue), False


def _misparsed_subject(cue: Token) -> Token | None:
    """A speaker the parse left unattached: 'Said Okafor:' (the cue read as part of the name), "Yet
    Brask claims that ..." (the verb read as a noun), "... the Harbour Ledger Kerrow said that ..."
    (the name swallowed by the phrase before it): the name or person right before a finite cue
    (adverbs between), or right after a cue read as its compound. None when nothing fits."""
    if cue.dep_ == "compound" and cue.head.i > cue.i and cue.head.pos_ == "PROPN":
        return cue.head
    if cue.tag_ in ("NNS", "NN") and any(c.dep_ == "ccomp" for c in cue.children):
        return next((c for c in cue.children if c.dep_ == "compound" and c.pos_ == "PROPN"), None)
    if cue.tag_ not in ("VBD", "VBZ", "VBP") or cue.dep_ not in ("ROOT", "ccomp", "dep"):
        return None
    k = cue.i - 1
    while k >= cue.sent.start and cue.doc[k].pos_ == "ADV":
        k -= 1
    if k < cue.sent.start:
        return None
    left = cue.doc[k]
    while left.dep_ == "conj" and left.head.i < left.i and left.head.pos_ == left.pos_:
        left = left.head  # "Venkman and Trask call ...": both
    if left.pos_ in ("PROPN", "NOUN") and _can_speak(left) and left.dep_ not in ("nsubj", "nsubjpass"):
        return left
    return None


def _verb_above(tok: Token) -> Token:
    """``tok``, or the verb it modifies when it is an adverb or adjective ("stopped short of")."""
    while tok.pos_ in ("ADV", "ADJ") and tok.dep_ in ("advmod", "acomp") and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _issuer(noun: Token) -> tuple[Token | None, bool]:
    """Who speaks through a thing that says ("issued a statement calling ...", "released a letter
    that says ...", "said at a news conference announcing ..."): the subject of the verb that makes
    or holds the thing, when the thing cannot speak and that verb is no cue of its own ("cited a
    report that said": the report); else the thing itself."""
    if _can_speak(noun):
        return noun, False
    verb = None
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() not in lexicon().verbs:
        verb = noun.head
    elif noun.dep_ == "pobj" and noun.head.lower_ in reference_words().setting_preps and noun.head.dep_ == "prep" \
            and noun.head.head.i < noun.head.i:  # "In a statement announcing ..., X called": the statement
        verb = noun.head.head
    if verb is not None and verb.pos_ in ("VERB", "AUX"):
        head, expletive = speaker_head(verb)
        if head is not None and not expletive and _can_speak(head):
            return head, False
    return noun, False


def _can_speak(tok: Token) -> bool:
    """A person or body ("Stumpf", "voters", "the ministry"), not a thing ("used blunt language to ...")."""
    return (tok.pos_ in ("PROPN", "PRON") or tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
            or tok.lemma_.lower() in reference_words().person_nouns)


def _quote_between(a: Token, b: Token) -> bool:
    lo, hi = sorted((a.i, b.i))
    return any(t.is_quote for t in a.doc[lo + 1 : hi])


def _agent(cue: Token) -> Token | None:
    for child in cue.children:
        if child.dep_ == "agent":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    return None


Speaker = tuple[int, int, Token]  # a draft's speaker: token range and head


def rule_speakers(drafts: Sequence[Draft]) -> list[tuple[int, Speaker]]:
    """The speaker of each rule draft with its cue's (else content's) token index, in text order; a
    continuation (a quotation no cue claimed) gives the speaker of the draft it continues."""
    out = []
    for draft in drafts:
        source = draft.copy_of or draft
        seen = 0
        while source.speaker is None and source.continues is not None and seen < 20:
            source, seen = source.continues, seen + 1
        if source.speaker is None:
            continue
        head = source.speaker[2]
        at = draft.cue_token.i if draft.cue_token is not None and draft.continues is None else None
        if at is None:
            at = min(token_at(head.doc, draft.content[0]), len(head.doc) - 1)
        out.append((at, source.speaker))
    return sorted(out, key=lambda p: p[0])


def neighbour_speakers(speakers: list[tuple[int, Speaker]], first: int, last: int, sent_of: Sequence[int],
                       reach: int = 3) -> dict[str, Speaker]:
    """Who else may utter a statement over tokens ``first``..``last`` (cue and content): the
    speakers of the rule drafts around it, ``previous`` (the last one before it,
    at most ``reach`` sentences back: "he added", a cue-less continuation) and ``next`` (the first
    one after it in its last sentence or the next: '"A. B," she said'). None inside the statement.
    ``sent_of``: the sentence number of each token."""
    out: dict[str, Speaker] = {}
    before = [(at, sp) for at, sp in speakers if at < first and not first <= sp[2].i <= last]
    if before:
        at, sp = before[-1]
        if sent_of[first] - sent_of[at] <= reach:
            out["previous"] = sp
    after = [(at, sp) for at, sp in speakers if at > last and not first <= sp[2].i <= last]
    if after:
        at, sp = after[0]
        if sent_of[at] - sent_of[last] <= 1:
            out["next"] = sp
    return out

