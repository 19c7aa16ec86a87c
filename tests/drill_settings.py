"""Settings of the server that the database fault drills start
(tests/test_fault_drills_db.py): the test settings with persistent
connections checked before reuse, as a production site runs them."""

from tests.settings import *  # noqa: F403

DATABASES["default"]["CONN_MAX_AGE"] = 60  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

# The visitor keys of a drill's 500 visitors all stay in the cache: the
# local-memory cache's default of 300 entries would drop some, and a visitor
# whose key was dropped counts again.
CACHES["default"] = {  # noqa: F405
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "OPTIONS": {"MAX_ENTRIES": 100_000},
}
