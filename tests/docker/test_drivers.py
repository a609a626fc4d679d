"""Storage-driver selection: engine version x host x configuration -> driver, or the daemon's exact error.

Tables in the style of moby's own ``TestDetermineImageStoreChoice``: one row
per case, the expectation next to the inputs.
"""

from __future__ import annotations

import pytest

from storagekit.docker import drivers
from storagekit.docker.drivers import (
    HOSTS,
    HostSpec,
    catalogue,
    driver_status,
    parse_version,
    priority_list,
    probe,
    select_driver,
)

REMOVED_AUFS = ("failed to start daemon: error initializing graphdriver: [graphdriver] ERROR: the aufs storage-driver "
                "has been deprecated and removed; visit https://docs.docker.com/go/storage-driver/ for more "
                "information: aufs")
DTYPE_XFS = ("overlay2: the backing xfs filesystem is formatted without d_type support, which leads to incorrect "
             "behavior. Reformat the filesystem with ftype=1 to enable d_type support. Backing filesystems without "
             "d_type support are not supported.")


@pytest.mark.parametrize("version,expected", [
    ("1.12.6", ("aufs", "btrfs", "zfs", "devicemapper", "overlay", "vfs")),
    ("1.13.1", ("aufs", "btrfs", "zfs", "overlay2", "overlay", "devicemapper", "vfs")),
    ("18.03.1-ce", ("btrfs", "zfs", "overlay2", "aufs", "overlay", "devicemapper", "vfs")),
    ("20.10.24", ("btrfs", "zfs", "overlay2", "fuse-overlayfs", "aufs", "overlay", "devicemapper", "vfs")),
    ("23.0.6", ("overlay2", "fuse-overlayfs", "btrfs", "zfs", "aufs", "overlay", "devicemapper", "vfs")),
    ("24.0.9", ("overlay2", "fuse-overlayfs", "btrfs", "zfs", "devicemapper", "vfs")),
    ("25.0.0", ("overlay2", "fuse-overlayfs", "btrfs", "zfs", "vfs")),
    ("29.0.0", ("overlay2", "fuse-overlayfs", "btrfs", "zfs", "vfs")),
])
def test_priority_list_per_era(version, expected):
    assert priority_list(version) == expected


def test_every_era_names_its_source():
    assert all(era.source for era in drivers.ERAS)
    assert [era.since for era in drivers.ERAS] == sorted(era.since for era in drivers.ERAS)


@pytest.mark.parametrize("text,expected", [("17.09.1-ce", (17, 9, 1)), ("29.0", (29, 0, 0)), ("1.12.6", (1, 12, 6))])
def test_parse_version(text, expected):
    assert parse_version(text) == expected


# (engine, host, expected driver) with nothing configured and an empty data root.
FRESH = [
    # The lore: old list, Ubuntu with the aufs module -> aufs; CentOS (no aufs, no btrfs/zfs) -> devicemapper.
    ("1.12.6", "ubuntu-14.04", "aufs"),
    ("1.12.6", "ubuntu-16.04", "aufs"),
    ("1.12.6", "centos-7.2", "devicemapper"),
    ("1.12.6", "ubuntu-16.04-no-extra", "devicemapper"),
    ("1.12.6", "debian-12-btrfs", "btrfs"),
    ("1.13.1", "ubuntu-16.04", "aufs"),
    ("1.13.1", "ubuntu-16.04-no-extra", "overlay2"),
    ("17.09.0-ce", "ubuntu-16.04", "overlay2"),
    ("18.03.1-ce", "ubuntu-14.04", "aufs"),
    ("18.03.1-ce", "centos-7.2", "devicemapper"),
    ("18.03.1-ce", "centos-7.4", "overlay2"),
    ("18.03.1-ce", "debian-12-btrfs", "btrfs"),
    ("18.03.1-ce", "debian-12-zfs", "zfs"),
    ("19.03.15", "centos-7.2", "vfs"),
    ("20.10.24", "debian-12-btrfs", "btrfs"),
    ("20.10.24", "rootless-old-kernel", "fuse-overlayfs"),
    # 23.0: overlay2 first, btrfs and zfs only when overlay cannot work there.
    ("23.0.6", "debian-12-btrfs", "overlay2"),
    ("23.0.6", "debian-12-zfs", "zfs"),
    ("28.2.2", "debian-12", "overlay2"),
    ("28.2.2", "ubuntu-22.04", "overlay2"),
    ("28.2.2", "debian-12-xfs-ftype0", "vfs"),
    ("28.2.2", "docker-in-docker", "vfs"),
    ("28.2.2", "centos-7.2", "vfs"),
]


