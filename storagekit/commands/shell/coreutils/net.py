"""``curl`` against what runs in the same container: the one web server the simulation serves is nginx.

A request to ``localhost`` or ``127.0.0.1`` reaches nginx when it runs there
(its pid file ``/run/nginx.pid`` exists), which answers from
``/usr/share/nginx/html`` as the official image's default site does (a
directory gives its ``index.html``, or nginx's 403 page when it has none, as
``autoindex`` is off; a missing file, nginx's 404 page). Nothing
else listens; other hosts do not resolve, as in a container without a network.
"""

from __future__ import annotations

import re

from storagekit.commands.shell.context import ProcessContext
from storagekit.commands.shell.coreutils.common import decode
from storagekit.fs import paths
from storagekit.fs.nodes import Dir

WEB_ROOT = "/usr/share/nginx/html"
REASONS = {200: "OK", 403: "Forbidden", 404: "Not Found"}
ERROR_PAGE = ("<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n"
              "<center><h1>{status} {reason}</h1></center>\r\n"
              "<hr><center>nginx/{version}</center>\r\n</body>\r\n</html>\r\n")


def curl(ctx: ProcessContext, argv: list[str]) -> int:
    args = argv[1:]
    fail = any(a in ("-f", "--fail", "-sf", "-fs", "-fsSL", "-sSf", "-fsS") for a in args)
    head = any(a in ("-I", "--head") for a in args)
    output = None
    urls = []
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("-o", "--output") and i + 1 < len(args):
            output, i = args[i + 1], i + 2
            continue
        if not a.startswith("-"):
            urls.append(a)
        i += 1
    if not urls:
        ctx.err("curl: no URL specified!\ncurl: try 'curl --help' or 'curl --manual' for more information\n")
        return 2
    m = re.fullmatch(r"(?:(https?)://)?([^/:]+)(?::(\d+))?(/.*)?", urls[0])
    if m is None:
        ctx.err("curl: (3) URL using bad/illegal format or missing URL\n")
        return 3
    scheme, host, port, path = m.group(1) or "http", m.group(2), m.group(3), m.group(4) or "/"
    port = port or ("443" if scheme == "https" else "80")
    if host not in ("localhost", "127.0.0.1"):
        ctx.err(f"curl: (6) Could not resolve host: {host}\n")
        return 6
    if port != "80" or not ctx.fs.exists("/run/nginx.pid"):
        ctx.err(f"curl: (7) Failed to connect to {host} port {port} after 0 ms: Couldn't connect to server\n")
        return 7
    status, body = _serve(ctx, path.split("?", 1)[0])
    if fail and status >= 400:
        ctx.err(f"curl: (22) The requested URL returned error: {status}\n")
        return 22
    if head:
        ctx.out(f"HTTP/1.1 {status} {REASONS[status]}\r\nServer: nginx/{_version(ctx)}\r\nContent-Type: text/html\r\n"
                f"Content-Length: {len(body)}\r\n\r\n")
        return 0
    if output:
        ctx.fs.write(ctx.abspath(output), body)
        return 0
    ctx.out(decode(body))
    return 0


def _version(ctx: ProcessContext) -> str:
    return ctx.env.get("NGINX_VERSION", "1.29.0")


def _serve(ctx: ProcessContext, path: str) -> tuple[int, bytes]:
    """nginx's answer: the file; a directory's index.html, or 403 when it has none (``directory index of ... is
    forbidden``); 404 for anything missing."""
    target = paths.normalize(WEB_ROOT + "/" + path.lstrip("/"))
    status = 404
    try:
        if isinstance(ctx.fs.stat(target), Dir):
            status = 403
            target = target.rstrip("/") + "/index.html"
        return 200, ctx.fs.read(target)
    except OSError:
        return status, ERROR_PAGE.format(status=status, reason=REASONS[status], version=_version(ctx)).encode()
