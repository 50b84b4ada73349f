"""Prints an analysis for people: one panel per article, then its quotes, claims and events."""

from __future__ import annotations

from rich.console import Console

from newsgraph.model import Analysis, Article
from newsgraph.terminal import escape

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
        console.print("[bold]who said what[/bold]")
        for a in article.attributions:
            sp = a.speaker
            who = e(sp.text) if sp and sp.text else "[dim](no speaker)[/dim]"
            if sp and sp.resolved and sp.resolved != sp.text:
                who += f" [dim]=[/dim] {e(sp.resolved)}"
            if sp and sp.anonymous:
                who += " [dim](anonymous" + (f", {e(sp.affiliation)}" if sp.affiliation else "") + ")[/dim]"
            colour = STANCE_COLOURS.get(a.stance, "white")
            extra = "".join(f" [dim]{k}[/dim] {e(v)}" for k, v in (("to", a.channel), ("via", a.via), ("citing", a.nested_source)) if v)
            cue = f" [dim]{e(a.cue.text)}[/dim]" if a.cue else ""
            console.print(f"  {a.id:>4} [{colour}]{a.stance:<10}[/{colour}] {who}{cue}{extra} [dim]({a.form})[/dim]")
            console.print(f"       [italic]{e(_cut(a.content.text, 200))}[/italic]")
    for c in article.contradictions:
        console.print(f"[bold]contradiction[/bold] {c.claim} countered by {c.countered_by}: {e(c.why)}")
    if article.events:
        console.print("[bold]events[/bold]")
        for v in article.events:
            typ = v.type + (f"/{v.mode}" if v.mode else "")
            flags = "".join(f" [red]{f}[/red]" for f, on in (("negated", v.negated), ("hypothetical", v.hypothetical)) if on)
            actor = f"{e(v.actor.name)} [dim]{v.actor.code or ''}[/dim]" if v.actor else "?"
            target = f" → {e(v.target.name)} [dim]{v.target.code or ''}[/dim]" if v.target else ""
            where = f" [dim]in[/dim] {e(v.place.name)}" if v.place else ""
            when = f" [dim]when[/dim] {e(v.when.text)}" + (f" = {v.when.date}" if v.when.date else "") if v.when else ""
            dead = f" [dim]killed[/dim] {v.fatalities_qualifier + ' ' if v.fatalities_qualifier else ''}{v.fatalities}" if v.fatalities else ""
            console.print(f"  {v.id:>4} [bold]{typ:<16}[/bold] {actor}{target}{where}{when}{dead}{flags}")


def print_analysis(analysis: Analysis, console: Console) -> None:
    for article in analysis.articles:
        print_article(article, console)
    for c in analysis.contradictions:
        console.print(f"[bold]across articles[/bold] {c.claim} countered by {c.countered_by}: {escape(c.why)}")
    n = len(analysis.articles)
    console.print(f"[bold]{n} article{'s' if n != 1 else ''}[/bold]")
