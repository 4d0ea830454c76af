"""The import layers of ``toolkit/``: every import points down (or across) the list, never up, never round.

Reading from the bottom: the foundations (errors, yamlmarks and other small modules that know no
domain), then the profile schema and the merge machinery, the trust model, inheritance, the profile
loader, the things made from a profile or a document (composition, the checker, reviews, readers,
renderers, reporters), the build and the batch, and at the top the two ways in: the commands (CLI)
and the web app. The README's "How it is built" describes the same layers.

Every import counts, including one inside a function: a lazy import does not make a circle go away.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TOOLKIT = Path(__file__).resolve().parent.parent / "toolkit"

# Bottom first. A module belongs to the layer of the longest name that matches it (a package name
# covers its submodules); a module may import from its own layer or any layer below.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("foundation", ("toolkit", "toolkit.errors", "toolkit.yamlmarks", "toolkit.dates", "toolkit.resources",
                    "toolkit.document", "toolkit.readability", "toolkit.workers", "toolkit.output",
                    "toolkit.limits", "toolkit.vocabulary")),
    ("schema and merge", ("toolkit.schema", "toolkit.merge")),
    ("trust model", ("toolkit.trust", "toolkit.trust.model")),
    ("inheritance", ("toolkit.inheritance",)),
    ("profile", ("toolkit.profile",)),
    ("documents", ("toolkit.compose", "toolkit.facts", "toolkit.clauses", "toolkit.catalogue", "toolkit.provisions", "toolkit.checker", "toolkit.reviews",
                   "toolkit.readers", "toolkit.render", "toolkit.reporters")),
    ("build", ("toolkit.build", "toolkit.batch", "toolkit.trust.report", "toolkit.diff")),
    ("interfaces", ("toolkit.commands", "toolkit.web", "toolkit.cli", "toolkit.__main__")),
]
# The two ways in: nothing else may import them.
INTERFACES = ("toolkit.commands", "toolkit.web")
INTERFACE_MODULES = ("toolkit.commands", "toolkit.web", "toolkit.cli", "toolkit.__main__")


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def read_sources(root: Path = TOOLKIT) -> dict[str, tuple[str, bool]]:
    """Module name -> (source, is a package) for every module under ``root``."""
    return {module_name(p, root): (p.read_text(encoding="utf-8"), p.name == "__init__.py")
            for p in sorted(root.rglob("*.py"))}


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def import_graph(sources: dict[str, tuple[str, bool]]) -> dict[str, list[tuple[str, int]]]:
    """Module -> the toolkit modules it imports, with the line of each import (all of them, anywhere)."""
    graph: dict[str, list[tuple[str, int]]] = {}
    for name, (source, is_package) in sources.items():
        package = name if is_package else name.rpartition(".")[0]
        found: list[tuple[str, int]] = []
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                found += [(alias.name, node.lineno) for alias in node.names if _within(alias.name, "toolkit")]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base_parts = package.split(".")[:len(package.split(".")) - node.level + 1]
                    base = ".".join(base_parts + ([node.module] if node.module else []))
                else:
                    base = node.module or ""
                if not _within(base, "toolkit"):
                    continue
                for alias in node.names:
                    sub = f"{base}.{alias.name}"  # `from . import json` imports the module toolkit.reporters.json
                    found.append((sub if sub in sources else base, node.lineno))
        graph[name] = found
    return graph


def layer_of(name: str) -> int | None:
    best: tuple[int, int] | None = None  # (length of the matching name, layer)
    for index, (_, members) in enumerate(LAYERS):
        for member in members:
            if _within(name, member) and (member != "toolkit" or name == "toolkit"):
                if best is None or len(member) > best[0]:
                    best = (len(member), index)
    return best[1] if best else None


def layer_problems(sources: dict[str, tuple[str, bool]]) -> list[str]:
    """Every import that points up a layer or into the commands or the web app, and every unplaced module."""
    problems = []
    for name, imports in import_graph(sources).items():
        mine = layer_of(name)
        if mine is None:
            problems.append(f"{name} is in no layer: add it to LAYERS in tests/test_layers.py")
            continue
        for target, line in imports:
            if any(_within(target, i) for i in INTERFACES) and not any(_within(name, i) for i in INTERFACE_MODULES):
                problems.append(f"{name} line {line} imports {target}: only the CLI and the web app may use "
                                f"toolkit.commands or toolkit.web; move what both need into the library")
                continue
            theirs = layer_of(target)
            if theirs is not None and theirs > mine:
                problems.append(f"{name} (layer {LAYERS[mine][0]}) line {line} imports {target} "
                                f"(layer {LAYERS[theirs][0]}, above it)")
    return problems


def import_cycles(sources: dict[str, tuple[str, bool]]) -> list[list[str]]:
    """The modules of each import circle (strongly connected component with more than one module)."""
    graph = {name: sorted({t for t, _ in imports if t in sources and t != name})
             for name, imports in import_graph(sources).items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's algorithm; the graph has a few dozen modules
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for name in graph:
        if name not in index:
            visit(name)
    return cycles


def test_every_import_points_down_the_layers():
    assert layer_problems(read_sources()) == []


def test_no_import_goes_round_in_a_circle():
    assert import_cycles(read_sources()) == []


def private_imports(sources: dict[str, tuple[str, bool]]) -> list[str]:
    """Imports of another toolkit module's private (_underscored) name: make it public, or move it."""
    found = []
    for name, (source, _) in sources.items():
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ImportFrom) and (node.level or _within(node.module or "", "toolkit")):
                for alias in node.names:
                    if alias.name.startswith("_") and not alias.name.startswith("__"):
                        found.append(f"{name} line {node.lineno} imports {alias.name}")
    return found


