"""The ``cleanpage`` command, run as a subprocess: commands, exit codes, files, errors."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import BODY_S, BODY_T, TITLE_S, TITLE_T

import cleanpage

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.txt"))
COMMANDS = ("clean", "check", "fix", "explain", "sites")

SPAM_LINE = "新葡京娱乐城|百家乐开户送彩金|北京赛车pk10|时时彩平台"
SHARE_LINE = "分享到 微信 微博 QQ空间"
# line numbers (1-based) of the junk in JUNK
JUNK = "\n".join([SPAM_LINE, TITLE_S, "", BODY_S[0], SHARE_LINE, BODY_S[1], BODY_S[2], "返回顶部"]) + "\n"
JUNK_CLEAN = "\n".join([TITLE_S, *BODY_S])
CLEAN = "\n".join([TITLE_T, *BODY_T]) + "\n"
ANNOTATED = (
    "今(jīn)天(tiān)下(xià)午(wǔ)，市(shì)政(zhèng)府(fǔ)召(zhào)开(kāi)新(xīn)闻(wén)发(fā)布(bù)会(huì)，"
    "介(jiè)绍(shào)城(chéng)市(shì)更(gèng)新(xīn)进(jìn)展(zhǎn)。"
)
ANNOTATED_PAGE = "\n".join([TITLE_S, ANNOTATED, BODY_S[0]]) + "\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00" + b"\x00" * 64
)


def run(*args: str | Path, stdin: str | bytes | None = None) -> subprocess.CompletedProcess[str]:
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    proc = subprocess.run(
        [sys.executable, "-m", "cleanpage.cli", *map(str, args)],
        input=data,
        capture_output=True,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    return subprocess.CompletedProcess(
        proc.args, proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
    )


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def assert_user_error(proc: subprocess.CompletedProcess[str], *needles: str) -> None:
    """Exit 2 with one-line ``cleanpage: error: …`` messages and no traceback."""
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert lines, "no error message"
    assert all(line.startswith("cleanpage: error: ") for line in lines)
    for needle in needles:
        assert needle in proc.stderr


# --- help and usage ------------------------------------------------------------------------------


def test_help_mentions_every_command() -> None:
    proc = run("--help")
    assert proc.returncode == 0
    for command in COMMANDS:
        assert command in proc.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_command_help_exits_zero(command: str) -> None:
    proc = run(command, "--help")
    assert proc.returncode == 0
    assert "--rules" in proc.stdout


def test_no_arguments_exits_2() -> None:
    proc = run()
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


def test_version() -> None:
    proc = run("--version")
    assert proc.returncode == 0
    assert cleanpage.__version__ in proc.stdout


def test_file_argument_required() -> None:
    proc = run("clean")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


# --- clean -----------------------------------------------------------------------------------------


def test_clean_prints_clean_text(tmp_path: Path) -> None:
    page = write(tmp_path / "page.txt", JUNK)
    proc = run("clean", page)
    assert proc.returncode == 0
    assert proc.stdout == JUNK_CLEAN + "\n"
    assert page.read_text(encoding="utf-8") == JUNK  # clean never touches the input


def test_clean_reads_stdin() -> None:
    proc = run("clean", "-", stdin=JUNK)
    assert proc.returncode == 0
    assert proc.stdout == JUNK_CLEAN + "\n"


def test_clean_json_has_the_result(tmp_path: Path) -> None:
    page = write(tmp_path / "page.txt", JUNK)
    proc = run("clean", "--format", "json", page)
    assert proc.returncode == 0
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(records) == 1
    record = records[0]
    assert {"text", "title", "site", "edits"} <= set(record)
    assert record["text"] == JUNK_CLEAN
    assert record["title"] == TITLE_S
    assert record["site"] is None
    assert record["path"] == str(page)
    kinds = {e["kind"] for e in record["edits"]}
    assert {"seo-spam", "share-widget", "site-nav"} <= kinds
    for e in record["edits"]:
        assert {"start", "end", "replacement", "kind", "rule", "confidence", "original"} <= set(e)


def test_clean_json_of_stdin() -> None:
    proc = run("clean", "--format", "json", "-", stdin=JUNK)
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["text"] == JUNK_CLEAN


def test_clean_output_dir_writes_files(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    write(src / "a.txt", JUNK)
    write(src / "b.txt", CLEAN)
    out = tmp_path / "out"
    proc = run("clean", "-o", out, src / "a.txt", src / "b.txt")
    assert proc.returncode == 0
    assert proc.stdout == ""
    assert sorted(p.name for p in out.iterdir()) == ["a.txt", "b.txt"]
    assert (out / "a.txt").read_text(encoding="utf-8") == JUNK_CLEAN + "\n"
    assert (out / "b.txt").read_text(encoding="utf-8") == CLEAN


def test_clean_output_dir_json(tmp_path: Path) -> None:
    page = write(tmp_path / "page.txt", JUNK)
    out = tmp_path / "out"
    proc = run("clean", "--format", "json", "-o", out, page)
    assert proc.returncode == 0
    record = json.loads((out / "page.txt.json").read_text(encoding="utf-8"))
    assert record["text"] == JUNK_CLEAN


def test_clean_walks_directories_recursively(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    (tree / "sub" / "deeper").mkdir(parents=True)
    write(tree / "one.txt", JUNK)
    write(tree / "sub" / "deeper" / "two.txt", JUNK)
    proc = run("clean", "-o", tmp_path / "out", tree)
    assert proc.returncode == 0
    out = tmp_path / "out"
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == ["one.txt", "sub/deeper/two.txt"]  # the tree is mirrored under DIR
    assert (out / "sub" / "deeper" / "two.txt").read_text(encoding="utf-8") == JUNK_CLEAN + "\n"


def test_clean_output_dir_that_is_a_file(tmp_path: Path) -> None:
    page = write(tmp_path / "page.txt", JUNK)
    blocker = write(tmp_path / "out", "not a directory")
    assert_user_error(run("clean", "-o", blocker, page), "not a directory")


def test_clean_output_name_clash(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    write(tmp_path / "x" / "page.txt", JUNK)
    write(tmp_path / "y" / "page.txt", JUNK)
    proc = run("clean", "-o", tmp_path / "out", tmp_path / "x" / "page.txt", tmp_path / "y" / "page.txt")
    assert_user_error(proc, "already wrote")
    assert (tmp_path / "out" / "page.txt").exists()


# --- check -------------------------------------------------------------------------------------------


def test_check_reports_findings_with_line_numbers(tmp_path: Path) -> None:
    page = write(tmp_path / "page.txt", JUNK)
    proc = run("check", page)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert f"{page}:1: seo-spam (spam.keyword-line)" in lines
    assert f"{page}:5: share-widget (share.tokens)" in lines
    assert f"{page}:8: site-nav (nav.furniture)" in lines
    assert all(line.startswith(f"{page}:") for line in lines)


def test_check_clean_file_exits_zero(tmp_path: Path) -> None:
    page = write(tmp_path / "page.txt", CLEAN)
    proc = run("check", page)
    assert proc.returncode == 0
    assert proc.stdout == ""


def test_check_ignores_layout_only_changes(tmp_path: Path) -> None:
    # blank lines and trailing spaces are normalised by clean but are not junk
    page = write(tmp_path / "page.txt", "\n\n" + TITLE_S + "  \n\n\n" + BODY_S[0] + "\n\n")
    assert run("check", page).returncode == 0


def test_check_stdin() -> None:
    proc = run("check", "-", stdin=JUNK)
    assert proc.returncode == 1
    assert proc.stdout.startswith("-:1: seo-spam")


def test_check_directory(tmp_path: Path) -> None:
    write(tmp_path / "clean.txt", CLEAN)
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "junk.txt", JUNK)
    proc = run("check", tmp_path)
    assert proc.returncode == 1
    assert {line.split(":")[0] for line in proc.stdout.splitlines()} == {str(tmp_path / "sub" / "junk.txt")}


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.name for p in SAMPLES])
def test_check_on_sample_then_on_its_clean_output(sample: Path, tmp_path: Path) -> None:
    assert run("check", sample).returncode == 1
    out = tmp_path / "out"
    assert run("clean", "-o", out, sample).returncode == 0
    cleaned = out / sample.name
    assert cleaned.read_text(encoding="utf-8").strip()
    proc = run("check", cleaned)
    assert proc.returncode == 0, proc.stdout


def test_samples_exist() -> None:
    assert SAMPLES, "samples/*.txt are needed by the CLI tests"


# --- fix -----------------------------------------------------------------------------------------------


def test_fix_rewrites_then_check_is_clean(tmp_path: Path) -> None:
    page = write(tmp_path / "page.txt", JUNK)
    proc = run("fix", page)
    assert proc.returncode == 1
    assert proc.stdout.startswith(f"Fixing {page} (")
    assert "seo-spam 1" in proc.stdout
    assert page.read_text(encoding="utf-8") == JUNK_CLEAN + "\n"
    assert run("check", page).returncode == 0
    assert run("fix", page).returncode == 0


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.name for p in SAMPLES])
def test_fix_sample_copy(sample: Path, tmp_path: Path) -> None:
    copy = tmp_path / sample.name
    copy.write_bytes(sample.read_bytes())
    assert run("fix", copy).returncode == 1
    assert run("check", copy).returncode == 0
    assert sample.read_bytes() != copy.read_bytes()


def test_fix_keeps_mode_and_leaves_no_temp_files(tmp_path: Path) -> None:
    page = write(tmp_path / "page.txt", JUNK)
    page.chmod(0o640)
    assert run("fix", page).returncode == 1
    assert stat.S_IMODE(page.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.txt"]


def test_fix_does_not_rewrite_a_clean_file(tmp_path: Path) -> None:
    page = write(tmp_path / "page.txt", CLEAN)
    os.utime(page, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    before = page.stat()
    proc = run("fix", page)
    assert proc.returncode == 0
    assert proc.stdout == ""
    after = page.stat()
    assert after.st_ino == before.st_ino
    assert after.st_mtime_ns == before.st_mtime_ns
    assert page.read_text(encoding="utf-8") == CLEAN


def test_fix_keeps_gbk_encoding(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes(JUNK.encode("gb18030"))
    assert run("fix", page).returncode == 1
    data = page.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert data.decode("gb18030") == JUNK_CLEAN + "\n"


def test_fix_keeps_crlf_line_ends(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes(JUNK.replace("\n", "\r\n").encode("utf-8"))
    assert run("fix", page).returncode == 1
    assert page.read_bytes() == (JUNK_CLEAN + "\n").replace("\n", "\r\n").encode("utf-8")


def test_fix_walks_directories(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    one = write(tmp_path / "one.txt", JUNK)
    two = write(tmp_path / "sub" / "two.txt", JUNK)
    untouched = write(tmp_path / "sub" / "ok.txt", CLEAN)
    proc = run("fix", tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.count("Fixing ") == 2
    assert one.read_text(encoding="utf-8") == two.read_text(encoding="utf-8") == JUNK_CLEAN + "\n"
    assert untouched.read_text(encoding="utf-8") == CLEAN


def test_fix_refuses_stdin() -> None:
    assert_user_error(run("fix", "-", stdin=JUNK), "clean -")


# --- explain -----------------------------------------------------------------------------------------


def test_explain_lists_kinds_and_rules_without_colour(tmp_path: Path) -> None:
    page = write(tmp_path / "page.txt", JUNK)
    proc = run("explain", page)
    assert proc.returncode == 1
    out = proc.stdout
    for kind, rule in [
        ("seo-spam", "spam.keyword-line"),
        ("share-widget", "share.tokens"),
        ("site-nav", "nav.furniture"),
    ]:
        assert f"{kind} ({rule}" in out
    assert SPAM_LINE in out
    assert "\x1b[" not in out


def test_explain_colour_always(tmp_path: Path) -> None:
    page = write(tmp_path / "page.txt", JUNK)
    proc = run("explain", "--color", "always", page)
    assert "\x1b[" in proc.stdout
    assert "seo-spam" in proc.stdout


def test_explain_colour_never(tmp_path: Path) -> None:
    page = write(tmp_path / "page.txt", JUNK)
    assert "\x1b[" not in run("explain", "--color", "never", page).stdout


def test_explain_shows_inline_edits(tmp_path: Path) -> None:
    page = write(tmp_path / "page.txt", ANNOTATED_PAGE)
    out = run("explain", page).stdout
    assert "[-(jīn)-]" in out
    assert "pinyin (pinyin.reading)" in out


def test_explain_clean_file(tmp_path: Path) -> None:
    page = write(tmp_path / "page.txt", CLEAN)
    proc = run("explain", page)
    assert proc.returncode == 0
    assert "nothing to change" in proc.stdout


def test_explain_several_files_are_headed(tmp_path: Path) -> None:
    a = write(tmp_path / "a.txt", JUNK)
    b = write(tmp_path / "b.txt", CLEAN)
    out = run("explain", a, b).stdout
    assert f"== {a}" in out and f"== {b}" in out


# --- options ---------------------------------------------------------------------------------------


def test_disable_pinyin_leaves_annotations(tmp_path: Path) -> None:
    page = write(tmp_path / "page.txt", ANNOTATED_PAGE)
    stripped = run("clean", page).stdout
    assert "(jīn)" not in stripped
    assert "今天下午" in stripped
    kept = run("clean", "--disable", "pinyin", page).stdout
    assert ANNOTATED in kept.splitlines()


def test_disable_unknown_detector(tmp_path: Path) -> None:
    page = write(tmp_path / "page.txt", JUNK)
    assert_user_error(run("clean", "--disable", "no-such-detector", page), "no-such-detector")


def test_disable_spam_keeps_spam_line(tmp_path: Path) -> None:
    page = write(tmp_path / "page.txt", JUNK)
    assert SPAM_LINE in run("clean", "--disable", "spam", page).stdout


def test_site_option_forces_a_rule(tmp_path: Path) -> None:
    page = write(tmp_path / "page.txt", JUNK)
    proc = run("clean", "--format", "json", "--site", "netease", page)
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["site"] == "netease"


def test_url_option_selects_rule_by_host(tmp_path: Path) -> None:
    page = write(tmp_path / "page.txt", JUNK)
    proc = run("clean", "--format", "json", "--url", "https://www.163.com/news/article/x.html", page)
    assert json.loads(proc.stdout)["site"] == "netease"
    proc = run("clean", "--format", "json", "--url", "https://www.example.org/x.html", page)
    assert json.loads(proc.stdout)["site"] is None


RULE = """\
name = "cityweb"
description = "a test portal"
hosts = ["city.example"]

