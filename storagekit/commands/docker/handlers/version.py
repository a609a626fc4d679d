"""``docker version``: the client's own facts and the daemon's ``/version``, through docker/cli's template.

The default layout is docker/cli 28's ``defaultVersionTemplate`` run by the
Go template engine and aligned by its tabwriter (minimum cell 20, padding 1),
so ``--format`` sees the same ``versionInfo`` value the real client builds:
``.Client`` and ``.Server`` with its ``Components``.
"""

from __future__ import annotations

from storagekit.commands.docker.cli import GIT_COMMIT, VERSION, StatusError
from storagekit.commands.docker.handlers.info import (
    BUILD_TIME,
    CONTAINERD_COMMIT,
    GO_VERSION,
    INIT_COMMIT,
    PLATFORM,
    RUNC_COMMIT,
    GoStruct,
    struct,
)
from storagekit.commands.formats.gotemplate import Template, TemplateError
from storagekit.commands.formats.tabwriter import TabWriter

DEFAULT_TEMPLATE = """{{with .Client -}}
Client:{{if ne .Platform nil}}{{if ne .Platform.Name ""}} {{.Platform.Name}}{{end}}{{end}}
 Version:\t{{.Version}}
 API version:\t{{.APIVersion}}{{if ne .APIVersion .DefaultAPIVersion}} (downgraded from {{.DefaultAPIVersion}}){{end}}
 Go version:\t{{.GoVersion}}
 Git commit:\t{{.GitCommit}}
 Built:\t{{.BuildTime}}
 OS/Arch:\t{{.Os}}/{{.Arch}}
 Context:\t{{.Context}}
{{- end}}

{{- if ne .Server nil}}{{with .Server}}

Server:{{if ne .Platform.Name ""}} {{.Platform.Name}}{{end}}
 {{- range $component := .Components}}
 {{$component.Name}}:
  {{- if eq $component.Name "Engine" }}
  Version:\t{{.Version}}
  API version:\t{{index .Details "ApiVersion"}} (minimum version {{index .Details "MinAPIVersion"}})
  Go version:\t{{index .Details "GoVersion"}}
  Git commit:\t{{index .Details "GitCommit"}}
  Built:\t{{index .Details "BuildTime"}}
  OS/Arch:\t{{index .Details "Os"}}/{{index .Details "Arch"}}
  Experimental:\t{{index .Details "Experimental"}}
  {{- else }}
  Version:\t{{$component.Version}}
  {{- $detailsOrder := getDetailsOrder $component}}
  {{- range $key := $detailsOrder}}
  {{$key}}:\t{{index $component.Details $key}}
   {{- end}}
  {{- end}}
 {{- end}}
 {{- end}}{{- end}}"""

ENGINE_GIT_COMMIT = "45873be"
"""moby v28.2.2's commit, as its build stamps it."""
MIN_API_VERSION = "1.24"
COMPONENTS = (("containerd", "1.7.27", CONTAINERD_COMMIT), ("runc", "1.2.5", RUNC_COMMIT),
              ("docker-init", "0.19.0", INIT_COMMIT))
"""What the docker-ce 28.2.2 packages ship beside the engine (their commits as ``docker info`` gives them)."""


JSON_TAGS: dict[str, dict[str, tuple[str, bool]]] = {
    "system.clientVersion": {
        "Platform": ("Platform", True), "Version": ("Version", True), "APIVersion": ("ApiVersion", True),
        "DefaultAPIVersion": ("DefaultAPIVersion", True), "GitCommit": ("GitCommit", True),
        "GoVersion": ("GoVersion", True), "Os": ("Os", True), "Arch": ("Arch", True),
        "BuildTime": ("BuildTime", True)},
    "types.Version": {
        "Components": ("Components", True), "APIVersion": ("ApiVersion", False),
        "MinAPIVersion": ("MinAPIVersion", True), "KernelVersion": ("KernelVersion", True),
        "Experimental": ("Experimental", True), "BuildTime": ("BuildTime", True)},
    "types.ComponentVersion": {"Details": ("Details", True)},
}
"""Fields whose ``json`` tag renames them (``APIVersion`` is ``ApiVersion`` on the wire) or omits them empty."""


class _Tagged(GoStruct):
    """A struct that ``json`` encodes by its tags (:data:`JSON_TAGS`), in declaration order."""

    def marshal_json(self):
        tags = JSON_TAGS[self.__go_type__]
        out = {}
        for field, value in self.__dict__.items():
            name, omitempty = tags.get(field, (field, False))
            if omitempty and (value is None or value == "" or value is False or value == [] or value == {}):
                continue
            out[name] = value
        return GoStruct(**out)


class ClientVersion(_Tagged):
    __go_type__ = "system.clientVersion"


class ServerVersion(_Tagged):
    __go_type__ = "types.Version"


class Component(_Tagged):
    __go_type__ = "types.ComponentVersion"


def version_info(host) -> GoStruct:
    """docker/cli's ``versionInfo``: what the client knows, and the daemon's answer to ``/version``."""
    info = host.engine.info
    kernel = getattr(info, "kernel_version", "")
    engine = Component(Name="Engine", Version=info.version, Details={
        "ApiVersion": info.api_version, "Arch": "amd64", "BuildTime": BUILD_TIME, "Experimental": "false",
        "GitCommit": ENGINE_GIT_COMMIT, "GoVersion": GO_VERSION, "KernelVersion": kernel,
        "MinAPIVersion": MIN_API_VERSION, "Os": "linux"})
    others = [Component(Name=name, Version=version, Details={"GitCommit": commit})
              for name, version, commit in COMPONENTS]
    server = ServerVersion(
        Platform=struct("struct { Name string }", Name=PLATFORM), Components=[engine, *others],
        Version=info.version, APIVersion=info.api_version, MinAPIVersion=MIN_API_VERSION,
        GitCommit=ENGINE_GIT_COMMIT, GoVersion=GO_VERSION, Os="linux", Arch="amd64", KernelVersion=kernel,
        BuildTime="2025-05-30T12:07:26.000000000+00:00")
    client = ClientVersion(
        Platform=struct("system.platformInfo", Name=PLATFORM), Version=VERSION, APIVersion=info.api_version,
        DefaultAPIVersion="1.50", GitCommit=GIT_COMMIT, GoVersion=GO_VERSION, Os="linux", Arch="amd64",
        BuildTime="Fri May 30 12:07:14 2025", Context="default")
    return struct("system.versionInfo", Client=client, Server=server)


def _details_order(component) -> list[str]:
    return sorted(component.Details)


def version(call) -> int:
    fmt = call.opts.get("format") or ""
    text = DEFAULT_TEMPLATE if not fmt else "{{json .}}" if fmt == "json" else fmt
    try:
        template = Template(text, "version", funcs={"getDetailsOrder": _details_order})
    except TemplateError as exc:
        raise StatusError(str(exc), 64) from None
    writer = TabWriter(20, 1, 1, " ", 0)
    try:
        writer.write(template.execute(version_info(call.backend)))
    except TemplateError as exc:
        writer.write(exc.partial + "\n")
        call.out(writer.flush())
        raise StatusError(exc.go_error) from None
    writer.write("\n")
    call.out(writer.flush())
    return 0
