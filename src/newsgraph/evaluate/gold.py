"""How close is our record to a careful human reading? Scores against a ``*.gold.json`` file.

The gold format is that of ``asharq-two-articles.gold.json``: per article a headline,
segmentation facts, captions, entities, attributions, contradictions and events, where
``*_contains`` fields match case-insensitively as substrings of our text. Each gold item
is matched one-to-one to the best system item, and each of its fields is checked.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsgraph.model import Analysis, Article, Attribution, Entity, Event

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
_LEADING = re.compile(r"^(the|a|an)\s+", re.I)


def norm(text: str | None) -> str:
    """Lower-case, straight quotes, folded spaces, no leading article or trailing punctuation."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()
    text = re.sub(r"\s+", " ", text).strip().strip(".,;:")
    return _LEADING.sub("", text)


def contains(haystack: str | None, needle: str | None) -> bool:
    return bool(needle) and norm(needle) in norm(haystack)


def same(a: str | None, b: str | None) -> bool:
    return norm(a) == norm(b)


def overlaps(a: str | None, b: str | None) -> bool:
    """Equal, or one contained in the other (used for names given at different lengths)."""
    na, nb = norm(a), norm(b)
    return bool(na and nb) and (na == nb or na in nb or nb in na)


@dataclass
class Tally:
    """Counts of gold items checked for one field: how many were right, and which were not."""

    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, what: str) -> None:
        self.total += 1
        self.right += ok
        if not ok:
            self.misses.append(what)

    def __str__(self) -> str:
        return f"{self.right}/{self.total}"


@dataclass
class GoldReport:
    tallies: dict[str, Tally] = field(default_factory=dict)

    def tally(self, name: str) -> Tally:
        return self.tallies.setdefault(name, Tally())

    def to_dict(self) -> dict[str, Any]:
        return {k: {"right": t.right, "total": t.total, "misses": t.misses} for k, t in self.tallies.items()}


def _match_article(gold: dict[str, Any], articles: list[Article], index: int) -> Article | None:
    for a in articles:
        if same(a.headline, gold.get("headline")):
            return a
    return articles[index] if index < len(articles) else None


def _entity_matches(gold: dict[str, Any], e: Entity) -> bool:
    names = [e.name, *e.aliases]
    return any(same(n, gold["name"]) for n in names)


def _entity_by_name(name: str | None, entities: tuple[Entity, ...]) -> Entity | None:
    for e in entities:
        if any(same(n, name) for n in (e.name, *e.aliases)):
            return e
    return None


def _names_agree(gold_name: str | None, system: str | None, entities: tuple[Entity, ...]) -> bool:
    """A system name agrees with a gold name if equal, or both name the same entity."""
    if not gold_name:
        return not system
    if same(gold_name, system):
        return True
    ent = _entity_by_name(gold_name, entities)
    return ent is not None and any(same(n, system) for n in (ent.name, *ent.aliases))


def score_segmentation(gold: dict[str, Any], art: Article, report: GoldReport) -> None:
    label = (gold.get("headline") or "")[:40]
    report.tally("headline").add(art.headline == gold.get("headline"), label)
    if "paragraphs" in gold:
        report.tally("paragraph count").add(len(art.paragraphs) == gold["paragraphs"], f"{label}: {len(art.paragraphs)}")
    if "first_paragraph_contains" in gold:
        ok = bool(art.paragraphs) and contains(art.paragraphs[0], gold["first_paragraph_contains"])
        report.tally("first/last paragraph").add(ok, f"{label}: first")
    if "last_paragraph_contains" in gold:
        ok = bool(art.paragraphs) and contains(art.paragraphs[-1], gold["last_paragraph_contains"])
        report.tally("first/last paragraph").add(ok, f"{label}: last")
    for line in gold.get("must_not_contain_lines", []):
        lines = {l.strip() for l in art.text.splitlines()}
        report.tally("artifacts dropped").add(line not in lines, f"{label}: {line!r}")
    body = [l.strip() for l in art.text.splitlines() if l.strip()]
    report.tally("no duplicated line").add(len(body) == len(set(body)), label)
    if "outlet" in gold:
        report.tally("outlet").add(same(art.outlet, gold["outlet"]), f"{label}: {art.outlet}")
    for cap in gold.get("captions", []):
        found = next((c for c in art.captions if contains(c.text, cap["text_contains"])), None)
        report.tally("captions").add(found is not None, cap["text_contains"][:40])
        if "credit" in cap:
            report.tally("caption credits").add(found is not None and found.credit == cap["credit"], cap["credit"])
        if "date" in cap:
            report.tally("dates").add(found is not None and found.date == cap["date"], f"caption {cap['date']}")
    if "inferred_publication_date" in gold:
        ok = art.published == gold["inferred_publication_date"] and art.published_inferred
        report.tally("dates").add(ok, f"published {art.published} inferred={art.published_inferred}")


