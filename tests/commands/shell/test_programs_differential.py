"""grep's context lines, awk, tar, shuf and date against the real programs: GNU grep, mawk (Debian's awk), GNU tar
and coreutils under ``bash`` and ``dash``, and BusyBox's applets under its ``sh``.

Each line runs in the same fresh directory as the shell's own differential cases (see
:mod:`tests.commands.shell.test_shell_differential`); a case is skipped, with the reason, where its real program is
not on this machine.
"""

from __future__ import annotations

import os
import re
import shutil

import pytest

from tests.commands.shell import test_shell_differential as shell_diff

TEXT = "printf 'a\\nb\\nx1\\nc\\nd\\ne\\nf\\nx2\\ng\\nx3\\nh\\n' > g; printf 'x\\ny\\n' > h; "

GREP_CASES = [
    TEXT + "grep -n -A1 x g",
    TEXT + "grep -B2 x g g",
    TEXT + "grep -C1 y g h",
    TEXT + "grep -A1 y g h h",
    TEXT + "grep -nB1 x2 g",
    TEXT + "grep -v -A1 '[a-h]' g",
    TEXT + "grep -c -A1 x g",
    TEXT + "grep -m1 -A2 x g",
    TEXT + "grep -m 1 x g h",
    TEXT + "grep -A x x g; echo $?",
    TEXT + "grep -C -1 x g; echo $?",
    TEXT + "grep -m x x g; echo $?",
    TEXT + "grep -x x1 g",
    TEXT + "grep -w -o 'x.' g",
    TEXT + "grep -ni X1 g",
    TEXT + "grep -E 'a(' g; echo $?",
    TEXT + "grep -A 1 -B 0 x3 g",
    TEXT + "grep -C 5 e g",
    TEXT + "grep --context=1 x1 g",
    TEXT + "grep -A1 x h | grep -c .",
    TEXT + "grep -Z; echo $?",
    TEXT + "grep; echo $?",
    TEXT + "cat g | grep -H -A1 x3",
    TEXT + "grep -rn x . | sort",
    TEXT + "grep -q x g nope; echo $?",
    TEXT + "grep -s x nope; echo $?",
]
GNU_GREP_CASES = [
    TEXT + "grep -o -C1 x. g",
    TEXT + "grep -2 x1 g",
    TEXT + "grep --bogus x g; echo $?",
    TEXT + "grep 'a[' g; echo $?",
    TEXT + "grep 'a\\(' g; echo $?",
]
BUSYBOX_GREP_CASES = [
    TEXT + "grep -o -C1 x. g",
    TEXT + "grep -E 'a[' g; echo $?",
]

