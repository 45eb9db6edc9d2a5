"""crawler.options: settings become options in one place, and a bad value names its setting."""

from __future__ import annotations

import pytest
from scrapy.settings import Settings

from crawler.options import (
    SettingsError,
    address_policy,
    check_settings,
    extract_options,
    parse_duration,
    recrawl_schedule,
)


def project(**overrides) -> Settings:
    settings = Settings()
    settings.setmodule("crawler.settings")
    settings.setdict(overrides, priority="cmdline")
    return settings


def test_the_project_defaults_make_every_option():
    check_settings(project())
    assert extract_options(project()).signature().startswith("newsarchive/")
    assert recrawl_schedule(project()) == [3600.0, 21600.0, 86400.0, 604800.0]
    assert address_policy(project()).blocked("127.0.0.1")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("EXTRACT_TIME_BUDGET", "abc"),
        ("EXTRACT_MAX_ELEMENTS", "many"),
        ("EXTRACT_FAVOR_PRECISION", "perhaps"),
        ("EXTRACT_DEBRIS_DISABLED", "comments,no_such_rule"),
        ("FRONTIER_RECRAWL_AFTER", "1h,soon"),
        ("SECURITY_ALLOWED_NETWORKS", "300.1.1.1/8"),
        ("GC_THRESHOLD", "1,2"),
        ("GC_TUNING_ENABLED", "sometimes"),
    ],
)
def test_a_bad_value_is_refused_with_the_name_of_its_setting(name, value):
    with pytest.raises(SettingsError, match=name):
        check_settings(project(**{name: value}))


def test_durations_read_as_people_write_them():
    assert [parse_duration(v) for v in (90, "90s", "15m", "6h", "7d", "1w")] == [
        90.0,
        90.0,
        900.0,
        21600.0,
        604800.0,
        604800.0,
    ]


def test_a_recrawl_schedule_of_zeros_means_every_run_and_a_stray_zero_is_refused():
    assert recrawl_schedule(project(FRONTIER_RECRAWL_AFTER="0")) == [0.0]
    assert recrawl_schedule(project(FRONTIER_RECRAWL_AFTER="")) == []
    with pytest.raises(SettingsError, match="FRONTIER_RECRAWL_AFTER: 0 among other steps"):
        recrawl_schedule(project(FRONTIER_RECRAWL_AFTER="0,1h"))
    with pytest.raises(SettingsError, match="negative"):
        recrawl_schedule(project(FRONTIER_RECRAWL_AFTER="-1h"))
