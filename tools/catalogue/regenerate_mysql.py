"""Write the ``mysql`` image data: the oraclelinux:9-slim base layer, the layers of
docker-library/mysql's ``Dockerfile.oracle`` (8.0, 8.4, innovation) and ``data/images/mysql.json``.

``python -m tools.catalogue.regenerate_mysql [--entrypoint FILE]``: FILE is
docker-library/mysql's ``docker-entrypoint.sh``; without it the script's text is read back from
the current entrypoint layer. Versions are those the tags pointed at on 2025-07-21.
"""

from __future__ import annotations

import argparse
import gzip
import json
from datetime import datetime, timezone
from pathlib import Path

from storagekit.sim.process import DEFAULT_PATH
from tools.catalogue.regenerate_alpine import local_digest
from tools.catalogue.regenerate_base_images import DATA, row, write_layer

DATE = "20250721"
BK = "buildkit.dockerfile.v0"
BASE = f"oraclelinux-9-slim-{DATE}"
PATH = "PATH=" + DEFAULT_PATH
KEY = "BCA4 3417 C3B4 85DD 128E C6D4 B7B3 B788 A8D3 785C"
M = 1_000_000
# major dir, version, shell version, tools repo, build date (SOURCE_DATE_EPOCH), tags, server / shell layer bytes
RELEASES = [
    {"major": "8.4", "version": "8.4.5", "tools": "mysql-tools-8.4-community", "created": "2025-04-15T10:15:16Z",
     "tags": ["8.4.5", "8.4", "8", "lts"], "mysqld": 66_431_872, "server": 171 * M, "shell": 475 * M},
    {"major": "8.0", "version": "8.0.42", "tools": "mysql-tools-community", "created": "2025-04-14T22:15:13Z",
     "tags": ["8.0.42", "8.0"], "mysqld": 64_915_456, "server": 179 * M, "shell": 464 * M},
    {"major": "innovation", "version": "9.3.0", "tools": "mysql-tools-innovation-community",
     "created": "2025-04-14T22:25:44Z", "tags": ["9.3.0", "9.3", "9", "innovation", "latest"],
     "mysqld": 69_207_040, "server": 174 * M, "shell": 552 * M},
]

OS_RELEASE = """NAME="Oracle Linux Server"
VERSION="9.6"
ID="ol"
ID_LIKE="fedora"
VARIANT="Server"
VARIANT_ID="server"
VERSION_ID="9.6"
PLATFORM_ID="platform:el9"
PRETTY_NAME="Oracle Linux Server 9.6"
ANSI_COLOR="0;31"
CPE_NAME="cpe:/o:oracle:linux:9:6:server"
HOME_URL="https://linux.oracle.com/"
BUG_REPORT_URL="https://github.com/oracle/oracle-linux"

ORACLE_BUGZILLA_PRODUCT="Oracle Linux 9"
ORACLE_BUGZILLA_PRODUCT_VERSION=9.6
ORACLE_SUPPORT_PRODUCT="Oracle Linux"
ORACLE_SUPPORT_PRODUCT_VERSION=9.6
"""
USERS = [("root", 0, 0, "root", "/root", "/bin/bash"), ("bin", 1, 1, "bin", "/bin", "/sbin/nologin"),
         ("daemon", 2, 2, "daemon", "/sbin", "/sbin/nologin"), ("adm", 3, 4, "adm", "/var/adm", "/sbin/nologin"),
         ("lp", 4, 7, "lp", "/var/spool/lpd", "/sbin/nologin"), ("sync", 5, 0, "sync", "/sbin", "/bin/sync"),
         ("shutdown", 6, 0, "shutdown", "/sbin", "/sbin/shutdown"), ("halt", 7, 0, "halt", "/sbin", "/sbin/halt"),
         ("mail", 8, 12, "mail", "/var/spool/mail", "/sbin/nologin"),
         ("operator", 11, 0, "operator", "/root", "/sbin/nologin"),
         ("games", 12, 100, "games", "/usr/games", "/sbin/nologin"),
         ("ftp", 14, 50, "FTP User", "/var/ftp", "/sbin/nologin"),
         ("nobody", 65534, 65534, "Kernel Overflow User", "/", "/sbin/nologin")]
GROUPS = [("root", 0), ("bin", 1), ("daemon", 2), ("sys", 3), ("adm", 4), ("tty", 5), ("disk", 6), ("lp", 7),
          ("mem", 8), ("kmem", 9), ("wheel", 10), ("cdrom", 11), ("mail", 12), ("man", 15), ("dialout", 18),
          ("floppy", 19), ("games", 20), ("tape", 33), ("video", 39), ("ftp", 50), ("lock", 54), ("audio", 63),
          ("users", 100), ("nobody", 65534)]
BASE_DAY = 20270  # 2025-07-01, the base image's build
PASSWD = "".join(f"{n}:x:{u}:{g}:{c}:{h}:{s}\n" for n, u, g, c, h, s in USERS)
GROUP = "".join(f"{n}:x:{g}:\n" for n, g in GROUPS)
SHADOW = "".join(f"{n}:*:{BASE_DAY}:0:99999:7:::\n" for n, *_ in USERS)
GSHADOW = "".join(f"{n}:::\n" for n, _ in GROUPS)
DNF_CONF = """[main]
gpgcheck=1
installonly_limit=3
clean_requirements_on_remove=True
best=True
skip_if_unavailable=False
tsflags=nodocs
install_weak_deps=0
"""

