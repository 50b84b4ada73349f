"""Derive newsgraph's PETRARCH data files from PETRARCH-2's CAMEO verb dictionary and the Phoenix
actor and agent dictionaries (MIT, Open Event Data Alliance).

    python scripts/build_petrarch_data.py [--dictionaries ../shared/corpus/petrarch_dictionaries]
                                          [--cameo-plover ../shared/corpus/plover_gsr/CAMEO2PLOVER-2021.txt]

Writes, under ``src/newsgraph/data/events/petrarch/`` (with the dictionaries' MIT ``NOTICE``):

- ``verbs.tsv``: ``key`` (a verb lemma, or "verb word" for a verb with its particle, preposition or
  object) -> ``event`` (PLOVER type and mode, through the CAMEO->PLOVER table) and ``cameo``. Only keys
  our own ``plover_patterns.yaml`` lacks; patterns that constrain the subject (words before ``*``)
  and statement codes (CAMEO 01, no PLOVER type) are left out.
- ``actors.tsv``: ``name`` -> ``code`` for named people, bodies and armed groups (the code in force
  last); names our ``actors.tsv`` already has and bare country codes (places) are left out.
- ``agents.tsv``: role phrase -> sector code ("minister of agriculture" -> GOVAGR) not in ours.

The files are data: edit them by hand if an entry misfires (rebuilding overwrites them).
"""

from __future__ import annotations

import argparse
import csv
import io
from collections import Counter
from pathlib import Path

import yaml

from newsgraph.resources import load_tsv
from newsgraph.extract.events.dictionaries import (
    plover_of, read_actor_dictionary, read_agent_dictionary, read_cameo_plover, read_verb_dictionary,
)

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "newsgraph" / "data" / "events"
OUT = DATA / "petrarch"
ACTOR_FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt")
HEADER = "# Derived by scripts/build_petrarch_data.py from PETRARCH-2's dictionaries (MIT; see NOTICE here).\n"


def singular(word: str) -> str:
    """A guess at a plural's lemma ('sanctions' -> 'sanction', 'parties' -> 'party')."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def _head_words(element: str, synonyms: dict[str, tuple[str, ...]]) -> list[str]:
    """The words an 'after' element keys on: a word, a noun phrase's head, a prepositional phrase's
    object head (or the preposition alone), a synonym set's members."""
    if element.startswith("&"):
        return [w for w in synonyms.get(element, ()) if " " not in w]
    inner = element.strip("{}()").split()
    if element.startswith("(") and len(inner) == 1:
        return [inner[0].lower()]
    if element.startswith("("):
        rest = " ".join(inner[1:])
        last = rest.split("}")[0].split()[-1] if "{" in rest else inner[1]
        return _head_words(last, synonyms) if last.startswith("&") else [last.lower()]
    if element.startswith("{"):
        return _head_words(inner[-1], synonyms) if inner[-1].startswith("&") else [inner[-1].lower()]
    return [element.lower()]


def verb_rows(text: str, table, roots, modes, own: set[str]) -> list[tuple[str, str, str]]:
    book = read_verb_dictionary(text)
    found: dict[str, Counter] = {}

    def add(key: str, code: str, rank: int) -> None:
        mapped = plover_of(code, table, roots, modes)
        if mapped is None or key in own or not key.replace(" ", "").replace("-", "").isalpha():
            return
        event = " ".join(p for p in mapped if p)
        found.setdefault(key, Counter())[(rank, event, code)] += 1

    for line in book.verbs:
        if line.code and len(line.verb.split()) <= 2:
            add(line.verb, line.code, 0)
    for pattern in book.patterns:
        if pattern.before or not pattern.after:
            continue  # a constraint on the subject, which the key cannot check
        elements = [e for e in pattern.after if e not in ("$", "+", "%", "^")]
        if not elements:
            continue
        # a key stands for its most literal pattern: "* ATTACK" before "* {VERBAL ATTACK}" or "* ATTACK (ON X)"
        rank = (0 if elements[0][0].isalpha() else 1 if elements[0][0] in "&(" else 2) * 2 + (len(elements) > 1)
        for word in _head_words(elements[0], book.synonyms):
            word = word.strip("_").lower()
            for verb in pattern.verbs:
                if " " in verb or not word:
                    continue
                for form in {word, singular(word)}:
                    add(f"{verb} {form}", pattern.code, rank)
    rows = []
    for key, counts in sorted(found.items()):
        best = min(rank for rank, _, _ in counts)
        (_, event, code), _ = max(((k, n) for k, n in counts.items() if k[0] == best), key=lambda kn: kn[1])
        rows.append((key, event, code))
    return rows