@pytest.mark.parametrize("version,host,expected", FRESH)
def test_fresh_data_root(version, host, expected):
    sel = select_driver(version, HOSTS[host])
    assert (sel.driver, sel.image_store, sel.ok) == (expected, "graphdriver", True)
    assert sel.reason == "priority list"


# (engine, host, prior driver directories, expected driver or daemon message)
PRIOR = [
    ("20.10.24", "ubuntu-16.04", {"aufs"}, "aufs"),
    ("18.03.1-ce", "centos-7.4", {"devicemapper"}, "devicemapper"),
    ("20.10.24", "centos-7.4", {"devicemapper"}, "devicemapper"),
    ("28.2.2", "debian-12", {"vfs"}, "overlay2"),
    ("28.2.2", "debian-12", {"overlay2", "vfs"}, "overlay2"),
    ("28.2.2", "debian-12-btrfs", {"btrfs"}, "btrfs"),
    ("28.2.2", "debian-12", {"btrfs"},
     "failed to start daemon: error initializing graphdriver: prerequisites for driver not satisfied (wrong "
     "filesystem?)"),
    ("20.10.24", "debian-12", {"aufs", "overlay2"},
     "failed to start daemon: error initializing graphdriver: /var/lib/docker contains several valid graphdrivers: "
     "aufs, overlay2; Please cleanup or explicitly choose storage driver (-s <DRIVER>)"),
    ("17.06.2-ce", "ubuntu-16.04", {"aufs", "devicemapper"},
     "Error starting daemon: error initializing graphdriver: /var/lib/docker contains several valid graphdrivers: "
     "aufs, devicemapper; Please cleanup or explicitly choose storage driver (-s <DRIVER>)"),
    ("23.0.6", "debian-12-btrfs", {"btrfs", "overlay2"},
     "failed to start daemon: error initializing graphdriver: /var/lib/docker contains several valid graphdrivers: "
     "btrfs, overlay2; cleanup or explicitly choose storage driver (-s <DRIVER>)"),
    ("23.0.6", "centos-7.4", {"devicemapper"},
     "failed to start daemon: error initializing graphdriver: prior storage driver devicemapper is deprecated and "
     "will be removed in a future release; update the the daemon configuration and explicitly choose this storage "
     "driver to continue using it; visit https://docs.docker.com/go/storage-driver/ for more information"),
    ("24.0.9", "ubuntu-16.04", {"aufs"}, "overlay2"),
]


@pytest.mark.parametrize("version,host,prior,expected", PRIOR)
def test_prior_state(version, host, prior, expected):
    sel = select_driver(version, HOSTS[host], prior_state=prior)
    assert (sel.driver if sel.ok else sel.message) == expected


def test_prior_state_beats_a_better_driver_in_the_list():
    """After an upgrade the old driver stays: overlay2 would win the list, aufs state wins the day."""
    sel = select_driver("20.10.24", HOSTS["ubuntu-16.04"], prior_state={"aufs"})
    assert sel.reason == "prior state"
    assert select_driver("20.10.24", HOSTS["ubuntu-16.04"]).driver == "overlay2"


def test_a_prior_driver_that_fails_is_not_replaced():
    sel = select_driver("28.2.2", HOSTS["debian-12"], prior_state={"btrfs"})
    assert sel.driver is None and sel.error == drivers.ERR_PREREQUISITES
    assert "overlay2" not in [step.driver for step in sel.trace]


