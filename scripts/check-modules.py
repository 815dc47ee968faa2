#!/usr/bin/env python3
"""The engine's shape, checked: no import cycles between its modules (tests and doc comments
aside), and no module over MAX_LINES lines (a module's tests may sit in their own file).

Usage: scripts/check-modules.py [ENGINE_SRC]   (prints the top-level dependencies)
"""
import os
import re
import sys

MAX_LINES = 650
SRC = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "engine", "src")


def module_name(rel):
    parts = rel[:-3].split("/")
    if parts[-1] in ("mod", "lib"):
        parts = parts[:-1]
    return "::".join(parts) or "crate"


def code_of(path):
    """The module's code: comment lines and the inline test module left out."""
    lines = [l for l in open(path).read().split("\n") if not l.strip().startswith("//")]
    return re.split(r"#\[cfg\(test\)\]\s*mod tests \{", "\n".join(lines))[0]


modules = {}
too_long = []
for directory, _, files in os.walk(SRC):
    for name in files:
        if not name.endswith(".rs"):
            continue
        path = os.path.join(directory, name)
        rel = os.path.relpath(path, SRC)
        if name == "tests.rs":
            continue
        code = code_of(path)
        if code.count("\n") + 1 > MAX_LINES:
            too_long.append((rel, code.count("\n") + 1))
        parts = module_name(rel).split("::")
        refs = {m.group(1) for m in re.finditer(r"crate::([a-z_]+(?:::[a-z_]+)*)", code)}
        refs |= {"::".join(parts[:-1] + [m.group(1)]) for m in re.finditer(r"super::([a-z_]+)", code)}
        modules[module_name(rel)] = refs


def resolve(ref):
    parts = ref.split("::")
    for i in range(len(parts), 0, -1):
        candidate = "::".join(parts[:i])
        if candidate in modules:
            return candidate
    return None


graph = {m: set() for m in modules}
for module, refs in modules.items():
    for ref in refs:
        target = resolve(ref)
        # A parent re-exporting its children, or a child using its parent's items, is no cycle.
        if target and target != module and not module.startswith(target + "::") and not target.startswith(module + "::"):
            graph[module].add(target)
top = {}
for module, targets in graph.items():
    for target in targets:
        a, b = module.split("::")[0], target.split("::")[0]
        if a != b:
            top.setdefault(a, set()).add(b)


def cycles(g):
    found, state = [], {}

    def visit(node, stack):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(g.get(node, ())):
            if state.get(nxt) == 1:
                found.append(stack[stack.index(nxt):] + [nxt])
            elif not state.get(nxt):
                visit(nxt, stack)
        stack.pop()
        state[node] = 2

    for node in sorted(g):
        if not state.get(node):
            visit(node, [])
    return found


print("engine modules, top-level dependencies:")
for name, targets in sorted(top.items()):
    print(f"  {name} -> {', '.join(sorted(targets))}")
problems = [f"import cycle: {' -> '.join(c)}" for c in cycles(graph) + cycles(top)]
problems += [f"{rel}: {n} lines (over {MAX_LINES}; move its tests to a file beside it or split it)" for rel, n in too_long]
for problem in problems:
    print(problem, file=sys.stderr)
sys.exit(1 if problems else 0)
