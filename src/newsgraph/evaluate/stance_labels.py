"""The labelled stance set (``eval/stance/labels.jsonl``): read it and check every span against the corpus.

Each line is one PolNeAR gold attribution with our stance label, standoff only::

    {"text": "<file in text/>", "ann": "<file in attributions/>", "relation": "E12",
     "cue": [s, e] | null, "content": [s, e], "source": [s, e] | null,
     "cue_sha1": "<first 8 hex of sha1 of the cue text (the content text when there is no cue)>",
     "stance": "deny", "half": "tune" | "check", "labeller": "A", "note": "..."}

``check_labels`` opens each article of the corpus folder and keeps the items whose offsets fall
inside the text and whose checksum matches; each other item gives one problem line naming the
file and the line. Items labelled twice (the agreement sample) are scored once, with the first
labeller's label (labellers in name order); ``double.jsonl`` beside the set holds second labels of a
sample by another labeller; ``agreement`` compares the two.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from newsgraph.evaluate.events_set import trigger_sha1
from newsgraph.evaluate.polnear import read_ann
from newsgraph.model import STANCES

Span = tuple[int, int]


@dataclass(frozen=True)
class Label:
    text: str
    ann: str
    relation: str
    content: Span
    stance: str
    half: str
    cue: Span | None = None
    source: Span | None = None
    cue_sha1: str = ""
    labeller: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.text, self.ann, self.relation)


def half_of(text_name: str) -> str:
    """The half an article belongs to: the first hex digit of sha1(file name), even -> tune, odd -> check."""
    return "tune" if int(hashlib.sha1(text_name.encode("utf-8")).hexdigest()[0], 16) % 2 == 0 else "check"


def anchor_sha1(text: str, label: Label) -> str:
    """The checksum of the label's cue (else content) span, the same one the events set keeps."""
    return trigger_sha1(text, *(label.cue or label.content))


def _span(value: object, what: str) -> Span | None:
    """[start, end]; a discontinuous span whose pieces run backwards ("..., he said, ...": the labelling
    tool wrote the first piece's start and the last piece's end) comes back reversed, to be read from the
    ``.ann`` file by ``check_labels``."""
    if value is None:
        return None
    if (not isinstance(value, list) or len(value) != 2 or not all(isinstance(v, int) for v in value)
            or value[0] == value[1] or min(value) < 0):
        raise ValueError(f"'{what}' must be [start, end] with 0 <= start < end")
    return (value[0], value[1])


def _content_from_ann(corpus: Path, lab: Label) -> Span | None:
    """The extent of the relation's Content ranges in the brat file: (first start, last end) in text order."""
    path = corpus / "attributions" / lab.ann
    if not path.is_file():
        return None
    ranges, relations = read_ann(path)
    content_id = next((roles.get("Content") for relation, roles in relations if relation == lab.relation), None)
    found = ranges.get(content_id or "")
    return (min(a for a, _ in found), max(b for _, b in found)) if found else None


def read_labels(path: Path) -> tuple[list[Label], list[str]]:
    """The labels of one JSONL file, and one problem line per line that cannot be read."""
    labels, problems = [], []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if item.get("stance") not in STANCES:
                raise ValueError(f"unknown stance {item.get('stance')!r}")
            if "content" not in item:
                raise ValueError("'content' is missing")
            content = _span(item["content"], "content")
            if content is None:
                continue  # a relation PolNeAR left without a content span: nothing to read a stance from
            half = item.get("half") or half_of(item["text"])
            if half != half_of(item["text"]):
                raise ValueError(f"half {half!r} does not follow the sha1 rule for {item['text']}")
            labels.append(Label(
                text=str(item["text"]), ann=str(item["ann"]), relation=str(item["relation"]), content=content,
                stance=item["stance"], half=half, cue=_span(item.get("cue"), "cue"),
                source=_span(item.get("source"), "source"), cue_sha1=str(item.get("cue_sha1", "")),
                labeller=str(item.get("labeller", "")),
            ))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            problems.append(f"{path}:{n}: {exc}")
    return labels, problems


