"""Volumes, bind mounts and tmpfs through the docker client: the seed lesson's examples and Docker's rules."""

import json

import pytest

from storagekit import DockerHost

DATA = "/var/lib/docker/volumes"


@pytest.fixture
def host():
    h = DockerHost()
    for image in ("busybox", "nginx", "mysql:8.4"):
        assert h.sh(f"docker pull -q {image}").code == 0
    return h


def mounts(host, name):
    return json.loads(host.sh(f"docker inspect -f '{{{{json .Mounts}}}}' {name}").out)


# ------------------------------------------------------------------ the seed lesson, as typed


def test_seed_volume_create_then_mysql_without_a_password(host):
    assert host.sh("docker volume create data_volume").out == "data_volume\n"
    r = host.sh("docker run -v data_volume:/var/lib/mysql mysql")
    assert r.code == 1 and "Database is uninitialized and password option is not specified" in r.err


def test_seed_mysql_keeps_its_data_in_the_volume_for_the_next_container(host):
    host.sh("docker run -d --name db -e MYSQL_ROOT_PASSWORD=secret -v data_volume:/var/lib/mysql mysql:8.4")
    assert host.sh(f"ls {DATA}/data_volume/_data/ibdata1").code == 0
    host.sh("docker rm -f db")
    assert host.sh("docker volume ls -q").out == "data_volume\n"  # docker rm leaves a named volume
    host.sh("docker run -d --name db2 -v data_volume:/var/lib/mysql mysql:8.4")
    logs = host.sh("docker logs db2").err
    assert "Initializing database files" not in logs and "ready for connections" in logs
    assert host.sh("docker inspect -f '{{.State.Status}}' db2").out == "running\n"


def test_seed_auto_created_volume(host):
    host.sh("docker run -d -e MYSQL_ROOT_PASSWORD=pw -v data_volume2:/var/lib/mysql mysql:8.4")
    assert "data_volume2" in host.sh("docker volume ls").out
    assert host.sh("docker volume inspect -f '{{json .Labels}} {{json .Options}}' data_volume2").out == "null null\n"


def test_seed_bind_mount_and_its_mount_twin(host):
    assert not host.fs.exists("/data/mysql")
    host.sh("docker run -d --name one -e MYSQL_ROOT_PASSWORD=pw -v /data/mysql:/var/lib/mysql mysql:8.4")
    assert host.fs.isdir("/data/mysql/mysql")  # -v created the source, and MySQL initialised it
    host.sh("docker rm -f one")
    r = host.sh("docker run -d --name two --mount type=bind,source=/data/mysql,target=/var/lib/mysql mysql:8.4")
    assert r.code == 0 and "ready for connections" in host.sh("docker logs two").err
    r = host.sh("docker run --mount type=bind,source=/data/other,target=/var/lib/mysql mysql:8.4")
    assert (r.code, r.err.splitlines()[0]) == (125, 'docker: Error response from daemon: invalid mount config for '
                                               'type "bind": bind source path does not exist: /data/other')


# ------------------------------------------------------------------ volumes


def test_an_empty_volume_is_filled_from_the_image_and_a_full_one_hides_it(host):
    host.sh("docker run -d --name web -v html:/usr/share/nginx/html nginx")
    assert "index.html" in host.sh(f"ls {DATA}/html/_data").out
    host.sh("docker volume create mine")
    host.sh("docker run --rm -v mine:/x busybox sh -c 'echo mine > /x/only.txt'")
    r = host.sh("docker run --rm -v mine:/usr/share/nginx/html nginx ls /usr/share/nginx/html")
    assert r.out == "only.txt\n"
    r = host.sh("docker run --rm -v fresh:/usr/share/nginx/html:nocopy nginx ls /usr/share/nginx/html")
    assert r.out == ""
    r = host.sh("docker run --rm --mount source=fresh2,target=/usr/share/nginx/html,volume-nocopy nginx "
                "ls /usr/share/nginx/html")
    assert r.out == ""


