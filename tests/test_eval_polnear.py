"""PolNeAR scoring: brat reading, matching rule, and a small run on invented files."""

from __future__ import annotations

from pathlib import Path

from newsgraph.evaluate.polnear import Found, evaluate_polnear, format_report, match, read_gold

TEXT = (
    "Bridge Reopens.\n\n"
    '"The bridge is safe," said Orla Venkman. The council said it would review the contract.\n\n'
    "Rain fell all day."
)


def _write(folder: Path) -> None:
    (folder / "text").mkdir(parents=True)
    (folder / "attributions").mkdir()
    (folder / "text" / "a.txt").write_text(TEXT, encoding="utf-8")
    q = TEXT.index("The bridge is safe")
    s = TEXT.index("Orla Venkman")
    c = TEXT.index("said Orla")
    council = TEXT.index("The council")
    content2 = TEXT.index("it would review")
    cue2 = TEXT.index("said it")
    ann = [
        f"T1\tContent {q - 1} {q + 20}\t\"The bridge is safe,\"",
        f"T2\tSource {s} {s + 12}\tOrla Venkman",
        f"T3\tCue {c} {c + 4}\tsaid",
        f"T4\tAttribution {c} {c + 4}\tsaid",
        "E1\tAttribution:T4 Content:T1 Cue:T3 Source:T2",
        f"T5\tSource {council} {council + 11}\tThe council",
        f"T6\tCue {cue2} {cue2 + 4}\tsaid",
        f"T7\tContent {content2} {content2 + 15};{content2 + 16} {content2 + 31}\tit would review the contract",
        f"T8\tAttribution {cue2} {cue2 + 4}\tsaid",
        "E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5",
    ]
    (folder / "attributions" / "a_x1.ann").write_text("\n".join(ann) + "\n", encoding="utf-8")


def test_read_gold_handles_discontinuous_spans(tmp_path):
    _write(tmp_path)
    gold = read_gold(tmp_path / "attributions" / "a_x1.ann")
    assert len(gold) == 2
    assert len(gold[1].content) == 2 and gold[1].source and gold[1].cue


def test_match_is_one_to_one_with_token_f1_threshold():
    text = "alpha beta gamma delta epsilon"
    gold = [Found(((0, 16),)), Found(((17, 30),))]
    system = [Found(((0, 10),)), Found(((0, 16),)), Found(((23, 30),))]
    pairs = match(gold, system, text)
    assert [(g.content, s.content) for g, s in pairs] == [(((0, 16),), ((0, 16),)), (((17, 30),), ((23, 30),))]
    assert match([Found(((0, 30),))], [Found(((0, 5),))], text) == []


def test_evaluate_on_invented_split(tmp_path):
    _write(tmp_path)
    report = evaluate_polnear(tmp_path)
    assert report.articles == 1 and report.ours.gold == 2
    assert report.ours.matched == 2 and report.ours.source_accuracy == 1.0 and report.ours.cue_accuracy == 1.0
    assert report.textacy.gold == 2
    assert "textacy" in format_report(report)


def test_dev_sample_beats_textacy(corpus_dir):
    dev = corpus_dir / "polnear" / "dev"
    if not dev.is_dir():
        import pytest

        pytest.skip("PolNeAR dev split absent")
    report = evaluate_polnear(dev, limit=6)
    assert report.ours.gold > 0
    assert report.ours.f1 >= 0.5 and report.ours.f1 > report.textacy.f1
    assert report.ours.source_accuracy >= 0.6


def test_evaluate_without_textacy_skips_the_baseline(tmp_path, monkeypatch):
    import sys

    _write(tmp_path)
    monkeypatch.setitem(sys.modules, "textacy", None)  # import textacy now raises ImportError
    monkeypatch.setitem(sys.modules, "textacy.extract.triples", None)
    report = evaluate_polnear(tmp_path)
    assert report.textacy is None and report.ours.matched == 2
    assert "textacy is not installed: its baseline was skipped" in format_report(report)


def test_recall_by_kind(tmp_path):
    _write(tmp_path)
    report = evaluate_polnear(tmp_path)
    assert report.ours.by_kind == (("direct", 1, 1), ("indirect", 1, 1), ("no-source", 0, 0))
    assert "direct 1.000 (1/1), indirect 1.000 (1/1), no-source 0.000 (0/0)" in format_report(report)
