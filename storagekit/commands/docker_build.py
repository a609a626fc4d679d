"""``docker build``: prepare the context on the client side, run the builder, print BuildKit's output.

The positional argument is the build *context* (a directory), not the
Dockerfile; ``-f`` names the Dockerfile, which may live outside the context.
Progress goes to stderr as BuildKit's plain output; ``-q`` prints only the
image id on stdout.
"""

from __future__ import annotations

from collections.abc import Sequence

from storagekit.docker import reference as refs
from storagekit.docker.build.builder import BuildRequest
from storagekit.docker.build.context import BuildContext
from storagekit.docker.build.progress import SourceExcerpt, Vertex, render_failure, render_plain, render_warnings
from storagekit.docker.errors import InvalidReference
from storagekit.fs import paths as fspaths

DRIVER_LINE = '#0 building with "default" instance using docker driver'


def run_build(host, cwd: str, context: str, *, dockerfile: str = "", tags: Sequence[str] = (),
              build_args: dict[str, str] | None = None,
              target: str = "", no_cache: bool = False, no_cache_filter: Sequence[str] = (), quiet: bool = False,
              secrets: dict[str, bytes] | None = None, classic: bool = False,
              debug: bool = False) -> tuple[int, str, str]:
    """Returns ``(exit status, stdout, stderr)``."""
    fs, engine = host.fs, host.engine
    try:
        parsed_tags = [refs.parse(t).with_default_tag() for t in tags]
    except InvalidReference as exc:
        bad = next(t for t in tags if _bad(t))
        return 1, "", f'ERROR: invalid tag "{bad}": {exc.message}\n'
    root = fspaths.normalize(fspaths.join(cwd, context))
    df_path = fspaths.normalize(fspaths.join(cwd, dockerfile)) if dockerfile else root.rstrip("/") + "/Dockerfile"
    refusal = (_classic_context_error(fs, context, root, df_path) if classic
               else _buildx_context_error(fs, context, root))
    if refusal:
        return 1, "", refusal + "\n"
    df_name = fspaths.basename(df_path)
    if not fs.isfile(df_path):
        vertex = Vertex(f"[internal] load build definition from {df_name}", ["transferring dockerfile: 2B done"])
        vertex.status, vertex.error = "ERROR", f"failed to read dockerfile: open {df_name}: no such file or directory"
        err = render_plain([vertex], driver_line=DRIVER_LINE) + render_failure(None, None, vertex.error)
        return 1, "", err
    text = fs.read(df_path).decode(errors="replace")
    request = BuildRequest(text, df_name, BuildContext(fs, root), dict(build_args or {}), target, no_cache,
                           set(no_cache_filter), dict(secrets or {}))
    if classic:
        return _classic(engine, request, parsed_tags, quiet)
    outcome, image = engine.build(request, parsed_tags)
    dockerfile_source = SourceExcerpt(df_name, text, 0, 0)
    warnings = render_warnings(outcome.warnings, debug=debug, dockerfile=dockerfile_source)
    if image is None:
        err = (render_plain(outcome.vertices, driver_line=DRIVER_LINE)
               + render_failure(outcome.failed, outcome.source, outcome.error, "" if quiet else warnings))
        return 1, "", err
    if quiet:
        return 0, image.id + "\n", ""
    return 0, "", render_plain(outcome.vertices, driver_line=DRIVER_LINE) + warnings


def _buildx_context_error(fs, context: str, root: str) -> str:
    """buildx's ``loadInputs``: a context that is not a local directory (nor ``-`` nor a URL) is "not found",
    even when it is a file (the mistake ``docker build Dockerfile``)."""
    if fs.isdir(root):
        return ""
    return f'ERROR: unable to prepare context: path "{context}" not found'


def _classic_context_error(fs, context: str, root: str, df_path: str) -> str:
    """docker/cli's legacy path (``build.GetContextFromLocalDir``): its own words, with no ``ERROR:`` prefix."""
    if not fs.exists(root):
        return f'unable to prepare context: path "{context}" not found'
    if not fs.isdir(root):
        return f"unable to prepare context: context must be a directory: {root}"
    if not fs.lexists(df_path):
        return ("unable to prepare context: unable to evaluate symlinks in Dockerfile path: "
                f"lstat {df_path}: no such file or directory")
    return ""


def _bad(tag: str) -> bool:
    try:
        refs.parse(tag)
        return False
    except InvalidReference:
        return True


def _classic(engine, request: BuildRequest, tags, quiet: bool) -> tuple[int, str, str]:
    """The classic builder's transcript goes to stdout; its error to stderr with the step's exit code."""
    outcome = engine.build_classic(request, tags)
    out = "" if quiet else "\n".join(outcome.lines) + "\n"
    if outcome.error:
        return outcome.status, out, outcome.error + "\n"
    if quiet:
        return 0, outcome.image.id + "\n", ""
    return 0, out, ""
