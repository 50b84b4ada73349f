"""``newsgraph train ...``: reproduce the learned weights that ship in ``newsgraph/models``."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

train_app = typer.Typer(help="Reproduce the learned weights shipped with newsgraph.", no_args_is_help=True)


@train_app.command("attribution")
def train_attribution(
    corpus: Path = typer.Argument(..., help="The PolNeAR folder (holding train/ and dev/)."),
    out: Optional[Path] = typer.Option(None, "--out", help="Where to write weights.npz (default: the package's own)."),
    epochs: int = typer.Option(15, "--epochs", min=1),
    minutes: float = typer.Option(25.0, "--minutes", min=1.0, help="Stop after the epoch that passes this."),
    seed: int = typer.Option(0, "--seed"),
    arch: str = typer.Option("mlp", "--arch", help="mlp (shipped), lstm or cnn: see the model card."),
    hidden: int = typer.Option(192, "--hidden", min=2, help="Hidden width (shipped mlp: 192; lstm and cnn were measured at 128)."),
) -> None:
    """Train the attribution tagger on PolNeAR train, keep the best epoch on dev."""
    from newsgraph import cli, extras, options

    extras.need("thinc", "train", "newsgraph train attribution")
    from newsgraph.training.attribution import train

    from newsgraph.extract.attribution.tagger import ARCHS

    arch = options.one_of(arch, ARCHS, "--arch") or "mlp"
    _polnear_folder(corpus, options)
    if out is None:
        from importlib import resources

        out = Path(str(resources.files("newsgraph"))) / "models" / "attribution"
    scores = train(corpus, out, epochs=epochs, minutes=minutes, seed=seed, arch=arch, hidden=hidden)
    cli.out.print(f"wrote {out / 'weights.npz'}: dev token macro F1 {scores['dev_token_macro_f1']:.3f}")


@train_app.command("attribution-filter")
def train_attribution_filter(
    corpus: Path = typer.Argument(..., help="The PolNeAR folder (holding train/ and dev/)."),
    cache: Path = typer.Option(..., "--cache", help="Folder for the fold taggers and parses (reused by a second run)."),
    out: Optional[Path] = typer.Option(None, "--out", help="Where to write filter.npz (default: the package's own)."),
    minutes: float = typer.Option(12.0, "--minutes", min=1.0, help="Time cap of each out-of-fold tagger."),
) -> None:
    """Train the draft filter on out-of-fold tagger output for PolNeAR train; dev picks its threshold."""
    from newsgraph import cli, extras, options

    extras.need("sklearn", "train", "newsgraph train attribution-filter")
    extras.need("thinc", "train", "newsgraph train attribution-filter")
    from newsgraph.training.attribution_filter import train

    _polnear_folder(corpus, options)
    if out is None:
        from importlib import resources

        out = Path(str(resources.files("newsgraph"))) / "models" / "attribution"
    result = train(corpus, out, cache, minutes=minutes)
    s = result["dev"]
    cli.out.print(f"wrote {out / 'filter.npz'}: label {result['label']}, trees {result['shape']}, threshold {result['threshold']}; "
                  f"dev P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f} source {s.source_accuracy:.3f}")


def _polnear_folder(corpus: Path, options) -> None:  # type: ignore[no-untyped-def]
    for split in ("train", "dev"):
        if not (corpus / split / "text").is_dir() or not (corpus / split / "attributions").is_dir():
            raise options.OptionError("PATH", str(corpus), f"has no {split}/text and {split}/attributions (a PolNeAR folder?)")


@train_app.command("stance")
def train_stance(
    labels: Path = typer.Argument(Path("eval/stance"), help="The labelled stance set (labels.jsonl; its tune half is used)."),
    corpus: Path = typer.Option(..., "--corpus", help="The PolNeAR train folder the labels point into (text/, attributions/)."),
    out: Optional[Path] = typer.Option(None, "--out", help="Where to write weights.npz (default: the package's own)."),
    cache: Optional[Path] = typer.Option(None, "--cache", help="Folder to keep the parses in between runs."),
    enabled: bool = typer.Option(False, "--enabled/--disabled", help="Whether the written model is used by default."),
    threshold: Optional[float] = typer.Option(None, "--threshold", help="Ship the hybrid at this grid threshold (CV still picks C and class weights)."),
) -> None:
    """Train the learned stance model on the tune half of the labelled set (5-fold CV by article picks its settings)."""
    from newsgraph import cli, extras, options

    extras.need("sklearn", "train", "newsgraph train stance")
    from newsgraph.training.stance import GRID_THRESHOLD, train

    if threshold is not None and threshold not in GRID_THRESHOLD:
        raise options.OptionError("--threshold", str(threshold), f"is not on the grid ({', '.join(map(str, GRID_THRESHOLD))})")
    if not (corpus / "text").is_dir():
        raise options.OptionError("--corpus", str(corpus), "has no text/ folder (the PolNeAR train folder?)")
    if not (labels / "labels.jsonl").is_file():
        raise options.OptionError("LABELS", str(labels), "has no labels.jsonl")
    if out is None:
        from importlib import resources

        out = Path(str(resources.files("newsgraph"))) / "models" / "stance"
    try:
        result = train(labels, corpus, out, cache, enabled, threshold)
    except ValueError as exc:
        raise options.OptionError("LABELS", str(labels), str(exc)) from None
    cv, config = result["cv"], result["config"]
    cli.out.print(f"wrote {out / 'weights.npz'}: {result['rows']} tune rows; CV acc {cv['acc']:.3f} macroF1 "
                  f"{cv['macro_f1']:.3f} (rules {result['rules']['acc']:.3f} / {result['rules']['macro_f1']:.3f}); {config}")
