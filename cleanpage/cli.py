"""The ``cleanpage`` command: clean, check, fix, explain, sites.

Exit status: 0 nothing to do, 1 junk found (check, explain) or files changed (fix), 2 a
usage or input error, reported on one line without a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TextIO

from . import __version__
from .cleaner import REPAIRS, Cleaner
from .config import Config, discover, load_config
from .decode import looks_binary
from .result import Edit, Result
from .sites import RuleError, RuleSet

PROG = "cleanpage"
EPILOG = """\
examples:
  cleanpage clean page.txt                 print the clean article
  cleanpage clean --format json page.txt   the full result: text, title, site, every edit
  cat page.txt | cleanpage clean -         read standard input
  cleanpage clean -o out/ pages/           clean a directory tree into out/
  cleanpage check pages/                   list junk, change nothing (exit 1 if any)
  cleanpage fix page.txt                   rewrite in place (exit 1 if changed)
  cleanpage explain page.txt               every edit, with its kind and rule
  cleanpage sites --rules my_rules/        the site rules that would be used
  cleanpage clean --no-repairs page.txt    remove junk, rewrite no characters
  cleanpage clean --no-repair punctuation page.txt   keep ASCII ,:;!? as they are
  cleanpage clean --encoding big5 page.txt a charset you know (bytes overrule it)
  cleanpage clean page.html                the article of an HTML page (title, paragraphs)
  cleanpage clean --format markdown page.html   the same with headings, lists and quotes
  cleanpage clean --url https://www.163.com/a.html page.html   let the URL pick the rule
  cleanpage check --no-config pages/       ignore .cleanpage.toml and [tool.cleanpage]

explain marks: [-removed-] {+inserted+} [?damage reported, left as is?]

exit status: 0 nothing to do, 1 junk found (check, explain) or files changed (fix),
2 usage or input error (the other inputs are still processed).
"""


class UserError(Exception):
    """A mistake in how cleanpage was called; reported in one line, exit 2."""


# --- arguments ---------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=(
            "Clean scraped Chinese web pages: remove injected SEO spam, pinyin annotations, "
            "markup residue and portal boilerplate, and say what was removed and why."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def common(p: argparse.ArgumentParser, files: bool = True) -> None:
        if files:
            p.add_argument("files", nargs="+", metavar="FILE", help="files or directories; '-' reads stdin")
        p.add_argument(
            "--rules",
            action="append",
            default=[],
            metavar="DIR",
            help="also load site rules (*.toml) from DIR; repeatable",
        )
        _config_options(p)
        if not files:
            return
        p.add_argument("--site", metavar="NAME", help="use this site rule instead of detecting one")
        p.add_argument("--url", metavar="URL", help="the page's URL, so a rule can match by host")
        p.add_argument(
            "--disable",
            action="append",
            default=[],
            metavar="DETECTOR",
            help="leave out a detector (pinyin, spam, residue, related-list, …); repeatable",
        )
        p.add_argument(
            "--no-repair",
            action="append",
            default=[],
            choices=REPAIRS,
            metavar="REPAIR",
            help=f"turn one repair off ({', '.join(REPAIRS)}); repeatable",
        )
        p.add_argument(
            "--no-repairs",
            action="store_true",
            help="remove junk only: change no text inside kept lines",
        )
        markup = p.add_mutually_exclusive_group()
        markup.add_argument(
            "--html",
            dest="markup",
            action="store_const",
            const=True,
            help="read the input as HTML (default: recognise HTML by its doctype or tags)",
        )
        markup.add_argument(
            "--text", dest="markup", action="store_const", const=False, help="read the input as plain text"
        )
        p.add_argument(
            "--encoding",
            metavar="CHARSET",
            help="the charset the files are in, if you know it (tried first; "
            "overruled when the bytes plainly say otherwise)",
        )

    p = sub.add_parser(
        "clean",
        help="print (or write) the clean article",
        description="Print the clean article: title first, one paragraph per line.",
    )
    common(p)
    p.add_argument("-o", "--output", metavar="DIR", help="write one clean file per input into DIR")
    p.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help="text (default); markdown: headings, lists and quotes kept; json: the whole Result "
        "(text, metadata, every edit), one JSON object per file",
    )

    p = sub.add_parser(
        "check",
        help="report junk without changing anything",
        description="Report every finding as 'path:line: kind (rule)'. Exit 1 if any.",
    )
    common(p)

    p = sub.add_parser(
        "fix",
        help="rewrite files in place",
        description="Rewrite each file that has junk with its clean text (atomically: "
        "a temporary file, then a rename; permissions kept). Exit 1 if any file changed.",
    )
    common(p)

    p = sub.add_parser(
        "explain",
        help="show every edit with its kind, rule and confidence",
        description="Show what cleanpage would change in FILE and why.",
    )
    common(p)
    p.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the output (auto: only on a terminal)",
    )

    p = sub.add_parser(
        "sites",
        help="list the loaded site rules and where each came from",
        description="List the site rules: built-in, installed plug-ins and --rules DIRs.",
    )
    common(p, files=False)
    return parser


# --- configuration -----------------------------------------------------------------------


def _config_options(p: argparse.ArgumentParser) -> None:
    group = p.add_mutually_exclusive_group()
    group.add_argument(
        "--config",
        metavar="FILE",
        help="read settings from FILE (.cleanpage.toml keys, or a pyproject.toml's [tool.cleanpage]) "
        "instead of searching the current directory and its parents",
    )
    group.add_argument("--no-config", action="store_true", help="ignore configuration files")


def _configured(args: argparse.Namespace) -> Config:
    """The configuration file's settings; --site and --encoding given here win over it."""
    if args.no_config:
        return Config()
    config = load_config(args.config) if args.config else discover()
    if hasattr(args, "site") and args.site is None:  # 'sites' takes neither option
        args.site = config.site
    if hasattr(args, "encoding") and args.encoding is None:
        args.encoding = config.encoding
    return config


