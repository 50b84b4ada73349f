"""What does a cue word say, and about what? Drafts read from cue verbs, "according to" and "NAME:" labels.

A cue verb (data/attribution/cues.yaml) gives its content from the parse: a that-clause, an object, a
prepositional object or an infinitive; a refusal ("declined to comment") is a no-comment; a
request for anonymity ("who asked not to be named") is no attribution at all.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from newsgraph.extract.attribution.channels import channel
from newsgraph.extract.attribution.drafts import Draft, chars, token_at, trim
from newsgraph.extract.attribution.lexicon import CueVerb, Lexicon, lexicon
from newsgraph.extract.attribution.speakers import speaker_head
from newsgraph.extract.reference import phrase_bounds
from newsgraph.extract.reference.words import reference_words
from newsgraph.nlp import has_to, text_of

_OBJECT_DEPS = {"dobj", "dative", "prep", "xcomp", "attr", "oprd", "acomp", "pcomp", "ccomp"}
_RELATIVE = {"which", "that", "who", "whom", "what"}


def draft_from_cue(tok: Token, lex: Lexicon, text: str, learned: CueVerb | None = None) -> Draft | None:
    """The draft a cue word yields, or None; ``learned``: how to read a verb the lexicon lacks (a
    cue the tagger found)."""
    if tok.lower_ in lex.prepositional:
        return _according(tok, text, lex)
    if tok.pos_ == "NOUN" and tok.lemma_.lower() in lex.nouns:
        return _nominal(tok, text, lex)
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    lemma = tok.lemma_.lower()
    refusal = lemma in lex.refused_speech and tok.dep_ == "xcomp" and tok.head.lemma_.lower() in lex.refusal_verbs
    verb = lex.verbs.get(lemma) or learned
    if verb is None and not refusal:
        return None
    if lemma in lex.question_participles and not any(c.dep_.startswith("nsubj") for c in tok.children):
        return None
    verb = verb or CueVerb(lemma, "assert")
    if _asks_anonymity(tok, lex, text) or verb.subject and not _own_subject(tok):
        return None
    if lemma in lex.refusal_verbs and any(
        c.dep_ == "xcomp" and c.lemma_.lower() in lex.refused_speech for c in tok.children
    ):
        return None  # "declined to comment": the refusal is read from "comment" (no_comment)
    negated = any(c.dep_ == "neg" for c in tok.children)
    head, expletive = speaker_head(tok.head if refusal else tok)
    draft = Draft(content=(0, 0), cue_token=tok, verb=verb, negated=negated)
    if refusal or (negated and verb.predicate):
        draft.no_comment = True
        first = tok.head if refusal else tok
        left = [c.i for c in first.children if c.dep_ in ("aux", "neg") and c.i < first.i]
        cue_start = min(left + [first.i])
        draft.cue_span = (tok.doc[cue_start].idx, tok.idx + len(tok))
        draft.content = chars(tok.doc, cue_start, _right_end(tok))
    else:
        draft.cue_span = _cue_chars(tok, negated)
        root = _content_root(tok, verb, draft)
        if root is not None:
            draft.content = chars(tok.doc, *_tidy_content(tok.doc, *root, draft.content_root))
    if draft.content[1] > draft.content[0]:
        draft.content = trim(text, *draft.content)
    if _impersonal_passive(tok, verb) or _agentless_act(tok, verb):
        head, draft.unsourced = None, True  # no tagged source fills it in either
    if lemma in lex.raising_verbs:
        seeming = _seeming(tok, lex)
        if seeming is None:
            return None
        head, draft.content, draft.unsourced = None, trim(text, *chars(tok.doc, *seeming)), True
    if draft.speaker is None and head is not None and not expletive:
        start, end = phrase_bounds(head)
        draft.speaker = (start, end, head)
    if verb.evidence and not _has_evidence(tok, verb, draft):
        return None
    draft.channel = channel(tok, verb, lex)
    return draft


def _seeming(tok: Token, lex: Lexicon) -> tuple[int, int] | None:
    """ "Melania seems to have vanished", "RT can seem like an entrant": the subject through the
    complement; None when the complement is itself a cue ("seemed to think": that verb's) or absent."""
    subject = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < tok.i), None)
    complement = next((c for c in tok.children if c.i > tok.i and c.dep_ in ("xcomp", "acomp", "prep", "ccomp", "oprd")),
                      None)
    if subject is None or complement is None or complement.lemma_.lower() in lex.verbs:
        return None
    return subject.left_edge.i, complement.right_edge.i + 1


