"""Sizes and durations, case for case with go-units, apimachinery and coreutils."""
import pytest

from storagekit.sim.units import (
    busybox_size,
    bytes_size,
    dd_rate,
    dd_size,
    from_human_size,
    gnu_human,
    human_duration,
    human_size,
    human_size_with_precision,
    ram_in_bytes,
    short_duration,
    time_ago,
)

KB, MB, GB, TB, PB = (1000 ** i for i in range(1, 6))
KiB, MiB, GiB, TiB, PiB = (1024 ** i for i in range(1, 6))
MINUTE, HOUR = 60, 3600
DAY = 24 * HOUR
WEEK, MONTH, YEAR = 7 * DAY, 30 * DAY, 365 * DAY


@pytest.mark.parametrize("size, expected", [
    (1024, "1KiB"), (1024 * 1024, "1MiB"), (1048576, "1MiB"), (2 * MiB, "2MiB"),
    (3.42 * GiB, "3.42GiB"), (5.372 * TiB, "5.372TiB"), (2.22 * PiB, "2.22PiB"),
    (KiB ** 5 * PiB, "1.049e+06YiB"), (0, "0B"), (1023, "1023B"),
])
def test_bytes_size(size, expected):
    assert bytes_size(size) == expected


@pytest.mark.parametrize("size, expected", [
    (1000, "1kB"), (1024, "1.024kB"), (1000000, "1MB"), (1048576, "1.049MB"), (2 * MB, "2MB"),
    (3.42 * GB, "3.42GB"), (5.372 * TB, "5.372TB"), (2.22 * PB, "2.22PB"),
    (10000000000000 * PB, "1e+04YB"),
])
def test_human_size_four_digits(size, expected):
    assert human_size(size, precision=4) == expected
    assert human_size_with_precision(size, 4) == expected


@pytest.mark.parametrize("size, expected", [
    (0, "0B"), (222, "222B"), (2150000, "2.15MB"), (1073741824, "1.07GB"), (4261000, "4.26MB"),
    (77800000, "77.8MB"), (999.5, "1e+03B"), (1234567890123, "1.23TB"),
])
def test_human_size_as_docker_prints_it(size, expected):
    assert human_size(size) == expected


@pytest.mark.parametrize("text, decimal, binary", [
    ("32", 32, 32), ("32b", 32, 32), ("32B", 32, 32),
    ("32k", 32 * KB, 32 * KiB), ("32K", 32 * KB, 32 * KiB), ("32kb", 32 * KB, 32 * KiB),
    ("32Kb", 32 * KB, 32 * KiB), ("32Kib", 32 * KB, 32 * KiB), ("32KIB", 32 * KB, 32 * KiB),
    ("32Mb", 32 * MB, 32 * MiB), ("32Gb", 32 * GB, 32 * GiB), ("32Tb", 32 * TB, 32 * TiB),
    ("32Pb", 32 * PB, 32 * PiB), ("32PB", 32 * PB, 32 * PiB), ("32P", 32 * PB, 32 * PiB),
    ("32.5kB", 32500, 33280), ("32.5 kB", 32500, 33280), ("32.5 B", 32, 32),
    ("0.3 K", 300, 307), ("32.3", 32, 32), ("32.3 mb", int(32.3 * MB), int(32.3 * MiB)),
    ("0.3MB", 300000, int(0.3 * MiB)), ("512m", 512 * MB, 512 * MiB), ("1e3", 1000, 1000),
    ("1_0m", 10 * MB, 10 * MiB),  # Go's ParseFloat takes underscores between digits
])
def test_parse_sizes(text, decimal, binary):
    assert from_human_size(text) == decimal
    assert ram_in_bytes(text) == binary


@pytest.mark.parametrize("text, message", [
    ("", "invalid size: ''"),
    ("hello", "invalid size: 'hello'"),
    ("-32", "invalid size: '-32'"),
    (" 32 ", 'strconv.ParseFloat: parsing " 32": invalid syntax'),
    ("32m b", 'strconv.ParseFloat: parsing "32m": invalid syntax'),
    ("32bm", "invalid suffix: 'bm'"),
    ("32MBS", "invalid suffix: 'mbs'"),
    ("32MiBs", "invalid suffix: 'MiBs'"),
    ("32mx", "invalid suffix: 'mx'"),
    ("32x", "invalid suffix: 'x'"),
    ("32kab", "invalid suffix: 'kab'"),
    ("1__0m", 'strconv.ParseFloat: parsing "1__0": invalid syntax'),
    ("0x10m", 'strconv.ParseFloat: parsing "0x10": invalid syntax'),
])
def test_parse_size_errors(text, message):
    for parse in (from_human_size, ram_in_bytes):
        with pytest.raises(ValueError) as err:
            parse(text)
        assert str(err.value) == message


