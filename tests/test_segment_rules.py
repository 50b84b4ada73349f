"""Segmentation rules on invented fixtures: separators, captions and credits, subheads, artifacts, metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.model import Caption, RawDocument
from newsgraph.segment import as_caption, caption_date, infer_outlet, is_artifact, parse_credit, segment
from newsgraph.segment.lines import byline_names, is_separator

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "segment"


def segment_file(name: str, **kwargs):
    path = FIXTURES / name
    return segment(RawDocument(source=str(path), text=path.read_text(encoding="utf-8")), **kwargs)


def test_explicit_separators_split_a_dump():
    articles = segment_file("separators.txt")
    assert [a.headline for a in articles] == [
        "Harbour Cranes Fall Silent as Dockworkers Strike in Lindmark",
        "Ferry Operator Cancels Winter Crossings to Osterby Island",
        "Lindmark Council Approves New Sea Wall After Winter Floods",
    ]
    assert [len(a.paragraphs) for a in articles] == [3, 3, 2]
    assert articles[0].authors == ("Petra Solheim",)
    assert articles[1].authors == ()
    assert "Advertisement" not in articles[1].text
    assert not any("END OF ARTICLE" in a.text or "* * *" in a.text for a in articles)


def test_section_breaks_split_only_before_a_headline():
    articles = segment_file("section_breaks.txt")
    assert [a.headline for a in articles] == [
        "Three Questions Before the Harbour Vote in Lindmark", "Ferry Company Names New Director"]
    assert articles[0].subheads == ("WHO HOLDS THE MAJORITY?", "WHAT HAPPENS TO THE BOATS?")
    assert len(articles[0].paragraphs) == 5
    assert articles[0].paragraphs[-1].startswith("Fishing families say")
    assert [len(a.paragraphs) for a in articles][1] == 2


def test_form_feed_is_a_separator():
    articles = segment_file("formfeed.txt")
    assert [a.headline for a in articles] == [
        "Night Trains Return to the Oster Line", "Harbour Museum in Kalm Reopens After Renovation"]
    assert [len(a.paragraphs) for a in articles] == [2, 2]


def test_article_starts_without_repeated_blocks():
    """A headline followed by a caption, or a title-case line after a wide gap, opens a new article."""
    articles = segment_file("no_repeat.txt")
    assert [a.headline for a in articles] == [
        "Miners Trapped in Kessel Pit Are Rescued After Three Days",
        "Drought Forces Water Rationing in Pell Valley Towns",
        "Students Return to Rebuilt School in Hollin After Fire",
    ]
    assert [len(a.paragraphs) for a in articles] == [2, 2, 2]
    assert [c.credit for c in articles[1].captions] == ["AFP"]


def test_one_article_file_with_subheads_artifacts_and_repeats():
    (article,) = segment_file("single.txt")
    assert article.headline == "Vintners in Calder Valley Brace for Early Frost"
    assert article.authors == ("Marta Quill", "Joren Vass")
    assert article.subheads == ("WHAT COMES NEXT", "A Long Road to Recovery")
    assert len(article.paragraphs) == 5
    assert article.paragraphs[0].startswith("Wine growers across the Calder Valley")
    assert article.paragraphs[-1].startswith("Growers who lost their crops")
    for junk in ("KX", "Share this article", "Advertisement", "Click here", "Read the rest", "Reporting by"):
        assert junk not in article.text
    assert article.text.count("about a third of the harvest") == 1


def test_captions_with_every_kind_of_credit():
    (article,) = segment_file("credits.txt")
    assert [(c.credit, c.date) for c in article.captions] == [
        ("Hanne Tjell", "2025-02-03"),
        ("Reuters", None),
        ("Tomas Weyl", None),
        ("Kari Dunn/Getty Images", None),
        ("Lars Emmet", "2025-01-14"),  # credit on its own line under the caption
        ("EPA-EFE/Ola Brenn", None),
    ]
    assert article.captions[0].text == "Workers repair the Selby bridge on Monday, 3 February 2025."
    assert len(article.paragraphs) == 6
    assert not any("Photo:" in p or "Credit:" in p for p in article.paragraphs)


def test_hard_wrapped_paragraphs_are_joined():
    (article,) = segment_file("wrapped.txt")
    assert len(article.paragraphs) == 4
    assert article.paragraphs[1] == (
        "Union secretary Hektor Lind said yields were down by nearly a fifth compared with last year, "
        "and that smaller farms would struggle to repay their loans before the winter.")
    assert [c.credit for c in article.captions] == ["Weldon Farmers' Union"]


def test_extracted_article_is_cleaned_and_keeps_its_metadata():
    doc = RawDocument(
        source="feeds/items.jsonl:12", text="", kind="article",
        title="Tram Line to Open in Vessby", url="https://example.org/tram", published="2025-04-02",
        authors=("Nils Ardal",), captions=(Caption(text="The first tram on a test run. (AFP)"),),
        paragraphs=("Tram Line to Open in Vessby", "Advertisement",
                    "The new tram line in Vessby will open on Friday, the city transport office said.",
                    "Passengers wait at the central stop. Photo: Ulla Berg",
                    "The line cost twice as much as planned, an auditor said.",
                    "The new tram line in Vessby will open on Friday, the city transport office said."),
    )
    (article,) = segment(doc)
    assert article.source_file == "items.jsonl:12"
    assert article.headline == "Tram Line to Open in Vessby"
    assert article.paragraphs == (
        "The new tram line in Vessby will open on Friday, the city transport office said.",
        "The line cost twice as much as planned, an auditor said.")
    assert [(c.text, c.credit) for c in article.captions] == [
        ("The first tram on a test run.", "AFP"), ("Passengers wait at the central stop.", "Ulla Berg")]
    assert (article.url, article.published, article.authors) == ("https://example.org/tram", "2025-04-02", ("Nils Ardal",))
    assert article.outlet is None


def test_outlet_inference_needs_a_source_speaking_to_the_outlet():
    assert infer_outlet(["A minister told Reuters on Monday that talks had failed."]) == "Reuters"
    assert infer_outlet(["The Associated Press has learned that the plan was dropped."]) == "Associated Press"
    assert infer_outlet(["Bloomberg had reported that talks had failed.", "He told reporters."]) is None


@pytest.mark.parametrize("line, text, credit", [
    ("Troops patrol the border. (AFP)", "Troops patrol the border.", "AFP"),
    ("Troops patrol the border. (AP Photo/Jane Roe)", "Troops patrol the border.", "AP Photo/Jane Roe"),
    ("Troops patrol the border. Photo: Jane Roe", "Troops patrol the border.", "Jane Roe"),
    ("Troops patrol the border. Credit: Reuters", "Troops patrol the border.", "Reuters"),
    ("Troops patrol the border. Photo by Jane Roe", "Troops patrol the border.", "Jane Roe"),
    ("Troops patrol the border. Jane Roe/Getty Images", "Troops patrol the border.", "Jane Roe/Getty Images"),
    ("Troops patrol the border (File photo)", "Troops patrol the border", "File photo"),
    ("The army (LNA) said it was ready.", "The army (LNA) said it was ready.", None),
    ("Soldiers of the Libyan National Army (LNA)", "Soldiers of the Libyan National Army (LNA)", None),
    ("He was shot. (WARNING: Video contains graphic images.)", "He was shot. (WARNING: Video contains graphic images.)", None),
])
def test_parse_credit(line, text, credit):
    assert parse_credit(line) == (text, credit)


def test_caption_date_formats():
    assert caption_date("Gaza City, Saturday, June 21, 2025.") == "2025-06-21"
    assert caption_date("near Amsel on Jan. 14, 2025") == "2025-01-14"
    assert caption_date("taken 3 February 2025 in Selby") == "2025-02-03"
    assert caption_date("a march in March 2024") == "2024-03"
    assert caption_date("on 2025-02-30 and 2024-12-01") == "2024-12-01"
    assert caption_date("last summer") is None
    assert as_caption("A body paragraph without any credit.") is None


@pytest.mark.parametrize("line, expected", [
    ("TT", True), ("Advertisement", True), ("Read the rest here.", True), ("Share this article", True),
    ("Click here to subscribe to our newsletter", True), ("Read more: Ten things to know", True),
    ("© 2025 Harbour Ledger", True), ("(Reporting by Jane Roe; Editing by Sam Poe)", True),
    ("He declined to comment.", False), ("Share prices fell sharply on Monday.", False),
    ("Copyright law is changing.", False), ("Yes", False),
])
def test_artifacts(line, expected):
    assert is_artifact(line) is expected


@pytest.mark.parametrize("line, expected", [
    ("-----", True), ("* * *", True), ("===", True), ("END OF ARTICLE", True), ("-- END --", True),
    ("###", True), ("___", True), ("- a list item", False), ("The end of an era.", False),
])
def test_separators(line, expected):
    assert is_separator(line) is expected


@pytest.mark.parametrize("line, names", [
    ("By Jane Doe, Omar Haddad and Li Wei", ("Jane Doe", "Omar Haddad", "Li Wei")),
    ("By Maria de la Cruz", ("Maria de la Cruz",)),
    ("By Land and Sea", None),
    ("By the river bank", None),
])
def test_bylines(line, names):
    assert byline_names(line) == names


def test_text_dump_without_headline_takes_the_readers_title():
    doc = RawDocument(source="notes/story.txt", title="Given Title", text=(
        "The harbour master of Lindmark resigned on Monday after a ferry ran aground near the quay.\n\n"
        "He said he took responsibility for the accident."))
    (article,) = segment(doc)
    assert article.headline == "Given Title"
    assert len(article.paragraphs) == 2


def test_a_one_sentence_body_without_final_punctuation_is_kept_as_the_body():
    # a wire line or a JSONL/feed item: no full stop, so it once read as a subhead and the body was emptied
    line = "Harbour police detained four dockworkers in Lindmark on Tuesday"
    articles = segment(RawDocument(source="wire.jsonl:1", text=line))
    assert [a.text for a in articles] == [line]
    assert articles[0].paragraphs == (line,) and articles[0].subheads == ()
    # under a given headline too; a two-word line is still no article
    titled = segment(RawDocument(source="feed.xml:1", text=line, kind="article", title="Dockworkers held"))
    assert [a.text for a in titled] == [line] and titled[0].headline == "Dockworkers held"
    assert segment(RawDocument(source="short.jsonl:1", text="Hi there")) == []
