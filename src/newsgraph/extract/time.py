"""When did it happen? Date expressions resolved against the publication date.

Our own small rules cover what news text mostly uses and what dateparser gets wrong
(weekdays, bare months, "late May", "a week before <another event>"); dateparser reads only
explicit calendar dates. A weekday in a past-tense clause is the most recent such day on or
before publication; in a future clause, the next one after it. A bare month is the most recent
such month not after publication.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from spacy.tokens import Doc

from newsgraph.model import Article, When, replace
from newsgraph.words import MONTH_NAMES, NUMBERS, VAGUE_NUMBERS, WEEKDAYS, months_regex, weekdays_regex

NUMBER_WORDS = {**NUMBERS, **VAGUE_NUMBERS}
UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
FUTURE_AUX = {"will", "shall", "'ll"}

_MONTH = months_regex()
_WEEKDAY = weekdays_regex()
_PART = r"(?:early|mid|late|the end of|the beginning of|the start of|the middle of)"
_NUM = r"(?:\d+|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    ("full", re.compile(rf"\b(?:{_WEEKDAY},?\s+)?(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}})\b")),
    ("month_day", re.compile(rf"\b(?:on\s+)?(?:{_WEEKDAY},?\s+)?(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH})\b(?!,?\s+\d{{4}})")),
    ("relative", re.compile(rf"\b(?:{_NUM}\s+(?:day|week|month|year)s?)\s+(?:before|after|earlier|later|ago)\b", re.I)),
    ("part_month", re.compile(rf"\b(?:in\s+)?{_PART}[- ]\s*{_MONTH}(?:\s+\d{{4}})?\b", re.I)),
    ("month_year", re.compile(rf"\b(?:in\s+)?{_MONTH}\s+(?:of\s+)?\d{{4}}\b")),
    ("month", re.compile(rf"\b(?:in|since|until|by|during|last|next|this|early|late)\s+{_MONTH}\b(?!\s+\d)")),
    ("weekday", re.compile(rf"\b(?:(?:on|last|next|this|since|until|by)\s+)?{_WEEKDAY}\b(?:\s+(?:morning|afternoon|evening|night))?")),
    ("deictic", re.compile(r"\b(?:today|yesterday|tomorrow|(?:last|this|next)\s+(?:week|month|year))\b", re.I)),
    ("year", re.compile(r"\b(?:in|since|until|by|during)\s+((?:19|20)\d{2})\b")),
]
PATTERN = dict(PATTERNS)


def resolve_dates(text: str, doc: Doc | None, published: str | None) -> list[When]:
    """Every date expression in ``text`` with its ISO date (``None`` when it cannot be placed)."""
    base = _parse_iso(published)
    found: list[tuple[int, int, str]] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e, _ in found):
                continue
            if kind == "month" and _is_modal_may(m, doc):
                continue
            found.append((m.start(), m.end(), kind))
    found.sort()
    out: list[When] = []
    for start, end, kind in found:
        expr = text[start:end]
        future = _is_future(doc, start, end)
        narrative = kind == "deictic" and text[max(0, start - 4):start].lower() == "the "
        try:
            if narrative:  # "the next year": the year after the story's last date, not after publication
                date, precision = _resolve(kind, expr, _parse_partial(_last_date(out) or ""), future)
            else:
                date, precision = _resolve(kind, expr, base, future)
        except (OverflowError, ValueError):  # past the calendar's edge (year 1 or 9999): not placed
            date, precision = None, None
        when = When(text=expr, date=date, precision=precision, start=start, end=end)
        if kind == "relative":
            try:
                when = _resolve_relative(text, doc, when, out, base, future)
            except (OverflowError, ValueError):
                pass
        elif kind in ("month", "part_month", "month_year", "weekday"):
            when = _widen_to_since_clause(text, doc, when)
        if kind in WORKED_OUT and not future and _after(when.date, base):
            when = replace(when, date=None)  # worked out past publication, in a past clause: not placed
        out.append(when)
    return out


# Dates worked out from the publication date or another date (not written out in full): in a clause
# that is not about the future, such a date after publication is a misreading, never a fact.
WORKED_OUT = frozenset({"relative", "deictic", "weekday", "month", "part_month", "month_day"})


def _after(date: str | None, base: dt.date | None) -> bool:
    """Does the period ``date`` names ('2031', '2031-04', '2031-04-02') begin after ``base``?"""
    if not date or base is None:
        return False
    parts = (date.split("-") + ["01", "01"])[:3]
    try:
        return dt.date(*map(int, parts)) > base
    except ValueError:
        return False


def _last_date(found: Sequence[When]) -> str | None:
    return next((w.date for w in reversed(found) if w.date), None)


def _resolve(kind: str, expr: str, base: dt.date | None, future: bool) -> tuple[str | None, str | None]:
    low = expr.lower()
    if kind == "iso":
        return expr, "day"
    if kind == "full":
        day = _explicit_date(expr)
        return (day.isoformat() if day else None), "day"
    if kind == "month_day":
        month = _month_in(low)
        day_num = int(re.search(r"\d{1,2}", low).group(0))
        if base is None or month is None:
            return None, "day"
        year = base.year if (month, day_num) <= (base.month, base.day) or future else base.year - 1
        try:
            return dt.date(year, month, day_num).isoformat(), "day"
        except ValueError:
            return None, "day"
    if kind in ("month", "part_month", "month_year"):
        month = _month_in(low)
        year_m = re.search(r"\d{4}", low)
        if month is None:
            return None, "month"
        if year_m:
            return f"{year_m.group(0)}-{month:02d}", "month"
        if base is None:
            return None, "month"
        if low.startswith("next") or (future and month > base.month):
            year = base.year if month > base.month else base.year + 1
        else:
            year = base.year if month <= base.month else base.year - 1
        return f"{year}-{month:02d}", "month"
    if kind == "weekday":
        wd = next(i for i, d in enumerate(WEEKDAYS) if d in low)
        if base is None:
            return None, "day"
        if low.startswith("next") or (future and not low.startswith("last")):
            return weekday_date(base, wd, after=True), "day"
        return weekday_date(base, wd, strictly=low.startswith("last")), "day"
    if kind == "deictic":
        if base is None:
            return None, "day"
        if low in ("today", "yesterday", "tomorrow"):
            shift = {"today": 0, "yesterday": -1, "tomorrow": 1}[low]
            return (base + dt.timedelta(days=shift)).isoformat(), "day"
        step = {"last": -1, "this": 0, "next": 1}[low.split()[0]]
        unit = low.split()[1]
        if unit == "year":
            return str(base.year + step), "year"
        if unit == "month":
            y, m = divmod(base.year * 12 + base.month - 1 + step, 12)
            return f"{y}-{m + 1:02d}", "month"
        return (base + dt.timedelta(weeks=step)).isoformat(), "week"
    if kind == "year":
        return re.search(r"\d{4}", expr).group(0), "year"
    if kind == "relative":
        if base is None or not re.search(r"\bago\b", low):
            return None, _relative_precision(low)
        return _shift(base, -_relative_days(low), _relative_precision(low)), _relative_precision(low)
    return None, None


def _resolve_relative(text: str, doc: Doc | None, when: When, earlier: Sequence[When],
                      base: dt.date | None, future: bool = False) -> When:
    """'a week before his talks with Putin': shift the date of the event the anchor names.

    The anchor is the phrase after before/after up to the clause end; its date is the last
    earlier date expression in a sentence sharing a proper name with the anchor.
    """
    low = when.text.lower()
    if "ago" in low:
        return when
    anchor_m = re.match(r"[^,.;]*", text[when.end:])
    anchor = anchor_m.group(0) if anchor_m else ""
    full_end = when.end + len(anchor)
    sign = -1 if re.search(r"\b(before|earlier)\b", low) else 1
    days = _relative_days(low)
    precision = _relative_precision(low)
    anchor_when = _anchor_date(text, doc, anchor, earlier, when.start)
    if anchor_when is None and re.search(r"\blater\b", low) and not future:
        # "13 years later": later than the story's last date, not than publication
        anchor_when = next((w for w in reversed(earlier) if w.date), None)
    elif anchor_when is None and re.search(r"\b(earlier|later)\b", low) and base is not None:
        anchor_when = When(text="", date=base.isoformat(), precision="day")
    date = None
    if anchor_when is not None and anchor_when.date:
        precision = _coarser(precision, anchor_when.precision or "day")
        date = _shift(_parse_partial(anchor_when.date), sign * days, precision)
    span_text = text[when.start:full_end].rstrip()
    return When(text=span_text, date=date, precision=precision, start=when.start,
                end=when.start + len(span_text))


def _anchor_date(text: str, doc: Doc | None, anchor: str, earlier: Sequence[When], before: int) -> When | None:
    inline = [w for w in earlier if w.start is not None and w.start >= before and w.date]
    if inline:
        return inline[0]
    names = set(re.findall(r"\b[A-Z][\w'-]+", anchor))
    if not names or doc is None:
        return None
    best = None
    for w in earlier:
        if w.start is None or w.start >= before or not w.date:
            continue
        sent = doc.char_span(w.start, w.end, alignment_mode="expand")
        if sent is None:
            continue
        sentence_text = sent.sent.text
        if any(re.search(rf"\b{re.escape(n)}\b", sentence_text) for n in names):
            best = w
    return best


def _widen_to_since_clause(text: str, doc: Doc | None, when: When) -> When:
    """'since it began work in late May': the date belongs to the whole since-clause."""
    if doc is None or when.start is None:
        return when
    span = doc.char_span(when.start, when.end, alignment_mode="expand")
    if span is None:
        return when
    tok = span.root
    for anc in tok.ancestors:
        marks = [c for c in anc.children if c.dep_ == "mark" and c.lower_ in ("since", "until", "after", "before", "when")]
        if marks and anc.dep_ in ("advcl",):
            start = min(marks[0].idx, when.start)
            if when.start - start > 80:
                return when
            return When(text=text[start:when.end], date=when.date, precision=when.precision,
                        start=start, end=when.end)
        if anc.pos_ == "VERB":
            break
    return when


def _is_modal_may(m: re.Match[str], doc: Doc | None) -> bool:
    """'May' the month vs 'may' the verb: only a capitalised May that is not a modal counts."""
    word = m.group(0).split()[-1]
    if word.lower() != "may":
        return False
    if word != "May":
        return True
    if doc is not None:
        span = doc.char_span(m.end() - 3, m.end())
        if span is not None and span[0].tag_ == "MD":
            return True
    return False


def _is_future(doc: Doc | None, start: int, end: int) -> bool:
    if doc is None:
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    for anc in span.root.ancestors:
        if anc.pos_ in ("VERB", "AUX"):
            if any(c.lower_ == "would" for c in anc.children) and _reported(anc):
                return True  # "said they would strike on Monday": a reported "will"
            return any(c.lower_ in FUTURE_AUX for c in anc.children) or anc.tag_ == "VB" and any(
                c.lower_ == "to" for c in anc.children)
    return False


def _reported(verb) -> bool:
    """Is this verb inside what someone said ('said [they would ...]')?"""
    while verb.dep_ in ("conj", "xcomp", "advcl") and verb.head != verb:
        verb = verb.head
    return verb.dep_ == "ccomp"


def _explicit_date(expr: str) -> dt.date | None:
    """The date a "full" expression names ("Tuesday, March 3rd, 2025", "3 March 2025").

    Those forms are read directly; dateparser (about 2 ms a call, a quarter of all extraction
    time on short articles) is asked only about anything else.
    """
    cleaned = re.sub(rf"^{_WEEKDAY},?\s+", "", expr.strip())
    year = re.search(r"\b\d{4}\b", cleaned)
    day = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b", cleaned)
    month = _month_in(cleaned.lower())
    if year and day and month and PATTERN["full"].fullmatch(cleaned):
        try:
            return dt.date(int(year.group(0)), month, int(day.group(1)))
        except ValueError:
            return None
    return _dateparser_date(cleaned)


def _dateparser_date(cleaned: str) -> dt.date | None:
    import dateparser

    parsed = dateparser.parse(cleaned, languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first",
                                                                    "REQUIRE_PARTS": ["day", "month", "year"]})
    return parsed.date() if parsed else None


def _month_in(low: str) -> int | None:
    for word in re.findall(r"[a-z]+", low):
        for i, name in enumerate(MONTH_NAMES):
            if len(word) >= 3 and name.startswith(word):
                return i + 1
    return None


def _relative_days(low: str) -> int:
    m = re.match(rf"({_NUM})\s+(day|week|month|year)", low)
    if not m:
        return 0
    n = int(m.group(1)) if m.group(1).isdigit() else NUMBER_WORDS[m.group(1)]
    return n * UNIT_DAYS[m.group(2)]


def _relative_precision(low: str) -> str:
    for unit, precision in (("day", "day"), ("week", "week"), ("month", "month"), ("year", "year")):
        if unit in low:
            return precision
    return "day"


_ORDER = ["day", "week", "month", "season", "year", "decade"]


def _coarser(a: str, b: str) -> str:
    return max(a, b, key=lambda p: _ORDER.index(p) if p in _ORDER else 0)


def _shift(day: dt.date | None, days: int, precision: str) -> str | None:
    if day is None:
        return None
    try:
        moved = day + dt.timedelta(days=days)
    except OverflowError:
        return None
    if precision == "year":
        return str(moved.year)
    if precision == "month":
        return f"{moved.year}-{moved.month:02d}"
    return moved.isoformat()


def weekday_date(base: dt.date, weekday: int, *, after: bool = False, strictly: bool = False) -> str | None:
    """The ISO date of a weekday (0 = Monday) named relative to ``base``: the most recent one on or
    before it (``strictly``: before it), or with ``after`` the next one after it. ``None`` past the
    calendar's edge."""
    if after:
        delta = (weekday - base.weekday()) % 7 or 7
    else:
        delta = -((base.weekday() - weekday) % 7 or (7 if strictly else 0))
    try:
        return (base + dt.timedelta(days=delta)).isoformat()
    except OverflowError:
        return None


