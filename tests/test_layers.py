"""No import runs back up the flow: ingest -> segment -> nlp -> extract -> link -> store -> pipeline -> the
entry points. Every module's imports (top-level and inside functions) are parsed, not run."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "newsgraph"

# Each top-level module or package of newsgraph, by stage; a module may import its own stage or earlier ones.
STAGES: list[set[str]] = [
    {"model", "resources", "datafiles", "credits", "words", "schema", "terminal", "extras", "options"},  # shared by every stage
    {"ingest"},
    {"segment"},
    {"nlp"},
    {"extract"},
    {"link"},
    {"store"},
    {"pipeline"},
    {"api", "scale", "evaluate", "training", "show", "listing", "progress", "web", "cli", "claim_command", "spacy_component",
     "__init__", "__main__"},  # entry points
]
RANK = {name: i for i, names in enumerate(STAGES) for name in names}


def _top(module: str) -> str:
    """'newsgraph.extract.attribution.find' -> 'extract'; the package itself -> '__init__'."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def imports_of(path: Path, root: Path = SRC) -> list[tuple[int, str, tuple[str, ...]]]:
    """(line, imported newsgraph module, names imported from it) for every import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = ".".join(path.relative_to(root.parent).parent.parts)  # the package the file is in
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.extend((node.lineno, a.name, ()) for a in node.names if a.name.split(".")[0] == "newsgraph")
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:  # relative: resolve against the importing package
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join([*base, module] if module else base)
            if module.split(".")[0] == "newsgraph":
                out.append((node.lineno, module, tuple(a.name for a in node.names)))
    return out


def upward_imports(root: Path = SRC) -> list[str]:
    """One line for each import of a later stage (or of a module no stage lists)."""
    problems = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        own = rel.parts[0].removesuffix(".py")
        if own not in RANK:
            problems.append(f"{rel}: module {own!r} is in no stage of tests/test_layers.py")
            continue
        for line, module, names in imports_of(path, root):
            targets = [module]
            if module == "newsgraph":  # "from newsgraph import model": the submodule; __version__: no stage
                targets = [f"newsgraph.{n}" if n in RANK else module for n in names if n != "__version__"]
            for target in targets:
                top = _top(target)
                if top not in RANK:
                    problems.append(f"{rel}:{line}: imports {target}, which is in no stage")
                elif RANK[top] > RANK[own]:
                    problems.append(f"{rel}:{line}: {own} imports {target} from a later stage ({top})")
    return problems


def test_no_import_runs_back_up_the_flow():
    assert upward_imports() == []


@pytest.mark.parametrize("importer, source, expected", [
    ("extract/attribution/stance.py", "from newsgraph.link.contradictions import keywords\n", "extract imports"),
    ("link/crossclaims.py", "def f():\n    from newsgraph.store.base import Store\n", "link imports"),
    ("segment/captions.py", "import newsgraph.extract.time\n", "segment imports"),
    ("ingest/html.py", "from ..segment import lines\n", "ingest imports newsgraph.segment"),
    ("extract/time.py", "from newsgraph import api, model\n", "extract imports newsgraph.api from a later stage"),
    ("extract/places.py", "from newsgraph import analyze\n", "extract imports newsgraph from a later stage"),
    ("oddity.py", "x = 1\n", "in no stage"),
])
def test_an_upward_import_is_caught(tmp_path, importer, source, expected):
    target = tmp_path / "newsgraph" / importer
    target.parent.mkdir(parents=True, exist_ok=True)
    for parent in target.relative_to(tmp_path).parents:
        if parent != Path("."):
            (tmp_path / parent / "__init__.py").touch()
    target.write_text(source, encoding="utf-8")
    problems = upward_imports(tmp_path / "newsgraph")
    assert len(problems) == 1 and expected in problems[0], problems


def test_same_and_earlier_stages_are_allowed(tmp_path):
    target = tmp_path / "newsgraph" / "link" / "crossclaims.py"
    target.parent.mkdir(parents=True)
    (tmp_path / "newsgraph" / "__init__.py").touch()
    (target.parent / "__init__.py").touch()
    target.write_text("from newsgraph.extract.contradictions import x\nfrom newsgraph.words import stem\n"
                      "from newsgraph import __version__, model\nfrom .similarity import cosine\n", encoding="utf-8")
    assert upward_imports(tmp_path / "newsgraph") == []
