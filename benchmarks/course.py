"""The course's notebooks, each in a fresh kernel: its run time and its kernel's peak memory, run by hand.

Targets: every notebook under 60 s and its kernel under 500 MB at any point; the whole course under
5 minutes on 2 cores. The peak is the kernel's own (``ru_maxrss``, read by one more cell run in the
same kernel at the end). Figures are printed beside the targets, never asserted.

    python benchmarks/course.py                      # every notebook
    python benchmarks/course.py notebooks/06-*.ipynb # some of them
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
PEAK = "import resource; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)"


def measure(path: Path) -> tuple[float, int]:
    """Seconds to run ``path`` from a fresh kernel, and the kernel's peak resident set in MB."""
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(PEAK))
    client = NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    return seconds, int("".join(nb.cells[-1].outputs[0]["text"]).strip())


def main(paths: list[str]) -> None:
    notebooks = [Path(p) for p in paths] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    total, worst = 0.0, 0
    for path in notebooks:
        seconds, peak = measure(path)
        total, worst = total + seconds, max(worst, peak)
        print(f"{path.name:42} {seconds:6.1f} s  {peak:5d} MB   (targets: < 60 s, < 500 MB)")
    print(f"{'the course':42} {total:6.1f} s  {worst:5d} MB   (targets: < 300 s, every kernel < 500 MB)")


if __name__ == "__main__":
    main(sys.argv[1:])
