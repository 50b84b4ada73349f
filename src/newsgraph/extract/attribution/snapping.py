"""Which quotation does a draft say? Contents snapped to quotation marks, and quotations no cue claimed.

A content that is a quotation is direct, one that holds a quotation mixed. A quotation no cue
claimed takes the cue right next to it ('," he said', 'he said: "', '" ― Name'), continues the
previous speaker's quotation, or is a copy of the previous speaker's in the same paragraph.
"""

from __future__ import annotations

import bisect
import heapq
import re

from spacy.tokens import Doc, Token

from newsgraph.extract.attribution.drafts import Draft, QuoteUnit, paragraph_of, token_at, trim
from newsgraph.extract.attribution.lexicon import CueVerb
from newsgraph.extract.attribution.quotes import QUOTE_MARKS, find_quotes


def quote_units(text: str, paragraphs: list[tuple[int, int]]) -> list[QuoteUnit]:
    units: list[QuoteUnit] = []
    for q in find_quotes(text, paragraphs):
        after = q.mark_end if q.mark_end >= 0 else q.end
        mark = q.mark_start if q.mark_start >= 0 else paragraphs[q.paragraph][0]
        units.append(QuoteUnit(q.start, q.end, q.paragraph, q.paragraph, mark, after, q.continued))
    return units


def snap_to_quotes(draft: Draft, units: list[QuoteUnit], text: str, ends: list[int] | None = None) -> None:
    """Direct when the content is the quotation; mixed when a quotation is part of it.

    ``ends``: the units' ends, when the units are in text order (the quotations a content
    overlaps are then found by bisect)."""
    s, e = draft.content
    cue_at = draft.cue_span[0] if draft.cue_span else -1
    if ends is None:
        near = units
    else:
        first = bisect.bisect_right(ends, s)
        last = first
        while last < len(units) and units[last].start < e:
            last += 1
        near = units[first:last]
    # A cue inside a quotation is nested speech: its content stays what the parse gives. A
    # transcript's '"WALLACE: ...' label opens the quotation it speaks.
    opening = [u for u in near if u.start <= cue_at < u.end]
    if opening and draft.cue_token is None and draft.verb is not None and draft.verb.lemma == ":" and (
            not text[opening[0].start : cue_at].strip(" ").count(" ")):
        opening[0].used = True
        draft.form = "direct"
        return
    draft.quoted = bool(opening)
    hits = [u for u in near if u.start < e and u.end > s and not u.start <= cue_at < u.end]
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
        draft.content = trim(text, *draft.content)
        draft.form = "direct"
        return
    start = min([s] + [u.mark_before for u in hits if u.mark_before < s])
    end = max([e] + [u.mark_after for u in hits if u.end >= e])
    draft.content = (start, end)
    draft.form = "mixed"


def clip_to_paragraph(draft: Draft, paragraph: tuple[int, int], text: str) -> None:
    """The parser may run a sentence over a paragraph break; content and speaker stay in the cue's paragraph."""
    start, end = paragraph
    s, e = draft.content
    if e > s:
        s, e = max(s, start), min(e, end)
        draft.content = trim(text, s, e) if e > s else (0, 0)
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


def _adjacent_cue(unit: QuoteUnit, bare: dict[int, Draft], doc: Doc, text: str, para_end: int) -> Draft | None:
    """A cue right after the quotation ('," he said') or right before it ('he said: "')."""
    k = token_at(doc, unit.end)
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
    k = token_at(doc, unit.mark_before)
    before = text[max(0, unit.mark_before - 3) : unit.mark_before].rstrip()
    if before.endswith((":", ",")):
        for tok in reversed(doc[max(0, k - 15) : k]):
            if tok.i in bare:
                return bare.pop(tok.i)
            if tok.text in ".!?" or tok.is_space:
                break
    return None


_DASHES = {"―", "—", "–", "-", "--"}
_INITIAL = re.compile(r"[A-Z]\.?")


def _dash_byline(doc: Doc, k: int, para_end: int) -> Draft | None:
    """'"...” ― Carla Sanchez': a quotation signed with a dash and a name."""
    while k < len(doc) and (doc[k].is_quote or doc[k].is_space) and doc[k].idx < para_end:
        k += 1
    if k >= len(doc) or doc[k].idx >= para_end:
        return None
    dash = doc[k].text.lstrip(QUOTE_MARKS)  # '”―' can come as one token
    if dash not in _DASHES:
        return None
    names: list[Token] = []
    for tok in doc[k + 1 : k + 8]:
        if tok.idx >= para_end or "\n" in tok.text:
            break
        if tok.is_space and not names:  # '― \xa0Anna Mirel': a no-break space after the dash
            continue
        if tok.pos_ != "PROPN" and not (names and _INITIAL.fullmatch(tok.text)):  # 'Anna K. Mirel'
            break
        names.append(tok)
    if not names:
        return None
    head = names[-1]
    draft = Draft(content=(0, 0), cue_token=doc[k], verb=CueVerb("―", "assert"))
    draft.cue_span = (doc[k].idx + len(doc[k]) - len(dash), doc[k].idx + len(doc[k]))
    draft.speaker = (names[0].i, head.i + 1, head)
    return draft