# oraclelinux:9-slim, summarised: (path, size) files and (path, "->target") symlinks
BASE_BIN = {"bash": 1_389_064, "coreutils": 1_351_816, "microdnf": 92_816, "rpm": 21_816, "curl": 252_216,
            "gpg": 1_092_520, "gpg-agent": 382_088, "gpgv": 486_184, "dirmngr": 496_560, "gpgconf": 158_208,
            "grep": 162_448, "sed": 118_456, "getent": 36_320, "ldd": 5_440, "iconv": 62_776, "locale": 56_120,
            "localedef": 333_656, "update-ca-trust": 1_312, "p11-kit": 163_632, "trust": 446_344, "tzselect": 15_020,
            "gpasswd": 77_752, "chage": 75_848, "newgrp": 42_960, "sg": 42_960, "getconf": 31_512}
BASE_SBIN = {"ldconfig": 1_117_368, "useradd": 144_488, "groupadd": 74_896, "userdel": 95_912, "groupdel": 66_480,
             "usermod": 128_168, "groupmod": 74_576, "chpasswd": 58_448, "pwck": 54_544, "grpck": 54_528,
             "vipw": 58_488, "iconvconfig": 33_496, "sln": 829_480, "alternatives": 33_608}
COREUTILS = ("arch b2sum base32 base64 basename basenc cat chcon chgrp chmod chown cksum comm cp csplit cut date dd df "
             "dir dircolors dirname du echo env expand expr factor false fmt fold groups head hostid id install join "
             "link ln logname ls md5sum mkdir mkfifo mknod mktemp mv nice nl nohup nproc numfmt od paste pathchk pinky "
             "pr printenv printf ptx pwd readlink realpath rm rmdir runcon seq sha1sum sha224sum sha256sum sha384sum "
             "sha512sum shred shuf sleep sort split stat stdbuf stty sum sync tac tail tee test timeout touch tr true "
             "truncate tsort tty uname unexpand uniq unlink users vdir wc who whoami yes").split()
