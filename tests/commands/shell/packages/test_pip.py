"""pip against the PyPI catalogue: the transcript, the files it leaves, and its refusals."""

from __future__ import annotations

import pytest

from storagekit.commands.shell.context import ProcessContext
from storagekit.docker.catalogue import pypi
from storagekit.commands.shell.packages.pip import PROGRAMS, ROOT_WARNING, pip_module
from storagekit.fs import Dir, FileSystem
from storagekit.fs.nodes import File

SITE = "/usr/local/lib/python3.12/site-packages"


def official(pip_version: str = "25.0.1") -> FileSystem:
    """What pip sees in python:3.12 (Debian based, interpreter under /usr/local)."""
    fs = FileSystem(Dir())
    fs.mkdir("/etc")
    fs.write("/etc/debian_version", b"12.11\n")
    fs.mkdir("/usr/local/bin", parents=True)
    fs.write("/usr/local/bin/python3.12", b"\x7fELF")
    fs.mkdir(f"{SITE}/pip-{pip_version}.dist-info", parents=True)
    fs.write(f"{SITE}/pip-{pip_version}.dist-info/INSTALLER", b"pip\n")
    return fs


def distro(version: str, pip_version: str, marker: bytes | None) -> FileSystem:
    """Debian's or Ubuntu's python3 with python3-pip from apt."""
    fs = FileSystem(Dir())
    fs.mkdir("/etc")
    fs.write("/etc/debian_version", b"bookworm/sid\n")
    fs.mkdir("/usr/bin", parents=True)
    fs.write(f"/usr/bin/python{version}", b"\x7fELF")
    fs.mkdir(f"/usr/lib/python{version}", parents=True)
    fs.mkdir(f"/usr/lib/python3/dist-packages/pip-{pip_version}.dist-info", parents=True)
    if marker is not None:
        fs.write(f"/usr/lib/python{version}/EXTERNALLY-MANAGED", marker)
    return fs


def run(fs: FileSystem, line: str, **env: str) -> tuple[int, str, str]:
    ctx = ProcessContext(fs, env={"HOME": "/root", **env})
    code = PROGRAMS[line.split()[0]](ctx, line.split())
    return code, "".join(ctx.stdout), "".join(ctx.stderr)


SEED_OUT = """\
Collecting flask
  Downloading flask-3.1.1-py3-none-any.whl.metadata (3.0 kB)
Collecting flask-mysql
  Downloading Flask_MySQL-1.6.0-py2.py3-none-any.whl.metadata (670 bytes)
Collecting blinker>=1.9.0 (from flask)
  Downloading blinker-1.9.0-py3-none-any.whl.metadata (1.6 kB)
Collecting click>=8.1.3 (from flask)
  Downloading click-8.2.1-py3-none-any.whl.metadata (2.5 kB)
Collecting itsdangerous>=2.2.0 (from flask)
  Downloading itsdangerous-2.2.0-py3-none-any.whl.metadata (1.9 kB)
Collecting jinja2>=3.1.2 (from flask)
  Downloading jinja2-3.1.6-py3-none-any.whl.metadata (2.9 kB)
Collecting markupsafe>=2.1.1 (from flask)
  Downloading MarkupSafe-3.0.2-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl.metadata (4.0 kB)
Collecting werkzeug>=3.1.0 (from flask)
  Downloading werkzeug-3.1.3-py3-none-any.whl.metadata (3.7 kB)
Collecting PyMySQL (from flask-mysql)
  Downloading PyMySQL-1.1.1-py3-none-any.whl.metadata (4.4 kB)
Downloading flask-3.1.1-py3-none-any.whl (103 kB)
Downloading Flask_MySQL-1.6.0-py2.py3-none-any.whl (3.8 kB)
Downloading blinker-1.9.0-py3-none-any.whl (8.5 kB)
Downloading click-8.2.1-py3-none-any.whl (102 kB)
Downloading itsdangerous-2.2.0-py3-none-any.whl (16 kB)
Downloading jinja2-3.1.6-py3-none-any.whl (134 kB)
Downloading MarkupSafe-3.0.2-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl (23 kB)
Downloading werkzeug-3.1.3-py3-none-any.whl (224 kB)
Downloading PyMySQL-1.1.1-py3-none-any.whl (44 kB)
Installing collected packages: PyMySQL, markupsafe, itsdangerous, click, blinker, werkzeug, jinja2, flask, flask-mysql
Successfully installed PyMySQL-1.1.1 blinker-1.9.0 click-8.2.1 flask-3.1.1 flask-mysql-1.6.0 \
itsdangerous-2.2.0 jinja2-3.1.6 markupsafe-3.0.2 werkzeug-3.1.3
"""

