"""Rebuild ``commands.json``, kubectl's command tree, from a real kubectl client.

``python -m tools.kubectl.regenerate_commands [KUBECTL]`` runs the
client (default: ``kubectl.1.33`` beside the ``kubectl`` on PATH, as the Google
Cloud SDK installs it, else ``kubectl``) and writes every command's name,
aliases, texts and flags as its ``--help`` shows them. What help does not show
is asked of the client directly: a flag's type from the error its parser gives
a bad value, whether it takes a value from whether ``--FLAG`` alone parses,
how a command without subcommand answers. The few facts the client cannot be
asked (which flags are required, hidden or persistent below the root, what a
bare optional-value flag means, which mistyped names suggest which command)
come from the kubectl source of that release and are listed in ``SOURCE_FACTS``;
the run checks each one against the client where it can.

No API server is needed: the client gets a kubeconfig whose server is a closed
local port, and only ``--help`` and parse errors are read.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Literal, TypedDict

from storagekit.commands.cli import values
from storagekit.sim.strconv import parse_bool, parse_duration, parse_float

OUT = Path(__file__).resolve().parents[2] / "storagekit" / "commands" / "kubectl" / "commands.json"
KUBECONFIG = """apiVersion: v1
kind: Config
clusters: [{name: sim, cluster: {server: "http://127.0.0.1:1"}}]
contexts: [{name: sim, context: {cluster: sim, user: sim}}]
current-context: sim
users: [{name: sim, user: {token: sim}}]
"""

CommandFact = Literal["persistent", "required", "flag_error_status", "suggest_for"]
"""The source facts about one command, keyed by its path (``"create cronjob"``), copied into its record."""


class SourceFacts(TypedDict):
    """The kubectl source's facts the client cannot be asked; the comments below say where each comes from."""

    required: dict[str, list[str]]
    suggest_for: dict[str, list[str]]
    no_opt: dict[str, str]
    hidden: dict[str, dict[str, Any]]
    persistent: dict[str, list[dict[str, Any]]]
    flag_error_status: dict[str, int]
    unlisted: list[dict[str, Any]]
    root_tail: list[str]
    help_command: dict[str, str]


SOURCE_FACTS: SourceFacts = {
    # cmd.MarkFlagRequired(...) in k8s.io/kubectl v0.33 (autoscale.go, create_*.go, run.go, scale.go)
    "required": {
        "autoscale": ["max"], "create clusterrolebinding": ["clusterrole"], "create cronjob": ["image", "schedule"],
        "create deployment": ["image"], "create service externalname": ["external-name"], "run": ["image"],
        "scale": ["replicas"],
    },
    # cobra.Command.SuggestFor (get.go, wait.go, delete.go)
    "suggest_for": {"get": ["list", "ps"], "wait": ["list", "ps"], "delete": ["rm"]},
    # NoOptDefVal of flags that are not booleans (cmd/util/helpers.go, delete/delete_flags.go)
    "no_opt": {"dry-run": "unchanged", "validate": "strict", "cascade": "background"},
    # genericclioptions.RecordFlags: --record, deprecated and so hidden, on the commands that record
    "hidden": {"record": {"kind": "bool", "default": False, "deprecated": "--record will be removed in the future",
                          "usage": "Record current kubectl command in the resource annotation. If set to false, do "
                                   "not record the command. If set to true, record the command. If not set, default "
                                   "to updating the existing annotation value only if one already exists."}},
    # config.go: cmd.PersistentFlags().StringVar(..., "kubeconfig", ..., "use a particular kubeconfig file")
    "persistent": {"config": [{"name": "kubeconfig", "kind": "string", "default": "",
                               "usage": "use a particular kubeconfig file"}]},
    # diff.go: cmd.SetFlagErrorFunc(... CheckDiffErr(UsageErrorf(...))): a flag error exits 2, with the usage hint
    "flag_error_status": {"diff": 2},
    # commands the root's help does not list: options.go, alpha.go (no alpha commands in this release)
    "unlisted": [
        {"path": ["options"], "use": "options", "short": "Print the list of flags inherited by all commands",
         "long": "Print the list of flags inherited by all commands",
         "example": "  # Print flags inherited by all commands\n  kubectl options", "run": "options"},
        {"path": ["alpha"], "use": "alpha", "short": "Commands for features in alpha",
         "long": "These commands correspond to alpha features that are not enabled in Kubernetes clusters by default.",
         "run": "alpha"},
    ],
    # the order cmd.go adds the root's commands in after its groups (what "Did you mean this?" lists them by)
    "root_tail": ["alpha", "config", "plugin", "version", "api-versions", "api-resources", "options"],
    # cobra's own help command (InitDefaultHelpCmd), hidden from every listing
    "help_command": {"use": "help [command] [flags]", "short": "Help about any command",
                     "long": "Help provides help for any command in the application.\n"
                             "Simply type kubectl help [path to command] for full details."},
}

