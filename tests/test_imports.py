"""The shape of the code, read from its source with `ast` (imports inside functions count):

* the layers: a module imports only from its own layer or the layers below (LAYERS);
* no circles, between modules nor between the parts of the table (a package such as
  corpus/translate, a module such as corpus/request.py);
* the seam: outside corpus/engines/ nothing imports an engine's own modules, compares an
  engine's name, or reaches for a private attribute (the engines' methods are in
  corpus/engines/base.py).

Data flows one way: reader -> document -> analyzer -> engine sink, and request -> engine
searcher -> results -> (CLI | JSON | HTML). The engines call translate, suggest and the
embeddings to rewrite a query, so those sit below them; research views, the indexer and the
search function call the engines; the web app and the CLI sit on top.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from corpus.engines import ENGINES

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("corpus", "search_web")

# Lowest first. A module belongs to the part with the longest matching name.
LAYERS = [
    ("shared", ["corpus", "corpus.messages", "corpus.errors", "corpus.budget", "corpus.processes", "corpus.results",
                "corpus.caches", "corpus.highlight", "corpus.histogram"]),
    ("analysis", ["corpus.analysis", "corpus.langid"]),
    ("documents", ["corpus.document", "corpus.extract", "corpus.metadata", "corpus.fields",
                   "corpus.stories"]),
    ("readers", ["corpus.readers"]),
    ("queries", ["corpus.querylang", "corpus.request"]),
    ("query helpers", ["corpus.translate", "corpus.suggest", "corpus.embeddings"]),
    ("engines", ["corpus.engines"]),
    ("services", ["corpus.search", "corpus.indexer", "corpus.prepare", "corpus.serialize",
                  "corpus.research", "corpus.coverage"]),
    ("interfaces", ["search_web", "corpus.cli", "corpus.__main__", "corpus.client"]),
]
# What code outside corpus/engines/ may import from it: the registry and the seam.
SEAM = ("corpus.engines", "corpus.engines.base")


def modules() -> dict[str, Path]:
    out = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            out[".".join(parts)] = path
    return out


MODULES = modules()


def imported(name: str, path: Path) -> set[str]:
    """Our modules that `name` imports anywhere in its source: `from a import b` is a.b when
    that is a module, else a."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(up + ([base] if base else []))
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


GRAPH = {name: imported(name, path) for name, path in MODULES.items()}


def part(module: str) -> tuple[int, str]:
    """(layer number, the table's name) of a module."""
    best = None
    for level, (_, names) in enumerate(LAYERS):
        for n in names:
            if (module == n or module.startswith(n + ".")) and (best is None or len(n) > len(best[1])):
                best = (level, n)
    assert best is not None, f"{module} is in no layer: add it to LAYERS in {__file__}"
    return best


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan), each in order."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def outside_engines():
    return [(name, path) for name, path in MODULES.items()
            if name != "corpus.engines" and not name.startswith("corpus.engines.")]


# -- the graph ------------------------------------------------------------------------------

def test_every_module_has_a_layer():
    for name in MODULES:
        part(name)


def test_imports_go_down_the_layers():
    wrong = [f"{a} ({LAYERS[part(a)[0]][0]}) imports {b} ({LAYERS[part(b)[0]][0]})"
             for a, targets in GRAPH.items() for b in sorted(targets) if part(b)[0] > part(a)[0]]
    assert not wrong, "imports from a higher layer:\n" + "\n".join(wrong)


def test_no_module_imports_itself_in_a_circle():
    assert not circles(GRAPH)


def test_no_circle_between_packages():
    parts = {}
    for a, targets in GRAPH.items():
        parts.setdefault(part(a)[1], set()).update(part(b)[1] for b in targets if part(b)[1] != part(a)[1])
    assert not circles(parts)


def test_the_checks_see_circles_and_back_arrows():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert not circles({"a": {"b"}, "b": set()})
    assert part("corpus.engines.whoosh.searcher")[0] > part("corpus.translate.rewrite")[0]
    assert part("corpus.stories") == (2, "corpus.stories")
    assert "corpus.translate.keys" in GRAPH["corpus.translate.compiled"]     # an import inside a function counts
    assert "corpus.engines.whoosh.searcher" in GRAPH["corpus.engines"]


# -- the seam -------------------------------------------------------------------------------

def test_only_the_registry_and_the_seam_are_imported_from_engines():
    wrong = [f"{a} imports {b}" for a, _ in outside_engines() for b in sorted(GRAPH[a])
             if b.startswith("corpus.engines") and b not in SEAM]
    assert not wrong, "reaching past the seam:\n" + "\n".join(wrong)


def _names_an_engine(node) -> bool:
    """An engine's name as a string (alone or in a tuple/list/set), `.engine`, `engine` or
    engine_name(...)."""
    if isinstance(node, ast.Constant):
        return node.value in ENGINES
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return any(_names_an_engine(e) for e in node.elts)
    if isinstance(node, ast.Attribute):
        return node.attr == "engine"
    if isinstance(node, ast.Name):
        return node.id == "engine"
    if isinstance(node, ast.Call):
        return getattr(node.func, "id", getattr(node.func, "attr", "")) == "engine_name"
    return False


def engine_branches(source: str) -> list[int]:
    """Lines that compare an engine's name."""
    return sorted({node.lineno for node in ast.walk(ast.parse(source))
                   if isinstance(node, ast.Compare)
                   and any(map(_names_an_engine, [node.left, *node.comparators]))})


def test_no_engine_name_is_compared_outside_the_engines():
    wrong = [f"{path.relative_to(ROOT)}:{line}" for _, path in outside_engines()
             for line in engine_branches(path.read_text(encoding="utf-8"))]
    templates = ROOT / "search_web" / "templates"
    pattern = re.compile(r"engine\s*(==|!=|\bin\b)|['\"](%s)['\"]" % "|".join(ENGINES))
    wrong += [f"{t.relative_to(ROOT)}:{n}" for t in sorted(templates.rglob("*.html"))
              for n, line in enumerate(t.read_text(encoding="utf-8").splitlines(), 1) if pattern.search(line)]
    assert not wrong, "engine branches (call a method of corpus/engines/base.py instead):\n" + "\n".join(wrong)


def test_the_branch_check_sees_branches():
    assert engine_branches('if searcher.engine != "opensearch":\n    pass') == [1]
    assert engine_branches('x = name in ("whoosh", "other")') == [1]
    assert engine_branches('if engine_name(e) == kind:\n    pass') == [1]
    assert engine_branches('open_sink("whoosh", path)\nif x == "y":\n    pass') == []


def private_reaches(source: str) -> list[str]:
    """`x._name` where x is not self, cls or an imported module."""
    tree = ast.parse(source)
    imported_names = {(a.asname or a.name).split(".")[0] for node in ast.walk(tree)
                      if isinstance(node, (ast.Import, ast.ImportFrom)) for a in node.names}
    return [f"{node.lineno}: {ast.unparse(node)}" for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
            and not (isinstance(node.value, ast.Name) and node.value.id in {"self", "cls", *imported_names})]


def test_no_private_reach_outside_the_engines():
    wrong = [f"{path.relative_to(ROOT)}:{r}" for _, path in outside_engines()
             for r in private_reaches(path.read_text(encoding="utf-8"))]
    assert not wrong, "private attributes of other objects:\n" + "\n".join(wrong)


def test_the_private_check_sees_reaches():
    assert private_reaches("corpus._call(x)\nself._y\nimport os\nos._exit(0)") == ["1: corpus._call"]
