"""Memory footprint of a course session, run by hand (``make bench``): a learner's pod has 1-2 GB.

Each scenario runs in a fresh Python process, so its peak resident set
(``getrusage``'s ``ru_maxrss``) is its own; tracemalloc's peak (what Python
allocated) is printed beside it. Figures are printed next to their targets and
never asserted: they depend on the machine.

    python benchmarks/footprint.py            # every scenario
    python benchmarks/footprint.py save       # one of them
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CLAIM = """apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
---
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - name: web
    image: nginx
    volumeMounts: [{name: data, mountPath: /usr/share/nginx/html}]
  volumes:
  - name: data
    persistentVolumeClaim: {claimName: data}
"""


def session(host) -> None:
    """The seed lesson: the Flask app built twice, MySQL on a volume and on a bind mount, a kind cluster."""
    import storagekit as sk
    from storagekit.course.example import write_flask_app

    write_flask_app(host, 1)
    for line in ("cd /src/app1 && docker build -t app1 .",
                 "cd /src/app1 && echo '# a comment' >> app.py && docker build -t app1 .",
                 "docker run -d --name db -v data_volume:/var/lib/mysql -e MYSQL_ROOT_PASSWORD=secret mysql",
                 "mkdir -p /data/mysql && docker run -d --name db2 -v /data/mysql:/var/lib/mysql "
                 "-e MYSQL_ROOT_PASSWORD=secret mysql"):
        _check(host.sh(line), line)
    cluster = sk.Cluster.kind()
    cluster.write("/root/app.yaml", CLAIM)
    _check(cluster.sh("kubectl apply -f /root/app.yaml"), "kubectl apply")
    cluster.settle()


def _check(result, line: str) -> None:
    if result.code:
        raise SystemExit(f"{line!r} failed: {result.err[-500:]}")


# name: (what it runs, target, setup inside the measured process)
SCENARIOS = {
    "pull": ("docker pull mysql", "peak < 300 MB", None),
    "session": ("a course session", "peak < 300 MB", None),
    "save": ("docker save app1 | wc -c", "< 100 MB above the session, < 2 s", "session"),
    "save-sum": ("docker save app1 | sha256sum", "< 100 MB above the session (every byte is read)", "session"),
    "save-o": ("docker save -o /tmp/app1.tar app1", "< 100 MB above the session, < 2 s", "session"),
    "export": ("docker export db > /tmp/db.tar", "< 100 MB above the session, < 2 s", "session"),
    "export-sum": ("docker export db | md5sum", "< 100 MB above the session (every byte is read)", "session"),
    "zero": ("head -c 10G /dev/zero | wc -c", "< 100 MB", None),
    "dd": ("dd if=/dev/zero of=/root/big bs=1M count=2048 && wc -c /root/big", "< 100 MB", None),
    "double": ("echo x > f; for i in $(seq 32); do cat f f > g; mv g f; done; ls -l f", "< 100 MB", None),
    "disk": ("dd if=/dev/zero of=/root/big bs=1M count=102400; df -h /", "ENOSPC at the disk's size, < 100 MB",
             None),
    "budget": ("head -c 2G /dev/zero | sort", "stopped at the 512 MiB budget with a note, < 100 MB", None),
}


def measure(name: str, trace: bool) -> dict:
    """Run one scenario in this process; returns its figures (with ``trace``, under tracemalloc, which is slower)."""
    import storagekit as sk

    line, _, setup = SCENARIOS[name]
    host = sk.DockerHost()
    if setup == "session":
        session(host)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    if name == "session":
        session(host)
        status, out = 0, ""
    else:
        result = host.sh(line)
        status, out = result.code, (result.out + result.err + result.remarks)[-200:].strip()
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] // (1 << 20) if trace else 0
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    return {"status": status, "seconds": round(seconds, 2), "rss_before": before, "rss_peak": rss,
            "traced_peak": peak, "out": out}


def main(names: list[str]) -> None:
    if len(names) == 3 and names[0] == "--one":
        print(json.dumps(measure(names[1], names[2] == "trace")))
        return
    for name in names or list(SCENARIOS):
        line, target = SCENARIOS[name][:2]
        runs = [subprocess.run([sys.executable, __file__, "--one", name, how], capture_output=True, text=True)
                for how in ("plain", "trace")]
        if any(proc.returncode for proc in runs):
            print(f"{name:8} {line}: failed\n" + "".join(proc.stderr[-2000:] for proc in runs))
            continue
        r, traced = (json.loads(proc.stdout.splitlines()[-1]) for proc in runs)
        r["traced_peak"] = traced["traced_peak"]
        print(f"{name:8} {line}\n         exit {r['status']}, {r['seconds']} s, peak RSS {r['rss_peak']} MB "
              f"({r['rss_peak'] - r['rss_before']} MB above the {r['rss_before']} MB before it; "
              f"tracemalloc peak {r['traced_peak']} MB)  target: {target}")
        if r["out"]:
            print("         " + r["out"].replace("\n", "\n         "))


if __name__ == "__main__":
    main(sys.argv[1:])
