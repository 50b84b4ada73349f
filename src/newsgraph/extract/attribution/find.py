"""Who said what? Quotations and reported speech with their speakers, cues, channels and stance.

One pass over the parsed sentences finds cue words (data/cues.yaml) and reads their content from
the parse (a that-clause, an object, "according to X"); quotations found by quote-mark pairing
then snap those contents to the quoted text (direct or mixed form). Quotations no cue claimed
take the cue right next to them, or continue the previous speaker. Speakers are resolved by
``speakers.Resolver``; stance by ``stance.decide_stance``.

What is not an attribution: a request for anonymity after a cue ("who asked not to be named"), a
cue nested in someone else's reported content unless it reports speech itself (PolNeAR keeps the
outermost attribution only: "said the delegation had rejected a proposal" is the sayer's claim),
and a denial read only from a negated content that answers no claim ("We have never seen ...").
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from newsgraph.extract.attribution.lexicon import CueVerb, Lexicon, lexicon
from newsgraph.extract.attribution.quotes import QUOTE_MARKS, find_quotes
from newsgraph.extract.attribution.speakers import Names, Referent, Resolver, phrase_bounds, speaker_head
from newsgraph.extract.attribution.stance import decide_stance, negation_answers_claim
from newsgraph.extract.time import statement_date
from newsgraph.model import CLAIMING, Article, Attribution, Entity, Span, Speaker, paragraph_spans
from newsgraph.nlp import text_of

_OBJECT_DEPS = {"dobj", "dative", "prep", "xcomp", "attr", "oprd", "acomp", "pcomp", "ccomp"}
_RELATIVE = {"which", "that", "who", "whom", "what"}
_TRIM_START = " \t\r\n,;:—–-"
_TRIM_END = " \t\r\n,;:—–-"
_ACCORDING = CueVerb("according to", "report")
_NEGATION_OPENERS = {"no", "not", "never", "nothing", "none", "nobody", "nowhere"}


@dataclass
class QuoteUnit:
    """One quotation, possibly running over several paragraphs."""

    start: int
    end: int
    first_paragraph: int
    last_paragraph: int
    mark_before: int  # index of the opening mark (or the paragraph start when there is none)
    mark_after: int  # end of the closing mark (or the quote end when there is none)
    continued: bool = False  # opens a paragraph after a quote left open: may continue it
    used: bool = False


@dataclass
class Draft:
    content: tuple[int, int]
    cue_token: Token | None = None
    cue_span: tuple[int, int] | None = None
    verb: CueVerb | None = None
    speaker: tuple[int, int, Token] | None = None  # token range and head
    via_head: Token | None = None
    negated: bool = False
    no_comment: bool = False
    content_root: Token | None = None
    channel: str | None = None
    nested: str | None = None
    form: str = "indirect"
    according: bool = False
    copy_of: "Draft | None" = None
    continues: "Draft | None" = None

    @property
    def position(self) -> int:
        starts = [self.content[0]]
        if self.cue_span:
            starts.append(self.cue_span[0])
        if self.speaker:
            starts.append(self.speaker[2].doc[self.speaker[0]].idx)
        return min(starts)


def extract_attributions(article: Article, doc: Doc, entities: tuple[Entity, ...] = ()) -> tuple[Attribution, ...]:
    """Attributions of ``article`` in text order, ids ``q1``, ``q2`` ..."""
    text = text_of(doc)
    lex = lexicon()
    paragraphs = paragraph_spans(text)
    units = _quote_units(text, paragraphs)
    drafts: list[Draft] = []
    bare: dict[int, Draft] = {}
    para_starts = [start for start, _ in paragraphs]
    for tok in doc:
        draft = _draft_from_cue(tok, lex, text)
        if draft is None:
            continue
        _clip_to_paragraph(draft, paragraphs[max(0, bisect.bisect_right(para_starts, tok.idx) - 1)], text)
        if draft.content[1] > draft.content[0]:
            drafts.append(draft)
        else:
            bare[tok.i] = draft
    drafts.extend(_colon_speakers(doc, paragraphs, lex))
    for draft in drafts:
        _snap_to_quotes(draft, units, text)
    drafts = _nest_according(drafts)
    drafts.sort(key=lambda d: d.position)
    drafts = _attach_free_quotes(drafts, bare, units, doc, paragraphs, text)
    drafts = _cut_relative_counters(drafts, text)
    drafts = _drop_nested(drafts)
    drafts = _dedupe(drafts)
    drafts.sort(key=lambda d: d.position)
    return _finish(drafts, article, doc, entities, lex)


# --- quotations ------------------------------------------------------------


def _quote_units(text: str, paragraphs: list[tuple[int, int]]) -> list[QuoteUnit]:
    units: list[QuoteUnit] = []
    for q in find_quotes(text, paragraphs):
        after = q.mark_end if q.mark_end >= 0 else q.end
        mark = q.mark_start if q.mark_start >= 0 else paragraphs[q.paragraph][0]
        units.append(QuoteUnit(q.start, q.end, q.paragraph, q.paragraph, mark, after, q.continued))
    return units


def _snap_to_quotes(draft: Draft, units: list[QuoteUnit], text: str) -> None:
    """Direct when the content is the quotation; mixed when a quotation is part of it."""
    s, e = draft.content
    cue_at = draft.cue_span[0] if draft.cue_span else -1
    # A cue inside a quotation is nested speech: its content stays what the parse gives.
    hits = [u for u in units if u.start < e and u.end > s and not u.start <= cue_at < u.end]
    if not hits:
        return
    outside = text[s:e]
    for u in sorted(hits, key=lambda u: -u.start):
        a, b = max(s, u.start) - s, min(e, u.end) - s
        outside = outside[:a] + " " + outside[b:]
    for u in hits:
        u.used = True
    if not any(ch.isalnum() for ch in outside):
        draft.content = (min(u.start for u in hits), max(u.end for u in hits))
        draft.content = _trim(text, *draft.content)
        draft.form = "direct"
        return
    start = min([s] + [u.mark_before for u in hits if u.mark_before < s])
    end = max([e] + [u.mark_after for u in hits if u.end >= e])
    draft.content = (start, end)
    draft.form = "mixed"


def _clip_to_paragraph(draft: Draft, paragraph: tuple[int, int], text: str) -> None:
    """The parser may run a sentence over a paragraph break; content and speaker stay in the cue's paragraph."""
    start, end = paragraph
    s, e = draft.content
    if e > s:
        s, e = max(s, start), min(e, end)
        draft.content = _trim(text, s, e) if e > s else (0, 0)
    if draft.speaker is not None:
        a, b, head = draft.speaker
        doc = head.doc
        if not start <= head.idx < end:
            draft.speaker = None
        else:
            while a < head.i and doc[a].idx < start:
                a += 1
            while b > head.i + 1 and doc[b - 1].idx >= end:
                b -= 1
            draft.speaker = (a, b, head)


