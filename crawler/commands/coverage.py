"""scrapy coverage TOPIC [--csv FILE] [--plot FILE.png]: how one story was covered.

TOPIC is a followed topic's name (``scrapy topics``) or a query, matched against the
whole corpus when no topic has that name (``crawler.stories.coverage``)."""

from __future__ import annotations

from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.cli import NewsarchiveCommand
from crawler.exits import Exit
from crawler.extensions.summary import counted
from crawler.stories.coverage import Coverage, coverage, plot, write_csv
from crawler.terminal import one_line
from schemas.corpus import require_tables


class Command(NewsarchiveCommand, ScrapyCommand):
    def syntax(self) -> str:
        return "TOPIC|QUERY [--csv FILE] [--plot FILE.png] [-s CORPUS_DB=PATH]"

    def short_desc(self) -> str:
        return "A story's coverage: outlets, articles a day, the first mover, originals and copies"

    def add_options(self, parser) -> None:
        super().add_options(parser)
        parser.add_argument("--csv", metavar="FILE", help="one row per article")
        parser.add_argument("--plot", metavar="FILE.png", help="articles a day by outlet")
        parser.add_argument("--force", action="store_true", help="replace existing files")

    def execute(self, args: list[str], opts) -> Exit:
        if len(args) != 1:
            raise UsageError("give one topic name or query (quote it)")
        for out in (opts.csv, opts.plot):
            if out and not opts.force and Path(out).exists():
                raise FileExistsError(f"{out} exists: pass --force to replace it")
        db = self.corpus()
        require_tables(db, "topics", "topic_articles", "clusters", "cluster_members")
        found = coverage(db.conn, args[0])
        _report(found)
        if opts.csv:
            write_csv(found, opts.csv)
            print(f"wrote {counted(len(found.pieces), 'row')} to {opts.csv}")
        if opts.plot:
            plot(found, opts.plot)
            print(f"drew {opts.plot}")
        return Exit.OK if found.pieces else Exit.NEGATIVE


def _report(found: Coverage) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.tree import Tree

    console = Console(highlight=False)
    kind = "topic" if found.followed else "query over the corpus"
    console.print(f"[bold]{one_line(found.name)}[/bold]  ({kind}: {one_line(found.query)})")
    if not found.pieces:
        console.print("no article on it")
        return
    days = found.by_day()
    first = found.first_mover
    span = f", {min(days)} to {max(days)}" if days else ""
    console.print(
        f"{counted(len(found.pieces), 'article')} by {counted(len(found.outlets), 'outlet')}{span}"
    )
    if first is not None:
        console.print(
            f"first: {one_line(first.outlet)}, {first.when[:16]}: {one_line(first.title or '')}"
        )
    outlets = Table(title="outlets", show_edge=False)
    outlets.add_column("outlet")
    outlets.add_column("articles", justify="right")
    outlets.add_column("first", justify="right")
    for name, n in found.outlets.most_common():
        when = min(p.when for p in found.pieces if p.outlet == name)
        outlets.add_row(one_line(name), str(n), when[:10])
    console.print(outlets)
    quiet = sum(1 for c in days.values() if not c)
    timeline = Table(
        title="articles a day"
        + (f" ({counted(quiet, 'day')} without any left out)" if quiet else ""),
        show_edge=False,
    )
    timeline.add_column("day")
    timeline.add_column("articles", justify="right")
    timeline.add_column("by outlet")
    for day, by_outlet in days.items():
        if by_outlet:
            n = sum(by_outlet.values())
            who = ", ".join(f"{one_line(o)} {k}" for o, k in by_outlet.most_common(4))
            timeline.add_row(day, f"{n} {'#' * min(n, 40)}", who)
    console.print(timeline)
    tree = Tree("originals and their copies")
    for original, copies in found.stories():
        branch = tree.add(
            f"{original.when[:10]}  {one_line(original.outlet)}: {one_line(original.title or '')}"
            f"  [dim]{original.url}[/dim]"
        )
        for c in copies:
            how = f"{c.evidence}, " if c.evidence else ""
            sim = f"{c.similarity:.2f}" if c.similarity is not None else "?"
            branch.add(
                f"{c.when[:10]}  {one_line(c.outlet)}: {one_line(c.title or '')}"
                f"  [dim]({how}similarity {sim}) {c.url}[/dim]"
            )
    console.print(tree)
