"""Which drafts are statements of their own? Nested cues, "according to" inside content, duplicates.

A cue inside someone else's content is part of what that speaker says, unless it reports speech
itself (PolNeAR keeps the outermost attribution only); "according to X" inside another content
names a source inside it. Each check is one pass over drafts sorted by offset.
"""

from __future__ import annotations

import bisect
import heapq

from newsgraph.extract.attribution.drafts import Draft, trim


def nest_according(drafts: list[Draft]) -> list[Draft]:
    """ "according to X" inside someone else's content names a source inside it (nested_source).

    The host is the first draft (in list order) whose content holds the cue: a sweep over cue
    offsets in order, with the open hosts in a heap by list position."""
    points = sorted(
        (d.cue_span[0], n) for n, d in enumerate(drafts) if d.according and d.cue_span and d.speaker is not None
    )
    hosts = sorted((d.content[0], n) for n, d in enumerate(drafts) if not d.according)
    hosted: dict[int, int] = {}  # according draft -> its host
    open_hosts: list[tuple[int, int]] = []  # (list position, content end)
    k = 0
    for point, n in points:
        while k < len(hosts) and hosts[k][0] <= point:
            m = hosts[k][1]
            heapq.heappush(open_hosts, (m, drafts[m].content[1]))
            k += 1
        while open_hosts and open_hosts[0][1] <= point:
            heapq.heappop(open_hosts)  # ends before this cue, so before every later one
        if open_hosts:
            hosted[n] = open_hosts[0][0]
    for n in sorted(hosted):  # in list order: a host's last nested source stays
        start, end, head = drafts[n].speaker  # type: ignore[misc]
        drafts[hosted[n]].nested = head.doc[start:end].text
    return [d for n, d in enumerate(drafts) if n not in hosted]


def relay_according(drafts: list[Draft], documents: frozenset[str]) -> list[Draft]:
    """ "she told reporters ..., according to a statement": an "according to" a document (``documents``:
    statement nouns) whose content holds another speaker's cue does not take that statement over; the
    speaker keeps it, relayed through the document (``via``), and the "according to" draft goes. Cues
    found by bisect over sorted offsets."""
    cues = sorted((d.cue_span[0], n) for n, d in enumerate(drafts)
                  if not d.according and d.cue_span and d.speaker is not None and d.verb is not None)
    starts = [c for c, _ in cues]
    gone: set[int] = set()
    for n, d in enumerate(drafts):
        if not d.according or d.speaker is None or d.speaker[2].lemma_.lower() not in documents:
            continue
        k = bisect.bisect_left(starts, d.content[0])
        inner = [m for _, m in cues[k:bisect.bisect_left(starts, d.content[1])] if m not in gone]
        if inner:
            for m in inner:
                drafts[m].via_head = drafts[m].via_head or d.speaker[2]
            gone.add(n)
    return [d for n, d in enumerate(drafts) if n not in gone]


def drop_nested(drafts: list[Draft]) -> list[Draft]:
    """A cue inside someone else's content is part of what that speaker says ("reported that Russia
    was seeking to ...", a quotation that says "I think ..."), not a statement of its own; only a
    speech verb inside reported (not quoted) content stays: "said that the minister told him ...".

    How many contents hold a cue is counted by bisect over sorted starts and ends."""
    every = _Cover(drafts)
    quoted = _Cover([d for d in drafts if d.form != "indirect"])

    def nested(draft: Draft) -> bool:
        if draft.verb is None or draft.cue_span is None:
            return False
        at = draft.cue_span[0]
        own = draft.content[0] <= at < draft.content[1]
        if draft.verb.weak or not _reported_speech(draft):
            return every.count(at) - own > 0
        return quoted.count(at) - (own and draft.form != "indirect") > 0

    return [d for d in drafts if not nested(d)]


class _Cover:
    """How many of some drafts' contents hold an offset."""

    def __init__(self, drafts: list[Draft]) -> None:
        self.starts = sorted(d.content[0] for d in drafts)
        self.ends = sorted(d.content[1] for d in drafts)

    def count(self, at: int) -> int:
        return bisect.bisect_right(self.starts, at) - bisect.bisect_right(self.ends, at)


def nest_hearsay(drafts: list[Draft]) -> list[Draft]:
    """ "Ilves said her brother told her that the mine would close": a speech cue inside someone's
    reported (indirect) content is a statement of its own, relayed by the outer speaker (``via``);
    the outer one names it as its nested source. The innermost holder is found by a sweep over
    cue offsets, the open holders in a heap by latest start."""
    inner = sorted((d.cue_span[0], n) for n, d in enumerate(drafts)
                   if d.cue_span and d.speaker is not None and d.verb is not None and _reported_speech(d))
    outer = sorted((d.content[0], n) for n, d in enumerate(drafts) if d.form == "indirect" and d.cue_span)
    holders: list[tuple[int, int]] = []  # (-content start, draft)
    k = 0
    for at, n in inner:
        while k < len(outer) and outer[k][0] <= at:
            heapq.heappush(holders, (-outer[k][0], outer[k][1]))
            k += 1
        while holders and drafts[holders[0][1]].content[1] <= at:
            heapq.heappop(holders)  # ended before this cue, so before every later one
        if not holders or holders[0][1] == n:
            continue
        host = drafts[holders[0][1]]
        drafts[n].relayed_by = host
        if host.nested is None:
            start, end, head = drafts[n].speaker  # type: ignore[misc]
            host.nested = head.doc[start:end].text
    return drafts


def _reported_speech(draft: Draft) -> bool:
    """A cue whose content is a clause ("told him that ..."), not an act on a thing ("rejected a proposal")."""
    root = draft.content_root
    return root is not None and root.dep_ == "ccomp"


def cut_relative_counters(drafts: list[Draft], text: str) -> list[Draft]:
    """ "blamed X for the fire, which X denies": the blame ends where the relative clause begins
    (the first such clause inside it, found by bisect)."""
    starts = sorted(
        [d.content[0] for d in drafts if text[d.content[0] : d.content[0] + 6].lower().startswith(("which ", "who "))]
        + [d.relative_at for d in drafts if d.relative_at >= 0]  # "the storm, which it said had sunk ..."
    )
    for outer in drafts:
        if outer.form != "indirect":
            continue
        k = bisect.bisect_right(starts, outer.content[0])
        if k < len(starts) and starts[k] < outer.content[1]:
            outer.content = trim(text, outer.content[0], starts[k])
    return drafts


def dedupe(drafts: list[Draft]) -> list[Draft]:
    seen: set[tuple[int, int]] = set()
    out = []
    for draft in drafts:
        if draft.content in seen or draft.content[1] - draft.content[0] < 2:
            continue
        seen.add(draft.content)
        out.append(draft)
    return out