def statement_date(published: str | None, weekday: str, *, future: bool = False) -> str | None:
    """When a statement 'on <weekday>' was made, given the publication date (ISO) of its article."""
    base = _parse_iso(published)
    name = weekday.lower()
    if base is None or name not in WEEKDAYS:
        return None
    return weekday_date(base, WEEKDAYS.index(name), after=future)


def _parse_iso(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _parse_partial(value: str) -> dt.date | None:
    """'2024-09' -> 15 Sept 2024 (mid-month, so a week's shift keeps the month); '2024' -> 1 July."""
    parts = value.split("-")
    try:
        if len(parts) == 1:
            return dt.date(int(parts[0]), 7, 1)
        if len(parts) == 2:
            return dt.date(int(parts[0]), int(parts[1]), 15)
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def infer_published(article: Article) -> tuple[str | None, bool]:
    """The publication date and whether it was inferred from the text.

    Without a given date, the latest dated caption (or explicit date in the body) is the
    earliest the story can be; a weekday the lead paragraph names ("said on Tuesday") moves it
    to the first such day on or after that date.
    """
    if article.published:
        return article.published, False
    anchors = [d for d in (_parse_iso(c.date) for c in article.captions) if d]
    if not anchors:
        for caption in article.captions:
            m = PATTERN["full"].search(caption.text)
            if m and (d := _explicit_date(m.group(0))):
                anchors.append(d)
    if not anchors:
        for m in PATTERN["full"].finditer(article.text):
            if d := _explicit_date(m.group(0)):
                anchors.append(d)
    if not anchors:
        return None, False
    base = max(anchors)
    lead = article.text.split("\n\n", 1)[0]
    weekday = PATTERN["weekday"].search(lead)
    if weekday and not re.match(r"(next|this)\b", weekday.group(0).lower()):
        wd = next(i for i, d in enumerate(WEEKDAYS) if d in weekday.group(0).lower())
        shifted = weekday_date(base, wd, after=True) if (wd - base.weekday()) % 7 else base.isoformat()
        return shifted or base.isoformat(), True
    return base.isoformat(), True
