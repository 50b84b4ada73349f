"""The README's Use block, run as written from top to bottom in a fresh directory (holding a copy of
examples/), prints what its comments say: every command succeeds, no query comes back empty, each
quoted output ("..." stands for any text) is printed, and each -o file is written."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

from typer.testing import CliRunner

from newsgraph.cli import app

ROOT = Path(__file__).resolve().parents[1]


def use_block() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Use\n\n```bash\n(.*?)```", readme, re.S).group(1)
    return [line for line in block.splitlines() if line.strip() and not line.startswith("#")]


def test_readme_use_block_runs_as_written(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSGRAPH_DB", str(tmp_path / "not-this-one.db"))  # every line names its store
    runner = CliRunner()
    lines = use_block()
    assert lines[-1].startswith("newsgraph serve --db news.db")  # runs until stopped: checked, not started
    for line in lines[:-1]:
        code, comment = (line.split("  # ", 1) + [""])[:2]
        said = re.findall(r'"([^"]+)"', comment)
        for command in code.split(";"):
            args = shlex.split(command)
            assert args[0] == "newsgraph" and ("--db" in args or args[1] == "analyze"), command
            result = runner.invoke(app, args[1:])
            printed = result.stdout + result.stderr
            assert result.exit_code == 0, (command, printed[-2000:])
            assert not re.search(r"^no (match|events|stories|contradictions)$", printed, re.M), (command, printed)
            if "-o" in args:
                assert (tmp_path / args[args.index("-o") + 1]).stat().st_size > 0
            for text in said:
                pattern = ".*".join(re.escape(part) for part in text.split("..."))
                assert re.search(pattern, printed), (command, text, printed[-2000:])
    assert not (tmp_path / "not-this-one.db").exists()