BASE_LIBS = {  # /usr/lib64: real file name, size; soname links added
    "libc.so.6": 2_501_176, "ld-linux-x86-64.so.2": 856_128, "libm.so.6": 931_640, "libresolv.so.2": 68_504,
    "libnss_files.so.2": 15_520, "libnss_dns.so.2": 15_504, "libpthread.so.0": 15_368, "libdl.so.2": 15_336,
    "libcrypto.so.3.2.2": 5_247_080, "libssl.so.3.2.2": 697_760, "libstdc++.so.6.0.29": 2_420_568,
    "libgcc_s-11-20240719.so.1": 108_944, "libsqlite3.so.0.8.6": 1_323_920, "librpm.so.9.1.3": 470_440,
    "librpmio.so.9.1.3": 205_184, "libsolv.so.1": 755_768, "libsolvext.so.1": 253_992, "libdnf.so.2": 2_315_344,
    "librepo.so.0": 204_656, "libpeas-1.0.so.0.3200.0": 71_096, "libglib-2.0.so.0.6800.4": 1_224_008,
    "libgio-2.0.so.0.6800.4": 1_932_608, "libgobject-2.0.so.0.6800.4": 349_880, "libgmodule-2.0.so.0.6800.4": 16_032,
    "libxml2.so.2.9.13": 1_487_400, "libcurl.so.4.7.0": 434_392, "libgnutls.so.30.37.1": 2_010_360,
    "libgcrypt.so.20.4.1": 1_306_704, "libgpgme.so.11.25.0": 346_952, "libzstd.so.1.5.5": 829_088,
    "liblzma.so.5.2.5": 199_960, "libbz2.so.1.0.8": 76_360, "libz.so.1.2.11": 98_744, "libpcre2-8.so.0.11.0": 632_248,
    "libselinux.so.1": 181_672, "libsepol.so.2": 787_056, "libsemanage.so.2": 308_784, "libsystemd.so.0.35.0": 874_744,
    "libkrb5.so.3.3": 953_016, "libk5crypto.so.3.1": 95_040, "libgssapi_krb5.so.2.2": 345_264,
    "libkrb5support.so.0.1": 70_128, "libcom_err.so.2.1": 19_496, "libkeyutils.so.1.10": 19_664,
    "libp11-kit.so.0.3.1": 1_293_656, "libmodulemd.so.2.13.0": 734_296, "libyaml-0.so.2.0.9": 136_112,
    "libjson-c.so.5.1.0": 78_944, "libjson-glib-1.0.so.0.600.6": 190_544, "libunistring.so.2.1.0": 1_784_680,
    "libidn2.so.0.3.7": 136_392, "libpsl.so.5.3.3": 70_112, "libnghttp2.so.14.20.1": 170_088,
    "libtasn1.so.6.6.3": 87_024, "libffi.so.8.1.0": 50_792, "libnettle.so.8.8": 315_376, "libhogweed.so.6.8": 306_616,
    "libgmp.so.10.4.0": 553_296, "libtinfo.so.6.2": 195_912, "libncursesw.so.6.2": 450_448,
    "libreadline.so.8.1": 328_160, "libcap.so.2.48": 40_272, "libacl.so.1.1.2301": 40_568,
    "libattr.so.1.1.2501": 24_488,
    "libaudit.so.1.0.0": 133_048, "libcrypt.so.2.0.0": 207_904, "libeconf.so.0.4.1": 36_112,
    "libmount.so.1.1.0": 362_136, "libblkid.so.1.1.0": 356_488, "libuuid.so.1.3.0": 36_544,
    "libgpg-error.so.0.32.0": 153_112, "libassuan.so.0.8.5": 87_296, "libksba.so.8.14.2": 212_760,
    "libnpth.so.0.1.2": 25_056, "libsmartcols.so.1.1.0": 198_656, "libsigsegv.so.2.0.6": 20_296,
    "liblz4.so.1.9.3": 128_624, "libpopt.so.0.0.1": 53_512, "libmagic.so.1.0.0": 169_808, "libverto.so.1.0.0": 24_496,
    "libbrotlicommon.so.1.0.9": 141_880, "libbrotlidec.so.1.0.9": 53_376, "liblua-5.4.so": 279_416,
    "libelf-0.192.so": 108_392, "libimaevm.so.2.0.0": 52_528, "libpcre.so.1.2.12": 548_744, "libpam.so.0.85.1": 66_952,
    "libpam_misc.so.0.82.1": 16_168, "libpwquality.so.1.0.2": 28_488, "libcrack.so.2.9.0": 44_824,
}
BASE_DATA = {
    "/usr/lib64/ossl-modules/legacy.so": 149_224, "/usr/lib64/gconv/gconv-modules.cache": 27_182,
    "/usr/lib64/gconv/UTF-16.so": 19_136, "/usr/lib64/gconv/UTF-32.so": 19_136, "/usr/lib64/gconv/UTF-7.so": 23_296,
    "/usr/lib64/gconv/ISO8859-1.so": 15_344, "/usr/lib64/gconv/UNICODE.so": 15_344,
    "/usr/lib64/gconv/EUC-JP.so": 23_232,
    "/usr/lib64/gconv/libGB.so": 76_040, "/usr/lib64/gconv/libJIS.so": 118_568, "/usr/lib64/gconv/libKSC.so": 47_632,
    "/usr/lib64/libdnf/plugins/README": 341, "/usr/lib64/pkcs11/p11-kit-trust.so": 528_312,
    "/usr/lib/locale/C.utf8/LC_CTYPE": 346_132, "/usr/lib/locale/C.utf8/LC_COLLATE": 1_406,
    "/usr/lib/locale/C.utf8/LC_TIME": 3_360, "/usr/lib/locale/C.utf8/LC_NUMERIC": 50,
    "/usr/lib/locale/C.utf8/LC_MONETARY": 270,
    "/usr/lib/locale/C.utf8/LC_MESSAGES/SYS_LC_MESSAGES": 48, "/usr/lib/locale/C.utf8/LC_IDENTIFICATION": 258,
    "/usr/lib64/gconv/gconv-modules": 56_360, "/usr/share/misc/magic.mgc": 7_426_368,
    "/usr/share/pki/ca-trust-source/ca-bundle.trust.p11-kit": 630_432,
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem": 219_342,
    "/etc/pki/ca-trust/extracted/pem/email-ca-bundle.pem": 174_226,
    "/etc/pki/ca-trust/extracted/openssl/ca-bundle.trust.crt": 301_944,
    "/etc/pki/ca-trust/extracted/java/cacerts": 159_434,
    "/etc/pki/ca-trust/extracted/edk2/cacerts.bin": 120_836, "/etc/pki/rpm-gpg/RPM-GPG-KEY-oracle": 3_149,
    "/usr/share/zoneinfo/tzdata.zi": 110_234, "/usr/share/zoneinfo/zone.tab": 18_822,
    "/usr/share/zoneinfo/zone1970.tab": 17_597,
    "/usr/share/zoneinfo/iso3166.tab": 4_791, "/usr/share/zoneinfo/leap-seconds.list": 4_962,
    "/usr/share/zoneinfo/UTC": 114, "/usr/share/zoneinfo/Europe/London": 3_664,
    "/usr/share/zoneinfo/Europe/Berlin": 2_298,
    "/usr/share/zoneinfo/Europe/Paris": 2_962, "/usr/share/zoneinfo/America/New_York": 3_552,
    "/usr/share/zoneinfo/America/Chicago": 3_592, "/usr/share/zoneinfo/America/Los_Angeles": 2_852,
    "/usr/share/zoneinfo/America/Sao_Paulo": 1_444, "/usr/share/zoneinfo/Asia/Tokyo": 309,
    "/usr/share/zoneinfo/Asia/Shanghai": 561, "/usr/share/zoneinfo/Asia/Kolkata": 285,
    "/usr/share/zoneinfo/Australia/Sydney": 2_190, "/usr/share/zoneinfo/Africa/Johannesburg": 246,
    "/var/lib/rpm/rpmdb.sqlite": 13_041_664, "/var/lib/dnf/history.sqlite": 118_784,
    "/var/cache/ldconfig/aux-cache": 14_322,
    "/etc/ld.so.cache": 21_543, "/usr/share/terminfo/x/xterm": 3_849, "/usr/share/terminfo/x/xterm-256color": 3_853,
    "/usr/share/terminfo/v/vt100": 1_193, "/usr/share/terminfo/l/linux": 1_752, "/usr/share/terminfo/d/dumb": 308,
    "/etc/bashrc": 2_658, "/etc/profile": 2_075, "/etc/inputrc": 942, "/etc/login.defs": 2_922,
    "/etc/default/useradd": 119,
    "/etc/services": 692_252, "/etc/protocols": 6_568, "/etc/nsswitch.conf": 1_874,
    "/usr/share/crypto-policies/DEFAULT/opensslcnf.txt": 1_615, "/usr/share/crypto-policies/DEFAULT/gnutls.txt": 2_213,
}
LOCALE_DOMAINS = {"coreutils": 330_000, "bash": 170_000, "gnupg2": 300_000, "glib20": 160_000, "libc": 150_000,
                  "rpm": 80_000, "shadow": 45_000, "sed": 38_000, "grep": 22_000, "gnutls": 40_000,
                  "libgpg-error": 22_000,
                  "libdnf": 18_000, "p11-kit": 30_000, "libpwquality": 6_000, "Linux-PAM": 18_000,
                  "util-linux": 250_000}
LANGS = ("bg ca cs da de el eo es et eu fi fr ga gl hr hu id it ja ko lt nb nl pl pt pt_BR ro ru sk sl sr sv tr uk vi "
         "zh_CN zh_TW").split()


def files(entries: dict[str, int], mode: int = 0o644) -> list[list]:
    return [row(p, "f", mode, s) for p, s in entries.items()]


