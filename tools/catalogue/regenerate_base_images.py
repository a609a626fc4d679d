"""Write the ``busybox`` and ``hello-world`` image data (layers and ``data/images/*.json``).

``python -m tools.catalogue.regenerate_base_images`` on a Debian
bookworm machine with ``busybox-static`` installed: the applet names are that
BusyBox's ``--list``, the glibc libraries' sizes those of the machine's
``libc6`` (the glibc variant of the image copies Debian bookworm's glibc).
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess

from storagekit.sim.process import DEFAULT_PATH
from tools.catalogue import DATA as CATALOGUE_DATA
from tools.catalogue.regenerate_alpine import local_digest

DATA = CATALOGUE_DATA
GLIBC = [("ld-linux-x86-64.so.2", 0o755), ("libc.so.6", 0o755), ("libm.so.6", 0o644), ("libnss_dns.so.2", 0o644),
         ("libnss_files.so.2", 0o644), ("libpthread.so.0", 0o644), ("libresolv.so.2", 0o644)]
BUSYBOX = {"1.37.0": (1_134_632, "2025-07-21T00:00:00Z"), "1.36.1": (1_131_968, "2024-09-26T21:31:42Z")}
PASSWD = """root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
bin:x:2:2:bin:/bin:/bin/false
sys:x:3:3:sys:/dev:/bin/false
sync:x:4:100:sync:/bin:/bin/sync
mail:x:8:8:mail:/var/spool/mail:/bin/false
www-data:x:33:33:www-data:/var/www:/bin/false
operator:x:37:37:Operator:/var:/bin/false
nobody:x:65534:65534:nobody:/home:/bin/false
"""
GROUP = "".join(f"{name}:x:{gid}:{members}\n" for name, gid, members in [
    ("root", 0, ""), ("daemon", 1, ""), ("bin", 2, ""), ("sys", 3, ""), ("adm", 4, ""), ("tty", 5, ""), ("disk", 6, ""),
    ("lp", 7, ""), ("mail", 8, ""), ("kmem", 9, ""), ("wheel", 10, "root"), ("cdrom", 11, ""), ("dialout", 18, ""),
    ("floppy", 19, ""), ("video", 28, ""), ("audio", 29, ""), ("tape", 32, ""), ("www-data", 33, ""),
    ("operator", 37, ""), ("utmp", 43, ""), ("plugdev", 46, ""), ("staff", 50, ""), ("lock", 54, ""),
    ("netdev", 82, ""), ("users", 100, ""), ("nobody", 65534, "")])
SHADOW = "".join(f"{line.split(':')[0]}:*:::::::\n" for line in PASSWD.splitlines())
CONFIG: dict[str, object] = {"Env": ["PATH=" + DEFAULT_PATH], "Entrypoint": None,
          "WorkingDir": "", "Labels": {}, "ExposedPorts": {}, "Volumes": {}, "User": "", "StopSignal": None}


def row(path, kind, mode, size=0, target="", text=None, uid=0, gid=0):
    out = [path, kind, mode, uid, gid, size, target]
    if text is not None:
        out += [text]
        out[5] = len(text.encode())
    return out


def write_layer(layer_id: str, provenance: str, rows: list[list]) -> None:
    rows.sort(key=lambda r: r[0].split("/"))
    raw = json.dumps({"id": layer_id, "provenance": provenance, "entries": rows}, separators=(",", ":")).encode()
    (DATA / "layers" / f"{layer_id}.json.gz").write_bytes(gzip.compress(raw, mtime=0))


def busybox_rootfs(version: str, size: int) -> list[list]:
    """``busybox.tar.xz`` of docker-library/busybox's glibc variant: every applet a hard link of ``/bin/[``."""
    applets = subprocess.run(["busybox", "--list"], capture_output=True, text=True, check=True).stdout.split()
    names = sorted(set(applets) | {"busybox"})
    first = f"/bin/{names[0]}"
    rows = [row("/bin", "d", 0o755), row(first, "f", 0o755, size)]
    rows += [row(f"/bin/{n}", "h", 0o755, 0, first) for n in names[1:]]
    for d, mode in [("/dev", 0o755), ("/etc", 0o755), ("/etc/network", 0o755), ("/etc/network/if-down.d", 0o755),
                    ("/etc/network/if-post-down.d", 0o755), ("/etc/network/if-pre-up.d", 0o755),
                    ("/etc/network/if-up.d", 0o755), ("/home", 0o755), ("/lib", 0o755), ("/root", 0o700),
                    ("/tmp", 0o1777), ("/usr", 0o755), ("/usr/sbin", 0o755), ("/var", 0o755), ("/var/spool", 0o755),
                    ("/var/spool/mail", 0o755), ("/var/www", 0o755)]:
        rows.append(row(d, "d", mode))
    rows += [row("/etc/passwd", "f", 0o644, text=PASSWD), row("/etc/group", "f", 0o644, text=GROUP),
             row("/etc/shadow", "f", 0o640, text=SHADOW),
             row("/etc/nsswitch.conf", "f", 0o644, text="hosts:\t\tfiles dns\nnetworks:\tfiles\n"),
             row("/lib64", "l", 0o777, 3, "lib")]
    for name, mode in GLIBC:
        rows.append(row(f"/lib/{name}", "f", mode, os.stat(f"/lib/x86_64-linux-gnu/{name}").st_size))
    return rows


