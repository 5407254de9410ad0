"""Settings for the benchmarks' servers: the app's own, plus the baseline routes of ``bench.urls``."""

from alongside.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