def with_parents(rows: list[list], uid: int = 0, gid: int = 0) -> list[list]:
    """Add the missing parent directories (0755) of every row."""
    have = {r[0] for r in rows}
    for r in list(rows):
        parent = r[0].rpartition("/")[0]
        while parent and parent not in have:
            have.add(parent)
            rows.append(row(parent, "d", 0o755, uid=uid, gid=gid))
            parent = parent.rpartition("/")[0]
    return rows


def base_rows() -> list[list]:
    """oraclelinux:9-slim (9.6, July 2025), summarised: its main binaries, libraries and data files."""
    rows = [row(d, "d", m) for d, m in [
        ("/afs", 0o755), ("/boot", 0o555), ("/dev", 0o755), ("/home", 0o755), ("/media", 0o755), ("/mnt", 0o755),
        ("/opt", 0o755), ("/proc", 0o555), ("/root", 0o550), ("/run", 0o755), ("/run/lock", 0o755), ("/srv", 0o755),
        ("/sys", 0o555), ("/tmp", 0o1777), ("/usr/local/bin", 0o755), ("/usr/local/sbin", 0o755),
        ("/usr/local/lib64", 0o755), ("/usr/local/share", 0o755), ("/var/tmp", 0o1777), ("/var/log", 0o755),
        ("/var/spool/mail", 0o775), ("/var/cache/dnf", 0o755), ("/etc/yum.repos.d", 0o755),
        ("/etc/dnf/modules.d", 0o755)]]
    rows += [row(p, "l", 0o777, len(t), t) for p, t in [
        ("/bin", "usr/bin"), ("/sbin", "usr/sbin"), ("/lib", "usr/lib"), ("/lib64", "usr/lib64"),
        ("/var/run", "../run"),
        ("/var/lock", "../run/lock"), ("/etc/os-release", "../usr/lib/os-release"),
        ("/etc/mtab", "../proc/self/mounts"),
        ("/etc/redhat-release", "oracle-release"), ("/etc/system-release", "oracle-release"), ("/usr/bin/sh", "bash"),
        ("/etc/pki/tls/certs/ca-bundle.crt", "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem"),
        ("/etc/pki/tls/cert.pem", "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem"),
        ("/usr/share/zoneinfo/Etc/UTC", "../UTC"), ("/etc/localtime", "../usr/share/zoneinfo/UTC")]]
    rows += files({f"/usr/bin/{n}": s for n, s in BASE_BIN.items()}, 0o755)
    rows += files({f"/usr/sbin/{n}": s for n, s in BASE_SBIN.items()}, 0o755)
    rows += [row(f"/usr/bin/{n}", "l", 0o777, 9, "coreutils") for n in COREUTILS]
    for name, size in BASE_LIBS.items():
        rows.append(row(f"/usr/lib64/{name}", "f", 0o755, size))
        stem, _, ver = name.partition(".so.")
        soname = f"{stem}.so.{ver.split('.')[0]}" if ver and "." in ver else None
        if soname and soname != name:
            rows.append(row(f"/usr/lib64/{soname}", "l", 0o777, len(name), name))
    rows += files(BASE_DATA)
    rows += files({f"/usr/share/locale/{lang}/LC_MESSAGES/{dom}.mo": size * (3 + len(lang)) // 9
                   for lang in LANGS for dom, size in LOCALE_DOMAINS.items()})
    rows += [row("/usr/lib/os-release", "f", 0o644, text=OS_RELEASE),
             row("/etc/oracle-release", "f", 0o644, text="Oracle Linux Server release 9.6\n"),
             row("/etc/passwd", "f", 0o644, text=PASSWD), row("/etc/group", "f", 0o644, text=GROUP),
             row("/etc/shadow", "f", 0o000, text=SHADOW), row("/etc/gshadow", "f", 0o000, text=GSHADOW),
             row("/etc/hosts", "f", 0o644, text="127.0.0.1   localhost localhost.localdomain localhost4 "
                 "localhost4.localdomain4\n::1         localhost localhost.localdomain localhost6 "
                 "localhost6.localdomain6\n"),
             row("/etc/shells", "f", 0o644, text="/bin/sh\n/bin/bash\n/usr/bin/sh\n/usr/bin/bash\n"),
             row("/etc/dnf/dnf.conf", "f", 0o644, text=DNF_CONF),
             row("/etc/yum.repos.d/oracle-linux-ol9.repo", "f", 0o644, 1_214),
             row("/etc/yum.repos.d/uek-ol9.repo", "f", 0o644, 496)]
    return with_parents(rows)


def dnf_state(size: int) -> list[list]:
    """What a ``microdnf install ...; microdnf clean all`` leaves: the rewritten rpm and dnf databases."""
    return files({"/var/lib/rpm/rpmdb.sqlite": size, "/var/lib/dnf/history.sqlite": 122_880,
                  "/var/log/dnf.librepo.log": 0, "/var/log/hawkey.log": 1_412})


def days(iso: str) -> int:
    return (datetime.fromisoformat(iso.replace("Z", "+00:00")) - datetime(1970, 1, 1, tzinfo=timezone.utc)).days


def user_rows(created: str) -> list[list]:
    """``groupadd --system --gid 999 mysql; useradd --system --uid 999 --gid 999 ...``: the four files and backups."""
    day = days(created)
    texts = {"/etc/passwd": PASSWD + "mysql:x:999:999::/var/lib/mysql:/bin/bash\n",
             "/etc/group": GROUP + "mysql:x:999:\n",
             "/etc/shadow": SHADOW + f"mysql:!!:{day}::::::\n", "/etc/gshadow": GSHADOW + "mysql:!::\n"}
    old = {"/etc/passwd": PASSWD, "/etc/group": GROUP, "/etc/shadow": SHADOW, "/etc/gshadow": GSHADOW}
    rows = [row("/etc", "d", 0o755)]
    for path, text in texts.items():
        mode = 0o644 if path in ("/etc/passwd", "/etc/group") else 0o000
        rows += [row(path, "f", mode, text=text), row(path + "-", "f", mode, text=old[path])]
    return rows


