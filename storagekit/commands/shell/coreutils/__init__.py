"""The programs a shell finds on ``$PATH``: GNU coreutils and friends, with BusyBox wording under ``busybox``."""

from storagekit.commands.shell.context import Program
from storagekit.commands.shell.coreutils import (
    awk,
    copying,
    dates,
    dd,
    df,
    files,
    grep,
    listing,
    misc,
    mounts,
    net,
    od,
    perms,
    sed,
    shells,
    shuffle,
    tar,
    text,
)

COREUTILS: dict[str, Program] = {
    "ls": listing.ls, "tree": listing.tree, "find": listing.find, "du": listing.du, "stat": listing.stat,
    "cp": copying.cp, "mv": copying.mv, "rm": files.rm, "mkdir": files.mkdir, "rmdir": files.rmdir,
    "touch": files.touch, "ln": files.ln, "chmod": perms.chmod, "chown": perms.chown, "chgrp": perms.chgrp,
    "cat": text.cat, "head": text.head, "tail": text.tail, "wc": text.wc, "sort": text.sort, "uniq": text.uniq,
    "grep": grep.grep, "cut": text.cut, "tr": text.tr, "tee": text.tee, "sed": sed.sed, "awk": awk.awk,
    "echo": misc.echo, "printf": misc.printf, "test": misc.test, "[": misc.test, "true": misc.true,
    "false": misc.false, "pwd": misc.pwd, "sleep": misc.sleep, "id": misc.id, "whoami": misc.whoami,
    "hostname": misc.hostname, "uname": misc.uname, "date": dates.date, "basename": misc.basename,
    "dirname": misc.dirname, "readlink": misc.readlink, "realpath": misc.realpath, "mktemp": misc.mktemp,
    "seq": misc.seq, "md5sum": misc.md5sum, "sha1sum": misc.sha1sum, "sha256sum": misc.sha256sum,
    "env": misc.env, "xargs": misc.xargs, "which": misc.which, "dd": dd.dd, "fallocate": dd.fallocate, "od": od.od,
    "curl": net.curl, "df": df.df, "tar": tar.tar, "shuf": shuffle.shuf, "mount": mounts.mount,
    "findmnt": mounts.findmnt, **shells.PROGRAMS,
}

__all__ = ["COREUTILS"]
