"""View counting: rules, storage, the optional cache buffer, and reading."""

from .reading import (
    get_view_count,
    get_view_counts,
    most_read,
    translations_view_count,
    views_in_last_days,
)
from .store import add_view

__all__ = [
    "add_view",
    "get_view_count",
    "get_view_counts",
    "most_read",
    "translations_view_count",
    "views_in_last_days",
]