def repo_text(section: str, name: str, baseurl: str, tools: bool) -> str:
    lines = [f"[{section}]", f"name={name}"]
    lines += [f"baseurl={baseurl}", "enabled=1"] if tools else ["enabled=1", f"baseurl={baseurl}"]
    return "\n".join(lines + ["gpgcheck=1", "gpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-mysql",
                              "module_hotfixes=true"]) + "\n"


def my_cnf(rel: dict) -> str:
    """``/etc/my.cnf`` from the rpm, after the Dockerfile's ``sed`` and appends."""
    doc = "8.0" if rel["version"].startswith("8.0") else rel["version"].rsplit(".", 1)[0]
    head = ["# For advice on how to change settings please see",
            f"# http://dev.mysql.com/doc/refman/{doc}/en/server-configuration-defaults.html", "", "[mysqld]", "#",
            "# Remove leading # and set to the amount of RAM for the most important data",
            "# cache in MySQL. Start at 70% of total RAM for dedicated server, else 10%.",
            "# innodb_buffer_pool_size = 128M", "#",
            "# Remove leading # to turn on a very important data integrity option: logging",
            "# changes to the binary log between backups.", "# log_bin", "#",
            "# Remove leading # to set options mainly useful for reporting servers.",
            "# The server defaults are faster for transactions and fast SELECTs.",
            "# Adjust sizes as needed, experiment to find the optimal values.", "# join_buffer_size = 128M",
            "# sort_buffer_size = 2M", "# read_rnd_buffer_size = 2M", ""]
    if doc == "8.0":
        head += ["# Remove leading # to revert to previous value for default_authentication_plugin,",
                 "# this will increase compatibility with older clients. For background, see:",
                 "# https://dev.mysql.com/doc/refman/8.0/en/server-system-variables.html"
                 "#sysvar_default_authentication_plugin",
                 "# default-authentication-plugin=mysql_native_password", "skip-host-cache"]
    else:
        head += ["host-cache-size=0"]
    head += ["skip-name-resolve", "datadir=/var/lib/mysql", "socket=/var/run/mysqld/mysqld.sock",
             "secure-file-priv=/var/lib/mysql-files", "user=mysql", "", "pid-file=/var/run/mysqld/mysqld.pid",
             "[client]", "socket=/var/run/mysqld/mysqld.sock", "", "!includedir /etc/mysql/conf.d/"]
    return "\n".join(head) + "\n"


CLIENTS = {"mysql": 8_912_000, "mysqladmin": 7_540_000, "mysqlbinlog": 9_020_000, "mysqlcheck": 7_560_000,
           "mysqldump": 7_720_000, "mysqlimport": 7_550_000, "mysqlshow": 7_540_000, "mysqlslap": 7_580_000,
           "mysql_config_editor": 6_850_000, "mysql_migrate_keyring": 7_880_000, "mysql_secure_installation": 7_520_000,
           "mysql_tzinfo_to_sql": 6_840_000, "my_print_defaults": 6_820_000, "ibd2sdi": 7_910_000,
           "innochecksum": 7_790_000, "myisamchk": 7_190_000, "myisam_ftdump": 6_990_000, "myisamlog": 6_920_000,
           "myisampack": 7_000_000, "perror": 7_180_000}
CLIENTS_80 = {"mysql_upgrade": 7_610_000, "mysqlpump": 8_050_000, "mysql_ssl_rsa_setup": 6_860_000}
PLUGINS = {"group_replication.so": 22_400_000, "component_keyring_file.so": 2_010_000, "keyring_okv.so": 2_380_000,
           "adt_null.so": 160_000, "auth_socket.so": 150_000, "authentication_ldap_sasl_client.so": 210_000,
           "authentication_kerberos_client.so": 180_000, "authentication_oci_client.so": 2_440_000,
           "authentication_fido_client.so": 190_000, "authentication_webauthn_client.so": 200_000,
           "component_audit_api_message_emit.so": 160_000, "component_log_filter_dragnet.so": 480_000,
           "component_log_sink_json.so": 410_000, "component_log_sink_syseventlog.so": 170_000,
           "component_mysqlbackup.so": 820_000, "component_query_attributes.so": 150_000,
           "component_reference_cache.so": 310_000, "component_validate_password.so": 650_000,
           "connection_control.so": 470_000, "daemon_example.ini": 857, "ddl_rewriter.so": 820_000,
           "ha_example.so": 620_000, "ha_mock.so": 610_000, "innodb_engine.so": 1_040_000, "libmemcached.so": 1_090_000,
           "libpluginmecab.so": 910_000, "locking_service.so": 170_000, "mypluglib.so": 160_000,
           "mysql_clone.so": 1_720_000, "mysql_no_login.so": 150_000, "rewriter.so": 980_000,
           "semisync_source.so": 760_000, "semisync_replica.so": 420_000, "validate_password.so": 560_000,
           "version_token.so": 910_000}
PRIVATE = {"libprotobuf-lite.so.24.4.0": 802_000, "libprotobuf.so.24.4.0": 3_310_000, "libfido2.so.1.15.0": 318_000,
           "libabsl_base.so": 35_000}
ERRMSG_LANGS = ("bulgarian czech danish dutch english estonian french german greek hungarian italian japanese korean "
                "norwegian norwegian-ny polish portuguese romanian russian serbian slovak spanish swedish "
                "ukrainian").split()