def _standalone(unit: QuoteUnit, text: str, paragraphs: list[tuple[int, int]]) -> bool:
    """Not a scare quote inside narration: it starts a paragraph, a sentence, or follows ':' or ','."""
    para_start = paragraphs[unit.first_paragraph][0]
    i = unit.mark_before - 1
    while i >= para_start and text[i].isspace():
        if text[i] == "\n":
            return True  # starts a line
        i -= 1
    return i < para_start or text[i] in ".!?:;,—–―-'`" or text[i] in QUOTE_MARKS


def _token_at(doc: Doc, char: int) -> int:
    """Index of the first token starting at or after ``char``."""
    lo, hi = 0, len(doc)
    while lo < hi:
        mid = (lo + hi) // 2
        if doc[mid].idx < char:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _paragraph_of(char: int, paragraphs: list[tuple[int, int]]) -> int:
    for index, (start, end) in enumerate(paragraphs):
        if char < end or index == len(paragraphs) - 1:
            return index if char >= start or index == 0 else index - 1
    return len(paragraphs) - 1


def _adjacent_cue(unit: QuoteUnit, bare: dict[int, Draft], doc: Doc, text: str, para_end: int) -> Draft | None:
    """A cue right after the quotation ('," he said') or right before it ('he said: "')."""
    k = _token_at(doc, unit.end)
    byline = _dash_byline(doc, k, para_end)
    if byline is not None:
        return byline
    for tok in doc[k : k + 8]:
        if tok.idx >= para_end:
            break
        if tok.i in bare:
            return bare.pop(tok.i)
        if tok.text in ".!?" or (tok.pos_ in ("VERB", "AUX") and tok.dep_ != "aux"):
            break
    k = _token_at(doc, unit.mark_before)
    before = text[max(0, unit.mark_before - 3) : unit.mark_before].rstrip()
    if before.endswith((":", ",")):
        for tok in reversed(doc[max(0, k - 15) : k]):
            if tok.i in bare:
                return bare.pop(tok.i)
            if tok.text in ".!?" or tok.is_space:
                break
    return None