def attach_free_quotes(
    drafts: list[Draft],
    bare: dict[int, Draft],
    units: list[QuoteUnit],
    doc: Doc,
    paragraphs: list[tuple[int, int]],
    text: str,
) -> list[Draft]:
    out = list(drafts)
    ends = [end for _, end in paragraphs]
    before = _Earlier(out)
    for unit in units:
        if unit.used or not _standalone(unit, text, paragraphs):
            continue
        para_start, para_end = paragraphs[unit.last_paragraph]
        previous = before.latest(unit.start)
        if previous is not None and previous.form == "direct" and _same_sentence_pair(previous, unit, text):
            previous.content = (previous.content[0], trim(text, unit.start, unit.end)[1])
            before.moved(previous)
            unit.used = True
            continue
        cue = _adjacent_cue(unit, bare, doc, text, para_end)
        content = trim(text, unit.start, unit.end)
        if cue is None and unit.continued and previous is not None and previous.form == "direct":
            # a quotation carried over a paragraph break, with no cue of its own: the same statement
            if paragraph_of(previous.content[1] - 1, paragraphs, ends) == unit.first_paragraph - 1:
                previous.content = (previous.content[0], content[1])
                before.moved(previous)
                unit.used = True
                continue
        if cue is not None:
            cue.content, cue.form = content, "direct"
            before.add(cue)
            unit.used = True
            continue
        second = _split_by(unit, out, text)
        if second is not None:  # '"A," he told the host, "B."': A is the first half of the cue's quotation
            before.add(Draft(content, form="direct", copy_of=second))
            unit.used = True
            continue
        if previous is None or previous.form == "indirect" and previous.according:
            continue
        prev_paragraph = paragraph_of(previous.content[1] - 1, paragraphs, ends)
        if prev_paragraph == unit.first_paragraph:
            before.add(Draft(content, form="direct", copy_of=previous))
            unit.used = True
        elif text[paragraphs[unit.first_paragraph][0] : unit.mark_before].strip() == "" and (
            unit.first_paragraph - prev_paragraph <= 2
        ):
            before.add(Draft(content, form="direct", continues=previous))
            unit.used = True
    return out


class _Earlier:
    """The drafts so far, asked in text order for the one whose content ends last before a quotation
    (the first such on a tie): drafts wait in a heap by content end until a quotation starts after
    it, then stand in a heap by end, latest first. A draft whose content grows waits again."""

    def __init__(self, out: list[Draft]) -> None:
        self.out = out
        self.order = {id(d): n for n, d in enumerate(out)}
        # speech nested in a quotation ('"I think ...," she said, "..."') is no one to continue
        self.waiting = [(d.content[1], n) for n, d in enumerate(out) if not d.quoted]
        heapq.heapify(self.waiting)
        self.ready: list[tuple[int, int]] = []  # (-end, order)
        self.last_start = -1

    def add(self, draft: Draft) -> None:
        self.order[id(draft)] = len(self.out)
        self.out.append(draft)
        heapq.heappush(self.waiting, (draft.content[1], len(self.out) - 1))

    def moved(self, draft: Draft) -> None:
        heapq.heappush(self.waiting, (draft.content[1], self.order[id(draft)]))

    def latest(self, start: int) -> Draft | None:
        """The draft with content ending at or before ``start + 1`` and starting before ``start``,
        the latest end first (quotations come in text order; one out of order is looked for in full)."""
        if start < self.last_start:
            earlier = [d for d in self.out if d.content[1] <= start + 1 and d.position < start and not d.quoted]
            return max(earlier, key=lambda d: d.content[1]) if earlier else None
        self.last_start = start
        while self.waiting and self.waiting[0][0] <= start + 1:
            end, n = heapq.heappop(self.waiting)
            if self.out[n].content[1] == end:
                heapq.heappush(self.ready, (-end, n))
        passed: list[tuple[int, int]] = []
        found = None
        while self.ready:
            end, n = self.ready[0]
            draft = self.out[n]
            if draft.content[1] != -end:
                heapq.heappop(self.ready)  # it grew: it waits again under its new end
                continue
            if draft.position < start:
                found = draft
                break
            passed.append(heapq.heappop(self.ready))
        for item in passed:
            heapq.heappush(self.ready, item)
        return found


def _split_by(unit: QuoteUnit, drafts: list[Draft], text: str) -> Draft | None:
    """The draft whose cue right after ``unit`` ('"A," he told the host, "B."') has taken the second
    half of the quotation as its content: the gap holds the cue, no sentence end, and ends in a comma."""
    for draft in drafts:
        if draft.cue_span is None or draft.form != "direct" or draft.copy_of is not None:
            continue
        if not unit.mark_after <= draft.cue_span[0] < draft.content[0]:
            continue
        first = text[unit.start : unit.mark_after].rstrip(QUOTE_MARKS + " ")
        gap = text[unit.mark_after : draft.content[0]]
        if (first.endswith(",") or gap.lstrip().startswith(",")) and len(gap) <= 60 and gap.rstrip(QUOTE_MARKS + " ").endswith(",") \
                and not any(ch in ".!?" for ch in gap):
            return draft
    return None


def _same_sentence_pair(previous: Draft, unit: QuoteUnit, text: str) -> bool:
    """'"A," he said, "B."': the second half of a quotation split by its cue."""
    if previous.cue_span is None or not previous.content[1] <= previous.cue_span[0] < unit.start:
        return False
    gap = text[previous.content[1] : unit.mark_before]
    return len(gap) <= 60 and gap.rstrip().endswith(",") and "." not in gap.replace(".,", ",")

