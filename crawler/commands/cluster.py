"""scrapy cluster status|drain|resume: the cluster of workers sharing REDIS_URL.

``status``: the run, URLs queued, leased, done and failed, rows waiting for the ingest,
and each worker (alive, dead: no heartbeat within FRONTIER_LEASE_TIMEOUT, or left).
``drain``: workers finish what they hold, take nothing new and stop; what is queued
stays for the next run. ``resume``: lift a drain.
"""

from __future__ import annotations

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.cli import NewsarchiveCommand
from crawler.distributed.cluster import Cluster
from crawler.distributed.frontier import RedisFrontier
from crawler.distributed.handoff import STREAM
from crawler.exits import Exit
from crawler.extensions.cluster import connect

_ACTIONS = ("status", "drain", "resume")


class Command(NewsarchiveCommand, ScrapyCommand):
    def syntax(self) -> str:
        return "status|drain|resume -s REDIS_URL=redis://HOST:PORT/DB"

    def short_desc(self) -> str:
        return "Show or steer the cluster of workers (queued, leased, done; workers alive)"

    def execute(self, args: list[str], opts) -> Exit:
        if len(args) != 1 or args[0] not in _ACTIONS:
            raise UsageError(f"cluster takes one of: {', '.join(_ACTIONS)}")
        settings = self.settings
        client = connect(settings.get("REDIS_URL"))  # ClusterError: status 8
        prefix = settings.get("CLUSTER_NAME") or "na"
        cluster = Cluster(
            client, prefix=prefix, timeout=settings.getfloat("FRONTIER_LEASE_TIMEOUT")
        )
        if args[0] == "drain":
            cluster.drain()
            print("cluster: draining: workers finish what they hold, then stop")
            return Exit.OK
        if args[0] == "resume":
            cluster.undrain()
            print("cluster: drain lifted: workers take URLs again")
            return Exit.OK
        for line in status_lines(cluster, client, prefix):
            print(line)
        return Exit.OK


def status_lines(cluster: Cluster, client, prefix: str) -> list[str]:
    state = cluster.state()
    frontier = RedisFrontier(
        client, crawl_id=state.run, schedule=(), worker="status", prefix=prefix
    )
    counts = frontier.counts()
    waiting = int(client.xlen(cluster.key(STREAM)))
    run = (
        "no run yet"
        if state.run == 0
        else f"run {state.run}, {'over' if state.over else 'under way'}"
    )
    if cluster.draining:
        run += ", draining"
    lines = [
        f"cluster {prefix!r}: {run}",
        f"URLs: {counts.get('queued', 0):,} queued, {counts.get('in_flight', 0):,} leased,"
        f" {counts.get('done', 0):,} done, {counts.get('failed', 0):,} failed",
        f"rows waiting for the ingest: {waiting:,} batches",
    ]
    workers = cluster.workers()
    alive = sum(1 for w in workers if w.state == "alive")
    lines.append(f"workers: {alive} alive of {len(workers)} known")
    for w in workers:
        beat = (
            ""
            if w.last_beat is None
            else f", last heartbeat {max(0.0, state.now - w.last_beat):.0f} s ago"
        )
        why = f" ({w.reason})" if w.reason else ""
        lines.append(f"  {w.name:<24} {w.state:<6}{why} run {w.run}{beat}, {w.host} pid {w.pid}")
    return lines
