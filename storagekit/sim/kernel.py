"""The kernel every simulated machine runs: one fact, read by ``uname``, ``docker info`` and a node's ``nodeInfo``.

A container shares its host's kernel, and a kind node is a container on that host, so ``uname -r`` in a
container, in a Pod and on the host, ``docker info``'s ``Kernel Version`` and ``kubectl get nodes -o wide``'s
``KERNEL-VERSION`` all print the same release. It is Debian 12's kernel of mid-2025, as the course's host
(Debian GNU/Linux 12, bookworm) runs it.
"""

SYSNAME = "Linux"
RELEASE = "6.1.0-37-amd64"
"""``uname -r``: Debian's ABI name of the kernel package."""
VERSION = "#1 SMP PREEMPT_DYNAMIC Debian 6.1.140-1 (2025-05-22)"
"""``uname -v``: the build's number, flags and the Debian package version it was built from."""
MACHINE = "x86_64"
OPERATING_SYSTEM = "GNU/Linux"
"""``uname -o`` as GNU coreutils prints it (BusyBox prints the same)."""
