"""Containers on a host: the seed's walk-through, lifecycle, ps, diff and the daemon's refusals."""

from __future__ import annotations

import re

import pytest

from storagekit import DockerHost


@pytest.fixture
def host():
    h = DockerHost()
    for image in ("busybox", "ubuntu:22.04"):
        assert h.sh(f"docker pull {image}").code == 0
    return h


def test_seed_walkthrough_writable_layer(host):
    """Run a container, create temp.txt, change an image file, see both in the upper dir, remove it all."""
    assert host.sh("docker run -d --name app ubuntu:22.04 sleep infinity").code == 0
    host.sh("docker exec app sh -c 'echo scratch > /temp.txt && echo changed >> /etc/passwd'")
    # /etc was only copied up to hold passwd: its mtime is the image's, so docker diff leaves it out
    assert host.sh("docker diff app").out == "C /etc/passwd\nA /temp.txt\n"
    upper = host.sh("docker inspect -f '{{.GraphDriver.Data.UpperDir}}' app").out.strip()
    assert host.sh(f"cat {upper}/temp.txt").out == "scratch\n"
    assert host.sh(f"tail -n 1 {upper}/etc/passwd").out == "changed\n"
    image_copy = host.sh("docker run --rm ubuntu:22.04 tail -n 1 /etc/passwd").out
    assert image_copy != "changed\n"  # the image's own file is untouched: copy-on-write
    assert host.sh("docker rm -f app").code == 0
    assert host.sh(f"ls {upper}").code == 2


def test_whiteout_shows_on_the_host(host):
    host.sh("docker run -d --name wh busybox sleep 1000")
    host.sh("docker exec wh rm /etc/group")
    upper = host.sh("docker inspect -f '{{.GraphDriver.Data.UpperDir}}' wh").out.strip()
    assert re.match(r"c--------- 1 root root 0, 0 .* group\n", host.sh(f"ls -l {upper}/etc").out.splitlines(True)[1])
    assert host.sh("docker diff wh").out == "C /etc\nD /etc/group\n"


def test_writable_layer_survives_stop_and_start(host):
    host.sh("docker run -d --name st busybox sleep 1000")
    host.sh("docker exec st sh -c 'echo kept > /data.txt'")
    assert host.sh("docker stop st").out == "st\n"
    assert re.fullmatch(r"Exited \(137\) .* ago\n", host.sh("docker ps -a --format '{{.Status}}'").out)
    host.sh("docker start st")
    assert host.sh("docker exec st cat /data.txt").out == "kept\n"


def test_ps_size_and_virtual_size(host):
    host.sh("docker run -d --name zz busybox sleep 1000")
    assert host.sh("docker ps -s --format '{{.Size}}'").out == "0B (virtual 4.29MB)\n"
    host.sh("docker exec zz sh -c 'printf hello > /x'")
    assert host.sh("docker ps -s --format '{{.Size}}'").out == "5B (virtual 4.29MB)\n"


def test_one_shot_commands_exit_with_their_status(host):
    r = host.sh("docker run --name once busybox sh -c 'echo out; exit 3'")
    assert (r.code, r.out) == (3, "out\n")
    assert host.sh("docker ps -q").out == ""
    assert "Exited (3)" in host.sh("docker ps -a").out
    assert host.sh("docker logs once").out == "out\n"


@pytest.mark.parametrize("script, status, logs", [
    ("echo hi > /note && sleep 3600", "Up", ""),
    ("echo started; false; exec sleep 3600", "Up", "started\n"),
    ("false && sleep 3600", "Exited (1)", ""),
    ("echo 'a && sleep 9'", "Exited (0)", "a && sleep 9\n"),
    ("while true; do echo tick; sleep 5; done", "Up", "tick\n"),
    ("for i in 1 2 3; do echo \\$i; done", "Exited (0)", "1\n2\n3\n"),
    ("if [ -f /nope ]; then echo reuse; else echo init; exit 4; fi", "Exited (4)", "init\n"),
])
def test_a_script_runs_until_it_ends_or_waits(host, script, status, logs):
    assert host.sh(f'docker run -d --name sc busybox sh -c "{script}"').code == 0
    assert host.sh("docker ps -a --format '{{.Status}}'").out.startswith(status)
    assert host.sh("docker logs sc").out == logs
    if status == "Up" and "note" in script:
        assert host.sh("docker exec sc cat /note").out == "hi\n"  # what came before the server ran first


