"""The Docker diagrams on course-sized states, run by hand (``make bench``): state -> DOT, DOT -> SVG with ``dot``.

States: the two Flask apps of notebooks/00-start-here.ipynb with a container that
changed files and a rebuild after app.py changed; an alpine container with
copy-ups, whiteouts and an opaque directory; a mysql container with a named
volume, an anonymous one, a bind and a tmpfs. Each diagram is built and rendered
ROUNDS times; the figures are p50 and p95 of wall time, and of process CPU time
(the machine may be shared). Target: state -> SVG under 100 ms p95.
"""

from __future__ import annotations

import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import storagekit as sk  # noqa: E402
from storagekit import viz  # noqa: E402
from tests.viz.docker.conftest import build_flask_apps, run  # noqa: E402

ROUNDS = 20
TARGET = 0.100


def flask() -> sk.DockerHost:
    host = sk.DockerHost()
    build_flask_apps(host)
    run(host, "docker run -d --name web1 -v data:/data mmumshad/my-custom-app",
        "docker exec web1 sh -c 'echo x >> /etc/bash.bashrc; rm /etc/issue.net; echo hi > /data/hi'",
        "cd /src/app1 && echo '# a comment' >> app.py", "cd /src/app1 && docker build -t mmumshad/my-custom-app .")
    return host


def alpine() -> tuple[sk.DockerHost, int]:
    host = sk.DockerHost()
    run(host, "docker run -d --name box alpine sleep 3600",
        "docker exec box sh -c 'echo hi >> /etc/motd; rm /etc/issue; rm -rf /etc/apk; mkdir /etc/apk'")
    mark = host.events.mark()
    run(host, "docker exec box sh -c 'echo y >> /etc/profile; rm /etc/shells; touch /tmp/new'")
    return host, mark


def mysql() -> sk.DockerHost:
    host = sk.DockerHost()
    host.write("/src/site/index.html", "<h1>hi</h1>\n")
    run(host, "docker run -d --name db -e MYSQL_ROOT_PASSWORD=pw -v data_volume:/var/lib/mysql "
              "-v /src/site:/srv:ro --mount type=volume,target=/cache --tmpfs /run/secrets:size=64m mysql")
    return host


def percentiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(make) -> dict[str, tuple[float, float]]:
    """p50/p95 of building the DOT and of rendering it with dot, in wall seconds and in CPU seconds."""
    dot = shutil.which("dot")
    build_wall, build_cpu, render_wall, render_cpu, total, total_cpu = [], [], [], [], [], []
    for _ in range(ROUNDS):
        w, c = time.perf_counter(), time.process_time()
        g = make()
        source = g.source
        build_wall.append(time.perf_counter() - w)
        build_cpu.append(time.process_time() - c)
        w, c = time.perf_counter(), children_cpu()
        subprocess.run([dot, "-Tsvg"], input=source.encode(), capture_output=True, check=True)
        render_wall.append(time.perf_counter() - w)
        render_cpu.append(children_cpu() - c)
        total.append(build_wall[-1] + render_wall[-1])
        total_cpu.append(build_cpu[-1] + render_cpu[-1])
    return {"build": percentiles(build_wall), "build cpu": percentiles(build_cpu), "dot": percentiles(render_wall),
            "dot cpu": percentiles(render_cpu), "total": percentiles(total), "total cpu": percentiles(total_cpu)}


def main() -> None:
    if shutil.which("dot") is None:
        sys.exit("needs the Graphviz dot program on PATH (make setup)")
    start = time.perf_counter()
    host, (box, mark), db = flask(), alpine(), mysql()
    print(f"course states built in {time.perf_counter() - start:.1f} s; {ROUNDS} rounds each, milliseconds")
    cases = [
        ("image_layers (Flask apps)", lambda: viz.image_layers(host)),
        ("layer_files (apt layer, 9k files)", lambda: viz.layer_files(host, "mmumshad/my-custom-app", 1)),
        ("layer_files (COPY layer)", lambda: viz.layer_files(host, "mmumshad/my-custom-app")),
        ("build_steps (Flask rebuild)", lambda: viz.build_steps(host)),
        ("container_overlay (alpine, since)", lambda: viz.container_overlay(box, "box", since=mark)),
        ("container_overlay (Flask web1)", lambda: viz.container_overlay(host, "web1")),
        ("container_mounts (mysql)", lambda: viz.container_mounts(db, "db")),
        ("data_root (Flask apps)", lambda: viz.data_root(host)),
        ("storage_driver", lambda: viz.storage_driver(host)),
    ]
    keys = ("build", "build cpu", "dot", "dot cpu", "total", "total cpu")
    print(f"{'diagram (p50/p95)':36}" + "".join(f"{k:>14}" for k in keys))
    worst = {"total": 0.0, "total cpu": 0.0}
    for name, make in cases:
        m = measure(make)
        for k in worst:
            worst[k] = max(worst[k], m[k][1])
        print(f"{name:36}" + "".join(f"{m[k][0] * 1e3:7.1f}/{m[k][1] * 1e3:5.1f}" for k in keys))
    for k, value in worst.items():
        verdict = "met" if value < TARGET else "NOT met"
        print(f"worst state -> SVG p95, {'wall time' if k == 'total' else 'CPU time'}: {value * 1e3:.1f} ms "
              f"(target < {TARGET * 1e3:.0f} ms: {verdict})")
    load = open("/proc/loadavg").read().split()[0] if Path("/proc/loadavg").exists() else "?"
    print(f"(load average {load}; on a busy machine wall time waits for the CPU, CPU time does not)")


if __name__ == "__main__":
    main()
