"""Our labelled real-news events set (``eval/events``): read it and check it against the texts.

The set is standoff (``docs/annotation/events.md``): ``events.jsonl`` holds one event a line,
``{"text","start","end","type","actor":[s,e]|null,"target":[s,e]|null,"factuality","half","sha1"}``,
with code-point offsets into ``<texts>/<text>``; ``events-docs.jsonl`` lists every labelled article
with its half and its number of events (some have none). ``sha1`` is the first 8 hex digits of the
SHA-1 of the trigger's UTF-8 bytes, so a text that changed under the labels is caught here.

:func:`load_events_set` checks every line (fields, types, halves, spans inside the text, the
checksum, the per-article counts) and raises :class:`EventsSetError` with one line naming the file
and line of the first problem.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsgraph.datafiles import plover_types

EVENTS_FILE = "events.jsonl"
DOCS_FILE = "events-docs.jsonl"
HALVES = ("tune", "check")
# The guideline's factuality values (docs/annotation/events.md, "Factuality").
FACTUALITY = ("asserted", "negated", "hypothetical", "intended", "attempted", "reported")
Range = tuple[int, int]


class EventsSetError(ValueError):
    """A problem with the labelled set; the message is one line naming the file and line."""


@dataclass(frozen=True)
class GoldEvent:
    text: str  # the article's file name
    start: int
    end: int
    type: str
    actor: Range | None
    target: Range | None
    factuality: str
    half: str
    line: int  # 1-based line in events.jsonl


@dataclass(frozen=True)
class GoldDoc:
    text: str  # file name under the texts folder
    half: str
    events: tuple[GoldEvent, ...] = ()


def trigger_sha1(text: str, start: int, end: int) -> str:
    """First 8 hex digits of the SHA-1 of ``text[start:end]`` as UTF-8."""
    return hashlib.sha1(text[start:end].encode("utf-8")).hexdigest()[:8]


def _rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    if not path.is_file():
        raise EventsSetError(f"{path}: no such file")
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EventsSetError(f"{path} line {n}: not JSON ({exc.msg})") from None
        if not isinstance(row, dict):
            raise EventsSetError(f"{path} line {n}: not a JSON object")
        out.append((n, row))
    return out


def _range(value: Any, where: str, name: str, length: int | None) -> Range | None:
    if value is None:
        return None
    if (not isinstance(value, list) or len(value) != 2 or not all(type(v) is int for v in value)
            or not 0 <= value[0] < value[1] or (length is not None and value[1] > length)):
        raise EventsSetError(f"{where}: {name} {value!r} is not a [start, end] span inside the text")
    return (value[0], value[1])


def _event(row: dict[str, Any], where: str, line: int, texts: dict[str, str] | None) -> GoldEvent:
    missing = [k for k in ("text", "start", "end", "type", "actor", "target", "factuality", "half", "sha1")
               if k not in row]
    if missing:
        raise EventsSetError(f"{where}: missing {', '.join(missing)}")
    if row["type"] not in plover_types():
        raise EventsSetError(f"{where}: type {row['type']!r} is not a PLOVER type")
    if row["factuality"] not in FACTUALITY:
        raise EventsSetError(f"{where}: factuality {row['factuality']!r} is not one of {', '.join(FACTUALITY)}")
    if row["half"] not in HALVES:
        raise EventsSetError(f"{where}: half {row['half']!r} is not tune or check")
    text = texts.get(row["text"]) if texts is not None else None
    length = len(text) if text is not None else None
    trigger = _range([row["start"], row["end"]], where, "trigger", length)
    assert trigger is not None
    if text is not None and trigger_sha1(text, *trigger) != row["sha1"]:
        raise EventsSetError(f"{where}: trigger {trigger[0]}-{trigger[1]} of {row['text']} has sha1 "
                             f"{trigger_sha1(text, *trigger)}, labelled {row['sha1']}: the text or the offsets changed")
    return GoldEvent(row["text"], trigger[0], trigger[1], row["type"], _range(row["actor"], where, "actor", length),
                     _range(row["target"], where, "target", length), row["factuality"], row["half"], line)


def load_events_set(set_dir: Path, texts_dir: Path | None = None) -> list[GoldDoc]:
    """The labelled articles with their events, in ``events-docs.jsonl`` order, every line checked.

    With ``texts_dir`` each article's text is read and every span and checksum is checked against it;
    without, only the files' own consistency is.
    """
    set_dir = Path(set_dir)
    docs_path, events_path = set_dir / DOCS_FILE, set_dir / EVENTS_FILE
    docs: dict[str, dict[str, Any]] = {}
    texts: dict[str, str] | None = {} if texts_dir is not None else None
    for n, row in _rows(docs_path):
        where = f"{docs_path} line {n}"
        if not isinstance(row.get("text"), str) or row.get("half") not in HALVES or type(row.get("events")) is not int:
            raise EventsSetError(f"{where}: needs text, half (tune or check) and events (a count)")
        if row["text"] in docs:
            raise EventsSetError(f"{where}: {row['text']} is listed twice")
        docs[row["text"]] = {"half": row["half"], "count": row["events"], "events": [], "line": n}
        if texts is not None:
            path = Path(texts_dir) / row["text"]  # type: ignore[arg-type]
            if not path.is_file():
                raise EventsSetError(f"{where}: text {path} not found")
            texts[row["text"]] = path.read_text(encoding="utf-8")
    for n, row in _rows(events_path):
        where = f"{events_path} line {n}"
        doc = docs.get(row.get("text"))  # type: ignore[arg-type]
        if doc is None:
            raise EventsSetError(f"{where}: article {row.get('text')!r} is not in {DOCS_FILE}")
        event = _event(row, where, n, texts)
        if event.half != doc["half"]:
            raise EventsSetError(f"{where}: half {event.half} but {DOCS_FILE} puts {event.text} in {doc['half']}")
        doc["events"].append(event)
    for name, doc in docs.items():
        if len(doc["events"]) != doc["count"]:
            raise EventsSetError(f"{docs_path} line {doc['line']}: {name} should have {doc['count']} events, "
                                 f"{EVENTS_FILE} has {len(doc['events'])}")
    return [GoldDoc(name, doc["half"], tuple(doc["events"])) for name, doc in docs.items()]