def test_several_prior_states_under_userns_remap_name_the_remapped_root():
    host = HostSpec(backing_fs="btrfs", userns_remap=True)
    sel = select_driver("28.2.2", host, prior_state={"btrfs", "overlay2"})
    assert sel.message == ("failed to start daemon: error initializing graphdriver: /var/lib/docker/100000.100000 "
                           "contains several valid graphdrivers: btrfs, overlay2; cleanup or explicitly choose "
                           "storage driver (-s <DRIVER>)")


def test_state_of_a_removed_driver_is_not_prior_state():
    sel = select_driver("28.2.2", HOSTS["debian-12"], prior_state={"aufs", "overlay2"})
    assert sel.driver == "overlay2"
    assert "aufs: ignored (state of a driver this engine does not have (derived))" in sel.explain()


# (engine, host, configured driver, expected driver or daemon message)
CONFIGURED = [
    ("28.2.2", "debian-12", "overlay2", "overlay2"),
    ("28.2.2", "debian-12", "vfs", "vfs"),
    ("28.2.2", "debian-12-btrfs", "btrfs", "btrfs"),
    ("24.0.9", "centos-7.4", "devicemapper", "devicemapper"),
    ("28.2.2", "debian-12-xfs-ftype0", "overlay2",
     f"failed to start daemon: error initializing graphdriver: {DTYPE_XFS}: overlay2"),
    ("28.2.2", "debian-12", "btrfs",
     "failed to start daemon: error initializing graphdriver: prerequisites for driver not satisfied "
     "(wrong filesystem?): btrfs"),
    ("28.2.2", "debian-12", "zfs",
     "failed to start daemon: error initializing graphdriver: prerequisites for driver not satisfied "
     "(wrong filesystem?): zfs"),
    ("28.2.2", "docker-in-docker", "overlay2",
     "failed to start daemon: error initializing graphdriver: driver not supported: overlay2"),
    ("24.0.9", "ubuntu-16.04", "aufs", REMOVED_AUFS),
    ("24.0.9", "debian-12", "overlay",
     "failed to start daemon: error initializing graphdriver: [graphdriver] ERROR: the overlay storage-driver has "
     "been deprecated and removed; visit https://docs.docker.com/go/storage-driver/ for more information: overlay"),
    ("25.0.0", "centos-7.4", "devicemapper",
     "failed to start daemon: error initializing graphdriver: [graphdriver] ERROR: the devicemapper storage-driver "
     "has been deprecated and removed; visit https://docs.docker.com/go/storage-driver/ for more information: "
     "devicemapper"),
    ("18.03.1-ce", "ubuntu-16.04-no-extra", "aufs",
     "Error starting daemon: error initializing graphdriver: driver not supported: aufs"),
    ("19.03.15", "rootless-old-kernel", "fuse-overlayfs",
     "Error starting daemon: error initializing graphdriver: driver not supported: fuse-overlayfs"),
    ("18.03.1-ce", "centos-7.2", "overlay",
     "Error starting daemon: error initializing graphdriver: overlay: the backing xfs filesystem is formatted "
     "without d_type support, which leads to incorrect behavior. Reformat the filesystem with ftype=1 to enable "
     "d_type support. Backing filesystems without d_type support are not supported.: overlay"),
]


@pytest.mark.parametrize("version,host,configured,expected", CONFIGURED)
def test_configured_driver_is_used_or_the_daemon_fails(version, host, configured, expected):
    sel = select_driver(version, HOSTS[host], configured=configured)
    assert (sel.driver if sel.ok else sel.message) == expected


def test_configured_driver_wins_over_prior_state():
    sel = select_driver("20.10.24", HOSTS["debian-12"], configured="overlay2", prior_state={"aufs", "overlay2"})
    assert sel.driver == "overlay2" and sel.reason == "configured"


def test_deprecated_drivers_are_skipped_automatically_but_not_when_configured():
    sel = select_driver("20.10.24", HOSTS["centos-7.2"])
    assert sel.driver == "vfs"
    assert "devicemapper: skipped (deprecated drivers are never chosen automatically)" in [str(s) for s in sel.trace]
    assert select_driver("20.10.24", HOSTS["centos-7.2"], configured="devicemapper").driver == "devicemapper"