_NOUN_PREPS = {"of", "about", "against", "on"}
_WH = {"how", "why", "what", "whether", "when", "where", "which", "who", "if"}
_SPEAKING_ENTS = {"PERSON", "ORG", "NORP", "GPE"}
_SPEAKING_PRONOUNS = {"i", "we", "you", "he", "she", "they", "us", "him", "her", "them"}


def _has_evidence(tok: Token, verb: CueVerb, draft: Draft) -> bool:
    """A verb that is speech in some senses only ("those who oppose the dam", "claim an easy
    victory", "is expected to reopen", "the season has shown how ...") counts with a clause for
    content, or with a source that can speak and an object that is not a non-speech sense."""
    root = draft.content_root
    if root is not None and root.dep_ == "ccomp" and root.left_edge.lower_ not in _WH:
        return True  # a that-clause or a bare one; "has shown how fragile ..." needs a speaking source
    if tok.dep_ == "relcl" and any(c.dep_.startswith("nsubj") and c.lower_ in _RELATIVE for c in tok.children):
        return False  # describes people by what they do
    if draft.speaker is None or root is not None and root.lemma_.lower() in verb.not_speech:
        return False
    head = draft.speaker[2]
    return (head.ent_type_ in _SPEAKING_ENTS or head.lower_ in _SPEAKING_PRONOUNS
            or head.lemma_.lower() in reference_words().person_nouns or head.pos_ == "PROPN")


def _asks_anonymity(tok: Token, lex: Lexicon, text: str) -> bool:
    """ "who asked not to be named": a request for anonymity describes the speaker, it says nothing."""
    after = " ".join(text[tok.idx + len(tok) : tok.idx + len(tok) + 60].lower().split())
    return after.startswith(lex.anonymity_requests)


def _own_subject(tok: Token) -> bool:
    """A finite use with its own subject, not a parenthetical ("As you know") or a participle."""
    children = list(tok.children)
    if tok.tag_ == "VBG" or any(c.dep_ == "mark" and c.lower_ == "as" for c in children):
        return False
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in children)


def _impersonal_passive(tok: Token, verb: CueVerb) -> bool:
    """ "He is expected to visit Brenna": a weak cue in the passive with no agent says what unnamed
    others expect of its subject; the subject is not the speaker (the attribution has no source)."""
    children = list(tok.children)
    if not verb.weak or any(c.dep_ in ("agent", "ccomp") for c in children):
        return False
    return any(c.dep_ == "nsubjpass" for c in children) and any(c.dep_ == "xcomp" for c in children)


def _agentless_act(tok: Token, verb: CueVerb) -> bool:
    """ "was accused on Wednesday of lying": the passive subject of an act on someone is its
    target; with no "by" agent the attribution has no source."""
    children = list(tok.children)
    return verb.takes_object and any(c.dep_ == "nsubjpass" for c in children) and not any(
        c.dep_ == "agent" for c in children)


