"""Every edit kind the code can make has a section in docs/edits.md.

docs/edits.md ("What cleanpage changed in my file") gives each kind a heading that
starts with the kind in backticks, such as ``### `seo-spam` ``. This test collects the
kinds from the code itself, so a new kind without a section fails here:

- the source of ``cleanpage/``: the kind argument of ``Edit(...)``,
  ``doc.drop_line(...)`` and ``doc.drop_view_span(...)``; any call or tuple that
  pairs a kind with a rule (``("invisible", rule)``, ``(MARKUP, "html.entity")``);
  and assignments to ``kind`` or ``*_kind``. Names such as ``KIND`` or ``MARKUP`` are
  looked up in their module;
- the tables the HTML extractor takes kinds from (``KIND_BY_TAG``, the class and id
  hints) and ``LAYOUT_KINDS``;
- the kinds the built-in site rules use.

It also checks the other way round (no section for a kind nothing makes), that the
page's command-line session and JSON edits are what cleanpage prints today, and that
the README's quick start, which docs/index.md includes, keeps its section markers.
(The page's Python examples run in tests/test_docs.py.)
"""

from __future__ import annotations

import ast
import importlib
import json
import re
from itertools import pairwise
from pathlib import Path

import pytest

import cleanpage
import cleanpage.html
import cleanpage.html.content
import cleanpage.result
import cleanpage.sites
from cleanpage.cli import main

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "cleanpage"
PAGE = ROOT / "docs" / "edits.md"

KIND = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*\Z")
RULE = re.compile(r"[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+\Z")  # spam.keyword-line, html.hidden.zero-size
# the position of the kind argument in the calls that make edits
KIND_ARGUMENT = {"Edit": 3, "drop_line": 1, "drop_view_span": 3}
# statuses that look like kinds in the code but never become an edit: the HTML
# extractor marks the text it keeps with _Status("keep", ...)
NOT_KINDS = frozenset({"keep"})
# a section heading that names a kind: "## `kind`", "### `kind`: what it is"
HEADING = re.compile(r"^#{2,4} `([a-z][a-z0-9-]*)`", re.M)


def _module(path: Path) -> object:
    parts = path.relative_to(ROOT).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return importlib.import_module(".".join(parts))


def _strings(node: ast.expr, module: object) -> set[str]:
    """The strings an expression can evaluate to, as far as a reader can tell: a
    literal, a module-level constant, or either side of ``a or b`` / ``a if c else b``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.Name):
        value = getattr(module, node.id, None)
        return {value} if isinstance(value, str) else set()
    if isinstance(node, ast.BoolOp):
        return set().union(*(_strings(v, module) for v in node.values))
    if isinstance(node, ast.IfExp):
        return _strings(node.body, module) | _strings(node.orelse, module)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get":
        return _strings(node.args[1], module) if len(node.args) == 2 else set()  # KIND_BY_TAG.get(t, "x")
    return set()


def _named_rule(name: str) -> bool:
    return name == "rule" or name.endswith("_rule")


def _is_rule(node: ast.expr, module: object) -> bool:
    """A rule name: ``"spam.keyword-line"``, ``prefix + ".outside"``, ``f"html.{tag}"``,
    or a variable or attribute called ``rule``."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        right = node.right
        if isinstance(right, ast.Constant) and isinstance(right.value, str) and right.value[:1] == ".":
            return True
        return _is_rule(node.left, module)
    if isinstance(node, ast.JoinedStr):
        first = node.values[0] if node.values else None
        return (
            isinstance(first, ast.Constant)
            and isinstance(first.value, str)
            and re.match(r"[a-z][a-z0-9-]*\.", first.value) is not None
        )
    if isinstance(node, ast.IfExp):
        return _is_rule(node.body, module) and _is_rule(node.orelse, module)
    if isinstance(node, ast.Name) and _named_rule(node.id):
        return True
    if isinstance(node, ast.Attribute) and _named_rule(node.attr):
        return True
    names = _strings(node, module)
    return bool(names) and all(RULE.match(n) for n in names)


def _call_name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def kinds_in_source() -> dict[str, set[str]]:
    """Kind -> the places (file:line) in cleanpage/ that make it."""
    found: dict[str, set[str]] = {}

    def add(nodes: set[str], where: str) -> None:
        for kind in nodes:
            if KIND.match(kind) and kind not in NOT_KINDS:
                found.setdefault(kind, set()).add(where)

    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module(path)
        rel = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            sequences: list[list[ast.expr]] = []
            if isinstance(node, ast.Call):
                sequences.append(node.args)
                index = KIND_ARGUMENT.get(_call_name(node))
                if index is not None and len(node.args) > index:
                    add(_strings(node.args[index], module), f"{rel}:{node.lineno}")
                add(
                    {s for kw in node.keywords if kw.arg == "kind" for s in _strings(kw.value, module)},
                    f"{rel}:{node.lineno}",
                )
            elif isinstance(node, ast.Tuple):
                sequences.append(node.elts)
            elif isinstance(node, ast.Assign):  # kind = ..., hidden_kind = ...
                for target in node.targets:
                    if isinstance(target, ast.Name) and (target.id == "kind" or target.id.endswith("_kind")):
                        add(_strings(node.value, module), f"{rel}:{node.lineno}")
            for seq in sequences:
                for kind, rule in pairwise(seq):
                    if _is_rule(rule, module):
                        add(_strings(kind, module), f"{rel}:{node.lineno}")
    return found