@pytest.mark.parametrize("seconds, expected", [
    (0.45, "Less than a second"), (1, "1 second"), (45, "45 seconds"), (46, "46 seconds"),
    (59, "59 seconds"), (60, "About a minute"), (3 * MINUTE, "3 minutes"),
    (35 * MINUTE, "35 minutes"), (35 * MINUTE + 40, "35 minutes"), (45 * MINUTE, "45 minutes"),
    (45 * MINUTE + 40, "45 minutes"), (46 * MINUTE, "46 minutes"), (59 * MINUTE, "59 minutes"),
    (HOUR, "About an hour"), (HOUR + 29 * MINUTE, "About an hour"),
    (HOUR + 31 * MINUTE, "2 hours"), (HOUR + 59 * MINUTE, "2 hours"), (3 * HOUR, "3 hours"),
    (3 * HOUR + 29 * MINUTE, "3 hours"), (3 * HOUR + 31 * MINUTE, "4 hours"),
    (3 * HOUR + 59 * MINUTE, "4 hours"), (3 * HOUR + 60 * MINUTE, "4 hours"),
    (24 * HOUR, "24 hours"), (DAY + 12 * HOUR, "36 hours"), (2 * DAY, "2 days"),
    (7 * DAY, "7 days"), (13 * DAY + 5 * HOUR, "13 days"), (2 * WEEK, "2 weeks"),
    (2 * WEEK + 4 * DAY, "2 weeks"), (3 * WEEK, "3 weeks"), (4 * WEEK, "4 weeks"),
    (4 * WEEK + 3 * DAY, "4 weeks"), (MONTH, "4 weeks"), (MONTH + 2 * WEEK, "6 weeks"),
    (2 * MONTH, "2 months"), (2 * MONTH + 2 * WEEK, "2 months"), (3 * MONTH, "3 months"),
    (3 * MONTH + WEEK, "3 months"), (5 * MONTH + 2 * WEEK, "5 months"),
    (13 * MONTH, "13 months"), (23 * MONTH, "23 months"), (24 * MONTH, "24 months"),
    (24 * MONTH + 2 * WEEK, "2 years"), (3 * YEAR + 2 * MONTH, "3 years"),
    (-5, "Less than a second"),
])
def test_human_duration(seconds, expected):
    assert human_duration(seconds) == expected


def test_time_ago_wraps_human_duration():
    assert time_ago(2 * WEEK) == "2 weeks ago"
    assert time_ago(0) == "Less than a second ago"


@pytest.mark.parametrize("seconds, expected", [
    (-2, "<invalid>"), (-1, "0s"), (-0.5, "0s"), (0, "0s"), (1, "1s"), (119, "119s"),
    (2 * MINUTE, "2m"), (2 * MINUTE + 30, "2m30s"), (9 * MINUTE + 59, "9m59s"),
    (10 * MINUTE + 30, "10m"), (179 * MINUTE, "179m"), (3 * HOUR, "3h"),
    (3 * HOUR + 5 * MINUTE, "3h5m"), (7 * HOUR + 59 * MINUTE, "7h59m"), (8 * HOUR, "8h"),
    (47 * HOUR + 59 * MINUTE, "47h"), (2 * DAY, "2d"), (2 * DAY + 5 * HOUR, "2d5h"),
    (7 * DAY + 23 * HOUR, "7d23h"), (8 * DAY + 5 * HOUR, "8d"), (729 * DAY, "729d"),
    (2 * YEAR, "2y"), (2 * YEAR + 10 * DAY, "2y10d"), (8 * YEAR + 10 * DAY, "8y"),
])
def test_short_duration(seconds, expected):
    assert short_duration(seconds) == expected


@pytest.mark.parametrize("size, expected", [
    (0, "0"), (1, "1"), (512, "512"), (1023, "1023"), (1024, "1.0K"), (1025, "1.1K"),
    (1536, "1.5K"), (4096, "4.0K"), (10 * 1024 - 1, "10K"), (10 * 1024, "10K"),
    (10 * 1024 + 1, "11K"), (1023 * 1024 + 1, "1.0M"), (1048575, "1.0M"), (MiB, "1.0M"),
    (int(1.5 * MiB), "1.5M"), (12 * MiB, "12M"), (12 * MiB + 1, "13M"), (5 * GiB, "5.0G"),
    (TiB, "1.0T"), (TiB + 1, "1.1T"), (10 * TiB + 3, "11T"),  # what ls -lh printed for such sparse files here
])
def test_gnu_human(size, expected):
    assert gnu_human(size) == expected


@pytest.mark.parametrize("size, si, iec", [
    # what GNU dd 9.1 printed here for ``dd if=/dev/zero of=f bs=N count=1`` ("(SI, IEC)"; SI alone below 1024)
    (1000, "1.0 kB", None), (1024, "1.0 kB", "1.0 KiB"), (104857600, "105 MB", "100 MiB"),
    (3 * MiB, "3.1 MB", "3.0 MiB"),
])
def test_dd_size(size, si, iec):
    assert dd_size(size) == si
    if iec is not None:
        assert dd_size(size, binary=True) == iec


@pytest.mark.parametrize("rate, expected", [
    # speeds GNU dd 9.1 printed here; a speed is a quotient, formatted on human_readable's floating-point path
    (26.0e6, "26.0 MB"), (10.52e6, "10.5 MB"), (156.7e6, "157 MB"), (1.546e9, "1.5 GB"), (2.1e9, "2.1 GB"),
    (500, "0.5 kB"),  # human.c's loop divides at least once
])
def test_dd_rate(rate, expected):
    assert dd_rate(rate) == expected


@pytest.mark.parametrize("size, expected", [
    (1023, "1023B"), (1024, "1.0kB"), (104857600, "100.0MB"), (2.1e9, "2.0GB"),  # BusyBox's make_human_readable_str
])
def test_busybox_size(size, expected):
    assert busybox_size(size) == expected