def _nominal(tok: Token, text: str, lex: Lexicon) -> Draft | None:
    """ "her promise that the harbour would stay open": a statement noun with a that-clause; its
    possessor (if any) is the source."""
    clause = next((c for c in tok.children if c.dep_ in ("acl", "ccomp", "relcl") and c.i > tok.i
                   and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), None)
    owner = next((c for c in tok.children if c.dep_ == "poss"), None)
    if clause is None and owner is not None:  # "her plan to cut fares", "his criticism of the board"
        clause = next((c for c in tok.children if c.i > tok.i and c.dep_ == "acl"
                       and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)), None) or next(
            (o for c in tok.children if c.i == tok.i + 1 and c.dep_ == "prep" and c.lower_ in _NOUN_PREPS
             for o in c.children if o.dep_ in ("pobj", "pcomp")), None)
    if clause is None:
        return None
    draft = Draft(content=trim(text, *chars(tok.doc, clause.left_edge.i, clause.right_edge.i + 1)), cue_token=tok,
                  verb=CueVerb(tok.lemma_.lower(), lex.nouns[tok.lemma_.lower()], weak=True))
    draft.cue_span = (tok.idx, tok.idx + len(tok))
    draft.content_root = clause
    if owner is not None:
        draft.speaker = (*phrase_bounds(owner), owner)
    return draft


def _cue_chars(tok: Token, negated: bool) -> tuple[int, int]:
    start = tok.idx
    if negated:
        left = [c for c in tok.children if c.dep_ in ("aux", "neg") and c.i < tok.i]
        if left:
            start = min(c.idx for c in left)
    return start, tok.idx + len(tok)


def _tidy_content(doc: Doc, start: int, end: int, root: Token | None) -> tuple[int, int]:
    """Drop a dangling conjunction at the end ("accused X of Y and [called ...]") and an adverb of
    the cue parsed into the clause before its 'that' ("said earlier that ...")."""
    while end - 1 > start and (doc[end - 1].dep_ == "cc" or doc[end - 1].is_punct and doc[end - 1].text in ",;:—–-"):
        end -= 1
    if root is not None:
        for conj in root.children:  # "confirmed that it had opened an inquiry but declined to comment"
            if conj.dep_ == "conj" and start < conj.i < end and _second_cue(conj):
                cc = [c.i for c in root.children if c.dep_ == "cc" and root.i < c.i < conj.i]
                end = min(end, cc[0] if cc else conj.i)
                while end - 1 > start and doc[end - 1].is_punct:
                    end -= 1
        mark = next((c for c in root.children if c.dep_ == "mark" and c.lower_ == "that"), None)
        if mark is not None and start < mark.i < end:
            before = doc[start : mark.i]
            if all(t.dep_ in ("advmod", "npadvmod", "punct") and t.head.i == root.i for t in before):
                start = mark.i
    return start, end


def _second_cue(verb: Token) -> bool:
    """A verb conjoined into a clause that is a speech act of the outer speaker, not part of what is
    said: a refusal or cue verb with no subject of its own."""
    lex = lexicon()
    lemma = verb.lemma_.lower()
    cue = lex.verbs.get(lemma)
    if lemma not in lex.refusal_verbs and (cue is None or cue.weak):
        return False
    return not any("subj" in c.dep_ for c in verb.children)


def _right_end(tok: Token) -> int:
    end = tok.right_edge.i + 1
    while end - 1 > tok.i and (tok.doc[end - 1].is_punct or tok.doc[end - 1].is_space):
        end -= 1
    return end