def actor_rows(texts: list[str], own: set[str]) -> list[tuple[str, str]]:
    rows: dict[str, str] = {}
    for text in texts:
        for entry in read_actor_dictionary(text):
            code = entry.current_code()
            if code is None or len(code) == 3 and code.isalpha() and code not in ("IGO", "NGO"):
                continue  # a country's own code: its names are places, which places/countries.tsv has
            for name in entry.names:
                if len(name) > 2 and name not in own and "\t" not in name:
                    rows.setdefault(name, code)
    return sorted(rows.items())


def agent_rows(text: str, own: set[str]) -> list[tuple[str, str]]:
    rows: dict[str, str] = {}
    for entry in read_agent_dictionary(text):
        if entry.phrase not in own and len(entry.phrase) > 2:
            rows.setdefault(entry.phrase, entry.code)
    return sorted(rows.items())


def _tsv(path: Path, header: tuple[str, ...], rows) -> None:
    buf = io.StringIO()
    buf.write(HEADER)
    writer = csv.writer(buf, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def own_names() -> set[str]:
    """The names and role words of our own ``actors.tsv`` (its rows, not its header), lower case."""
    return {row["pattern"].lower() for row in load_tsv("events/actors.tsv")}


def cameo_roots() -> dict[str, str]:
    """CAMEO root code -> the PLOVER type ``plover_cameo.tsv`` folds it into (the first row wins)."""
    roots: dict[str, str] = {}
    for row in load_tsv("events/plover_cameo.tsv"):
        if row["cameo_root"].isdigit():
            roots.setdefault(row["cameo_root"], row["plover"])
    return roots


def main() -> None:
    shared = ROOT.parent / "shared" / "corpus"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dictionaries", type=Path, default=shared / "petrarch_dictionaries")
    parser.add_argument("--cameo-plover", type=Path, default=shared / "plover_gsr" / "CAMEO2PLOVER-2021.txt")
    args = parser.parse_args()
    src = args.dictionaries
    types = yaml.safe_load((DATA / "plover_types.yaml").read_text(encoding="utf-8"))["types"]
    modes = {name: tuple(spec.get("modes", ())) for name, spec in types.items()}
    roots = cameo_roots()
    table = read_cameo_plover(args.cameo_plover.read_text(encoding="utf-8"))
    own_patterns = yaml.safe_load((DATA / "plover_patterns.yaml").read_text(encoding="utf-8"))
    own_verbs = {k.lower() for k in own_patterns["verbs"]}
    own_actors = own_names()
    OUT.mkdir(parents=True, exist_ok=True)
    read = lambda name: (src / name).read_text(encoding="utf-8", errors="replace")  # noqa: E731
    verbs = verb_rows(read("CAMEO.2.0.txt"), table, roots, modes, own_verbs)
    actors = actor_rows([read(n) for n in ACTOR_FILES], own_actors)
    agents = agent_rows(read("Phoenix.agents.txt"), own_actors)
    _tsv(OUT / "verbs.tsv", ("key", "event", "cameo"), verbs)
    _tsv(OUT / "actors.tsv", ("name", "code"), actors)
    _tsv(OUT / "agents.tsv", ("name", "code"), agents)
    licence = (src / "LICENSE").read_text(encoding="utf-8")
    (OUT / "NOTICE").write_text(
        "The files in this folder are derived from the PETRARCH-2 dictionaries (CAMEO.2.0.txt, Phoenix.*.txt),\n"
        "https://github.com/openeventdata/petrarch2, commit 676801cd9cb2924bbbad09f86d15c9323e7097bf,\n"
        "by scripts/build_petrarch_data.py, and are distributed under their licence:\n\n" + licence, encoding="utf-8")
    print(f"{len(verbs)} verb keys ({sum(' ' in k for k, _, _ in verbs)} verb+word), "
          f"{len(actors)} actor names, {len(agents)} agent phrases -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
