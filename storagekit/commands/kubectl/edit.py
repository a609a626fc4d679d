"""``kubectl edit``: the object in a temporary file, the learner's editor run on it, the changes sent back.

The editor is what kubectl takes from the environment (``KUBE_EDITOR``, then
``EDITOR``, then ``vi``), run by the simulated shell: a command with no quotes
is split at spaces and run with the file's path added; one with quotes goes to
``$SHELL -c`` (``/bin/bash`` when unset) with the path quoted after it. So
``KUBE_EDITOR="sed -i 's/1Gi/2Gi/'"`` or a script edits the file as a person
would. The loop is kubectl's ``EditOptions.Run``: an unchanged file cancels the
edit, an invalid object re-opens the file with the server's reasons in its
header, and an editor that then changes nothing more leaves the file in
``/tmp`` and says so.
"""

from __future__ import annotations

import contextlib
import json
from typing import NoReturn

import yaml

from storagekit.commands.formats.gofmt import go_json_indent
from storagekit.commands.kubectl.cli import (
    NO_RESOURCES,
    KubectlError,
    api_warnings,
    check_output,
    check_validate,
    fetch,
    list_objects,
    namespace_of,
    resource_names,
    yaml_text,
)
from storagekit.commands.kubectl.manifests import LOADER, ManifestError, load
from storagekit.commands.kubectl.reading import _shown
from storagekit.commands.kubectl.resources import Resource, lookup
from storagekit.k8s.errors import Invalid, NotFound, StatusError
from storagekit.sim.errors import NotSimulated
from storagekit.sim.goquote import go_quote

HEADER = ("# Please edit the object below. Lines beginning with a '#' will be ignored,\n"
          "# and an empty file will abort the edit. If an error occurs while saving this file will be\n"
          "# reopened with the relevant failures.\n#\n")
LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789"
"""What the random part of the temporary file's name is made of (``kubectl-edit-x7k2q.yaml``)."""
MAX_ROUNDS = 25
"""How often the simulator re-opens an edit that keeps failing before it says so (a person would give up)."""


def edit(cluster, ctx, opts: dict, args: list[str]) -> int:
    check_validate(opts)
    if opts["output"] not in ("", "yaml", "json"):  # the editor's printer knows only these two
        check_output(opts, ("json", "yaml"))
    objects = _objects(cluster, ctx, opts, args)
    if objects is None:
        return 1
    if not objects:
        raise KubectlError("edit cancelled, no objects found")
    if any(res.kind == "Event" for res, _ in objects):
        raise NotSimulated("'kubectl edit events' is not simulated yet: events are read from the cluster's log.")
    return Session(cluster, ctx, opts, objects).run()


def _objects(cluster, ctx, opts: dict, args: list[str]) -> list[tuple[Resource, dict]] | None:
    """What the resource builder finds, newest from the server: ``TYPE NAME``, ``TYPE/NAME``, ``TYPE`` (all of
    them) or ``-f FILE``; None after the server's NotFound."""
    if not args and not opts["filename"]:
        raise KubectlError(NO_RESOURCES)
    if opts["filename"]:
        from storagekit.commands.kubectl.writing import read_sources

        pairs = [(o.get("kind", ""), o["metadata"].get("name", "")) for _, objs in read_sources(ctx, opts)
                 for o in objs]
    else:
        pairs = resource_names(args)
    found: list[tuple[Resource, dict]] = []
    for kind, name in pairs:
        res = lookup(kind)
        if res is None:
            raise KubectlError(f'the server doesn\'t have a resource type "{kind}"')
        ns = namespace_of(cluster, opts) if res.namespaced else ""
        if name is None:
            found += [(res, o) for o in list_objects(cluster, res, ns or None, opts)]
            continue
        obj = fetch(cluster, ctx, res.kind, name, ns)
        if obj is None:
            return None
        found.append((res, obj))
    return found


def strip_comments(text: str) -> str:
    """``cmdutil.StripComments``: the file as JSON (so layout and key order do not count), or, where it is not
    YAML, without its comment lines."""
    try:
        return json.dumps(yaml.load(text, Loader=LOADER), sort_keys=True)
    except yaml.YAMLError:
        return manual_strip(text)


def manual_strip(text: str) -> str:
    """``cmdutil.ManualStrip``: every line but those whose first character is ``#`` (``#!`` stays)."""
    return "\n".join(line for line in text.split("\n")
                     if not (line.strip().startswith("#") and not line.strip().startswith("#!")))