def test_data_is_shared_and_read_only_mounts_refuse_writes(host):
    host.sh("docker run -d --name one -v shared:/data busybox sleep 1000")
    host.sh("docker run -d --name two -v shared:/data:ro busybox sleep 1000")
    host.sh("docker exec one sh -c 'echo hello > /data/greeting'")
    assert host.sh("docker exec two cat /data/greeting").out == "hello\n"
    assert host.read(f"{DATA}/shared/_data/greeting") == b"hello\n"
    r = host.sh("docker exec two sh -c 'echo no > /data/other'")
    assert r.code != 0 and "Read-only file system" in r.err
    assert host.sh("docker diff one").out == "A /data\n"  # only the mount point: the files are in the volume


def test_each_container_gets_its_own_anonymous_volume_from_the_image(host):
    host.sh("docker run -d --name m1 -e MYSQL_ROOT_PASSWORD=pw mysql:8.4")
    host.sh("docker run -d --name m2 -e MYSQL_ROOT_PASSWORD=pw mysql:8.4")
    v1, v2 = mounts(host, "m1")[0]["Name"], mounts(host, "m2")[0]["Name"]
    assert v1 != v2 and len(v1) == 64
    assert host.sh(f"docker volume inspect -f '{{{{json .Labels}}}}' {v1}").out == \
        '{"com.docker.volume.anonymous":""}\n'


def test_rm_v_removes_anonymous_volumes_only(host):
    host.sh("docker run -d --name cc -v awesome:/foo -v /bar busybox sleep 1000")
    bar = next(m["Name"] for m in mounts(host, "cc") if m["Destination"] == "/bar")
    assert host.sh("docker rm -f -v cc").code == 0
    assert host.sh("docker volume ls -q").out == "awesome\n"
    assert not host.fs.exists(f"{DATA}/{bar}")
    host.sh("docker run --rm -v /tmpvol busybox true")
    assert host.sh("docker volume ls -q").out == "awesome\n"  # --rm too


def test_volume_rm_refuses_a_volume_in_use_even_by_a_stopped_container(host):
    host.sh("docker run --name stopped -v keep:/k busybox true")
    c = host.engine.containers.resolve("stopped")
    r = host.sh("docker volume rm keep")
    assert (r.code, r.err) == (1, f"Error response from daemon: remove keep: volume is in use - [{c.id}]\n")
    assert host.fs.isdir(f"{DATA}/keep/_data")
    host.sh("docker rm stopped")
    assert host.sh("docker volume rm keep").out == "keep\n"


def test_volume_prune_takes_anonymous_ones_unless_all(host):
    host.sh("docker volume create named")
    host.sh("docker volume create")
    r = host.sh("docker volume prune -f")
    assert r.out.startswith("Deleted Volumes:\n") and r.out.endswith("\nTotal reclaimed space: 0B\n")
    assert host.sh("docker volume ls -q").out == "named\n"
    assert host.sh("docker volume prune -af").out == "Deleted Volumes:\nnamed\n\nTotal reclaimed space: 0B\n"
    assert host.sh("docker volume prune -f").out == "Total reclaimed space: 0B\n"


@pytest.mark.parametrize("line, err", [
    ("docker volume create a", "Error response from daemon: create a: volume name is too short, names should be "
                               "at least two alphanumeric characters\n"),
    ("docker volume create --name x y", "conflicting options: cannot specify a volume-name through both --name and "
                                        "as a positional arg\n"),
    ("docker volume inspect nope", "Error response from daemon: get nope: no such volume\n"),
    ("docker volume rm nope", "Error response from daemon: get nope: no such volume\n"),
    ("docker volume ls -f color=red", "Error response from daemon: invalid filter 'color'\n"),
])
def test_volume_command_errors(host, line, err):
    before = host.sh("docker volume ls -q").out
    r = host.sh(line)
    assert (r.code, r.err) == (1, err)
    assert host.sh("docker volume ls -q").out == before


