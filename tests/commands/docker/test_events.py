"""``docker events``: what the daemon logs for each operation, in moby's order, and how the client shows it."""

import pytest

import storagekit as sk

SEQUENCE = "docker events --since 1h --until 0s --format '{{.Type}} {{.Action}}'"


def events_after(*lines: str, host=None) -> list[str]:
    host = host or sk.DockerHost()
    for line in lines:
        r = host.sh(line)
        assert r.code == 0, (line, r.err)
    host.sh("true")  # the client's until (0s) is a whole second: let one pass
    r = host.sh(SEQUENCE)
    assert (r.code, r.err) == (0, ""), r.err
    return r.out.splitlines()


@pytest.mark.parametrize("lines, expected", [
    (["docker volume create data"], ["volume create"]),
    (["docker pull busybox"], ["image pull"]),
    (["docker pull busybox", "docker run -d --name web -v data:/data busybox sleep 600"],
     ["image pull", "volume create", "container create", "volume mount", "container start"]),
    (["docker pull busybox", "docker run --name once busybox true"],
     ["image pull", "container create", "container attach", "container start", "container die"]),
    (["docker pull busybox", "docker run --rm -v /scratch busybox true"],
     ["image pull", "volume create", "container create", "container attach", "volume mount", "container start",
      "volume unmount", "container die", "volume destroy", "container destroy"]),
    (["docker pull busybox", "docker run -d --name web busybox sleep 600", "docker stop -t 3 web"],
     ["image pull", "container create", "container start", "container kill", "container kill", "container die",
      "container stop"]),
    (["docker pull busybox", "docker run -d --name web busybox sleep 600", "docker kill web"],
     ["image pull", "container create", "container start", "container kill", "container die"]),
    (["docker pull busybox", "docker run -d --name web busybox sleep 600", "docker rm -f web"],
     ["image pull", "container create", "container start", "container kill", "container die",
      "container destroy"]),
    (["docker pull busybox", "docker run -d --name web busybox sleep 600", "docker exec web true"],
     ["image pull", "container create", "container start", "container exec_create: true ",
      "container exec_start: true ", "container exec_die"]),
    (["docker pull busybox", "docker create --name web busybox", "docker rename web app"],
     ["image pull", "container create", "container rename"]),
    (["docker pull busybox", "docker tag busybox mine", "docker rmi mine"], ["image pull", "image tag", "image untag"]),
    (["docker pull busybox", "docker rmi busybox"], ["image pull", "image untag", "image delete"]),
    (["docker pull busybox", "docker run -d --name web busybox sleep 600", "docker commit web snap"],
     ["image pull", "container create", "container start", "image create", "image tag", "container commit"]),
    (["docker volume create aa", "docker volume rm aa", "docker volume prune -af"],
     ["volume create", "volume destroy", "volume prune"]),
    (["docker pull busybox", "docker create --name web busybox", "docker container prune -f"],
     ["image pull", "container create", "container destroy", "container prune"]),
])
def test_each_operation_logs_what_moby_logs_in_its_order(lines, expected):
    assert events_after(*lines) == expected


def test_a_message_prints_as_the_client_prints_it():
    host = sk.DockerHost()
    host.sh("docker volume create --label team=db data")
    host.sh("true")
    out = host.sh("docker events --since 1h --until 0s").out
    assert out == "2026-01-05T09:00:01.050714284Z volume create data (driver=local)\n"


@pytest.mark.parametrize("flags, expected", [
    ("--filter type=volume", ["volume create", "volume mount"]),
    ("--filter event=start --filter event=create", ["volume create", "container create", "container start"]),
    ("--filter container=we", ["container create", "container start"]),
    ("--filter volume=data", ["volume create", "volume mount"]),
    ("--filter image=busybox", ["image pull", "container create", "container start"]),
    ("--filter label=team=web", ["container create", "container start"]),
    ("--filter label=team=db", []),
    ("--filter type=container --filter event=die", []),
])
def test_filters_select_as_the_daemon_does(flags, expected):
    host = sk.DockerHost()
    for line in ("docker pull busybox", "docker run -d --name web -l team=web -v data:/data busybox sleep 600",
                 "true"):
        host.sh(line)
    r = host.sh(f"{SEQUENCE} {flags}")
    assert (r.code, r.out.splitlines()) == (0, expected)


def test_the_daemon_keeps_the_last_256_messages():
    host = sk.DockerHost()
    host.sh("for i in $(seq 300); do docker volume create v$i; done")
    host.sh("true")
    out = host.sh("docker events --since 0 --until 0s --format '{{.Actor.ID}}'").out.split()
    assert (len(out), out[0], out[-1]) == (256, "v45", "v300")


@pytest.mark.parametrize("line, code, note", [
    ("docker events", 0, True),                      # a client with no range only waits for new events
    ("docker events --since 1h", 0, True),
    ("docker events --since 1h --until 0s", 0, False),
    ("docker events --until -10m", 0, True),          # an until still to come is waited for
])
def test_the_client_waits_unless_until_is_past(line, code, note):
    r = sk.DockerHost().sh(line)
    assert (r.code, "would keep waiting for new events" in r.remarks) == (code, note)


@pytest.mark.parametrize("line, code, err", [
    ("docker events --since nonsense", 1, 'failed to parse value as time or duration: "nonsense"\n'),
    ("docker events --since 2026-13-01", 1, 'parsing time "2026-13-01": month out of range\n'),
    ("docker events --since 10m --until 1h", 1,
     "Error response from daemon: `since` time (1767603001) cannot be after `until` time (1767600001)\n"),
    ("docker events --format '{{.Nope}}'", 64, 'Error parsing format: template: :1:2: executing "" at <.Nope>: '
                                              "can't evaluate field Nope in type *events.Message\n"),
    ("docker events extra", 1, None),
])
def test_mistakes_get_the_clients_words(line, code, err):
    r = sk.DockerHost().sh(line)
    assert r.code == code
    if err is not None:
        assert r.err == err


def test_json_has_the_apis_fields_in_go_order():
    host = sk.DockerHost()
    host.sh("docker pull busybox")
    host.sh("true")
    out = host.sh("docker events --since 1h --until 0s --format json").out
    assert out.startswith('{"status":"pull","id":"busybox:latest","Type":"image","Action":"pull",'
                          '"Actor":{"ID":"busybox:latest","Attributes":{"name":"busybox"}},"scope":"local",')
