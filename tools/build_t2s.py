"""Build cleanpage/data/t2s.tsv: a one-to-one Traditional -> Simplified character table.

The table is a list of facts (which Simplified character a Traditional character
corresponds to), taken from OpenCC's TSCharacters dictionary as shipped by the
``opencc-python-reimplemented`` package. Only single-codepoint pairs are kept, and a
character with several candidates maps to the first one, so folding a string never
changes its length: offsets in a folded line are offsets in the original line.

Run:  pip install opencc-python-reimplemented && python tools/build_t2s.py
"""

from __future__ import annotations

import importlib.util
import pathlib
import sys


def main() -> int:
    spec = importlib.util.find_spec("opencc")
    if spec is None or spec.origin is None:
        print("install opencc-python-reimplemented first", file=sys.stderr)
        return 2
    source = pathlib.Path(spec.origin).parent / "dictionary" / "TSCharacters.txt"
    pairs: list[tuple[str, str]] = []
    for raw in source.read_text(encoding="utf-8").splitlines():
        trad, _, simp = raw.partition("\t")
        target = simp.split(" ")[0] if simp else ""
        if len(trad) == 1 and len(target) == 1 and trad != target:
            pairs.append((trad, target))
    out = pathlib.Path(__file__).resolve().parent.parent / "cleanpage" / "data" / "t2s.tsv"
    lines = ["# Traditional -> Simplified, one character each; built by tools/build_t2s.py"]
    lines += [f"{t}\t{s}" for t, s in sorted(pairs)]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(pairs)} pairs to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
