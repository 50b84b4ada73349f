"""``newsgraph claim``: check a claim against the stored articles, or stance-label a file of (claim, text) pairs.

    newsgraph claim "The army shelled the village" [--db ...] [--limit 20] [--json]
    newsgraph claim --pairs pairs.jsonl > stances.jsonl

A pairs file has one JSON object a line, ``{"id", "claim", "text"}``; each distinct text is analysed
once, however many claims it is read against. The answer is one line per good input line,
``{"id", "stance": "agree|disagree|discuss|unrelated", "evidence": [...]}``; a bad line gets one line on
stderr naming the file and line, and the rest goes on (exit status 1 when any line was bad).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Optional

import typer

from newsgraph import options
from newsgraph.terminal import escape, json_text


def read_pairs(path: Path) -> tuple[list[tuple[str, str, str]], list[str]]:
    """(id, claim, text) of each good line, and one problem line for each bad one."""
    if not path.is_file():
        raise options.OptionError("--pairs", str(path), "is not a readable file")
    good, bad = [], []
    seen: set[str] = set()
    with path.open(encoding="utf-8", errors="replace") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            where = f"{path}:{n}"
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                bad.append(f"{where}: not JSON ({exc.msg})")
                continue
            if not isinstance(item, dict):
                bad.append(f"{where}: expected an object with id, claim and text")
                continue
            fields = [item.get(k) for k in ("id", "claim", "text")]
            missing = [k for k, v in zip(("id", "claim", "text"), fields) if not isinstance(v, (str, int)) or v == ""]
            if missing:
                bad.append(f"{where}: no {missing[0]!r} (a non-empty string)")
                continue
            pair_id = str(fields[0])
            if pair_id in seen:
                bad.append(f"{where}: id {pair_id!r} given twice; the first kept")
                continue
            seen.add(pair_id)
            good.append((pair_id, str(fields[1]), str(fields[2])))
    return good, bad


def stance_pairs(pairs: list[tuple[str, str, str]]) -> list[dict[str, Any]]:
    """One answer per pair; each distinct text analysed once."""
    from newsgraph.evaluate.stancesets import analyse_texts
    from newsgraph.link.claimcheck import judge, prepare_all

    text_ids: dict[str, str] = {}
    for _, _, text in pairs:
        text_ids.setdefault(text, f"t{len(text_ids)}")
    articles = analyse_texts({i: t for t, i in text_ids.items()})
    idf, prepared = prepare_all({c for _, c, _ in pairs}, articles)
    out = []
    for pair_id, claim, text in pairs:
        finding = judge(claim, prepared[text_ids[text]], idf)
        out.append({"id": pair_id, "stance": finding.stance,
                    "evidence": [e.to_dict() for e in finding.evidence]})
    return out


def claim(
    text: Optional[str] = typer.Argument(None, help="The claim to check, in quotes."),
    pairs: Optional[Path] = typer.Option(None, "--pairs", help="A JSONL file of {id, claim, text}: stances to stdout."),
    db: Optional[str] = typer.Option(None, "--db", help="SQLite file, or postgresql://... (default: the user store)"),
    limit: int = typer.Option(20, help="Most articles to list."),
    as_json: bool = typer.Option(False, "--json", help="The findings as JSON."),
) -> None:
    """Which stored articles and attributions support, report, deny or reject a claim, with the evidence."""
    from newsgraph import cli

    if (text is None) == (pairs is None):
        raise options.OptionError("claim", None, "needs either a claim text or --pairs FILE, not both")
    if pairs is not None:
        good, bad = read_pairs(pairs)
        for line in bad:
            cli.err.print(f"[red]error[/red] {escape(line)}", soft_wrap=True)
        for answer in stance_pairs(good) if good else []:
            sys.stdout.write(json_text(json.dumps(answer, ensure_ascii=False)) + "\n")
        sys.stdout.flush()
        raise typer.Exit(1 if bad else 0)
    assert text is not None
    if not text.strip():
        raise options.OptionError("claim", None, "text is empty")
    options.at_least(limit, 1, "--limit")
    from newsgraph.link.claimcheck import check_claim_in

    with cli._open(db) as store:
        findings = check_claim_in(store, text, limit=limit)
    if as_json:
        sys.stdout.write(json_text(json.dumps({"claim": text, "findings": [f.to_dict() for f in findings]},
                                              ensure_ascii=False)) + "\n")
        return
    if not findings:
        cli.out.print("no stored article is about this claim")
    for f in findings:
        cli.out.rule(f"[bold]{f.verdict}[/bold] ({f.probability:.2f}) {escape(f.outlet or '?')}: "
                     f"{escape((f.headline or f.article_id)[:100])}")
        for e in f.evidence:
            label = f"{escape(e.speaker or '?')} [bold]{e.verdict}[/bold] ({e.stance})" if e.stance else "sentence"
            cli.out.print(f"  {label} [{e.start}:{e.end}] {escape(e.text[:160])}")
