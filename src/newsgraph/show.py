"""Prints an analysis for people: one panel per article, then its quotes, claims and events."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from newsgraph.model import Analysis, Article

STANCE_COLOURS = {
    "report": "cyan", "assert": "white", "deny": "red", "reject": "magenta",
    "accuse": "yellow", "verify": "green", "no_comment": "dim",
}


def _cut(text: str, width: int = 140) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def print_article(article: Article, console: Console) -> None:
    e = escape
    console.rule(f"[bold]{e(article.headline or '(no headline)')}")
    facts = [
        f"id {article.id[:12]}",
        f"outlet {e(article.outlet or '?')}",
        f"published {article.published or '?'}{' (inferred)' if article.published_inferred else ''}",
        f"{len(article.paragraphs)} paragraphs",
        f"from {e(article.source_file)}",
    ]
    if article.duplicate_of:
        facts.append(f"duplicate of {article.duplicate_of[:12]}")
    console.print("  ".join(facts))
    for cap in article.captions:
        console.print(f"[dim]caption[/dim] {e(_cut(cap.text))} [dim]credit[/dim] {e(cap.credit or '-')}"
                      + (f" [dim]date[/dim] {cap.date}" if cap.date else ""))
    if article.entities:
        names = ", ".join(f"{e(x.name)} [dim]{x.type}[/dim]" for x in article.entities)
        console.print(f"[bold]entities[/bold] {names}")
    if article.attributions:
        table = Table("id", "speaker", "resolved", "cue", "stance", "form", "said", title="who said what", title_justify="left")
        for a in article.attributions:
            sp = a.speaker
            colour = STANCE_COLOURS.get(a.stance, "white")
            extra = "".join(f" [dim]{k}[/dim] {e(v)}" for k, v in (("to", a.channel), ("via", a.via), ("citing", a.nested_source)) if v)
            table.add_row(a.id, e(sp.text or "-") if sp else "-", e(sp.resolved or "-") if sp else "-",
                          e(a.cue.text) if a.cue else "-", f"[{colour}]{a.stance}[/{colour}]", a.form,
                          e(_cut(a.content.text, 90)) + extra)
        console.print(table)
    for c in article.contradictions:
        console.print(f"[bold]contradiction[/bold] {c.claim} countered by {c.countered_by}: {e(c.why)}")
    if article.events:
        table = Table("id", "type", "actor", "target", "place", "when", "text", title="events", title_justify="left")
        for v in article.events:
            typ = v.type + (f"/{v.mode}" if v.mode else "") + (" [red]negated[/red]" if v.negated else "")
            actor = f"{e(v.actor.name)} {v.actor.code or ''}" if v.actor else "-"
            target = f"{e(v.target.name)} {v.target.code or ''}" if v.target else "-"
            when = f"{e(v.when.text)} → {v.when.date}" if v.when else "-"
            extra = f" [dim]killed[/dim] {v.fatalities_qualifier or ''} {v.fatalities}" if v.fatalities else ""
            table.add_row(v.id, typ, actor, target, e(v.place.name) if v.place else "-", when, e(_cut(v.text, 60)) + extra)
        console.print(table)


def print_analysis(analysis: Analysis, console: Console) -> None:
    for article in analysis.articles:
        print_article(article, console)
    for c in analysis.contradictions:
        console.print(f"[bold]across articles[/bold] {c.claim} countered by {c.countered_by}: {escape(c.why)}")
    n = len(analysis.articles)
    console.print(f"[bold]{n} article{'s' if n != 1 else ''}[/bold]")
