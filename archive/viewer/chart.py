"""A story's coverage drawn: articles a day by outlet, stacked, as a PNG (matplotlib,
with its file-only backend). The same chart for ``scrapy coverage --plot`` and the
viewer's story page."""

from __future__ import annotations

import datetime as dt
import io
import os

from schemas.coverage import Coverage


def plot(found: Coverage, path: str | os.PathLike[str] | io.BytesIO, *, top: int = 8) -> None:
    """Articles per day by outlet, stacked (the ``top`` outlets, the rest as "others"),
    as a PNG (matplotlib, imported here, drawn with its file-only Agg canvas)."""
    # A Figure of its own, never pyplot's global state: the viewer draws in threads.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.dates import AutoDateLocator, DateFormatter, DayLocator
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    days = found.by_day()
    names = [name for name, _ in found.outlets.most_common(top)]
    others = any(o not in names for o in found.outlets)
    fig = Figure(figsize=(10, 4.5), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    x = [dt.date.fromisoformat(d) for d in days]
    bottom = [0] * len(x)
    series = [(n, [days[d][n] for d in days]) for n in names]
    if others:
        rest = [sum(v for k, v in days[d].items() if k not in names) for d in days]
        series.append(("others", rest))
    for name, counts in series:
        ax.bar(x, counts, bottom=bottom, label=name, width=0.8)
        bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
    n, outlets = len(found.pieces), len(found.outlets)
    ax.set_title(
        f"{found.name}: {n} article{'s' * (n != 1)} by {outlets} outlet{'s' * (outlets != 1)}"
    )
    ax.set_ylabel("articles a day")
    if x:
        ax.set_xlim(x[0] - dt.timedelta(days=1), x[-1] + dt.timedelta(days=1))
    short = len(x) <= 14  # one tick a day, never several ticks for one date
    ax.xaxis.set_major_locator(DayLocator() if short else AutoDateLocator(minticks=3, maxticks=10))
    ax.xaxis.set_major_formatter(DateFormatter("%Y-%m-%d"))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    if series:
        ax.legend(loc="upper right", fontsize="small")
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(path, format="png")


def png(found: Coverage) -> bytes:
    """The chart as PNG bytes (the viewer serves them)."""
    buffer = io.BytesIO()
    plot(found, buffer)
    return buffer.getvalue()
