"""TabWriter against the behaviours Go's text/tabwriter test table pins down.

Each case is written three ways (all at once, one character at a time, in
growing slices), as Go's tests do, because a line that completes mid-write can
be flushed early and must give the same result.
"""
import pytest

from storagekit.commands.formats.tabwriter import (
    ALIGN_RIGHT,
    DEBUG,
    DISCARD_EMPTY_COLUMNS,
    ESCAPE,
    FILTER_HTML,
    STRIP_ESCAPE,
    TabWriter,
    display_width,
)

E = ESCAPE

CASES = [
    # name, minwidth, tabwidth, padding, padchar, flags, source, expected
    ("empty", 8, 0, 1, ".", 0, "", ""),
    ("empty debug", 8, 0, 1, ".", DEBUG, "", ""),
    ("escape pair stripped", 8, 0, 1, ".", STRIP_ESCAPE, E + E, ""),
    ("escape pair kept", 8, 0, 1, ".", 0, E + E, E + E),
    ("escaped tab stripped", 8, 0, 1, ".", STRIP_ESCAPE, E + "\t" + E, "\t"),
    ("escaped tab kept", 8, 0, 1, ".", 0, E + "\t" + E, E + "\t" + E),
    ("escaped line breaks", 8, 0, 1, ".", STRIP_ESCAPE, E + '"foo\t\n\tbar"' + E, '"foo\t\n\tbar"'),
    ("unterminated escape stripped", 8, 0, 1, ".", STRIP_ESCAPE, "abc" + E + "\tdef", "abc\tdef"),
    ("unterminated escape kept", 8, 0, 1, ".", 0, "abc" + E + "\tdef", "abc" + E + "\tdef"),
    ("only newlines", 8, 0, 1, ".", 0, "\n\n\n", "\n\n\n"),
    ("no tabs", 8, 0, 1, ".", 0, "a\nb\nc", "a\nb\nc"),
    ("lone tab prints nothing", 8, 0, 1, ".", 0, "\t", ""),
    ("lone tab right aligned", 8, 0, 1, ".", ALIGN_RIGHT, "\t", ""),
    ("one column", 8, 0, 1, ".", 0, "*\t*", "*.......*"),
    ("one column and newline", 8, 0, 1, ".", 0, "*\t*\n", "*.......*\n"),
    ("trailing tab on last line", 8, 0, 1, ".", 0, "*\t*\t", "*.......*"),
    ("trailing tab debug", 8, 0, 1, ".", DEBUG, "*\t*\t", "*.......|*"),
    ("trailing tab right aligned", 8, 0, 1, ".", ALIGN_RIGHT, "*\t*\t", ".......**"),
    ("empty cell padded", 8, 0, 1, ".", 0, "\t\n", "........\n"),
    ("plain text", 8, 0, 1, ".", 0, "a) foo", "a) foo"),
    ("space padding", 8, 0, 1, " ", 0, "b) foo\tbar", "b) foo  bar"),
    ("trailing tab no newline", 8, 0, 1, ".", 0, "c) foo\tbar\t", "c) foo..bar"),
    ("last cell unpadded", 8, 0, 1, ".", 0, "d) foo\tbar\n", "d) foo..bar\n"),
    ("terminated cell padded", 8, 0, 1, ".", 0, "e) foo\tbar\t\n", "e) foo..bar.....\n"),
    ("html tags take no room", 8, 0, 1, ".", FILTER_HTML,
     "f) f&lt;o\t<b>bar</b>\t\n", "f) f&lt;o..<b>bar</b>.....\n"),
    ("unterminated entity", 8, 0, 1, ".", FILTER_HTML | DEBUG,
     "g) f&lt;o\t<b>bar</b>\t non-terminated entity &amp",
     "g) f&lt;o..|<b>bar</b>.....| non-terminated entity &amp"),
    ("padchar never used", 8, 0, 1, "*", 0, "Hello, world!\n", "Hello, world!\n"),
    ("minimal widths", 1, 0, 0, ".", 0,
     "1\t2\t3\t4\n11\t222\t3333\t44444\n", "1.2..3...4\n11222333344444\n"),
    ("formfeed inside html", 1, 0, 0, ".", FILTER_HTML,
     "1\t2<!---\f--->\t3\t4\n11\t222\t3333\t44444\n",
     "1.2<!---\f--->..3...4\n11222333344444\n"),
    ("formfeed ends the block", 1, 0, 0, ".", 0,
     "1\t2\t3\t4\f11\t222\t3333\t44444\n", "1234\n11222333344444\n"),
    ("formfeed debug", 1, 0, 0, ".", DEBUG,
     "1\t2\t3\t4\f11\t222\t3333\t44444\n", "1|2|3|4\n---\n11|222|3333|44444\n"),
    ("minwidth 5", 5, 0, 0, ".", 0, "1\t2\t3\t4\n", "1....2....3....4\n"),
    ("minwidth 5 trailing", 5, 0, 0, ".", 0, "1\t2\t3\t4\t\n", "1....2....3....4....\n"),
    ("runes count one", 8, 0, 1, ".", 0,
     "本\tb\tc\naa\t本本本\tcccc\tddddd\naaa\tbbbb\n",
     "本.......b.......c\naa......本本本.....cccc....ddddd\naaa.....bbbb\n"),
    ("right aligned", 8, 0, 1, " ", ALIGN_RIGHT,
     "a\tè\tc\t\naa\tèèè\tcccc\tddddd\t\naaa\tèèèè\t\n",
     "       a       è       c\n      aa     èèè    cccc   ddddd\n     aaa    èèèè\n"),
    ("narrow", 2, 0, 0, " ", 0,
     "a\tb\tc\naa\tbbb\tcccc\naaa\tbbbb\n", "a  b  c\naa bbbcccc\naaabbbb\n"),
    ("underscores", 8, 0, 1, "_", 0,
     "a\tb\tc\naa\tbbb\tcccc\naaa\tbbbb\n", "a_______b_______c\naa______bbb_____cccc\naaa_____bbbb\n"),
    ("column blocks", 4, 0, 1, "-", 0,
     "4444\t日本語\t22\t1\t333\n999999999\t22\n7\t22\n\t\t\t88888888\n\n"
     "666666\t666666\t666666\t4444\n1\t1\t999999999\t0000000000\n",
     "4444------日本語-22--1---333\n999999999-22\n7---------22\n------------------88888888\n\n"
     "666666-666666-666666----4444\n1------1------999999999-0000000000\n"),
    ("column blocks padding 3", 4, 0, 3, ".", 0,
     "4444\t333\t22\t1\t333\n999999999\t22\n7\t22\n\t\t\t88888888\n\n"
     "666666\t666666\t666666\t4444\n1\t1\t999999999\t0000000000\n",
     "4444........333...22...1...333\n999999999...22\n7...........22\n....................88888888\n\n"
     "666666...666666...666666......4444\n1........1........999999999...0000000000\n"),
    ("tab padding", 8, 8, 1, "\t", FILTER_HTML,
     "4444\t333\t22\t1\t333\n999999999\t22\n7\t22\n\t\t\t88888888\n\n"
     "666666\t666666\t666666\t4444\n1\t1\t<font color=red attr=日本語>999999999</font>\t0000000000\n",
     "4444\t\t333\t22\t1\t333\n999999999\t22\n7\t\t22\n\t\t\t\t88888888\n\n"
     "666666\t666666\t666666\t\t4444\n1\t1\t<font color=red attr=日本語>999999999</font>\t0000000000\n"),
    ("numbers right aligned", 1, 0, 2, " ", ALIGN_RIGHT,
     ".0\t.3\t2.4\t-5.1\t\n23.0\t12345678.9\t2.4\t-989.4\t\n5.1\t12.0\t2.4\t-7.0\t\n"
     ".0\t0.0\t332.0\t8908.0\t\n.0\t-.3\t456.4\t22.1\t\n.0\t1.2\t44.4\t-13.3\t\t",
     "    .0          .3    2.4    -5.1\n  23.0  12345678.9    2.4  -989.4\n"
     "   5.1        12.0    2.4    -7.0\n    .0         0.0  332.0  8908.0\n"
     "    .0         -.3  456.4    22.1\n    .0         1.2   44.4   -13.3"),
    ("empty hard-tab column kept", 4, 0, 0, ".", DISCARD_EMPTY_COLUMNS, "a\t\tb", "a.......b"),
    ("empty soft-tab column dropped", 4, 0, 0, ".", DISCARD_EMPTY_COLUMNS, "a\v\vb", "a...b"),
    ("dropped column right aligned", 4, 0, 0, ".", ALIGN_RIGHT | DISCARD_EMPTY_COLUMNS, "a\v\vb", "...ab"),
    ("wide tab stops", 100, 100, 0, "\t", 0,
     "a\tb\t\td\na\tb\t\td\te\na\na\tb\tc\td\na\tb\tc\td\te\n",
     "a\tb\t\td\na\tb\t\td\te\na\na\tb\tc\td\na\tb\tc\td\te\n"),
    ("soft tabs discarded", 100, 100, 0, "\t", DISCARD_EMPTY_COLUMNS | DEBUG,
     "a\vb\v\vd\na\vb\v\vd\ve\na\na\vb\vc\vd\na\vb\vc\vd\ve\n",
     "a\t|b\t||d\na\t|b\t||d\t|e\na\na\t|b\t|c\t|d\na\t|b\t|c\t|d\t|e\n"),
    ("hard tabs kept debug", 100, 100, 0, "\t", DISCARD_EMPTY_COLUMNS | DEBUG,
     "a\tb\t\td\na\tb\t\td\te\na\na\tb\tc\td\na\tb\tc\td\te\n",
     "a\t|b\t|\t|d\na\t|b\t|\t|d\t|e\na\na\t|b\t|c\t|d\na\t|b\t|c\t|d\t|e\n"),
]