# Debian bookworm's pip 23.0.1 on /usr/bin/python3.11, as it prints to a pipe.
PEP668 = """\
error: externally-managed-environment

× This environment is externally managed
╰─> To install Python packages system-wide, try apt install
    python3-xyz, where xyz is the package you are trying to
    install.
    
    If you wish to install a non-Debian-packaged Python package,
    create a virtual environment using python3 -m venv path/to/venv.
    Then use path/to/venv/bin/python and path/to/venv/bin/pip. Make
    sure you have python3-full installed.
    
    If you wish to install a non-Debian packaged Python application,
    it may be easiest to use pipx install xyz, which will manage a
    virtual environment for you. Make sure you have pipx installed.
    
    See /usr/share/doc/python3.11/README.venv for more information.

note: If you believe this is a mistake, please contact your Python installation or OS distribution provider. \
You can override this, at the risk of breaking your Python installation or OS, by passing --break-system-packages.
hint: See PEP 668 for the detailed specification.
"""

DEBIAN_MARKER = b"""[externally-managed]
Error=To install Python packages system-wide, try apt install
 python3-xyz, where xyz is the package you are trying to
 install.

 If you wish to install a non-Debian-packaged Python package,
 create a virtual environment using python3 -m venv path/to/venv.
 Then use path/to/venv/bin/python and path/to/venv/bin/pip. Make
 sure you have python3-full installed.

 If you wish to install a non-Debian packaged Python application,
 it may be easiest to use pipx install xyz, which will manage a
 virtual environment for you. Make sure you have pipx installed.

 See /usr/share/doc/python3.11/README.venv for more information.
"""


def site_bytes(fs: FileSystem, top: str) -> int:
    return sum(n.size for _, n in fs.walk(top) if isinstance(n, File))


def test_seed_transcript_in_official_python_image():
    code, out, err = run(official(), "pip install flask flask-mysql")
    assert code == 0
    assert out == SEED_OUT
    assert err == (ROOT_WARNING + "\n\n[notice] A new release of pip is available: 25.0.1 -> 25.1.1\n"
                   "[notice] To update, run: pip install --upgrade pip\n")


def test_install_writes_record_files_pycs_scripts_and_dist_info():
    fs = official()
    run(fs, "pip install flask flask-mysql")
    wheel = pypi.load().get("flask").wheel_for("3.12")
    sizes = {p: s for p, s, _ in wheel.files}
    assert fs.stat(f"{SITE}/flask/app.py").size == sizes["flask/app.py"]
    assert fs.isfile(f"{SITE}/flask/__pycache__/app.cpython-312.pyc")
    assert fs.read(f"{SITE}/flask-3.1.1.dist-info/INSTALLER") == b"pip\n"
    assert fs.isfile(f"{SITE}/flask-3.1.1.dist-info/REQUESTED")
    assert not fs.exists(f"{SITE}/jinja2-3.1.6.dist-info/REQUESTED")
    script = fs.read("/usr/local/bin/flask").decode()
    assert script.startswith("#!/usr/local/bin/python3.12\n") and "from flask.cli import main" in script
    assert fs.stat("/usr/local/bin/flask").perm == 0o755
    # The same closure installed by the real pip 25.0.1 under CPython 3.11 took 5,153,426 bytes.
    total = site_bytes(fs, SITE)
    assert abs(total - 5_153_426) < 0.01 * 5_153_426


