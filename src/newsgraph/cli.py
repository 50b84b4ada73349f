"""The ``newsgraph`` command: thin — parses options, calls the pipeline and the store, prints."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from newsgraph import __version__
from newsgraph.model import STANCES
from newsgraph.terminal import escape, json_text

app = typer.Typer(help="Raw news in; who said what, who did what to whom, where and when out.", no_args_is_help=True)
eval_app = typer.Typer(help="Measure quality against gold data.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

# Piped output (a file, a pager, a test) gets wide lines rather than rich's 80-column default.
_WIDTH = None if sys.stdout.isatty() else 160
out = Console(width=_WIDTH)
err = Console(stderr=True, width=_WIDTH)



def _show_version(value: bool) -> None:
    if value:
        out.print(f"newsgraph {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_show_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """Raw news in; who said what, who did what to whom, where and when out."""


DbOption = typer.Option(None, "--db", help="SQLite file, or postgresql://... (default: a file in the user data dir)")


def _problem_line(p) -> str:
    """One line for an input problem: a warning (read, not as given) or an error (not read)."""
    label = "[yellow]warning[/yellow]" if getattr(p, "warning", False) else "[red]error[/red]"
    return f"{label} {escape(str(p))}"


def _report_problems(problems: list) -> None:
    for p in problems:
        err.print(_problem_line(p))


def _failures(problems: list) -> list:
    return [p for p in problems if not getattr(p, "warning", False)]


def _check_options(published: Optional[str], batch_size: int = 1) -> None:
    """One line naming the option, and exit status 2, for an option value that cannot work."""
    if batch_size < 1:
        err.print(f"[red]error[/red] --batch-size must be 1 or more (got {batch_size})")
        raise typer.Exit(2)
    if published is not None and not _is_date(published):
        err.print(f"[red]error[/red] --published '{escape(published)}' is not a date (give YYYY-MM-DD, YYYY-MM or YYYY)")
        raise typer.Exit(2)


def _is_date(value: str) -> bool:
    import datetime

    from newsgraph.segment.article import iso_date

    try:
        iso = iso_date(value)
        return iso is not None and bool(datetime.date.fromisoformat(iso + {4: "-01-01", 7: "-01"}.get(len(iso), "")))
    except (ValueError, OverflowError):
        return False


def _print_json(data: object, target: Optional[Path]) -> None:
    text = json_text(json.dumps(data, ensure_ascii=False, indent=2))
    if target:
        target.write_text(text + "\n", encoding="utf-8")
    else:
        sys.stdout.write(text + "\n")


@app.command()
def analyze(
    paths: list[str] = typer.Argument(..., help="Files, folders, globs, .gz, WARC, http(s) URLs; '-' reads stdin."),
    as_json: bool = typer.Option(False, "--json", help="Print the whole analysis record as JSON."),
    as_jsonl: bool = typer.Option(False, "--jsonl", help="Print one article record per line."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write to this file instead of stdout."),
    published: Optional[str] = typer.Option(None, help="Publication date (ISO) when the input has none."),
    outlet: Optional[str] = typer.Option(None, help="Outlet name when the input does not say."),
) -> None:
    """Analyse news without storing it: articles, entities, quotes, claims, events."""
    from newsgraph.api import analyze_with_problems

    _check_options(published)
    if as_json and as_jsonl:
        err.print("[red]error[/red] give --json or --jsonl, not both")
        raise typer.Exit(2)
    analysis, problems = analyze_with_problems(paths, published=published, outlet=outlet)
    _report_problems(problems)
    if as_json:
        _print_json(analysis.to_dict(), output)
    elif as_jsonl:
        lines = "".join(json_text(json.dumps(a.to_dict(), ensure_ascii=False)) + "\n" for a in analysis.articles)
        (output.write_text(lines, encoding="utf-8") if output else sys.stdout.write(lines))
    else:
        from newsgraph.show import print_analysis

        print_analysis(analysis, out)
    if _failures(problems):
        raise typer.Exit(1)


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="Files, folders, globs, .gz, WARC, http(s) URLs (pages, feeds, "
                                      "sitemaps); '-' reads stdin."),
    db: Optional[str] = DbOption,
    published: Optional[str] = typer.Option(None, help="Publication date (ISO) when the input has none."),
    outlet: Optional[str] = typer.Option(None, help="Outlet name when the input does not say."),
    batch_size: int = typer.Option(32, help="Articles per transaction."),
    workers: Optional[int] = typer.Option(
        None, min=1, help="Analyse on a local Dask cluster of N worker processes (results go through --work-dir)."),
    scheduler: Optional[str] = typer.Option(
        None, help="Analyse on an existing Dask cluster, e.g. tcp://host:8786 (its workers must see --work-dir)."),
    work_dir: Optional[Path] = typer.Option(
        None, help="Where the distributed path keeps Parquet partitions and its manifest; a re-run resumes from it."),
    crawl_delay: float = typer.Option(1.0, min=0, help="Seconds between two requests to one web site (URL inputs; "
                                      "a longer robots.txt Crawl-delay wins)."),
) -> None:
    """Analyse news and record it in the store (idempotent; one transaction per batch)."""
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from newsgraph.pipeline import Options

    _check_options(published, batch_size)
    if workers is not None or scheduler is not None:
        from newsgraph.scale import ingest_on_dask

        if workers is not None and scheduler is not None:
            err.print("[red]error[/red] give --workers or --scheduler, not both")
            raise typer.Exit(2)
        report = ingest_on_dask(
            paths, db, work_dir, workers=workers, scheduler=scheduler,
            options=Options(published=published, outlet=outlet, batch_size=batch_size),
            on_problem=lambda p: err.print(_problem_line(p)),
            on_start=lambda folder: err.print(f"work dir: {escape(folder)}"),
        )
        err.print(f"partitions: {report.partitions} (analysed {report.computed}, reused {report.reused}, "
                  f"already loaded {report.already_loaded})")
        _ingest_summary(report)
        return

    from newsgraph.ingest import read_inputs
    from newsgraph.ingest.fetch import FetchPolicy
    from newsgraph.pipeline import StoreTally, analyze_documents, relink, store_in_batches
    from newsgraph.store import open_store

    tally = StoreTally()
    with open_store(db) as store, Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed} articles"),
        TimeElapsedColumn(), console=err, transient=True,
    ) as progress:
        task = progress.add_task("ingesting", total=None)
        options = Options(published=published, outlet=outlet, batch_size=batch_size,
                          already_done=lambda article_id: store.get_article(article_id) is not None)
        store_in_batches(
            analyze_documents(read_inputs(paths, fetch_policy=FetchPolicy(delay=crawl_delay)), options), store, tally,
            batch_size=batch_size,
            on_problem=lambda p: progress.console.print(_problem_line(p)),
            on_stored=lambda n: progress.advance(task, n),
        )
        if store.links_stale():  # new articles, or links a killed run never saved
            progress.update(task, description="linking across articles")
            relink(store)
    _ingest_summary(tally)


@app.command(name="relink")
def relink_command(db: Optional[str] = DbOption) -> None:
    """Work out the links across stored articles again: identities, stories, contradictions."""
    from newsgraph.pipeline import relink
    from newsgraph.store import open_store

    with open_store(db) as store:
        analysis = relink(store)
        stale = store.links_stale()
    err.print(f"stories: {len(analysis.stories)}  contradictions across articles: {len(analysis.contradictions)}"
              + ("  (articles were added meanwhile: links are stale again)" if stale else ""))


def _ingest_summary(tally) -> None:  # a StoreTally, or the distributed runner's report (same fields)
    """One line of counts; the exit status says whether any input failed."""
    failed = _failures(tally.problems)
    warned = len(tally.problems) - len(failed)
    err.print(f"new: {tally.new}  duplicate: {tally.duplicate}  failed: {len(failed)}"
              + (f"  warnings: {warned}" if warned else ""))
    if failed:
        raise typer.Exit(1)


@app.command()
def search(
    query: str = typer.Argument(..., help="Words to find in headlines and article text."),
    db: Optional[str] = DbOption,
    limit: int = typer.Option(20, help="How many hits at most."),
) -> None:
    """Full-text search over stored articles."""
    from newsgraph.store import open_store

    with open_store(db) as store:
        hits = store.search(query, limit=limit)
    table = Table("id", "headline", "snippet")
    for h in hits:
        table.add_row(h.article_id[:12], escape(h.headline or ""), escape(h.snippet))
    out.print(table if hits else "no match")


@app.command()
def show(
    article_id: str = typer.Argument(..., help="An article id or a unique prefix of it (6+ characters)."),
    db: Optional[str] = DbOption,
    as_json: bool = typer.Option(False, "--json", help="Print the article record as JSON."),
) -> None:
    """Show one stored article with what was extracted from it."""
    from newsgraph.model import Analysis
    from newsgraph.show import print_analysis
    from newsgraph.store import open_store

    with open_store(db) as store:
        article = store.get_article(article_id)
    if article is None:
        err.print(f"no article with id {escape(article_id)}")
        raise typer.Exit(1)
    if as_json:
        _print_json(article.to_dict(), None)
    else:
        print_analysis(Analysis(newsgraph_version=__version__, articles=(article,)), out)


@app.command()
def export(
    fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl | csv | parquet"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="File to write (stdout for jsonl/csv)."),
    db: Optional[str] = DbOption,
) -> None:
    """Export every stored article."""
    from newsgraph.store import open_store

    if fmt not in {"jsonl", "csv", "parquet"}:
        err.print(f"unknown format {escape(fmt)!r}: use jsonl, csv or parquet")
        raise typer.Exit(2)
    if fmt == "parquet" and output is None:
        err.print("parquet needs -o FILE")
        raise typer.Exit(2)
    with open_store(db) as store:
        n = store.export(fmt, output if output else sys.stdout)
    err.print(f"exported {n} articles")


@app.command()
def quotes(
    speaker: Optional[str] = typer.Option(None, help="Speaker as written or resolved (substring)."),
    stance: Optional[str] = typer.Option(None, help=" | ".join(STANCES)),
    text: Optional[str] = typer.Option(None, help="Full-text search over what was said."),
    anonymous: Optional[bool] = typer.Option(None, "--anonymous/--named", help="Only anonymous or only named speakers."),
    limit: int = typer.Option(100),
    db: Optional[str] = DbOption,
) -> None:
    """Who said what: stored attributions, filtered."""
    from newsgraph.store import open_store

    with open_store(db) as store:
        rows = _first(store.list_attributions, limit, speaker=speaker, stance=stance, text=text, anonymous=anonymous)
    table = Table("speaker", "stance", "form", "said", "article")
    for r in rows:
        table.add_row(escape(r.speaker or "-"), r.stance, r.form, escape(r.content[:160]), r.article_id[:12])
    out.print(table if rows else "no match")


def _first(listing, limit: int, **filters) -> list:
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


@app.command()
def entities(
    name: Optional[str] = typer.Argument(None, help="Only identities whose name or alias contains this."),
    type: Optional[str] = typer.Option(None, "--type", help="PERSON, ORG, GPE, ..."),
    limit: int = typer.Option(50),
    db: Optional[str] = DbOption,
) -> None:
    """Identities across the store, by the number of articles they appear in."""
    from newsgraph.store import open_store

    with open_store(db) as store:
        rows = store.list_entities(name=name, type=type, limit=limit).items
    table = Table("canonical id", "name", "type", "articles", "mentions", "also called", "roles")
    for e in rows:
        table.add_row(escape(e.canonical_id), escape(e.name), e.type, str(e.articles), str(e.mentions),
                      escape(", ".join(e.aliases[:4])), escape(", ".join(e.roles[:3])))
    out.print(table if rows else "no match")


@app.command()
def entity(
    key: str = typer.Argument(..., help="A name, alias or canonical id."),
    db: Optional[str] = DbOption,
) -> None:
    """One identity: what it said, what was said about it, and its events in time order."""
    from newsgraph.store import open_store

    with open_store(db) as store:
        profile = store.entity_profile(key)
    if profile is None:
        err.print(f"no entity {escape(key)!r}")
        raise typer.Exit(1)
    e = profile.entity
    out.rule(f"[bold]{escape(e.name)}[/bold] {e.type} {escape(e.canonical_id)}")
    if e.aliases or e.roles:
        out.print(f"also called {escape(', '.join(e.aliases)) or '-'}; roles {escape(', '.join(e.roles)) or '-'}")
    _print_quotes("said", profile.said)
    _print_quotes("said about it", profile.said_about)
    _print_events(profile.events)


def _print_quotes(title: str, rows) -> None:
    table = Table("speaker", "stance", "said", "published", title=title, title_justify="left")
    for q in rows:
        table.add_row(escape(q.resolved or q.speaker or "-"), q.stance, escape(q.content[:150]), q.published or "-")
    if rows:
        out.print(table)


def _print_events(rows) -> None:
    table = Table("date", "type", "actor", "target", "place", "text", title="events", title_justify="left")
    for v in rows:
        kind = v.type + (f"/{v.mode}" if v.mode else "") + (" (negated)" if v.negated else "")
        table.add_row(v.date or v.published or "-", kind, escape(v.actor or "-"), escape(v.target or "-"),
                      escape(v.place or "-"), escape(v.text[:90]))
    out.print(table if rows else "no events")


@app.command()
def events(
    type: Optional[str] = typer.Option(None, "--type", help="PLOVER category, e.g. CONSULT"),
    actor: Optional[str] = typer.Option(None, help="Actor or target name (substring) or canonical id."),
    place: Optional[str] = typer.Option(None, help="Place name (substring) or ISO country code."),
    since: Optional[str] = typer.Option(None, help="ISO date: events on or after it."),
    limit: int = typer.Option(50),
    db: Optional[str] = DbOption,
) -> None:
    """Who did what to whom, where and when."""
    from newsgraph.store import open_store

    with open_store(db) as store:
        rows = store.list_events(type=type, actor=actor, place=place, since=since, limit=limit).items
    _print_events(rows)


@app.command()
def stories(
    min_articles: int = typer.Option(2, help="Only stories told by at least this many articles."),
    limit: int = typer.Option(20),
    db: Optional[str] = DbOption,
) -> None:
    """Articles about the same event, with the timeline of who reported, relayed and denied."""
    from newsgraph.store import open_store

    with open_store(db) as store:
        rows = store.list_stories(min_articles=min_articles, limit=limit).items
    for s in rows:
        out.rule(f"[bold]{escape(s.headline or s.id)}[/bold] {len(s.article_ids)} articles, {escape(', '.join(s.outlets))}")
        for t in s.timeline:
            if t.attribution_id:
                via = f" via {t.via}" if t.via else ""
                out.print(f"{t.date or '?'}  {escape(t.outlet or '?')}: {escape(t.speaker or '?')}{escape(via)} "
                          f"[bold]{t.stance}[/bold] {escape((t.text or '')[:110])}")
    if not rows:
        out.print("no stories")


@app.command()
def contradictions(limit: int = typer.Option(50), db: Optional[str] = DbOption) -> None:
    """Claims and the statements that counter them, within and across articles."""
    from newsgraph.store import open_store

    with open_store(db) as store:
        rows = store.list_contradictions(limit=limit).items
    for r in rows:
        where = "across articles" if r.across_articles else "same article"
        out.rule(f"{where}: {escape(r.why)}")
        for label, q in (("claim", r.claim), ("countered by", r.countered_by)):
            out.print(f"[bold]{label}[/bold] {escape(q.resolved or q.speaker or '?')} ({q.stance}, "
                      f"{escape(q.outlet or '?')}): {escape(q.content[:160])}")
    if not rows:
        out.print("no contradictions")


@app.command()
def serve(
    db: Optional[str] = DbOption,
    host: str = typer.Option("127.0.0.1", help="Address to bind; keep 127.0.0.1 unless others must reach it."),
    port: int = typer.Option(8787, help="TCP port."),
    token: Optional[str] = typer.Option(None, envvar="NEWSGRAPH_TOKEN", help="Bearer token enabling POST /api/ingest."),
    allow_host: list[str] = typer.Option([], "--allow-host", help="Another Host header name to answer (repeatable; "
                                         "also NEWSGRAPH_ALLOWED_HOSTS). Loopback names and --host always are."),
) -> None:
    """Serve the web pages and the HTTP API (docs at /docs) over the store."""
    from newsgraph.web import serve as run_server

    err.print(f"newsgraph on http://{host}:{port}/  (API docs: /docs; ingest {'enabled' if token else 'disabled'})")
    run_server(db, host=host, port=port, token=token, allow_hosts=tuple(allow_host))


@eval_app.command("gold")
def eval_gold(
    gold_file: Path = typer.Argument(..., help="A *.gold.json file; its 'document' is read from beside it."),
    input_path: Optional[Path] = typer.Option(None, "--input", help="The document, if not beside the gold file."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Score the analysis of a document against a human gold reading."""
    from newsgraph.evaluate.gold import evaluate_gold, format_report

    report, _ = evaluate_gold(gold_file, input_path)
    if as_json:
        _print_json(report.to_dict(), None)
    else:
        out.print(escape(format_report(report), multiline=True))