def kinds_in_tables() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for kind in cleanpage.html.KIND_BY_TAG.values():
        found.setdefault(kind, set()).add("cleanpage.html.KIND_BY_TAG")
    for kind in cleanpage.html.content._HINT_KINDS:
        found.setdefault(kind, set()).add("cleanpage.html.content._HINT_KINDS")
    for kind in cleanpage.result.LAYOUT_KINDS:
        found.setdefault(kind, set()).add("cleanpage.result.LAYOUT_KINDS")
    for rule in cleanpage.sites.builtin_rules():
        kinds = [p.kind for p in rule.lines] + [z.kind for z in rule.zones] + [s.kind for s in rule.spans]
        if rule.html is not None:
            kinds += [kind for _, kind in rule.html.exclude]
        for kind in kinds:
            found.setdefault(kind, set()).add(f"site rule {rule.name} ({rule.origin})")
    return found


def produced_kinds() -> dict[str, set[str]]:
    found = kinds_in_source()
    for kind, places in kinds_in_tables().items():
        found.setdefault(kind, set()).update(places)
    return found


PRODUCED = produced_kinds()


def documented_kinds() -> list[str]:
    return HEADING.findall(PAGE.read_text(encoding="utf-8"))


def test_the_scan_sees_the_known_kinds() -> None:
    # if the scan broke (a refactor renamed the calls it reads), this fails first
    known = {"seo-spam", "pinyin", "mojibake", "mojibake-unrecoverable", "punctuation", "markup"}
    known |= {"layout", "html-markup", "hidden", "invisible", "outside-content", "related-list"}
    assert known <= set(PRODUCED), sorted(known - set(PRODUCED))


@pytest.mark.parametrize("kind", sorted(PRODUCED))
def test_kind_has_a_section(kind: str) -> None:
    assert kind in documented_kinds(), (
        f"edit kind {kind!r} (made at {', '.join(sorted(PRODUCED[kind]))}) has no section in "
        f"docs/edits.md: add a heading '### `{kind}`' that says what it is, shows an example, names "
        "the detector or rule that makes it and how to turn it off"
    )


def test_every_section_is_a_kind_the_code_makes() -> None:
    stale = [kind for kind in documented_kinds() if kind not in PRODUCED]
    assert not stale, f"docs/edits.md documents kinds that nothing makes any more: {stale}"


def test_each_kind_has_one_section() -> None:
    kinds = documented_kinds()
    assert len(kinds) == len(set(kinds)), sorted({k for k in kinds if kinds.count(k) > 1})


def test_readme_quick_start_is_included_in_the_docs() -> None:
    # docs/index.md includes this README section (pymdownx.snippets): the markers must
    # stay, in order, around the quick start, or the site shows a stale or empty copy
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.find("--8<-- [start:quick-start]")
    end = readme.find("--8<-- [end:quick-start]")
    assert 0 <= start < end, "README.md lost its quick-start section markers"
    assert "pip install" in readme[start:end]
    assert '--8<-- "README.md:quick-start"' in (ROOT / "docs" / "index.md").read_text(encoding="utf-8")


def _transcripts(text: str) -> list[list[tuple[str, str]]]:
    """The ```text blocks of a page that are shell sessions: (command, output) pairs."""
    out = []
    for block in re.findall(r"^```text\n(.*?)^```$", text, flags=re.S | re.M):
        if not block.startswith("$ "):
            continue
        steps = re.findall(r"^\$ (.*)\n((?:(?!\$ ).*\n)*)", block, flags=re.M)
        out.append(steps)
    return out


def test_command_line_examples_are_current(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # the `cat page.txt` / `cleanpage clean` / `cleanpage explain` session on the page
    # is run again: a change in what cleanpage prints must show up in the docs
    monkeypatch.chdir(tmp_path)
    ran = 0
    for steps in _transcripts(PAGE.read_text(encoding="utf-8")):
        for command, output in steps:
            words = command.split()
            if words[0] == "cat":
                (tmp_path / words[1]).write_text(output, encoding="utf-8")
                continue
            assert words[0] == "cleanpage", command
            main(words[1:])
            assert capsys.readouterr().out == output, f"docs/edits.md: the output of `{command}` changed"
            ran += 1
    assert ran >= 2


def test_json_example_is_current() -> None:
    text = PAGE.read_text(encoding="utf-8")
    session = dict(_transcripts(text)[0])
    result = cleanpage.clean(session["cat page.txt"])
    block = re.search(r"^```text\n(\{.*?)^```$", text, flags=re.S | re.M)
    assert block is not None
    shown = [json.loads(line) for line in block.group(1).splitlines()]
    assert shown == [e.to_dict() for e in result.edits[: len(shown)]]
