"""The PostgreSQL desk against the SQLite desk: ``Desk.add`` (store, copy detection, events, stories) of one stream.

    python bench/bench_postgres.py --articles 3000             # a quick look
    python bench/bench_postgres.py --articles 100000 --json    # the figure issue 23 asks for
    python bench/bench_postgres.py --url postgresql://me@dbhost/postgres   # a server of your own

The stream is ``bench_desk``'s (the 1,028 real 10kGNAD articles, then generated ones, 5 % copies), written once
and added in blocks (one ``Desk.add`` each) to both desks in turn, block by block, so that other load on the
machine falls on both alike. Without analysis by default (news-please JSON Lines, as ``newsdesk add
--no-analyze``); ``--analysis`` adds ``bench_desk``'s Parquet blocks whose analyses are stored beforehand, so the
clusterer gets the analysis-fed signals and nothing is analysed while timed.

PostgreSQL: a throw-away server started from ``/usr/lib/postgresql/*/bin`` (loopback only, data in a temporary
folder, fsync on and ``synchronous_commit = off``, which is as durable as the SQLite desk's WAL with ``synchronous =
NORMAL``: a power cut may lose the last commits, never damage the desk), or a fresh database made on the server of
``--url`` (its maintenance database's URL; the database is dropped afterwards).

Printed per block and backend: articles/s (wall clock), milliseconds per article, CPU milliseconds per article of
this process (the client: reading, clustering) and, for the throw-away server, of the server's processes (on
``--url`` the server's CPU is not seen), events and stories so far. Both desks must end with the same counts (and,
with ``--analysis``, every article must have reused its stored analysis), or the run fails. The CPU the run used
is printed first (``machine`` in the JSON).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_desk import block_stream, cpu_seconds, stream_parser
from run import gnad_missing, machine, process_tree_cpu, read_gnad

from newsdesk import Desk
from newsdesk.store.throwaway import fresh_database, throwaway_server

BACKENDS = ("sqlite", "postgresql")


def database_mb(url: str) -> float:
    import psycopg

    with psycopg.connect(url) as conn:
        return round(conn.execute("SELECT pg_database_size(current_database())").fetchone()[0] / 2**20, 1)


def timed_add(desk: Desk, path: Path, args: argparse.Namespace, server: int | None) -> dict[str, Any]:
    """One block added to one desk, with its figures (see the module docstring)."""
    began, began_cpu = time.perf_counter(), cpu_seconds()
    began_server = process_tree_cpu(server) if server else 0.0
    report = desk.add([str(path)], analyze=args.analysis, workers=args.workers)
    seconds, cpu = time.perf_counter() - began, cpu_seconds() - began_cpu
    added = max(report.added, 1)
    counts = desk.summary()
    row = {"added": report.added, "copies": report.copies, "analyses_reused": report.analyses_reused,
           "seconds": round(seconds, 2), "articles_per_s": round(added / seconds, 1),
           "ms_per_article": round(1000 * seconds / added, 2), "cpu_ms_per_article": round(1000 * cpu / added, 2),
           "events": counts["events"], "stories": counts["stories"]}
    if server:
        row["server_cpu_ms_per_article"] = round(1000 * (process_tree_cpu(server) - began_server) / added, 2)
    return row


def print_block(done: int, backend: str, row: dict[str, Any]) -> None:
    server = f", server {row['server_cpu_ms_per_article']:>5}" if "server_cpu_ms_per_article" in row else ""
    print(f"{done:>8} articles  {backend:<10} {row['articles_per_s']:>7} art/s  {row['ms_per_article']:>6} "
          f"ms/article (CPU-ms/article: newsdesk {row['cpu_ms_per_article']:>5}{server})  {row['events']:>6} "
          f"events  {row['stories']:>6} stories", flush=True)


def summarise(blocks: list[dict[str, Any]], backend: str) -> dict[str, Any]:
    rows = [block[backend] for block in blocks]
    added, seconds = sum(row["added"] for row in rows), sum(row["seconds"] for row in rows)
    return {"added": added, "analyses_reused": sum(row["analyses_reused"] for row in rows),
            "seconds": round(seconds, 1), "articles_per_s": round(added / seconds, 1),
            "ms_per_article": round(1000 * seconds / added, 2), "last_block_articles_per_s": rows[-1]["articles_per_s"],
            "events": rows[-1]["events"], "stories": rows[-1]["stories"]}


def run(args: argparse.Namespace, work: Path, server_url: str, server: int | None) -> dict[str, Any]:
    """Add the stream block by block to an SQLite desk and a PostgreSQL desk. RETURNS: the figures."""
    blocks: list[dict[str, Any]] = []
    with fresh_database(server_url) as url, Desk(work / "desk.db") as on_sqlite, Desk(url) as on_postgres:
        done = 0
        for path, size in block_stream(args, read_gnad(), work):
            done += size
            block: dict[str, Any] = {"articles": done}
            for backend, desk in zip(BACKENDS, (on_sqlite, on_postgres)):
                block[backend] = timed_add(desk, path, args, server if backend == "postgresql" else None)
                if not args.json:
                    print_block(done, backend, block[backend])
            blocks.append(block)
        sizes = {"sqlite": round((work / "desk.db").stat().st_size / 2**20, 1), "postgresql": database_mb(url)}
    summary = {backend: {**summarise(blocks, backend), "db_mb": sizes[backend]} for backend in BACKENDS}
    return {"machine": machine(), "analysis": args.analysis, "articles": args.articles, "block": args.block,
            "server": "--url" if args.url else "throw-away", **summary, "blocks": blocks}


def main() -> int:
    parser = stream_parser(__doc__, block=1_000)
    parser.add_argument("--analysis", action=argparse.BooleanOptionalAction, default=False,
                        help="add each article with its analysis stored beforehand (bench_desk's Parquet blocks); "
                        "default: without analysis, as `add --no-analyze`")
    parser.add_argument("--url", help="a PostgreSQL server's maintenance database URL to make the desk on (default: "
                        "a throw-away server); the password from PGPASSWORD or ~/.pgpass, not the URL")
    args = parser.parse_args()
    if gnad_missing():
        return 1
    if not args.json:
        print(f"on {machine()}; {'with' if args.analysis else 'without'} stored analyses; blocks of {args.block}",
              flush=True)
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-postgres-") as tmp:
        if args.url:
            figures = run(args, Path(tmp), args.url, None)
        else:
            with throwaway_server() as server:
                figures = run(args, Path(tmp), server.url, server.pid)
    if args.json:
        print(json.dumps(figures))
    else:
        print(json.dumps({key: value for key, value in figures.items() if key != "blocks"}))
    ends = {backend: (figures[backend]["events"], figures[backend]["stories"]) for backend in BACKENDS}
    if len(set(ends.values())) != 1:
        print(f"bench: the desks differ in (events, stories): {ends}", file=sys.stderr)
        return 1
    if args.analysis and any(figures[b]["analyses_reused"] != figures[b]["added"] for b in BACKENDS):
        print("bench: not every added article reused its stored analysis; the others were analysed while timed",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
