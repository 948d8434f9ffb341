"""A static check for patterns that can backtrack exponentially: nested quantifiers.

A repeated group that holds an unbounded quantifier, such as ``(a+)+``, ``(\\s*x)*`` or
``(.*?,){11}``, can split one string in exponentially many ways, and a match that fails
tries them all. :func:`nested_quantifiers` parses a pattern (the syntax of ``re`` and of
the ``regex`` module that cleanpage uses) and lists each such group.

What counts:

- a group repeated by ``*``, ``+``, ``{n,}`` or ``{n,m}`` with m > 1 (``{11}`` too: eleven
  copies of an unbounded inner quantifier are as ambiguous as ``+``) …
- … that holds, at any depth, a ``*``, ``+`` or ``{n,}`` open to backtracking.

What is exempt, because the engine never goes back into it to try another split:
atomic groups ``(?>…)``, possessive quantifiers (``a++``, ``(…)*+``) and lookarounds
(``(?=…)``, ``(?!…)``, ``(?<=…)``, ``(?<!…)``). Bounded inner quantifiers (``?``,
``{0,40}``) are accepted: their splits are polynomial in number.

The check does not see ambiguous alternations such as ``(a|aa)+``: those are left to the
per-match timeout (see :mod:`cleanpage.sites`). Built-in patterns are checked by the
tests (tests/test_pathological.py); site-rule files are checked when they are loaded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

__all__ = ["nested_quantifiers"]


@dataclass
class _Node:
    kind: str  # "seq", "alt", "group", "repeat" or "atom"
    children: list[_Node] = field(default_factory=list)
    text: str = ""  # an atom's, a group's or a repeat's source text
    high: int | None = 1  # a repeat's upper bound (None: unbounded)
    possessive: bool = False
    atomic: bool = False  # an atomic group, or a lookaround: no backtracking into it

    def render(self) -> str:
        if self.kind in ("seq", "alt"):
            return ("|" if self.kind == "alt" else "").join(c.render() for c in self.children)
        return self.text


# a counted repeat: {n}, {n,}, {,m}, {n,m}
_BOUNDS = re.compile(r"\{(\d*)(,?)(\d*)\}")
# one escape: \p{Han}, \x{4e00}, \g<name>, \x4e, \u4e00, \U0001f600 or a single character
_ESCAPE = re.compile(
    r"\\(?:[pPNx]\{[^}]*\}|g<[^>]*>|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.S
)


class _Parser:
    """Enough of the regex syntax to see groups and quantifiers; raises ValueError on
    a pattern it cannot read."""

    def __init__(self, pattern: str, verbose: bool = False) -> None:
        self.p = pattern
        self.i = 0
        self.verbose = verbose

    def parse(self) -> _Node:
        node = self.alternation()
        if self.i != len(self.p):
            raise ValueError(f"unbalanced ')' at {self.i} in {self.p!r}")
        return node

    def alternation(self) -> _Node:
        branches = [self.sequence()]
        while self.i < len(self.p) and self.p[self.i] == "|":
            self.i += 1
            branches.append(self.sequence())
        return branches[0] if len(branches) == 1 else _Node("alt", branches)

    def sequence(self) -> _Node:
        items = []
        while self.i < len(self.p) and self.p[self.i] not in "|)":
            atom = self.atom()
            if atom is not None:
                items.append(self.quantified(atom))
        return _Node("seq", items)

    def quantified(self, atom: _Node) -> _Node:
        p = self.p
        while True:
            self.skip_verbose()  # in verbose mode 'a +' is 'a+'
            if self.i >= len(p):
                return atom
            start, c = self.i, p[self.i]
            high: int | None
            if c in "*+?":
                high = 1 if c == "?" else None
                self.i += 1
            elif c == "{":
                m = _BOUNDS.match(p, self.i)
                if m is None or not (m.group(1) or m.group(3)):
                    return atom  # a literal '{'
                self.i = m.end()
                high = int(m.group(3)) if m.group(3) else (None if m.group(2) else int(m.group(1)))
            else:
                return atom
            possessive = False
            if self.i < len(p) and p[self.i] in "?+":
                possessive = p[self.i] == "+"
                self.i += 1
            text = atom.render() + p[start : self.i]
            atom = _Node("repeat", [atom], text=text, high=high, possessive=possessive)

    def skip_verbose(self) -> None:
        """Skip the whitespace and ``#`` comments that verbose mode ignores."""
        p = self.p
        while self.verbose and self.i < len(p) and (p[self.i].isspace() or p[self.i] == "#"):
            if p[self.i] == "#":
                end = p.find("\n", self.i)
                self.i = len(p) if end < 0 else end + 1
            else:
                self.i += 1

    def atom(self) -> _Node | None:
        p, c = self.p, self.p[self.i]
        if c == "\\":
            m = _ESCAPE.match(p, self.i)
            if m is None:
                raise ValueError(f"trailing backslash in {p!r}")
            self.i = m.end()
            return _Node("atom", text=m.group())
        if c == "[":
            return self.char_class()
        if c == "(":
            return self.group()
        if self.verbose and (c.isspace() or c == "#"):
            self.skip_verbose()
            return None
        self.i += 1
        return _Node("atom", text=c)

    def char_class(self) -> _Node:
        p, start = self.p, self.i
        self.i += 1
        if p.startswith("^", self.i):
            self.i += 1
        if p.startswith("]", self.i):
            self.i += 1
        depth = 1
        while self.i < len(p) and depth:
            c = p[self.i]
            if c == "\\":
                self.i += 1
            elif c == "[":  # a nested set of regex's V1 syntax, or [:alpha:]
                depth += 1
            elif c == "]":
                depth -= 1
            self.i += 1
        return _Node("atom", text=p[start : self.i])

    def group(self) -> _Node:
        p, start = self.p, self.i
        self.i += 1
        atomic = False
        if p.startswith("?", self.i):
            rest = p[self.i + 1 :]
            if rest.startswith("#"):
                self.i = p.index(")", self.i) + 1
                return _Node("seq")
            if rest.startswith(("=", "!", ">")):
                atomic, self.i = True, self.i + 2
            elif rest.startswith(("<=", "<!")):
                atomic, self.i = True, self.i + 3
            elif rest.startswith(("P<", "<")):
                self.i = p.index(">", self.i) + 1
            elif rest.startswith("P="):
                self.i = p.index(")", self.i) + 1
                return _Node("atom", text="(backreference)")
            elif rest.startswith(":"):
                self.i += 2
            else:  # inline flags, (?i) or (?i:...)
                end = self.i + 1
                while end < len(p) and p[end] not in ":)":
                    end += 1
                if end == len(p):
                    raise ValueError(f"missing ')' in {p!r}")
                flags = p[self.i + 1 : end].split("-")[0]
                self.verbose = self.verbose or "x" in flags
                self.i = end + 1
                if p[end] == ")":
                    return _Node("seq")
        inner = self.alternation()
        if not p.startswith(")", self.i):
            raise ValueError(f"missing ')' in {p!r}")
        self.i += 1
        return _Node("group", [inner], text=p[start : self.i], atomic=atomic)


def _backtracking_unbounded(node: _Node) -> Iterator[_Node]:
    if node.kind == "group" and node.atomic:
        return
    if node.kind == "repeat" and node.high is None and not node.possessive:
        yield node
    for child in node.children:
        yield from _backtracking_unbounded(child)


def nested_quantifiers(pattern: str, verbose: bool = False) -> list[str]:
    """Each repeated group (``*``, ``+``, ``{n,}`` or ``{n,m}`` with m > 1) that holds an
    unbounded quantifier open to backtracking, as ``"(group)* repeats x+"``; empty when
    there is none. ``verbose``: the pattern was compiled with the VERBOSE flag (an inline
    ``(?x)`` is seen without it). Raises ValueError on a pattern it cannot parse."""
    found: list[str] = []

    def walk(node: _Node) -> None:
        if node.kind == "group" and node.atomic:
            return
        if node.kind == "repeat" and not node.possessive and (node.high is None or node.high > 1):
            inner = next(_backtracking_unbounded(node.children[0]), None)
            if inner is not None:
                found.append(f"{node.render()[:90]} repeats {inner.render()[:40]}")
                return
        for child in node.children:
            walk(child)

    walk(_Parser(pattern, verbose).parse())
    return found
