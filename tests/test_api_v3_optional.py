"""Wagtail's API v3 stays optional: only ``wagtail_news.api.v3`` (and the
schemas it alone imports) use Django Ninja or ``wagtail.api.v3``, so Wagtail
7.4 sites, which have neither, load everything else."""

import ast
from pathlib import Path

import wagtail_news

PACKAGE = Path(wagtail_news.__file__).parent
V3_MODULES = {"wagtail_news.api.v3", "wagtail_news.api.schemas"}
V3_IMPORTS = ("ninja", "pydantic", "wagtail.api.v3")


def module_name(path):
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(path):
    """Absolute names of the modules ``path`` imports, at any depth."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def test_only_the_v3_module_imports_ninja_or_wagtails_api_v3():
    modules = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    assert V3_MODULES <= set(modules)
    offenders = {}
    for name, path in modules.items():
        if name in V3_MODULES:
            continue
        bad = {
            imported
            for imported in imported_names(path)
            if imported.startswith(V3_IMPORTS) or imported in V3_MODULES
        }
        if bad:
            offenders[name] = sorted(bad)
    assert offenders == {}


def test_the_check_sees_the_v3_modules_imports():
    imports = imported_names(PACKAGE / "api" / "v3.py")
    assert "ninja" in imports and "wagtail.api.v3.errors" in imports
    assert "wagtail_news.api.schemas" in imports