@pytest.mark.parametrize("image, command, signal, status", [
    ("busybox", "sleep 1000", "", "Up"),  # PID 1 without a SIGTERM handler ignores it
    ("busybox", "sleep 1000", "-9 ", "Up"),  # even SIGKILL: from inside its namespace, PID 1 gets no signal it
    # has no handler for (pid_namespaces(7); `unshare --pid --fork sh -c 'sh -c "kill -9 1"'` leaves sh running)
    ("nginx", "", "", "Exited (0)"),  # nginx ends cleanly on SIGTERM
])
def test_kill_1_from_inside_reaches_the_main_process(host, image, command, signal, status):
    host.sh(f"docker pull -q {image}")
    host.sh(f"docker run -d --name kk {image} {command}")
    assert host.sh(f"docker exec kk sh -c 'kill {signal}1'").code == 0
    assert host.sh("docker ps -a --format '{{.Status}}'").out.startswith(status)


def test_a_looping_script_goes_on_as_time_passes(host):
    host.sh("docker run -d --name counter busybox sh -c 'i=0; while true; do echo $i; i=$((i+1)); sleep 2; done'")
    host.clock.advance(6)
    assert host.sh("docker logs counter").out == "0\n1\n2\n3\n"  # one line every 2 s
    host.sh("docker run -d --name fin busybox sh -c 'for i in 1 2; do echo $i; sleep 5; done'")
    host.clock.advance(20)
    assert host.sh("docker ps -a --filter name=fin --format '{{.Status}}'").out.startswith("Exited (0)")
    assert host.sh("docker stop counter").code == 0  # sh as PID 1 ignores SIGTERM: killed after 10 s
    assert host.sh("docker ps -a --filter name=counter --format '{{.Status}}'").out.startswith("Exited (137)")


def test_rm_flag_removes_after_exit(host):
    assert host.sh("docker run --rm busybox true").code == 0
    assert host.sh("docker ps -aq").out == ""


@pytest.mark.parametrize("line,code,err", [
    ("docker exec nope ls", 1, "Error response from daemon: No such container: nope\n"),
    ("docker run --name x busybox true", 125, "docker: Error response from daemon: Invalid container name (x), only "
     "[a-zA-Z0-9][a-zA-Z0-9_.-] are allowed\n\nRun 'docker run --help' for more information\n"),
    ("docker rm nope", 1, "Error response from daemon: No such container: nope\n"),
    ("docker run busybox nosuch", 127, 'docker: Error response from daemon: failed to create task for container: '
                                       'failed to create shim task: '
     'OCI runtime create failed: runc create failed: unable to start container process: error during container init: '
     'exec: "nosuch": executable file not found in $PATH: unknown\n\nRun \'docker run --help\' for more information\n'),
])
def test_refusals(host, line, code, err):
    r = host.sh(line)
    assert (r.code, r.err) == (code, err)


def test_running_container_refuses_rm_and_stopped_refuses_exec(host):
    host.sh("docker run -d --name rr busybox sleep 1000")
    cid = host.sh("docker inspect -f '{{.Id}}' rr").out.strip()
    assert host.sh("docker rm rr").err == ('Error response from daemon: cannot remove container "/rr": '
                                           "container is running: stop the container before removing or force remove\n")
    host.sh("docker stop rr")
    assert host.sh("docker exec rr ls").err == f"Error response from daemon: container {cid} is not running\n"
    r = host.sh("docker run -d --name rr busybox sleep 1")
    assert r.code == 125 and 'The container name "/rr" is already in use by container' in r.err


def test_rmi_refuses_an_image_in_use(host):
    host.sh("docker run -d --name uu busybox sleep 1000")
    r = host.sh("docker rmi busybox")
    assert r.err.startswith('Error response from daemon: conflict: unable to remove repository reference "busybox" '
                            '(must force) - container ')


