"""Hypothesis profiles: ``default`` for a quick local run, ``ci`` for a thorough one.

Choose with the environment variable ``HYPOTHESIS_PROFILE``; without it, ``ci`` when the
``CI`` variable is set (as .ci/run's environment does), else ``default``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
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


def _stale_compiled_modules() -> list[Path]:
    """Compiled modules beside the sources of the cleanpage under test. The compiled
    build (docs/performance.md) writes them in place when built in a checkout, and
    Python then imports them instead of the sources: the tests would run old code."""
    import cleanpage

    package = Path(cleanpage.__file__).parent
    if not (package / "cleaner.py").exists() or not (package.parent / "pyproject.toml").exists():
        return []  # an installed package, not a checkout
    found = [*package.rglob("*.so"), *package.rglob("*.pyd"), *package.parent.glob("*__mypyc*")]
    return sorted(found)


def pytest_configure(config: pytest.Config) -> None:
    stale = _stale_compiled_modules()
    if stale:
        raise pytest.UsageError(
            f"{len(stale)} compiled module(s) in the checkout ({stale[0]}, ...) shadow its sources; "
            "remove them (git clean -fX -- '*.so') or build the compiled wheel from a copy "
            "(docs/performance.md, 'Compiled build')"
        )