def test_cache_unless_no_cache_dir():
    fs = official()
    run(fs, "pip install requests")
    cached = site_bytes(fs, "/root/.cache/pip/http-v2")
    wheels = [pypi.load().get(n).wheel_for("3.12")
              for n in ("requests", "idna", "urllib3", "certifi", "charset_normalizer")]
    bodies = sum(w.size + w.metadata_size for w in wheels)
    assert bodies < cached < bodies + 10 * 2_000
    # a wheel and its metadata file for each of five projects
    assert len([p for p, _ in fs.walk("/root/.cache/pip") if p.endswith(".body")]) == 10
    fs = official()
    run(fs, "pip install --no-cache-dir requests")
    assert not fs.exists("/root/.cache")
    assert fs.isdir(f"{SITE}/requests")


def test_already_installed_is_skipped():
    fs = official()
    run(fs, "pip install flask")
    code, out, _ = run(fs, "pip install flask requests")
    assert code == 0
    assert out.startswith("Requirement already satisfied: flask in /usr/local/lib/python3.12/site-packages (3.1.1)\n"
                          "Collecting requests\n")
    assert ("Requirement already satisfied: blinker>=1.9.0 in /usr/local/lib/python3.12/site-packages "
            "(from flask) (1.9.0)") in out
    assert "Installing collected packages: urllib3, idna, charset_normalizer, certifi, requests\n" in out
    _, out, _ = run(fs, "pip install flask")
    assert "Installing" not in out and "Collecting" not in out


def test_unknown_package():
    fs = official()
    code, out, err = run(fs, "pip install flask foo")
    assert code == 1
    assert out == "Collecting flask\n  Downloading flask-3.1.1-py3-none-any.whl.metadata (3.0 kB)\n"
    assert err == ("ERROR: Could not find a version that satisfies the requirement foo (from versions: none)\n"
                   "ERROR: No matching distribution found for foo\n")
    assert not fs.exists(f"{SITE}/flask")


def test_version_not_in_snapshot():
    code, _, err = run(official(), "pip install flask==2.0.0")
    assert code == 1
    assert "requirement flask==2.0.0 (from versions: 3.1.1)" in err


def test_pep668_on_debian_bookworm():
    fs = distro("3.11", "23.0.1", DEBIAN_MARKER)
    code, out, err = run(fs, "pip install flask flask-mysql")
    assert (code, out, err) == (1, "", PEP668)
    code, out, _ = run(fs, "pip install --break-system-packages flask")
    assert code == 0
    assert fs.isdir("/usr/local/lib/python3.11/dist-packages/flask")
    assert fs.read("/usr/local/bin/flask").startswith(b"#!/usr/bin/python3\n")


def test_pep668_marker_without_text_uses_debian_wording():
    code, _, err = run(distro("3.12", "24.0", b""), "pip3 install flask")
    assert code == 1 and "See /usr/share/doc/python3.12/README.venv" in err


def test_ubuntu_jammy_pip_22_transcript():
    fs = distro("3.10", "22.0.2", None)
    code, out, err = run(fs, "pip3 install flask")
    assert code == 0
    assert out.startswith("Collecting flask\n  Downloading flask-3.1.1-py3-none-any.whl (103 kB)\n"
                          "     ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━ 103.3/103.3 KB 48.2 MB/s eta 0:00:00\n"
                          "Collecting blinker>=1.9.0\n")
    assert err.startswith("WARNING: Running pip as the 'root' user can result in broken permissions and "
                          "conflicting behaviour with the system package manager. It is recommended")
    assert "[notice]" not in err
    assert fs.isfile("/usr/local/lib/python3.10/dist-packages/flask/__pycache__/app.cpython-310.pyc")
    assert fs.isdir("/root/.cache/pip/http")