def test_read_only_rootfs(host):
    r = host.sh("docker run --read-only busybox sh -c 'echo x > /x'")
    assert r.code != 0 and "Read-only file system" in r.err


def test_commit_turns_the_upper_dir_into_a_layer(host):
    host.sh("docker run -d --name cc busybox sleep 1000")
    host.sh("docker exec cc sh -c 'echo v1 > /version && rm /etc/group'")
    out = host.sh("docker commit cc snap:1").out
    assert re.fullmatch(r"sha256:[0-9a-f]{64}\n", out)
    assert host.sh("docker run --rm snap:1 cat /version").out == "v1\n"
    assert host.sh("docker run --rm snap:1 ls /etc/group").code != 0
    rows = host.sh("docker history snap:1 --format '{{.CreatedBy}}'").out.splitlines()
    assert rows[0] == "sleep 1000"


def test_container_files_on_the_host(host):
    host.sh("docker run -d --name ff busybox sleep 1000")
    cid = host.sh("docker inspect -f '{{.Id}}' ff").out.strip()
    listing = host.sh(f"ls /var/lib/docker/containers/{cid}").out.split()
    assert {"config.v2.json", "hostconfig.json", "hostname", "hosts", "resolv.conf", f"{cid}-json.log"} <= set(listing)
    mount = host.sh(f"cat /var/lib/docker/image/overlay2/layerdb/mounts/{cid}/mount-id").out
    assert host.sh(f"ls /var/lib/docker/overlay2/{mount}").out.split() == ["diff", "link", "lower", "merged", "work"]
    init_etc = host.sh(f"ls /var/lib/docker/overlay2/{mount}-init/diff/etc").out.split()
    assert init_etc == ["hostname", "hosts", "mtab", "resolv.conf"]


@pytest.mark.parametrize("script,expected", [
    ("echo x >> /etc/passwd", "C /etc/passwd\n"),
    ("touch /etc/newfile", "C /etc\nA /etc/newfile\n"),
    ("rm -r /etc/network && mkdir /etc/network && touch /etc/network/new",
     "C /etc\nD /etc/network\nA /etc/network/new\n"),
    ("rm -r /home", "D /home\n"),
    ("mkdir -p /tmp/data/x", "C /tmp\nA /tmp/data\nA /tmp/data/x\n"),
    ("mkdir -p /srv/x", "A /srv\nA /srv/x\n"),
    ("chmod 600 /etc/group", "C /etc/group\n"),
])
def test_docker_diff_follows_moby(host, script, expected):
    host.sh("docker run -d --name dd busybox sleep 1000")
    host.sh(f"docker exec dd sh -c '{script}'")
    assert host.sh("docker diff dd").out == expected


@pytest.mark.parametrize("flt,names", [
    ("status=exited", ["ex1"]), ("status=created", ["cr1"]), ("exited=2", ["ex1"]), ("name=up", ["up1"]),
    ("ancestor=busybox", ["cr1", "ex1", "up1"]),
])
def test_ps_filters(host, flt, names):
    host.sh("docker run -d --name up1 busybox sleep 100")
    host.sh("docker run --name ex1 busybox sh -c 'exit 2'")
    host.sh("docker create --name cr1 busybox")
    assert host.sh(f"docker ps -a --filter {flt} --format '{{{{.Names}}}}'").out.split() == names


def test_graphdriver_paths_exist_on_the_host(host):
    host.sh("docker run -d --name gd busybox sleep 1000")
    data = {k: host.sh(f"docker inspect -f '{{{{.GraphDriver.Data.{k}}}}}' gd").out.strip()
            for k in ("LowerDir", "UpperDir", "MergedDir", "WorkDir")}
    assert data["LowerDir"].split(":")[0].endswith("-init/diff")
    for path in data["LowerDir"].split(":") + [data["UpperDir"], data["MergedDir"], data["WorkDir"]]:
        assert host.sh(f"test -d {path}").code == 0, path
    host.sh("docker stop gd")
    assert host.sh(f"test -d {data['MergedDir']}").code == 1  # unmounted when the container stops