_DASHES = {"―", "—", "–", "-", "--"}


def _dash_byline(doc: Doc, k: int, para_end: int) -> Draft | None:
    """'"...” ― Carla Sanchez': a quotation signed with a dash and a name."""
    while k < len(doc) and (doc[k].is_quote or doc[k].is_space) and doc[k].idx < para_end:
        k += 1
    if k >= len(doc) or doc[k].text not in _DASHES or doc[k].idx >= para_end:
        return None
    names = []
    for tok in doc[k + 1 : k + 7]:
        if tok.idx >= para_end or tok.pos_ != "PROPN":
            break
        names.append(tok)
    if not names:
        return None
    head = names[-1]
    draft = Draft(content=(0, 0), cue_token=doc[k], verb=CueVerb("―", "assert"))
    draft.cue_span = (doc[k].idx, doc[k].idx + len(doc[k]))
    draft.speaker = (names[0].i, head.i + 1, head)
    return draft


def _attach_free_quotes(
    drafts: list[Draft],
    bare: dict[int, Draft],
    units: list[QuoteUnit],
    doc: Doc,
    paragraphs: list[tuple[int, int]],
    text: str,
) -> list[Draft]:
    out = list(drafts)
    for unit in units:
        if unit.used or not _standalone(unit, text, paragraphs):
            continue
        para_start, para_end = paragraphs[unit.last_paragraph]
        earlier = [d for d in out if d.content[1] <= unit.start + 1 and d.position < unit.start]
        previous = max(earlier, key=lambda d: d.content[1]) if earlier else None
        if previous is not None and previous.form == "direct" and _same_sentence_pair(previous, unit, text):
            previous.content = (previous.content[0], _trim(text, unit.start, unit.end)[1])
            unit.used = True
            continue
        cue = _adjacent_cue(unit, bare, doc, text, para_end)
        content = _trim(text, unit.start, unit.end)
        if cue is None and unit.continued and previous is not None and previous.form == "direct":
            # a quotation carried over a paragraph break, with no cue of its own: the same statement
            if _paragraph_of(previous.content[1] - 1, paragraphs) == unit.first_paragraph - 1:
                previous.content = (previous.content[0], content[1])
                unit.used = True
                continue
        if cue is not None:
            cue.content, cue.form = content, "direct"
            out.append(cue)
            unit.used = True
            continue
        if previous is None or previous.form == "indirect" and previous.according:
            continue
        prev_paragraph = _paragraph_of(previous.content[1] - 1, paragraphs)
        if prev_paragraph == unit.first_paragraph:
            out.append(Draft(content, form="direct", copy_of=previous))
            unit.used = True
        elif text[paragraphs[unit.first_paragraph][0] : unit.mark_before].strip() == "" and (
            unit.first_paragraph - prev_paragraph <= 2
        ):
            out.append(Draft(content, form="direct", continues=previous))
            unit.used = True
    return out


def _same_sentence_pair(previous: Draft, unit: QuoteUnit, text: str) -> bool:
    """'"A," he said, "B."': the second half of a quotation split by its cue."""
    if previous.cue_span is None or not previous.content[1] <= previous.cue_span[0] < unit.start:
        return False
    gap = text[previous.content[1] : unit.mark_before]
    return len(gap) <= 60 and gap.rstrip().endswith(",") and "." not in gap.replace(".,", ",")


