"""MountLab: the form, the command line, both spellings, Docker's refusals, and the mounts the container gets."""

from __future__ import annotations

import pytest

from storagekit.widgets import MountLab
from tests.widgets.conftest import press_enter


@pytest.fixture
def lab():
    return MountLab()


def mounts(lab):
    return [m.inspect() for m in lab.target.engine.containers.resolve(lab.container).mounts if m.listed]


def test_the_form_writes_the_run_line_and_both_forms(lab):
    assert lab.line.value == "docker run -d --name demo -v data:/data busybox sleep infinity"
    assert "<code>-v data:/data</code>" in lab.forms_html.value
    assert "<code>--mount type=volume,source=data,target=/data</code>" in lab.forms_html.value
    lab.readonly.value, lab.nocopy.value, lab.flag.value = True, True, "--mount"
    assert lab.line.value == ("docker run -d --name demo --mount type=volume,source=data,target=/data,readonly,"
                              "volume-nocopy busybox sleep infinity")


def test_a_named_volume_is_made_and_mounted(lab):
    lab.run_button.click()
    assert lab.container == "demo"
    (mount,) = mounts(lab)
    assert (mount["Type"], mount["Name"], mount["Destination"], mount["RW"]) == ("volume", "data", "/data", True)
    assert "demo" in lab.dot and "data" in lab.dot


def test_mount_refuses_a_missing_bind_source_and_v_creates_it(lab):
    lab.kind.value, lab.source.value, lab.flag.value = "bind", "/srv/site", "--mount"
    lab.run_button.click()
    assert "bind source path does not exist: /srv/site" in lab.refusal.value
    assert "exit status 125" in lab.refusal.value
    assert lab.container is None and "Docker refused the container: nothing is mounted" in lab.dot
    assert not lab.target.fs.exists("/srv/site")
    lab.flag.value = "-v"
    lab.run_button.click()
    assert lab.refusal.value == "" and lab.target.fs.isdir("/srv/site")
    (mount,) = mounts(lab)
    assert (mount["Type"], mount["Source"]) == ("bind", "/srv/site")


def test_a_second_run_replaces_the_forms_container(lab):
    lab.run_button.click()
    lab.kind.value = "tmpfs"
    lab.run_button.click()
    assert [line for _p, line, _r in lab._entries] == [
        "docker rm -f demo", "docker run -d --name demo --tmpfs /data busybox sleep infinity"]
    assert mounts(lab) == []  # a --tmpfs mount is not listed under Mounts
    assert "docker volume ls" and "data" in lab.target.sh("docker volume ls -q").out


def test_a_typed_line_runs_on_enter_and_the_clients_refusal_shows(lab):
    lab.line.value = "docker run -d -v /foo::ro busybox"
    press_enter(lab.line)
    assert "invalid spec: /foo::ro: empty section between colons" in lab.refusal.value


def test_a_container_the_learner_names_is_drawn(lab):
    lab.line.value = "docker run -d --name web -v logs:/var/log busybox sleep infinity"
    lab.run_button.click()
    assert lab.container == "web" and "logs" in lab.dot
    lab.remove_button.click()
    assert lab.container is None and "web" not in lab.target.engine.containers.names()
    lab.undo_button.click()
    assert lab.container == "web" and "web" in lab.target.engine.containers.names()