def _content_root(tok: Token, verb: CueVerb, draft: Draft) -> tuple[int, int] | None:
    """Token range of the content of cue ``tok`` (None when the parse gives none)."""
    doc = tok.doc
    if verb.relay:
        said = next((t for t in tok.subtree if t.i > tok.i and t.lemma_.lower() == "say"), None)
        if said is not None:
            clause = [c for c in said.children if c.dep_ == "ccomp"]
            if clause:
                obj = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")), None)
                if obj is not None:
                    draft.speaker = (*phrase_bounds(obj), obj)
                    draft.via_head = next((c for c in tok.children if c.dep_ == "nsubj"), None)
                draft.content_root = clause[0]
                return clause[0].left_edge.i, clause[-1].right_edge.i + 1
    clauses = [c for c in tok.children if c.dep_ == "ccomp" and not _relative_clause(c)]
    if not clauses and tok.dep_ == "relcl":  # "the storm, which it said had sunk two boats"
        relative = [c for c in tok.children if c.dep_ == "ccomp" and c.i > tok.i and _relative_clause(c)]
        if relative:
            draft.content_root = relative[0]
            pronoun = next(c for c in relative[0].children if c.lower_ in ("which", "who"))
            draft.relative_at = pronoun.idx
            return tok.i + 1, relative[0].right_edge.i + 1
    if not clauses:
        clauses = _misattached_clause(tok)
    if clauses:
        draft.content_root = clauses[0]
        start = min(c.left_edge.i for c in clauses)
        end = max(c.right_edge.i for c in clauses) + 1
        if start < tok.i < end:  # the clause wraps the cue: keep the side that holds the clause head
            if clauses[0].i < tok.i:
                end = _subject_or_cue_start(tok)
            else:
                start = tok.i + 1
        return start, end
    around = _set_off(tok)
    if around is not None:  # "The ferry, she said, would sail": what is said is on both sides
        draft.content_root = tok.head
        return around
    if tok.dep_ in ("parataxis", "ccomp") and tok.head.i < tok.i:
        left = _subject_or_cue_start(tok)
        if left > 0 and (doc[left - 1].text == "," or doc[left - 1].is_quote):
            draft.content_root = tok.head
            return tok.head.left_edge.i, left
    if tok.dep_ == "parataxis" and tok.head.i > tok.i:
        # "Back in Virginia, Mr. Clarke said, he decided ...": the host clause around the cue
        before = (tok.head.left_edge.i, _subject_or_cue_start(tok))
        end = tok.head.right_edge.i
        while end > tok.right_edge.i + 1 and doc[end].is_punct:
            end -= 1
        after = (tok.right_edge.i + 1, end + 1)
        draft.content_root = tok.head
        return after if after[1] - after[0] >= before[1] - before[0] else before
    if tok.dep_ == "advcl" and tok.head.lemma_.lower() in lexicon().verbs:
        return None  # "he said, describing the system as ...": part of the same statement
    if verb.xcomp:
        for child in tok.children:
            if child.dep_ == "xcomp" and child.i > tok.i and child.lemma_.lower() not in lexicon().verbs:
                if has_to(child) or child.tag_ == "VBG":
                    draft.content_root = child
                    return child.left_edge.i, _before_setting(child)
    if verb.preps:
        for child in tok.children:
            if child.dep_ == "prep" and child.i > tok.i and child.lower_ in verb.preps:
                objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
                if objects:
                    end = max(c.right_edge.i for c in objects) + 1
                    after = [c for c in tok.children if c.dep_ == "xcomp" and c.i > child.i]
                    if after:  # "called on Congress to act"
                        end = after[0].right_edge.i + 1
                    draft.content_root = objects[0]
                    return objects[0].left_edge.i, end
        for child in tok.children:  # "called for the committee to summon Varga": a for-to clause
            marks = [c for c in child.children if c.dep_ == "mark" and c.lower_ in verb.preps]
            if child.dep_ == "advcl" and child.i > tok.i and marks:
                draft.content_root = child
                return marks[0].i + 1, child.right_edge.i + 1
    if not verb.takes_object and not any(c.dep_ == "prt" and c.lower_ in verb.particles for c in tok.children):
        return None
    if any(c.dep_ == "nsubjpass" for c in tok.children):  # "was accused on Wednesday of lying to ..."
        agents = [g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        acts = [c for a in agents for c in a.children] if verb.stance == "accuse" else []  # not "dozens of"
        for child in [*tok.children, *acts]:  # "accused by critics of ..."
            objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if child.dep_ == "prep" and child.i > tok.i and child.lower_ in ("of", "for", "over") and objects:
                draft.content_root = objects[0]
                if child.head in agents:  # the agent's phrase ends where the act's object begins
                    draft.speaker = (phrase_bounds(child.head)[0], child.i, child.head)
                return objects[0].left_edge.i, max(c.right_edge.i for c in objects) + 1
        subject = next(c for c in tok.children if c.dep_ == "nsubjpass")
        if agents and subject.i < tok.i and subject.lower_ not in _RELATIVE and not any(
                c.dep_ in ("ccomp", "xcomp", "oprd", "attr") for c in tok.children):
            draft.content_root = subject  # "Clinton was endorsed by dozens of papers": what the act is on
            return _without_aside(subject)
    objects = [c for c in tok.children if c.i > tok.i]
    dobj = next((c for c in objects if c.dep_ == "dobj"), None)
    if dobj is not None and dobj.lower_ in _RELATIVE:
        return dobj.i, tok.i + 1  # "which the fighters deny": the relative clause itself
    for c in tok.children:
        if c.dep_ == "dobj" and c.lower_ in _RELATIVE and c.i < tok.i:
            return c.i, tok.i + 1
    picked: list[Token] = []
    for c in objects:
        if c.dep_ == "prep" and dobj is not None and c.i > dobj.i and c.lower_ in lexicon().setting_preps and c.lower_ not in verb.preps \
                and not any(o.i > c.i and o.dep_ in ("oprd", "xcomp", "ccomp", "attr") for o in objects):
            break  # "rejected that argument in a ruling": the act's setting ("called her vote in favor of X a mistake" goes on)
        if c.dep_ in _OBJECT_DEPS and not _relative_clause(c):
            picked.append(c)
        elif c.is_quote:
            continue  # 'called the crew "the fittest I have coached"'
        elif picked and c.dep_ in ("punct", "cc", "conj", "advcl", "ccomp"):
            break
    if not picked or not any(c.dep_ in ("dobj", "xcomp", "ccomp", "attr", "dative", "oprd") for c in picked):
        return None
    if all(c.pos_ == "PRON" for c in picked if c.dep_ == "dobj") and len(picked) == 1:
        return None
    draft.content_root = picked[0]
    end = max(c.right_edge.i for c in picked) + 1
    if len(picked) == 1 and picked[0].dep_ == "dobj":  # "endorses Trump, who says ...": the object itself
        end = min(end, _without_aside(picked[0])[1])
    return picked[0].left_edge.i, end


def _before_setting(verb: Token) -> int:
    """End of an infinitive content before a time setting of its own ("warned states to boost their
    security after hackers targeted ..."): a setting preposition or a clause it marks."""
    setting = lexicon().setting_preps
    cut = [c.left_edge.i for c in verb.children if c.i > verb.i and (
        c.dep_ == "prep" and c.lower_ in setting
        or c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in setting for m in c.children))]
    end = min([verb.right_edge.i + 1] + cut)
    while end - 1 > verb.i and verb.doc[end - 1].is_punct:
        end -= 1
    return end


