"""The field's dictionaries as a further, lower-priority source for event triggers and actor codes.

``data/events/petrarch/`` holds what ``scripts/build_petrarch_data.py`` derived from PETRARCH-2's CAMEO
verb dictionary and the Phoenix actor and agent dictionaries (MIT; ``NOTICE`` there), mapped
CAMEO->PLOVER:

- ``verbs.tsv``: verb and "verb word" keys, consulted by ``patterns.verb_trigger`` only when our own
  ``plover_patterns.yaml`` has no key for the verb (ours win);
- ``actors.tsv``: leaders, officials, bodies and armed groups, consulted by ``actors.code_for`` only
  when our data finds neither a named actor nor a country in the phrase;
- ``agents.tsv``: role phrases -> sector codes, consulted when ours find no sector.

How much is used is one setting, ``NEWSGRAPH_EVENT_DICTIONARIES`` (or :func:`use_dictionaries`):
``off``; ``actors`` (the default: actor and agent fallbacks only); ``specific`` (also the bare verbs the
dictionary files under a specific CAMEO code: "mock" 111, "prosecute" 173, not "come" 040 or "defeat" 190);
``patterns`` (the dictionary's verb+particle/object patterns, no bare verbs); ``all`` (all its verbs). The verb patterns are off by default:
on the PLOVER GSR (CAMEO manual sentences) they raise type accuracy (.764 -> .783 patterns, .789 all),
but on real news (the tune half of eval/events) they add events that are mostly wrong (precision
.359 -> .324 patterns, .160 all, recall .246 -> .246 / .262). Since 2026-12-01 a dictionary verb with no
sense of ours needs an agentive actor and a target (``dictionary_sense``), and our light, say, control and
factuality verbs are never dictionary events alone (``patterns.function_verbs``): tune-half span P/R at
``all`` .350/.664 -> .630/.638 (``actors``: .662/.606); the PLOVER GSR and the sample gold still lose a
little at ``patterns`` and ``all``, so the default stays ``actors``.
"""

from __future__ import annotations

import functools
import os
import re

from newsgraph.options import OptionError
from newsgraph.resources import load_tsv

ENV = "NEWSGRAPH_EVENT_DICTIONARIES"
LEVELS = ("off", "actors", "specific", "patterns", "all")
DEFAULT = "actors"
VERBS_FILE = "events/petrarch/verbs.tsv"
ACTORS_FILE = "events/petrarch/actors.tsv"
AGENTS_FILE = "events/petrarch/agents.tsv"
_LONGEST = 8  # words in the longest name tried
_WORD = re.compile(r"[\w.'&-]+")

_chosen: str | None = None


def use_dictionaries(level: str | None) -> None:
    """Set how much of the dictionaries is used (one of ``LEVELS``; None: back to the environment)."""
    global _chosen
    if level is not None and level not in LEVELS:
        raise OptionError(ENV, level, f"is not one of: {', '.join(LEVELS)}")
    _chosen = level


def level() -> str:
    """The level in force: set by :func:`use_dictionaries`, else ``$NEWSGRAPH_EVENT_DICTIONARIES``, else
    the default; a value that is none of ``LEVELS`` raises ``OptionError`` naming the variable."""
    if _chosen is not None:
        return _chosen
    value = os.environ.get(ENV, "").strip().lower() or DEFAULT
    if value not in LEVELS:
        raise OptionError(ENV, value, f"is not one of: {', '.join(LEVELS)}")
    return value


# --- verb patterns ------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _verbs() -> dict[str, tuple[str, str | None]]:
    table: dict[str, tuple[str, str | None]] = {}
    for row in load_tsv(VERBS_FILE):
        parts = row["event"].split()
        table[row["key"]] = (parts[0], parts[1] if len(parts) > 1 else None)
        row["cameo"]  # noqa: B018 - the CAMEO code is kept for people editing the file
    return table


@functools.lru_cache(maxsize=1)
def _patterns_only() -> dict[str, tuple[str, str | None]]:
    return {k: v for k, v in _verbs().items() if " " in k}


@functools.lru_cache(maxsize=1)
def _specific_verbs() -> dict[str, tuple[str, str | None]]:
    """Bare verbs the dictionary files under a specific CAMEO code ("mock" 111, "prosecute" 173), not under a
    root's catch-all ("come" 040, "defeat" 190, "add" 060: a code ending in 0)."""
    return {row["key"]: _type_mode(row["event"]) for row in load_tsv(VERBS_FILE)
            if " " not in row["key"] and not row["cameo"].endswith("0")}


def _type_mode(value: str) -> tuple[str, str | None]:
    parts = value.split()
    return parts[0], (parts[1] if len(parts) > 1 else None)


def dictionary_verbs() -> dict[str, tuple[str, str | None]]:
    """The dictionary's verb keys in force at this level (empty below ``patterns``)."""
    current = level()
    if current == "all":
        return _verbs()
    if current == "patterns":
        return _patterns_only()
    if current == "specific":
        return _specific_verbs()
    return {}


# --- actor and agent codes ----------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def _names(name: str) -> dict[str, str]:
    return {row["name"]: row["code"] for row in load_tsv(name)}


def _grams(phrase: str) -> list[tuple[str, bool]]:
    """Every run of up to ``_LONGEST`` words, longest first, lower-cased, with whether it starts with a
    capital ('Merkel', not 'merkel': a name, not a word)."""
    words = _WORD.findall(phrase)
    out = []
    for n in range(min(_LONGEST, len(words)), 0, -1):
        for i in range(len(words) - n + 1):
            run = words[i:i + n]
            out.append((" ".join(w.lower() for w in run), run[0][:1].isupper()))
    return out


def dictionary_actor(*phrases: str) -> str | None:
    """The Phoenix code of a named actor in the phrases ('Chancellor Merkel' -> DEUGOV), longest name
    first; None at level ``off``, or when no capitalised run of words is a listed name."""
    return None if level() == "off" else _actor(phrases)


def dictionary_sector(*phrases: str) -> str | None:
    """The Phoenix sector code of a role phrase ('minister of agriculture' -> GOVAGR), longest first."""
    return None if level() == "off" else _sector(phrases)


@functools.lru_cache(maxsize=4096)
def _actor(phrases: tuple[str, ...]) -> str | None:
    return _lookup(ACTORS_FILE, phrases, capitalised=True)


@functools.lru_cache(maxsize=4096)
def _sector(phrases: tuple[str, ...]) -> str | None:
    return _lookup(AGENTS_FILE, phrases, capitalised=False)


def _lookup(name: str, phrases: tuple[str, ...], capitalised: bool) -> str | None:
    """The code of the first (longest) run of words listed in the file; ``capitalised``: names only."""
    table = _names(name)
    for phrase in phrases:
        for gram, capital in _grams(phrase):
            if (capital or not capitalised) and gram in table:
                return table[gram]
    return None
