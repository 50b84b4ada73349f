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


def test_media_player_and_gallery_furniture_is_not_a_caption(tmp_path):
    from newsgraph.api import analyze

    page = tmp_path / "page.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>Harbour reopens</title></head><body><article><h1>Harbour reopens</h1>"
        "<figure><img src='a.jpg'><figcaption>Image 1 of 8</figcaption></figure>"
        "<figure><img src='b.jpg'><figcaption>Media playback is unsupported on your device</figcaption></figure>"
        "<p>The harbour at Olmhaven reopened on Monday after three days of storms, harbour master Petra Lund said.</p>"
        "<figure><img src='c.jpg'><figcaption>Ferries wait at the Olmhaven quay.</figcaption></figure>"
        "<p>Crews checked every hull overnight and found no damage worth delaying the first crossing.</p>"
        "</article></body></html>", encoding="utf-8")
    (article,) = analyze(str(page)).articles
    assert [c.text for c in article.captions] == ["Ferries wait at the Olmhaven quay."]
    assert "Media playback" not in article.text and "Image 1 of 8" not in article.text


def test_the_readme_gives_the_port_serve_listens_on():
    import inspect
    import re

    from newsgraph.cli import serve

    default = inspect.signature(serve).parameters["port"].default.default
    ports = set(re.findall(r"http://127\.0\.0\.1:(\d+)", (EXAMPLE.parents[1] / "README.md").read_text()))
    assert ports == {str(default)}