def test_volume_inspect_and_ls(host):
    host.sh("docker volume create --label team=db --opt type=tmpfs --opt device=tmpfs vol10")
    host.sh("docker volume create vol9")
    doc = json.loads(host.sh("docker volume inspect vol10").out)[0]
    assert list(doc) == ["CreatedAt", "Driver", "Labels", "Mountpoint", "Name", "Options", "Scope"]
    assert doc["Mountpoint"] == f"{DATA}/vol10/_data" and doc["Labels"] == {"team": "db"}
    assert doc["Options"] == {"type": "tmpfs", "device": "tmpfs"} and doc["CreatedAt"].endswith("Z")
    assert host.sh("docker volume ls").out == "DRIVER    VOLUME NAME\nlocal     vol9\nlocal     vol10\n"
    assert host.sh("docker volume ls -f label=team=db -q").out == "vol10\n"


# ------------------------------------------------------------------ binds and tmpfs


def test_bind_edits_show_both_ways_and_hide_the_image_directory(host):
    host.write("/srv/site/index.html", "from the host\n")
    host.sh("docker run -d --name web -v /srv/site:/usr/share/nginx/html nginx")
    assert host.sh("docker exec web cat /usr/share/nginx/html/index.html").out == "from the host\n"
    host.sh("docker exec web sh -c 'echo inside > /usr/share/nginx/html/new.html'")
    assert host.read("/srv/site/new.html") == b"inside\n"
    assert host.sh("docker exec web ls /usr/share/nginx/html").out == "index.html\nnew.html\n"  # 50x.html hidden
    m = mounts(host, "web")[0]
    assert m == {"Type": "bind", "Source": "/srv/site", "Destination": "/usr/share/nginx/html", "Mode": "",
                 "RW": True, "Propagation": "rprivate"}


def test_relative_bind_sources_are_made_absolute_by_the_client(host):
    host.sh("mkdir -p /root/app && cd /root/app && echo hi > f")
    host.sh("cd /root/app")
    assert host.sh("docker run --rm -v .:/app busybox cat /app/f").out == "hi\n"
    assert host.sh("docker run --rm -v ./:/app busybox cat /app/f").out == "hi\n"
    r = host.sh("docker run --rm -v app:/app busybox ls /app")  # no dot: a volume named app
    assert r.out == "" and "app" in host.sh("docker volume ls -q").out


def test_tmpfs_is_memory_only_limited_and_emptied_at_stop(host):
    host.sh("docker run -d --name tm --tmpfs /cache:size=64k busybox sleep 1000")
    host.sh("docker exec tm sh -c 'echo x > /cache/a'")
    assert host.sh("docker exec tm cat /cache/a").out == "x\n"
    r = host.sh("docker exec tm sh -c 'dd if=/dev/zero of=/cache/big bs=1k count=100'")
    assert r.code == 1 and "No space left on device" in r.err
    assert host.sh("docker diff tm").out == "A /cache\n"
    assert host.sh("docker inspect -f '{{json .HostConfig.Tmpfs}} {{len .Mounts}}' tm").out == \
        '{"/cache":"size=64k"} 0\n'
    host.sh("docker restart tm")
    assert host.sh("docker exec tm ls /cache").out == ""


def test_volumes_from_shares_the_same_volumes(host):
    host.sh("docker run -d --name src -v vf:/data busybox sleep 1000")
    host.sh("docker run -d --name dst --volumes-from src:ro busybox sleep 1000")
    host.sh("docker exec src sh -c 'echo s > /data/f'")
    assert host.sh("docker exec dst cat /data/f").out == "s\n"
    assert mounts(host, "dst")[0]["RW"] is False


