"""The mysql client and mysqladmin against the modelled server: MySQL's texts, and data that outlives the container."""

from __future__ import annotations

import pytest

import storagekit as sk
from storagekit.commands.shell.apps.mysql import BadOption, parse

WARN = "mysql: [Warning] Using a password on the command line interface can be insecure.\n"
SQL = "docker exec db mysql -uroot -psecret"


@pytest.fixture(scope="module")
def db():
    host = sk.DockerHost()
    host.sh("docker run -d --name db -e MYSQL_ROOT_PASSWORD=secret -e MYSQL_DATABASE=app "
            "-v data_volume:/var/lib/mysql mysql")
    host.sh(f"{SQL} -e 'CREATE DATABASE shop'")
    host.sh(f"{SQL} shop -e 'CREATE TABLE orders (id INT AUTO_INCREMENT PRIMARY KEY, item VARCHAR(50) NOT NULL, "
            "qty INT DEFAULT 1); INSERT INTO orders (item, qty) VALUES (\"pear\", 5), (\"Apple\", 3); "
            "INSERT INTO orders (item) VALUES (\"fig\")'")
    return host


@pytest.mark.parametrize("args, out", [
    ("-e 'SHOW DATABASES'", "Database\napp\ninformation_schema\nmysql\nperformance_schema\nshop\nsys\n"),
    ("-N -e 'SHOW DATABASES'", "app\ninformation_schema\nmysql\nperformance_schema\nshop\nsys\n"),
    ("-s -e 'SHOW TABLES FROM shop'", "orders\n"),
    ("-D shop -e 'SHOW TABLES'", "Tables_in_shop\norders\n"),
    ("shop -e 'SELECT * FROM orders'", "id\titem\tqty\n1\tpear\t5\n2\tApple\t3\n3\tfig\t1\n"),
    ("shop -e 'SELECT item FROM orders ORDER BY item'", "item\nApple\nfig\npear\n"),
    ("shop -e 'SELECT item FROM orders ORDER BY qty DESC LIMIT 1'", "item\npear\n"),
    ("-e 'SELECT qty FROM shop.orders WHERE item = \"apple\"'", "qty\n3\n"),  # the default collation ignores case
    ("shop -e 'select count(*) from orders'", "count(*)\n3\n"),
    ("shop -e 'SELECT id FROM orders WHERE qty = 99'", ""),  # an empty set prints nothing in batch mode
    ("-e 'USE shop; SELECT item FROM orders WHERE id = 3'", "item\nfig\n"),
    ("-t shop -e 'SELECT id, item FROM orders WHERE id = 1'",
     "+----+------+\n| id | item |\n+----+------+\n|  1 | pear |\n+----+------+\n"),
])
def test_queries_print_what_the_client_prints_without_a_terminal(db, args, out):
    assert db.sh(f"{SQL} {args}") == (0, out, WARN)