def score_entities(gold_entities: list[dict[str, Any]], art: Article, report: GoldReport) -> None:
    for g in gold_entities:
        found = next((e for e in art.entities if _entity_matches(g, e) and e.type == g["type"]), None)
        if found is None:
            found = next((e for e in art.entities if _entity_matches(g, e)), None)
        what = g["name"]
        ok = found is not None and found.type == g["type"] and same(found.name, g["name"])
        for alias in g.get("aliases", []):
            ok = ok and any(same(alias, a) for a in found.aliases)  # type: ignore[union-attr]
        for role in g.get("roles_contains", []):
            ok = ok and any(contains(r, role) for r in found.roles)  # type: ignore[union-attr]
        if found is not None and not ok:
            what += f" -> {found.name} [{found.type}] aliases={list(found.aliases)} roles={list(found.roles)}"
        report.tally("entities").add(ok, what)


def _match_attributions(golds: list[dict[str, Any]], system: tuple[Attribution, ...]) -> dict[str, Attribution]:
    """Gold id -> the system attribution whose content holds the gold snippet (shortest first, one-to-one)."""
    used: set[str] = set()
    out: dict[str, Attribution] = {}
    for g in golds:
        cands = [a for a in system if a.id not in used and contains(a.content.text, g["content_contains"])]
        if cands:
            best = min(cands, key=lambda a: len(a.content.text))
            used.add(best.id)
            out[g["id"]] = best
    return out


def score_attributions(golds: list[dict[str, Any]], art: Article, report: GoldReport) -> dict[str, Attribution]:
    matched = _match_attributions(golds, art.attributions)
    ents = art.entities
    for g in golds:
        a = matched.get(g["id"])
        label = f"{g['id']} {g['content_contains'][:30]}"
        report.tally("attributions found").add(a is not None, label)
        if a is None:
            continue
        sp = a.speaker
        report.tally("speaker as written").add(
            overlaps(sp.text if sp else None, g.get("speaker")) if g.get("speaker") else not (sp and sp.text),
            f"{label}: {sp.text if sp else None!r}",
        )
        resolved = sp.resolved if sp else None
        report.tally("speaker resolved").add(_names_agree(g.get("resolved"), resolved, ents), f"{label}: {resolved!r}")
        report.tally("anonymous").add(bool(sp and sp.anonymous) == bool(g.get("anonymous")), label)
        if g.get("affiliation"):
            aff = sp.affiliation if sp else None
            report.tally("affiliation").add(_names_agree(g["affiliation"], aff, ents), f"{label}: {aff!r}")
        cue = a.cue.text if a.cue else None
        report.tally("cue").add(overlaps(cue, g.get("cue")) if g.get("cue") else cue is None, f"{label}: {cue!r}")
        report.tally("stance").add(a.stance == g.get("stance"), f"{label}: {a.stance}")
        report.tally("form").add(a.form == g.get("form"), f"{label}: {a.form}")
        if g.get("channel"):
            report.tally("channel").add(overlaps(a.channel, g["channel"]), f"{label}: {a.channel!r}")
        for key in ("via", "nested_source"):
            if g.get(key):
                report.tally("via/nested chains").add(overlaps(getattr(a, key), g[key]), f"{label}: {key}={getattr(a, key)!r}")
        if g.get("when"):
            report.tally("dates").add(a.when == g["when"], f"{label}: when={a.when}")
    extra = [a for a in art.attributions if a not in matched.values()]
    report.tally("attributions not in gold").total += len(extra)
    report.tally("attributions not in gold").misses.extend(a.content.text[:50] for a in extra)
    return matched


def score_contradictions(golds: list[dict[str, Any]], art: Article, matched: dict[str, Attribution], report: GoldReport) -> None:
    pairs = {(c.claim, c.countered_by) for c in art.contradictions}
    for g in golds:
        claim, counter = matched.get(g["claim"]), matched.get(g["countered_by"])
        ok = claim is not None and counter is not None and (claim.id, counter.id) in pairs
        report.tally("contradictions").add(ok, f"{g['claim']} <- {g['countered_by']}")


def _actor_name(actor: Any) -> str | None:
    return actor.name if actor is not None else None


