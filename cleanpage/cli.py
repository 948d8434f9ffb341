"""The ``cleanpage`` command: clean, check, fix, explain, sites.

Exit status: 0 nothing to do, 1 junk found (check, explain) or files changed (fix), 2 a
usage or input error, reported on one line without a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import fnmatch
import json
import os
import signal
import sys
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import NamedTuple, TextIO

from . import __version__
from .budget import DEFAULT_MAX_BYTES
from .cleaner import REPAIRS, Cleaner
from .config import Config, discover, load_config
from .corpus.atomic import Sink, write_bytes_atomic
from .corpus.errors import CorpusError, cannot_read
from .corpus.forms import corpus_form, open_records, open_rejected, open_report, open_writer, output_name
from .corpus.jsonl import JsonlWriter
from .corpus.pool import WorkerSetupError, default_jobs
from .corpus.progress import Progress
from .corpus.records import Record, Status
from .corpus.run import Cleaning, CleanJob, Done
from .corpus.writer import CorpusWriter
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
  cleanpage clean -o out/ crawl.jsonl.zst  a JSONL corpus: the 'text' field cleaned, the
                                           rest kept, a 'cleanpage' field added
  cleanpage clean -o out/ crawl.warc.gz    WARC responses to JSONL, keyed by their URL
  cleanpage clean -j 8 --report r.jsonl -o out/ corpus/   8 processes, every edit logged

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
        run = p.add_argument_group("running")
        run.add_argument(
            "-j",
            "--jobs",
            type=_positive_int,
            metavar="N",
            help="clean with N processes (default: all cores; one for a single file)",
        )
        run.add_argument(
            "--time-budget",
            type=_positive_float,
            metavar="SECONDS",
            help="stop cleaning a page after SECONDS and pass it through (default: no limit)",
        )
        run.add_argument(
            "--max-bytes",
            type=_positive_int,
            default=DEFAULT_MAX_BYTES,
            metavar="N",
            help=f"pass larger pages through uncleaned (default: {DEFAULT_MAX_BYTES:,})",
        )
        run.add_argument(
            "--include",
            action="append",
            default=[],
            metavar="GLOB",
            help="in directories, only files whose path matches GLOB (e.g. '*.txt'); repeatable",
        )
        run.add_argument(
            "--exclude",
            action="append",
            default=[],
            metavar="GLOB",
            help="in directories, skip files whose path matches GLOB; repeatable",
        )
        run.add_argument("-q", "--quiet", action="store_true", help="no progress line and no summary")

    p = sub.add_parser(
        "clean",
        help="print (or write) the clean article",
        description="Print the clean article: title first, one paragraph per line.",
    )
    common(p)
    p.add_argument("-o", "--output", metavar="DIR", help="write one clean file per input into DIR")
    corpus = p.add_argument_group(
        "corpus files",
        "FILEs named *.jsonl[.gz|.zst], *.warc[.gz] or *.parquet are corpora: their documents are "
        "cleaned and written in the same form (WARC as JSONL) to -o DIR, or as JSONL to standard "
        "output. See docs/formats.md.",
    )
    corpus.add_argument(
        "--field", default="text", metavar="NAME", help="the field that holds each page (default: text)"
    )
    corpus.add_argument(
        "--on-error",
        choices=("keep", "skip"),
        default="keep",
        help="a bad document (undecodable, over a limit, failing): keep it unchanged (default) "
        "or leave it out",
    )
    corpus.add_argument(
        "--report", metavar="FILE", help="write one JSON line per document with its status and every edit"
    )
    corpus.add_argument(
        "--rejected", metavar="FILE", help="write the documents that cleaned to nothing here (JSONL)"
    )
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


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, not {text}")
    return value


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


class Input(NamedTuple):
    name: str  # as the user sees it
    path: Path | None  # None: standard input
    relative: Path  # where its output goes under -o DIR


def _iter_inputs(name: str, include: Sequence[str] = (), exclude: Sequence[str] = ()) -> Iterator[Input]:
    """The inputs an argument names. A directory is walked in sorted order, hidden
    entries skipped, symbolic links to directories not followed, and its files keep
    their place under the directory in the output tree; ``include``/``exclude`` globs
    filter the walk (matched against the path under the directory and the file name)."""
    if name == "-":
        yield Input("-", None, Path("stdin"))
        return
    path = Path(name)
    if not path.is_dir():
        yield Input(name, path, Path(path.name))
        return
    found = False
    raise_later: list[str] = []
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for f in sorted(files):
            if f.startswith("."):
                continue
            full = Path(root) / f
            relative = full.relative_to(path)
            if not _wanted(relative, include, exclude):
                continue
            if full.is_symlink() and not _inside(full, path):
                # a walk never leaves the tree it was given: fix would write out there
                raise_later.append(f"{full}: a symbolic link out of {name}; skipped")
                continue
            found = True
            yield Input(str(full), full, relative)
    if raise_later:
        raise UserError("; ".join(raise_later))
    if not found:
        filtered = " that --include/--exclude let through" if include or exclude else ""
        raise UserError(f"{name}: directory holds no files{filtered}")


def _inside(link: Path, root: Path) -> bool:
    try:
        link.resolve().relative_to(root.resolve())
    except (ValueError, OSError):
        return False
    return True


def _wanted(relative: Path, include: Sequence[str], exclude: Sequence[str]) -> bool:
    def hit(pattern: str) -> bool:
        return fnmatch.fnmatch(relative.as_posix(), pattern) or fnmatch.fnmatch(relative.name, pattern)

    if include and not any(hit(p) for p in include):
        return False
    return not any(hit(p) for p in exclude)


PageResult = tuple[str, "Path | None", Path, bytes, Result]  # name, path, output path, bytes, result


class Run:
    """Per-invocation state: the pool that cleans, progress and summary; bad inputs are
    reported and skipped, and decide the exit status. A context manager: leaving it
    stops the workers, and commits (or, after an exception, discards) the report."""

    def __init__(self, cleaner: Cleaner, args: argparse.Namespace, config: Config | None = None) -> None:
        self.cleaner = cleaner
        self.args = args
        self.config = config or Config()
        self.errors = 0
        self.documents = 0
        self.progress = Progress(sys.stderr, quiet=getattr(args, "quiet", True))
        job = CleanJob(cleaner, args.url, args.site, args.encoding, getattr(args, "markup", None))
        self.cleaning = Cleaning(
            job,
            jobs=_jobs(args),
            time_budget=getattr(args, "time_budget", None),
            on_error=getattr(args, "on_error", "keep"),
            progress=self.progress,
        )
        self.report: CorpusWriter | None = None
        self.rejected: CorpusWriter | None = None
        self._stack = contextlib.ExitStack()

    def __enter__(self) -> Run:
        self._stack.enter_context(self.cleaning)
        report = getattr(self.args, "report", None)
        if report:
            self.report = self._stack.enter_context(open_report(report))
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.__exit__(*exc)  # type: ignore[arg-type]

    def inputs(self) -> Iterator[Input]:
        """Every input the arguments name, less what the configuration excludes."""
        for argument in self.args.files:
            try:
                for item in _iter_inputs(argument, self.args.include, self.args.exclude):
                    if item.path is not None and self.config.skips(item.path):
                        continue  # the configuration's exclude/include leave it alone
                    yield item
            except UserError as exc:
                self.error(exc)

    def results(self, inputs: Iterable[Input] | None = None) -> Iterator[PageResult]:
        """Clean page files (by default every input; corpus files are refused here)."""
        for done in self.cleaning.run(self._page_records(self.inputs() if inputs is None else inputs)):
            record = done.record
            self._log(done)
            if done.problem is not None:
                self.error(UserError(f"{record.id}: {done.problem}"))
                continue
            assert done.result is not None and isinstance(record.page, bytes)
            path, relative = record.fields["path"], record.fields["relative"]
            yield record.id, path, relative, record.page, done.result

    def _page_records(self, inputs: Iterable[Input]) -> Iterator[Record]:
        for item in inputs:
            if item.path is not None and corpus_form(item.path) is not None and self.args.command != "clean":
                self.error(UserError(f"{item.name}: a corpus file; clean it with 'cleanpage clean -o DIR'"))
                continue
            try:
                data = _read(item.name, item.path)
            except UserError as exc:
                self.error(exc)
                continue
            fields = {"path": item.path, "relative": item.relative}
            yield Record(item.name, data, fields=fields, size=len(data))

    def corpus(self, item: Input, outdir: Path | None) -> None:
        """Clean one corpus file into ``outdir`` (or standard output) in its own form."""
        assert item.path is not None
        args = self.args
        form = corpus_form(item.path)
        try:
            records = open_records(item.path, field=args.field, max_size=self.cleaner.max_bytes)
            if outdir is not None:
                target = outdir / output_name(str(item.relative))
                target.parent.mkdir(parents=True, exist_ok=True)
                writer = open_writer(target, source=item.path, field=args.field)
            elif form == "parquet":
                raise UserError(f"{item.name}: a Parquet output needs a directory: add -o DIR")
            else:
                field = "text" if form == "warc" else args.field
                writer = JsonlWriter(Sink.to_stream(sys.stdout.buffer), field=field)
            if args.rejected and self.rejected is None:
                rejected = open_rejected(args.rejected, source=item.path, field=args.field)
                self.rejected = self._stack.enter_context(rejected)
        except CorpusError as exc:
            self.error(exc)
            return
        sys.stdout.flush()
        with writer:
            for done in self.cleaning.run(records):
                self._log(done)
                if done.problem is not None:
                    self.say(f"{PROG}: {done.record.id}: {done.problem}")
                writer.write(done.record, done.result, done.status)
                if self.rejected is not None and done.status == Status.REJECTED:
                    self.rejected.write(done.record, done.result, done.status)

    def _log(self, done: Done) -> None:
        self.documents += 1
        if self.report is not None:
            self.report.write(done.record, done.result, done.status)

    def say(self, message: str) -> None:
        if self.progress.enabled:
            self.progress.note(message)
        else:
            print(message, file=sys.stderr)

    def error(self, exc: Exception) -> None:
        self.say(f"{PROG}: error: {exc}")
        self.errors += 1

    def status(self, status: int) -> int:
        return 2 if self.errors else status


def _jobs(args: argparse.Namespace) -> int:
    """-j, or all cores; one process for a single page file, where workers would only
    add their start-up time."""
    if getattr(args, "jobs", None):
        return int(args.jobs)
    files = args.files
    if len(files) == 1 and files[0] != "-" and not Path(files[0]).is_dir() and corpus_form(files[0]) is None:
        return 1
    return default_jobs()


def _read(name: str, path: Path | None) -> bytes:
    if path is None:
        return sys.stdin.buffer.read()
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UserError(cannot_read(name, exc)) from None


# --- output ------------------------------------------------------------------------------


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
    pages: list[Input] = []

    def flush() -> None:
        for name, _path, relative, _data, result in run.results(pages):
            _write_page(run, out, outdir, written, name, relative, result)
        pages.clear()

    for item in run.inputs():
        if item.path is not None and corpus_form(item.path) is not None:
            flush()
            out.flush()
            run.corpus(item, outdir)
        else:
            pages.append(item)
    flush()
    if run.progress.enabled and run.documents > 1:  # a terminal, and not -q
        run.cleaning.summary.stop()
        print(run.cleaning.summary.render(), file=sys.stderr)
    return run.status(0)


def _write_page(
    run: Run, out: TextIO, outdir: Path | None, written: set[Path], name: str, relative: Path, result: Result
) -> None:
    args = run.args
    if args.format == "json":
        payload = json.dumps({"path": name, **result.to_dict()}, ensure_ascii=False)
    elif args.format == "markdown":
        payload = result.markdown()
    else:
        payload = result.text
    if outdir is None:
        out.write(payload + "\n")
        return
    target = outdir / relative
    if args.format == "json":
        target = target.with_name(target.name + ".json")
    elif args.format == "markdown":
        target = target.with_name(target.name + ".md")
    if target in written:
        run.error(UserError(f"{name}: another input already wrote {target}"))
        return
    written.add(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(target, (payload + "\n").encode("utf-8"))


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
            # through a symbolic link to its file: the link stays a link
            target = path.resolve() if path.is_symlink() else path
            write_bytes_atomic(target, new, mode=target.stat().st_mode & 0o7777)
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


def _terminated(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # unwinds like Ctrl-C: temporary files go, workers are reaped


def main(argv: Sequence[str] | None = None) -> int:
    if threading.current_thread() is not threading.main_thread():
        return _main(argv)
    previous = signal.signal(signal.SIGTERM, _terminated)
    try:
        return _main(argv)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _main(argv: Sequence[str] | None) -> int:
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
            max_bytes=args.max_bytes,
        )
        if args.site is not None:
            try:
                rules.get(args.site)
            except KeyError as exc:
                if args.site == config.site:
                    raise config.error("site", str(exc.args[0])) from None
                raise UserError(str(exc.args[0])) from None
        command = {"clean": _cmd_clean, "check": _cmd_check, "fix": _cmd_fix, "explain": _cmd_explain}
        with Run(cleaner, args, config) as run:
            return command[args.command](run, out)
    except (UserError, RuleError, ValueError, CorpusError, WorkerSetupError) as exc:
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
