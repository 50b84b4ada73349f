"""How a record is kept without copying the article's text: the text once, everything else by offsets.

``articles.text`` is the one copy of an article's body (the full-text index refers to it). The
record JSON in ``articles.record`` (``pack_article``) leaves out what the row's columns hold (id,
source file, headline, outlet, url, published, duplicate_of, text), keeps each paragraph as its
``[start, end]`` in the text, and drops the ``text`` of every span (mention, quote, cue, speaker,
event, date) that is exactly ``text[start:end]``. ``unpack_article`` puts all of it back, so the
record read is the record written. A record from before (a whole Article JSON, with ``id``) is
read as it is.

A story's timeline copies each quote (speaker, stance, via, what was said) and its article's
date, outlet and headline; ``pack_timeline`` keeps an entry as ``[article_id, attribution_id]``
when the stored rows give it back exactly, and ``unpack_story`` rebuilds it from them.
"""

from __future__ import annotations

import json
from typing import Any, Iterable

from newsgraph.model import Article, Story

# the fields an articles row keeps in columns of its own (and so the record JSON leaves out)
COLUMN_FIELDS = ("id", "source_file", "headline", "outlet", "url", "published", "duplicate_of", "text")
ARTICLE_SOURCE = ", ".join(COLUMN_FIELDS)  # what a query selects beside ``record`` to read an article back
TIMELINE_FIELDS = ("article_id", "date", "outlet", "headline", "attribution_id", "speaker", "stance", "via", "text")
_SPANNED = ("entities", "attributions", "events")  # the record fields holding spans of the text


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def pack_article(a: Article) -> str:
    """The record JSON kept beside the row's columns (see the module docstring)."""
    d = a.to_dict()
    text = d["text"]
    for name in COLUMN_FIELDS:
        del d[name]
    d["paragraphs"] = _paragraph_offsets(text, d["paragraphs"])
    for name in _SPANNED:
        _drop_span_texts(d[name], text)
    return dumps(d)


def unpack_article(record: str | dict[str, Any], columns: Any) -> Article:
    """The Article from its record JSON and its row's columns (readable by name: ``columns["text"]``)."""
    d = json.loads(record) if isinstance(record, str) else record
    if "id" in d:  # a whole record, as stored before version 10
        return Article.from_dict(d)
    text = columns["text"]
    for name in COLUMN_FIELDS:
        d[name] = columns[name]
    d["paragraphs"] = [text[p[0]:p[1]] if isinstance(p, list) else p for p in d.get("paragraphs", ())]
    for name in _SPANNED:
        _restore_span_texts(d.get(name, ()), text)
    return Article.from_dict(d)


def _paragraph_offsets(text: str, paragraphs: list[str]) -> list[Any]:
    """Each paragraph as [start, end] where it is found in order in the text, else as its own string."""
    out: list[Any] = []
    pos = 0
    for p in paragraphs:
        at = text.find(p, pos) if p else -1
        if at < 0:
            out.append(p)
            continue
        out.append([at, at + len(p)])
        pos = at + len(p)
    return out


def _is_span(d: dict[str, Any]) -> bool:
    start, end = d.get("start"), d.get("end")
    return type(start) is int and type(end) is int and 0 <= start <= end


def _drop_span_texts(value: Any, text: str) -> None:
    if isinstance(value, list):
        for item in value:
            _drop_span_texts(item, text)
    elif isinstance(value, dict):
        if _is_span(value) and isinstance(value.get("text"), str) and value["end"] <= len(text) \
                and text[value["start"]:value["end"]] == value["text"]:
            del value["text"]
        for item in value.values():
            if isinstance(item, (list, dict)):
                _drop_span_texts(item, text)


def _restore_span_texts(value: Any, text: str) -> None:
    if isinstance(value, list):
        for item in value:
            _restore_span_texts(item, text)
    elif isinstance(value, dict):
        if "text" not in value and _is_span(value):
            value["text"] = text[value["start"]:value["end"]]
        for item in value.values():
            if isinstance(item, (list, dict)):
                _restore_span_texts(item, text)


# --- story timelines ----------------------------------------------------------------

QUOTE_SOURCE = (
    "SELECT a.id AS article_id, a.published AS date, a.outlet AS outlet, a.headline AS headline, "
    "q.attribution_id AS attribution_id, q.speaker_resolved AS speaker_resolved, q.speaker_text AS speaker_text, "
    "q.stance AS stance, q.via AS via, q.content_text AS text FROM articles a LEFT JOIN attributions q "
    "ON q.article_id = a.id WHERE a.id IN ({marks}) ORDER BY a.pk, q.pk"
)


def timeline_entries(rows: Iterable[Any]) -> dict[tuple[str, str | None], dict[str, Any]]:
    """The timeline entry each stored (article, attribution) gives, keyed by the two ids; an article's
    own entry (no quote) under ``(article_id, None)``. Rows as ``QUOTE_SOURCE`` selects them."""
    out: dict[tuple[str, str | None], dict[str, Any]] = {}
    for r in rows:
        aid = r["article_id"]
        out.setdefault((aid, None), {"article_id": aid, "date": r["date"], "outlet": r["outlet"],
                                     "headline": r["headline"], "attribution_id": None, "speaker": None,
                                     "stance": None, "via": None, "text": None})
        qid = r["attribution_id"]
        if qid is not None and (aid, qid) not in out:
            out[(aid, qid)] = {**out[(aid, None)], "attribution_id": qid,
                               "speaker": r["speaker_resolved"] or r["speaker_text"], "stance": r["stance"],
                               "via": r["via"], "text": r["text"]}
    return out


def pack_timeline(story: Story, stored: dict[tuple[str, str | None], dict[str, Any]]) -> str:
    """The story record JSON, each timeline entry the stored rows give back exactly kept as its two ids."""
    d = story.to_dict()
    d["timeline"] = [[e["article_id"], e["attribution_id"]]
                     if stored.get((e["article_id"], e["attribution_id"])) == e else e for e in d["timeline"]]
    return dumps(d)


def timeline_refs(records: Iterable[dict[str, Any]]) -> set[str]:
    """The article ids the packed timelines of these story records refer to."""
    return {e[0] for d in records for e in d.get("timeline", ()) if isinstance(e, list)}


def unpack_story(d: dict[str, Any], stored: dict[tuple[str, str | None], dict[str, Any]]) -> Story:
    """The Story from its record (parsed) and the stored entries its references name; a reference
    whose quote is no longer stored (its article was updated since the pass) keeps only the two ids."""
    d["timeline"] = [
        (stored.get((e[0], e[1])) or {"article_id": e[0], "attribution_id": e[1]}) if isinstance(e, list) else e
        for e in d.get("timeline", ())
    ]
    return Story.from_dict(d)