def _event_fields(g: dict[str, Any], e: Event, ents: tuple[Entity, ...]) -> dict[str, bool]:
    """Which gold fields this system event gets right."""
    roles = [_actor_name(e.actor), _actor_name(e.target), *[p.name for p in e.participants]]
    checks: dict[str, bool] = {"type": e.type == g["type"]}
    if g["type"] == "CONSULT":  # actor and target may stand in either role or among participants
        checks["actor"] = any(_names_agree(g["actor"], r, ents) or overlaps(r, g["actor"]) for r in roles if r)
        if g.get("target"):
            checks["target"] = any(_names_agree(g["target"], r, ents) or overlaps(r, g["target"]) for r in roles if r)
        if g.get("target_contains"):
            checks["target"] = any(contains(r, g["target_contains"]) for r in roles if r)
    else:
        checks["actor"] = _names_agree(g["actor"], _actor_name(e.actor), ents) or overlaps(_actor_name(e.actor), g["actor"])
        if g.get("target"):
            checks["target"] = _names_agree(g["target"], _actor_name(e.target), ents) or overlaps(_actor_name(e.target), g["target"])
        if g.get("target_contains"):
            checks["target"] = contains(_actor_name(e.target), g["target_contains"])
    if g.get("mode"):
        checks["mode"] = e.mode == g["mode"]
    if g.get("place"):
        checks["place"] = e.place is not None and same(e.place.name, g["place"])
    if g.get("when_contains"):
        checks["when"] = e.when is not None and contains(e.when.text, g["when_contains"])
    if g.get("when"):
        checks["when"] = e.when is not None and e.when.date == g["when"]
    if g.get("text_contains"):
        checks["text"] = contains(e.text, g["text_contains"])
    if "fatalities" in g:
        checks["fatalities"] = e.fatalities == g["fatalities"]
    if "fatalities_qualifier" in g:
        checks["fatalities qualifier"] = same(e.fatalities_qualifier, g["fatalities_qualifier"])
    return checks


def score_events(golds: list[dict[str, Any]], art: Article, report: GoldReport) -> None:
    used: set[str] = set()
    for g in golds:
        label = f"{g['actor']} {g['type']} {g.get('target') or g.get('target_contains') or g.get('text_contains') or ''}".strip()
        scored = [(sum(c.values()), e, c) for e in art.events if e.id not in used for c in [_event_fields(g, e, art.entities)]]
        scored = [s for s in scored if s[2]["type"] and s[2]["actor"]]
        if not scored:
            report.tally("events").add(False, f"{label}: not found")
            continue
        _, best, checks = max(scored, key=lambda s: s[0])
        used.add(best.id)
        wrong = [k for k, ok in checks.items() if not ok]
        report.tally("events").add(not wrong, f"{label}: wrong {wrong} in {best.id}")
    report.tally("events not in gold").total += len(art.events) - len(used)


def score(analysis: Analysis, gold: dict[str, Any]) -> GoldReport:
    report = GoldReport()
    articles = list(analysis.articles)
    report.tally("article count").add(len(articles) == len(gold["articles"]), f"{len(articles)} articles")
    for i, g in enumerate(gold["articles"]):
        art = _match_article(g, articles, i)
        if art is None:
            report.tally("articles found").add(False, g.get("headline", "?"))
            continue
        score_segmentation(g, art, report)
        score_entities(g.get("entities", []), art, report)
        matched = score_attributions(g.get("attributions", []), art, report)
        score_contradictions(g.get("contradictions", []), art, matched, report)
        score_events(g.get("events", []), art, report)
    return report


def evaluate_gold(gold_path: Path, input_path: Path | None = None) -> tuple[GoldReport, Analysis]:
    """Analyse the gold file's document (next to it, unless given) and score the record."""
    from newsgraph.api import analyze

    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    source = input_path or Path(gold_path).with_name(gold["document"])
    analysis = analyze(source)
    return score(analysis, gold), analysis


def format_report(report: GoldReport, *, verbose: bool = True) -> str:
    lines = []
    width = max(len(k) for k in report.tallies) if report.tallies else 10
    for name, t in report.tallies.items():
        if name.endswith("not in gold"):
            lines.append(f"{name:<{width}}  {t.total}")
        else:
            lines.append(f"{name:<{width}}  {t.right:>3}/{t.total:<3}")
        if verbose and t.misses and not name.endswith("not in gold"):
            lines.extend(f"{'':<{width}}    - {m}" for m in t.misses)
    return "\n".join(lines)


__all__ = ["GoldReport", "Tally", "evaluate_gold", "format_report", "score"]
