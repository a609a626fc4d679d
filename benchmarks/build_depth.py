"""Build time against Dockerfile length, run by hand (``make bench``).

RUN lines add layers, and overlay2 stops them at 129 (busybox's layer and 128 more): longer Dockerfiles fail
there, as Docker does, so their time is that of the first 129 steps. Metadata lines add no layer: 20,000 ENV
lines should take about four times what 5,000 take (linear), with no limit.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from storagekit import DockerHost


def timed(lines: list[str]) -> tuple[int, float]:
    host = DockerHost()
    host.sh("docker pull busybox")
    host.write("/src/d/Dockerfile", "FROM busybox\n" + "".join(lines))
    start = time.perf_counter()
    r = host.sh("docker build -q /src/d")
    return r.code, time.perf_counter() - start


def main() -> None:
    print("RUN lines   status   seconds")
    for n in (32, 64, 128, 1000, 2000, 5000):
        code, seconds = timed([f"RUN echo {i} > /f{i}\n" for i in range(n)])
        print(f"{n:>9}   {code:>6}   {seconds:7.2f}")
    print("ENV lines   status   seconds")
    for n in (1000, 5000, 20000):
        code, seconds = timed([f"ENV V{i}={i}\n" for i in range(n)])
        print(f"{n:>9}   {code:>6}   {seconds:7.2f}")


if __name__ == "__main__":
    main()