# --- cues --------------------------------------------------------------------


def _draft_from_cue(tok: Token, lex: Lexicon, text: str) -> Draft | None:
    if tok.lower_ == "according":
        return _according(tok, text)
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    lemma = tok.lemma_.lower()
    refusal = lemma in lex.refused_speech and tok.dep_ == "xcomp" and tok.head.lemma_.lower() in lex.refusal_verbs
    verb = lex.verbs.get(lemma)
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
        draft.content = _chars(tok.doc, cue_start, _right_end(tok))
    else:
        draft.cue_span = _cue_chars(tok, negated)
        root = _content_root(tok, verb, draft)
        if root is not None:
            draft.content = _chars(tok.doc, *_tidy_content(tok.doc, *root, draft.content_root))
    if draft.content[1] > draft.content[0]:
        draft.content = _trim(text, *draft.content)
    if _impersonal_passive(tok, verb):
        head = None
    if draft.speaker is None and head is not None and not expletive:
        start, end = phrase_bounds(head)
        draft.speaker = (start, end, head)
    draft.channel = _channel(tok, verb, lex)
    return draft


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
    if tok.dep_ in ("parataxis", "ccomp") and tok.head.i < tok.i:
        left = _subject_or_cue_start(tok)
        if left > 0 and (doc[left - 1].text == "," or doc[left - 1].is_quote):
            draft.content_root = tok.head
            return tok.head.left_edge.i, left
    if tok.dep_ == "parataxis" and tok.head.i > tok.i:
        # "Back in Virginia, Mr. Clarke said, he decided ...": the host clause around the cue
        before = (tok.head.left_edge.i, _subject_or_cue_start(tok))
        after = (tok.right_edge.i + 1, tok.head.right_edge.i + 1)
        draft.content_root = tok.head
        return after if after[1] - after[0] >= before[1] - before[0] else before
    if tok.dep_ == "advcl" and tok.head.lemma_.lower() in lexicon().verbs:
        return None  # "he said, describing the system as ...": part of the same statement
    if verb.xcomp:
        for child in tok.children:
            if child.dep_ == "xcomp" and child.i > tok.i and child.lemma_.lower() not in lexicon().verbs:
                if any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children) or child.tag_ == "VBG":
                    draft.content_root = child
                    return child.left_edge.i, child.right_edge.i + 1
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
    if not verb.takes_object:
        return None
    objects = [c for c in tok.children if c.i > tok.i]
    dobj = next((c for c in objects if c.dep_ == "dobj"), None)
    if dobj is not None and dobj.lower_ in _RELATIVE:
        return dobj.i, tok.i + 1  # "which the fighters deny": the relative clause itself
    for c in tok.children:
        if c.dep_ == "dobj" and c.lower_ in _RELATIVE and c.i < tok.i:
            return c.i, tok.i + 1
    picked: list[Token] = []
    for c in objects:
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
    return picked[0].left_edge.i, max(c.right_edge.i for c in picked) + 1


def _misattached_clause(tok: Token) -> list[Token]:
    """ "told reporters at a conference that the bridge would reopen": the parser may hang the
    that-clause on the nearest noun; a clause with a 'that' mark and its own subject is the content."""
    for t in tok.subtree:
        if t.i <= tok.i or t.head.i == tok.i or t.dep_ not in ("relcl", "acl", "ccomp", "advcl"):
            continue
        children = list(t.children)
        if any(c.dep_ == "mark" and c.lower_ == "that" for c in children) and any(
            c.dep_ in ("nsubj", "nsubjpass") for c in children
        ):
            return [t]
    return []


def _subject_or_cue_start(tok: Token) -> int:
    subj = [c.left_edge.i for c in tok.children if c.dep_.startswith("nsubj") and c.i < tok.i]
    return min(subj + [tok.i])


def _relative_clause(tok: Token) -> bool:
    return any(c.dep_ in ("dobj", "nsubj", "nsubjpass") and c.lower_ in ("which", "who") for c in tok.children)