def test_commit_then_save_carries_oci_whiteouts(host):
    import io
    import tarfile

    host.sh("docker run -d --name wo busybox sleep 1000")
    host.sh("docker exec wo sh -c 'rm /etc/group && rm -r /home && mkdir /home && touch /home/new'")
    host.sh("docker commit wo wo:1")
    top = host.engine.images.resolve("wo:1").layers[-1].diff_id[7:]
    with tarfile.open(fileobj=io.BytesIO(host.engine.save(["wo:1"]).read())) as archive, \
            tarfile.open(fileobj=archive.extractfile(f"blobs/sha256/{top}")) as layer:
        names = layer.getnames()
    assert "etc/.wh.group" in names
    assert "home/.wh..wh..opq" in names and "home/new" in names


def test_hosts_hostname_and_resolv_conf_are_bind_mounts(host):
    host.sh("docker run -d --name bm busybox sleep 1000")
    cid = host.sh("docker inspect -f '{{.Id}}' bm").out.strip()
    assert host.sh("docker exec bm cat /etc/hostname").out == cid[:12] + "\n"
    host.sh("docker exec bm sh -c 'echo 10.0.0.5 db >> /etc/hosts'")
    assert host.sh("docker diff bm").out == ""  # the write went to the container's hosts file, not the overlay
    assert host.sh(f"tail -n 1 /var/lib/docker/containers/{cid}/hosts").out == "10.0.0.5 db\n"


def test_a_running_container_has_runcs_dev_which_is_no_part_of_its_layer():
    host = DockerHost()
    host.sh("docker run -d --name box debian sleep 1000")
    assert "crw-rw-rw- 1 root root 1, 5" in host.sh("docker exec box ls -l /dev/zero").out
    host.sh("docker exec box sh -c 'echo note > /dev/shm/n; dd if=/dev/zero of=/big bs=1M count=20 status=none'")
    assert host.sh("docker exec box cat /dev/shm/n").out == "note\n"
    assert host.sh("docker diff box").out == "A /big\n"
    assert host.sh("docker ps -s --format '{{.Size}}'").out.startswith("21MB")
    host.sh("docker restart box")
    assert host.sh("docker exec box ls /dev/shm").out == ""  # a new tmpfs at each start


def test_a_run_step_sees_dev_but_its_layer_does_not_keep_it():
    host = DockerHost()
    host.write("/root/app/Dockerfile", "FROM debian\nRUN head -c 3 /dev/zero > /zeros && echo quiet > /dev/null\n")
    assert host.sh("docker build -q -t zeros /root/app").code == 0
    top = host.engine.images.lookup("zeros:latest").layers[-1].root
    assert sorted(top.children) == ["zeros"]
    assert host.sh("docker run --rm zeros wc -c /zeros").out == "3 /zeros\n"


# ------------------------------------------------------------------ several at once, and who words the refusal


def test_rm_of_several_reports_each_refusal_and_removes_the_rest(host):
    host.sh("docker run -d --name up busybox sleep 1000")
    host.sh("docker create --name one busybox")
    host.sh("docker create --name two busybox")
    r = host.sh("docker rm one nope up two")
    assert (r.code, r.out) == (1, "one\ntwo\n")
    assert r.err == ("Error response from daemon: No such container: nope\n"
                     'Error response from daemon: cannot remove container "/up": container is running: stop the '
                     "container before removing or force remove\n")
    assert host.sh("docker ps -a --format '{{.Names}}'").out == "up\n"


def test_rm_f_reports_a_missing_container_but_does_not_fail(host):
    host.sh("docker create --name one busybox")
    r = host.sh("docker rm -f nope one")
    assert (r.code, r.out, r.err) == (0, "one\n", "Error response from daemon: No such container: nope\n")


