"""Small command-line behaviours: --version, conflicting output options."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

import newsgraph
from newsgraph.cli import app

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "dump.txt"
runner = CliRunner()


def test_version_option_prints_the_version_and_exits():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout == f"newsgraph {newsgraph.__version__}\n"


def test_json_and_jsonl_together_is_one_line_and_exit_2():
    result = runner.invoke(app, ["analyze", str(EXAMPLE), "--json", "--jsonl"])
    assert result.exit_code == 2
    assert result.stdout == "" and result.stderr == "error give --json or --jsonl, not both\n"
