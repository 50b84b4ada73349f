"""What articles does a JSON Lines file hold? One object a line: ``text`` or ``html`` plus metadata.

Recognised fields: ``text`` or ``html`` (one is required), and optional ``title``, ``url``,
``published``, ``outlet``. A broken line yields an ``InputProblem`` naming ``file:LINE``;
the other lines still yield their articles.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from newsgraph.ingest.decode import fix_text
from newsgraph.ingest.html import read_html
from newsgraph.model import PARAGRAPH_SEPARATOR, InputProblem, RawDocument, replace

_META = ("title", "url", "published", "outlet")


def read_jsonl(text: str, source: str) -> Iterator[RawDocument | InputProblem]:
    # records end at "\n" only: str.splitlines() also breaks at U+2028, form feeds and the like,
    # which a JSON string may hold raw, and would cut such a record in two (old Mac files: "\r")
    for number, line in enumerate(text.split("\n" if "\n" in text or "\r" not in text else "\r"), start=1):
        if line.strip():
            try:
                yield read_line(line, f"{source}:{number}")
            except Exception as err:  # one bad record must not lose the lines after it
                yield InputProblem(f"{source}:{number}", f"unexpected error while reading ({type(err).__name__}: {err})")


def read_line(line: str, source: str) -> RawDocument | InputProblem:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        return InputProblem(source, f"invalid JSON ({err.msg} at column {err.colno})")
    except RecursionError:
        return InputProblem(source, "invalid JSON (nested too deeply)")
    except ValueError as err:  # e.g. an integer longer than Python converts (4,300 digits)
        return InputProblem(source, f"invalid JSON ({str(err).split(':')[0]})")
    if not isinstance(record, dict):
        return InputProblem(source, f"expected a JSON object, got {type(record).__name__}")
    meta = {k: v for k in _META if isinstance(record.get(k), (str, int, float)) and (v := _one_line(record[k]))}
    if isinstance(record.get("text"), str) and record["text"].strip():
        paragraphs = text_paragraphs(fix_text(record["text"]))
        return RawDocument(source=source, text=PARAGRAPH_SEPARATOR.join(paragraphs), kind="article",
                           paragraphs=paragraphs, **meta)
    if isinstance(record.get("html"), str) and record["html"].strip():
        doc = read_html(record["html"], source)
        return replace(doc, **meta) if isinstance(doc, RawDocument) else doc
    return InputProblem(source, "no non-empty 'text' or 'html' field")


def _one_line(value: str | int | float) -> str:
    """A metadata value as one clean line: control characters and terminal escapes removed."""
    return " ".join(fix_text(str(value)).split())


def text_paragraphs(text: str) -> tuple[str, ...]:
    """Paragraphs of a plain body: blank lines separate them, or single newlines when there are none."""
    splitter = r"\n\s*\n" if re.search(r"\n\s*\n", text) else r"\n"
    return tuple(p for p in (" ".join(x.split()) for x in re.split(splitter, text)) if p)