@pytest.mark.parametrize("args, error", [
    ("-e 'CREATE DATABASE shop'", "ERROR 1007 (HY000) at line 1: Can't create database 'shop'; database exists"),
    ("-e 'DROP DATABASE nope'", "ERROR 1008 (HY000) at line 1: Can't drop database 'nope'; database doesn't exist"),
    ("-e 'USE nope'", "ERROR 1049 (42000) at line 1: Unknown database 'nope'"),
    ("-D nope -e 'SELECT 1'", "ERROR 1049 (42000): Unknown database 'nope'"),
    ("-e 'SELECT * FROM shop.nope'", "ERROR 1146 (42S02) at line 1: Table 'shop.nope' doesn't exist"),
    ("-e 'SELECT * FROM orders'", "ERROR 1046 (3D000) at line 1: No database selected"),
    ("shop -e 'CREATE TABLE orders (id INT)'", "ERROR 1050 (42S01) at line 1: Table 'orders' already exists"),
    ("shop -e 'DROP TABLE nope'", "ERROR 1051 (42S02) at line 1: Unknown table 'shop.nope'"),
    ("shop -e 'SELECT nope FROM orders'", "ERROR 1054 (42S22) at line 1: Unknown column 'nope' in 'field list'"),
    ("shop -e 'INSERT INTO orders (item) VALUES (1, 2)'",
     "ERROR 1136 (21S01) at line 1: Column count doesn't match value count at row 1"),
    ("shop -e 'INSERT INTO orders VALUES (1, \"x\", 1)'",
     "ERROR 1062 (23000) at line 1: Duplicate entry '1' for key 'orders.PRIMARY'"),
    ("-e 'SELEC 1'", "ERROR 1064 (42000) at line 1: You have an error in your SQL syntax; check the manual that "
                     "corresponds to your MySQL server version for the right syntax to use near 'SELEC 1' at line 1"),
    ("-e 'SHOW DATABASES;\nUPDATE t SET x = 1'",
     "ERROR 1064 (42000) at line 2: You have an error in your SQL syntax; check the manual that corresponds to "
     "your MySQL server version for the right syntax to use near 'UPDATE t SET x = 1' at line 1"),
])
def test_errors_are_mysqls_own_and_stop_the_batch(db, args, error):
    r = db.sh(f"{SQL} {args}")
    assert r.code == 1
    assert r.err.endswith(error + "\n")


def test_a_script_on_stdin_runs_statement_by_statement_and_force_goes_on(db):
    r = db.sh("docker exec -i db mysql -uroot -psecret -N shop", stdin="SELECT 1;\nSELECT nope FROM orders;\n"
              "SELECT item FROM orders WHERE id = 1;\n")
    assert (r.code, r.out) == (1, "1\n")
    assert r.err.endswith("ERROR 1054 (42S22) at line 2: Unknown column 'nope' in 'field list'\n")
    r = db.sh("docker exec -i db mysql -f -uroot -psecret -N shop", stdin="SELECT nope FROM orders;\n"
              "SELECT item FROM orders WHERE id = 1;\n")
    assert (r.code, r.out) == (1, "pear\n")


@pytest.mark.parametrize("line, code, err", [
    ("docker exec db mysql -uroot -pwrong -e 'SELECT 1'", 1,
     WARN + "ERROR 1045 (28000): Access denied for user 'root'@'localhost' (using password: YES)\n"),
    ("docker exec db mysql -e 'SELECT 1'", 1,
     "ERROR 1045 (28000): Access denied for user 'root'@'localhost' (using password: NO)\n"),
    ("docker exec db mysql -h 127.0.0.1 -P 3307 -uroot -psecret -e 'SELECT 1'", 1,
     WARN + "ERROR 2003 (HY000): Can't connect to MySQL server on '127.0.0.1:3307' (111)\n"),
    ("docker exec db mysql --bogus", 7, "mysql: [ERROR] unknown option '--bogus'.\n"),
])
def test_connection_errors(db, line, code, err):
    assert db.sh(line)[::2] == (code, err)


def test_without_a_running_server_the_client_cannot_connect():
    host = sk.DockerHost()
    r = host.sh("docker run --rm mysql mysql -uroot -psecret -e 'SELECT 1'")
    assert (r.code, r.err.splitlines()[-1]) == (1, "ERROR 2002 (HY000): Can't connect to local MySQL server through "
                                                   "socket '/var/run/mysqld/mysqld.sock' (2)")
    r = host.sh("docker run --rm mysql mysqladmin ping")
    assert r.code == 1
    assert r.err.endswith("mysqladmin: connect to server at 'localhost' failed\nerror: 'Can't connect to local MySQL "
                          "server through socket '/var/run/mysqld/mysqld.sock' (2)'\nCheck that mysqld is running "
                          "and that the socket: '/var/run/mysqld/mysqld.sock' exists!\n")


