"""The layers a newcomer reads from the tree hold: no import circles, and prose
and rendering free of the database."""

import ast
from pathlib import Path

TRACKER = Path(__file__).resolve().parent.parent / "tracker"


def _imports() -> dict[str, set[str]]:
    """Every tracker module and the tracker modules it imports, anywhere in it."""
    modules = {}
    for path in TRACKER.rglob("*.py"):
        parts = path.relative_to(TRACKER.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                graph[name] |= {a.name for a in node.names if a.name in modules}
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(up + ([base] if base else []))
                if base in modules:
                    graph[name].add(base)
                graph[name] |= {f"{base}.{a.name}" for a in node.names} & set(modules)
    for name in graph:  # a package importing its own modules is no circle
        graph[name].discard(name)
    return graph


def test_no_import_circles():
    graph = _imports()
    seen: dict[str, int] = {}  # 1: on the path, 2: done
    circles = []

    def visit(module: str, path: list[str]) -> None:
        seen[module] = 1
        for other in sorted(graph[module]):
            if seen.get(other) == 1:
                circles.append(path[path.index(other) :] + [other])
            elif other not in seen:
                visit(other, path + [other])
        seen[module] = 2

    for module in sorted(graph):
        if module not in seen:
            visit(module, [module])
    assert circles == []


def test_prose_and_rendering_never_touch_the_database():
    graph = _imports()
    database = {"tracker.db", "tracker.store", "tracker.models", "tracker.migrate"}
    for name, imported in graph.items():
        if name.startswith(("tracker.prose", "tracker.render", "tracker.casefile")):
            assert not (imported & database), f"{name} imports {imported & database}"
            assert not any(i.startswith("tracker.services") for i in imported), name