TREE = "mkdir -p t/s && echo hi > t/s/f && "
TAR_CASES = [
    TREE + "tar cf a.tar -C t . && tar tf a.tar | sort",
    TREE + "tar cf a.tar -C t . && tar tvf a.tar | sort",
    TREE + "tar czf a.tgz t && tar tzf a.tgz | sort",
    TREE + "tar -czf a.tgz t/s && tar -t -z -f a.tgz",
    TREE + "tar cf - t | tar tf - | sort",
    TREE + "tar cvf - t/s/f > /dev/null",
    TREE + "tar cvf a.tar t/s",
    TREE + "tar cf x.tar; echo $?",
    TREE + "tar cf x.tar nope t/s/f; echo $?; tar tf x.tar",
    TREE + "tar xf nope.tar; echo $?",
    TREE + "tar cf a.tar t/s/f && mkdir r && tar xvf a.tar -C r && cat r/t/s/f && ls -l r/t/s",
    TREE + "chmod 640 t/s/f && tar czf a.tgz -C t/s . && mkdir r && tar xzf a.tgz -C r && ls -ln r",
    TREE + "chown 65534:65534 t/s/f && tar cf a.tar -C t s && mkdir r && tar xf a.tar -C r && ls -ln r/s",
    TREE + "tar cf a.tar t/s/f && tar xf a.tar -C nodir; echo $?",
    TREE + "tar cf a.tar t/s/f && tar xf a.tar nope; echo $?",
    TREE + "tar cf a.tar t && tar xvf a.tar t/s/f -C t; echo $?",
    TREE + "tar tf f; echo $?",
    TREE + "tar; echo $?",
    TREE + "tar tf; echo $?",
    TREE + "tar cf a.tar \"$(pwd)/t/s/f\"; echo $?",
    TREE + "tar -Q; echo $?",
    TREE + "tar cf a.tar t/s/f && tar xzf a.tar; echo $?",
    TREE + "tar czf a.tgz t/s/f && tar xOf a.tgz",
    TREE + "tar cf a.tar t/s/f && tar xf a.tar -O",
    TREE + "ln -s f t/s/l && tar cf a.tar t/s/l && tar tvf a.tar && rm t/s/l && tar xf a.tar && ls -l t/s | cut -c1-10",
]
BUSYBOX_TAR_CASES = [TREE + "tar czf a.tgz . > /dev/null; echo $?"]
"""GNU tar, gzipping through a pipe, reads its growing archive as any file: whether it then says ``file changed as we
read it`` is a race, so only BusyBox's answer is compared."""
GNU_TAR_CASES = [
    TREE + "tar -cxf a; echo $?",
    TREE + "chown 65534:65534 t/s/f && tar cf a.tar t/s/f && tar tvf a.tar",
    TREE + "tar --create --file=a.tar t/s/f && tar --list --file a.tar",
    TREE + "tar --bogus; echo $?",
    TREE + "tar czf - t/s/f | tar tf -; echo $?",
]

DATA = "printf 'a 1\\nb 2\\nc 3\\nd 4\\ne 5\\n' > in; printf 'root:x:0\\nbob:x:1000\\nann:x:1001\\n' > pw; "
AWK_PROGRAMS = [
    "{print $2}", "{s+=$2} END{print s, NR}", "-F: '$3>=1000 {print $1}' pw", "-F : -v OFS=/ '{print $1, $3}' pw",
    "'/b/,/d/'", "NR%2", "'{a[$1]++} END{for(k in a) print k, a[k]}' in | sort",
    "'{printf \"%-5s|%3d\\n\", $1, NR}'",
    "'BEGIN{x=\"hello world\"; gsub(/o/,\"0\",x); print x, length(x), toupper(substr(x,1,5)), index(x,\"w\")}'",
    "'{n=split($0,p,\" \"); print n, p[1]}'",
    "'BEGIN{print 1/3; print 7%3; print int(-3.7); print 1e6, 0.1, -2.50}'",
    "'{ print $1 > \"out\" } END { close(\"out\"); while ((getline l < \"out\") > 0) print \"got\", l }'",
    "'BEGIN { while (i < 3) { i++; if (i == 2) continue; print i }; do { j++ } while (j < 5); print j }'",
    "'{ $2 = \"X\"; print; print NF }'", "'END { print $0, NR }'",
    "'BEGIN{printf \"%5.2f %e %c %o %x %%\\n\", 3.14159, 1234.5, 65, 8, 255}'",
    "'{ print | \"sort -r\" }'",
    "'BEGIN{print substr(\"hello\", 2, 3) substr(\"hello\", 0) substr(\"hello\", -1, 3)}'",
    "'BEGIN{print (x == 0), (x == \"\"), (\"10\" < \"9\"), (10 < 9)}'",
    "'$1 == \"b\"'", "'{print NR\": \"$0}'", "'BEGIN { OFS=\"-\" } { $1=$1; print }'",
    "'function f(a, b) { return a * b } { print f($2, 2) }'", "'$2 > 2 { print $1; next } { print \"small\" }'",
    "'NR==2 { exit 3 } { print } END { print \"end\" }'", "'{ sub(/[a-c]/, \"<&>\"); print }'",
    "'match($0, /[0-9]+/) { print RSTART, RLENGTH }'", "'{ print length }'", "'{ NF = 1; print }'",
    "'BEGIN { printf \"%s %d\\n\", \"x\", \"12abc\" }'", "'{ print $NF, $(NF-1) }'",
    "'BEGIN { a[\"x\"]; if (\"x\" in a) print \"yes\"; delete a[\"x\"]; if (!(\"x\" in a)) print \"gone\" }'",
    "'{ print $1 }' nope", "'BEGIN{print 1'", "'BEGIN{x = }'", "'{ print toupper($0) }' - < in",
    "'BEGIN { print length(\"\") ; print 3 \" \" -1 }'", "'{ $5 = \"z\"; print }'",
    "'BEGIN { s = sprintf(\"%03d-%s\", 7, \"x\"); print s }'",
    "'{ total[$1 > \"c\"] += $2 } END { print total[0], total[1] }'", "'BEGIN { print -3 % 2 }'",
    "'/^[[:alpha:]] [[:digit:]]$/ { c++ } END { print c }'", "'BEGIN { print index(\"abc\", \"\") }'",
    "-v n=2 '$2 == n'", "'BEGIN { while ((\"echo x; echo y\" | getline l) > 0) print \"[\" l \"]\" }'",
    "'NR == 1 { \"echo hi\" | getline; print $0, NR }'", "'{ print }' n=3 in", "'BEGIN { printf \"a\" \"b\" \"\\n\" }'",
]
AWK_CASES = [DATA + "awk " + (p if p[0] in "'-" else f"'{p}'") + ("" if " in" in p or " pw" in p or "nope" in p
                                                                   or "BEGIN{" in p[:8] else " in")
             for p in AWK_PROGRAMS]