@eval_app.command("extraction")
def eval_extraction(corpus: Path = typer.Argument(..., help="The folder holding the extraction_* sets.")) -> None:
    """HTML main-text extraction: ours vs plain trafilatura, on the extraction corpora."""
    from newsgraph.evaluate.extraction import evaluate_extraction, format_report

    out.print(format_report(evaluate_extraction(corpus)))


@eval_app.command("polnear")
def eval_polnear(dev_dir: Path = typer.Argument(..., help="PolNeAR split folder, e.g. corpus/polnear/dev")) -> None:
    """Attribution P/R/F1, source and cue accuracy on PolNeAR; textacy as the baseline."""
    from newsgraph.evaluate.polnear import evaluate_polnear, format_report

    out.print(format_report(evaluate_polnear(dev_dir)))


@eval_app.command("plover")
def eval_plover(corpus: Path = typer.Argument(..., help="The plover_gsr folder.")) -> None:
    """Event-type accuracy (with confusion matrix), actor and target match on the PLOVER GSR."""
    from newsgraph.evaluate.plover import evaluate_plover, format_plover

    out.print(escape(format_plover(evaluate_plover(_corpus_root(corpus, "plover_gsr"))), multiline=True))


@eval_app.command("petrarch")
def eval_petrarch(corpus: Path = typer.Argument(..., help="The petrarch_event_coding folder.")) -> None:
    """PETRARCH unit-test records, CAMEO mapped to PLOVER: event type and actor accuracy."""
    from newsgraph.evaluate.petrarch import evaluate_petrarch, format_petrarch

    out.print(escape(format_petrarch(evaluate_petrarch(_corpus_root(corpus, "petrarch_event_coding"))), multiline=True))


def _corpus_root(path: Path, set_name: str) -> Path:
    """Accept either the corpus folder or the set's own folder inside it."""
    return path.parent if path.name == set_name else path


@app.command()
def version() -> None:
    """Print the version."""
    out.print(__version__)


if __name__ == "__main__":  # pragma: no cover
    app()
