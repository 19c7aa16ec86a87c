"""The package's imports between its own modules: at module level they
point down the layers (import-linter's contract in pyproject.toml, checked by
``lint-imports`` in .ci/run); inside functions only the few calls listed
here remain, so that the structure cannot drift back into import circles."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "wagtail_news"

#: (importing module, imported module) of every function-level import.
FUNCTION_LEVEL = {
    # Model methods that call services: the contract's ignore_imports.
    ("wagtail_news.models.articles", "wagtail_news.counting.recording"),
    ("wagtail_news.models.articles", "wagtail_news.counting.reading"),
    ("wagtail_news.models.articles", "wagtail_news.related"),
    ("wagtail_news.models.articles", "wagtail_news"),  # i18n
    ("wagtail_news.api.serializers", "wagtail_news.api.prefetch"),
    # AppConfig.ready(): receivers that need the models loaded.
    ("wagtail_news.apps", "wagtail_news.cache_invalidation"),
    ("wagtail_news.apps", "wagtail_news.signal_handlers"),
}


def module_name(path):
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def function_level_imports():
    found = set()
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        module = module_name(path)
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.ImportFrom) or node.col_offset == 0:
                continue
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("wagtail_news"):
                found.add((module, target))
    return found


def test_only_the_listed_function_level_imports_remain():
    assert function_level_imports() == FUNCTION_LEVEL