def _repair_choice(args: argparse.Namespace, config: Config) -> bool | Iterable[str]:
    """The configured repairs, less those the command line turns off."""
    if args.no_repairs:
        return False
    if not args.no_repair:
        return config.repair
    kept = REPAIRS if config.repair is True else config.repair or ()
    return [r for r in REPAIRS if r in kept and r not in args.no_repair]


# --- inputs ------------------------------------------------------------------------------


def _iter_inputs(name: str) -> Iterator[tuple[str, Path | None, Path]]:
    """(display name, path or None for stdin, output path relative to ``-o DIR``).

    A directory is walked in sorted order, hidden entries skipped, and its files keep
    their place under the directory in the output tree.
    """
    if name == "-":
        yield "-", None, Path("stdin")
        return
    path = Path(name)
    if not path.is_dir():
        yield name, path, Path(path.name)
        return
    found = False
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for f in sorted(files):
            if not f.startswith("."):
                found = True
                full = Path(root) / f
                yield str(full), full, full.relative_to(path)
    if not found:
        raise UserError(f"{name}: directory holds no files")


class Run:
    """Per-invocation state: bad inputs are reported and skipped, and decide the exit."""

    def __init__(self, cleaner: Cleaner, args: argparse.Namespace, config: Config | None = None) -> None:
        self.cleaner = cleaner
        self.args = args
        self.config = config or Config()
        self.errors = 0

    def results(self) -> Iterator[tuple[str, Path | None, Path, bytes, Result]]:
        for argument in self.args.files:
            try:
                for name, path, relative in _iter_inputs(argument):
                    if path is not None and self.config.skips(path):
                        continue  # the configuration's exclude/include leave it alone
                    try:
                        data = _read(name, path)
                        result = _clean_input(self.cleaner, self.args, name, data)
                    except UserError as exc:
                        self.error(exc)
                        continue
                    yield name, path, relative, data, result
            except UserError as exc:
                self.error(exc)

    def error(self, exc: Exception) -> None:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        self.errors += 1

    def status(self, status: int) -> int:
        return 2 if self.errors else status