def test_no_module_imports_another_modules_private_names():
    assert private_imports(read_sources()) == []


def test_a_private_import_is_caught():
    sources = _with("toolkit.trust.model", "from ..schema import _slug")
    [found] = private_imports(sources)
    assert found.startswith("toolkit.trust.model line ") and found.endswith(" imports _slug")


def test_the_layers_name_the_modules_that_exist():
    names = set(read_sources())
    for _, members in LAYERS:
        for member in members:
            assert any(_within(n, member) for n in names) or member == "toolkit.web", member


# The checks themselves, fed synthetic module sources: each must catch what it exists to catch.

def _with(module: str, extra: str, sources: dict[str, tuple[str, bool]] | None = None):
    sources = dict(sources or read_sources())
    source, is_package = sources.get(module, ("", False))
    sources[module] = (source + "\n" + extra + "\n", is_package)
    return sources


@pytest.mark.parametrize("module, line, expected", [
    ("toolkit.schema", "from .profile import load_profile", "toolkit.schema (layer schema and merge)"),
    ("toolkit.merge", "from .trust.model import TrustModel", "imports toolkit.trust.model"),
    ("toolkit.trust.model", "def f():\n    from ..inheritance import load_with_extends",
     "toolkit.trust.model (layer trust model) line"),
    ("toolkit.render.html", "from toolkit.build import build_run", "imports toolkit.build"),
    ("toolkit.build", "from .commands import handle_errors", "only the CLI and the web app"),
    ("toolkit.checker.engine", "import toolkit.web.app", "only the CLI and the web app"),
    ("toolkit.errors", "from . import batch", "imports toolkit.batch"),
])
def test_an_upward_import_is_caught(module, line, expected):
    problems = layer_problems(_with(module, line))
    assert any(expected in p for p in problems), problems


def test_a_module_in_no_layer_is_caught():
    sources = dict(read_sources())
    sources["toolkit.newthing"] = ("from .errors import InputError\n", False)
    assert layer_problems(sources) == ["toolkit.newthing is in no layer: add it to LAYERS in tests/test_layers.py"]


def test_a_circle_within_a_layer_is_caught():
    sources = _with("toolkit.catalogue", "def f():\n    from .clauses import parse_clause")  # clauses imports catalogue
    assert ["toolkit.catalogue", "toolkit.clauses"] in import_cycles(sources)
    assert layer_problems(sources) == []  # same layer: only the circle check sees it