SHELL_FILES = {  # mysql-shell, summarised: share of the layer's bytes
    "/usr/bin/mysqlsh": 0.13, "/usr/bin/mysql-secret-store-login-path": 0.004,
    "/usr/lib/mysqlsh/libjitexecutor.so": 0.58,
    "/usr/lib/mysqlsh/libpython3.13.so.1.0": 0.055, "/usr/lib/mysqlsh/libssl.so.3": 0.0015,
    "/usr/lib/mysqlsh/libcrypto.so.3": 0.011, "/usr/lib/mysqlsh/libantlr4-runtime.so.4.10.1": 0.0035,
    "/usr/lib/mysqlsh/libprotobuf.so.24.4.0": 0.007, "/usr/lib/mysqlsh/libfido2.so.1": 0.0007,
    "/usr/lib/mysqlsh/lib/python3.13/lib-dynload/_ssl.cpython-313-x86_64-linux-gnu.so": 0.005,
    "/usr/lib/mysqlsh/lib/python3.13/lib-dynload/_decimal.cpython-313-x86_64-linux-gnu.so": 0.004,
    "/usr/lib/mysqlsh/lib/python3.13/lib-dynload/unicodedata.cpython-313-x86_64-linux-gnu.so": 0.003,
    "/usr/lib/mysqlsh/lib/python3.13/site-packages/oci/core/models/__init__.py": 0.012,
    "/usr/lib/mysqlsh/lib/python3.13/site-packages/oci/core/compute_client.py": 0.009,
    "/usr/lib/mysqlsh/lib/python3.13/site-packages/oci/database/database_client.py": 0.011,
    "/usr/lib/mysqlsh/lib/python3.13/site-packages/oci/object_storage/object_storage_client.py": 0.005,
    "/usr/lib/mysqlsh/lib/python3.13/site-packages/cryptography/hazmat/bindings/_rust.abi3.so": 0.022,
    "/usr/lib/mysqlsh/lib/python3.13/site-packages/certifi/cacert.pem": 0.0006,
    "/usr/lib/mysqlsh/lib/python3.13/pydoc_data/topics.py": 0.0017, "/usr/lib/mysqlsh/lib/python3.13/typing.py": 0.0003,
    "/usr/lib/mysqlsh/lib/python3.13/os.py": 0.0001, "/usr/lib/mysqlsh/lib/python3.13/encodings/__init__.py": 0.00001,
    "/usr/share/mysqlsh/prompt/prompt_256pl+aw.json": 0.000004, "/usr/share/mysqlsh/prompt/README.prompt": 0.00002,
    "/usr/share/mysqlsh/adminapi-metadata/metadata-model-2.2.0.sql": 0.0002,
    "/usr/share/mysqlsh/upgrade_checker.msg": 0.0002, "/usr/share/mysqlsh/plugins/README": 0.000002,
}


def server_rows(rel: dict) -> list[list]:
    """``microdnf install mysql-community-server-minimal``, the my.cnf edits and the directories the RUN makes."""
    share = f"/usr/share/mysql-{rel['version'].rsplit('.', 1)[0]}"
    rows = files({"/usr/sbin/mysqld": rel["mysqld"]}, 0o755)
    rows += files({f"/usr/lib64/mysql/plugin/{n}": s for n, s in PLUGINS.items()}, 0o755)
    rows += files({f"/usr/lib64/mysql/private/{n}": s for n, s in PRIVATE.items()}, 0o755)
    rows += files({f"{share}/{lang}/errmsg.sys": 500_000 if lang == "english" else 430_000 for lang in ERRMSG_LANGS})
    rows += files({f"{share}/charsets/{c}.xml": s for c, s in [
        ("Index", 19_495), ("armscii8", 5_779), ("ascii", 5_756), ("cp1250", 8_602), ("cp1251", 7_873),
        ("cp1256", 8_574), ("cp1257", 11_087), ("cp850", 5_807), ("cp852", 5_920), ("cp866", 5_897), ("dec8", 6_346),
        ("geostd8", 5_773), ("greek", 5_806), ("hebrew", 5_817), ("hp8", 5_759), ("keybcs2", 5_866), ("koi8r", 5_773),
        ("koi8u", 6_794), ("latin1", 10_262), ("latin2", 7_511), ("latin5", 5_961), ("latin7", 7_809), ("macce", 8_436),
        ("macroman", 8_449), ("swe7", 5_804)]})
    rows += files({f"{share}/{n}": s for n, s in [
        ("dictionary.txt", 1_386_470), ("messages_to_clients.txt", 1_065_408), ("messages_to_error_log.txt", 960_230),
        ("install_rewriter.sql", 1_702), ("uninstall_rewriter.sql", 1_256), ("mysql-log-rotate", 1_051)]})
    rows += files({"/usr/lib64/libaio.so.1.0.1": 12_232, "/usr/lib64/libnuma.so.1.0.0": 55_072}, 0o755)
    rows += [row("/usr/lib64/libaio.so.1", "l", 0o777, 14, "libaio.so.1.0.1"),
             row("/usr/lib64/libnuma.so.1", "l", 0o777, 15, "libnuma.so.1.0.0")]
    rows += dnf_state(13_557_760)
    rows += [row("/etc/my.cnf", "f", 0o644, text=my_cnf(rel)), row("/etc/mysql", "d", 0o755),
             row("/etc/mysql/conf.d", "d", 0o755), row("/var/lib/mysql", "d", 0o1777, uid=999, gid=999),
             row("/var/lib/mysql-files", "d", 0o750, uid=999, gid=999),
             row("/var/lib/mysql-keyring", "d", 0o750, uid=999, gid=999),
             row("/run/mysqld", "d", 0o1777, uid=999, gid=999), row("/docker-entrypoint-initdb.d", "d", 0o755)]
    clients = {**CLIENTS, **(CLIENTS_80 if rel["major"] == "8.0" else {})}
    scale = (rel["server"] - sum(r[5] for r in rows if r[1] == "f")) / sum(clients.values())
    rows += files({f"/usr/bin/{n}": round(s * scale) for n, s in clients.items()}, 0o755)
    return with_parents(rows)


