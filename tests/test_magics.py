"""``%load_ext storagekit`` and the cell magics, in a real IPython shell."""

from __future__ import annotations

import pytest
from IPython.testing.globalipapp import get_ipython

from storagekit import Cluster, DockerHost
from storagekit.magics import transcript


@pytest.fixture(scope="module")
def ip():
    shell = get_ipython()
    shell.run_cell("%load_ext storagekit")
    return shell


def test_a_cell_runs_on_the_notebooks_host(ip, capsys):
    ip.user_ns.pop("host", None)
    ip.run_cell_magic("docker_host", "", "docker volume create data\ncd /tmp\n\ndocker volume ls\n")
    out = capsys.readouterr().out
    assert out == ("root@docker-host:~# docker volume create data\ndata\n"
                   "root@docker-host:~# cd /tmp\n"
                   "root@docker-host:/tmp# docker volume ls\nDRIVER    VOLUME NAME\nlocal     data\n")
    assert isinstance(ip.user_ns["host"], DockerHost)
    ip.run_cell_magic("docker_host", "", "docker volume ls -q")
    assert capsys.readouterr().out.endswith("data\n")  # the same host


def test_a_named_host_and_a_heredoc(ip, capsys):
    ip.user_ns["web"] = DockerHost()
    ip.run_cell_magic("docker_host", "web", "cat > /tmp/a <<EOF\none\nEOF\ncat /tmp/a")
    assert capsys.readouterr().out == ("root@docker-host:~# cat > /tmp/a <<EOF\n> one\n> EOF\n"
                                       "root@docker-host:~# cat /tmp/a\none\n")


def test_the_cluster_magic_makes_a_kind_cluster(ip, capsys):
    ip.user_ns.pop("cluster", None)
    ip.run_cell_magic("kubectl_cluster", "", "kubectl get storageclass -o name")
    assert capsys.readouterr().out == ("root@workstation:~# kubectl get storageclass -o name\n"
                                       "storageclass.storage.k8s.io/standard\n")
    assert isinstance(ip.user_ns["cluster"], Cluster)


def test_a_name_that_is_not_a_variable_is_a_usage_error(ip, capsys):
    result = ip.run_cell("%%docker_host not-a-name\necho hi")
    assert not result.success and "UsageError" in type(result.error_in_exec).__name__
    assert "Traceback" not in capsys.readouterr().out


def test_errors_print_as_a_terminal_shows_them():
    host = DockerHost()
    assert transcript(host, "nosuchtool") == "root@docker-host:~# nosuchtool\nbash: nosuchtool: command not found\n"


def test_the_simulators_remarks_follow_the_output_marked_as_its_own():
    assert transcript(DockerHost(), "tail -f /etc/hostname") == (
        "root@docker-host:~# tail -f /etc/hostname\ndocker-host\n"
        "[storagekit] tail -f would wait for more data; the simulation prints what is there and returns.\n")
