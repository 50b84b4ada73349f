"""The ``newsgraph`` command: thin — parses options, calls the pipeline and the store, prints."""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path
from typing import Iterator, Optional

import typer
from rich.console import Console
from typer.core import TyperGroup

from newsgraph import __version__, claim_command, options
from newsgraph.evaluate.commands import eval_app
from newsgraph.training.commands import train_app
from newsgraph.listing import (
    ENTITY_COLUMNS, EVENT_COLUMNS, LIST_FORMATS, QUOTE_COLUMNS, SEARCH_COLUMNS, first, print_rows, who, write_json,
)
from newsgraph.model import STANCES
from newsgraph.terminal import escape, failures, json_text, problem_line


class OneLineErrors(TyperGroup):
    """Every bad option value, missing extra or store that cannot be read ends the command with one
    line on stderr naming it (exit status 2; 1 for a store that failed), never a traceback or a panel."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):  # type: ignore[override]
        from newsgraph.store import NoSuchStore, StoreError

        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except typer.TyperException as exc:  # the command line did not parse (typer's own click)
            if type(exc).__name__ == "NoArgsIsHelpError":
                exc.show()  # type: ignore[attr-defined]
            else:
                _error(getattr(exc, "format_message", exc.__str__)())
            sys.exit(getattr(exc, "exit_code", 2))
        except typer.Abort:
            _error("aborted")
            sys.exit(1)
        except (options.OptionError, options.MissingExtra, NoSuchStore) as exc:
            _error(str(exc))
            sys.exit(2)
        except StoreError as exc:
            _error(str(exc))
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


def _error(message: str) -> None:
    """One line on stderr, never wrapped."""
    err.print(f"[red]error[/red] {escape(message)}", soft_wrap=True)


app = typer.Typer(help="Raw news in; who said what, who did what to whom, where and when out.", no_args_is_help=True,
                  cls=OneLineErrors)
app.add_typer(eval_app, name="eval")
app.command("claim")(claim_command.claim)
app.add_typer(train_app, name="train")

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
    _check_data_files()


def _check_data_files() -> None:
    """A broken data file stops every command with one line naming the file and line."""
    from newsgraph.datafiles import DataFileError
    from newsgraph.resources import check_data_files

    try:
        check_data_files()
    except DataFileError as exc:
        err.print(f"[red]error[/red] data file {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(2) from None


DbOption = typer.Option(None, "--db", help="SQLite file, or postgresql://... (default: a file in the user data dir)")
FormatOption = typer.Option("table", "--format", "-f", help="table | json | jsonl | csv")
SinceOption = typer.Option(None, help="ISO date (YYYY[-MM[-DD]]): published on or after it.")
UntilOption = typer.Option(None, help="ISO date (YYYY[-MM[-DD]]): published on or before it.")
OutletOption = typer.Option(None, help="Only articles of this outlet (case-insensitive).")


@contextlib.contextmanager
def _open(db: Optional[str], create: bool = False) -> Iterator:
    """The store ``--db`` names (checked first); the default one is named on stderr's first line.
    Only ``create`` (ingest) makes a store that does not exist; for the rest that is an error."""
    from newsgraph.store import DB_ENV, default_store_path, open_store

    target = options.store_target(db)
    if target is None:
        import os

        source = f"${DB_ENV}" if os.environ.get(DB_ENV) else "the default"
        err.print(f"store: {escape(default_store_path())} ({source}; --db picks another)")
    with open_store(target, create=create) as store:
        yield store


def _check_options(published: Optional[str], batch_size: int = 1) -> None:
    """One line naming the option, and exit status 2, for an option value that cannot work."""
    options.at_least(batch_size, 1, "--batch-size")
    if published is not None and not _is_date(published):
        raise options.OptionError("--published", published, f"is not a date (give {options.DATE_FORMS})")


def _is_date(value: str) -> bool:
    from newsgraph.segment.article import iso_date

    try:
        return iso_date(value) is not None  # a date on the calendar, or None
    except (ValueError, OverflowError):
        return False


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
    from newsgraph.ingest import read_inputs
    from newsgraph.model import Article
    from newsgraph.pipeline import Options, analyze_documents, link_articles
    from newsgraph.progress import Tracker

    _check_options(published)
    if as_json and as_jsonl:
        _error("give --json or --jsonl, not both")
        raise typer.Exit(2)
    articles: list[Article] = []
    problems: list = []
    with Tracker(err, paths) as tracker:  # shown on a terminal only
        for item in tracker.articles(analyze_documents(tracker.inputs(read_inputs(paths)),
                                                       Options(published=published, outlet=outlet))):
            if isinstance(item, Article):
                articles.append(item)
            else:
                problems.append(item)
                tracker.console_for_lines.print(problem_line(item))
        tracker.step("linking across articles")
        analysis = link_articles(articles)
    if as_json:
        write_json(analysis.to_dict(), output)
    elif as_jsonl:
        lines = "".join(json_text(json.dumps(a.to_dict(), ensure_ascii=False)) + "\n" for a in analysis.articles)
        (output.write_text(lines, encoding="utf-8") if output else sys.stdout.write(lines))
    else:
        from newsgraph.show import print_analysis

        print_analysis(analysis, out)
    if failures(problems):
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
    from newsgraph.pipeline import Options

    _check_options(published, batch_size)
    options.store_target(db)
    if workers is not None or scheduler is not None:
        from newsgraph.scale import ingest_on_dask

        if workers is not None and scheduler is not None:
            raise options.OptionError("--scheduler", scheduler, "cannot go with --workers: give one of them")
        report = ingest_on_dask(
            paths, db, work_dir, workers=workers, scheduler=scheduler,
            options=Options(published=published, outlet=outlet, batch_size=batch_size),
            on_problem=lambda p: err.print(problem_line(p)),
            on_start=lambda folder: err.print(f"work dir: {escape(folder)}"),
        )
        err.print(f"partitions: {report.partitions} (analysed {report.computed}, reused {report.reused}, "
                  f"already loaded {report.already_loaded})")
        _ingest_summary(report)
        return

    from newsgraph.ingest import read_inputs
    from newsgraph.ingest.fetch import FetchPolicy
    from newsgraph.pipeline import StoreTally, analyze_documents, relink, store_in_batches
    from newsgraph.progress import Tracker

    tally = StoreTally()
    with _store_failure(tally), _open(db, create=True) as store, Tracker(err, paths, verb="stored") as tracker:
        run = Options(published=published, outlet=outlet, batch_size=batch_size,
                      already_done=lambda article_id: store.get_article(article_id) is not None)
        store_in_batches(
            tracker.articles(analyze_documents(
                tracker.inputs(read_inputs(paths, fetch_policy=FetchPolicy(delay=crawl_delay))), run)), store, tally,
            batch_size=batch_size, on_problem=lambda p: tracker.console_for_lines.print(problem_line(p)),
            on_stored=tracker.stored_batch,
        )
        if store.links_stale():  # new articles, or links a killed run never saved
            tracker.step("linking across articles")
            relink(store)
    _ingest_summary(tally)


@app.command(name="relink")
def relink_command(db: Optional[str] = DbOption,
                   all_: bool = typer.Option(False, "--all", help="link every stored article again, not only the new")) -> None:
    """Link across stored articles what is not linked yet (--all: everything again): identities, stories, contradictions."""
    from newsgraph.pipeline import relink

    with _open(db) as store:
        report = relink(store, full=all_)
        stale = store.links_stale()
    err.print(f"stories: {report.stories}  contradictions across articles: {report.contradictions}"
              + ("  (articles were added meanwhile: links are stale again)" if stale else ""))


@contextlib.contextmanager
def _store_failure(tally) -> Iterator[None]:
    """The store failing mid-ingest (disk full, server gone): its one line, then the counts, exit 1.
    The failed batch was rolled back; every batch committed before it stays, and the counts say how many."""
    from newsgraph.store import NoSuchStore, StoreError

    try:
        yield
    except NoSuchStore:
        raise
    except StoreError as exc:
        _error(f"{exc}; the articles stored before it are kept")
        err.print(f"new: {tally.new}  duplicate: {tally.duplicate}  failed: {len(failures(tally.problems))}")
        raise typer.Exit(1) from None


def _ingest_summary(tally) -> None:  # a StoreTally, or the distributed runner's report (same fields)
    """One line of counts; the exit status says whether any input failed."""
    failed = failures(tally.problems)
    warned = len(tally.problems) - len(failed)
    err.print(f"new: {tally.new}  duplicate: {tally.duplicate}  failed: {len(failed)}"
              + (f"  warnings: {warned}" if warned else ""))
    if failed:
        raise typer.Exit(1)


def _listing_options(fmt: str, limit: int, since: Optional[str], until: Optional[str]) -> tuple[str, str | None, str | None]:
    """The options every query command shares, checked before the store is opened."""
    options.at_least(limit, 1, "--limit")
    since, until = options.date_range(since, until)
    return options.output_format(fmt, LIST_FORMATS), since, until


@app.command()
def search(
    query: str = typer.Argument(..., help="Words to find in headlines and article text."),
    outlet: Optional[str] = OutletOption,
    since: Optional[str] = SinceOption,
    until: Optional[str] = UntilOption,
    limit: int = typer.Option(20, help="How many hits at most."),
    fmt: str = FormatOption,
    db: Optional[str] = DbOption,
) -> None:
    """Full-text search over stored articles."""
    fmt, since, until = _listing_options(fmt, limit, since, until)
    with _open(db) as store:
        hits = store.search(query, limit=limit, outlet=outlet, since=since, until=until)
    print_rows(hits, fmt, out, SEARCH_COLUMNS)


@app.command()
def show(
    article_id: str = typer.Argument(..., help="An article id or a unique prefix of it (6+ characters)."),
    db: Optional[str] = DbOption,
    as_json: bool = typer.Option(False, "--json", help="Print the article record as JSON."),
) -> None:
    """Show one stored article with what was extracted from it."""
    from newsgraph.model import Analysis
    from newsgraph.show import print_analysis

    with _open(db) as store:
        article = store.get_article(article_id)
    if article is None:
        err.print(f"no article with id {escape(article_id)}")
        raise typer.Exit(1)
    if as_json:
        write_json(article.to_dict(), None)
    else:
        print_analysis(Analysis(newsgraph_version=__version__, articles=(article,)), out)


@app.command()
def export(
    table: Optional[str] = typer.Option(
        None, "--table", "-t", help="articles | quotes | events | entities | mentions | contradictions | stories"),
    fmt: str = typer.Option("jsonl", "--format", "-f", help="csv | tsv | parquet | jsonl; for events also gdelt | plover"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="File to write (stdout unless parquet)."),
    db: Optional[str] = DbOption,
) -> None:
    """Export a table (typed columns, ids that join), or without --table every article record as JSON lines."""
    from newsgraph.store.eventdata import EVENT_FORMATS
    from newsgraph.store.export import TABLE_FORMATS
    from newsgraph.store.tables import TABLE_NAMES

    if table is None and fmt == "jsonl":
        with _open(db) as store:
            n = store.export("jsonl", output if output else sys.stdout)
        err.print(f"exported {n} article records")
        return
    table = options.one_of(table or ("events" if fmt in EVENT_FORMATS else "articles"), TABLE_NAMES, "--table")
    fmt = options.output_format(fmt, (*TABLE_FORMATS, *EVENT_FORMATS))
    if fmt in EVENT_FORMATS and table != "events":
        raise options.OptionError("--format", fmt, f"is a format for --table events, not {table}")
    if fmt == "parquet" and output is None:
        raise options.OptionError("--format", fmt, "needs -o FILE (Parquet is binary)")
    with _open(db) as store:
        n = store.export_table(table, fmt, output if output else sys.stdout)
    err.print(f"exported {n} rows of {table}" + (" (only events that happened: negated, hypothetical, intended, attempted left out)"
                                                 if fmt in EVENT_FORMATS else ""))


@app.command()
def quotes(
    speaker: Optional[str] = typer.Option(None, help="Speaker as written or resolved (substring)."),
    stance: Optional[str] = typer.Option(None, help=" | ".join(STANCES)),
    text: Optional[str] = typer.Option(None, help="Full-text search over what was said."),
    anonymous: Optional[bool] = typer.Option(None, "--anonymous/--named", help="Only anonymous or only named speakers."),
    outlet: Optional[str] = OutletOption,
    since: Optional[str] = SinceOption,
    until: Optional[str] = UntilOption,
    limit: int = typer.Option(100, help="How many at most."),
    fmt: str = FormatOption,
    db: Optional[str] = DbOption,
) -> None:
    """Who said what: stored attributions, filtered; the speaker as resolved ("He" is who?)."""
    fmt, since, until = _listing_options(fmt, limit, since, until)
    stance = options.stance(stance)
    with _open(db) as store:
        rows = first(store.list_attributions, limit, speaker=speaker, stance=stance, text=text, anonymous=anonymous,
                      outlet=outlet, since=since, until=until)
    print_rows(rows, fmt, out, QUOTE_COLUMNS)


@app.command()
def entities(
    name: Optional[str] = typer.Argument(None, help="Only identities whose name or alias contains this."),
    type: Optional[str] = typer.Option(None, "--type", help=", ".join(options.ENTITY_TYPES)),
    outlet: Optional[str] = OutletOption,
    since: Optional[str] = SinceOption,
    until: Optional[str] = UntilOption,
    limit: int = typer.Option(50, help="How many at most."),
    fmt: str = FormatOption,
    db: Optional[str] = DbOption,
) -> None:
    """Identities across the store, by the number of articles they appear in (in the range, if given)."""
    fmt, since, until = _listing_options(fmt, limit, since, until)
    type = options.entity_type(type)
    with _open(db) as store:
        rows = first(store.list_entities, limit, name=name, type=type, outlet=outlet, since=since, until=until)
    print_rows(rows, fmt, out, ENTITY_COLUMNS)


@app.command()
def entity(
    key: str = typer.Argument(..., help="A name, alias or canonical id."),
    db: Optional[str] = DbOption,
) -> None:
    """One identity: what it said, what was said about it, and its events in time order."""
    with _open(db) as store:
        profile = store.entity_profile(key)
    if profile is None:
        err.print(f"no entity {escape(key)!r}")
        raise typer.Exit(1)
    e = profile.entity
    out.rule(f"[bold]{escape(e.name)}[/bold] {e.type} {escape(e.canonical_id)}")
    if e.aliases or e.roles:
        out.print(f"also called {escape(', '.join(e.aliases)) or '-'}; roles {escape(', '.join(e.roles)) or '-'}")
    for title, rows in (("said", profile.said), ("said about it", profile.said_about)):
        if rows:
            out.print(f"[bold]{title}[/bold]")
            print_rows(rows, "table", out, QUOTE_COLUMNS)
    print_rows(profile.events, "table", out, EVENT_COLUMNS, empty="no events")


@app.command()
def events(
    type: Optional[str] = typer.Option(None, "--type", help="PLOVER category, e.g. CONSULT"),
    actor: Optional[str] = typer.Option(None, help="Actor or target name (substring) or canonical id."),
    place: Optional[str] = typer.Option(None, help="Place name (substring) or ISO country code."),
    outlet: Optional[str] = OutletOption,
    since: Optional[str] = typer.Option(None, help="ISO date: events on or after it."),
    until: Optional[str] = typer.Option(None, help="ISO date: events on or before it."),
    factuality: Optional[str] = typer.Option(None, help="happened (default: asserted or reported), all, or one "
                                             "of asserted, reported, negated, hypothetical, intended, attempted."),
    limit: int = typer.Option(50, help="How many at most."),
    fmt: str = FormatOption,
    db: Optional[str] = DbOption,
) -> None:
    """Who did what to whom, where and when (what happened, unless --factuality says otherwise)."""
    fmt, since, until = _listing_options(fmt, limit, since, until)
    type, factuality = options.event_type(type), options.factuality(factuality)
    with _open(db) as store:
        rows = first(store.list_events, limit, type=type, actor=actor, place=place, since=since, until=until,
                     outlet=outlet, factuality=factuality)
    print_rows(rows, fmt, out, EVENT_COLUMNS, empty="no events")


@app.command()
def stories(
    min_articles: int = typer.Option(2, help="Only stories told by at least this many articles."),
    limit: int = typer.Option(20),
    db: Optional[str] = DbOption,
) -> None:
    """Articles about the same event, with the timeline of who reported, relayed and denied."""
    options.at_least(limit, 1, "--limit")
    with _open(db) as store:
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
    options.at_least(limit, 1, "--limit")
    with _open(db) as store:
        rows = store.list_contradictions(limit=limit).items
    for r in rows:
        where = "across articles" if r.across_articles else "same article"
        out.rule(f"{where}: {escape(r.why)}")
        for label, q in (("claim", r.claim), ("countered by", r.countered_by)):
            out.print(f"[bold]{label}[/bold] {escape(who(q))} ({q.stance}, "
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

    with _open(db, create=bool(token)):  # a store to read must exist; one to ingest into may be new
        pass
    err.print(f"newsgraph on http://{host}:{port}/  (API docs: /docs; ingest {'enabled' if token else 'disabled'})")
    run_server(db, host=host, port=port, token=token, allow_hosts=tuple(allow_host))


@app.command()
def version() -> None:
    """Print the version."""
    out.print(__version__)


if __name__ == "__main__":  # pragma: no cover
    app()