def test_start_reports_each_refusal_then_what_did_not_start(host):
    host.sh("docker create --name bad busybox nosuch")
    host.sh("docker create --name good busybox sleep 1000")
    r = host.sh("docker start bad good nope")
    assert (r.code, r.out) == (1, "good\n")
    assert r.err.splitlines()[1:] == ["Error response from daemon: No such container: nope",
                                      "Error: failed to start containers: bad, nope"]
    assert r.err.startswith("Error response from daemon: failed to create task for container:")


@pytest.mark.parametrize("line, code, err", [
    ("docker create --mount type=bind,source=/nope,target=/x busybox", 1,
     'Error response from daemon: invalid mount config for type "bind": bind source path does not exist: /nope\n'),
    ("docker create UPPER", 1, "invalid reference format: repository name (library/UPPER) must be lowercase\n"),
    ("docker run UPPER", 125, "docker: invalid reference format: repository name (library/UPPER) must be lowercase"
                              "\n\nRun 'docker run --help' for more information\n"),
    ("docker container run -v /a:/b:ro:d busybox", 125, "docker: invalid spec: /a:/b:ro:d: too many colons\n\n"
                                                        "Run 'docker run --help' for more information\n"),
    ("docker create -v /a:/b:c:d busybox", 1,  # c:d is read as a Windows drive, so the daemon answers
     "Error response from daemon: invalid volume specification: '/a:/b:c:d'\n"),
    ("docker create -v /a:/b:ro:d busybox", 125, "docker: invalid spec: /a:/b:ro:d: too many colons\n\n"
                                                "Run 'docker create --help' for more information\n"),
])
def test_create_words_a_daemon_refusal_without_runs_help(host, line, code, err):
    """docker/cli 28: only run wraps every error (toStatusError); create does so for its own parse errors."""
    r = host.sh(line)
    assert (r.code, r.err) == (code, err)
    assert host.sh("docker ps -aq").out == ""


def test_ps_checks_its_filters_before_it_looks_at_any_container(host):
    r = host.sh("docker ps -a -f status=bogus")
    assert (r.code, r.err) == (1, "Error response from daemon: invalid filter 'status=bogus': invalid value for state "
                                  "(bogus): must be one of created, running, paused, restarting, removing, exited, "
                                  "dead\n")
    assert host.sh("docker ps -f color=red").err == "Error response from daemon: invalid filter 'color'\n"


@pytest.mark.parametrize("key", ["network", "health", "isolation", "is-task", "publish", "expose"])
def test_ps_says_a_real_filter_about_what_is_not_simulated_is_not_simulated(host, key):
    """moby takes these (acceptedPsFilterTags); neither "invalid filter" nor an empty list would be true here."""
    r = host.sh(f"docker ps -a -f {key}=x")
    assert r.code == 1
    assert r.out == ""
    assert r.err.startswith(f"[storagekit] the '{key}' filter is not simulated: the simulator has no ")


def test_a_container_user_meets_the_host_directorys_permissions(host):
    """The kernel checks the container's user against the bind mount's owner and mode: nothing is made."""
    host.sh("mkdir -m 700 /srv/private")
    r = host.sh("docker run --user 1000 -v /srv/private:/data busybox touch /data/x")
    assert (r.code, r.out, r.err) == (1, "", "touch: /data/x: Permission denied\n")
    assert host.sh("ls -A /srv/private").out == ""
    host.sh("chown 1000 /srv/private")
    assert host.sh("docker run --user 1000 -v /srv/private:/data busybox touch /data/x").code == 0
    assert host.sh("ls -ln /srv/private").out.split()[4:6] == ["1000", "0"]  # its owner, and group 0


USERS = {  # the line, and what it prints: (status, stdout, stderr)
    "--user 1000 busybox id": (0, "uid=1000 gid=0(root) groups=0(root)\n", ""),
    "--user nobody busybox id": (0, "uid=65534(nobody) gid=65534(nobody) groups=65534(nobody)\n", ""),
    "busybox id": (0, "uid=0(root) gid=0(root) groups=0(root),10(wheel)\n", ""),
    "--user 1000 ubuntu:22.04 whoami": (1, "", "whoami: cannot find name for user ID 1000\n"),
    "--user app busybox true": (125, "", "docker: Error response from daemon: unable to find user app: no matching "
                                         "entries in passwd file\n\nRun 'docker run --help' for more information\n"),
}