FLAG_LINE = re.compile(r"^    (?:-(\S), )?--([^=]+)=(.*):$")


class Kubectl:
    """The real client, run with a quiet environment and a kubeconfig that leads nowhere."""

    def __init__(self, binary: str, home: str, cwd: str | None = None):
        self.binary, self.cwd = binary, cwd
        self.env = {"HOME": "/root", "KUBECONFIG": f"{home}/config", "PATH": "/nonexistent"}
        Path(f"{home}/config").write_text(KUBECONFIG)

    def __call__(self, *argv: str) -> tuple[int, str, str]:
        p = subprocess.run([self.binary, *argv], capture_output=True, text=True, env=self.env,
                           stdin=subprocess.DEVNULL, timeout=60, cwd=self.cwd)
        return p.returncode, p.stdout, p.stderr


def split_help(text: str, shorts: dict[str, str]) -> dict:
    """One command's ``--help`` into its parts, undoing kubectl's help template (templates.go)."""
    parts: dict = {"aliases": [], "example": "", "listing": [], "flags": [], "use": None}
    body = re.sub(r'(\nUse "[^"\n]*" for [^\n]*)+\n$', "", text)
    usage = body.rfind("\n\nUsage:\n  ")
    if usage >= 0:
        parts["use"] = body[usage + len("\n\nUsage:\n  "):].strip()
        body = body[:usage]
    options = body.rfind("\n\nOptions:\n")
    if options >= 0:
        parts["flags"] = parse_options(body[options + len("\n\nOptions:\n"):])
        body = body[:options]
    example = body.find("\n\nExamples:\n")
    aliases = body.find("\n\nAliases:\n")
    # Examples are indented, so their blank lines are never empty: the section ends at the first "\n\n".
    if example >= 0:
        start = example + len("\n\nExamples:\n")
        end = body.find("\n\n", start)
        parts["example"] = body[start:] if end < 0 else body[start:end]
        listing, body = ("" if end < 0 else body[end:]), body[:example]
    elif aliases >= 0:
        end = body.find("\n\n", aliases + 2)
        listing, body = ("", body) if end < 0 else (body[end:], body[:end])
    else:
        first = re.search(r"\n\n[A-Z][^\n]*:\n(?=  \S|\n)", body)
        listing, body = ("", body) if first is None else (body[first.start():], body[:first.start()])
    aliases = body.find("\n\nAliases:\n")
    if aliases >= 0:
        parts["aliases"] = body[aliases + len("\n\nAliases:\n"):].split(", ")[1:]
        body = body[:aliases]
    for section in listing.split("\n\n")[1:]:
        header, _, rows = section.partition("\n")
        names = re.findall(r"^  (\S+) +(.*)$", rows, re.M)
        parts["listing"].append([header, [n for n, _ in names]])
        shorts.update(dict(names))
    parts["long"] = body
    return parts


def parse_options(text: str) -> list[dict]:
    flags = []
    for block in text.split("\n\n"):
        head, _, usage = block.partition("\n\t")
        m = FLAG_LINE.match(head)
        if m is None:
            raise ValueError(f"not a flag line: {head!r}")
        short, name, shown = m.groups()
        quoted = len(shown) >= 2 and shown[0] == shown[-1] == "'"
        flags.append({"name": name, "short": short or "", "shown": shown[1:-1] if quoted else shown,
                      "string": quoted, "usage": usage})
    return flags


