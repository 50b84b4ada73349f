"""How does text that came from an input reach a terminal without acting on it?

File names, titles, speakers and quotes come from untrusted input. ``escape`` makes one
such string safe to print through rich: control characters (ANSI/OSC escape sequences
start with ESC; C1 codes such as CSI act alone in some terminals; a newline would forge a
line of our own output) and the bidirectional overrides that reorder what is shown are
written as visible ``\\x1b``-style escapes, then rich markup is escaped. ``json_text``
does the same for JSON we print, with ``\\u`` escapes, so the data stays equal.
"""

from __future__ import annotations

import re

from rich.markup import escape as escape_markup

# C0 (tab included: it can hide text), DEL, C1, line/paragraph separators, bidi embeddings,
# overrides and isolates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_JSON_RAW = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")  # what json.dumps leaves as is
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def escape(text: object, *, multiline: bool = False) -> str:
    """``text`` as one line that prints as written: control characters made visible, rich
    markup escaped. ``multiline`` keeps line breaks and tabs (for a report of many lines)."""
    visible = _UNSAFE.sub(lambda m: m.group() if multiline and m.group() in "\n\t" else _visible(m), str(text))
    return escape_markup(visible)


def json_text(text: str) -> str:
    """JSON text with the characters ``json.dumps(ensure_ascii=False)`` leaves raw but a
    terminal may act on (C1 codes, separators, bidi controls) written as ``\\u`` escapes.

    ``json.dumps`` escapes C0 characters itself, and every character matched here can only
    stand inside a string, where a ``\\u`` escape means the same character.
    """
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def problem_line(p: object) -> str:
    """One rich-markup line for an input problem: a warning (read, not as given) or an error (not read)."""
    label = "[yellow]warning[/yellow]" if getattr(p, "warning", False) else "[red]error[/red]"
    return f"{label} {escape(str(p))}"


def failures(problems: list) -> list:
    """The problems that are failures, not warnings."""
    return [p for p in problems if not getattr(p, "warning", False)]