def test_requirements_file_user_and_missing_file():
    fs = official()
    fs.mkdir("/app")
    fs.write("/app/requirements.txt", b"# web\nflask==3.1.1\ngunicorn  # server\n")
    ctx = ProcessContext(fs, cwd="/app", env={"HOME": "/root"})
    assert PROGRAMS["pip"](ctx, ["pip", "install", "--user", "-r", "requirements.txt"]) == 0
    assert fs.isdir("/root/.local/lib/python3.12/site-packages/gunicorn")
    assert fs.isfile("/root/.local/bin/gunicorn")
    code, _, err = run(fs, "pip install -r nothere.txt")
    assert code == 1
    assert err == "ERROR: Could not open requirements file: [Errno 2] No such file or directory: 'nothere.txt'\n"


def test_upgrade_pip_replaces_the_old_one():
    fs = official()
    fs.mkdir(f"{SITE}/pip/_internal", parents=True)
    fs.write(f"{SITE}/pip/_internal/gone.py", b"")
    code, out, err = run(fs, "pip install --upgrade pip")
    assert code == 0
    assert ("  Attempting uninstall: pip\n    Found existing installation: pip 25.0.1\n"
            "    Uninstalling pip-25.0.1:\n      Successfully uninstalled pip-25.0.1\n") in out
    assert out.endswith("Successfully installed pip-25.1.1\n")
    assert not fs.exists(f"{SITE}/pip-25.0.1.dist-info") and fs.isdir(f"{SITE}/pip-25.1.1.dist-info")
    assert not fs.exists(f"{SITE}/pip/_internal/gone.py") and fs.isfile("/usr/local/bin/pip3.12")
    assert "[notice]" not in err


def test_installation_order_matches_pip():
    """pip 25.0.1 installed flask, flask-mysql and numpy in this order (observed)."""
    fs = official()
    ctx = ProcessContext(fs, env={"HOME": "/root"})
    PROGRAMS["pip"](ctx, "pip install --no-cache-dir flask flask-mysql numpy".split())
    out = "".join(ctx.stdout)
    line = next(l for l in out.splitlines() if l.startswith("Installing"))
    assert line == ("Installing collected packages: PyMySQL, numpy, markupsafe, itsdangerous, click, blinker, "
                    "werkzeug, jinja2, flask, flask-mysql")
    assert "   ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━ 16.6/16.6 MB 48.2 MB/s eta 0:00:00\n" in out


def test_python_m_pip_version_and_list():
    fs = official()
    ctx = ProcessContext(fs)
    assert pip_module(ctx, ["pip", "--version"]) == 0
    assert ctx.stdout == ["pip 25.0.1 from /usr/local/lib/python3.12/site-packages/pip (python 3.12)\n"]
    code, out, _ = run(fs, "pip list")
    assert out == "Package Version\n------- -------\npip     25.0.1\n"


@pytest.mark.parametrize("spec,version,ok", [
    ("<4,>=2", "3.4.2", True), ("<4,>=2", "4.0", False), (">=2.8.2", "2.9.0.post0", True),
    ("~=1.26", "1.26.4", True), ("~=1.26", "2.0", False), ("!=1.5.7,>=1.5.6", "1.5.7", False), ("", "1", True),
])
def test_specifiers(spec, version, ok):
    assert pypi.satisfies(version, spec) is ok


def test_catalogue_snapshot():
    cat = pypi.load()
    assert cat.date == "2025-07-21T00:00:00Z"
    wanted = {"flask", "flask-mysql", "pymysql", "numpy", "pandas", "django", "sqlalchemy", "greenlet"}
    assert wanted <= set(cat.projects)
    assert cat.get("numpy").wheel_for("3.11").filename.startswith("numpy-2.3.1-cp311-")
