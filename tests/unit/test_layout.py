"""The package's shape holds: no import cycle, no oversized module, only store/ speaks SQL."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "detente"
MAX_LINES = 550  # "files of roughly 100–500 lines": a little slack, never a 1,000-line module


def _module(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _top_level_imports(path: Path, modules: set[str]) -> set[str]:
    """Modules imported when `path` is imported: not inside functions, not under TYPE_CHECKING."""
    tree = ast.parse(path.read_text("utf-8"))
    found: set[str] = set()
    package = _module(path) if path.name == "__init__.py" else _module(path).rpartition(".")[0]

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.startswith("detente"))
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")
                    base = ".".join([*parts[: len(parts) - node.level + 1], base]).strip(".")
                if base.startswith("detente"):
                    subs = {f"{base}.{a.name}" for a in node.names}
                    found.update(subs & modules)
                    if subs - modules:  # names defined in `base` itself, not submodules of it
                        found.add(base)
            elif isinstance(node, ast.If | ast.Try):
                visit(node.body)
                visit(node.orelse)
                if isinstance(node, ast.Try):
                    for handler in node.handlers:
                        visit(handler.body)

    visit(tree.body)
    return found


def test_no_import_cycle_at_import_time() -> None:
    files = {_module(p): p for p in SRC.rglob("*.py")}
    graph = {
        name: {m for m in _top_level_imports(path, set(files)) if m in files and m != name}
        for name, path in files.items()
    }
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def walk(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                walk(nxt)
        stack.pop()
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            walk(name)
    assert not cycles, "import cycles: " + "; ".join(" → ".join(c) for c in cycles)


def test_no_module_is_oversized() -> None:
    big = {
        str(p.relative_to(SRC)): n
        for p in SRC.rglob("*.py")
        if (n := len(p.read_text("utf-8").splitlines())) > MAX_LINES
    }
    assert not big, f"split these modules: {big}"


def test_only_the_store_speaks_sql() -> None:
    speaking = []
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC).as_posix()
        if rel.startswith("store/"):
            continue
        text = path.read_text("utf-8")
        if "import sqlite3" in text or "import psycopg" in text or ("SELECT " in text and " FROM " in text):
            speaking.append(rel)
    assert not speaking, f"SQL outside store/: {speaking}"
