"""Re-record what the real docker client asks the daemon to create.

Run ``python tests/commands/docker/record_create_requests.py``.

Needs a docker 28 client on PATH and no daemon: the script answers the client
itself, from a small HTTP server on a unix socket that takes ``/_ping`` and
``POST /containers/create`` and writes down the request body (``Config`` and
``HostConfig``, as the client encodes each flag). ``golden/create_requests.json``
maps each command line to the ``Config`` and ``HostConfig`` it sent.
"""

from __future__ import annotations

import json
import shutil
import socketserver
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import ClassVar

HERE = Path(__file__).parent
GOLDEN = HERE / "golden" / "create_requests.json"

CASES = [
    [],
    ["--group-add", "audio", "--group-add", "1234"],
    ["--cap-add", "net_admin", "--cap-drop", "CHOWN"],
    ["--hostname", "web", "--domainname", "example.com"],
    ["--add-host", "db=10.0.0.5", "--add-host", "gw:host-gateway"],
    ["--expose", "80", "--expose", "7000-7001/udp"],
    ["--stop-signal", "SIGINT", "--stop-timeout", "5"],
    ["--shm-size", "128m"],
    ["--storage-opt", "size=1G"],
    ["--annotation", "org.example.team=storage"],
    ["--isolation", "default", "--runtime", "runc"],
    ["--no-healthcheck"],
    ["-a", "stdout"],
    ["-i", "-t"],
    ["--read-only", "--rm", "--tmpfs", "/run:size=1m"],
    ["-v", "/srv/data:/data:ro", "-v", "/cache", "--volume-driver", "local"],
    ["--mount", "type=volume,source=logs,target=/logs"],
    ["--mount", "type=bind,source=/srv,target=/srv,readonly"],
    ["--mount", "type=tmpfs,target=/scratch,tmpfs-size=1m"],
    ["-u", "1000:1000", "-w", "/app", "-e", "A=1", "--entrypoint", "sh", "--label", "tier=db"],
    ["--kernel-memory", "50m"],
    ["--restart", "no"],
    ["--cgroupns", "private", "--ipc", "private"],
]
"""``docker create ... busybox`` with these flags; each case names the flags it is about."""


class _Daemon(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    bodies: ClassVar[list[dict]] = []

    def _send(self, code: int, body: bytes, kind: str = "application/json") -> None:
        self.send_response(code)
        for key, value in (("Content-Type", kind), ("Api-Version", "1.50"), ("Ostype", "linux"),
                           ("Content-Length", str(len(body)))):
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass

    def do_HEAD(self) -> None:
        self._send(200, b"OK", "text/plain")

    def do_GET(self) -> None:
        self._send(200, b"OK", "text/plain")

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if "/containers/create" not in self.path:
            self._send(500, b'{"message": "not answered here"}')
            return
        self.bodies.append(json.loads(body))
        self._send(201, b'{"Id": "0123456789ab", "Warnings": []}')


def main() -> None:
    docker = shutil.which("docker")
    if docker is None:
        sys.exit("no docker client on PATH")
    with tempfile.TemporaryDirectory() as tmp:
        sock = f"{tmp}/docker.sock"
        server = socketserver.ThreadingUnixStreamServer(sock, _Daemon)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        recorded = {}
        for flags in CASES:
            argv = ["create", *flags, "busybox"]
            _Daemon.bodies.clear()
            p = subprocess.run([docker, *argv], capture_output=True, text=True, timeout=20, cwd=tmp,
                               env={"PATH": "/usr/bin:/bin", "HOME": tmp, "DOCKER_HOST": f"unix://{sock}"})
            if p.returncode or len(_Daemon.bodies) != 1:
                sys.exit(f"{argv}: {p.returncode} {p.stderr}")
            body = _Daemon.bodies[0]
            recorded[" ".join(argv)] = {"Config": {k: v for k, v in body.items() if k not in (
                "HostConfig", "NetworkingConfig")}, "HostConfig": body["HostConfig"]}
        server.shutdown()
    GOLDEN.write_text(json.dumps(recorded, indent=1, sort_keys=False) + "\n")


if __name__ == "__main__":
    main()
