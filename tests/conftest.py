"""Hypothesis profiles: ``default`` for a quick local run, ``ci`` for a thorough one.

Choose with the environment variable ``HYPOTHESIS_PROFILE``; without it, ``ci`` when the
``CI`` variable is set (as .ci/run's environment does), else ``default``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("default", max_examples=50, deadline=None)
# CI explores a fixed set of examples (derandomize, no example database), so a run on a
# clean clone is reproducible; local runs keep searching randomly and remember failures.
settings.register_profile(
    "ci",
    max_examples=400,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
# The long fuzz run of tests/test_fuzz.py (docs/reliability.md): a random search that
# remembers failures, CLEANPAGE_FUZZ_EXAMPLES examples per test (default 10,000).
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("CLEANPAGE_FUZZ_EXAMPLES", "10000")),
    deadline=None,
    derandomize=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "default"))
