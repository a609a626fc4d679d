"""flask run finds its application as flask/cli.py does, and says what Flask says when it cannot."""

from __future__ import annotations

import pytest

from storagekit.fs import Dir, FileSystem
from storagekit.runc import flask


def tree(files: dict[str, str]) -> FileSystem:
    fs = FileSystem(Dir())
    for path, text in files.items():
        fs.mkdir(path.rpartition("/")[0] or "/", parents=True, exist_ok=True)
        fs.write(path, text.encode())
    return fs


APP = "from flask import Flask\napp = Flask(__name__)\n"


@pytest.mark.parametrize("files, path, cwd, expected", [
    ({"/src/app.py": APP}, "/src/app.py", "/", ("/src", "app")),
    ({"/src/app.py": APP}, "app.py", "/src", ("/src", "app")),
    ({"/src/app.py": APP}, "app", "/src", ("/src", "app")),
    ({"/src/pkg/__init__.py": "", "/src/pkg/web.py": APP}, "/src/pkg/web.py", "/", ("/src", "pkg.web")),
    ({"/src/pkg/__init__.py": APP}, "/src/pkg/__init__.py", "/", ("/src", "pkg")),
])
def test_prepare_import_walks_up_out_of_packages(files, path, cwd, expected):
    assert flask.prepare_import(tree(files), path, cwd) == expected


@pytest.mark.parametrize("files, cwd, app, error", [
    ({"/src/app.py": APP}, "/src", None, None),
    ({"/src/wsgi.py": "from web import app\n"}, "/src", None, None),
    ({"/src/app.py": "def create_app():\n    pass\n"}, "/src", None, None),
    ({}, "/src", None, flask.NOT_LOCATED),
    ({"/src/app.py": "x = 1\n"}, "/src", None, flask.NOT_LOCATED),  # the default files are tried quietly
    ({"/src/app.py": APP}, "/", "/src/app2.py", "Could not import 'app2'."),
    ({"/src/app.py": APP}, "/", "nope", "Could not import 'nope'."),
    ({"/src/app.py": "x = 1\n"}, "/src", "app",
     "Failed to find Flask application or factory in module 'app'. Use 'app:name' to specify one."),
    ({"/src/app.py": APP}, "/src", "app:web", "Failed to find attribute 'web' in 'app'."),
    ({"/src/app.py": APP}, "/src", "app:app", None),
    ({"/src/hello.py": APP}, "/", "/src/hello", None),
])
def test_locate_app(files, cwd, app, error):
    fs = tree(files)
    if error is None:
        flask.locate(fs, cwd, app)
    else:
        with pytest.raises(flask.NoApp) as exc:
            flask.locate(fs, cwd, app)
        assert str(exc.value) == error


def test_the_banner_names_the_app_and_where_it_listens():
    fs = tree({"/src/app.py": APP, "/etc/hosts": "127.0.0.1\tlocalhost\n172.17.0.2\tweb\n"})
    code, lines = flask.start(fs, ["run", "--host=0.0.0.0"], {"FLASK_APP": "app"}, "/src")
    assert code is None
    assert lines == [
        ("stdout", " * Serving Flask app 'app'"), ("stdout", " * Debug mode: off"), ("stderr", flask.WARNING),
        ("stderr", " * Running on all addresses (0.0.0.0)"), ("stderr", " * Running on http://127.0.0.1:5000"),
        ("stderr", " * Running on http://172.17.0.2:5000"), ("stderr", "Press CTRL+C to quit")]
    _, lines = flask.start(fs, ["--app", "app", "run", "-p", "8000"], {}, "/src")
    assert ("stderr", " * Running on http://127.0.0.1:8000") in lines


def test_no_app_is_a_usage_error_with_status_2():
    code, lines = flask.start(tree({}), ["run"], {}, "/")
    assert code == 2
    assert [text for _, text in lines] == ["Usage: flask run [OPTIONS]", "Try 'flask run --help' for help.", "",
                                           "Error: " + flask.NOT_LOCATED]