def _chunks(src, how):
    if how == "whole":
        return [src]
    if how == "chars":
        return list(src)
    out, i, d = [], 0, 0
    while i < len(src):
        out.append(src[i:i + d])
        i, d = i + d, d + 1
        if i + d > len(src):
            d = len(src) - i
    return out


@pytest.mark.parametrize("how", ["whole", "chars", "fibonacci"])
@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_tabwriter_table(case, how):
    _, minwidth, tabwidth, padding, padchar, flags, src, expected = case
    w = TabWriter(minwidth, tabwidth, padding, padchar, flags)
    for piece in _chunks(src, how):
        w.write(piece)
    assert w.flush() == expected


def test_writer_is_reusable_after_flush():
    w = TabWriter(10, 1, 3, " ")
    w.write("A\tB\n")
    first = w.flush()
    w.write("A\tB\n")
    assert w.flush() == first == "A         B\n"


def test_negative_settings_are_rejected():
    with pytest.raises(ValueError):
        TabWriter(-1, 0, 0)


@pytest.mark.parametrize("text, width", [("abc", 3), ("本本", 4), ("e\u0301", 1), ("", 0)])
def test_display_width_counts_terminal_columns(text, width):
    assert display_width(text) == width


def test_display_width_aligns_wide_characters_like_docker():
    w = TabWriter(10, 1, 3, " ", 0, width=display_width)
    w.write("NAME\tX\n本本本\tY\n")
    assert w.flush() == "NAME      X\n本本本    Y\n"