def _according(tok: Token, text: str) -> Draft | None:
    to = next((c for c in tok.children if c.lower_ == "to"), None)
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
    draft = Draft(content=_trim(text, *_chars(doc, *span)), cue_token=tok, verb=_ACCORDING, according=True)
    draft.cue_span = (tok.idx, to.idx + len(to))
    draft.speaker = (*phrase_bounds(obj), obj)
    draft.content_root = tok.head
    return draft


def _drop_nested(drafts: list[Draft]) -> list[Draft]:
    """A cue inside someone else's content is part of what that speaker says ("reported that Russia
    was seeking to ...", a quotation that says "I think ..."), not a statement of its own; only a
    speech verb inside reported (not quoted) content stays: "said that the minister told him ..."."""
    def nested(draft: Draft) -> bool:
        if draft.verb is None or draft.cue_span is None:
            return False
        for d in drafts:
            if d is not draft and d.content[0] <= draft.cue_span[0] < d.content[1]:
                if draft.verb.weak or d.form != "indirect" or not _reported_speech(draft):
                    return True
        return False

    return [d for d in drafts if not nested(d)]


def _reported_speech(draft: Draft) -> bool:
    """A cue whose content is a clause ("told him that ..."), not an act on a thing ("rejected a proposal")."""
    root = draft.content_root
    return root is not None and root.dep_ == "ccomp"


def _colon_speakers(doc: Doc, paragraphs: list[tuple[int, int]], lex: Lexicon) -> list[Draft]:
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
        k, j = _token_at(doc, start), _token_at(doc, colon)
        tokens = [t for t in doc[k:j] if not t.is_space]
        if not 1 <= len(tokens) <= 5:
            continue
        named = all(t.pos_ == "PROPN" or (t.is_upper and t.is_alpha) or t.is_punct for t in tokens)
        noun = len(tokens) <= 2 and tokens[-1].lemma_.lower() in lex.colon_nouns
        if not (named or noun) or not tokens[-1].is_alpha:
            continue
        draft = Draft(content=_trim(text, colon + 1, end), cue_token=None, verb=CueVerb(":", "assert"))
        draft.cue_span = (colon, colon + 1)
        draft.speaker = (tokens[0].i, tokens[-1].i + 1, tokens[-1])
        out.append(draft)
    return out


def _nest_according(drafts: list[Draft]) -> list[Draft]:
    """ "according to X" inside someone else's content names a source inside it (nested_source)."""
    out = []
    for draft in drafts:
        host = None
        if draft.according and draft.cue_span:
            host = next(
                (d for d in drafts if d is not draft and not d.according
                 and d.content[0] <= draft.cue_span[0] < d.content[1]),
                None,
            )
        if host is not None and draft.speaker is not None:
            start, end, head = draft.speaker
            host.nested = head.doc[start:end].text
            continue
        out.append(draft)
    return out


# --- channel -------------------------------------------------------------------


def _channel(tok: Token, verb: CueVerb, lex: Lexicon) -> str | None:
    doc = tok.doc
    preps = [c for c in tok.children if c.dep_ == "prep"]
    if verb.recipient:
        for c in tok.children:
            if c.dep_ in ("dobj", "dative") and c.i > tok.i:
                if c.lemma_.lower() not in lex.generic_audiences and c.lower_ not in lex.generic_audiences and c.pos_ != "PRON":
                    return _name_of(doc, *phrase_bounds(c))
                preps.extend(g for g in c.children if g.dep_ == "prep")
    for prep in preps:
        obj = next((g for g in prep.children if g.dep_ == "pobj"), None)
        if obj is None:
            continue
        if prep.lower_ == "to" and obj.pos_ == "PROPN":
            return _name_of(doc, *phrase_bounds(obj))
        if prep.lower_ in lex.channel_preps and obj.lemma_.lower() in lex.channel_nouns:
            if obj.lemma_.lower() in lex.interview_nouns:
                for g in obj.children:
                    if g.dep_ == "prep" and g.lower_ == "with":
                        outlet = next((x for x in g.children if x.dep_ == "pobj"), None)
                        if outlet is not None:
                            return _name_of(doc, *phrase_bounds(outlet))
            return doc[obj.left_edge.i : obj.i + 1].text
    return None