@pytest.mark.parametrize("args", list(USERS), ids=list(USERS))
def test_the_user_is_looked_up_in_the_image(host, args):
    assert host.sh(f"docker run --rm {args}")[:3] == USERS[args]


def test_a_group_added_by_name_lets_the_user_read_what_the_group_may(host):
    """``--group-add`` takes a name from the container's own /etc/group or a plain gid; ``id`` shows it, the kernel
    grants the group's bits with it, and ``docker exec`` gets it too (moby's getUser adds it to every process)."""
    host.sh("mkdir -m 750 /srv/audio && chgrp 29 /srv/audio && echo la > /srv/audio/track")
    denied = host.sh("docker run --rm --user 1000:1000 -v /srv/audio:/audio busybox cat /audio/track")
    assert (denied.code, denied.err) == (1, "cat: can't open '/audio/track': Permission denied\n")
    r = host.sh("docker run --name player --user 1000:1000 --group-add audio --group-add 4242 -v /srv/audio:/audio "
                "busybox sh -c 'id; cat /audio/track'")
    assert (r.code, r.out) == (0, "uid=1000 gid=1000 groups=29(audio),1000,4242\nla\n")
    assert host.sh("docker inspect -f '{{json .HostConfig.GroupAdd}}' player").out == '["audio","4242"]\n'
    host.sh("docker run -d --name idle --group-add audio busybox sleep 600")
    assert host.sh("docker exec -u 1000 idle id -G").out == "0 29\n"


def test_an_unknown_group_fails_the_start_in_the_daemons_words(host):
    """Nothing checks the names at create; the start fails, the container stays Created with exit code 128 and the
    error in its state (moby's containerStart); with --rm it is removed."""
    assert host.sh("docker create --name g1 --group-add nosuch busybox true").code == 0
    r = host.sh("docker start g1")
    assert (r.code, r.err) == (1, "Error response from daemon: Unable to find group nosuch: no matching entries in "
                                  "group file\nError: failed to start containers: g1\n")
    assert host.sh("docker inspect -f '{{.State.Status}} {{.State.ExitCode}} {{.State.Error}}' g1").out == (
        "created 128 Unable to find group nosuch: no matching entries in group file\n")
    r = host.sh("docker run --rm --name g2 --group-add nosuch busybox true")
    assert (r.code, r.err) == (125, "docker: Error response from daemon: Unable to find group nosuch: no matching "
                                    "entries in group file\n\nRun 'docker run --help' for more information\n")
    assert host.sh("docker ps -a --format '{{.Names}}'").out == "g1\n"


@pytest.mark.parametrize("flags, command, out, err", [
    ("--cap-drop chown", "chown 5 /tmp", "", "chown: /tmp: Operation not permitted\n"),
    ("--cap-drop ALL --cap-add CHOWN", "sh -c 'chown 5 /tmp && ls -ldn /tmp'", "drwxrwxrwt", ""),
    ("--cap-drop dac_override --user 0", "touch /etc/shadow", "", ""),  # root owns it: no override needed
])
def test_capabilities_are_the_default_set_tweaked(host, flags, command, out, err):
    r = host.sh(f"docker run --rm {flags} busybox {command}")
    assert r.out.startswith(out) and r.err == err


def test_a_capability_the_kernel_does_not_have_is_refused_at_create(host):
    r = host.sh("docker create --cap-add CAP_TIME_TRAVEL busybox")
    assert (r.code, r.err) == (1, 'Error response from daemon: unknown capability: "CAP_TIME_TRAVEL"\n')


def test_exec_privileged_gets_every_capability(host):
    host.sh("docker run -d --name low --cap-drop CHOWN busybox sleep 600")
    assert host.sh("docker exec low chown 5 /tmp").code == 1
    assert host.sh("docker exec --privileged low chown 5 /tmp").code == 0


