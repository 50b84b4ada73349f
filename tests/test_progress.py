"""Progress on long commands: files and articles done of the total, rate and time left on a terminal;
nothing at all when stderr is piped."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from typer.testing import CliRunner

from newsgraph import cli
from newsgraph.model import Article, InputProblem, RawDocument
from newsgraph.progress import Tracker

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "dump.txt"


def terminal() -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, force_terminal=True, width=150), buffer


def inputs(tmp_path: Path, n: int) -> list[str]:
    names = []
    for i in range(n):
        path = tmp_path / f"page{i}.txt"
        path.write_text(f"Headline {i}\n\nBody {i}.\n", encoding="utf-8")
        names.append(str(path))
    return names


def test_tracker_counts_files_articles_and_rate_on_a_terminal(tmp_path):
    console, buffer = terminal()
    files = inputs(tmp_path, 3)
    docs = [RawDocument(source=f, text="x") for f in files] + [InputProblem(files[0], "bad")]
    with Tracker(console, [str(tmp_path)], verb="stored") as tracker:
        assert len(tracker.files) == 3 and sum(tracker.sizes.values()) > 0
        for _ in tracker.inputs(docs):
            pass
        articles = [Article(id=str(i), source_file="x", headline=None, text="t") for i in range(5)]
        assert len(list(tracker.articles(articles))) == 5
        tracker.stored_batch(5)
    shown = buffer.getvalue()
    assert "files 3/3" in shown and "articles 5 analysed, 5 stored" in shown and "articles/s" in shown


def test_tracker_is_silent_and_walks_nothing_when_piped(tmp_path):
    buffer = io.StringIO()
    console = Console(file=buffer)  # not a terminal
    with Tracker(console, inputs(tmp_path, 2)) as tracker:
        assert tracker.files == []
        list(tracker.inputs([RawDocument(source="a", text="x")]))
    assert buffer.getvalue() == ""


def test_analyze_shows_progress_on_a_terminal_and_nothing_when_piped(monkeypatch):
    runner = CliRunner()
    result = runner.invoke(cli.app, ["analyze", str(EXAMPLE)])
    assert result.exit_code == 0 and result.stderr == ""  # piped: nothing extra
    console, buffer = terminal()
    monkeypatch.setattr(cli, "err", console)
    result = runner.invoke(cli.app, ["analyze", str(EXAMPLE)])
    assert result.exit_code == 0 and "3 articles" in result.stdout
    assert "files 1/1" in buffer.getvalue() and "articles 3 analysed" in buffer.getvalue()
