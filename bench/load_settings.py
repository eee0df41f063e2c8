"""Settings for bench/load.py: the production stack, plus one bare view as the framework's
ceiling (same middleware, same session, no application work)."""

from upward.settings import *  # noqa: F403

ROOT_URLCONF = "bench.load_urls"