def test_hostname_domainname_and_extra_hosts_make_the_etc_files(host):
    r = host.sh("docker run --rm --hostname web --domainname example.com --add-host db=10.0.0.5 "
                "--add-host gw:host-gateway busybox sh -c 'hostname; echo $HOSTNAME; tail -n 3 /etc/hosts'")
    assert r.out == "web\nweb\n10.0.0.5\tdb\n172.17.0.1\tgw\n172.17.0.2\tweb.example.com web\n"


def test_stop_uses_the_containers_own_signal_and_timeout(host):
    """A shell as PID 1 ignores SIGTERM and SIGINT: the stop waits for the container's own timeout, not 10 s."""
    host.sh("docker run -d --name slow --stop-signal SIGINT --stop-timeout 3 busybox sleep 600")
    before = host.clock.now
    host.sh("docker stop slow")
    assert host.clock.now - before == 1 + 3  # the command's own second, then the grace period
    assert host.sh("docker inspect -f '{{.Config.StopSignal}} {{.State.ExitCode}}' slow").out == "SIGINT 137\n"
    r = host.sh("docker run --stop-signal SIGNOPE busybox true")
    assert r.err.startswith("docker: Error response from daemon: invalid signal: SIGNOPE\n")
    host.sh("docker run -d --name fast busybox sleep 600")
    assert host.sh("docker stop -s SIGNOPE fast").err == "Error response from daemon: invalid signal: SIGNOPE\n"
    before = host.clock.now
    assert host.sh("docker stop -s KILL -t 30 fast").code == 0 and host.clock.now - before == 1 + 1  # not 30 s
    host.sh("docker run -d --name plain busybox sleep 600")
    assert host.sh("docker stop -t -1 plain").err.startswith("[storagekit] a stop with a negative timeout waits")
    before = host.clock.now
    host.sh("docker stop plain")
    assert host.clock.now - before == 1 + 10  # the daemon's default grace period


def test_interactive_run_and_exec_read_the_clients_stdin(host):
    assert host.sh("echo hi | docker run -i --rm busybox cat").out == "hi\n"
    assert host.sh("echo hi | docker run --rm busybox cat").out == ""  # without -i nothing is attached
    assert host.sh("echo 'id -u' | docker run -i --rm busybox sh").out == "0\n"
    host.sh("docker run -d --name box busybox sleep 600")
    assert host.sh("echo data | docker exec -i box sh -c 'cat > /got' && docker exec box cat /got").out == "data\n"


def test_exec_detached_runs_unseen_and_exec_reads_env_files(host):
    host.write("/root/app.env", "A=1\n# a comment\nHOME\n")
    host.sh("docker run -d --name box busybox sleep 600")
    assert (host.sh("docker exec -d box sh -c 'echo out; touch /made'").out, host.sh("docker exec box ls /made").out) \
        == ("", "/made\n")
    r = host.sh("docker exec -d box nosuch")
    assert r.code == 1 and r.err.startswith("Error response from daemon: OCI runtime exec failed: ")
    assert host.sh("docker exec --env-file /root/app.env box env").out.splitlines()[-2:] == ["A=1", "HOME=/root"]
    assert host.sh("docker exec --env-file /nope box env").err == "open /nope: no such file or directory\n"


@pytest.mark.parametrize("run_flag", ["--tmpfs /t:size=64k", "--mount type=tmpfs,destination=/t,tmpfs-size=65536"])
def test_a_tmpfs_fills_up_to_its_size_and_keeps_the_partial_file(run_flag):
    """Seen on a real tmpfs mounted with size=64k: dd writes 64 of 128 blocks, the file stays, df shows it full."""
    host = DockerHost()
    assert host.sh(f"docker run -d --name tmp {run_flag} debian sleep 1000").code == 0
    r = host.sh("docker exec tmp dd if=/dev/zero of=/t/f bs=1k count=128")
    assert (r.code, r.err) == (1, "dd: error writing '/t/f': No space left on device\n65+0 records in\n"
                                  "64+0 records out\n65536 bytes (66 kB, 64 KiB) copied, 0.000268208 s, 244 MB/s\n")
    assert host.sh("docker exec tmp stat -c %s /t/f").out == "65536\n"
    assert host.sh("docker exec tmp df /t").out.splitlines()[1].split() == ["tmpfs", "64", "64", "0", "100%", "/t"]
    host.sh("docker exec tmp rm /t/f")
    assert host.sh("docker exec tmp dd if=/dev/zero of=/t/g bs=1k count=16 status=none").code == 0


