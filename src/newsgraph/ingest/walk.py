"""Which files does a folder or a glob pattern name, without ever going round a symlink loop?

Folders are walked depth first: a folder's own files (sorted), then its subfolders (sorted);
names starting with a dot are skipped, as ``glob`` and ``ls`` skip them. Each folder is
entered once, by its real path. A symbolic link to a folder is followed only when it leads
out of the folder being walked to a folder not yet read; a link back inside (a loop, or a
second name for files read anyway), and a folder that cannot be listed, yields one
``InputProblem`` rather than vanishing. Globs follow ``glob`` rules (``*`` stays within a
name, ``**`` matches any depth, dot names only for a pattern starting with a dot) and walk
under the same guard, so ``**`` over a loop ends.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterator

from newsgraph.model import InputProblem

Found = str | InputProblem  # a file name, or a line about a folder that was skipped
_GLOB_CHARS = set("*?[")


def has_glob(text: str) -> bool:
    return bool(_GLOB_CHARS & set(text))


def _listed(folder: str, hidden: bool = False) -> tuple[list[os.DirEntry], InputProblem | None]:
    """The entries of a folder sorted by name (dot names only if ``hidden``), or the problem
    that stopped listing it."""
    try:
        with os.scandir(folder or ".") as entries:
            return sorted((e for e in entries if hidden or not e.name.startswith(".")), key=lambda e: e.name), None
    except PermissionError:
        return [], InputProblem(folder, "folder could not be read (permission denied); skipped")
    except OSError as err:
        return [], InputProblem(folder, f"folder could not be read ({err.strerror or err}); skipped")


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()  # follows a symbolic link to see what it points at
    except OSError:
        return False


def _inside(real: str, top: str) -> bool:
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def _skip(path: str, top: str, seen: set[str]) -> InputProblem | None:
    """Why the subfolder ``path`` of a walk from ``top`` is not entered (None: enter it)."""
    real = os.path.realpath(path)
    if os.path.islink(path) and _inside(real, top):
        return InputProblem(path, f"symbolic link to a folder inside {top} (a loop, or read there); not followed")
    if real in seen:
        return InputProblem(path, f"leads to a folder already read ({real}); not followed")
    return None


class Walker:
    """Walks for one input argument, remembering the real path of every folder entered."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def walk(self, folder: str) -> Iterator[Found]:
        """Every visible file under ``folder``, and a problem for each subfolder skipped.

        A folder already entered by this walker yields nothing: its files were named already.
        """
        top = os.path.realpath(folder)
        if top in self.seen:
            return
        stack = [folder]
        while stack:
            path = stack.pop()
            self.seen.add(os.path.realpath(path))
            entries, problem = _listed(path)
            if problem:
                yield problem
            subfolders = []
            for entry in entries:
                if not _is_dir(entry):
                    yield entry.path
                elif skip := _skip(entry.path, top, self.seen):
                    yield skip
                else:
                    subfolders.append(entry.path)
            stack.extend(reversed(subfolders))

    def glob(self, pattern: str) -> list[Found]:
        """The names a glob pattern matches (sorted), then the problems met while matching it."""
        start = os.sep if pattern.startswith(os.sep) else ""
        matches: set[str] = set()
        problems: list[InputProblem] = []
        try:
            for found in self._match(start, [p for p in pattern.split(os.sep) if p], None):
                if isinstance(found, InputProblem):
                    problems.append(found)
                else:
                    matches.add(found)
        except RecursionError:
            problems.append(InputProblem(pattern, "the pattern reaches folders nested too deeply; matching stopped"))
        return [*sorted(matches), *problems]

    def _match(self, folder: str, parts: list[str], top: str | None) -> Iterator[Found]:
        """Paths under ``folder`` matching the pattern components ``parts``; ``top`` is the
        real path of the folder where the ``**`` being expanded started."""
        if not parts:
            yield folder
            return
        head, rest = parts[0], parts[1:]
        if head == "**":
            if not rest:  # a trailing "**" names the folder itself; the caller walks it
                yield folder or "."
                return
            yield from self._recurse(folder, rest, top or os.path.realpath(folder or "."), set())
        elif not has_glob(head):
            path = os.path.join(folder, head)
            if (not rest and os.path.lexists(path)) or os.path.isdir(path):
                yield from self._match(path, rest, None)
        elif os.path.isdir(folder or "."):
            entries, problem = _listed(folder, hidden=head.startswith("."))
            if problem:
                yield problem
            for entry in entries:
                if fnmatch.fnmatchcase(entry.name, head) and (not rest or _is_dir(entry)):
                    yield from self._match(os.path.join(folder, entry.name), rest, None)

    def _recurse(self, folder: str, rest: list[str], top: str, entered: set[str]) -> Iterator[Found]:
        """``**`` then ``rest``: ``rest`` matched in ``folder`` and in every folder below it."""
        entered.add(os.path.realpath(folder or "."))
        yield from self._match(folder, rest, None)
        entries, problem = _listed(folder)
        if problem:
            yield problem
        for entry in entries:
            if not _is_dir(entry):
                continue
            path = os.path.join(folder, entry.name)
            if skip := _skip(path, top, entered):
                yield skip
            else:
                yield from self._recurse(path, rest, top, entered)