def _without_aside(head: Token) -> tuple[int, int]:
    """Token range of the phrase headed by ``head`` without a relative clause or apposition set off
    by a comma after it ("Trump, who says ...")."""
    doc = head.doc
    end = head.right_edge.i + 1
    aside = [c.left_edge.i for c in head.children
             if c.dep_ in ("relcl", "appos") and c.i > head.i and doc[c.left_edge.i - 1].text == ","]
    return head.left_edge.i, min([end] + [a - 1 for a in aside])


def _set_off(tok: Token) -> tuple[int, int] | None:
    """ "The ferry, she said, would sail ...": a cue clause set off by commas inside the sentence it
    reports (no quotation in it: '"A," she said, "B."' is two quotations), the whole sentence. Only
    when the reported clause's subject comes before the cue: in "Back in Virginia, Mr. Clarke said, he
    decided ..." what comes before is a setting, and the clause after the cue is what was said."""
    if tok.dep_ != "parataxis":
        return None
    host = tok.head
    if host.i > tok.i and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") and c.i < tok.i for c in host.children):
        return None
    doc, sent = tok.doc, tok.sent
    left = _subject_or_cue_start(tok)
    right = tok.right_edge.i
    while right > tok.i and doc[right].is_punct:
        right -= 1
    if left - 1 <= sent.start or right + 2 >= sent.end or doc[left - 1].text != "," or doc[right + 1].text != ",":
        return None
    if any(t.is_quote for t in sent):
        return None
    return sent.start, sent.end


