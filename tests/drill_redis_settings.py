"""Settings of the processes that the fault drills start and kill
(``tests/test_fault_drills_redis.py``): the test settings, with the view
buffer on the drill's private Redis server (its URL and key prefix come
from the environment, the database from DATABASE_URL)."""

import os

from tests.settings import *  # noqa: F403
from tests.settings import CACHES

CACHES = {
    **CACHES,
    "drill": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": os.environ["WAGTAIL_NEWS_DRILL_REDIS"],
        "KEY_PREFIX": os.environ["WAGTAIL_NEWS_DRILL_KEY_PREFIX"],
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 5},
    },
}
WAGTAIL_NEWS = {"VIEW_COUNT_BUFFER": "drill"}