# Image store on Engine 29: (host, configured, prior, containerd feature) -> (store, driver or message)
STORE_29 = [
    ("debian-12", None, set(), None, ("containerd", "overlayfs")),
    ("debian-12", None, {"overlay2"}, None, ("graphdriver", "overlay2")),
    ("debian-12", None, {"overlay2"}, True, ("containerd", "overlayfs")),
    ("debian-12", None, set(), False, ("graphdriver", "overlay2")),
    ("debian-12", "overlay2", set(), None, ("graphdriver", "overlay2")),
    ("debian-12", "vfs", set(), None, ("graphdriver", "vfs")),
    ("debian-12-btrfs", "btrfs", set(), None, ("graphdriver", "btrfs")),
    ("debian-12", "overlayfs", set(), None, ("containerd", "overlayfs")),
    ("debian-12", "native", set(), None, ("containerd", "native")),
    ("debian-12-zfs", "zfs", set(), None, ("containerd", "zfs")),
    ("debian-12-zfs", "zfs", {"zfs"}, None, ("graphdriver", "zfs")),
    ("docker-in-docker", None, set(), None, ("containerd", "native")),
    ("debian-12", "aufs", set(), False,
     ("graphdriver", 'failed to start daemon: graphdriver is explicitly enabled but "aufs" is not registered, '
                     "map[containerd-snapshotter:false] ")),
]


@pytest.mark.parametrize("host,configured,prior,feature,expected", STORE_29)
def test_image_store_choice_on_29(host, configured, prior, feature, expected):
    sel = select_driver("29.0.0", HOSTS[host], configured=configured, prior_state=prior, containerd_store=feature)
    assert (sel.image_store, sel.driver if sel.ok else sel.message) == expected


def test_fresh_29_and_upgraded_29_differ_only_by_what_is_on_disk():
    fresh = select_driver("29.0.0", HOSTS["debian-12"])
    upgraded = select_driver("29.0.0", HOSTS["debian-12"], prior_state={"overlay2"})
    assert (fresh.driver, fresh.driver_type) == ("overlayfs", "io.containerd.snapshotter.v1")
    assert (upgraded.driver, upgraded.driver_type) == ("overlay2", "")
    assert str(upgraded.trace[0]) == "image store: graph drivers (upgraded install: overlay2 state in /var/lib/docker)"


@pytest.mark.parametrize("feature", [None, True])
def test_userns_remap_switches_the_containerd_store_off(feature):
    sel = select_driver("29.0.0", HostSpec(userns_remap=True), containerd_store=feature)
    assert (sel.image_store, sel.driver) == ("graphdriver", "overlay2")
    assert "userns remapping enabled, disabling containerd snapshotter" in sel.explain()


@pytest.mark.parametrize("version,feature,expected", [
    ("28.2.2", None, ("graphdriver", "overlay2")),
    ("28.2.2", True, ("containerd", "overlayfs")),
    ("24.0.9", True, ("containerd", "overlayfs")),
    ("23.0.6", True, ("graphdriver", "overlay2")),
])
def test_containerd_store_is_opt_in_before_29(version, feature, expected):
    sel = select_driver(version, HOSTS["debian-12"], containerd_store=feature)
    assert (sel.image_store, sel.driver) == expected