[[line]]
kind = "site-nav"
pattern = '^本站专用页脚$'
"""


def test_sites_lists_builtin_rules() -> None:
    proc = run("sites")
    assert proc.returncode == 0
    netease = [line for line in proc.stdout.splitlines() if line.startswith("netease\t")]
    assert len(netease) == 1
    assert "built-in:netease.toml" in netease[0]
    assert "163.com" in netease[0]


def test_sites_with_rules_dir(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    write(rules / "cityweb.toml", RULE)
    proc = run("sites", "--rules", rules)
    assert proc.returncode == 0
    line = next(line for line in proc.stdout.splitlines() if line.startswith("cityweb\t"))
    assert str(rules / "cityweb.toml") in line
    assert "city.example" in line


def test_rule_from_rules_dir_is_applied(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    write(rules / "cityweb.toml", RULE)
    page = write(tmp_path / "page.txt", "\n".join([TITLE_S, *BODY_S, "本站专用页脚"]) + "\n")
    assert run("check", page).returncode == 0
    proc = run("check", "--rules", rules, "--site", "cityweb", page)
    assert proc.returncode == 1
    assert f"{page}:5: site-nav (site:cityweb)" in proc.stdout


# --- errors ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["clean", "check", "fix", "explain"])
def test_missing_file(command: str, tmp_path: Path) -> None:
    assert_user_error(run(command, tmp_path / "nope.txt"), "nope.txt", "no such file")


def test_missing_file_does_not_stop_the_others(tmp_path: Path) -> None:
    page = write(tmp_path / "page.txt", JUNK)
    proc = run("clean", tmp_path / "nope.txt", page)
    assert proc.returncode == 2
    assert proc.stdout == JUNK_CLEAN + "\n"
    assert proc.stderr.count("cleanpage: error:") == 1


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path: Path) -> None:
    page = write(tmp_path / "page.txt", JUNK)
    page.chmod(0)
    try:
        assert_user_error(run("check", page), "permission denied")
    finally:
        page.chmod(0o644)


@pytest.mark.parametrize("command", ["clean", "check", "fix", "explain"])
def test_binary_file(command: str, tmp_path: Path) -> None:
    image = tmp_path / "image.png"
    image.write_bytes(PNG)
    assert_user_error(run(command, image), "binary")
    assert image.read_bytes() == PNG


def test_unknown_site(tmp_path: Path) -> None:
    page = write(tmp_path / "page.txt", JUNK)
    assert_user_error(run("clean", "--site", "no-such-site", page), "no-such-site")


@pytest.mark.parametrize("command", ["clean", "check", "sites"])
def test_bad_rules_dir(command: str, tmp_path: Path) -> None:
    page = write(tmp_path / "page.txt", JUNK)
    args = [] if command == "sites" else [page]
    assert_user_error(run(command, "--rules", tmp_path / "missing", *args), "missing")


def test_malformed_rule_toml(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    write(rules / "broken.toml", 'name = "broken"\n[[line]\nkind = ')
    page = write(tmp_path / "page.txt", JUNK)
    assert_user_error(run("check", "--rules", rules, page), "broken.toml")
    assert_user_error(run("sites", "--rules", rules), "broken.toml")


@pytest.mark.parametrize(
    "body",
    [
        'name = "Bad Name"\n',
        'name = "x"\nsurprise = 1\n',
        'name = "x"\n[[line]]\nkind = "site-nav"\npattern = "(unclosed"\n',
        'name = "x"\n[[line]]\nkind = "site-nav"\npattern = "a"\nconfidence = 2\n',
    ],
    ids=["bad-name", "unknown-key", "bad-pattern", "bad-confidence"],
)
def test_invalid_rule_file(body: str, tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    write(rules / "x.toml", body)
    assert_user_error(run("sites", "--rules", rules), "x.toml")


def test_empty_directory(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert_user_error(run("check", empty), "no files")