@pytest.mark.parametrize("line, err", [
    ("docker run -v xx:/a -v yy:/a busybox", "docker: Error response from daemon: Duplicate mount point: /a"),
    ("docker run -v ::/x busybox", "docker: invalid spec: ::/x: empty section between colons"),
    ("docker run -v ab:cd:ef:gh busybox", "docker: invalid spec: ab:cd:ef:gh: too many colons"),
    ("docker run -v a:b:c:d busybox", "docker: Error response from daemon: invalid volume specification: 'a:b:c:d'"),
    ("docker run -v '~/x:/data' busybox", 'docker: Error response from daemon: create ~/x: "~/x" includes invalid '
                                        'characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are '
                                        'allowed. If you intended to pass a host directory, use absolute path'),
    ("docker run --mount type=bind,src=/etc busybox",
     'invalid argument "type=bind,src=/etc" for "--mount" flag: target is required'),
])
def test_refused_mounts_change_nothing(host, line, err):
    before = (host.sh("docker ps -aq").out, host.sh("docker volume ls -q").out)
    r = host.sh(line)
    assert r.code == 125 and r.err.splitlines()[0] == err
    assert (host.sh("docker ps -aq").out, host.sh("docker volume ls -q").out) == before


def test_system_df_counts_volumes(host):
    host.sh("docker run --rm -v scratch:/s busybox dd if=/dev/zero of=/s/f bs=1M count=3 status=none")
    host.sh("docker run -d --name keep -v used:/u busybox sleep 1000")
    row = next(line for line in host.sh("docker system df").out.splitlines() if line.startswith("Local Volumes"))
    assert row.split()[2:] == ["2", "1", "3.146MB", "3.146MB", "(100%)"]
    assert "scratch       0         3.15MB" in host.sh("docker system df -v").out


def test_volumes_survive_a_change_of_storage_driver(host):
    host.sh("docker volume create keepme")
    host.restart_daemon({"storage-driver": "vfs"})
    assert host.sh("docker volume ls -q").out == "keepme\n"


def test_ps_shows_and_filters_by_mounts(host):
    host.sh("docker run -d --name web -v html:/usr/share/nginx/html -v /srv/conf:/etc/nginx/conf.d nginx")
    host.sh("docker run -d --name db -e MYSQL_ROOT_PASSWORD=x mysql:8.4")
    rows = host.sh("docker ps --format '{{.Names}} {{.LocalVolumes}} {{.Mounts}}'").out.splitlines()
    assert rows[1] == "web 1 html,/srv/conf" and rows[0].endswith("…") and len(rows[0].split()[2]) == 15
    assert host.sh("docker ps --filter volume=html --format '{{.Names}}'").out == "web\n"
    assert host.sh("docker ps --filter volume=/var/lib/mysql --format '{{.Names}}'").out == "db\n"


def test_subpath_propagation_and_a_volume_over_a_file(host):
    host.sh("docker run --rm -v sub:/v busybox mkdir -p /v/part")
    host.sh("docker run --rm -v sub:/v busybox sh -c 'echo in-part > /v/part/f'")
    r = host.sh("docker run --rm --mount type=volume,src=sub,dst=/only,volume-subpath=part busybox cat /only/f")
    assert r.out == "in-part\n"
    host.sh("mkdir /shared")
    host.sh("docker run -d --name prop --mount type=bind,src=/shared,dst=/s,bind-propagation=rshared busybox sleep 9")
    assert mounts(host, "prop")[0]["Propagation"] == "rshared"
    host.write("/root/f/Dockerfile", "FROM busybox\nRUN echo x > /conf\nVOLUME /conf\n")
    host.sh("docker build -q -t filevol /root/f")
    r = host.sh("docker run filevol")
    assert r.code == 125 and "cannot mount volume over existing file, file exists /conf" in r.err


def test_ls_of_the_volumes_directory(host):
    host.sh("docker volume create listed")
    out = host.sh("ls -la /var/lib/docker/volumes").out
    assert "metadata.db" in out and "listed" in out
    assert host.sh("ls -la /var/lib/docker/volumes/listed").out.splitlines()[-1].endswith(" _data")


def test_an_engine_before_23_prunes_named_volumes_too():
    old = DockerHost(engine_version="20.10.24")
    old.sh("docker volume create named")
    assert old.sh("docker volume prune -a -f").err == "--all is only supported with API v1.42 or higher\n"
    assert old.sh("docker volume prune -f").out == "Deleted Volumes:\nnamed\n\nTotal reclaimed space: 0B\n"