def shell_rows(rel: dict) -> list[list]:
    """``microdnf install mysql-shell``: summarised, the file sizes split from the layer's total."""
    total = rel["shell"] - 13_795_328 - 122_880 - 1_412
    sizes = {p: int(f * total) for p, f in SHELL_FILES.items()}
    sizes["/usr/lib/mysqlsh/libjitexecutor.so"] += total - sum(sizes.values())
    rows = files(sizes, 0o644)
    for r in rows:
        if "/bin/" in r[0] or r[0].endswith((".so", ".so.1", ".so.3")) or ".so." in r[0]:
            r[2] = 0o755
    return with_parents(rows + dnf_state(13_795_328))


def run(cmd: str) -> str:
    return f"RUN /bin/sh -c {cmd} # buildkit"


GOSU = ("set -eux; \tarch=\"$(uname -m)\"; \tcase \"$arch\" in \t\taarch64) gosuArch='arm64' ;; \t\tx86_64) "
        "gosuArch='amd64' ;; \t\t*) echo >&2 \"error: unsupported architecture: '$arch'\"; exit 1 ;; \tesac; \tcurl "
        "-fL -o /usr/local/bin/gosu.asc "
        "\"https://github.com/tianon/gosu/releases/download/$GOSU_VERSION/gosu-$gosuArch.asc\"; \tcurl -fL -o "
        "/usr/local/bin/gosu \"https://github.com/tianon/gosu/releases/download/$GOSU_VERSION/gosu-$gosuArch\"; "
        "\texport GNUPGHOME=\"$(mktemp -d)\"; \tgpg --batch --keyserver hkps://keys.openpgp.org --recv-keys "
        "B42F6819007F00F88E364FD4036A9C25BF357DD4; \tgpg --batch --verify /usr/local/bin/gosu.asc /usr/local/bin/gosu; "
        "\trm -rf \"$GNUPGHOME\" /usr/local/bin/gosu.asc; \tchmod +x /usr/local/bin/gosu; \tgosu --version; \tgosu "
        "nobody true")
SERVER = ("set -eux; \tmicrodnf install -y \"mysql-community-server-minimal-$MYSQL_VERSION\"; \tmicrodnf clean all; "
          "\tgrep -F 'socket=/var/lib/mysql/mysql.sock' /etc/my.cnf; \tsed -i "
          "'s!^socket=.*!socket=/var/run/mysqld/mysqld.sock!' /etc/my.cnf; \tgrep -F "
          "'socket=/var/run/mysqld/mysqld.sock' /etc/my.cnf; \t{ echo '[client]'; echo "
          "'socket=/var/run/mysqld/mysqld.sock'; } >> /etc/my.cnf; \t\t! grep -F '!includedir' /etc/my.cnf; \t{ echo; "
          "echo '!includedir /etc/mysql/conf.d/'; } >> /etc/my.cnf; \tmkdir -p /etc/mysql/conf.d; \tmkdir -p "
          "/var/lib/mysql /var/run/mysqld; \tchown mysql:mysql /var/lib/mysql /var/run/mysqld; \tchmod 1777 "
          "/var/lib/mysql /var/run/mysqld; \t\tmkdir /docker-entrypoint-initdb.d; \t\tmysqld --version; \tmysql "
          "--version")


def echo_repo(text: str, target: str) -> str:
    body = " \t\t".join(f"echo '{line}';" for line in text.splitlines())
    return f"set -eu; \t{{ \t\t{body} \t}} | tee /etc/yum.repos.d/{target}"


