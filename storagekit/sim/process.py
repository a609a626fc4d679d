"""What every simulated process starts with, wherever it runs: a host's shell, a RUN step, a container, a Pod."""

from __future__ import annotations

DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
"""The ``PATH`` of a process whose image sets none (moby's and containerd's ``DefaultPathEnv``, which the kubelet's
runtime uses too), and of root's login shell on Debian."""
