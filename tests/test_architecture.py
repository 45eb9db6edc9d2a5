"""The house rules of the code (docs/architecture.md), checked on the source itself.

Scrapy-free cores stay Scrapy-free through what they import, no modules import each
other in a circle (imports inside functions count), no module grows past 1,200 lines, and
the crawl's rows have one writer.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("crawler", "archive", "schemas")
MAX_LINES = 1200


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> tuple[set[str], bool]:
    """The project modules a module imports anywhere in it, and whether it imports Scrapy."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    scrapy = False

    def add(target: str) -> None:
        while target and target not in MODULES:
            target = target.rpartition(".")[0]
        if target and target != name:
            targets.add(target)

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                scrapy |= alias.name.split(".")[0] == "scrapy"
                add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, *([node.module] if node.module else [])])
            scrapy |= base.split(".")[0] == "scrapy"
            for alias in node.names:
                full = f"{base}.{alias.name}"
                add(full if full in MODULES else base)
    return targets, scrapy


IMPORTS = {name: _imports(name, path) for name, path in MODULES.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of two or more modules (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return groups


def test_no_modules_import_each_other_in_a_circle_not_even_inside_functions():
    graph = {name: targets for name, (targets, _) in IMPORTS.items()}
    assert _cycles(graph) == []


def test_the_checker_sees_a_circle_made_of_imports_inside_functions():
    # The check above must be able to fail: a circle closed by a function-level import.
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def _loads_scrapy(name: str) -> str:
    code = (
        f"import importlib, sys; importlib.import_module({name!r}); print('scrapy' in sys.modules)"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env, timeout=120
    )
    if run.returncode != 0:
        return f"{name}: import failed: {run.stderr.strip().splitlines()[-1:]}"
    return f"{name} loads Scrapy" if run.stdout.strip() == "True" else ""


def test_every_module_that_does_not_import_scrapy_loads_none_when_imported_alone():
    # Each in a fresh interpreter: one module's imports must not hide another's.
    pure = [
        n for n, (_, scrapy) in IMPORTS.items() if not scrapy and n.split(".")[-1] != "__main__"
    ]
    assert "crawler.extraction" in pure and "crawler.provenance.verify" in pure
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        problems = [p for p in pool.map(_loads_scrapy, pure) if p]
    assert problems == []


def test_no_module_outside_the_demo_site_is_over_1200_lines():
    sizes = {
        name: sum(1 for _ in path.open(encoding="utf-8"))
        for name, path in MODULES.items()
        if not name.startswith("crawler.demo")
    }
    assert {n: s for n, s in sizes.items() if s > MAX_LINES} == {}


WRITES = ("add_capture", "add_captures_if_missing", "store_article", "withdraw_static_pages")


def _calls(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    }


def test_during_a_crawl_only_the_corpus_extension_writes_captures_and_articles():
    # The Scrapy side of the project (modules that import Scrapy) hands rows to one writer.
    writers = {
        name
        for name, (_, scrapy) in IMPORTS.items()
        if scrapy and _calls(MODULES[name]) & set(WRITES)
    }
    assert writers == {"crawler.extensions.corpus"}


def _private_methods() -> set[str]:
    """The private methods our own classes define (a library's are its own business)."""
    names = set()
    for path in MODULES.values():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                names |= {
                    f.name
                    for f in node.body
                    if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef)
                    and f.name.startswith("_")
                    and not f.name.startswith("__")
                }
    return names


def _foreign_private_calls(path: Path, ours: set[str]) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        attr, owner = node.func.attr, node.func.value
        if attr not in ours:
            continue
        if isinstance(owner, ast.Name) and owner.id in ("self", "cls"):
            continue
        if isinstance(owner, ast.Call) and getattr(owner.func, "id", "") == "super":
            continue
        found.append(f"{path.relative_to(ROOT)}:{node.lineno}: .{attr}()")
    return found


def test_no_component_calls_another_ones_private_methods():
    ours = _private_methods()
    assert "_store" in ours  # the check knows our private methods
    calls = [c for path in MODULES.values() for c in _foreign_private_calls(path, ours)]
    assert calls == []


@pytest.mark.parametrize("folder", ["crawler", "archive", "schemas"])
def test_request_meta_keys_are_spelled_only_in_crawler_meta(folder):
    spelled = [
        f"{path.relative_to(ROOT)}"
        for path in (ROOT / folder).rglob("*.py")
        if path != ROOT / "crawler" / "meta.py"
        and ('"newsarchive_' in path.read_text(encoding="utf-8"))
    ]
    assert spelled == []