def test_mysqladmin(db):
    admin = "docker exec db mysqladmin -uroot -psecret"
    assert db.sh(f"{admin} ping").out == "mysqld is alive\n"
    assert db.sh(f"{admin} status").out.startswith("Uptime: ")
    assert "Server version\t\t9.3.0\n" in db.sh(f"{admin} version").out
    assert db.sh(f"{admin} create tmp").code == 0
    r = db.sh(f"{admin} create tmp")
    assert (r.code, r.err.splitlines()[-1]) == (1, "mysqladmin: CREATE DATABASE failed; error: 'Can't create "
                                                   "database 'tmp'; database exists'")
    assert db.sh(f"{admin} drop tmp").out.endswith("[y/N] Database \"tmp\" not dropped\n")
    assert db.sh(f"{admin} -f drop tmp").out == "Database \"tmp\" dropped\n"
    assert not db.sh("docker exec db ls /var/lib/mysql").out.count("tmp\n")
    assert db.sh("docker exec db mysqladmin -uroot -pwrong ping").code == 0  # it answered: alive


def test_the_data_is_files_in_the_data_directory(db):
    listing = db.sh("docker exec db ls -l /var/lib/mysql/shop").out
    assert listing.splitlines()[1].split()[:5] == ["-rw-r-----", "1", "mysql", "mysql", "114688"]
    assert listing.rstrip().endswith("orders.ibd")
    assert db.sh("ls /var/lib/docker/volumes/data_volume/_data/shop").out == "orders.ibd\n"


@pytest.mark.parametrize("mount", ["-v data_volume:/var/lib/mysql", "-v /data/mysql:/var/lib/mysql",
                                   "--mount type=volume,source=vol,target=/var/lib/mysql"])
def test_the_data_survives_the_container(mount):
    host = sk.DockerHost()
    host.sh(f"docker run -d --name one -e MYSQL_ROOT_PASSWORD=secret {mount} mysql")
    host.sh("docker exec one mysql -uroot -psecret -e 'CREATE DATABASE shop; "
            "CREATE TABLE shop.t (name VARCHAR(9)); INSERT INTO shop.t VALUES (\"kept\")'")
    host.sh("docker rm -f one")
    host.sh(f"docker run -d --name two -e MYSQL_ROOT_PASSWORD=other {mount} mysql")  # the old password stays
    assert host.sh("docker exec two mysql -uroot -psecret -N -e 'SELECT name FROM shop.t'").out == "kept\n"
    assert host.sh("docker exec two mysql -uroot -pother -e 'SELECT 1'").code == 1


PVC_POD = """apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
---
apiVersion: v1
kind: Pod
metadata: {name: db}
spec:
  containers:
  - name: mysql
    image: mysql:8.4
    env: [{name: MYSQL_ROOT_PASSWORD, value: secret}]
    volumeMounts: [{name: d, mountPath: /var/lib/mysql}]
  volumes: [{name: d, persistentVolumeClaim: {claimName: data}}]
"""


def test_the_data_survives_the_pod_on_its_claim():
    cluster = sk.Cluster.kind()
    cluster.sh("kubectl apply -f -", stdin=PVC_POD)
    exec_ = "kubectl exec db -- mysql -uroot -psecret"
    assert cluster.sh(f"{exec_} -e 'CREATE DATABASE shop; CREATE TABLE shop.t (n INT); "
                      "INSERT INTO shop.t VALUES (7)'").code == 0
    cluster.sh("kubectl delete pod db")
    cluster.sh("kubectl apply -f -", stdin=PVC_POD)
    assert cluster.sh(f"{exec_} -N -e 'SELECT n FROM shop.t'").out == "7\n"


@pytest.mark.parametrize("argv, fields", [
    (["mysql", "-uroot", "-psecret", "-e", "x"], ("root", "secret", "x")),
    (["mysql", "-u", "app", "--password=pw", "--execute=x"], ("app", "pw", "x")),
    (["mysql", "--user", "root", "-pp", "-Ns", "-ex"], ("root", "p", "x")),
])
def test_options_are_read_as_my_getopt_reads_them(argv, fields):
    o = parse(argv, "root")
    assert (o.user, o.password, o.execute) == fields


def test_an_unknown_short_option_is_refused():
    with pytest.raises(BadOption, match="unknown option '-z'"):
        parse(["mysql", "-z"], "root")
