"""Tests beside the shims (`shims/<name>/tests/`) share the fixtures of tests/conftest.py."""

from tests.conftest import *  # noqa: F403  (the fixtures: engine, write_js, hostrt_run, node_run, host)
