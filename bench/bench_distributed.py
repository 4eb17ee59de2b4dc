"""``newsdesk prepare`` on Ray against ``newsdesk add`` in one process: articles/s, start-up and peak memory.

    python bench/bench_distributed.py --articles 300
    python bench/bench_distributed.py --articles 1000 --json

The input: the first N real 10kGNAD articles (../shared/datasets/10kgnad, read at run time, never copied) as HTML
responses in one WARC in a temporary folder, each with its first words as title and a publication date. Timed, each
in a fresh process so that no run inherits another's loaded models:

- ``add``: ``Desk.add(workers=1)`` with analysis, everything in one process (the baseline);
- ``prepare-1`` / ``prepare-2``: ``prepare_folder`` with 1 and 2 actors on a local Ray (one CPU more for reading
  and sorting, see ``newsdesk.distributed``); start-up is ``ray.init``;
- ``place``: ``Desk.add`` of the prepared ``OUT/de`` into a fresh desk: placement only, the analyses reused.

Printed per run: wall seconds, articles/s, start-up seconds and the peak RSS of the process and all its descendants
(Ray's daemons and workers included), sampled every 0.25 s from /proc; shared pages count once per process, so it
overstates a little.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from run import gnad_missing, machine, process_tree_rss_mb, read_gnad

CONFIGURATIONS = ("add", "prepare-1", "prepare-2", "place")


def write_warc(rows: list[tuple[str, str]], path: Path) -> None:
    """The articles as HTML responses of a WARC, one gzip member each, as crawlers write them."""
    from html import escape

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for number, (_, text) in enumerate(rows):
            title = escape(" ".join(text.split()[:8]))
            published = f"2024-{1 + number % 12:02d}-{1 + number % 28:02d}T08:00:00"
            html = (f'<html lang="de"><head><title>{title}</title><meta property="article:published_time" '
                    f'content="{published}"></head><body><article><h1>{title}</h1><p>{escape(text)}</p>'
                    "</article></body></html>").encode()
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"https://bench.invalid/{number}", "response",
                                                          payload=io.BytesIO(html), http_headers=headers))


def run_child(configuration: str, folder: Path) -> dict[str, float]:
    """One configuration, in this (fresh) process. RETURNS: its start-up and total seconds, and articles."""
    from newsdesk import Desk

    started = time.perf_counter()
    if configuration in ("add", "place"):
        source = folder / "input.warc.gz" if configuration == "add" else folder / "prepared" / "de"
        with Desk(folder / f"{configuration}.db") as desk:
            report = desk.add([str(source)], workers=1)
        return {"startup_s": 0.0, "total_s": time.perf_counter() - started, "articles": report.added,
                "analyses_reused": report.analyses_reused}
    import ray

    from newsdesk.distributed import prepare_folder

    workers = int(configuration.split("-")[1])
    ray.init(num_cpus=workers + 1, include_dashboard=False, log_to_driver=False, logging_level="error")
    ready = time.perf_counter()
    report = prepare_folder([str(folder / "input.warc.gz")], folder / "prepared", workers=workers)
    total = time.perf_counter() - started
    ray.shutdown()
    return {"startup_s": ready - started, "total_s": total, "articles": report.articles}


def measure(configuration: str, folder: Path) -> dict[str, float | str]:
    """Run one configuration in a child process, sampling its memory. RETURNS: its figures."""
    child = subprocess.Popen([sys.executable, __file__, "--child", configuration, str(folder)],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    peak = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, process_tree_rss_mb(child.pid))
            done.wait(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = child.communicate()
    done.set()
    sampler.join()
    if child.returncode != 0:
        raise SystemExit(f"bench: {configuration} failed (exit {child.returncode})")
    figures = json.loads(output.strip().splitlines()[-1])
    return {"configuration": configuration, **figures, "articles_per_s": figures["articles"] / figures["total_s"],
            "peak_rss_mb": peak}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=300, help="10kGNAD articles in the WARC (at most 1,028).")
    parser.add_argument("--json", action="store_true", help="Print one JSON object.")
    parser.add_argument("--child", nargs=2, metavar=("CONFIGURATION", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_child(args.child[0], Path(args.child[1]))))
        return 0
    if gnad_missing():
        return 1
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    with tempfile.TemporaryDirectory(prefix="bench-distributed-") as temporary:
        folder = Path(temporary)
        rows = read_gnad()[: args.articles]
        write_warc(rows, folder / "input.warc.gz")
        runs = [measure(configuration, folder) for configuration in CONFIGURATIONS]
    result = {"machine": machine(), "articles": len(rows), "runs": runs}
    if args.json:
        print(json.dumps(result))
        return 0
    print(f"machine: {result['machine']}; {len(rows):,} 10kGNAD articles in one WARC")
    print(f"{'configuration':<12} {'wall s':>8} {'art/s':>7} {'start-up s':>11} {'peak RSS MB':>12}")
    for run in runs:
        print(f"{run['configuration']:<12} {run['total_s']:>8.1f} {run['articles_per_s']:>7.1f} "
              f"{run['startup_s']:>11.1f} {run['peak_rss_mb']:>12,.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
