"""apt-get, apt and dpkg on an image's file system, against transcripts recorded from real apt (data/debian)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from storagekit.commands.shell.context import ProcessContext
from storagekit.commands.shell.packages import apt
from storagekit.docker.catalogue import debian, images
from storagekit.fs import Dir, FileSystem
from storagekit.fs.nodes import tree_size

DATA = Path(__file__).parents[3] / "docker" / "catalogue" / "data" / "debian"
"""Transcripts of the real apt, shared with the Debian catalogue's tests."""


def real(name: str) -> str:
    return (DATA / f"real-{name}.txt").read_text().rsplit("rc=", 1)[0]


def image_fs(ref: str = "debian:bookworm") -> FileSystem:
    spec = images.find_image(ref)
    return FileSystem(Dir(), [images.layer_spec(lid).build_tree(0) for lid in reversed(spec.layer_ids)])


def sh(fs: FileSystem, line: str) -> tuple[int, str, str]:
    ctx = ProcessContext(fs=fs)
    argv = line.split()
    code = apt.PROGRAMS[argv[0]](ctx, argv)
    return code, "".join(ctx.stdout), "".join(ctx.stderr)


@pytest.fixture(scope="module")
def pip_installed():
    fs = image_fs()
    sh(fs, "apt-get update")
    result = sh(fs, "apt-get install -y python3-pip")
    return fs, result


def test_size_str_is_apts():
    assert [apt.size_str(n) for n in (6924, 34770, 151075, 8790000, 123e6, 477e6)] == [
        "6924 B", "34.8 kB", "151 kB", "8790 kB", "123 MB", "477 MB"]


def test_nothing_can_be_installed_before_update():
    fs = image_fs()
    assert fs.listdir("/var/lib/apt/lists") == []
    code, out, err = sh(fs, "apt-get install python3")
    assert code == 100
    assert out + err == real("install-before-update")


def test_update_prints_the_real_transcript_and_writes_the_lists():
    fs = image_fs()
    code, out, err = sh(fs, "apt-get update")
    assert (code, out + err) == (0, real("update"))
    lists = "/var/lib/apt/lists"
    assert fs.stat(f"{lists}/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4").size == 18840233
    assert fs.stat(f"{lists}/deb.debian.org_debian_dists_bookworm_InRelease").size == 151075
    assert sorted(fs.listdir(lists))[:3] == ["auxfiles",
                                             "deb.debian.org_debian-security_dists_bookworm-security_InRelease",
                                             "deb.debian.org_debian-security_dists_bookworm-security_main_binary-amd64_Packages.lz4"]


def test_without_yes_apt_asks_and_aborts():
    fs = image_fs()
    sh(fs, "apt-get update")
    code, out, _ = sh(fs, "apt-get install python3-pip")
    assert code == 1
    assert out.endswith("Do you want to continue? [Y/n] Abort.\n")
    want = real("install-without-yes")
    for title in ("The following NEW packages will be installed:", "Suggested packages:"):
        listed = re.compile(rf"{title}\n(?:  .*\n)+")
        assert listed.search(out).group(0) == listed.search(want).group(0)
    assert ("Need to get 121 MB of archives.\n"
            "After this operation, 477 MB of additional disk space will be used.\n") in out


def test_a_small_install_matches_real_apt_line_for_line():
    fs = image_fs()
    sh(fs, "apt-get update")
    code, out, err = sh(fs, "apt-get install -q -y jq")
    assert code == 0 and err == "debconf: delaying package configuration, since apt-utils is not installed\n"
    want = real("install-jq").replace("Reading state information...\n", "").replace("and 4 not upgraded",
                                                                                    "and 0 not upgraded")
    want = want.replace("debconf: delaying package configuration, since apt-utils is not installed\n", "")
    mine = re.sub(r"\(Reading database \.\.\. \d+", "(Reading database ... N", out)
    want = re.sub(r"\(Reading database \.\.\. \d+", "(Reading database ... N", want)
    assert mine.replace("in 0s (10.8 MB/s)", "in 0s (19.3 MB/s)") == want


