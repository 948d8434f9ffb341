"""The pre-commit hooks, run by the real ``pre-commit`` on a corpus repository.

``pre-commit try-repo`` installs the hooks from a git repository. It takes uncommitted
changes to *tracked* files into account but not new, untracked ones (the manifest
itself may be one), so the tests install from a snapshot: a temporary repository
holding this checkout's working tree as it is (tracked and untracked files, less what
.gitignore ignores). try-repo builds its hook environment in a fresh temporary store
on every call (it ignores ``PRE_COMMIT_HOME``), with pip from PyPI; a run with a
``.pre-commit-config.yaml`` uses the session's ``PRE_COMMIT_HOME`` and builds it once.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import BODY_S, TITLE_S

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 900  # seconds: the first run builds a virtualenv and pip-installs the checkout

pytestmark = [
    pytest.mark.skipif(shutil.which("git") is None, reason="needs git to make a corpus repository"),
    pytest.mark.skipif(
        importlib.util.find_spec("pre_commit") is None,
        reason="needs the pre-commit package (pip install pre-commit, or the [test] extra)",
    ),
]

ARTICLE = "\n".join([TITLE_S, *BODY_S]) + "\n"
SPAM_LINE = "新葡京娱乐城|百家乐开户送彩金|北京赛车pk10|时时彩平台"
SPAM_PAGE = "\n".join([TITLE_S, BODY_S[0], SPAM_LINE, BODY_S[1], BODY_S[2]]) + "\n"
ANNOTATED = (
    "市(shì)民(mín)可(kě)以(yǐ)通(tōng)过(guò)手(shǒu)机(jī)查(chá)询(xún)公(gōng)交(jiāo)"
    "到(dào)站(zhàn)时(shí)间(jiān)，出(chū)行(xíng)更(gèng)方(fāng)便(biàn)。"
)
PINYIN_PAGE = "\n".join([TITLE_S, BODY_S[0], ANNOTATED, BODY_S[1]]) + "\n"
UNANNOTATED = "市民可以通过手机查询公交到站时间，出行更方便。"
PINYIN_FIXED = "\n".join([TITLE_S, BODY_S[0], UNANNOTATED, BODY_S[1]]) + "\n"

# the corpus: path -> content. raw/ is excluded by .cleanpage.toml; notes.md is not a
# page (the hooks' `files` pattern passes it over) though it holds a spam line too.
CORPUS = {
    ".cleanpage.toml": 'exclude = ["raw/**"]\n',
    "pages/clean.txt": ARTICLE,
    "pages/spam.txt": SPAM_PAGE,
    "pages/pinyin.txt": PINYIN_PAGE,
    "raw/spam.txt": SPAM_PAGE,
    "notes.md": f"# notes\n\n{SPAM_LINE}\n",
}


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}  # never rewrite the checkout's index
    proc = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True, env=env, timeout=120
    )
    return proc.stdout


def init_repository(path: Path) -> None:
    git(path, "init", "-q")
    git(path, "config", "user.name", "cleanpage tests")
    git(path, "config", "user.email", "tests@cleanpage.invalid")
    git(path, "config", "commit.gpgsign", "false")


def commit_all(path: Path) -> str:
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "snapshot")
    return git(path, "rev-parse", "HEAD").strip()


def checkout_files(root: Path) -> list[Path]:
    """The checkout's files as they are: tracked and untracked, less ignored ones."""
    if (root / ".git").exists():
        listed = git(root, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
        return [root / name for name in listed.split("\0") if name and (root / name).is_file()]
    # an unpacked source archive: everything but caches and virtualenvs
    skip = {"__pycache__", "build", "dist"}
    found = []
    for directory, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in skip and not d.endswith(".egg-info")]
        found += [Path(directory) / f for f in files]
    return found


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A committed snapshot of this checkout's working tree, and its commit."""
    assert (ROOT / ".pre-commit-hooks.yaml").is_file(), "the hooks manifest is missing"
    snapshot = tmp_path_factory.mktemp("cleanpage-hooks")
    for source in checkout_files(ROOT):
        target = snapshot / source.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target, follow_symlinks=False)
    init_repository(snapshot)
    return snapshot, commit_all(snapshot)


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A corpus repository with the pages of CORPUS, committed."""
    repo = tmp_path / "corpus"
    for name, text in CORPUS.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    init_repository(repo)
    commit_all(repo)
    return repo


def pre_commit(corpus: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    env.pop("PRE_COMMIT_COLOR", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args, "--color", "never"],
        cwd=corpus,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=TIMEOUT,
        check=False,
    )


def try_repo(
    corpus: Path, hook_repo: tuple[Path, str], home: Path, hook: str
) -> subprocess.CompletedProcess[str]:
    return pre_commit(corpus, home, "try-repo", str(hook_repo[0]), hook, "--all-files")


def contents(repo: Path) -> dict[str, bytes]:
    return {name: (repo / name).read_bytes() for name in CORPUS}


def test_check_hook_lists_findings_and_changes_nothing(
    corpus: Path, hook_repo: tuple[Path, str], pre_commit_home: Path
) -> None:
    before = contents(corpus)
    proc = try_repo(corpus, hook_repo, pre_commit_home, "cleanpage-check")
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert "cleanpage check" in output and "Failed" in output
    assert "pages/spam.txt:3: seo-spam (spam.keyword-line)" in output
    assert "pages/pinyin.txt:3: pinyin (pinyin.reading)" in output
    assert "pages/clean.txt" not in output
    assert "raw/spam.txt" not in output  # excluded by the corpus's .cleanpage.toml
    assert "notes.md" not in output  # not a page: the hooks' `files` pattern skips it
    assert contents(corpus) == before
    assert git(corpus, "status", "--porcelain") == ""


def test_fix_hook_rewrites_junk_pages_then_passes(
    corpus: Path, hook_repo: tuple[Path, str], pre_commit_home: Path
) -> None:
    before = contents(corpus)
    proc = try_repo(corpus, hook_repo, pre_commit_home, "cleanpage-fix")
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert "Fixing pages/spam.txt (seo-spam 1)" in output
    assert "Fixing pages/pinyin.txt (pinyin " in output
    assert "files were modified by this hook" in output
    after = contents(corpus)
    assert after["pages/spam.txt"].decode("utf-8") == ARTICLE  # the junk line gone, the article whole
    assert after["pages/pinyin.txt"].decode("utf-8") == PINYIN_FIXED
    for untouched in ("pages/clean.txt", "raw/spam.txt", "notes.md", ".cleanpage.toml"):
        assert after[untouched] == before[untouched], untouched
    assert sorted(git(corpus, "status", "--porcelain").split()) == [
        "M",
        "M",
        "pages/pinyin.txt",
        "pages/spam.txt",
    ]

    again = try_repo(corpus, hook_repo, pre_commit_home, "cleanpage-fix")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "Passed" in again.stdout
    assert contents(corpus) == after


def test_corpus_config_with_repo_and_rev(
    corpus: Path, hook_repo: tuple[Path, str], pre_commit_home: Path
) -> None:
    """The setup docs/pre-commit.md gives a corpus: both hooks, `files` and `args` overridden."""
    snapshot, rev = hook_repo
    (corpus / "drafts").mkdir()
    (corpus / "drafts" / "spam.txt").write_text(SPAM_PAGE, encoding="utf-8")
    (corpus / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        f"  - repo: {snapshot}\n"
        f"    rev: {rev}\n"
        "    hooks:\n"
        "      - id: cleanpage-fix\n"
        "        files: ^pages/.*\\.txt$\n"
        "      - id: cleanpage-check\n"
        "        args: [--disable, spam]\n",
        encoding="utf-8",
    )
    commit_all(corpus)
    first = pre_commit(corpus, pre_commit_home, "run", "--all-files")
    output = first.stdout + first.stderr
    assert first.returncode == 1, output
    # fix cleaned the pages under pages/ only; check, with spam off, passes the draft
    assert "Fixing pages/spam.txt" in output
    assert "drafts/spam.txt" not in output
    assert (corpus / "pages/spam.txt").read_text(encoding="utf-8") == ARTICLE
    assert (corpus / "drafts/spam.txt").read_text(encoding="utf-8") == SPAM_PAGE
    assert (corpus / "raw/spam.txt").read_text(encoding="utf-8") == SPAM_PAGE
    second = pre_commit(corpus, pre_commit_home, "run", "--all-files")
    assert second.returncode == 0, second.stdout + second.stderr
