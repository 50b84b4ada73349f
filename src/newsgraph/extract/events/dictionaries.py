"""Readers for the field's event-coding dictionaries: PETRARCH-2's CAMEO verb dictionary and the
Phoenix actor and agent dictionaries (MIT, Open Event Data Alliance), one parser per format.

These read the dictionaries' own text and know nothing of spaCy. ``scripts/build_petrarch_data.py``
uses them to derive the compact, editable files under ``data/events/petrarch/``, which the event
finder reads at run time (``extract.events.petrarch``); the dictionaries themselves are not shipped.

Formats (PETRARCH-2 ``docs/source/dictionaries.rst``, TABARI manual):

- **verbs**: ``&NAME`` opens a synonym set whose ``+WORD`` lines follow; ``--- NAME [code] ---`` opens
  a verb group whose verb lines follow (``WORD [code] {irregular forms} # comment``, ``+WORD_WORD``
  for a multi-word verb), then its patterns ``- before * after [code] # VERB``: ``*`` is the verb,
  ``{A B}`` a noun phrase, ``(PREP ...)`` a prepositional phrase, ``&SET`` any member of a synonym
  set, ``$ + %`` mark source, target and compound actor. ``[a:b]`` codes event a from the source and
  event b back from the target; ``---`` is no code.
- **actors**: a name line (``WORD_WORD_``, optionally with ``[CODE]``), ``+`` synonym lines, then code
  lines ``[CODE]``, ``[CODE >YYMMDD]`` or ``[CODE from-to]``; a blank line ends the entry.
- **agents**: ``WORD_WORD {plurals} [~CODE]`` (the code is appended to the actor's country);
  ``!NAME! = A, B`` defines a substitution used inside entries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_CODE = re.compile(r"\[([^\]]*)\]")
_FORMS = re.compile(r"\{[^}]*\}")


def _words(raw: str) -> str:
    """'ANGELA_MERKEL_' -> 'angela merkel' (``_`` joins words; a trailing one marks a whole word)."""
    return " ".join(w for w in raw.strip().strip("+").lower().replace("_", " ").split())


def _comment(line: str) -> tuple[str, str]:
    body, _, comment = line.partition("#")
    return body.rstrip(), comment.strip()


# --- the verb dictionary ------------------------------------------------------------------------

@dataclass(frozen=True)
class VerbLine:
    verb: str  # "attack", "take flight"
    code: str | None  # the verb's own code, else its group's; None when neither has one
    group: str


@dataclass(frozen=True)
class VerbPattern:
    verbs: tuple[str, ...]  # the group's verbs the pattern is for (its comment's verb, else all)
    before: tuple[str, ...]  # elements before '*': words, '{A B}', '(P X)', '&SET', '$', '+', '%'
    after: tuple[str, ...]
    code: str  # the source->target code ('[a:b]' gives a; patterns coding only b are left out)


@dataclass
class VerbDictionary:
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)  # '&FOOD' -> ('food', 'rice', ...)
    verbs: list[VerbLine] = field(default_factory=list)
    patterns: list[VerbPattern] = field(default_factory=list)


def _event_code(bracket: str) -> str | None:
    """'[042:043]' -> '042'; '[:110]', '[---]', '[]' -> None."""
    first = bracket.split(":")[0].strip()
    return first if first.isdigit() else None


def _elements(text: str) -> tuple[str, ...]:
    """'* {ARMS SHIPMENT} (TO BORDER) $' -> ('*', '{ARMS SHIPMENT}', '(TO BORDER)', '$')."""
    out, depth, current = [], 0, ""
    for ch in text:
        if ch in "{(":
            if depth == 0 and current.strip():
                out.extend(current.split())
                current = ""
            depth += 1
        current += ch
        if ch in "})":
            depth = max(0, depth - 1)
            if depth == 0:
                out.append(current.strip())
                current = ""
    out.extend(current.split())
    return tuple(e for e in out if e)


def read_verb_dictionary(text: str) -> VerbDictionary:
    """Synonym sets, verb lines and patterns of a PETRARCH-2 verb dictionary."""
    book = VerbDictionary()
    synset: str | None = None
    group, group_code, members = "", None, []
    forms: dict[str, str] = {}  # every form of the group's verbs ('pulled out') -> the verb ('pull out')
    in_verbs = False
    for raw in text.splitlines():
        line, comment = _comment(raw)
        stripped = line.strip()
        if raw.startswith("####### VERB PATTERNS"):
            in_verbs, synset = True, None
            continue
        if raw.startswith("########"):  # the transformations that follow are not read
            in_verbs = False
            continue
        if not stripped:
            synset = None
            continue
        if not in_verbs:
            if stripped.startswith("&"):
                synset = stripped.split()[0]
                book.synonyms[synset] = ()
            elif stripped.startswith("+") and synset:
                book.synonyms[synset] += (_words(_FORMS.sub("", stripped)),)
            continue
        if stripped.startswith("---"):
            head = stripped.strip("-").strip()
            codes = _CODE.findall(head)
            group = _words(_CODE.sub("", head))
            group_code, members, forms = (_event_code(codes[0]) if codes else None), [], {}
            continue
        if stripped.startswith("-"):
            codes = _CODE.findall(stripped)
            code = _event_code(codes[-1]) if codes else None
            if code is None:
                continue
            body = _CODE.sub("", stripped[1:])
            if "*" not in body:
                continue
            before, _, after = body.partition("*")
            said = comment.split()[0] if comment.split() else ""
            names_verb = len(said) > 2 and re.fullmatch(r"[A-Z_]+", said) is not None
            named = forms.get(_words(said)) if names_verb else None  # the verb it was written for
            verbs = (named,) if named else () if names_verb else tuple(members)  # another group's verb: not ours
            if verbs:
                book.patterns.append(VerbPattern(verbs, _elements(before), _elements(after), code))
            continue
        codes = _CODE.findall(stripped)
        verb = _words(_FORMS.sub("", _CODE.sub("", stripped)))
        if verb:
            members.append(verb)
            irregular = re.findall(r"[^{}\s]+", " ".join(_FORMS.findall(stripped)))
            for form in (verb, *(_words(f) for f in irregular)):
                forms.setdefault(form, verb)
            own = _event_code(codes[0]) if codes else None
            book.verbs.append(VerbLine(verb, own or group_code, group))
    return book


# --- the actor dictionaries ---------------------------------------------------------------------

@dataclass(frozen=True)
class ActorEntry:
    names: tuple[str, ...]  # the name and its synonyms, lower case, words split by spaces
    codes: tuple[tuple[str, str], ...]  # (code, date range as written: '', '>051122', '970101-061231')

    def current_code(self) -> str | None:
        """The code in force last: an open-ended '>date' one (the latest listed), else the undated
        one, else the last listed."""
        if not self.codes:
            return None
        open_ended = [c for c, when in self.codes if when.startswith(">")]
        if open_ended:
            return open_ended[-1]
        undated = [c for c, when in self.codes if not when]
        return undated[0] if undated else self.codes[-1][0]


def _code_lines(line: str) -> list[tuple[str, str]]:
    out = []
    for inside in _CODE.findall(line):
        parts = inside.split()
        if parts and re.fullmatch(r"[A-Z0-9]{3,}", parts[0]):
            out.append((parts[0], " ".join(parts[1:])))
    return out


def read_actor_dictionary(text: str) -> list[ActorEntry]:
    """Every entry of a Phoenix actor dictionary (countries, international, non-state groups)."""
    entries: list[ActorEntry] = []
    names: list[str] = []
    codes: list[tuple[str, str]] = []

    def close() -> None:
        if names and codes:
            entries.append(ActorEntry(tuple(dict.fromkeys(names)), tuple(codes)))
        names.clear()
        codes.clear()

    for raw in text.splitlines():
        line, _ = _comment(raw)
        stripped = line.strip()
        if not stripped:
            if codes:
                close()
            continue
        if stripped.startswith("["):
            codes.extend(_code_lines(stripped))
            continue
        if not stripped.startswith("+") and codes:  # a new name after the last entry's codes
            close()
        name = _words(_FORMS.sub("", _CODE.sub("", stripped)))
        if name:
            names.append(name)
        codes.extend(_code_lines(stripped))
    close()
    return entries


@dataclass(frozen=True)
class AgentEntry:
    phrase: str  # 'minister of agriculture'
    code: str  # 'GOVAGR'


def read_agent_dictionary(text: str) -> list[AgentEntry]:
    """Every role phrase of a Phoenix agent dictionary with its sector code, substitutions expanded."""
    subs: dict[str, tuple[str, ...]] = {}
    out: list[AgentEntry] = []
    for raw in text.splitlines():
        line, _ = _comment(raw)
        stripped = line.strip()
        found = re.fullmatch(r"(![A-Z]+!)\s*=\s*(.+)", stripped)
        if found:
            subs[found.group(1)] = tuple(w.strip() for w in found.group(2).split(",") if w.strip())
            continue
        codes = _CODE.findall(stripped)
        if not codes:
            continue
        code = codes[0].strip().strip("~")
        if not re.fullmatch(r"[A-Z]{3,}", code):
            continue
        body = _CODE.sub("", stripped)
        plurals = [p for group in re.findall(r"\{([^}]*)\}", body) for p in group.split()]
        phrases = [_FORMS.sub("", body)] + plurals
        for phrase in phrases:
            for expanded in _substitute(phrase, subs):
                words = _words(expanded)
                if words and "!" not in words:
                    out.append(AgentEntry(words, code))
    return out


def _substitute(phrase: str, subs: dict[str, tuple[str, ...]]) -> list[str]:
    for key, values in subs.items():
        if key in phrase:
            return [done for v in values for done in _substitute(phrase.replace(key, v, 1), subs)]
    return [phrase]


# --- CAMEO -> PLOVER ----------------------------------------------------------------------------

def read_cameo_plover(text: str) -> dict[str, tuple[str, str]]:
    """The CAMEO->PLOVER conversion table (PLOVER manual): 'code: TYPE, mode, context # name' lines
    -> {code: (TYPE, mode or '')}."""
    out: dict[str, tuple[str, str]] = {}
    for raw in text.splitlines():
        line, _ = _comment(raw)
        found = re.fullmatch(r"\s*(\d{2,4}):\s*([A-Z]+)\s*(?:,\s*([^,]*))?.*", line)
        if found:
            out[found.group(1)] = (found.group(2), (found.group(3) or "").strip())
    return out


def plover_of(code: str, table: dict[str, tuple[str, str]], roots: dict[str, str],
              modes: dict[str, tuple[str, ...]]) -> tuple[str, str | None] | None:
    """The PLOVER type and mode of a CAMEO code: the table's entry for the code or its nearest
    parent, else the type our ``plover_cameo.tsv`` gives its two-digit root; a type we do not code
    gives None, a mode we do not use is dropped."""
    for n in range(len(code), 1, -1):
        if code[:n] in table:
            etype, mode = table[code[:n]]
            break
    else:
        if code[:2] not in roots:
            return None
        etype, mode = roots[code[:2]], ""
    if etype not in modes:
        return None
    return etype, (mode if mode in modes[etype] else None)