def test_install_puts_the_real_files_in_the_upper_layer(pip_installed):
    fs, (code, out, _err) = pip_installed
    assert code == 0
    assert "Setting up python3-pip (23.0.1+dfsg-1) ...\n" in out
    assert out.endswith("Running hooks in /etc/ca-certificates/update.d...\ndone.\n")
    assert fs.isfile("/usr/bin/pip3") and fs.stat("/usr/bin/pip3").size == 221
    assert fs.readlink("/usr/bin/python3") == "python3.11"
    assert fs.readlink("/usr/bin/c++") == "/etc/alternatives/c++"
    status = fs.read("/var/lib/dpkg/status").decode()
    assert debian.load().package("python3-pip").status_stanza() in status
    assert "/usr/bin/pip3\n" in fs.read("/var/lib/dpkg/info/python3-pip.list").decode()
    extended_states = fs.read("/var/lib/apt/extended_states").decode()
    assert "Package: python3.11\nArchitecture: amd64\nAuto-Installed: 1\n" in extended_states


def test_the_layer_weighs_what_installed_size_says(pip_installed):
    fs, _ = pip_installed
    files = tree_size(fs.upper)
    lists = sum(s for _, s in apt.mirror_of(fs).list_files())
    installed = 477e6
    assert abs((files - lists) - installed) / installed < 0.03


def test_docker_clean_removes_the_downloaded_debs(pip_installed):
    fs, _ = pip_installed
    assert fs.listdir("/var/cache/apt/archives") == ["lock", "partial"]


def test_without_docker_clean_the_debs_stay():
    fs = image_fs()
    fs.unlink("/etc/apt/apt.conf.d/docker-clean")
    sh(fs, "apt-get update")
    sh(fs, "apt-get install -y jq")
    assert "jq_1.6-2.1+deb12u3_amd64.deb" in fs.listdir("/var/cache/apt/archives")
    assert fs.stat("/var/cache/apt/archives/jq_1.6-2.1+deb12u3_amd64.deb").size == debian.load().package("jq").size


def test_the_slim_image_keeps_its_path_excludes():
    fs = image_fs("debian:bookworm-slim")
    sh(fs, "apt-get update")
    sh(fs, "apt-get install -y jq")
    assert fs.isfile("/usr/share/doc/jq/copyright")
    assert not fs.lexists("/usr/share/doc/jq/README") and not fs.lexists("/usr/share/man/man1/jq.1.gz")


def test_python_has_no_candidate_as_real_apt_says():
    fs = image_fs()
    sh(fs, "apt-get update")
    code, out, err = sh(fs, "apt-get -y install python")
    assert code == 100
    assert "Reading state information...\n" + out.split("Building dependency tree...\n", 1)[1] + err == \
        "Reading state information...\n" + real("install-python").split("Reading state information...\n", 1)[1]


def test_unknown_package():
    fs = image_fs()
    sh(fs, "apt-get update")
    assert sh(fs, "apt-get install -y zzz")[0::2] == (100, "E: Unable to locate package zzz\n")


UBUNTU = DATA.parent / "ubuntu"


def get_lines(text: str) -> set[str]:
    return {line.split(" ", 1)[1] for line in text.splitlines() if line.startswith("Get:")}


@pytest.mark.parametrize("ref, release", [("ubuntu:22.04", "jammy"), ("ubuntu:24.04", "noble")])
def test_ubuntu_update_fetches_what_real_apt_fetches(ref, release):
    code, out, _ = sh(image_fs(ref), "apt-get update")
    real = (UBUNTU / f"real-{release}-update.txt").read_text()
    assert code == 0 and get_lines(out) == get_lines(real)  # the gz indexes Ubuntu's image asks for
    assert out.startswith(f"Get:1 http://archive.ubuntu.com/ubuntu {release} InRelease [")