MAWK_CASES = [
    DATA + "awk 'BEGIN{print 1}}'; echo $?", DATA + "awk; echo $?", DATA + "awk -Q 1; echo $?",
    DATA + "awk -Ft '{print $2}' in", DATA + "awk 'BEGIN { x = 1/0; print x }'",
    DATA + "awk '/a{2}/' in; echo $?", DATA + "awk 'BEGIN { print 2^10, 2^0.5 }'",
]
MAWK_CASES += [DATA + "awk '" + p + "'" for p in [  # for-in order: mawk's hash lists, moves to front, doubling
    'BEGIN{a["10"];a["2"];a["b"];a["a"];a[1];for(k in a) printf "%s ", k; print ""}',
    'BEGIN{for(i=1;i<=30;i++) a[i]; for(k in a) printf "%s ", k; print ""}',
    'BEGIN{n=split("x y z w",a); a["q"]; for(k in a) printf "%s ", k; print ""}',
    'BEGIN{for(i=1;i<=2000;i++) a["k" i]; for(k in a) if (n++ < 15) printf "%s ", k; print ""}',
    'BEGIN{a["x"];a["y"];a["z"]; if ("x" in a) delete a["y"]; for(k in a) print k}',
]] + [DATA + "awk '{c[$1]++; c[$2]++} END{for(k in c) print k, c[k]}' in pw"]
BUSYBOX_AWK_CASES = [DATA + "awk 'BEGIN { x = 1/0; print x }'; echo $?"]

SOURCE = "printf 'abcdefghijklmnopqrstuvwxyz0123456789' > src; printf '1\\n2\\n3\\n4\\n5\\n' > five; "
SHUF_CASES = [
    SOURCE + "shuf --random-source=src five", SOURCE + "shuf --random-source=src -i 1-10 -n 3",
    SOURCE + "shuf --random-source=src -e a b c d", SOURCE + "shuf --random-source=five -i 1-1000; echo $?",
    SOURCE + "shuf --random-source=src -r -n 4 -e a b", SOURCE + "shuf -i 5-1; echo $?",
    SOURCE + "shuf -n -1 five; echo $?", SOURCE + "shuf nope; echo $?", SOURCE + "shuf -e; echo $?",
    SOURCE + "shuf --random-source=src -n 2 five", SOURCE + "shuf -i 3-3", SOURCE + "shuf -n 0 five; echo $?",
]
BUSYBOX_SHUF_CASES = [SOURCE + "shuf -i 3-3", SOURCE + "shuf -e; echo $?", SOURCE + "shuf -n 0 five; echo $?",
                      SOURCE + "shuf -i 1-5 | sort -n", SOURCE + "shuf -i 5-1; echo $?",
                      SOURCE + "shuf -n x five; echo $?", SOURCE + "shuf nope; echo $?"]
