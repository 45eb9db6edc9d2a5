"""Run the whole hostile-input checklist and print how much of it is handled.

    .venv/bin/python bench/hostile.py [--verbose]

Runs, in this process, ``tests/hostile/`` (one crawl of the hostile site, the
security and unit cases) and the tests elsewhere that cover a checklist case
(``COVERED_ELSEWHERE``), with a pytest plugin that maps every test to its case
ids. A case is handled when every test mapped to it passed (an xfail waiting
for a request does not count). Prints handled cases out of the 100, the cases
not handled and why (tests/hostile/DECISIONS.md), the peak RSS of this process
and its children (extraction workers, ``scrapy`` subprocesses), and the slowest
case.
"""

from __future__ import annotations

import argparse
import re
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ALL_CASES = [f"B{i:02d}" for i in range(1, 76)] + [f"S-{i:02d}" for i in range(1, 26)]

# Cases whose test lives with the component it exercises (see tests/hostile/DECISIONS.md).
COVERED_ELSEWHERE: dict[str, list[str]] = {
    "B09": [
        "tests/crawler/middlewares/test_politeness.py::test_retry_after_is_read_as_seconds_or_as_an_http_date",
        "tests/crawler/middlewares/test_politeness.py::"
        "test_a_429_with_retry_after_is_not_retried_before_the_time_it_asked",
    ],
    "B11": [
        "tests/crawler/test_scheduler.py::"
        "test_a_removed_article_keeps_its_row_and_its_history_gains_the_410"
    ],
    "B52": [
        "tests/crawler/test_scheduler.py::"
        "test_a_print_copy_with_the_same_bytes_is_archived_as_a_revisit_not_a_second_article"
    ],
    "B53": [
        "tests/crawler/test_scheduler.py::"
        "test_a_changed_article_is_stored_as_a_new_version_on_its_next_due_run"
    ],
    "B54": [
        "tests/crawler/test_scheduler.py::"
        "test_a_second_run_fetches_discovery_pages_and_archives_revisits_only"
    ],
    "B48": ["tests/crawler/test_crawl.py::test_amp_utm_and_redirect_variants_make_no_second_row"],
    "B72": [
        "tests/crawler/test_crawl_command.py::"
        "test_a_second_run_on_the_same_corpus_is_refused_with_status_6",
        "tests/crawler/test_crawl_command.py::"
        "test_a_second_run_on_the_same_warc_directory_is_refused",
    ],
    "B74": [
        "tests/archive/test_warc.py::test_rotation_at_max_bytes_starts_every_file_with_warcinfo"
    ],
    "B75": [
        "tests/schemas/test_corpus.py::test_a_corrupt_database_file_is_refused_and_left_untouched",
        "tests/schemas/test_corpus.py::"
        "test_a_database_with_a_valid_header_but_corrupt_pages_is_refused",
        "tests/crawler/test_crawl.py::"
        "test_a_warc_left_open_by_a_killed_run_is_repaired_before_the_crawl",
    ],
    "S-04": [
        "tests/archive/test_viewer.py::test_id_responses_run_no_script_and_load_nothing_from_the_web",
        "tests/archive/test_viewer.py::test_the_framed_view_has_a_banner_and_a_sandboxed_frame",
    ],
    "S-20": [
        "tests/archive/test_warc.py::test_crlf_in_a_header_value_cannot_forge_a_warc_header",
        "tests/archive/test_warc.py::test_crlf_in_a_url_cannot_forge_a_warc_header",
        "tests/archive/test_warc.py::test_crlf_in_the_reason_phrase_cannot_forge_an_http_header",
        "tests/archive/test_warc.py::test_crlf_in_warcinfo_and_resource_headers_is_neutralised",
    ],
    "S-22": [
        "tests/crawler/test_crawl_command.py::"
        "test_a_finished_crawl_exits_0_with_a_summary_and_no_control_servers"
    ],
}
# Disk full (B71) is being built in another issue; its module counts once it exists.
if (ROOT / "tests" / "crawler" / "test_disk_full.py").exists():
    COVERED_ELSEWHERE["B71"] = ["tests/crawler/test_disk_full.py"]