def release(rel: dict, entrypoint: str) -> dict:
    """Write one release's layers; return its image entry."""
    v, major, created = rel["version"], rel["major"], rel["created"]
    pkg = f"{v}-1.el9"
    server_repo = repo_text(f"mysql{major}-server-minimal", f"MySQL {major} Server Minimal",
                            f"https://repo.mysql.com/yum/mysql-{major}-community/docker/el/9/$basearch/", False)
    tools_repo = repo_text("mysql-tools-community", "MySQL Tools Community",
                           f"https://repo.mysql.com/yum/{rel['tools']}/el/9/$basearch/", True)
    microdnf = dnf_state(13_393_920) + files({
        "/usr/bin/bzip2": 38_440, "/usr/bin/gzip": 95_232, "/usr/bin/openssl": 1_011_840, "/usr/bin/xz": 85_360,
        "/usr/bin/zstd": 1_236_176, "/usr/bin/find": 221_936, "/usr/bin/xargs": 62_864, "/usr/bin/gunzip": 2_346,
        "/usr/bin/zcat": 1_983, "/usr/bin/unxz": 85_360, "/usr/bin/xzcat": 85_360, "/usr/bin/bunzip2": 38_440,
        "/usr/bin/bzcat": 38_440, "/usr/bin/unzstd": 1_236_176, "/usr/lib64/libzstd.so.1.5.5": 829_088}, 0o755)
    microdnf += files({"/etc/pki/tls/openssl.cnf": 12_324, "/etc/pki/tls/ct_log_list.cnf": 412})
    p = f"mysql-{v}-"
    layers = [
        (BASE, None, "ADD oraclelinux-9-slim-amd64-rootfs.tar.xz / # buildkit"),
        (p + "user", user_rows(created), run("set -eux; \tgroupadd --system --gid 999 mysql; \tuseradd --system --uid "
                                            "999 --gid 999 --home-dir /var/lib/mysql --no-create-home mysql")),
        (p + "gosu", [row("/usr/local/bin", "d", 0o755), row("/usr/local/bin/gosu", "f", 0o755, 2_269_366)], run(GOSU)),
        (p + "microdnf", with_parents(microdnf), run("set -eux; \tmicrodnf install -y \t\tbzip2 \t\tgzip \t\topenssl "
                                                     "\t\txz \t\tzstd \t\tfindutils \t; \tmicrodnf clean all")),
        (p + "gpg-key", with_parents([row("/etc/pki/rpm-gpg/RPM-GPG-KEY-mysql", "f", 0o644, 3_148)]),
         run(f"set -eux; \tkey='{KEY}'; \texport GNUPGHOME=\"$(mktemp -d)\"; \tgpg --batch --keyserver "
             "keyserver.ubuntu.com --recv-keys \"$key\"; \tgpg --batch --export --armor \"$key\" > "
             "/etc/pki/rpm-gpg/RPM-GPG-KEY-mysql; \trm -rf \"$GNUPGHOME\"")),
        (p + "server-repo",
         with_parents([row("/etc/yum.repos.d/mysql-community-minimal.repo", "f", 0o644, text=server_repo)]),
         run(echo_repo(server_repo, "mysql-community-minimal.repo"))),
        (p + "server", server_rows(rel), run(SERVER)),
        (p + "tools-repo",
         with_parents([row("/etc/yum.repos.d/mysql-community-tools.repo", "f", 0o644, text=tools_repo)]),
         run(echo_repo(tools_repo, "mysql-community-tools.repo"))),
        (p + "shell", shell_rows(rel), run("set -eux; \tmicrodnf install -y \"mysql-shell-$MYSQL_SHELL_VERSION\"; "
                                           "\tmicrodnf clean all; \t\tmysqlsh --version")),
        (p + "entrypoint", [row("/usr/local/bin", "d", 0o755),
                            row("/usr/local/bin/docker-entrypoint.sh", "f", 0o775, text=entrypoint)],
         "COPY docker-entrypoint.sh /usr/local/bin/ # buildkit"),
    ]
    if major == "8.0":
        layers.append((p + "entrypoint-link", [row("/entrypoint.sh", "l", 0o777, 34,
                                                   "usr/local/bin/docker-entrypoint.sh")],
                       "RUN /bin/sh -c ln -s usr/local/bin/docker-entrypoint.sh /entrypoint.sh # backwards compat # "
                       "buildkit"))
    for lid, rows, _ in layers:
        if rows is not None:  # not the base layer, which build() writes once for every release
            write_layer(lid, f"mysql {v} (docker-library/mysql {major}/Dockerfile.oracle); see PROVENANCE.md, mysql.",
                        rows)
    env = [PATH, "GOSU_VERSION=1.17", f"MYSQL_MAJOR={major}", f"MYSQL_VERSION={pkg}", f"MYSQL_SHELL_VERSION={pkg}"]
    meta = {1: ['CMD ["/bin/bash"]'], 2: ["ENV GOSU_VERSION=1.17"],
            5: [f"ENV MYSQL_MAJOR={major}", f"ENV MYSQL_VERSION={pkg}"],
            8: [f"ENV MYSQL_SHELL_VERSION={pkg}"], 9: ["VOLUME [/var/lib/mysql]"]}
    history = []
    for i, (_, _, created_by) in enumerate(layers):
        history += [{"created": created, "created_by": m, "comment": BK, "empty_layer": True} for m in meta.get(i, [])]
        history.append({"created": created, "created_by": created_by, "comment": BK})
    history += [{"created": created, "created_by": m, "comment": BK, "empty_layer": True}
                for m in ('ENTRYPOINT '
                          '["docker-entrypoint.sh"]', "EXPOSE map[3306/tcp:{} 33060/tcp:{}]", 'CMD ["mysqld"]')]
    tags = rel["tags"] + [f"{t}-{s}" for s in ("oracle", "oraclelinux9") for t in rel["tags"] if t != "latest"]
    tags += ["oracle", "oraclelinux9"] if "latest" in tags else []
    return {"tags": tags, "repo_digest": local_digest(p + "server"), "created": created, "architecture": "amd64",
            "os": "linux", "config": {"Env": env, "Cmd": ["mysqld"], "Entrypoint": ["docker-entrypoint.sh"],
                                      "WorkingDir": "", "Labels": {}, "ExposedPorts": {"3306/tcp": {}, "33060/tcp": {}},
                                      "Volumes": {"/var/lib/mysql": {}}, "User": "", "StopSignal": None},
            "history": history, "layers": [lid for lid, _, _ in layers]}


def current_entrypoint() -> str:
    lid = f"mysql-{RELEASES[0]['version']}-entrypoint"
    doc = json.loads(gzip.decompress((DATA / "layers" / f"{lid}.json.gz").read_bytes()))
    return next(e[7] for e in doc["entries"] if e[0].endswith("docker-entrypoint.sh"))


def build(entrypoint: str) -> None:
    write_layer(BASE, "oraclelinux:9-slim (Oracle Linux 9.6), summarised; see PROVENANCE.md, mysql.", base_rows())
    images = [release(rel, entrypoint) for rel in RELEASES]
    (DATA / "images" / "mysql.json").write_text(json.dumps(
        {"repository": "mysql", "provenance": "docker-library/mysql's Dockerfile.oracle (8.0, 8.4, innovation) on "
         "oraclelinux:9-slim, versions of 2025-07-21; file trees summarised, repo digests computed here. See "
         "PROVENANCE.md, mysql.", "images": images}, indent=1) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entrypoint", type=Path, help="docker-library/mysql's docker-entrypoint.sh")
    args = parser.parse_args()
    build(args.entrypoint.read_text() if args.entrypoint else current_entrypoint())


if __name__ == "__main__":
    main()
