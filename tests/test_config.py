"""Configuration files: where they are found, what they set, how the command line wins,
and that every mistake is one message naming the file and the key."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import BODY_S, COMPILED, TITLE_S
from hypothesis import given
from hypothesis import strategies as st

from cleanpage import cli
from cleanpage.cleaner import REPAIRS
from cleanpage.config import (
    KEYS,
    Config,
    ConfigError,
    discover,
    find_config,
    load_config,
    settable,
    signature_thresholds,
)
from cleanpage.detectors import PinyinDetector, SpamDetector, default_detectors
from cleanpage.detectors.base import PageDecision, is_page_decision

ARTICLE = "\n".join([TITLE_S, *BODY_S]) + "\n"
SPAM_LINE = "新葡京娱乐城|百家乐开户送彩金|北京赛车pk10|时时彩平台"  # four segments, all spam
SPAM_PAGE = "\n".join([TITLE_S, BODY_S[0], SPAM_LINE, BODY_S[1], BODY_S[2]]) + "\n"
# 15 annotations: below the pinyin detector's default min_matches of 20
SHORT_ANNOTATED = (
    "網(wǎng)絡(luò)時(shí)代的閱(yuè)讀(dú)習(xí)慣(guàn)\n"
    "很多讀(dú)者習(xí)慣(guàn)在手機(jī)上閱(yuè)讀(dú)長(zhǎng)文章(zhāng)。\n"
)
RULE = 'name = "corpus-site"\ndescription = "a rule of the corpus"\n'


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository top (its .git bounds the search) that is the current directory."""
    top = tmp_path / "repo"
    (top / ".git").mkdir(parents=True)
    monkeypatch.chdir(top)
    return top


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    status = cli.main([str(a) for a in args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


# --- finding the file ----------------------------------------------------------------------


def test_no_file_means_defaults(repo: Path) -> None:
    assert find_config() is None
    assert discover() == Config()
    assert [d.name for d in Config().detectors()] == [d.name for d in default_detectors()]


def test_cleanpage_toml_is_found_from_a_subdirectory(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = write(repo / ".cleanpage.toml", 'disable = ["promo"]\n')
    (repo / "pages" / "2024").mkdir(parents=True)
    monkeypatch.chdir(repo / "pages" / "2024")
    assert find_config() == config
    assert discover().disable == {"promo"}
    assert discover().root == repo


def test_pyproject_section_is_found(repo: Path) -> None:
    write(repo / "pyproject.toml", '[project]\nname = "corpus"\n\n[tool.cleanpage]\ndisable = ["spam"]\n')
    config = discover()
    assert config.path == repo / "pyproject.toml"
    assert config.disable == {"spam"}


def test_pyproject_without_the_section_is_passed_over(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(repo / ".cleanpage.toml", 'disable = ["promo"]\n')
    write(repo / "sub" / "pyproject.toml", '[project]\nname = "cleanpage-corpus-tools"\n')
    monkeypatch.chdir(repo / "sub")
    assert find_config() == repo / ".cleanpage.toml"


def test_unrelated_broken_pyproject_is_ignored(repo: Path) -> None:
    write(repo / "pyproject.toml", "[project\nname = ")  # another tool's problem, not ours
    assert find_config() is None


def test_cleanpage_toml_wins_over_pyproject_in_one_directory(repo: Path) -> None:
    write(repo / "pyproject.toml", '[tool.cleanpage]\ndisable = ["spam"]\n')
    write(repo / ".cleanpage.toml", 'disable = ["promo"]\n')
    assert discover().disable == {"promo"}


def test_nearest_file_wins(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(repo / ".cleanpage.toml", 'disable = ["promo"]\n')
    near = write(repo / "pages" / ".cleanpage.toml", 'disable = ["spam"]\n')
    monkeypatch.chdir(repo / "pages")
    assert find_config() == near


def test_search_stops_at_the_repository_top(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(repo.parent / ".cleanpage.toml", 'disable = ["promo"]\n')  # outside the repository
    (repo / "pages").mkdir()
    monkeypatch.chdir(repo / "pages")
    assert find_config() is None


def test_explicit_pyproject_needs_the_section(repo: Path) -> None:
    write(repo / "pyproject.toml", '[project]\nname = "corpus"\n')
    with pytest.raises(ConfigError, match=r"^pyproject\.toml: no \[tool\.cleanpage\] table$"):
        load_config("pyproject.toml")


# --- what the keys set ---------------------------------------------------------------------


def test_every_key_is_read(repo: Path) -> None:
    write(repo / "rules" / "corpus.toml", RULE)
    write(
        repo / ".cleanpage.toml",
        'rules = "rules"\n'
        'disable = ["promo", "author-box"]\n'
        'repair = ["pinyin", "codec"]\n'
        'exclude = ["raw/**"]\n'
        'include = ["**/*.txt"]\n'
        'site = "corpus-site"\n'
        'encoding = "gb18030"\n'
        "[thresholds.spam]\nmin_segments = 5\nmin_spam_share = 1\n",
    )
    config = discover()
    assert config.rules == (repo / "rules",)
    assert config.disable == {"promo", "author-box"}
    assert config.repair == {"pinyin", "codec"}
    assert config.exclude == ("raw/**",) and config.include == ("**/*.txt",)
    assert (config.site, config.encoding) == ("corpus-site", "gb18030")
    assert config.thresholds == {"spam": {"min_segments": 5, "min_spam_share": 1.0}}
    spam = next(d for d in config.detectors() if d.name == "spam")
    assert isinstance(spam, SpamDetector)
    assert (spam.min_segments, spam.min_spam_share, spam.max_segment_length) == (5, 1.0, 24)
    assert "corpus-site" in config.cleaner().rules.names()


def test_paths_are_relative_to_the_file(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(repo / "rules" / "corpus.toml", RULE)
    write(repo / ".cleanpage.toml", 'rules = ["rules"]\nexclude = ["raw/**"]\n')
    (repo / "pages").mkdir()
    monkeypatch.chdir(repo / "pages")
    config = discover()
    assert config.rules == (repo / "rules",)
    assert config.skips("../raw/a.txt")
    assert not config.skips("a.txt")


def test_thresholds_cover_every_numeric_setting() -> None:
    for detector in default_detectors():
        for name, kind in settable(type(detector)).items():
            assert kind in (int, float)
            assert isinstance(getattr(detector, name), (int, float))
    assert "assume_annotated" not in settable(PinyinDetector)  # a flag, not a threshold
    assert set(settable(SpamDetector)) == {
        "min_segments",
        "min_spam_share",
        "min_spam_share_other_script",
        "max_segment_length",
    }


@pytest.mark.parametrize(
    ("pattern", "path", "skipped"),
    [
        ("raw/**", "raw/a.txt", True),
        ("raw/**", "raw/2024/05/a.txt", True),
        ("raw/**", "pages/raw/a.txt", False),  # a '/' anchors at the file's directory
        ("raw", "raw/a.txt", True),  # a directory's files go with it
        ("raw", "pages/raw/a.txt", True),  # no '/': any depth
        ("*.html", "pages/a/index.html", True),
        ("*.html", "pages/a/index.txt", False),
        ("pages/*.txt", "pages/a.txt", True),
        ("pages/*.txt", "pages/sub/a.txt", False),  # '*' stays in one segment
        ("pages/**/draft-?.txt", "pages/a/b/draft-1.txt", True),
        ("pages/**/draft-?.txt", "pages/draft-1.txt", True),
        ("pages/**/draft-?.txt", "pages/draft-12.txt", False),
        ("[!a]*.txt", "b.txt", True),
        ("[!a]*.txt", "a.txt", False),
        ("/top.txt", "top.txt", True),
        ("/top.txt", "sub/top.txt", False),
    ],
)
def test_exclude_patterns(repo: Path, pattern: str, path: str, skipped: bool) -> None:
    write(repo / ".cleanpage.toml", f"exclude = [{json.dumps(pattern)}]\n")
    assert discover().skips(path) is skipped


def test_include_limits_the_run(repo: Path) -> None:
    write(repo / ".cleanpage.toml", 'include = ["pages/**/*.txt"]\nexclude = ["pages/raw"]\n')
    config = discover()
    assert not config.skips("pages/a.txt")
    assert config.skips("README.md")
    assert config.skips("pages/raw/a.txt")
    assert not config.skips(repo.parent / "elsewhere.txt")  # outside the repository: not judged


# --- the command line ----------------------------------------------------------------------


def test_threshold_stricter_spam_keeps_a_line(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = write(repo / "page.txt", SPAM_PAGE)
    status, out, _ = run(capsys, "check", page)
    assert status == 1 and "seo-spam (spam.keyword-line)" in out
    write(repo / ".cleanpage.toml", "thresholds.spam.min_segments = 5\n")  # the line has four
    assert run(capsys, "check", page) == (0, "", "")
    status, out, _ = run(capsys, "clean", page)
    assert SPAM_LINE in out.splitlines()


def test_threshold_looser_pinyin_strips_a_short_page(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = write(repo / "page.txt", SHORT_ANNOTATED)
    assert run(capsys, "check", page)[0] == 0  # 15 annotations: below the default 20
    write(repo / "pyproject.toml", "[tool.cleanpage.thresholds.pinyin]\nmin_matches = 10\n")
    assert run(capsys, "clean", page) == (0, "網絡時代的閱讀習慣\n很多讀者習慣在手機上閱讀長文章。\n", "")
    assert run(capsys, "check", page)[0] == 1
    assert run(capsys, "check", "--no-config", page)[0] == 0


def test_excluded_files_are_skipped_by_every_command(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / ".cleanpage.toml", 'exclude = ["raw/**"]\n')
    raw = write(repo / "raw" / "page.txt", SPAM_PAGE)
    page = write(repo / "pages" / "page.txt", SPAM_PAGE)
    status, out, _ = run(capsys, "check", raw, page)
    assert status == 1 and "raw/" not in out and "pages/page.txt:3: seo-spam" in out
    assert run(capsys, "check", raw) == (0, "", "")
    assert run(capsys, "check", "raw") == (0, "", "")  # a walked directory too
    assert run(capsys, "clean", raw) == (0, "", "")
    assert run(capsys, "explain", raw) == (0, "", "")
    status, out, _ = run(capsys, "fix", ".")
    assert status == 1 and out.count("Fixing") == 1
    assert page.read_text(encoding="utf-8") == ARTICLE
    assert raw.read_text(encoding="utf-8") == SPAM_PAGE
    status, out, _ = run(capsys, "check", "--no-config", raw)
    assert status == 1 and "raw/page.txt:3: seo-spam" in out


def test_command_line_overrides_the_file(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "rules" / "corpus.toml", RULE)
    write(repo / ".cleanpage.toml", 'rules = "rules"\nsite = "no-such-site"\n')
    page = write(repo / "page.txt", SPAM_PAGE)
    status, _, err = run(capsys, "check", page)
    assert status == 2
    assert err.startswith("cleanpage: error: .cleanpage.toml: site: no site rule named 'no-such-site'")
    # --site wins over the file's site; the file's rules directory is still loaded
    status, out, err = run(capsys, "check", "--site", "corpus-site", page)
    assert (status, err) == (1, "")
    status, out, _ = run(capsys, "sites")
    assert "corpus-site" in out


def test_site_and_encoding_defaults(repo: Path) -> None:
    write(repo / ".cleanpage.toml", 'site = "netease"\nencoding = "big5"\n')
    args = cli._parser().parse_args(["check", "page.txt"])
    cli._configured(args)
    assert (args.site, args.encoding) == ("netease", "big5")
    args = cli._parser().parse_args(["check", "--site", "sina", "--encoding", "gbk", "page.txt"])
    cli._configured(args)
    assert (args.site, args.encoding) == ("sina", "gbk")
    args = cli._parser().parse_args(["check", "--no-config", "page.txt"])
    cli._configured(args)
    assert (args.site, args.encoding) == (None, None)


def test_disable_and_repairs_combine(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / ".cleanpage.toml", 'disable = ["spam"]\nrepair = false\n')
    page = write(repo / "page.txt", SPAM_PAGE.replace(BODY_S[2], BODY_S[2] + "\n分享到 微信 微博 QQ空间"))
    status, out, _ = run(capsys, "check", page)
    assert status == 1 and "seo-spam" not in out and "share-widget" in out
    status, out, _ = run(capsys, "check", "--disable", "share-widget", page)  # added to the file's
    assert status == 0
    annotated = write(repo / "annotated.txt", SHORT_ANNOTATED)
    write(repo / ".cleanpage.toml", "repair = false\nthresholds.pinyin.min_matches = 10\n")
    assert run(capsys, "check", annotated)[0] == 0  # repairs off in the file
    write(repo / ".cleanpage.toml", 'repair = ["pinyin", "codec"]\nthresholds.pinyin.min_matches = 10\n')
    assert run(capsys, "check", annotated)[0] == 1
    assert run(capsys, "check", "--no-repair", "pinyin", annotated)[0] == 0
    assert run(capsys, "check", "--no-repairs", annotated)[0] == 0


def test_explicit_config_file(repo: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    write(repo / ".cleanpage.toml", 'exclude = ["*.txt"]\n')
    other = write(tmp_path / "settings" / "strict.toml", "thresholds.spam.min_segments = 5\n")
    page = write(repo / "page.txt", SPAM_PAGE)
    assert run(capsys, "check", page) == (0, "", "")  # excluded by the found file
    assert run(capsys, "check", "--config", other, page) == (0, "", "")  # kept by the threshold
    assert run(capsys, "check", "--config", repo / "missing.toml", page)[0] == 2
    with pytest.raises(SystemExit) as exc:
        cli.main(["check", "--config", str(other), "--no-config", str(page)])
    assert exc.value.code == 2
    assert "not allowed with" in capsys.readouterr().err


# --- mistakes --------------------------------------------------------------------------------

PYPROJECT_PREFIX = "pyproject.toml: [tool.cleanpage] "


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("exclude = [", "not valid TOML: "),
        ('exlude = ["raw"]', 'exlude: unknown key "exlude" (did you mean "exclude"?'),
        ('"odd key" = 1', '"odd key": unknown key "odd key"'),
        ('disable = ["spm"]', 'disable[0]: unknown detector "spm" (did you mean "spam"?'),
        ("disable = 3", "disable: expected a string or an array of strings, got 3"),
        ('disable = ["spam", ""]', 'disable[1]: expected a non-empty string, got ""'),
        ('repair = "yes"', 'repair: expected true, false or an array of repair names, got "yes"'),
        ('repair = ["spam"]', 'repair[0]: unknown repair "spam"'),
        ('rules = "missing"', 'rules: "missing" is not a directory ('),
        ('rules = ["missing"]', 'rules[0]: "missing" is not a directory ('),
        ("thresholds = 3", "thresholds: expected a table of {detector = {setting = value}}, got 3"),
        ("thresholds.spm.min_segments = 3", 'thresholds.spm: unknown detector "spm"'),
        ("thresholds.spam = 3", "thresholds.spam: expected a table of settings, got 3"),
        (
            "thresholds.spam.min_keywords = 3",
            'thresholds.spam.min_keywords: unknown spam setting "min_keywords"',
        ),
        (
            'thresholds.spam.min_segments = "three"',
            'thresholds.spam.min_segments: expected an integer, got "three"',
        ),
        ("thresholds.spam.min_segments = 2.5", "thresholds.spam.min_segments: expected an integer, got 2.5"),
        (
            "thresholds.spam.min_segments = true",
            "thresholds.spam.min_segments: expected an integer, got true",
        ),
        (
            "thresholds.pinyin.min_consistency = nan",
            "thresholds.pinyin.min_consistency: expected a finite number, got nan",
        ),
        (
            "thresholds.pinyin.min_consistency = [0.5]",
            "thresholds.pinyin.min_consistency: expected a number, got an array",
        ),
        (
            "thresholds.footer.anchor_rules = 3",
            'thresholds.footer.anchor_rules: unknown footer setting "anchor_rules"',
        ),
        (
            "thresholds.share-widget.max_length = 3",
            'thresholds.share-widget.max_length: unknown share-widget setting "max_length" (known: none)',
        ),
        ('exclude = ["raw/[z-a]"]', 'exclude[0]: bad pattern "raw/[z-a]": '),
        ('exclude = ["/"]', 'exclude[0]: bad pattern "/": names no path'),
        ("include = [1]", "include[0]: expected a non-empty string, got 1"),
        ("site = 1979-05-27", "site: expected a non-empty string, got a date"),
        ('encoding = "klingon-8"', 'encoding: unknown encoding "klingon-8"'),
    ],
)
def test_mistakes_name_file_and_key(
    repo: Path, capsys: pytest.CaptureFixture[str], body: str, message: str
) -> None:
    write(repo / ".cleanpage.toml", body + "\n")
    with pytest.raises(ConfigError) as exc:
        discover()
    assert str(exc.value).startswith(".cleanpage.toml: " + message)
    assert "\n" not in str(exc.value)
    page = write(repo / "page.txt", ARTICLE)
    status, out, err = run(capsys, "check", page)
    assert (status, out) == (2, "")
    assert err == f"cleanpage: error: {exc.value}\n"


def test_pyproject_mistakes_name_the_table(repo: Path) -> None:
    write(repo / "pyproject.toml", '[tool.cleanpage.thresholds.spam]\nmin_segments = "three"\n')
    with pytest.raises(ConfigError) as exc:
        discover()
    assert (
        str(exc.value) == f'{PYPROJECT_PREFIX}thresholds.spam.min_segments: expected an integer, got "three"'
    )
    write(repo / "pyproject.toml", "[tool]\ncleanpage = 3\n")
    with pytest.raises(ConfigError, match=r"^pyproject\.toml: \[tool\.cleanpage\]: expected a table, got 3$"):
        discover()


def test_file_that_is_not_utf8(repo: Path) -> None:
    (repo / ".cleanpage.toml").write_bytes('disable = ["广告"]\n'.encode("gb18030"))
    with pytest.raises(ConfigError, match=r"^\.cleanpage\.toml: not UTF-8 text$"):
        discover()


# Wrong-typed values for every key, generated: each gives one ConfigError that begins
# with the file and the key.


def toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    escaped = "".join(
        f"\\u{ord(c):04x}" if ord(c) < 0x20 or ord(c) == 0x7F else "\\" + c if c in '"\\' else c for c in text
    )
    return f'"{escaped}"'


def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    assert isinstance(value, dict)
    return "{" + ", ".join(f"{toml_string(k)} = {toml_value(v)}" for k, v in value.items()) + "}"


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
VALUES = {
    "string": TEXT,
    "integer": st.integers(-(2**63), 2**63 - 1),
    "float": st.floats(allow_nan=False, allow_infinity=False).filter(lambda x: not x.is_integer()),
    "boolean": st.booleans(),
    "array": st.lists(st.integers(), min_size=1, max_size=3),
    "table": st.dictionaries(TEXT, st.integers(), max_size=2),
}
STRING_LISTS = {"integer", "float", "boolean", "table"}
SCALAR_STRINGS = {"integer", "float", "boolean", "array", "table"}
WRONG = {
    "rules": STRING_LISTS,
    "disable": STRING_LISTS,
    "exclude": STRING_LISTS,
    "include": STRING_LISTS,
    "repair": {"string", "integer", "float", "table"},
    "site": SCALAR_STRINGS,
    "encoding": SCALAR_STRINGS,
    "thresholds": {"string", "integer", "float", "boolean", "array"},
    "thresholds.spam": {"string", "integer", "float", "boolean", "array"},
    "thresholds.spam.min_segments": {"string", "float", "boolean", "array", "table"},
    "thresholds.pinyin.min_consistency": {"string", "boolean", "array", "table"},
    "thresholds.byte-shift.margin": {"string", "boolean", "array", "table"},
}
assert {key.split(".")[0] for key in WRONG} == set(KEYS)

wrong_settings = st.sampled_from(sorted(WRONG)).flatmap(
    lambda key: st.tuples(
        st.just(key), st.sampled_from(sorted(WRONG[key])).flatmap(lambda kind: VALUES[kind])
    )
)


@given(setting=wrong_settings, pyproject=st.booleans())
def test_wrong_types_name_file_and_key(
    tmp_path_factory: pytest.TempPathFactory, setting: tuple[str, object], pyproject: bool
) -> None:
    key, value = setting
    directory = tmp_path_factory.mktemp("config")
    line = f"{key} = {toml_value(value)}\n"
    path = write(
        directory / ("pyproject.toml" if pyproject else ".cleanpage.toml"),
        ("[tool.cleanpage]\n" if pyproject else "") + line,
    )
    with pytest.raises(ConfigError) as exc:
        load_config(path, display=path.name)
    prefix = PYPROJECT_PREFIX if pyproject else ".cleanpage.toml: "
    assert str(exc.value).startswith(prefix + key)
    assert len(str(exc.value).splitlines()) == 1


@given(key=TEXT.filter(lambda k: k not in KEYS))
def test_unknown_keys_are_named(tmp_path_factory: pytest.TempPathFactory, key: str) -> None:
    path = write(tmp_path_factory.mktemp("config") / ".cleanpage.toml", f"{toml_string(key)} = 1\n")
    with pytest.raises(ConfigError) as exc:
        load_config(path, display=".cleanpage.toml")
    message = str(exc.value)
    assert message.startswith(".cleanpage.toml: ")
    assert "unknown key " in message
    if key.isprintable() and not set(key) & set('"\\'):
        assert f'unknown key "{key}"' in message
    assert len(message.splitlines()) == 1


def test_repairs_are_known_names() -> None:
    assert set(REPAIRS) <= {d.name for d in default_detectors()}


def test_the_page_decision_test_is_the_protocol_check() -> None:
    """The Cleaner's cheap test equals ``isinstance`` on the protocol, for every built-in
    detector (the pinyin and punctuation repairs are page decisions) and for others."""

    class Attribute:
        redecided = None  # an attribute, not a method

    class Method:
        def redecided(self, text: str, marks: object) -> None:
            return None

    candidates = [*default_detectors(), Attribute(), Method(), object()]
    assert [is_page_decision(d) for d in candidates] == [isinstance(d, PageDecision) for d in candidates]
    assert {d.name for d in default_detectors() if is_page_decision(d)} == {"pinyin", "punctuation"}


# --- docs/pre-commit.md --------------------------------------------------------------------

DOC = (Path(__file__).resolve().parent.parent / "docs" / "pre-commit.md").read_text(encoding="utf-8")


@pytest.mark.skipif(COMPILED, reason="the compiled build's classes do not always show their signature")
def test_every_detector_declares_the_thresholds_its_constructor_takes() -> None:
    """A built-in detector's ``thresholds`` are its int- and float-annotated constructor
    parameters, in order: the declaration cannot drift from the code."""
    for detector in default_detectors():
        declared = type(detector).thresholds  # type: ignore[attr-defined]
        assert list(signature_thresholds(type(detector)).items()) == list(declared), detector.name


def test_a_plug_in_detector_offers_its_annotated_parameters() -> None:
    class Plugin:
        name = "plugin"

        def __init__(self, limit: int = 3, share: float = 0.5, strict: bool = False, label: str = "") -> None:
            pass

    assert settable(Plugin) == {"limit": int, "share": float}


def test_doc_lists_every_key_and_threshold() -> None:
    for key in KEYS:
        assert f"| `{key}` |" in DOC, key
    for detector in default_detectors():
        settings = ", ".join(f"`{name} = {getattr(detector, name)!r}`" for name in settable(type(detector)))
        assert f"| `{detector.name}` | {settings or 'none'} |" in DOC, detector.name


@pytest.mark.parametrize("block", re.findall(r"^```toml\n(.*?)^```$", DOC, flags=re.S | re.M))
def test_doc_examples_load(repo: Path, block: str) -> None:
    (repo / "site-rules").mkdir()
    name = "pyproject.toml" if block.startswith("# pyproject.toml") else ".cleanpage.toml"
    write(repo / name, block)
    config = discover()
    assert config.path == repo / name
    assert config != Config(path=config.path, root=config.root, where=config.where)  # it set something