def has_lines(text: str) -> bool:
    return any(line.strip() and not line.strip().startswith("#") for line in text.splitlines())


def header(reasons: list[tuple[str, list[str]]]) -> str:
    """``editHeader.writeTo``: the instructions, then why the last save failed."""
    text = HEADER
    for head, others in reasons:
        text += f"# {_hash_lines(head)}{':' if others else ''}\n" + "".join(f"# * {_hash_lines(o)}\n" for o in others)
        text += "#\n"
    return text


def _hash_lines(text: str) -> str:
    """``hashOnLineBreak``: a reason over several lines stays a comment."""
    return "\n".join(line if i == 0 or line.startswith("#") else "# " + line
                     for i, line in enumerate(text.split("\n")))


class Session:
    """One edit of one or more objects (several are edited as a ``List``)."""

    def __init__(self, cluster, ctx, opts: dict, objects: list[tuple[Resource, dict]]) -> None:
        self.cluster, self.ctx, self.opts, self.objects = cluster, ctx, opts, objects
        self.json = opts["output"] == "json"
        self.crlf = bool(opts["windows-line-endings"])

    def render(self) -> str:
        shown = [_shown(o) for _, o in self.objects]
        doc = shown[0] if len(shown) == 1 else {"apiVersion": "v1", "items": shown, "kind": "List", "metadata": {}}
        return go_json_indent(doc) + "\n" if self.json else yaml_text(doc)

    def run(self) -> int:
        ctx = self.ctx
        reasons: list[tuple[str, list[str]]] = []
        previous_file, edited, original, failed = "", "", "", False
        for _ in range(MAX_ROUNDS):
            text = "" if self.json else header(reasons)
            if failed:
                text += manual_strip(edited)
            else:
                text += self.render()
                original = text
            before = edited
            path = self._temp_file(text)
            self._launch(path, previous_file)
            edited = ctx.fs.read(path).decode(errors="replace").replace("\r\n", "\n")
            if failed and strip_comments(before) == strip_comments(edited):
                return self._preserved(path, "Edit cancelled, no valid changes were saved.")
            if previous_file:
                self._remove(previous_file)
            if strip_comments(original) == strip_comments(edited):
                self._remove(path)
                ctx.err("Edit cancelled, no changes made.\n")
                return 0
            if not has_lines(edited):
                self._remove(path)
                ctx.err("Edit cancelled, saved file was empty.\n")
                return 0
            previous_file, reasons = path, []
            try:
                updated = load(edited, "edited-file")
            except ManifestError as exc:
                failed, reasons = True, [(f"The edited file had a syntax error: {exc}", [])]
                continue
            failed = False
            outcome = self._send(updated, path, reasons)
            if outcome is not None:
                return outcome
            failed = bool(reasons)
        ctx.note(f"kubectl edit re-opened the file {MAX_ROUNDS} times and the editor never made it valid; "
                 f"the last version is {previous_file}")
        return 1

    def _send(self, updated: list[dict], path: str, reasons: list) -> int | None:
        """``visitToPatch``: each changed object to the server; the status to end with, or None to re-open the
        file for the objects the server found invalid (``reasons`` then says why)."""
        ctx, namespace = self.ctx, namespace_of(self.cluster, self.opts)
        for obj in updated:
            ns = (obj.get("metadata") or {}).get("namespace")
            res = lookup(obj.get("kind", ""))
            if ns and res is not None and res.namespaced and ns != namespace:
                return self._preserved(path, f'the namespace from the provided object "{ns}" does not match the '
                                             f"namespace \"{namespace}\". You must pass '--namespace={ns}' to "
                                             "perform this operation.")
        retryable = notfound = invalid = 0
        for obj in updated:
            uid = (obj.get("metadata") or {}).get("uid")
            match = next(((r, o) for r, o in self.objects if o["metadata"].get("uid") == uid), None)
            if match is None:
                return self._preserved(path, f"no original object found for {obj.get('kind', '')} "
                                             f"{go_quote((obj.get('metadata') or {}).get('name', ''))}")
            res, original = match
            name = original["metadata"]["name"]
            if _json(_shown(original)) == _json(obj):
                self._print(res, original, "skipped")
                continue
            if any(obj.get(k) != _shown(original).get(k) for k in ("apiVersion", "kind")) \
                    or (obj.get("metadata") or {}).get("name") != name:
                return self._preserved(path, "At least one of apiVersion, kind and name was changed")
            try:
                self.cluster.state.api.decode(obj)
                result = self.cluster.state.api.update(obj)
            except Invalid as exc:
                invalid += 1
                reasons.append((f"{res.qualified} {go_quote(name)} was not valid", [str(c) for c in exc.causes]))
                ctx.err(f"error: {res.qualified} {go_quote(name)} is invalid\n")
            except NotFound:
                notfound += 1
                ctx.err(f"error: {res.qualified} {go_quote(name)} could not be found on the server\n")
            except StatusError as exc:
                retryable += 1
                ctx.err(f"error: {res.qualified} {go_quote(name)} could not be patched: {exc.message}\n")
            else:
                api_warnings(ctx, self.cluster.state.api)
                self.objects = [(r, result if o is original else o) for r, o in self.objects]
                self._print(res, result, "edited")
        if retryable:
            ctx.err(f"You can run `kubectl replace -f {path}` to try this update again.\n")
            return 1
        if notfound:
            ctx.err(f"The edits you made on deleted resources have been saved to {go_quote(path)}\n")
            return 1
        if not invalid:
            self._remove(path)
            return 0
        return None

    def _print(self, res: Resource, obj: dict, operation: str) -> None:
        output = self.opts["output"]
        if output == "json":
            self.ctx.out(go_json_indent(_shown(obj)) + "\n")
        elif output == "yaml":
            self.ctx.out(yaml_text(_shown(obj)))
        else:
            self.ctx.out(f"{res.type_name}/{obj['metadata']['name']} {operation}\n")

    # ------------------------------------------------------------ the editor and its file

    def _temp_file(self, text: str) -> str:
        """``os.TempDir()`` and five random letters: ``/tmp/kubectl-edit-x7k2q.yaml``, readable by its owner only."""
        ctx = self.ctx
        digest = self.cluster.ids.hex("kubectl-edit", 10)
        name = "".join(LETTERS[int(digest[i:i + 2], 16) % len(LETTERS)] for i in range(0, 10, 2))
        directory = ctx.env.get("TMPDIR") or "/tmp"
        path = f"{directory.rstrip('/') or ''}/kubectl-edit-{name}{'.json' if self.json else '.yaml'}"
        data = text.replace("\n", "\r\n") if self.crlf else text
        try:
            ctx.fs.write(ctx.abspath(path), data.encode(), perm=0o600)
        except OSError as exc:
            raise KubectlError(f"open {path}: {exc.strerror.lower() if exc.strerror else exc}") from None
        return path

    def _launch(self, path: str, previous: str) -> None:
        """``Editor.Launch``: run the editor on the file, as kubectl words a failure to."""
        ctx = self.ctx
        editor = ctx.env.get("KUBE_EDITOR") or ctx.env.get("EDITOR") or "vi"
        if " " not in editor or not any(q in editor for q in "\"'\\"):
            argv = editor.split(" ")
            status = ctx.spawn([*argv, path], dict(ctx.env), b"")
            shown = editor
        else:
            shell = ctx.env.get("SHELL") or "/bin/bash"
            dialect = {"bash": "bash", "sh": "dash", "dash": "dash"}.get(shell.rsplit("/", 1)[-1])
            if dialect is None:
                raise NotSimulated(f"an editor run by {shell} is not simulated: the simulator has sh and bash")
            status = ctx.run_line(f"{editor} {go_quote(path)}", dialect, dict(ctx.env), b"")
            shown = f"{shell} -c {editor}"
        if status is None:
            self._report(previous)
            raise KubectlError(f"unable to launch the editor {go_quote(shown)}")
        if status != 0:
            self._report(previous)
            raise KubectlError(f"there was a problem with the editor {go_quote(shown)}")

    def _report(self, path: str) -> None:
        """``preservedFile``: where the learner's changes are, if the file is still there."""
        if path and self.ctx.fs.exists(self.ctx.abspath(path)):
            self.ctx.err(f"A copy of your changes has been stored to {go_quote(path)}\n")

    def _preserved(self, path: str, message: str) -> NoReturn:
        self._report(path)
        raise KubectlError(message)

    def _remove(self, path: str) -> None:
        with contextlib.suppress(OSError):  # the editor may have moved it away; kubectl's os.Remove does not mind
            self.ctx.fs.unlink(self.ctx.abspath(path))


def _json(obj: dict) -> str:
    return json.dumps(obj, sort_keys=True)