def flag_kind(kubectl: Kubectl, path: list[str], flag: dict) -> tuple[str, bool]:
    """The flag's value type, read from how the client's parser answers probe values, and whether it has
    a value to use when given bare (``NoOptDefVal``)."""
    name = flag["name"]

    def error(value: str) -> str:
        _, _, err = kubectl(*path, f"--{name}={value}", "--help")
        first = err.split("\n", 1)[0]
        return first if first.startswith("error: invalid argument") else ""

    bare_ok = kubectl(*path, "--help", f"--{name}")[0] == 0
    if flag["string"]:
        kind = "string"
    else:
        e = error("x")
        if "strconv.ParseBool" in e:
            kind = "bool"
        elif "strconv.ParseInt" in e:
            kind = ("level" if error("0x1") else "int32") if error("2147483648") else "int"
        elif "strconv.ParseUint" in e:
            kind = "uint"
        elif "strconv.ParseFloat" in e:
            kind = "float"
        elif "time: invalid duration" in e:
            kind = "duration"
        elif e.endswith(": parse error"):
            kind = "go-duration"
        elif "filename=N" in e:
            kind = "vmodule"
        elif "malformed pair, expect string=string" in e:
            kind = "mapStringString"
            if not error("a=b,c"):
                raise ValueError(f"kubectl {' '.join(path)} --{name}: a map that does not split at commas")
        elif "must be formatted as key=value" in e:
            kind = "stringToString"
        elif e:
            raise ValueError(f"kubectl {' '.join(path)} --{name}: unknown value type ({e})")
        elif flag["shown"].startswith("["):
            kind = "strings" if error('"a') else "stringArray"
        else:
            raise ValueError(f"kubectl {' '.join(path)} --{name}: unknown value type (default {flag['shown']})")
    return kind, bare_ok


def typed_default(kind: str, shown: str):
    """The flag's Go default, from the text pflag shows for it (``Value.String()``)."""
    if kind == "bool":
        return parse_bool(shown)
    if kind in ("int", "int32", "level", "uint"):
        return values.parse_int(shown)
    if kind == "float":
        return parse_float(shown)
    if kind in ("duration", "go-duration"):
        return parse_duration(shown)
    if kind == "mapStringString":
        return dict(pair.split("=", 1) for pair in shown.split(",")) if shown else {}
    inner = shown[1:-1]
    if kind == "stringToString":
        return dict(pair.split("=", 1) for pair in values.go_csv(inner)) if inner else {}
    if kind in ("strings", "stringArray"):
        return values.go_csv(inner) if inner else []
    return shown


def build_flag(kubectl: Kubectl, path: list[str], flag: dict) -> dict:
    kind, bare_ok = flag_kind(kubectl, path, flag)
    out = {"name": flag["name"], "kind": kind, "usage": flag["usage"], "default": typed_default(kind, flag["shown"])}
    if flag["short"]:
        out["short"] = flag["short"]
    if kind == "vmodule" and flag["shown"] == "":
        out["default"] = ""
    no_opt = "true" if kind == "bool" else SOURCE_FACTS["no_opt"].get(flag["name"], "")
    if bool(no_opt) != bare_ok:
        raise ValueError(f"kubectl {' '.join(path)} --{flag['name']}: bare flag {'parses' if bare_ok else 'fails'}, "
                         f"but the source facts say NoOptDefVal={no_opt!r}")
    if no_opt and kind != "bool":
        out["no_opt"] = no_opt
    return out


def subcommand_run(kubectl: Kubectl, path: list[str], help_text: str) -> str:
    """How a command with subcommands answers when none is named: help on stdout or stderr, the status, and
    whether a word that names no subcommand is an error; or ``run``, its own work (``create -f``...)."""
    rc, out, err = kubectl(*path)
    strict = ":no-args" if kubectl(*path, "extra")[2].startswith('error: unknown command "extra"') else ""
    if out == help_text:
        return f"help-stdout:{rc}{strict}"
    if err == help_text:
        return f"help-stderr:{rc}{strict}"
    if err.strip() == help_text.strip() or out.strip() == help_text.strip():
        raise ValueError(f"kubectl {' '.join(path)}: help printed with other spacing")
    return "run"


def kubectl_133() -> str | None:
    """``kubectl.1.33`` beside the ``kubectl`` on PATH, as the Google Cloud SDK installs it, if it is there."""
    found = shutil.which("kubectl")
    beside = os.path.realpath(found) + ".1.33" if found else ""
    return beside if beside and os.path.exists(beside) else None


