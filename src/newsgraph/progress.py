"""How far has a long command got? Files read of the total, articles analysed (and stored), the rate
and the time left, on one line of the terminal's stderr; nothing at all when stderr is not a terminal.

``Tracker.inputs`` and ``Tracker.articles`` wrap the streams a command already has (documents read,
articles analysed) and count what passes, so the pipeline itself knows nothing of progress. The
time left is worked out from the bytes of the files read so far, of the total found up front.
"""

from __future__ import annotations

import os
import time
from typing import Iterable, Iterator, TypeVar

from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, Task, TextColumn, TimeRemainingColumn
from rich.text import Text

from newsgraph.model import Article, InputProblem

T = TypeVar("T")


class _Rate(ProgressColumn):
    def render(self, task: Task) -> Text:
        return Text(task.fields.get("rate", ""), style="progress.data.speed")


def _file_of(source: str, files: set[str]) -> str | None:
    """The input file a document's source names ("a.jsonl:12" -> "a.jsonl")."""
    if source in files:
        return source
    head = source
    while ":" in head or "#" in head:
        head = head[: max(head.rfind(":"), head.rfind("#"))]
        if head in files:
            return head
    return None


class Tracker:
    """Counts files, articles analysed and articles stored, and shows them while running."""

    def __init__(self, console: Console, paths: Iterable[str], verb: str = "analysed") -> None:
        from newsgraph.ingest.sources import expand_paths

        self.console, self.verb = console, verb
        self.shown = console.is_terminal
        self.files = list(dict.fromkeys(expand_paths(paths))) if self.shown else []
        self.sizes = {f: _size(f) for f in self.files}
        self.seen: set[str] = set()
        self.analysed = self.stored = 0
        self.start = time.monotonic()
        self._progress: Progress | None = None
        self._task = None

    def __enter__(self) -> Tracker:
        if self.shown:
            self._progress = Progress(
                TextColumn("{task.description}"), BarColumn(), _Rate(), TimeRemainingColumn(),
                console=self.console, transient=True,
            )
            self._progress.start()
            total = sum(self.sizes.values()) or len(self.files) or None
            self._task = self._progress.add_task(self._text(), total=total)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._update()
            self._progress.refresh()  # the final counts are drawn once before the line goes
            self._progress.stop()

    @property
    def console_for_lines(self) -> Console:
        """Where to print a line (a problem) so that it appears above the progress line."""
        return self._progress.console if self._progress is not None else self.console

    def _text(self) -> str:
        files = f"files {min(len(self.seen), len(self.files))}/{len(self.files)}" if self.files else "reading"
        stored = f", {self.stored} stored" if self.verb == "stored" else ""
        return f"{files}  articles {self.analysed} analysed{stored}"

    def _update(self, description: str | None = None) -> None:
        if self._progress is None:
            return
        elapsed = max(time.monotonic() - self.start, 1e-6)
        rate = f"{self.analysed / elapsed:.1f} articles/s" if self.analysed else ""
        done = sum(self.sizes[f] for f in self.seen) if sum(self.sizes.values()) else len(self.seen)
        self._progress.update(self._task, description=description or self._text(), completed=done, rate=rate)

    def inputs(self, items: Iterable[T]) -> Iterator[T]:
        """The documents read, passed on; each new file counts as read."""
        known = set(self.files)
        for item in items:
            source = getattr(item, "source", None)
            if source is not None and known:
                name = _file_of(source, known)
                if name is not None and name not in self.seen:
                    self.seen.add(name)
                    self._update()
            yield item

    def articles(self, items: Iterable[Article | InputProblem]) -> Iterator[Article | InputProblem]:
        """The analysed stream, passed on; each article counts as analysed."""
        for item in items:
            if not isinstance(item, InputProblem):
                self.analysed += 1
                self._update()
            yield item

    def stored_batch(self, n: int) -> None:
        self.stored += n
        self._update()

    def step(self, description: str) -> None:
        """A last step with no count of its own (linking across articles)."""
        self._update(description)


def _size(name: str) -> int:
    try:
        return os.path.getsize(name)
    except OSError:
        return 0
