"""How many bytes does the store spend per article? Prints bytes per article before and after the lean
records (schema 10), per table, in one run.

Builds one store (bench_web's invented articles, or analysed records given with ``--records``, e.g.
``newsgraph analyze DIR --jsonl``), links it, and measures it (SQLite ``dbstat``, after VACUUM).
Then rewrites every article record and story timeline as the store wrote them before version 10
(the whole Article JSON, with its text, paragraphs and span texts; timelines copying each quote)
and measures again: same rows, same schema, only the record format differs. With ``--pg URL`` the
same is measured on PostgreSQL (``pg_total_relation_size`` per table, in a scratch schema).

    python bench/bench_store_size.py [--articles 2000] [--records analysed.jsonl] [--pg postgresql://...]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_web import invented_article  # noqa: E402

from newsgraph.model import Article, replace  # noqa: E402
from newsgraph.pipeline import relink  # noqa: E402
from newsgraph.store import open_store  # noqa: E402
from newsgraph.store.lean import unpack_article  # noqa: E402
from newsgraph.store.rows import to_json  # noqa: E402

TABLES = ("articles", "stories", "attributions", "entities", "events", "minhashes", "minhash_bands")


def articles_from(records: Path | None, count: int) -> list[Article]:
    if records is None:
        return [invented_article(n) for n in range(count)]
    with records.open(encoding="utf-8") as stream:
        return [Article.from_dict(json.loads(line)) for line in stream if line.strip()][:count]


def build(target: str | Path, articles: list[Article]) -> None:
    with open_store(target) as store:
        for at in range(0, len(articles), 500):
            store.add_articles(articles[at:at + 500])
        relink(store)


def write_as_before(target: str | Path) -> None:
    """Every record and timeline rewritten in the format of schema 9 (whole JSON, copied quotes)."""
    with open_store(target) as store:
        with store._transaction():
            rows = store._rows("SELECT pk, id, source_file, headline, outlet, url, published, duplicate_of, text, "
                               "record FROM articles", ())
            store._executemany("UPDATE articles SET record = ? WHERE pk = ?",
                               [(to_json(unpack_article(r["record"], r).to_dict()), r["pk"]) for r in rows])
            rows = store._rows("SELECT pk, record FROM stories", ())
            stories = store._stories_from([r["record"] for r in rows])
            store._executemany("UPDATE stories SET record = ? WHERE pk = ?",
                               [(json.dumps(s.to_dict(), ensure_ascii=False), r["pk"]) for r, s in zip(rows, stories)])


def sqlite_sizes(db: Path) -> dict[str, int]:
    con = sqlite3.connect(db)
    try:
        con.execute("VACUUM")
        found: dict[str, int] = {}
        for name, tbl, size in con.execute("SELECT d.name, s.tbl_name, SUM(d.pgsize) FROM dbstat d "
                                           "JOIN sqlite_schema s ON s.name = d.name GROUP BY d.name"):
            key = tbl if tbl in TABLES else ("full-text index" if "fts" in tbl else "other (links, indexes)")
            found[key] = found.get(key, 0) + size
        found["(whole file)"] = db.stat().st_size
        return found
    finally:
        con.close()


def pg_sizes(url: str) -> dict[str, int]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        con.execute("VACUUM FULL")
        names = [r[0] for r in con.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")]
        found: dict[str, int] = {}
        for name in names:
            size = con.execute("SELECT pg_total_relation_size(%s)", (name,)).fetchone()[0]
            key = name if name in TABLES else "other (links, indexes)"
            found[key] = found.get(key, 0) + size
        found["(whole schema)"] = sum(v for k, v in found.items())
        return found


def report(label: str, before: dict[str, int], after: dict[str, int], n: int) -> None:
    print(f"\n{label}: bytes per article, {n} articles (before = records as schema 9 wrote them)")
    print(f"{'table':26s} {'before':>10s} {'after':>10s} {'after/before':>13s}")
    for key in sorted(set(before) | set(after), key=lambda k: -before.get(k, 0)):
        b, a = before.get(key, 0) / n, after.get(key, 0) / n
        print(f"{key:26s} {b:10.0f} {a:10.0f} {a / b if b else 0:12.2f}x")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--records", type=Path, help="analysed records, one Article JSON a line")
    parser.add_argument("--db", type=Path, default=Path(__file__).resolve().parent / "out" / "size.db")
    parser.add_argument("--pg", help="also measure on this PostgreSQL server (a scratch schema, dropped after)")
    args = parser.parse_args()
    articles = articles_from(args.records, args.articles)
    n = len(articles)
    print(f"{n} articles, text {sum(len(a.text) for a in articles) / n:.0f} characters each on average")
    args.db.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(str(args.db) + suffix).unlink(missing_ok=True)
    started = time.perf_counter()
    build(args.db, articles)
    print(f"built and linked in {time.perf_counter() - started:.1f}s")
    after = sqlite_sizes(args.db)
    write_as_before(args.db)
    before = sqlite_sizes(args.db)
    report("SQLite", before, after, n)
    if args.pg:
        pg_run(args.pg, articles, n)
    return 0


def pg_run(url: str, articles: list[Article], n: int) -> None:
    import psycopg
    from psycopg import sql

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from conftest_store import with_search_path

    schema = f"ng_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
        try:
            target = with_search_path(url, schema)
            build(target, articles)
            after = pg_sizes(target)
            write_as_before(target)
            report("PostgreSQL", pg_sizes(target), after, n)
        finally:
            admin.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))


if __name__ == "__main__":
    sys.exit(main())
