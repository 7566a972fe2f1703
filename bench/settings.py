"""The API's settings, unchanged, with the comparison systems' URLs mounted beside it.

Every system is served by the same process, database, middleware, renderer, throttles
and authentication; only ROOT_URLCONF differs from `newsapi.settings`.
"""

from newsapi.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