DATE_CASES = [
    "date -d @0", "date -u -d @86399 +%F_%T", "date -d @0 -R", "date -d @0 -I", "date -d @0 -Iseconds",
    "date -d @1706933100 '+%F %T %s %j %u %a %b %Z %z %e %H%M %y %m %d %p %%'", "date -d '2024-02-03 04:05' +%s",
    "date -d 2024-02-03 +%s", "date -d xyz; echo $?", "date +%Q -d @0",
]
GNU_DATE_CASES = ["date -d @0 -Ins", "date -d @0 -Ihours", "date -d @5 '+%-d|%_m|%:z|%N|%^a'", "date a b; echo $?"]
RANDOM_CASES = ["RANDOM=1; echo $RANDOM $RANDOM $RANDOM", "RANDOM=12345; echo $RANDOM $RANDOM; RANDOM=7; echo $RANDOM"]

HAVE_BUSYBOX = shutil.which("busybox") is not None
HAVE_DASH = os.path.exists("/bin/dash")


ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)?")


def _masked(result: tuple[int, str, str]) -> tuple[int, str, str]:
    """``tar tv`` prints times as ISO dates, which differ run to run."""
    code, out, err = result
    return code, ISO_DATE.sub("DATE", out), ISO_DATE.sub("DATE", err)




HAVE_MAWK = shutil.which("mawk") is not None and (os.path.realpath(shutil.which("awk") or "")
                                                  == os.path.realpath(shutil.which("mawk") or ""))
GNU = ("dash", HAVE_DASH, "needs dash (/bin/dash) to run the GNU programs under")
BUSYBOX = ("ash", HAVE_BUSYBOX, "needs busybox to compare with")
TABLE = [
    (GNU, GREP_CASES + GNU_GREP_CASES), (BUSYBOX, GREP_CASES + BUSYBOX_GREP_CASES),
    (GNU, TAR_CASES + GNU_TAR_CASES), (BUSYBOX, TAR_CASES + BUSYBOX_TAR_CASES),
    (("dash", HAVE_DASH and HAVE_MAWK, "needs dash with mawk as its awk"), AWK_CASES + MAWK_CASES),
    (BUSYBOX, AWK_CASES + BUSYBOX_AWK_CASES),
    (("dash", HAVE_DASH and shutil.which("shuf") is not None, "needs dash and GNU shuf"), SHUF_CASES),
    (BUSYBOX, BUSYBOX_SHUF_CASES), (GNU, DATE_CASES + GNU_DATE_CASES), (BUSYBOX, DATE_CASES),
    (("bash", shutil.which("bash") is not None, "needs a real bash to compare with"), RANDOM_CASES),
    (BUSYBOX, RANDOM_CASES), (GNU, ["echo \"[$RANDOM]\""]),
]
"""Which real shell each list of lines runs under (dash and bash find the GNU programs and mawk on PATH,
BusyBox's sh its own applets), and whether this machine has it."""


@pytest.mark.parametrize("shell,line", [
    pytest.param(shell, line, marks=pytest.mark.skipif(not present, reason=reason))
    for (shell, present, reason), lines in TABLE for line in lines
])
def test_like_the_real_program(shell: str, line: str) -> None:
    expected = _masked(shell_diff._real(shell, line))
    assert _masked(shell_diff._simulated(shell, line)) == expected