def find_kubectl(argv: list[str]) -> str:
    """The client named on the command line, else ``kubectl.1.33`` beside the ``kubectl`` on PATH, else that one."""
    if len(argv) > 1:
        return argv[1]
    found = kubectl_133() or shutil.which("kubectl")
    if not found:
        sys.exit("no kubectl client found")
    return found


def walk(kubectl: Kubectl) -> tuple[dict[tuple[str, ...], dict], dict[tuple[str, ...], str], dict[str, str]]:
    """Every command the help lists, from the root down: its help's parts, its help text, and the shorts."""
    helps: dict[tuple[str, ...], dict] = {}
    texts: dict[tuple[str, ...], str] = {}
    shorts: dict[str, str] = {}
    pending: list[tuple[str, ...]] = [()]
    while pending:
        path = pending.pop(0)
        texts[path] = kubectl(*path, "--help")[1]
        local_shorts: dict[str, str] = {}
        helps[path] = split_help(texts[path], local_shorts)
        shorts.update({" ".join((*path, n)): s for n, s in local_shorts.items()})
        pending += [(*path, n) for _, names in helps[path]["listing"] for n in names]
    return helps, texts, shorts


def entry(path: tuple[str, ...], parts: dict, short: str, flags: list[dict]) -> dict:
    """One command's record in ``commands.json``, with the source facts that concern it."""
    key = " ".join(path)
    use = parts["use"].removesuffix(" [options]")
    cmd: dict[str, Any] = {"path": list(path),
                           "use": use.removeprefix(" ".join(("kubectl", *path[:-1])) + " ") if path else use,
                           "short": short}
    if parts["long"].strip() != short.strip():
        cmd["long"] = parts["long"]
    for field in ("aliases", "example"):
        if parts[field]:
            cmd[field] = parts[field]
    if flags:
        cmd["flags"] = sorted(flags, key=lambda f: f["name"])
    facts: tuple[CommandFact, ...] = ("persistent", "required", "flag_error_status", "suggest_for")
    for fact in facts:
        if key in SOURCE_FACTS[fact]:
            cmd[fact] = SOURCE_FACTS[fact][key]
    return cmd


def main() -> None:
    binary = find_kubectl(sys.argv)
    with tempfile.TemporaryDirectory() as home:
        kubectl = Kubectl(binary, home)
        version = kubectl("version", "--client")[1].splitlines()
        helps, texts, shorts = walk(kubectl)
        root_flags = parse_options(kubectl("options")[1].split("\n\n", 1)[1].rstrip("\n"))
        with ThreadPoolExecutor(8) as pool:
            jobs = {path: [pool.submit(build_flag, kubectl, list(path), f) for f in h["flags"]]
                    for path, h in helps.items()}
            global_jobs = [pool.submit(build_flag, kubectl, [], f) for f in root_flags]
            record = {path: pool.submit(kubectl, *path, "--record=false", "--help") for path in helps if path}
            runs = {path: pool.submit(subcommand_run, kubectl, list(path), texts[path])
                    for path, h in helps.items() if h["listing"] and path}
        commands = []
        for path, h in helps.items():
            flags = [j.result() for j in jobs[path]]
            if path and record[path].result()[0] == 0:
                flags.append({"name": "record", "hidden": True, **SOURCE_FACTS["hidden"]["record"]})
            cmd = entry(path, h, shorts.get(" ".join(path), ""), flags)
            if path in runs:
                cmd["run"] = runs[path].result()
            if not path:  # the last group, "Other Commands", is the root's other commands, sorted
                cmd["groups"] = h["listing"][:-1]
                cmd["persistent"] = sorted((j.result() for j in global_jobs), key=lambda f: f["name"])
            commands.append(cmd)
        commands += SOURCE_FACTS["unlisted"]
        grouped = [n for _, names in commands[0]["groups"] for n in names]
        order = {n: i for i, n in enumerate(grouped + SOURCE_FACTS["root_tail"])}
        commands.sort(key=lambda c: (len(c["path"]) > 1, order.get(c["path"][0], 0) if c["path"] else -1))
        data = {"client": version[0].removeprefix("Client Version: "),
                "kustomize": version[1].removeprefix("Kustomize Version: "),
                "help_command": SOURCE_FACTS["help_command"], "commands": commands}
        OUT.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
        print(f"{len(commands)} commands written to {OUT}")

if __name__ == "__main__":
    main()