def _read(name: str, path: Path | None) -> bytes:
    if path is None:
        return sys.stdin.buffer.read()
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise UserError(f"{name}: is a directory") from None
    except PermissionError:
        raise UserError(f"{name}: permission denied") from None
    except OSError as exc:
        raise UserError(f"{name}: cannot read ({exc.strerror})") from None


def _clean_input(cleaner: Cleaner, args: argparse.Namespace, name: str, data: bytes) -> Result:
    if looks_binary(data):
        raise UserError(f"{name}: binary file, not a text or HTML page")
    try:
        return cleaner.clean(
            data, url=args.url, site=args.site, encoding=args.encoding, html=getattr(args, "markup", None)
        )
    except KeyError as exc:
        raise UserError(str(exc.args[0])) from None


# --- output ------------------------------------------------------------------------------


def write_atomic(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` so that ``path`` is always the old or the new file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _encode_like_source(result: Result, text: str) -> bytes:
    """The clean text in the input's own encoding when it can hold it, else UTF-8."""
    crlf = result.source.count("\r\n") > result.source.count("\n") / 2
    if crlf:
        text = text.replace("\n", "\r\n")
    encoding = result.encoding if result.encoding not in ("str", "ascii", "mixed") else "utf-8"
    try:
        return text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return text.encode("utf-8")


def _line_number(result: Result, offset: int) -> int:
    return result.source.count("\n", 0, offset) + 1


def findings_by_line(result: Result) -> list[tuple[int, str, str, int]]:
    """(line, kind, rule, count) for every content edit, grouped per line."""
    rows: dict[tuple[int, str, str], int] = {}
    for e in result.findings:
        key = (_line_number(result, e.start), e.kind, e.rule)
        rows[key] = rows.get(key, 0) + 1
    return [(line, kind, rule, n) for (line, kind, rule), n in sorted(rows.items())]


# --- commands ----------------------------------------------------------------------------


def _cmd_clean(run: Run, out: TextIO) -> int:
    args = run.args
    outdir = Path(args.output) if args.output else None
    if outdir is not None:
        if outdir.exists() and not outdir.is_dir():
            raise UserError(f"{outdir}: not a directory")
        outdir.mkdir(parents=True, exist_ok=True)
    written: set[Path] = set()
    for name, _path, relative, _data, result in run.results():
        if args.format == "json":
            record = {"path": name, **result.to_dict()}
            payload = json.dumps(record, ensure_ascii=False)
        elif args.format == "markdown":
            payload = result.markdown()
        else:
            payload = result.text
        if outdir is None:
            out.write(payload + "\n")
            continue
        target = outdir / relative
        if args.format == "json":
            target = target.with_name(target.name + ".json")
        elif args.format == "markdown":
            target = target.with_name(target.name + ".md")
        if target in written:
            run.error(UserError(f"{name}: another input already wrote {target}"))
            continue
        written.add(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, (payload + "\n").encode("utf-8"))
    return run.status(0)


def _cmd_check(run: Run, out: TextIO) -> int:
    status = 0
    for name, _path, _relative, _data, result in run.results():
        for line, kind, rule, n in findings_by_line(result):
            times = f" ×{n}" if n > 1 else ""
            out.write(f"{name}:{line}: {kind} ({rule}){times}\n")
            status = 1
    return run.status(status)


def _cmd_fix(run: Run, out: TextIO) -> int:
    if "-" in run.args.files:
        raise UserError("fix rewrites files in place; use 'clean -' for standard input")
    status = 0
    for name, path, _relative, data, result in run.results():
        assert path is not None
        if not result.findings:
            continue
        if result.markup == "html":
            # rewriting an HTML page with its article text would lose the page
            out.write(f"Not fixing {name}: an HTML page (use 'cleanpage clean -o DIR' to extract it)\n")
            status = 1
            continue
        new = _encode_like_source(result, result.text + "\n")
        if new == data:
            continue
        try:
            write_atomic(path, new, mode=path.stat().st_mode & 0o7777)
        except OSError as exc:
            run.error(UserError(f"{name}: cannot write ({exc.strerror})"))
            continue
        counts = ", ".join(f"{k} {n}" for k, n in sorted(result.counts().items()))
        out.write(f"Fixing {name} ({counts})\n")
        status = 1
    return run.status(status)


_COLOURS = {"del": "\033[31m", "add": "\033[32m", "dim": "\033[2m", "end": "\033[0m"}


def explain(result: Result, colour: bool = False) -> str:
    """A readable account of every content edit, line by line."""
    c = _COLOURS if colour else dict.fromkeys(_COLOURS, "")
    lines = result.source.split("\n")
    by_line: dict[int, list[Edit]] = {}
    for e in result.findings:
        by_line.setdefault(_line_number(result, e.start), []).append(e)
    out: list[str] = []
    counts = ", ".join(f"{k} {n}" for k, n in sorted(result.counts().items())) or "nothing to change"
    out.append(f"site: {result.site or '(none)'}   encoding: {result.encoding}   edits: {counts}")
    for number in sorted(by_line):
        edits = by_line[number]
        text = lines[number - 1].rstrip("\r")
        first = edits[0]
        line_start = result.source.rfind("\n", 0, first.start) + 1
        if len(edits) == 1 and first.start <= line_start and first.end >= line_start + len(text):
            tag = f"{first.kind} ({first.rule}, {first.confidence:.2f})"
            out.append(f"{number:>5} {c['del']}- {text}{c['end']}  {c['dim']}{tag}{c['end']}")
            continue
        shown: list[str] = []
        pos = line_start
        for e in sorted(edits, key=lambda e: e.start):
            shown.append(result.source[pos : e.start])
            if e.is_flag:  # reported, not changed: damage nothing could explain
                shown.append(f"{c['add']}[?{e.original}?]{c['end']}")
                pos = e.end
                continue
            shown.append(f"{c['del']}[-{e.original}-]{c['end']}")
            if e.replacement:
                shown.append(f"{c['add']}{{+{e.replacement}+}}{c['end']}")
            pos = e.end
        shown.append(result.source[pos : line_start + len(text)])
        kinds: dict[str, int] = {}
        for e in edits:
            label = f"{e.kind} ({e.rule})"
            kinds[label] = kinds.get(label, 0) + 1
        tag = ", ".join(f"{k} ×{n}" if n > 1 else k for k, n in kinds.items())
        out.append(f"{number:>5} ~ {''.join(shown)}  {c['dim']}{tag}{c['end']}")
    return "\n".join(out) + "\n"


def _cmd_explain(run: Run, out: TextIO) -> int:
    args = run.args
    colour = args.color == "always" or (args.color == "auto" and out.isatty())
    status = 0
    for name, _path, _relative, _data, result in run.results():
        if len(args.files) > 1 or name != args.files[0]:
            out.write(f"== {name}\n")
        out.write(explain(result, colour))
        status = max(status, 1 if result.findings else 0)
    return run.status(status)


def _cmd_sites(rules: RuleSet, out: TextIO) -> int:
    for rule in rules.rules:
        hosts = ", ".join(rule.hosts) or "-"
        out.write(f"{rule.name}\t{rule.origin}\thosts: {hosts}\t{rule.description}\n")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    out = sys.stdout
    try:
        config = _configured(args)
        rules = RuleSet.load([*config.rules, *args.rules])
        for warning in rules.warnings:
            print(f"{PROG}: warning: {warning}", file=sys.stderr)
        if args.command == "sites":
            return _cmd_sites(rules, out)
        cleaner = Cleaner(
            rules=rules,
            detectors=config.detectors(),
            disable=[*config.disable, *args.disable],
            repair=_repair_choice(args, config),
        )
        if args.site is not None:
            try:
                rules.get(args.site)
            except KeyError as exc:
                if args.site == config.site:
                    raise config.error("site", str(exc.args[0])) from None
                raise UserError(str(exc.args[0])) from None
        command = {"clean": _cmd_clean, "check": _cmd_check, "fix": _cmd_fix, "explain": _cmd_explain}
        return command[args.command](Run(cleaner, args, config), out)
    except (UserError, RuleError, ValueError) as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # the reader went away (| head): not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
