"""Events on our labelled set, TUNE half only: scores and the errors, for rule development.

    PYTHONPATH=src python scripts/events_tune_probe.py ../shared/corpus/polnear/train [--fp] [--fn] [--fact]

Only tune-half articles are read (the check half is filtered out before anything is parsed or printed).
The parses are cached in /tmp (a DocBin keyed on the tune article names), so a rule change re-scores in
seconds. The scores are those of ``newsgraph eval events`` on the tune half (same components, same
matching). ``--fp`` prints the system events matching no gold event, ``--fn`` the gold events no system
event matched, ``--fact`` the matches whose factuality differs, each with its sentence (trigger in [[ ]]).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from spacy.tokens import DocBin

from newsgraph.evaluate.events import Tally, match, published_dates, score_article, system_events
from newsgraph.evaluate.events_set import load_events_set
from newsgraph.evaluate.polnear import article_from_file
from newsgraph.model import replace
from newsgraph.nlp import get_nlp
from newsgraph.pipeline import Parsed, add_attributions, add_entities, add_events, add_published

CACHE = Path("/tmp/events_tune_docs.spacy")


def tune_docs(corpus: Path):
    docs = [d for d in load_events_set(Path("eval/events"), corpus / "text") if d.half == "tune"]  # never check
    dates = published_dates(corpus.parent / "metadata.tsv") or published_dates(corpus / "metadata.tsv")
    articles = [replace(article_from_file(corpus / "text" / d.text), published=dates.get(Path(d.text).stem))
                for d in docs]
    names = "\n".join(d.text for d in docs)
    nlp = get_nlp()
    if CACHE.is_file() and CACHE.with_suffix(".names").read_text() == names:
        parses = list(DocBin().from_disk(CACHE).get_docs(nlp.vocab))
    else:
        from newsgraph.nlp import parse

        parses = list(parse([a.text for a in articles]))
        DocBin(docs=parses).to_disk(CACHE)
        CACHE.with_suffix(".names").write_text(names)
    return docs, articles, parses


def analysed(articles, parses):
    out = []
    for article, doc in zip(articles, parses):
        parsed = Parsed(doc)
        for step in (add_entities, add_published, add_attributions, add_events):
            article = step(article, parsed)
        out.append(article)
    return out


def sentence(doc, start: int, end: int) -> str:
    span = doc.char_span(start, end, alignment_mode="expand")
    sent = span.sent if span is not None else doc[:1].sent
    text = doc.text
    return (text[sent.start_char:start] + "[[" + text[start:end] + "]]" + text[end:sent.end_char]).replace("\n", " ")


def main() -> None:
    corpus = Path(sys.argv[1])
    flags = set(sys.argv[2:])
    docs, articles, parses = tune_docs(corpus)
    results = analysed(articles, parses)
    total = Tally()
    confusion: Counter = Counter()
    for gd, article, doc in zip(docs, results, parses):
        sys_events = system_events(article)
        total = total + score_article(gd.events, sys_events, article.text)
        pairs = match(gd.events, sys_events)
        mg = {g for g, _ in pairs}
        ms = {s for _, s in pairs}
        for g, s in pairs:
            ge, se = gd.events[g], sys_events[s]
            confusion[(ge.factuality, se.factuality)] += 1
            if "--fact" in flags and ge.factuality != se.factuality:
                print(f"FACT gold {ge.factuality:<12} ours {se.factuality:<12} {ge.type}/{se.type} "
                      f"| {sentence(doc, ge.start, ge.end)}")
        if "--fp" in flags:
            for n, se in enumerate(sys_events):
                if n not in ms:
                    print(f"FP {se.type:<9} {se.factuality:<12} | {sentence(doc, se.start, se.end)}")
        if "--fn" in flags:
            for n, ge in enumerate(gd.events):
                if n not in mg:
                    print(f"FN {ge.type:<9} {ge.factuality:<12} | {sentence(doc, ge.start, ge.end)}")
    s, t = total.prf("span"), total.prf("typed")
    print(f"tune: gold {total.gold} sys {total.system} span P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f} "
          f"span+type F1 {t.f1:.3f} type {total.share('type_right'):.3f} actor {total.share('actor_right'):.3f} "
          f"factuality {total.share('fact_right'):.3f}")
    print("factuality (gold, ours):", ", ".join(f"{g}>{o} {n}" for (g, o), n in confusion.most_common() if g != o))


if __name__ == "__main__":
    main()
