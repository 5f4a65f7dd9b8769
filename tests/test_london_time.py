"""Reading event times in London: clock changes, offsets, impossible input."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from calculators.errors import InputError
from calculators.london_time import LONDON, iso_minutes, long_date, long_time, parse_event_time, short_date


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2026-12-24T16:30", "2026-12-24T16:30+00:00"),
        ("2026-07-01T09:00", "2026-07-01T09:00+01:00"),
        ("2026-07-01 09:00", "2026-07-01T09:00+01:00"),
        ("2026-07-01T09:00+01:00", "2026-07-01T09:00+01:00"),
        ("2026-07-01T08:00Z", "2026-07-01T09:00+01:00"),  # UTC converted to London
        ("2026-10-25T01:30+01:00", "2026-10-25T01:30+01:00"),  # first 01:30 (BST)
        ("2026-10-25T01:30+00:00", "2026-10-25T01:30+00:00"),  # second 01:30 (GMT)
        ("2026-03-29T00:59", "2026-03-29T00:59+00:00"),  # the last minute of GMT
        ("2026-03-29T02:00", "2026-03-29T02:00+01:00"),  # the first BST clock time
        ("2026-10-25T02:00", "2026-10-25T02:00+00:00"),  # after the repeated hour
        ("2028-02-29T12:00", "2028-02-29T12:00+00:00"),  # leap day
        ("2010-01-01T00:00", "2010-01-01T00:00+00:00"),
    ],
)
def test_accepted(text, iso):
    assert iso_minutes(parse_event_time(text)) == iso


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "Enter the date and time"),
        ("24/12/2026 16:30", "must be written as"),
        ("2026-12-24", "must be written as"),
        ("2026-02-31T10:00", "does not exist"),
        ("2027-02-29T10:00", "does not exist"),  # not a leap year
        ("2026-13-01T10:00", "month"),
        ("2026-12-24T24:00", "hour"),
        ("2026-12-24T16:60", "minutes"),
        ("2026-03-29T01:30", "did not happen"),  # clocks go forward: 01:00-02:00 skipped
        ("2026-10-25T01:30", "happened twice"),  # clocks go back: 01:00-02:00 repeated
        ("2009-12-31T23:00", "2010"),
        ("2026-12-24T16:30+25:00", "not a real offset"),
    ],
)
def test_refused_with_a_message_naming_the_field(text, words):
    with pytest.raises(InputError) as exc:
        parse_event_time(text)
    assert exc.value.field == "at"
    assert words in exc.value.message


def test_ambiguous_message_offers_both_offsets():
    with pytest.raises(InputError) as exc:
        parse_event_time("2026-10-25T01:15")
    assert "2026-10-25T01:15+01:00" in exc.value.message and "2026-10-25T01:15+00:00" in exc.value.message


def test_long_time_names_gmt_and_bst():
    assert long_time(parse_event_time("2026-12-24T16:30")) == "16:30 GMT on Thursday 24 December 2026"
    assert long_time(parse_event_time("2026-06-11T14:15")) == "14:15 BST on Thursday 11 June 2026"


@pytest.mark.parametrize("first", [0, 1])
def test_the_repeated_autumn_hour_keeps_its_own_zone_whichever_is_written_first(first):
    """The wordings are kept once written: the two 01:30s of 25 October 2026 in London are equal
    to Python (only ``fold`` differs) and must still be written as BST and GMT."""
    wall = datetime(2026, 10, 25, 1, 30, tzinfo=LONDON)
    words = {0: "01:30 BST on Sunday 25 October 2026", 1: "01:30 GMT on Sunday 25 October 2026"}
    for fold in (first, 1 - first):
        assert long_time(wall.replace(fold=fold)) == words[fold]
    # The same instant given in another zone, and parsed from either offset.
    assert long_time(parse_event_time("2026-10-25T01:30+01:00")) == words[0]
    assert long_time(parse_event_time("2026-10-25T01:30+00:00")) == words[1]
    assert long_time(datetime(2026, 10, 25, 0, 30, tzinfo=timezone.utc)) == words[0]
    # A date is written from its own day, whatever equal moment was written before it.
    late = datetime(2026, 12, 24, 23, 30, tzinfo=timezone.utc)
    assert long_date(late.astimezone(timezone(timedelta(hours=2)))) == "Friday 25 December 2026"
    assert long_date(late) == "Thursday 24 December 2026"
    assert short_date(late) == "24 December 2026"


def test_a_zone_file_read_directly_gives_the_same_clock_changes(tmp_path):
    # The wheel carries Europe/London as a file (read with ZoneInfo.from_file); check that
    # path against the system's zone database across every change from 2010 to 2099.
    from datetime import datetime, timedelta, timezone
    from pathlib import Path
    from zoneinfo import ZoneInfo

    from calculators.london_time import london_zone

    system_file = Path("/usr/share/zoneinfo/Europe/London")
    if not system_file.is_file():
        import pytest
        pytest.skip("no system zone file to compare with")
    packaged = london_zone(system_file)
    reference = ZoneInfo("Europe/London")
    moment = datetime(2010, 1, 1, tzinfo=timezone.utc)
    while moment.year < 2100:
        assert moment.astimezone(packaged).utcoffset() == moment.astimezone(reference).utcoffset()
        assert moment.astimezone(packaged).tzname() == moment.astimezone(reference).tzname()
        moment += timedelta(hours=6)