def _name_of(doc: Doc, start: int, end: int) -> str:
    """A named channel without its article: "told the Harbour Ledger" -> "Harbour Ledger"."""
    if end - start > 1 and doc[start].lower_ == "the" and doc[start + 1].is_title:
        start += 1
    return doc[start:end].text


# --- output ----------------------------------------------------------------------


def _chars(doc: Doc, start: int, end: int) -> tuple[int, int]:
    if end <= start:
        return (0, 0)
    last = doc[end - 1]
    return doc[start].idx, last.idx + len(last)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM_START:
        start += 1
    while end > start and (text[end - 1] in _TRIM_END):
        end -= 1
    return start, end


def _cut_relative_counters(drafts: list[Draft], text: str) -> list[Draft]:
    """ "blamed X for the fire, which X denies": the blame ends where the relative clause begins."""
    for inner in drafts:
        s = inner.content[0]
        if not text[s : s + 6].lower().startswith(("which ", "who ")):
            continue
        for outer in drafts:
            if outer is not inner and outer.content[0] < s < outer.content[1] and outer.form == "indirect":
                outer.content = _trim(text, outer.content[0], s)
    return drafts


def _dedupe(drafts: list[Draft]) -> list[Draft]:
    seen: set[tuple[int, int]] = set()
    out = []
    for draft in drafts:
        if draft.content in seen or draft.content[1] - draft.content[0] < 2:
            continue
        seen.add(draft.content)
        out.append(draft)
    return out


def _finish(drafts: list[Draft], article: Article, doc: Doc, entities: tuple[Entity, ...], lex: Lexicon) -> tuple[Attribution, ...]:
    text = text_of(doc)
    resolver = Resolver(doc, Names(doc, entities), lex)
    subjects = _subject_positions(doc, {d.speaker[2].i for d in drafts if d.speaker})
    referents: dict[int, Referent] = {}
    out: list[Attribution] = []
    negation_only: dict[str, str] = {}  # id -> stance had the negated content not made it a denial
    queue = sorted(drafts, key=lambda d: d.speaker[2].i if d.speaker else _token_at(doc, d.content[0]))
    subject_iter = iter(subjects)
    next_subject = next(subject_iter, None)
    for draft in queue:
        position = draft.speaker[2].i if draft.speaker else _token_at(doc, draft.content[0])
        while next_subject is not None and next_subject.i < position:
            ref = resolver.subject_referent(next_subject)
            if ref is not None:
                resolver.remember(next_subject.i, ref)
            next_subject = next(subject_iter, None)
        referents[id(draft)] = _referent(draft, resolver, referents)
    for draft in sorted(drafts, key=lambda d: d.position):
        ref = referents[id(draft)]
        source = draft.copy_of or draft
        speaker = None
        if source.speaker is not None:
            start, end, _ = source.speaker
            speaker = Speaker(
                text=doc[start:end].text, start=doc[start].idx, end=doc[start].idx + len(doc[start:end].text),
                resolved=ref.name, entity_id=ref.entity_id, anonymous=ref.anonymous, affiliation=ref.affiliation,
            )
        elif draft.continues is not None and ref.name:
            speaker = Speaker(resolved=ref.name, entity_id=ref.entity_id, anonymous=ref.anonymous, affiliation=ref.affiliation)
        cue_span = source.cue_span
        s, e = draft.content
        content_text = text[s:e]
        stance_args = dict(negated=source.negated, no_comment=draft.no_comment, relayed=ref.via is not None, lex=lex)
        cue_verb = source.verb if draft.continues is None else None
        if draft.content_root is not None:
            negated_content = _negated_root(draft.content_root)
        else:
            first = _first_clause_root(doc, s, e)
            negated_content = _negated_root(first) or _opens_with_negation(first, s)
        stance = decide_stance(cue_verb, content_text, content_negated=negated_content, **stance_args)
        if stance == "deny" and decide_stance(cue_verb, content_text, **stance_args) != "deny":
            negation_only[f"q{len(out) + 1}"] = decide_stance(cue_verb, content_text, **stance_args)
        out.append(
            Attribution(
                id=f"q{len(out) + 1}",
                speaker=speaker,
                cue=Span(cue_span[0], cue_span[1], text[cue_span[0] : cue_span[1]]) if cue_span and draft.continues is None else None,
                content=Span(s, e, content_text),
                form=draft.form,  # type: ignore[arg-type]
                stance=stance,  # type: ignore[arg-type]
                channel=source.channel,
                via=ref.via,
                nested_source=draft.nested,
                when=_when(source.cue_token, article.published),
            )
        )
    return _settle_negations(out, negation_only)


