"""The same page cleans to the same result in every process.

Python randomises string hashing per process, so anything that iterates a set of
strings (class words, lexicon entries) can change its answer between runs. A corpus
cleaned on many workers must not depend on which worker took a page.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "tests" / "fixtures" / "html").glob("*.html")) + sorted(
    (ROOT / "samples").glob("*.txt")
)

_SCRIPT = """
import hashlib, json, sys
import cleanpage
out = {}
for name in sys.argv[1:]:
    r = cleanpage.clean(open(name, "rb").read())
    out[name] = hashlib.sha256(json.dumps(r.to_dict(), ensure_ascii=False).encode()).hexdigest()
print(json.dumps(out))
"""


def _digests(seed: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, *map(str, PAGES)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    result: dict[str, str] = json.loads(done.stdout)
    return result


def test_results_do_not_depend_on_the_hash_seed() -> None:
    assert len(PAGES) > 10
    first = _digests("1")
    for seed in ("2", "3"):
        other = _digests(seed)
        differing = sorted(Path(k).name for k in first if first[k] != other[k])
        assert not differing, f"PYTHONHASHSEED={seed} changes the result of {differing}"
