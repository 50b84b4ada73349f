"""How fast do the pages and the API answer on a store of 10,000 articles? Prints p50/p95 per endpoint.

Builds the store from invented records (no NLP): varied text, entities, quotes of every stance,
events with coordinates, contradictions. Then requests each page and API endpoint many times
in-process (FastAPI TestClient: server work only, no network). Target: p95 < 200 ms.

    python bench/bench_web.py [--articles 10000] [--repeat 40] [--db bench/out/web.db]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import sys
import time
from pathlib import Path

from newsgraph.model import (
    PARAGRAPH_SEPARATOR, Actor, Article, Attribution, Contradiction, Entity, Event, Mention, Place, Speaker, Span,
    When,
)
from newsgraph.store import open_store

STANCES = ("report", "assert", "deny", "reject", "accuse", "verify", "no_comment")
FIRST = ("Ada", "Bram", "Lina", "Tomas", "Orrin", "Vesna", "Ilse", "Marten", "Pell", "Mira", "Elsbeth", "Kaspar")
LAST = ("Marrow", "Ketter", "Osk", "Vell", "Falk", "Holt", "Varga", "Oduya", "Danning", "Tolland", "Quorin", "Brandt")
ORGS = ("Coastal Guard", "Harbour Board", "Roads Agency", "Water Office", "Port Union", "Rail Council")
PLACES = (("Port Selwyn", -33.9, 18.4), ("Varnholt", 47.2, 9.5), ("Ostrava Mill", 50.1, 14.4),
          ("Karsk", 64.1, -21.9), ("Taluma", 5.6, -0.2), ("Perrin", -12.0, -77.0), ("Dunmere", 35.7, 139.7))
OUTLETS = ("The Selwyn Gazette", "Northern Wire", "Varnholt Courier", "Coastal Times", "Karsk Daily")
TOPICS = ("the bridge repairs", "the harbour fire", "the budget", "the flood warning", "the ferry contract",
          "the strike", "the new rail line", "the water prices")
VERBS = ("said", "told reporters", "denied", "rejected", "accused", "confirmed", "declined to comment on")
TYPES = ("ACCIDENT", "PROTEST", "ACCUSE", "INVESTIGATE", "ASSAULT", "AGREE", "RETREAT")


def invented_article(n: int) -> Article:
    rng = random.Random(n)
    place, lat, lon = rng.choice(PLACES)
    topic = rng.choice(TOPICS)
    people = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(3)]
    org = rng.choice(ORGS)
    paragraphs = [f"Officials in {place} met on Monday to discuss {topic}, report {n}, as residents waited."]
    quotes = []
    for i in range(rng.randint(3, 6)):
        who = people[i % 3]
        stance = STANCES[(n + i) % len(STANCES)]
        claim = f"the {org} had {rng.choice(('known about', 'ignored', 'planned', 'paid for'))} {topic} since {2020 + i}"
        para = f"{who} {VERBS[STANCES.index(stance)]} that {claim}."
        quotes.append((len(paragraphs), who, stance, claim))
        paragraphs.append(para)
    paragraphs.append(f"The {org} said it would publish a report on {topic} within {rng.randint(2, 9)} weeks.")
    text = PARAGRAPH_SEPARATOR.join(paragraphs)
    offsets = [0]
    for p in paragraphs:
        offsets.append(offsets[-1] + len(p) + len(PARAGRAPH_SEPARATOR))
    entities, attributions, mentions = [], [], {}
    for name in set(people):
        starts = [i for i in range(len(text)) if text.startswith(name, i)]
        mentions[name] = tuple(Mention(s, s + len(name), name) for s in starts)
    for k, name in enumerate(sorted(mentions)):
        entities.append(Entity(f"e{k}", name, "PERSON", mentions=mentions[name],
                               canonical_id="person:" + name.lower().replace(" ", "-")))
    org_at = text.index(org)
    entities.append(Entity("eo", org, "ORG", mentions=(Mention(org_at, org_at + len(org), org),),
                           canonical_id="org:" + org.lower().replace(" ", "-")))
    for i, (p, who, stance, claim) in enumerate(quotes):
        base = offsets[p]
        c_at = base + paragraphs[p].index(claim)
        cue = VERBS[STANCES.index(stance)]
        attributions.append(Attribution(
            f"q{i}", Speaker(text=who, start=base, end=base + len(who), resolved=who,
                             entity_id=next(e.id for e in entities if e.name == who), anonymous=False),
            Span(base + len(who) + 1, base + len(who) + 1 + len(cue), cue), Span(c_at, c_at + len(claim), claim),
            "indirect", stance, via=rng.choice((None, None, rng.choice(OUTLETS)))))
    first = paragraphs[0]
    events = (Event("v1", rng.choice(TYPES), first, 0, len(first), actor=Actor(people[0]), target=Actor(org),
                    place=Place(place, lat=lat + rng.uniform(-.3, .3), lon=lon + rng.uniform(-.3, .3)),
                    when=When("on Monday", date=f"2031-{1 + n % 12:02d}-{1 + n % 28:02d}", precision="day")),)
    contradictions = ()
    denial = next((a.id for a in attributions if a.stance in ("deny", "reject")), None)
    if denial and attributions[0].id != denial:
        contradictions = (Contradiction(attributions[0].id, denial, why="denied in the same article"),)
    return Article(id=hashlib.sha256(text.encode()).hexdigest(), source_file=f"bench-{n // 100}.jsonl",
                   headline=f"{topic.capitalize()} in {place}: report {n}", text=text, paragraphs=tuple(paragraphs),
                   outlet=OUTLETS[n % len(OUTLETS)], published=f"2031-{1 + n % 12:02d}-{1 + n % 28:02d}",
                   entities=tuple(entities), attributions=tuple(attributions), events=events,
                   contradictions=contradictions)


def build(db: Path, count: int) -> None:
    db.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    started = time.perf_counter()
    with open_store(db) as store:
        for first in range(0, count, 1000):
            store.add_articles([invented_article(n) for n in range(first, min(first + 1000, count))])
    print(f"built {count} articles in {time.perf_counter() - started:.1f}s -> {db}")


def measure(db: Path, repeat: int) -> bool:
    from fastapi.testclient import TestClient

    from newsgraph.web import create_app

    with open_store(db) as store:
        some = store.list_articles(limit=1).items[0].article_id
        entity = store.list_entities(limit=1).items[0].canonical_id
        story = next(iter(store.list_stories(limit=1).items), None)
        client = TestClient(create_app(store), base_url="http://127.0.0.1")
        cursor = client.get("/api/articles", params={"limit": 50}).json()["next_cursor"]
        targets = {
            "page /": "/", "page /?q=": "/?q=harbour+fire", "page reader": f"/articles/{some}",
            "page /quotes": "/quotes", "page /quotes?stance": "/quotes?stance=deny&speaker=Marrow",
            "page /contradictions": "/contradictions", "page /entities": "/entities",
            "page entity": f"/entities/{entity}", "page /stories": "/stories", "page /graph": "/graph",
            "page /map": "/map",
            "api articles": "/api/articles", "api articles page 2": f"/api/articles?cursor={cursor}",
            "api articles q": "/api/articles?q=budget", "api articles outlet": "/api/articles?outlet=Northern+Wire",
            "api articles entity": f"/api/articles?entity={entity}", "api article": f"/api/articles/{some}",
            "api search": "/api/search?q=ferry", "api entities": "/api/entities", "api entity": f"/api/entities/{entity}",
            "api attributions": "/api/attributions?stance=accuse", "api attributions speaker":
                "/api/attributions?speaker=Holt", "api contradictions": "/api/contradictions",
            "api events": "/api/events?type=PROTEST", "api events place": "/api/events?place=Karsk",
            "api stories": "/api/stories", "api graph": "/api/graph",
        }
        if story:
            targets["page story"] = f"/stories/{story.id}"
        ok = True
        print(f"{'endpoint':28} {'p50 ms':>8} {'p95 ms':>8}")
        for name, path in targets.items():
            assert client.get(path).status_code == 200, path
            times = []
            for _ in range(repeat):
                t = time.perf_counter()
                client.get(path)
                times.append((time.perf_counter() - t) * 1000)
            p50, p95 = statistics.median(times), statistics.quantiles(times, n=20)[-1]
            ok &= p95 < 200
            print(f"{name:28} {p50:8.1f} {p95:8.1f}{'  SLOW' if p95 >= 200 else ''}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--db", type=Path, default=Path(__file__).resolve().parent / "out" / "web.db")
    parser.add_argument("--reuse", action="store_true", help="measure an already built store")
    args = parser.parse_args()
    if not args.reuse:
        build(args.db, args.articles)
    ok = measure(args.db, args.repeat)
    print("all p95 under 200 ms" if ok else "some p95 at or over 200 ms")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
