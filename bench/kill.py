"""kill -9 a crawl a hundred times (or more) at random moments and resume it each time.

    .venv/bin/python bench/kill.py [--kills 100] [--stories 400] [--seed 1]

The same harness as tests/crawler/test_kill_resume.py (tests/killing.py), at a
scale CI has no time for. After every kill it checks SQLite and FTS5 integrity,
every capture's WARC pointer, every WARC file to its last byte, that nothing
committed was lost or changed, and that no article already done was fetched
again; at the end it compares the article set with an uninterrupted crawl.
Exit status 0 only when every check passed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.killing import committed, kill_and_resume, reference_articles  # noqa: E402
from tests.newsroom import Newsroom  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--stories", type=int, default=400)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--min-delay", type=float, default=0.5, help="seconds of crawling before a kill"
    )
    parser.add_argument("--max-delay", type=float, default=4.0)
    args = parser.parse_args()
    console = Console(stderr=True)
    room = Newsroom(stories=args.stories, seed=args.seed)
    with tempfile.TemporaryDirectory(prefix="newsarchive-kill-") as tmp, room.serve() as server:
        data = Path(tmp) / "killed"
        with Progress(
            TextColumn("kill -9"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[articles]} articles, {task.fields[problems]} problems"),
            TimeElapsedColumn(),
            console=console,
        ) as bar:
            task = bar.add_task("kills", total=args.kills, articles=0, problems=0)

            def progress(report) -> None:
                bar.update(
                    task,
                    completed=report.kills,
                    articles=report.articles_after_run[-1] if report.articles_after_run else 0,
                    problems=len(report.problems),
                )

            report = kill_and_resume(
                room,
                server,
                data,
                kills=args.kills,
                seed=args.seed,
                window=(args.min_delay, args.max_delay),
                progress=progress,
            )
        console.print("uninterrupted reference crawl of the same site...")
        reference = reference_articles(room, server, Path(tmp) / "reference")
        articles, _ = committed(data / "corpus.db")
    same = articles == reference
    table = Table(title="kill -9 harness")
    table.add_column("figure")
    table.add_column("value", justify="right")
    rows = [
        ("kills (SIGKILL to the crawl's process group)", report.kills),
        ("runs, the final uninterrupted one included", report.runs),
        ("runs that finished before their kill", report.finished_early),
        ("checks after a run", report.checks),
        ("problems found", len(report.problems)),
        ("done articles fetched again", len(report.refetched)),
        ("robots-disallowed fetches", report.disallowed_fetches),
        ("articles stored", len(articles)),
        ("articles in the uninterrupted crawl", len(reference)),
        ("same article set and texts", "yes" if same else "NO"),
        ("wall time", f"{report.seconds:.0f} s"),
    ]
    for name, value in rows:
        table.add_row(name, str(value))
    Console().print(table)
    for problem in report.problems[:20]:
        print(f"problem: {problem}")
    for path in report.refetched[:20]:
        print(f"refetched: {path}")
    ok = same and not report.problems and not report.refetched and not report.disallowed_fetches
    print("kill harness: all checks passed" if ok else "kill harness: FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
