"""``--since``/``--until`` values, the table of moby's ``api/types/time/timestamp_test.go`` and Go's errors."""

import pytest

from storagekit.commands.docker.timestamps import GoTimeError, get_timestamp, parse_timestamp

NOW = 1767603600  # 2026-01-05T09:00:00Z


@pytest.mark.parametrize("value, expected", [
    ("2006-01-02T15:04:05.999999999+07:00", "1136189045.999999999"),
    ("2006-01-02T15:04:05.999999999Z", "1136214245.999999999"),
    ("2006-01-02T15:04:05.999999999", "1136214245.999999999"),
    ("2006-01-02T15:04:05Z", "1136214245.000000000"),
    ("2006-01-02T15:04:05", "1136214245.000000000"),
    ("2006-01-02T15:04Z", "1136214240.000000000"),
    ("2006-01-02T15:04+00:00", "1136214240.000000000"),
    ("2006-01-02T15:04-00:00", "1136214240.000000000"),
    ("2006-01-02T15:04", "1136214240.000000000"),
    ("2006-01-02T15Z", "1136214000.000000000"),
    ("2006-01-02T15+00:00", "1136214000.000000000"),
    ("2006-01-02T15-00:00", "1136214000.000000000"),
    ("2006-01-02T15", "1136214000.000000000"),
    ("2006-01-02T1Z", "1136163600.000000000"),
    ("2006-01-02T1", "1136163600.000000000"),
    ("2006-01-02+00:00", "1136160000.000000000"),
    ("2006-01-02-00:00", "1136160000.000000000"),
    ("2006-01-02-00:01", "1136160060.000000000"),
    ("2006-01-02Z", "1136160000.000000000"),
    ("2006-01-02", "1136160000.000000000"),
    ("2015-05-13T20:39:09Z", "1431549549.000000000"),
    ("1136073600", "1136073600"),
    ("1136073600.000000001", "1136073600.000000001"),
    ("1m", str(NOW - 60)),
    ("1.5h", str(NOW - 5400)),
    ("1h30m", str(NOW - 5400)),
    ("0s", str(NOW)),
    ("0", "0"),
])
def test_a_value_becomes_what_the_client_sends(value, expected):
    assert get_timestamp(value, NOW) == expected


@pytest.mark.parametrize("value, error", [
    ("2006-01-02T15:04:0Z", 'parsing time "2006-01-02T15:04:0Z" as "2006-01-02T15:04:05Z07:00": cannot parse "0Z" as '
                            '"05"'),
    ("2006-01-02T15:04:0", 'parsing time "2006-01-02T15:04:0" as "2006-01-02T15:04:05": cannot parse "0" as "05"'),
    ("2006-01-02T15:0Z", 'parsing time "2006-01-02T15:0Z" as "2006-01-02T15:04Z07:00": cannot parse "0Z" as "04"'),
    ("2006-01-02TZ", 'parsing time "2006-01-02TZ" as "2006-01-02T15Z07:00": cannot parse "Z" as "15"'),
    ("2006-01-02T", 'parsing time "2006-01-02T" as "2006-01-02T15": cannot parse "" as "15"'),
    ("2026-13-01", 'parsing time "2026-13-01": month out of range'),
    ("2026-02-30", 'parsing time "2026-02-30": day out of range'),
    ("2026-01-05x", 'parsing time "2026-01-05x": extra text: "x"'),
    ("invalid", 'failed to parse value as time or duration: "invalid"'),
    ("", 'failed to parse value as time or duration: ""'),
])
def test_a_bad_value_gets_gos_own_words(value, error):
    with pytest.raises(GoTimeError) as exc:
        get_timestamp(value, NOW)
    assert str(exc.value) == error


@pytest.mark.parametrize("value, nanos", [
    ("1136073600", 1136073600 * 10**9),
    ("1136073600.000000001", 1136073600 * 10**9 + 1),
    ("1136073600.0000000010", 1136073600 * 10**9 + 1),
    ("1136073600.00000001", 1136073600 * 10**9 + 10),
])
def test_the_daemon_reads_seconds_and_nanoseconds(value, nanos):
    assert parse_timestamp(value) == nanos