def test_volume_rm_of_several_goes_on_and_f_forgives_a_missing_one(host):
    host.sh("docker volume create a1")
    host.sh("docker volume create b1")
    r = host.sh("docker volume rm a1 nope b1")
    assert (r.code, r.out, r.err) == (1, "a1\nb1\n", "Error response from daemon: get nope: no such volume\n")
    assert host.sh("docker volume rm -f nope") == (0, "nope\n", "")


def test_volume_filters_are_the_daemons(host):
    host.sh("docker volume create --label team=db --label tier=1 vdb")
    host.sh("docker volume create --label team=web vweb")
    assert host.sh("docker volume ls -q -f label=team=db -f label=tier=1").out == "vdb\n"  # every label must hold
    assert host.sh("docker volume ls -q -f name=^v -f dangling=1").out == "vdb\nvweb\n"
    r = host.sh("docker volume ls -f dangling=maybe")
    assert (r.code, r.err) == (1, "Error response from daemon: invalid filter 'dangling=[maybe]'\n")
    r = host.sh("docker volume prune -f --filter all=maybe")
    assert (r.code, r.err) == (1, "Error response from daemon: invalid filter 'all': strconv.ParseBool: parsing "
                                  '"maybe": invalid syntax\n')
    assert host.sh("docker volume prune -f -a --filter label!=team=db").out == \
        "Deleted Volumes:\nvweb\n\nTotal reclaimed space: 0B\n"


# ------------------------------------------------------------------ a volume the local driver would mount

NFS_VOLUME = ("docker volume create --driver local --opt type=nfs --opt o=addr=192.168.1.1,rw "
              "--opt device=:/exports/data share")
MOUNT_NOTE = ("[storagekit] volume share: the local driver would now run `mount -t nfs -o addr=192.168.1.1,rw "
              ":/exports/data /var/lib/docker/volumes/share/_data`, which is not simulated")


@pytest.mark.parametrize("lines, left", [
    (["docker run --rm -v share:/data busybox ls /data"], ""),
    (["docker run --rm --mount source=share,target=/data busybox ls /data"], ""),
    (["docker run -d --name c1 -v share:/data busybox sleep 60"], "c1 created"),
    (["docker create --name c1 -v share:/data busybox", "docker start c1"], "c1 created"),
])
def test_starting_with_a_mounted_local_volume_is_declined(host, lines, left):
    """``docker volume create`` keeps the options; the mount the driver makes at start is declined, never faked:
    the container stays created (and goes with ``--rm``), as after a failed mount in Docker."""
    assert host.sh(NFS_VOLUME).code == 0
    *before, last = lines
    for line in before:
        assert host.sh(line).code == 0
    r = host.sh(last)
    assert r.code == 1 and r.err.splitlines()[-1].startswith(MOUNT_NOTE)
    assert host.sh("docker ps -a --format '{{.Names}} {{.State}}'").out.strip() == left
    assert json.loads(host.sh("docker volume inspect share").out)[0]["Options"] == {
        "type": "nfs", "o": "addr=192.168.1.1,rw", "device": ":/exports/data"}


@pytest.mark.parametrize("line", [
    "docker volume create --opt type=nfs --opt o=addr=10.0.0.5,ro --opt device=:/exports --label b=1 --label a=2 v9",
    "docker volume create --opt device=:/exports --opt o=addr=10.0.0.5,ro --opt type=nfs --label a=2 --label b=1 v9",
])
def test_volume_inspect_writes_labels_and_options_in_key_order(host, line):
    """They are Go maps, which encoding/json writes sorted by key, whatever order the flags came in."""
    assert host.sh(line).code == 0
    text = host.sh("docker volume inspect v9").out
    assert text.index('"a": "2"') < text.index('"b": "1"')
    assert text.index('"device"') < text.index('"o"') < text.index('"type"')
