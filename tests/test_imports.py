"""youthcop's imports go one way: no module imports, at its top, a module that imports it back.

The graph is read from the source (``ast``), so the test sees every module,
whichever order Django happens to load them in. An import at module level
counts, including under ``if``/``try``; one inside a function does not, but a
tasks module may not be reached that way either: the tasks sit on top of the
services, which tell them to run through signals (``*/signals.py``).
"""

import ast
from pathlib import Path

import youthcop

ROOT = Path(youthcop.__file__).parent


def modules():
    """``{dotted name: (path, is_package)}`` of every youthcop module but migrations."""
    found = {}
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        if "migrations" in parts:
            continue
        is_package = parts[-1] == "__init__"
        found[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return found


def imported_names(module, is_package, node):
    """The dotted names an import statement may load: the module and each ``from … import name``."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    package = module.split(".") if is_package else module.split(".")[:-1]
    if node.level:
        package = package[: len(package) - (node.level - 1)]
        base = ".".join(package + ([node.module] if node.module else []))
    else:
        base = node.module
    return [base] + [f"{base}.{alias.name}" for alias in node.names]


def module_level_imports(tree):
    """Import statements run when the module loads (at its top, or under ``if``/``try``/``with``)."""
    pending = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, (ast.If, ast.Try, ast.With)):
            pending.extend(node.body)
            pending.extend(getattr(node, "orelse", []))
            pending.extend(getattr(node, "finalbody", []))
            for handler in getattr(node, "handlers", []):
                pending.extend(handler.body)


def all_imports(tree):
    return (node for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom)))


def import_graph(which_imports):
    known = modules()
    graph = {}
    for module, (path, is_package) in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[module] = {
            name
            for node in which_imports(tree)
            for name in imported_names(module, is_package, node)
            if name in known and name != module
        }
    return graph


def cycles(graph):
    """The strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph[module]:
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def reachable(graph, start):
    seen, pending = set(), [start]
    while pending:
        for imported in graph[pending.pop()] - seen:
            seen.add(imported)
            pending.append(imported)
    return seen


def test_the_graph_sees_the_imports():
    graph = import_graph(module_level_imports)
    assert "youthcop.programmes.services" in graph["youthcop.programmes.tasks"]
    assert "youthcop.core.tasks" in graph["youthcop.sessions.signal_handlers"]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycle_among_module_level_imports():
    assert cycles(import_graph(module_level_imports)) == []


def test_every_tasks_module_is_a_leaf():
    """Nothing a tasks module needs imports it back, not even from inside a function."""
    graph = import_graph(all_imports)
    tasks_modules = [module for module in graph if module.endswith(".tasks")]
    assert {"youthcop.programmes.tasks", "youthcop.sessions.tasks", "youthcop.charters.tasks"} <= set(tasks_modules)
    for tasks_module in tasks_modules:
        below = reachable(graph, tasks_module)
        assert tasks_module not in below, f"{tasks_module} is imported back by what it imports"


def test_services_never_import_tasks():
    graph = import_graph(all_imports)
    for module, imported in graph.items():
        if module.endswith(".services"):
            assert not [name for name in imported if name.endswith(".tasks")], module
