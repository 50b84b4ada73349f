"""Every reader on invented fixtures: plain text, HTML, JSONL, RSS, Atom, gzip, folders, globs, stdin."""

from __future__ import annotations

import gzip
import io
import shutil
import sys

import pytest

from newsgraph.ingest import DEFAULT_MAX_BYTES, read_inputs
from newsgraph.ingest.captions import split_credit
from newsgraph.model import InputProblem, RawDocument

from conftest import FIXTURES

INGEST = FIXTURES / "ingest"


def read_one(path) -> RawDocument:
    items = list(read_inputs([path]))
    assert len(items) == 1, items
    assert isinstance(items[0], RawDocument), items[0]
    return items[0]


def test_default_limit_is_100_mb():
    assert DEFAULT_MAX_BYTES == 100 * 1024 * 1024


def test_plain_text_dump_is_kept_verbatim():
    doc = read_one(INGEST / "dump.txt")
    assert doc.kind == "text"
    assert doc.source == str(INGEST / "dump.txt")
    assert doc.text == (INGEST / "dump.txt").read_text(encoding="utf-8")
    assert "“We ran out of apple cider" in doc.text  # curly quotes survive ftfy


def test_html_page_body_metadata_and_caption():
    doc = read_one(INGEST / "harbour-page.html")
    assert doc.kind == "article"
    assert doc.title == "Ferry strike halts crossings to Velmora Island"
    assert doc.outlet == "The Lantern Courier"
    assert doc.url == "https://lantern-courier.example/news/ferry-strike-velmora"
    assert doc.published == "2024-03-14"
    assert doc.authors == ("Mirela Quodd",)
    assert doc.paragraphs[0].startswith("Crews on the Velmora Island ferry line walked off")
    assert doc.paragraphs[-1].endswith("until the dispute is resolved.")
    assert len(doc.paragraphs) == 4
    assert doc.text == "\n\n".join(doc.paragraphs)
    # furniture stays out of the body: navigation, caption, "Read more", footer, sidebar
    for furniture in ("Port Dallan terminal", "Read more", "All rights reserved", "Most read", "Sport"):
        assert furniture not in doc.text
    (caption,) = doc.captions
    assert caption.text == "Ferries sit idle at the Port Dallan terminal on Tuesday."
    assert caption.credit == "AP Photo/Jane Doe"


@pytest.mark.parametrize(
    "raw, text, credit",
    [
        ("Crowds gather in the square. (AFP)", "Crowds gather in the square.", "AFP"),
        ("A farmer in his field.Credit: Getty Images", "A farmer in his field.", "Getty Images"),
        ("The old mill at dawn. Photo: Lira Venn/Reuters", "The old mill at dawn.", "Lira Venn/Reuters"),
        ("Image copyright Getty Images Image caption The new bridge", "The new bridge", "Getty Images"),
        ("Traders on the exchange floor (NYSE)", "Traders on the exchange floor (NYSE)", None),
    ],
)
def test_caption_credit_split(raw, text, credit):
    caption = split_credit(raw)
    assert (caption.text, caption.credit) == (text, credit)


def test_html_caption_with_credit_element(tmp_path):
    page = tmp_path / "credit.html"
    body = " ".join(["The valley reservoir reached its lowest level in a decade this week, officials said."] * 3)
    page.write_text(
        "<html><head><title>Reservoir low</title></head><body><article><h1>Reservoir low</h1>"
        "<figure><img src='r.jpg'><figcaption><span class='caption-text'>The dry bed of the reservoir.</span>"
        "<span class='photo-credit'>Oren Malk / Getty Images</span></figcaption></figure>"
        f"<p>{body}</p><p>{body}</p></article></body></html>",
        encoding="utf-8",
    )
    doc = read_one(page)
    assert [(c.text, c.credit) for c in doc.captions] == [("The dry bed of the reservoir.", "Oren Malk / Getty Images")]
    assert "dry bed" not in doc.text


def test_jsonl_text_and_html_lines():
    first, second = list(read_inputs([INGEST / "newsroom.jsonl"]))
    assert first.source == f"{INGEST / 'newsroom.jsonl'}:1"
    assert first.kind == "article"
    assert first.paragraphs == (
        "The Orlaven city council voted on Monday to close the old tram depot.",
        "Councillor Ines Farrow said the site would become a public park.",
    )
    assert (first.title, first.url, first.published, first.outlet) == (
        "Orlaven council closes tram depot", "https://orlaven-daily.example/tram", "2031-05-02", "Orlaven Daily")
    assert second.source.endswith("newsroom.jsonl:2")
    assert second.title == "Quarry expansion paused"
    assert second.outlet == "Brennick Herald"  # the JSON field wins over the page
    assert second.published == "2031-06-20"
    assert second.paragraphs[0].startswith("A court in the valley town of Brennick")
    assert len(second.paragraphs) == 3