def test_install_python3_on_jammy_says_what_real_apt_said():
    fs = image_fs("ubuntu:22.04")
    sh(fs, "apt-get update")
    code, out, _ = sh(fs, "apt-get install -y python3")
    real = (UBUNTU / "real-jammy-install-python3.txt").read_text()
    head = "After this operation, 23.6 MB of additional disk space will be used.\n"
    assert code == 0 and out.split(head)[0] == real.split(head)[0]  # lists, counts and sizes
    assert get_lines(out) == get_lines(real)  # the same downloads from the same suites (apt's order differs)
    assert "Setting up python3.10 (3.10.12-1~22.04.18) ...\n" in out
    assert out.endswith("Processing triggers for libc-bin (2.35-0ubuntu3.18) ...\n")
    assert real.endswith("Processing triggers for libc-bin (2.35-0ubuntu3.18) ...\n")
    assert fs.readlink("/usr/bin/python3") == "python3.10"


def test_apt_in_noble_installs_python_3_12():
    fs = image_fs("ubuntu:24.04")
    sh(fs, "apt-get update")
    code, out, _ = sh(fs, "apt-get install -y python3")
    assert code == 0 and " noble-updates/main amd64 python3.12 amd64 3.12.3-" in out
    assert "Setting up python3 (3.12.3-" in out and fs.readlink("/usr/bin/python3") == "python3.12"


def test_pip_on_jammy_comes_from_universe():
    fs = image_fs("ubuntu:22.04")
    sh(fs, "apt-get update")
    code, out, _ = sh(fs, "apt-get install -y python3-pip")
    assert code == 0 and " jammy-updates/universe amd64 python3-pip all 22.0.2+dfsg-" in out
    assert "Setting up python3-pip (22.0.2+dfsg-" in out
    assert not fs.lexists("/usr/lib/python3.10/EXTERNALLY-MANAGED")


def test_apt_warns_that_its_cli_is_unstable():
    fs = image_fs()
    code, _, err = sh(fs, "apt update")
    assert code == 0 and err.startswith("\nWARNING: apt does not have a stable CLI interface.")


def test_dpkg_queries(pip_installed):
    fs, _ = pip_installed
    code, out, _ = sh(fs, "dpkg -l python3-pip libssl3")
    assert code == 0
    assert out.splitlines()[3] == "||/ Name           Version          Architecture Description"
    assert out.splitlines()[5].startswith("ii  libssl3:amd64  3.0.22-1~deb12u2 amd64        Secure Sockets Layer")
    code, out, _ = sh(fs, "dpkg -L hostname")
    assert out.startswith("/.\n/bin\n/bin/hostname\n")
    code, _, err = sh(fs, "dpkg -s zzz")
    assert code == 1 and err.startswith("dpkg-query: package 'zzz' is not installed and no information is available\n")
    assert sh(fs, "dpkg -S /usr/bin/pip3")[1] == "python3-pip: /usr/bin/pip3\n"


def test_remove_deletes_files_and_the_status_paragraph():
    fs = image_fs()
    sh(fs, "apt-get update")
    sh(fs, "apt-get install -y jq")
    code, out, _ = sh(fs, "apt-get remove -y jq")
    assert code == 0 and "Removing jq (1.6-2.1+deb12u3) ...\n" in out
    assert not fs.lexists("/usr/bin/jq")
    assert "Package: jq\n" not in fs.read("/var/lib/dpkg/status").decode()


@pytest.mark.parametrize("name", ["python3-pip", "curl", "nginx", "git", "vim", "build-essential", "mariadb-server",
                                  "jq", "python3-no-recommends"])
def test_simulated_install_prints_apts_lists(name):
    fs = image_fs()
    sh(fs, "apt-get update")
    line = ("apt-get install -s --no-install-recommends python3" if name == "python3-no-recommends"
            else f"apt-get install -s {name}")
    out = sh(fs, line)[1]
    want = (DATA / f"apt-s-{name}.txt").read_text()
    for title in ("The following additional packages will be installed:", "Suggested packages:",
                  "Recommended packages:",
                  "The following NEW packages will be installed:"):
        mine, real_ = (re.search(rf"{title}\n(?:  .*\n)+", t) for t in (out, want))
        assert (mine and mine.group(0)) == (real_ and real_.group(0)), title
    assert re.search(r"^0 upgraded, .*$", out, re.M).group(0) == re.search(r"^0 upgraded, .*$", want, re.M).group(0)
    assert sorted(re.findall(r"^Inst (\S+)", out, re.M)) == sorted(re.findall(r"^Inst (\S+)", want, re.M))
