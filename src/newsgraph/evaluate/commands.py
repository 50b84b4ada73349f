"""``newsgraph eval ...``: measure quality against gold data (the commands; the scoring is in this package)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from newsgraph.terminal import escape

eval_app = typer.Typer(help="Measure quality against gold data.", no_args_is_help=True)


@eval_app.command("gold")
def eval_gold(
    gold_file: Path = typer.Argument(..., help="A *.gold.json file; its 'document' is read from beside it."),
    input_path: Optional[Path] = typer.Option(None, "--input", help="The document, if not beside the gold file."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Score the analysis of a document against a human gold reading."""
    from newsgraph import cli
    from newsgraph.evaluate.gold import evaluate_gold, format_report

    report, _ = evaluate_gold(gold_file, input_path)
    if as_json:
        cli._print_json(report.to_dict(), None)
    else:
        cli.out.print(escape(format_report(report), multiline=True))


@eval_app.command("extraction")
def eval_extraction(corpus: Path = typer.Argument(..., help="The folder holding the extraction_* sets.")) -> None:
    """HTML main-text extraction: ours vs plain trafilatura, on the extraction corpora."""
    from newsgraph import cli
    from newsgraph.evaluate.extraction import evaluate_extraction, format_report

    cli.out.print(format_report(evaluate_extraction(corpus)))


@eval_app.command("polnear")
def eval_polnear(dev_dir: Path = typer.Argument(..., help="PolNeAR split folder, e.g. corpus/polnear/dev")) -> None:
    """Attribution P/R/F1, source and cue accuracy on PolNeAR; textacy as the baseline."""
    from newsgraph import cli
    from newsgraph.evaluate.polnear import evaluate_polnear, format_report

    cli.out.print(format_report(evaluate_polnear(dev_dir)))


@eval_app.command("plover")
def eval_plover(corpus: Path = typer.Argument(..., help="The plover_gsr folder.")) -> None:
    """Event-type accuracy (with confusion matrix), actor and target match on the PLOVER GSR."""
    from newsgraph import cli
    from newsgraph.evaluate.plover import evaluate_plover, format_plover

    cli.out.print(escape(format_plover(evaluate_plover(_corpus_root(corpus, "plover_gsr"))), multiline=True))


@eval_app.command("petrarch")
def eval_petrarch(corpus: Path = typer.Argument(..., help="The petrarch_event_coding folder.")) -> None:
    """PETRARCH unit-test records, CAMEO mapped to PLOVER: event type and actor accuracy."""
    from newsgraph import cli
    from newsgraph.evaluate.petrarch import evaluate_petrarch, format_petrarch

    cli.out.print(escape(format_petrarch(evaluate_petrarch(_corpus_root(corpus, "petrarch_event_coding"))), multiline=True))


@eval_app.command("fnc1")
def eval_fnc1(
    corpus: Path = typer.Argument(..., help="The fnc1_competition_test folder."),
    parity: str = typer.Option("even", "--parity", help="even (the tuning half) | odd (held out) | all"),
) -> None:
    """Claim stance on FNC-1 (agree/disagree/discuss/unrelated): per-class F1, macro-F1, word-overlap baseline."""
    from newsgraph import cli
    from newsgraph.evaluate.stancesets import evaluate_fnc1, format_report

    cli.out.print(escape(format_report(_stance_set(lambda: evaluate_fnc1(corpus, parity))), multiline=True))


@eval_app.command("emergent")
def eval_emergent(corpus: Path = typer.Argument(..., help="The emergent_headline_stance_test folder.")) -> None:
    """Claim stance of article headlines on Emergent (for/against/observing), with the word-overlap baseline."""
    from newsgraph import cli
    from newsgraph.evaluate.stancesets import evaluate_emergent, format_report

    cli.out.print(escape(format_report(_stance_set(lambda: evaluate_emergent(corpus))), multiline=True))


@eval_app.command("fnc1-train")
def eval_fnc1_train(
    corpus: Path = typer.Argument(..., help="The fnc1_competition_test folder (only even Body IDs are read)."),
    out: Path = typer.Option(..., "--out", help="Where to write the model TSV (the shipped one: "
                             "src/newsgraph/data/claims/model.tsv)."),
    cv: int = typer.Option(0, "--cv", min=0, help="First print the grouped N-fold cross-validation on the even "
                           "bodies (per-class F1, macro-F1)."),
) -> None:
    """Retrain the claim model on FNC-1 pairs with an even Body ID (needs the 'train' extra: scikit-learn)."""
    from newsgraph import cli
    from newsgraph.evaluate.claimtrain import retrain
    from newsgraph.evaluate.stancesets import format_scores
    from newsgraph.extras import need

    need("sklearn", "train", "retraining the claim model")
    n, scored = _stance_set(lambda: retrain(corpus, out, folds=cv))
    if scored is not None:
        cli.out.print(escape(format_scores(f"{cv}-fold cross-validation over even bodies", scored, True),
                             multiline=True))
    cli.out.print(f"trained on {n} pairs; wrote {escape(out)}")


def _stance_set(run):
    """A stance set that cannot be read ends the command with one line naming the file."""
    from newsgraph.evaluate.stancesets import StanceSetError
    from newsgraph.options import OptionError

    try:
        return run()
    except StanceSetError as exc:
        raise OptionError("corpus", None, str(exc)) from None


@eval_app.command("events")
def eval_events(
    set_dir: Path = typer.Argument(Path("eval/events"), help="The labelled set: events.jsonl, events-docs.jsonl."),
    corpus: Path = typer.Option(..., "--corpus", help="The PolNeAR split the set labels, e.g. corpus/polnear/train"),
) -> None:
    """Events on our own labelled real news: span and type P/R/F1, actor and factuality, tune and check."""
    from newsgraph import cli
    from newsgraph.evaluate.events import evaluate_events, format_events
    from newsgraph.evaluate.events_set import EventsSetError

    try:
        report = evaluate_events(set_dir, corpus)
    except EventsSetError as exc:
        cli._error(str(exc))
        raise typer.Exit(2) from None
    cli.out.print(escape(format_events(report), multiline=True))


def _corpus_root(path: Path, set_name: str) -> Path:
    """Accept either the corpus folder or the set's own folder inside it."""
    return path.parent if path.name == set_name else path


@eval_app.command("stance")
def eval_stance(
    folder: Path = typer.Argument(Path("eval/stance"), help="The labelled set folder (labels.jsonl)."),
    corpus: Path = typer.Option(Path("../shared/corpus/polnear/train"), "--corpus", help="PolNeAR train folder."),
    errors: Optional[str] = typer.Option(None, "--errors", help="List the tune-half misses of one system: "
                                         "pipeline, 'gold spans' or 'cue lexicon'."),
    limit: Optional[int] = typer.Option(None, "--limit", help="Score only the first N articles."),
) -> None:
    """Stance accuracy, macro-F1 and per-stance P/R on the tune and check halves; cue lexicon as the baseline."""
    from newsgraph import cli
    from newsgraph.evaluate.stance import SYSTEMS, evaluate_stance, format_report

    if not (corpus / "text").is_dir():
        cli.out.print(escape(f"{corpus}: no PolNeAR 'text' folder here; nothing to score"))
        raise typer.Exit(1)
    if errors is not None and errors not in SYSTEMS:
        cli.out.print(escape(f"--errors: unknown system {errors!r} (one of: {', '.join(SYSTEMS)})"))
        raise typer.Exit(2)
    report = evaluate_stance(folder, corpus, limit)
    cli.out.print(escape(format_report(report, f"{errors}:tune" if errors else None), multiline=True))
