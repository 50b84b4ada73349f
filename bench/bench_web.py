"""How fast do the pages and the API answer on a store of 10,000 articles? Prints p50/p95 per endpoint.

Builds the store from invented records (no NLP): varied text, entities, quotes of every stance,
events with coordinates, contradictions, written in bulk by the store's own bulk path. One
store is grown through each size in turn; at each, a copy is measured: every page and API endpoint
requested many times in-process (FastAPI TestClient: server work only, no network). Prints p50/p95
per endpoint per size, each p95's ratio to the smallest size of the run, and the peak RSS.
Target: p95 < 100 ms at every size, flat from the smallest.

    python bench/bench_web.py [--sizes 10000,100000] [--repeat 40] [--dir bench/out] [--reuse]
    python bench/bench_web.py --sizes 10000 --pg postgresql://.../db   # PostgreSQL (its tables are emptied)
"""

from __future__ import annotations

import argparse
import contextlib
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
        starts, at = [], text.find(name)
        while at >= 0:
            starts.append(at)
            at = text.find(name, at + 1)
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
    actor_id = next(e.id for e in entities if e.name == people[0])
    events = (Event("v1", rng.choice(TYPES), first, 0, len(first), actor=Actor(people[0], entity_id=actor_id),
                    target=Actor(org, entity_id="eo"),
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


CHUNK = 2000  # articles written per transaction by the bulk build


def bulk_add(store, first: int, stop: int) -> None:
    """Store invented articles ``first`` .. ``stop - 1`` through the store's bulk write path (``prepare``:
    rows, signature and buckets; ``add_prepared``: one transaction of executemany / COPY), ``CHUNK`` at a time."""
    from newsgraph.store.prepared import prepare

    for lo in range(first, stop, CHUNK):
        store.add_prepared([prepare(invented_article(n)) for n in range(lo, min(lo + CHUNK, stop))])


def fresh(db: Path) -> None:
    db.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)


def build(db: Path, count: int) -> None:
    fresh(db)
    started = time.perf_counter()
    with open_store(db) as store:
        bulk_add(store, 0, count)
    print(f"built {count} articles in {time.perf_counter() - started:.1f}s -> {db}")


def targets_for(store) -> dict[str, str]:
    some = store.list_articles(limit=1).items[0].article_id
    entity = store.list_entities(limit=1).items[0].canonical_id
    rare = store.list_entities(type="ORG", limit=1).items[0].canonical_id
    story = next(iter(store.list_stories(limit=1).items), None)
    targets = {
        "page /": "/", "page /?q=": "/?q=harbour+fire", "page reader": f"/articles/{some}",
        "page /quotes": "/quotes", "page /quotes?stance": "/quotes?stance=deny&speaker=Marrow",
        "page /contradictions": "/contradictions", "page /entities": "/entities",
        "page entity": f"/entities/{entity}", "page entity org": f"/entities/{rare}",
        "page /stories": "/stories", "page /graph": "/graph", "page /graph entity": f"/graph?entity={entity}",
        "page /map": "/map", "page /map type": "/map?type=PROTEST",
        "api articles": "/api/articles", "api articles page 2": None,
        "api articles q": "/api/articles?q=budget", "api articles outlet": "/api/articles?outlet=Northern+Wire",
        "api articles entity": f"/api/articles?entity={entity}", "api article": f"/api/articles/{some}",
        "api search": "/api/search?q=ferry", "api entities": "/api/entities",
        "api entities name": "/api/entities?name=Holt", "api entity": f"/api/entities/{entity}",
        "api attributions": "/api/attributions?stance=accuse", "api attributions speaker":
            "/api/attributions?speaker=Holt", "api contradictions": "/api/contradictions",
        "api events": "/api/events?type=PROTEST", "api events place": "/api/events?place=Karsk",
        "api events since": "/api/events?since=2031-06-01&until=2031-06-30",
        "api stories": "/api/stories", "api graph": "/api/graph",
        "api claims": "/api/claims?text=the+Harbour+Board+had+ignored+the+budget",
    }
    if story:
        targets["page story"] = f"/stories/{story.id}"
    return targets


def measure(db: Path, repeat: int, bound: float) -> dict[str, tuple[float, float]]:
    """p50 and p95 (ms) per endpoint, each requested ``repeat`` times after one warm-up request."""
    from fastapi.testclient import TestClient

    from newsgraph.web import create_app

    with open_store(db) as store:
        client = TestClient(create_app(store), base_url="http://127.0.0.1")
        t = time.perf_counter()
        client.get("/entities")  # the first read after a batch aggregates the identities table again
        print(f"first /entities after the last batch (identities aggregated): {time.perf_counter() - t:.2f}s")
        targets = targets_for(store)
        targets["api articles page 2"] = "/api/articles?cursor=" + client.get(
            "/api/articles", params={"limit": 50}).json()["next_cursor"]
        found = {}
        print(f"{'endpoint':28} {'p50 ms':>8} {'p95 ms':>8}", flush=True)
        for name, path in targets.items():
            status = client.get(path).status_code
            if status != 200:
                print(f"{name:28} HTTP {status}")
                continue
            times = []
            for _ in range(repeat):
                t = time.perf_counter()
                client.get(path)
                times.append((time.perf_counter() - t) * 1000)
            p50, p95 = statistics.median(times), statistics.quantiles(times, n=20)[-1]
            found[name] = (p50, p95)
            print(f"{name:28} {p50:8.1f} {p95:8.1f}{'  SLOW' if p95 >= bound else ''}", flush=True)
    return found


def peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def report(results: dict[int, dict[str, tuple[float, float]]], bound: float) -> bool:
    """p95 per endpoint per size, with its ratio to the smallest size of this run."""
    sizes = sorted(results)
    base = results[sizes[0]]
    print("\np95 ms per endpoint (ratio to the smallest size)")
    print(f"{'endpoint':28}" + "".join(f"{n:>18,}" for n in sizes))
    ok = True
    for name in base:
        cells = []
        for n in sizes:
            p95 = results[n].get(name, (float("nan"),) * 2)[1]
            ok &= p95 < bound
            cells.append(f"{p95:9.1f} ({p95 / base[name][1]:4.1f}x)")
        print(f"{name:28}" + "".join(f"{c:>18}" for c in cells))
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000", help="store sizes, comma separated (one store grown in turn)")
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--bound", type=float, default=100.0, help="p95 bound in ms")
    parser.add_argument("--dir", type=Path, default=Path(__file__).resolve().parent / "out",
                        help="where the stores go: web-SIZE.db, one per size")
    parser.add_argument("--reuse", action="store_true", help="measure the stores already built in --dir")
    parser.add_argument("--pg", help="PostgreSQL URL: build and measure there (one size at a time, schema wiped)")
    args = parser.parse_args()
    sizes = sorted(int(n.replace("_", "")) for n in args.sizes.split(","))
    results = {}
    grown, db = 0, args.dir / "web-grow.db"
    if args.pg:
        db = args.pg
    elif not args.reuse:
        fresh(db)
    started = time.perf_counter()
    for n in sizes:
        target = db if args.pg else args.dir / f"web-{n}.db"
        if not args.reuse:
            t = time.perf_counter()
            with open_store(db) as store:
                if args.pg and grown == 0:
                    wipe(store)
                bulk_add(store, grown, n)
            grown = n
            print(f"grew the store to {n:,} articles in {time.perf_counter() - t:.1f}s "
                  f"({time.perf_counter() - started:.0f}s so far)", flush=True)
            if not args.pg:
                copy_store(db, target)
        print(f"\n{n:,} articles: {target}")
        results[n] = measure(target, args.repeat, args.bound)
        print(f"peak RSS so far {peak_rss_mb():.0f} MB", flush=True)
    ok = report(results, args.bound)
    print(f"peak RSS {peak_rss_mb():.0f} MB")
    print(f"all p95 under {args.bound:g} ms" if ok else f"some p95 at or over {args.bound:g} ms")
    return 0 if ok else 1


def copy_store(source: Path, target: Path) -> None:
    """A consistent copy of the grown store (SQLite's backup), measured apart so the sizes stay."""
    import sqlite3

    fresh(target)
    with contextlib.closing(sqlite3.connect(source)) as src, contextlib.closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def wipe(store) -> None:
    """Empty every table of a PostgreSQL bench store (the schema stays)."""
    tables = [r[0] for r in store._rows(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_version'", ())]
    with store._transaction():
        store._execute("TRUNCATE " + ", ".join(tables) + " RESTART IDENTITY CASCADE")
        # TRUNCATE fires no row triggers: the totals they keep (migration 0009) start again from nothing
        store._executemany("INSERT INTO store_meta(key, value) VALUES (?, '0')",
                           [("count_articles",), ("count_first_copies",)])


if __name__ == "__main__":
    sys.exit(main())
