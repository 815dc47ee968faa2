#!/usr/bin/env python3
"""The code's shape, checked: no import cycles between the engine's modules (tests and doc
comments aside); in the engine, the command layer, the CLI and the plugin, no module over
MAX_LINES lines before its tests (which may sit in a file of their own) and no function over
MAX_FN_LINES lines; in the engine, no function that returns its reasons as `Result<_, String>`
(errors are typed, CONTRIBUTING.md's house rules).

Usage: scripts/check-modules.py [ENGINE_SRC]   (prints the top-level dependencies)
"""
import os
import re
import sys

MAX_LINES = 600
MAX_FN_LINES = 100
ROOT = os.path.join(os.path.dirname(__file__), "..")
CRATES = ["engine/src", "commands/src", "cli/src", "plugin/src"]
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
string_errors = []
# A return type whose error is a bare String, however the Ok type nests.
STRING_ERROR = re.compile(r"->\s*(?:std::result::)?Result<[^{;]*,\s*String>")
too_long = []
too_long_fns = []
for directory, _, files in os.walk(SRC):
    for name in files:
        if not name.endswith(".rs"):
            continue
        path = os.path.join(directory, name)
        rel = os.path.relpath(path, SRC)
        if name == "tests.rs":
            continue
        code = code_of(path)
        string_errors += [f"{rel}: {m.group(0).strip()}" for m in STRING_ERROR.finditer(code)]
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


def blank_strings_and_comments(src):
    """`src` with comments, strings and char literals blanked out, line breaks kept."""
    pattern = re.compile(r'//[^\n]*|/\*.*?\*/|r(#*)".*?"\1|"(?:\\.|[^"\\])*"|\'(?:\\.[^\']*|[^\'\\])\'', re.S)
    return pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), src)


def long_functions(path):
    """(line, name, lines) of each function body longer than MAX_FN_LINES."""
    src = blank_strings_and_comments(open(path).read())
    found = []
    for m in re.finditer(r"\bfn\s+(\w+)", src):
        i = m.end()
        while i < len(src) and src[i] not in "{;":
            i += 1
        if i >= len(src) or src[i] == ";":
            continue
        depth = 0
        for j in range(i, len(src)):
            depth += {"{": 1, "}": -1}.get(src[j], 0)
            if depth == 0:
                break
        first, last = src.count("\n", 0, m.start()) + 1, src.count("\n", 0, j) + 1
        if last - first + 1 > MAX_FN_LINES:
            found.append((first, m.group(1), last - first + 1))
    return found


for crate in CRATES:
    for directory, _, files in os.walk(os.path.join(ROOT, crate)):
        for name in files:
            if not name.endswith(".rs"):
                continue
            path = os.path.join(directory, name)
            rel = os.path.relpath(path, ROOT)
            before_tests = re.split(r"#\[cfg\(test\)\]\s*mod tests \{", open(path).read())[0]
            if name != "tests.rs" and before_tests.count("\n") + 1 > MAX_LINES:
                too_long.append((rel, before_tests.count("\n") + 1))
            for line, fn, n in long_functions(path):
                too_long_fns.append((f"{rel}:{line}", fn, n))


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
problems += [f"{rel}: {n} lines before its tests (over {MAX_LINES}; split it)" for rel, n in too_long]
problems += [f"{at}: returns its error as a String (give it a reason type)" for at in string_errors]
problems += [f"{at}: fn {fn} has {n} lines (over {MAX_FN_LINES}; cut it along its steps)" for at, fn, n in too_long_fns]
for problem in problems:
    print(problem, file=sys.stderr)
sys.exit(1 if problems else 0)