# Whole-run tests of the shared crawl that stand for S-23 (every bound held at once).
RUN_WIDE = {
    "test_the_run_finishes_without_errors_or_tracebacks": ["S-23"],
    "test_the_whole_hostile_crawl_is_bounded_in_time": ["S-23"],
}
_PARAM = re.compile(r"\[([BS]-?\d\d)\]$")
_NAMED = re.compile(r"(?<![a-z])(b|s)(\d\d)(?=_)")


def case_ids(nodeid: str) -> list[str]:
    """The checklist cases one test stands for, from its parameter or its name."""
    for case, nodes in COVERED_ELSEWHERE.items():
        if any(nodeid == n or nodeid.startswith(n + "::") for n in nodes):
            return [case]
    m = _PARAM.search(nodeid)
    if m:
        return [m.group(1)]
    name = nodeid.rsplit("::", 1)[-1]
    if name in RUN_WIDE:
        return RUN_WIDE[name]
    return [
        (f"B{num}" if kind == "b" else f"S-{num}") for kind, num in _NAMED.findall(name.lower())
    ]


class Collector:
    """A pytest plugin: outcome and duration per test, rolled up per case."""

    def __init__(self) -> None:
        self.outcomes: dict[str, list[str]] = defaultdict(list)
        self.seconds: dict[str, float] = defaultdict(float)
        self.tests: dict[str, list[str]] = defaultdict(list)
        self.setup: dict[str, float] = {}

    def pytest_runtest_logreport(self, report) -> None:
        cases = case_ids(report.nodeid)
        shared = report.when == "setup" and report.duration > 1
        if shared:
            # A module or session crawl that many cases share: reported on its own.
            self.setup[report.nodeid] = report.duration
        for case in cases:
            if not shared:
                self.seconds[case] += report.duration
            if report.when == "call" or (report.when == "setup" and not report.passed):
                outcome = "xfail" if hasattr(report, "wasxfail") else report.outcome
                self.outcomes[case].append(outcome)
                self.tests[case].append(report.nodeid)


def _decisions() -> dict[str, str]:
    """Case -> one line, from the tables in tests/hostile/DECISIONS.md."""
    path = ROOT / "tests" / "hostile" / "DECISIONS.md"
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\|\s*([BS]-?\d\d)\s*\|\s*([^|]+)\|", line)
        if m:
            out[m.group(1)] = m.group(2).strip()
    return out


def _peak_rss_mib() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024  # Linux reports KiB


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list every case")
    args = parser.parse_args(argv)
    collector = Collector()
    targets = ["tests/hostile"] + sorted({n for ns in COVERED_ELSEWHERE.values() for n in ns})
    started = time.monotonic()
    status = pytest.main(
        ["-q", "-p", "no:cacheprovider", "--no-header", "-o", "console_output_style=classic"]
        + targets,
        plugins=[collector],
    )
    wall = time.monotonic() - started
    decisions = _decisions()
    handled, not_handled = [], []
    for case in ALL_CASES:
        outcomes = collector.outcomes.get(case, [])
        if outcomes and all(o == "passed" for o in outcomes):
            handled.append(case)
        else:
            why = decisions.get(case)
            if why is None:
                why = "no test" if not outcomes else f"tests: {sorted(set(outcomes))}"
            not_handled.append((case, why))
    slowest = max(collector.seconds.items(), key=lambda kv: kv[1])
    print()
    print(f"hostile inputs: {len(handled)} of {len(ALL_CASES)} cases handled")
    for case, why in not_handled:
        print(f"  not handled {case}: {why}")
    if args.verbose:
        for case in handled:
            print(f"  handled {case}: {len(collector.tests[case])} test(s)")
    shared = max(collector.setup.items(), key=lambda kv: kv[1], default=(None, 0.0))
    print(f"peak RSS: {_peak_rss_mib():.0f} MiB (limit 1024 MiB)")
    print(f"slowest case: {slowest[0]} ({slowest[1]:.1f} s of its own tests)")
    if shared[0]:
        print(f"slowest shared setup: {shared[1]:.1f} s (the crawl behind {shared[0]})")
    print(f"wall time: {wall:.0f} s, pytest exit status {int(status)}")
    return 0 if int(status) == 0 and _peak_rss_mib() < 1024 else 1


if __name__ == "__main__":
    sys.exit(main())