def build() -> None:
    images: list[dict] = []
    for version, (size, created) in BUSYBOX.items():
        layer_id = f"busybox-{version}-glibc"
        write_layer(layer_id, f"BusyBox {version} glibc rootfs: applets of Debian's busybox-static --list, glibc sizes "
                    "of Debian bookworm's libc6 2.36; busybox binary size modelled.", busybox_rootfs(version, size))
        major = version.rsplit(".", 1)[0]
        tags = [version, major, f"{version}-glibc", f"{major}-glibc"]
        tags += ["1", "latest", "glibc"] if version == "1.37.0" else []
        images.append({"tags": tags, "repo_digest": local_digest(layer_id), "created": created,
                       "architecture": "amd64", "os": "linux",
                       "config": {**CONFIG, "Cmd": ["sh"]},
                       "history": [{"created": created, "created_by": "ADD busybox.tar.xz / # buildkit",
                                    "comment": "buildkit.dockerfile.v0"},
                                   {"created": created, "created_by": 'CMD ["sh"]', "comment": "buildkit.dockerfile.v0",
                                    "empty_layer": True}],
                       "layers": [layer_id]})
    (DATA / "images" / "busybox.json").write_text(json.dumps(
        {"repository": "busybox", "provenance": "docker-library/busybox (glibc variant), modelled; repo digests "
         "are digests of the layer data, not Docker Hub's. See PROVENANCE.md, busybox.",
         "images": images}, indent=1) + "\n")
    created = "2023-05-02T16:49:27Z"
    write_layer("hello-world-linux", "docker-library/hello-world: one static binary, /hello (13,256 bytes).",
                [row("/hello", "f", 0o775, 13256)])
    (DATA / "images" / "hello-world.json").write_text(json.dumps(
        {"repository": "hello-world",
         "provenance": "docker-library/hello-world's Dockerfile (FROM scratch, COPY hello /, "
         "CMD [\"/hello\"]); the repo digest is a digest of the layer data, not Docker Hub's.",
         "images": [{"tags": ["latest", "linux"], "repo_digest": local_digest("hello-world-linux"),
                     "created": created, "architecture": "amd64",
                     "os": "linux", "config": {**CONFIG, "Cmd": ["/hello"]},
                     "history": [{"created": created, "created_by": "COPY hello / # buildkit",
                                  "comment": "buildkit.dockerfile.v0"},
                                 {"created": created, "created_by": 'CMD ["/hello"]',
                                  "comment": "buildkit.dockerfile.v0", "empty_layer": True}],
                     "layers": ["hello-world-linux"]}]}, indent=1) + "\n")


if __name__ == "__main__":
    build()