def test_rss_feed_entries():
    first, second = list(read_inputs([INGEST / "regional.rss"]))
    assert first.source.endswith("regional.rss#1")
    assert first.title == "Bridge repairs delayed by floods"
    assert first.url == "https://tessaly-gazette.example/bridge"
    assert first.published == "2031-11-04T09:15:00Z"
    assert first.outlet == "Tessaly Valley Gazette"
    assert first.paragraphs == (
        "Repairs to the Arnvale bridge were delayed again after the river rose overnight.",
        "Engineer Pella Rusk said work would resume next week.",
    )
    assert second.text == "The Arnvale school choir won the national youth prize on Wednesday."


def test_atom_feed_entry():
    (entry,) = list(read_inputs([INGEST / "coastal.atom"]))
    assert entry.title == "Storm warning lifted for Keswell coast"
    assert entry.url == "https://coastal-wire.example/storm"
    assert entry.published == "2031-08-01T10:30:00Z"
    assert entry.authors == ("Davin Oakes",)
    assert entry.paragraphs[1] == "Fishing boats were allowed back to sea by noon."


def test_gzip_is_read_transparently(tmp_path):
    packed = tmp_path / "harbour-page.html.gz"
    packed.write_bytes(gzip.compress((INGEST / "harbour-page.html").read_bytes()))
    doc = read_one(packed)
    assert doc.source == str(packed)
    assert doc.title == "Ferry strike halts crossings to Velmora Island"
    assert doc.captions[0].credit == "AP Photo/Jane Doe"


def test_gzip_magic_without_suffix_and_jsonl_sniffed(tmp_path):
    packed = tmp_path / "export.data"
    packed.write_bytes(gzip.compress((INGEST / "newsroom.jsonl").read_bytes()))
    docs = list(read_inputs([packed]))
    assert [d.source for d in docs] == [f"{packed}:1", f"{packed}:2"]


def test_directory_is_read_recursively_in_order(tmp_path):
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    shutil.copy(INGEST / "dump.txt", nested / "dump.txt")
    shutil.copy(INGEST / "coastal.atom", tmp_path / "a" / "coastal.atom")
    (tmp_path / ".hidden.txt").write_text("skipped", encoding="utf-8")
    sources = [d.source for d in read_inputs([tmp_path])]
    # a folder's own files first (sorted), then its subfolders (sorted); hidden files skipped
    assert sources == [f"{tmp_path / 'a' / 'coastal.atom'}#1", f"{tmp_path / 'a' / 'b' / 'dump.txt'}"]


def test_glob_pattern(tmp_path):
    for name in ("one.txt", "two.txt", "three.md"):
        (tmp_path / name).write_text(f"Text of {name} about the Orlaven tram.", encoding="utf-8")
    sources = sorted(d.source for d in read_inputs([str(tmp_path / "*.txt")]))
    assert sources == [str(tmp_path / "one.txt"), str(tmp_path / "two.txt")]


def test_stdin(monkeypatch):
    data = (INGEST / "dump.txt").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    (doc,) = list(read_inputs(["-"]))
    assert doc.source == "<stdin>"
    assert doc.kind == "text"
    assert doc.text.startswith("Harvest festival draws record crowds in Lunvik")


def test_stdin_html_is_sniffed(monkeypatch):
    data = (INGEST / "harbour-page.html").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    (doc,) = list(read_inputs(["-"]))
    assert doc.kind == "article" and doc.title == "Ferry strike halts crossings to Velmora Island"


def test_latin1_text_is_decoded(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Le café de la Señora Ibáñez a fermé ses portes à Orlaven après trente années de service.".encode("latin-1"))
    assert read_one(path).text.startswith("Le café de la Señora Ibáñez")


def test_mojibake_is_repaired_but_quotes_stay_curly(tmp_path):
    path = tmp_path / "mojibake.txt"
    path.write_text("The mayor said “we will rebuild” and the cafÃ© reopened.", encoding="utf-8")
    assert read_one(path).text == "The mayor said “we will rebuild” and the café reopened."


def test_problems_do_not_hide_good_inputs(tmp_path):
    items = list(read_inputs([tmp_path / "missing.txt", INGEST / "dump.txt"]))
    assert isinstance(items[0], InputProblem) and isinstance(items[1], RawDocument)