def _settle_negations(found: list[Attribution], negation_only: dict[str, str]) -> tuple[Attribution, ...]:
    """A denial read only from a negated content stands when it answers another speaker's claim."""
    def who(a: Attribution) -> str:
        return ((a.speaker.resolved or a.speaker.text or "") if a.speaker else "").lower()

    out = []
    for a in found:
        if a.id in negation_only:
            claims = [c.content.text for c in found if c is not a and c.stance in CLAIMING and who(c) != who(a)]
            if not negation_answers_claim(a.content.text, claims):
                a = replace(a, stance=negation_only[a.id])  # type: ignore[arg-type]
        out.append(a)
    return tuple(out)


def _referent(draft: Draft, resolver: Resolver, done: dict[int, Referent]) -> Referent:
    if draft.copy_of is not None and id(draft.copy_of) in done:
        return done[id(draft.copy_of)]
    if draft.continues is not None:
        return done.get(id(draft.continues), Referent(None, "person"))
    if draft.speaker is None:
        return Referent(None, "thing")
    start, end, head = draft.speaker
    ref = resolver.describe(head, start, end, sentence_text=head.sent.text)
    if draft.via_head is not None:
        via_start, via_end = phrase_bounds(draft.via_head)
        via = resolver.describe(draft.via_head, via_start, via_end)
        ref = Referent(ref.name, ref.kind, ref.plural, ref.anonymous, ref.affiliation, ref.entity_id,
                       via.name or head.doc[via_start:via_end].text, ref.head_lemma)
    if ref.name is not None:
        resolver.remember(head.i, ref)
    return ref


def _subject_positions(doc: Doc, skip: set[int]) -> list[Token]:
    out = []
    for sent in doc.sents:
        root = sent.root
        for child in root.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.i not in skip:
                out.append(child)
    return out


def _first_clause_root(doc: Doc, start: int, end: int) -> Token | None:
    """Root of the first sentence of a quotation ("Not one. Every clinic ..." -> the fragment's head)."""
    k = _token_at(doc, start)
    while k < len(doc) and (doc[k].is_quote or doc[k].is_space):
        k += 1
    if k >= len(doc) or doc[k].idx >= end:
        return None
    sent = doc[k].sent
    inside = [t for t in sent if start <= t.idx < end]
    heads = [t for t in inside if t.head.i == t.i or not start <= t.head.idx < end]
    return heads[0] if heads else None


def _opens_with_negation(root: Token | None, start: int) -> bool:
    """ "Not one.", "No.", "Never.": a quotation that opens by saying no."""
    if root is None:
        return False
    first = next((t for t in root.sent if t.idx >= start and not t.is_quote and not t.is_space), None)
    return first is not None and first.lower_ in _NEGATION_OPENERS


def _negated_root(root: Token | None) -> bool:
    if root is None:
        return False
    if any(c.dep_ == "neg" for c in root.children):
        return True
    subjects = [c for c in root.children if "subj" in c.dep_]
    return any(d.dep_ == "det" and d.lower_ in ("no", "none") for c in subjects for d in c.children)


def _when(cue: Token | None, published: str | None) -> str | None:
    """ISO date of the statement when the cue says 'on <weekday>' and the publication date is known."""
    if cue is None or not published:
        return None
    for prep in cue.children:
        if prep.dep_ == "prep" and prep.lower_ == "on":
            for obj in prep.children:
                if date := statement_date(published, obj.lower_):
                    return date
    return None