def test_a_container_writing_more_than_the_disk_fails_at_its_capacity():
    host = DockerHost()
    host.sh("docker run -d --name big debian sleep 1000")
    avail = str(int(host.sh("df /").out.split()[10]) * 1024)
    r = host.sh("docker exec big dd if=/dev/zero of=/big bs=1M count=102400")
    assert r.code == 1 and r.err.startswith("dd: error writing '/big': No space left on device\n")
    assert host.sh("docker exec big stat -c %s /big").out == avail + "\n"
    for where in ("df -h /", "docker exec big df -h /"):
        assert host.sh(where).out.splitlines()[1].split()[3:5] == ["0", "100%"]
    assert host.sh("echo more > /root/f").err == "bash: echo: write error: No space left on device\n"
    host.sh("docker rm -f big")
    assert host.sh("echo more > /root/f").code == 0


def test_a_forgotten_target_is_an_anonymous_volume_at_a_relative_path(host):
    """``-v data_volume`` has no colon: the client sends it as an anonymous volume at ``data_volume``, the daemon
    keeps that destination, and runc mounts it at /data_volume (as Docker 28 with runc 1.2 does)."""
    r = host.sh("docker run --name oops -v data_volume busybox sh -c 'ls -d /data_volume; grep data_volume "
                "/proc/mounts | cut -d\" \" -f2'")
    assert (r.code, r.out, r.err) == (0, "/data_volume\n/data_volume\n", "")
    assert host.sh("docker inspect -f '{{range .Mounts}}{{.Type}} {{.Destination}}{{end}}' oops").out == \
        "volume data_volume\n"
    assert len(host.sh("docker volume ls -q").out.split()) == 1


@pytest.mark.parametrize(("flag", "source"), [
    ("TYPE=bind,Source=.,TARGET=/x", "/root/w"),
    ("type=bind,source=../x,target=/x", "/root/x"),
    ("type=bind,src=./sub/..,dst=/x,RO=true", "/root/w"),
    ("type=bind,source=/root/x,target=/x", "/root/x"),
])
def test_mount_keys_are_case_insensitive_and_dot_sources_absolute(host, flag, source):
    host.sh("mkdir -p /root/x /root/w/sub && cd /root/w")
    r = host.sh(f"docker create --mount {flag} busybox")
    assert r.code == 0, r.err
    shown = host.sh(f"docker inspect -f '{{{{(index .HostConfig.Mounts 0).Source}}}}' {r.out.strip()}").out
    assert shown == source + "\n"


def test_start_attach_prints_the_output_and_returns_the_exit_status(host):
    host.sh("docker create --name job busybox sh -c 'echo out; echo err >&2; exit 3'")
    for _ in range(2):  # each start attaches to that run's output only
        r = host.sh("docker start -a job")
        assert (r.code, r.out, r.err) == (3, "out\n", "err\n")
    host.sh("docker run -d --name srv busybox sleep 1000")
    r = host.sh("docker start -a srv")
    assert r.code == 0 and "docker would stay attached to srv here while it runs" in r.notes[0]


@pytest.mark.parametrize(("line", "code", "err"), [
    ("docker run -it busybox", 1, "the input device is not a TTY\n"),
    ("docker run -i -t busybox sh", 1, "the input device is not a TTY\n"),
    ("docker container run -a stdin -t busybox", 1, "the input device is not a TTY\n"),
    ("docker run -t busybox true", 0, ""),  # no input attached: nothing to check
    ("docker run -dit busybox", 0, ""),
    ("docker exec -it nosuch sh", 1, "Error response from daemon: No such container: nosuch\n"),
])
def test_a_terminal_is_needed_to_attach_input_to_a_tty(host, line, code, err):
    r = host.sh(line)
    assert (r.code, r.err) == (code, err)
