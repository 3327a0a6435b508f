"""The project's import graph, read from the source with ``ast`` (nothing is imported)."""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Folders are layers; a module may import its own layer and the layers below, never above.
LAYERS = {"lawtext": 0, "base": 1, "corpus": 2, "checks": 3, "workbench": 4, "ui": 5, "app_pages": 5, "app": 5}
PACKAGES = tuple(LAYERS)


@dataclass(frozen=True)
class Import:
    importer: str      # dotted module name
    imported: str      # dotted module name (a module, never a name inside one)
    line: int
    local: bool        # inside a function body rather than at module level


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def project_files() -> list[Path]:
    files = [ROOT / "app.py"]
    for top in PACKAGES:
        if (ROOT / top).is_dir():
            files += sorted((ROOT / top).rglob("*.py"))
    return files


def _absolute(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    base = base[:len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _local_lines(tree: ast.AST) -> set[int]:
    lines = set()
    for fn in ast.walk(tree):
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for node in ast.walk(fn):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    lines.add(node.lineno)
    return lines


def imports() -> list[Import]:
    files = project_files()
    modules = {module_name(p) for p in files}
    out: list[Import] = []
    for path in files:
        name = module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        local = _local_lines(tree)
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                mod = _absolute(name, path.name == "__init__.py", node)
                targets = [f"{mod}.{a.name}" if f"{mod}.{a.name}" in modules else mod for a in node.names]
            for t in targets:
                if t.split(".")[0] in PACKAGES and t in modules:
                    out.append(Import(name, t, node.lineno, node.lineno in local))
    return out


def layer(module: str) -> int:
    return LAYERS[module.split(".")[0]]


def cycles(edges: list[Import]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    graph: dict[str, set[str]] = {}
    for e in edges:
        if e.importer != e.imported and not e.imported.startswith(e.importer + "."):
            graph.setdefault(e.importer, set()).add(e.imported)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found
