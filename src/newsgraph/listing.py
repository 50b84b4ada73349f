"""How the query commands (``quotes``, ``events``, ``entities``, ``search``) print what they found:
a table for people, or JSON, JSON lines or CSV for programs — the same records either way.

A record is a store row (a frozen dataclass); JSON keeps its fields as they are, CSV flattens
tuples to ``a; b`` text. The table shows a few chosen columns, every input-derived string escaped.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import sys
from pathlib import Path
from typing import Any, Callable, Sequence

from rich.console import Console
from rich.table import Table

from newsgraph.terminal import escape, json_text

LIST_FORMATS = ("table", "json", "jsonl", "csv")
FLEXIBLE = {"said", "text", "snippet", "also called"}
NO_WRAP = {"stance", "outlet", "published", "article", "date", "type", "id", "canonical id", "articles", "mentions"}


def record(row: Any) -> dict[str, Any]:
    return {f.name: getattr(row, f.name) for f in dataclasses.fields(row)}


def _json_ready(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return "; ".join(str(v) for v in value)
    return str(value)


def print_rows(rows: Sequence[Any], fmt: str, out: Console, columns: dict[str, Callable[[Any], str]],
               empty: str = "no match") -> None:
    """``rows`` as ``fmt``; for a table, ``columns`` maps each heading to the text of a row's cell."""
    if fmt == "table":
        if not rows:
            out.print(empty)
            return
        table = Table()
        for heading in columns:
            if heading in FLEXIBLE:  # long text takes what is left, the other columns their full width
                table.add_column(heading, ratio=1, min_width=20)
            else:
                table.add_column(heading, no_wrap=heading in NO_WRAP, overflow="ellipsis" if heading in NO_WRAP else "fold")
        for r in rows:
            table.add_row(*(escape(cell(r)) for cell in columns.values()))
        out.print(table)
        return
    records = [record(r) for r in rows]
    if fmt == "json":
        sys.stdout.write(json_text(json.dumps([{k: _json_ready(v) for k, v in r.items()} for r in records],
                                              ensure_ascii=False, indent=2)) + "\n")
    elif fmt == "jsonl":
        for r in records:
            sys.stdout.write(json_text(json.dumps({k: _json_ready(v) for k, v in r.items()}, ensure_ascii=False)) + "\n")
    else:  # csv
        names = [f.name for f in dataclasses.fields(rows[0])] if rows else []
        writer = csv.writer(sys.stdout, lineterminator="\n")
        if names:
            writer.writerow(names)
        for r in records:
            writer.writerow([_csv_cell(r[n]) for n in names])


def who(q: Any) -> str:
    """The speaker as resolved, with the words of the text when they differ ("Piet Lindqvist (He)")."""
    resolved, written = q.resolved, q.speaker
    if resolved and written and resolved.lower() != written.lower() and resolved.lower() not in written.lower():
        return f"{resolved} ({written})"
    return resolved or written or "-"


QUOTE_COLUMNS: dict[str, Callable[[Any], str]] = {
    "speaker": who,
    "stance": lambda q: q.stance,
    "said": lambda q: q.content[:160],
    "outlet": lambda q: q.outlet or "-",
    "published": lambda q: q.published or "-",
    "article": lambda q: q.article_id[:12],
}

ENTITY_COLUMNS: dict[str, Callable[[Any], str]] = {
    "canonical id": lambda e: e.canonical_id,
    "name": lambda e: e.name,
    "type": lambda e: e.type,
    "articles": lambda e: str(e.articles),
    "mentions": lambda e: str(e.mentions),
    "also called": lambda e: ", ".join(e.aliases[:4]),
    "roles": lambda e: ", ".join(e.roles[:3]),
}

SEARCH_COLUMNS: dict[str, Callable[[Any], str]] = {
    "id": lambda h: h.article_id[:12],
    "headline": lambda h: h.headline or "",
    "outlet": lambda h: h.outlet or "-",
    "published": lambda h: h.published or "-",
    "snippet": lambda h: h.snippet,
}


def _event_kind(v: Any) -> str:
    shown = getattr(v, "factuality", "negated" if v.negated else "asserted")
    return v.type + (f"/{v.mode}" if v.mode else "") + ("" if shown in ("asserted", "reported") else f" ({shown})")


EVENT_COLUMNS: dict[str, Callable[[Any], str]] = {
    "date": lambda v: v.date or v.published or "-",
    "type": _event_kind,
    "actor": lambda v: v.actor or "-",
    "target": lambda v: v.target or "-",
    "place": lambda v: v.place or "-",
    "text": lambda v: v.text[:90],
}


def write_json(data: object, target: Path | None) -> None:
    """Indented JSON (control characters escaped) to ``target``, or to stdout."""
    text = json_text(json.dumps(data, ensure_ascii=False, indent=2))
    if target:
        target.write_text(text + "\n", encoding="utf-8")
    else:
        sys.stdout.write(text + "\n")


def first(listing: Callable[..., Any], limit: int, **filters: Any) -> list:
    """The first ``limit`` items of a paged store listing, following its cursors past one page."""
    items: list = []
    cursor = None
    while len(items) < limit:
        page = listing(**filters, cursor=cursor, limit=limit - len(items))
        items.extend(page.items)
        cursor = page.next_cursor
        if cursor is None:
            break
    return items
