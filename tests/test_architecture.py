"""The arrows between the packages point one way: ``sim`` <- ``fs`` <- ``runc`` <- ``docker``, ``k8s`` <- ``commands``
<- ``course`` <- ``exercises``, views.

Checked on every import statement, also those inside functions, so that an
engine never learns how text is printed or drawn, and a view never holds a rule.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "storagekit"
VIEW_LIBRARIES = ("graphviz", "ipywidgets", "IPython", "traitlets", "anywidget")

MAY_IMPORT = {
    "sim": {"sim"},
    "fs": {"sim", "fs"},
    "runc": {"sim", "fs", "runc"},
    "docker": {"sim", "fs", "runc", "docker"},
    "k8s": {"sim", "fs", "runc", "docker", "k8s"},
    "commands": {"sim", "fs", "runc", "docker", "k8s", "commands"},
    "course": {"sim", "fs", "runc", "docker", "k8s", "commands", "course"},
    "exercises": {"sim", "fs", "runc", "docker", "k8s", "commands", "course", "exercises"},
    "viz": {"sim", "fs", "runc", "docker", "k8s", "commands", "viz"},
}
"""For each layer, the storagekit packages its modules may import."""


def imports(path: Path) -> list[tuple[str, list[str]]]:
    """``(module, imported names)`` for every import in a file, relative ones resolved."""
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    package = parts if path.name == "__init__.py" else parts[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            found.append((module, [alias.name for alias in node.names]))
    return found


def modules_of(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", sorted(MAY_IMPORT))
def test_a_layer_imports_only_the_layers_below_it(layer):
    wrong = []
    for path in modules_of(layer):
        for module, _ in imports(path):
            top = module.split(".")
            if top[0] == "storagekit" and len(top) > 1 and top[1] not in MAY_IMPORT[layer]:
                wrong.append(f"{path.relative_to(PACKAGE)} imports {module}")
    assert wrong == []


@pytest.mark.parametrize("layer", ["sim", "fs", "runc", "docker", "k8s", "commands", "course"])
def test_the_engines_and_commands_load_without_the_view_libraries(layer):
    wrong = [f"{path.relative_to(PACKAGE)} imports {module}"
             for path in modules_of(layer) for module, _ in imports(path)
             if module.split(".")[0] in VIEW_LIBRARIES]
    assert wrong == []


def test_no_engine_reaches_into_another_engines_private_names():
    wrong = []
    for layer, other in (("k8s", "docker"), ("docker", "k8s")):
        for path in modules_of(layer):
            for module, names in imports(path):
                if module.startswith(f"storagekit.{other}") and (
                        any(part.startswith("_") for part in module.split("."))
                        or any(name.startswith("_") for name in names)):
                    wrong.append(f"{path.relative_to(PACKAGE)}: from {module} import {', '.join(names)}")
    assert wrong == []
