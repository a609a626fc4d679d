"""Full-screen editors (``vi``, ``vim``, ``nano``): a notebook has no terminal to run them in, so they say so.

Their place is taken by what edits a file without a screen: ``sed -i``, a
here-doc (``cat > file <<'EOF'``), or, for ``kubectl edit``, such a command as
``KUBE_EDITOR``.
"""

from __future__ import annotations

from storagekit.commands.shell.context import NOTE_MARK, ProcessContext

ADVICE = ("{name} is a full-screen editor and the simulator has no terminal to run it in: edit files with sed -i or "
          "a here-doc (cat > FILE <<'EOF'), and give kubectl edit such a command as KUBE_EDITOR or EDITOR")


def editor(ctx: ProcessContext, argv: list[str]) -> int:
    ctx.err(NOTE_MARK + ADVICE.format(name=argv[0].rsplit("/", 1)[-1]) + "\n")
    return 1


PROGRAMS = {"vi": editor, "vim": editor, "nano": editor}