def test_trace_reads_as_the_decision_diagram():
    sel = select_driver("18.03.1-ce", HOSTS["centos-7.2"])
    assert sel.explain() == "\n".join([
        "1. image store: graph drivers (this engine has graph drivers only)",
        "2. btrfs: skipped (prerequisites for driver not satisfied (wrong filesystem?): /var/lib/docker is on xfs, "
        "not btrfs)",
        "3. zfs: skipped (prerequisites for driver not satisfied (wrong filesystem?): /var/lib/docker is on xfs, "
        "not a ZFS dataset)",
        "4. overlay2: skipped (driver not supported: overlay2 needs several lower directories per mount "
        "(kernel 4.0, or RHEL 7.3+))",
        "5. aufs: skipped (driver not supported: the kernel has no aufs module (not in mainline Linux))",
        "6. overlay: skipped (overlay: the backing xfs filesystem is formatted without d_type support, which leads "
        "to incorrect behavior. Reformat the filesystem with ftype=1 to enable d_type support. Backing filesystems "
        "without d_type support are not supported.: xfs formatted without d_type (ftype=0))",
        "7. devicemapper: selected (first in the priority list that initialises)",
        "=> devicemapper (priority list)",
    ])


def test_failure_trace_ends_with_the_daemon_line():
    sel = select_driver("24.0.9", HOSTS["debian-12"], configured="aufs")
    assert sel.explain().splitlines()[-1] == "=> " + REMOVED_AUFS


def test_nothing_initialises(monkeypatch):
    monkeypatch.setattr(catalogue, "probe", lambda name, host, version: catalogue.Probe("driver not supported", "x"))
    assert select_driver("20.10.24", HOSTS["debian-12"]).message == (
        "failed to start daemon: error initializing graphdriver: No supported storage backend found")
    assert select_driver("28.2.2", HOSTS["debian-12"]).message == (
        "failed to start daemon: error initializing graphdriver: no supported storage driver found")


@pytest.mark.parametrize("driver,host,version,error", [
    ("overlay2", "debian-12", "28.2.2", ""),
    ("overlay2", "debian-12-btrfs", "20.10.24", ""),
    ("overlay2", "debian-12-btrfs", "19.03.15", ""),
    ("overlay2", "docker-in-docker", "19.03.15", drivers.ERR_INCOMPATIBLE_FS),
    ("overlay2", "docker-in-docker", "20.10.24", drivers.ERR_NOT_SUPPORTED),
    ("overlay2", "rootless-old-kernel", "28.2.2", drivers.ERR_NOT_SUPPORTED),
    ("overlay2", "ubuntu-14.04", "18.03.1", drivers.ERR_NOT_SUPPORTED),
    ("overlay2", "debian-12-xfs-ftype0", "17.09.0", ""),
    ("overlay2", "debian-12-xfs-ftype0", "17.12.0", DTYPE_XFS),
    ("fuse-overlayfs", "debian-12", "28.2.2", drivers.ERR_NOT_SUPPORTED),
    ("btrfs", "debian-12", "28.2.2", drivers.ERR_PREREQUISITES),
    ("zfs", "debian-12-zfs", "28.2.2", ""),
    ("aufs", "ubuntu-16.04", "18.03.1", ""),
    ("aufs", "debian-12-btrfs", "18.03.1", drivers.ERR_NOT_SUPPORTED),
    ("vfs", "docker-in-docker", "28.2.2", ""),
    ("nosuch", "debian-12", "28.2.2", drivers.ERR_NOT_SUPPORTED),
])
def test_probe(driver, host, version, error):
    assert probe(driver, HOSTS[host], version).error == error


def test_driver_status_lines():
    assert driver_status("overlay2", "xfs", rootless=True)[-2:] == [["Native Overlay Diff", "false"],
                                                                    ["userxattr", "true"]]
    assert driver_status("btrfs", "btrfs") == [["Btrfs", ""]]
    assert driver_status("vfs", "extfs") == []
    assert driver_status("btrfs", "btrfs", image_store="containerd") == [["driver-type",
                                                                          "io.containerd.snapshotter.v1"]]


@pytest.mark.parametrize("module", ["host", "catalogue", "select", "status"])
def test_docstring_examples(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(f"storagekit.docker.drivers.{module}"))
    assert (result.failed, result.attempted > 0) == (0, True)


def test_package_docstring_example():
    import doctest

    result = doctest.testmod(drivers)
    assert (result.failed, result.attempted) == (0, 2)


def test_host_rejects_unknown_filesystems():
    with pytest.raises(ValueError):
        HostSpec(backing_fs="ntfs")
