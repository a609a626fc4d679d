"""The container runtime both engines use: how a container's main process starts, waits, and ends.

Below the Docker engine and the kubelet, as runc (with the containerd shim) is
on a real host: :mod:`~storagekit.runc.process` starts a main process and
decides what a signal does to it, :mod:`~storagekit.runc.servers` knows the
servers a container may run, :mod:`~storagekit.runc.mysql` what MySQL's
entrypoint writes, and :mod:`~storagekit.runc.messages` the runtime's words
when something cannot start. The image's shell comes from the command layer,
as a ``runner``.
"""
