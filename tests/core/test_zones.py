"""Time zones: a local time typed in a zone becomes UTC and reads back the same, DST edges."""

from datetime import UTC, datetime

import pytest

from quizapp.core.zones import ZoneRefused, form_value, local_text, to_utc, zone_names


def test_a_time_typed_in_shanghai_is_stored_as_utc_and_shown_back_in_shanghai():
    stored = to_utc(datetime(2026, 1, 10, 9, 0), "Asia/Shanghai")
    assert stored == datetime(2026, 1, 10, 1, 0, tzinfo=UTC)
    assert local_text(stored, "Asia/Shanghai") == "10 Jan 2026, 09:00 Asia/Shanghai"
    assert form_value(stored, "Asia/Shanghai") == datetime(2026, 1, 10, 9, 0)
    assert local_text(stored, None) == "10 Jan 2026, 01:00 UTC"


def test_new_york_in_winter_and_in_summer_is_five_and_four_hours_behind():
    assert to_utc(datetime(2026, 1, 15, 12, 0), "America/New_York").hour == 17
    assert to_utc(datetime(2026, 7, 15, 12, 0), "America/New_York").hour == 16
    # The last minute before the clocks go forward, and the first after.
    assert to_utc(datetime(2026, 3, 8, 1, 59), "America/New_York") == datetime(
        2026, 3, 8, 6, 59, tzinfo=UTC
    )
    assert to_utc(datetime(2026, 3, 8, 3, 0), "America/New_York") == datetime(
        2026, 3, 8, 7, 0, tzinfo=UTC
    )


def test_a_time_the_clocks_skip_is_refused_with_a_message():
    with pytest.raises(ZoneRefused) as refused:
        to_utc(datetime(2026, 3, 8, 2, 30), "America/New_York")
    assert "02:30 on 8 March 2026 does not exist in America/New_York" in str(refused.value)


def test_a_time_the_clocks_pass_twice_is_the_first_and_reads_back_the_same():
    first = to_utc(datetime(2026, 11, 1, 1, 30), "America/New_York")
    assert first == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # still summer time (UTC-4)
    assert local_text(first, "America/New_York") == "1 Nov 2026, 01:30 America/New_York"
    second = datetime(2026, 11, 1, 6, 30, tzinfo=UTC)  # the same clock reading, an hour on
    assert local_text(second, "America/New_York") == "1 Nov 2026, 01:30 America/New_York"


@pytest.mark.parametrize("name", ["Mars/Olympus_Mons", "../../etc/passwd", "", "utc+8", "x" * 500])
def test_a_name_that_is_not_an_iana_zone_is_refused(name):
    with pytest.raises(ZoneRefused) as refused:
        to_utc(datetime(2026, 1, 1), name or "Nowhere/At_All")
    assert "is not a time zone name such as Asia/Shanghai or UTC" in str(refused.value)


def test_the_zone_list_holds_utc_first_and_the_zones_people_live_in():
    names = zone_names()
    assert names[0] == "UTC"
    assert {"Asia/Shanghai", "America/New_York", "Europe/London"} <= set(names)
    assert list(names[1:]) == sorted(names[1:])