def _misattached_clause(tok: Token) -> list[Token]:
    """ "told reporters at a conference that the bridge would reopen": the parser may hang the
    that-clause on the nearest noun; a clause with a 'that' mark and its own subject is the content."""
    for t in tok.subtree:
        if t.i <= tok.i or t.head.i == tok.i or t.dep_ not in ("relcl", "acl", "ccomp", "advcl"):
            continue
        if _under_conjoined_verb(t, tok):
            continue  # "accused X of ... and warned that ...", "backed by X, who said that ...": another act's
        children = list(t.children)
        if any(c.dep_ == "mark" and c.lower_ == "that" for c in children) and any(
            c.dep_ in ("nsubj", "nsubjpass") for c in children
        ):
            return [t]
    return []


def _under_conjoined_verb(t: Token, tok: Token) -> bool:
    """Whether ``t`` hangs below a verb of its own between it and ``tok``: conjoined, or a relative clause."""
    at = t.head
    while at.i != tok.i and at.head.i != at.i:
        if at.dep_ in ("conj", "relcl") and at.pos_ in ("VERB", "AUX"):
            return True
        at = at.head
    return False


def _subject_or_cue_start(tok: Token) -> int:
    subj = [c.left_edge.i for c in tok.children if c.dep_.startswith("nsubj") and c.i < tok.i]
    return min(subj + [tok.i])


def _relative_clause(tok: Token) -> bool:
    return any(c.dep_ in ("dobj", "nsubj", "nsubjpass") and c.lower_ in ("which", "who") for c in tok.children)


def _according(tok: Token, text: str, lex: Lexicon) -> Draft | None:
    """A prepositional cue of data/attribution/cues.yaml: "according to X"."""
    preposition, stance = lex.prepositional[tok.lower_]
    to = next((c for c in tok.children if c.lower_ == preposition), None)
    if to is None:
        return None
    obj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if obj is None:
        return None
    doc = tok.doc
    sent = tok.sent
    left = (sent.start, tok.left_edge.i)
    right = (tok.right_edge.i + 1, sent.end)
    size = lambda r: sum(1 for t in doc[r[0] : r[1]] if not t.is_punct and not t.is_space)  # noqa: E731
    if size(left) >= 3 and size(right) >= 3:
        span = (sent.start, sent.end)
    else:
        span = left if size(left) >= size(right) else right
    draft = Draft(content=trim(text, *chars(doc, *span)), cue_token=tok,
                  verb=CueVerb(f"{tok.lower_} {preposition}", stance), according=True)
    draft.cue_span = (tok.idx, to.idx + len(to))
    draft.speaker = (*phrase_bounds(obj), obj)
    draft.content_root = tok.head
    return draft


def colon_speakers(doc: Doc, paragraphs: list[tuple[int, int]], lex: Lexicon) -> list[Draft]:
    """ "WALLACE: Let's start ...", "Poll: Clinton leads": a paragraph opened by a name and a colon."""
    text = text_of(doc)
    out = []
    for start, end in paragraphs:
        colon = text.find(":", start, min(end, start + 60))
        if colon < 0 or len(text[colon + 1 : end].split()) < 3:
            continue
        label = text[start:colon].strip()
        if not label or label.lower() in lex.colon_labels or "\n" in label:
            continue
        k, j = token_at(doc, start), token_at(doc, colon)
        tokens = [t for t in doc[k:j] if not t.is_space]
        while tokens and tokens[0].is_quote:  # '"WALLACE: ...': a transcript quoted whole
            tokens.pop(0)
        if not 1 <= len(tokens) <= 5:
            continue
        named = all(t.pos_ == "PROPN" or (t.is_upper and t.is_alpha) or t.is_punct for t in tokens)
        noun = len(tokens) <= 2 and tokens[-1].lemma_.lower() in lex.colon_nouns
        if not (named or noun) or not tokens[-1].is_alpha:
            continue
        draft = Draft(content=trim(text, colon + 1, end), cue_token=None, verb=CueVerb(":", "assert"))
        draft.cue_span = (colon, colon + 1)
        draft.speaker = (tokens[0].i, tokens[-1].i + 1, tokens[-1])
        out.append(draft)
    return out