def label_files(folder: Path) -> list[Path]:
    """``labels.jsonl`` in the folder, else every ``*.jsonl`` there (a labeller's own files)."""
    main = folder / "labels.jsonl"
    if main.is_file():
        return [main]
    return sorted(p for p in folder.glob("*.jsonl") if p.name != "double.jsonl")


def load_set(folder: Path) -> tuple[list[Label], list[Label], list[str]]:
    """(one label per attribution, the second labels of items labelled twice, problems)."""
    labels: list[Label] = []
    problems: list[str] = []
    for path in label_files(folder):
        got, bad = read_labels(path)
        labels.extend(got)
        problems.extend(bad)
    double = folder / "double.jsonl"
    extra: list[Label] = []
    if double.is_file():
        extra, bad = read_labels(double)
        problems.extend(bad)
    labels.sort(key=lambda lab: lab.labeller)
    first: dict[tuple[str, str, str], Label] = {}
    second: list[Label] = []
    for lab in labels:
        if lab.key in first:
            second.append(lab)
        else:
            first[lab.key] = lab
    second.extend(lab for lab in extra if lab.key in first and lab.labeller != first[lab.key].labeller)
    return list(first.values()), second, problems


def check_labels(labels: Iterable[Label], corpus: Path) -> tuple[list[Label], list[str]]:
    """The labels whose article is in ``corpus/text`` with matching offsets and checksum, and a problem line
    for each of the others."""
    ok, problems, texts = [], [], {}
    for lab in labels:
        if lab.text not in texts:
            path = corpus / "text" / lab.text
            texts[lab.text] = path.read_text(encoding="utf-8") if path.is_file() else None
        text = texts[lab.text]
        where = f"{lab.text} {lab.relation}"
        if text is None:
            problems.append(f"{where}: no such article in {corpus / 'text'}")
            continue
        if lab.content[0] > lab.content[1]:
            content = _content_from_ann(corpus, lab)
            if content is None:
                problems.append(f"{where}: content {list(lab.content)} runs backwards and {lab.ann} does not say its ranges")
                continue
            lab = replace(lab, content=content)
        spans = [s for s in (lab.cue, lab.content, lab.source) if s]
        if any(end > len(text) for _, end in spans):
            problems.append(f"{where}: a span runs past the end of the article ({len(text)} characters)")
            continue
        if lab.cue_sha1 and anchor_sha1(text, lab) != lab.cue_sha1:
            problems.append(f"{where}: checksum {lab.cue_sha1} does not match the text at {lab.cue or lab.content}")
            continue
        ok.append(lab)
    return ok, problems


def other_claims(text: str, lab: Label, article_labels: Iterable[Label]) -> list[str]:
    """What the other sources of the article said (the contents of its other labels whose source is
    written differently): the claims a stance may answer, as ``stance_for_spans`` takes them."""
    who = text[slice(*lab.source)].lower() if lab.source else None
    return [text[slice(*o.content)] for o in article_labels  # type: ignore[misc]
            if o is not lab and (who is None or not o.source or text[slice(*o.source)].lower() != who)]


def agreement(first: list[Label], second: list[Label]) -> tuple[int, int]:
    """(items labelled twice, of which the two labels agree)."""
    by_key = {lab.key: lab for lab in first}
    pairs = [(by_key[lab.key], lab) for lab in second if lab.key in by_key]
    return len(pairs), sum(a.stance == b.stance for a, b in pairs)


def set_checksum(labels: Iterable[Label]) -> str:
    """sha1 over the sorted (text, relation, stance) triples: names the exact set a score was made on."""
    rows = sorted(f"{lab.text}\t{lab.relation}\t{lab.stance}" for lab in labels)
    return hashlib.sha1("\n".join(rows).encode("utf-8")).hexdigest()[:12]
