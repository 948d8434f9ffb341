"""Site rules: the worked example in docs/site-rules.md works as written, and rule
files are validated with errors that name the file and the key."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import cleanpage
from cleanpage import Cleaner, RuleError, RuleSet
from cleanpage.sites import load_file, rule_from_mapping

DOC = Path(__file__).resolve().parent.parent / "docs" / "site-rules.md"


def worked_example() -> tuple[str, str, str]:
    """(rule TOML, page as scraped, expected output) from the doc's '## Worked example'."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split("\n## Worked example\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"^```(\w+)\n(.*?)^```$", section, flags=re.S | re.M)
    assert [lang for lang, _ in blocks] == ["toml", "text", "text"], "the section holds exactly these blocks"
    return blocks[0][1], blocks[1][1], blocks[2][1]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cleanpage.cli", *args], capture_output=True, text=True, timeout=120
    )


def test_worked_example_rule_takes_effect_from_a_directory(tmp_path: Path) -> None:
    rule, page, expected = worked_example()
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "example.toml").write_text(rule, encoding="utf-8")
    page_file = tmp_path / "page.txt"
    page_file.write_text(page, encoding="utf-8")

    with_rule = run_cli("clean", "--rules", str(rules), str(page_file))
    assert with_rule.returncode == 0, with_rule.stderr
    assert with_rule.stdout == expected

    without = run_cli("clean", str(page_file))
    assert without.returncode == 0, without.stderr
    assert without.stdout != expected, "the rule must change the result, or the example proves nothing"

    listed = run_cli("sites", "--rules", str(rules))
    name = re.search(r'^name\s*=\s*"([^"]+)"', rule, flags=re.M)
    assert name is not None
    rows = [line.split("\t") for line in listed.stdout.splitlines()]
    assert any(row[0] == name.group(1) and str(rules) in row[1] for row in rows)


def test_worked_example_through_the_api(tmp_path: Path) -> None:
    rule, page, expected = worked_example()
    (tmp_path / "example.toml").write_text(rule, encoding="utf-8")
    result = Cleaner(rule_dirs=[tmp_path]).clean(page)
    assert result.text + "\n" == expected
    assert result.site is not None
    assert any(e.rule.startswith(f"site:{result.site}") for e in result.findings)


def test_user_rule_replaces_a_built_in_rule_of_the_same_name(tmp_path: Path) -> None:
    (tmp_path / "netease.toml").write_text('name = "netease"\ndescription = "mine"\n', encoding="utf-8")
    rules = RuleSet.load([tmp_path])
    assert rules.get("netease").description == "mine"
    assert rules.names().count("netease") == 1


def test_rule_selected_by_url_host() -> None:
    rules = RuleSet.load()
    doc_text = "标题\n正文第一段，内容在这里。"
    result = Cleaner(rules=rules).clean(doc_text, url="https://www.163.com/dy/article/X.html")
    assert result.site == "netease"
    assert cleanpage.clean(doc_text).site is None


def test_unknown_site_name_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        cleanpage.clean("x", site="no-such-portal")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name = 'Bad Name'\n", "'name'"),
        ("name = 'x'\nhosts = 'a.com'\n", "'hosts'"),
        ("name = 'x'\n[[line]]\nkind = 'promo'\npattern = '('\n", "line[0].pattern"),
        ("name = 'x'\n[[line]]\nkind = 'layout'\npattern = 'a'\n", "line[0].kind"),
        ("name = 'x'\n[[line]]\nkind = 'promo'\npattern = 'a'\nconfidence = 2\n", "line[0].confidence"),
        ("name = 'x'\n[[zone]]\nkind = 'footer'\n", "zone[0].start"),
        ("name = 'x'\nsurprise = 1\n", "surprise"),
        ("name = 'x'\nmin_fingerprints = 0\n", "'min_fingerprints'"),
        ("name = [\n", "not valid TOML"),
        ("name = 'x'\n[[line]]\nkind = 'promo'\npattern = '" + "a" * 3000 + "'\n", "longer than"),
    ],
)
def test_bad_rule_files_are_refused_naming_file_and_key(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_file(path)
    assert str(path) in str(info.value)
    assert message in str(info.value)


def test_bad_rule_directory_exits_2_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text("name = [\n", encoding="utf-8")
    page = tmp_path / "p.txt"
    page.write_text("标题\n正文。", encoding="utf-8")
    done = run_cli("clean", "--rules", str(tmp_path), str(page))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "bad.toml" in done.stderr
    assert "Traceback" not in done.stderr


def test_keep_pattern_saves_a_line_but_not_from_repairs() -> None:
    rule = rule_from_mapping({"name": "k", "keep": ["^相关推荐$"]}, "test")
    page = "标题\n第一段正文在这里，写得很长很长，足够像一个段落。\n相关推荐"
    doc_rules = RuleSet([rule])
    result = Cleaner(rules=doc_rules).clean(page, site="k")
    assert result.text.endswith("相关推荐")
    without = Cleaner(rules=RuleSet([])).clean(page)
    assert not without.text.endswith("相关推荐")


def test_patterns_match_traditional_pages_through_folding() -> None:
    rule = rule_from_mapping(
        {"name": "t", "line": [{"kind": "promo", "pattern": "^下载示例新闻客户端$"}]}, "test"
    )
    page = "標題在這裡\n第一段正文在這裡，寫得很長很長，足夠像一個段落。\n下載示例新聞客戶端"
    result = Cleaner(rules=RuleSet([rule])).clean(page, site="t")
    assert "客戶端" not in result.text
    assert [e.kind for e in result.findings] == ["promo"]


def _install_fake_plugin(root: Path, module: str, body: str, target: str) -> None:
    """A minimal installed distribution exposing ``target`` in group cleanpage.sites."""
    (root / f"{module}.py").write_text(body, encoding="utf-8")
    info = root / f"{module}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[cleanpage.sites]\n{module} = {target}\n", encoding="utf-8")


def test_entry_point_plugin_adds_a_code_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    body = '''
from cleanpage import SiteRule


class ShoutRule(SiteRule):
    """A code rule: drops lines written entirely in capitals."""

    def __init__(self):
        super().__init__(name="shout", fingerprints=("示例",), min_fingerprints=1)

    def refine(self, doc, marks):
        out = super().refine(doc, marks)
        for line in doc.nonblank():
            if line.view.isupper():
                out.append(doc.drop_line(line, "promo", self.rule_id, 0.9))
        return out
'''
    _install_fake_plugin(tmp_path, "cp_shout", body, "cp_shout:ShoutRule")
    monkeypatch.syspath_prepend(str(tmp_path))
    rules = RuleSet.load()
    assert rules.get("shout").origin == "entry-point:cp_shout:ShoutRule"
    page = "示例标题在这里\n第一段正文在这里，写得很长很长，足够像一个段落。\nBUY NOW"
    result = Cleaner(rules=rules).clean(page)
    assert result.site == "shout"
    assert "BUY NOW" not in result.text
    listed = subprocess.run(
        [sys.executable, "-m", "cleanpage.cli", "sites"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        timeout=120,
    )
    assert "shout\tentry-point:cp_shout:ShoutRule" in listed.stdout


def test_broken_plugin_is_skipped_with_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _install_fake_plugin(tmp_path, "cp_broken", "raise ImportError('missing dependency')\n", "cp_broken:RULE")
    monkeypatch.syspath_prepend(str(tmp_path))
    rules = RuleSet.load()
    assert "netease" in rules.names()
    assert any("cp_broken" in w for w in rules.warnings)
    page = tmp_path / "p.txt"
    page.write_text("标题\n正文第一段。", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "cleanpage.cli", "clean", str(page)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        timeout=120,
    )
    assert done.returncode == 0
    assert done.stdout == "标题\n正文第一段。\n"
    assert "warning" in done.stderr and "cp_broken" in done.stderr and "Traceback" not in done.stderr


def test_only_the_shipped_rules_match_without_the_timeout(tmp_path: Path) -> None:
    """The built-in rules' patterns are vetted by tests/test_pathological.py and run
    without regex's per-match timeout; a rule file, a code rule or a plug-in keeps it
    (test_pattern_that_times_out_is_given_up_for_the_page_with_a_warning shows it
    working)."""
    from cleanpage.sites import SiteRule, builtin_rules

    assert builtin_rules() and all(rule.builtin for rule in builtin_rules())
    path = tmp_path / "mine.toml"
    path.write_text('name = "mine"\n\n[[line]]\nkind = "promo"\npattern = "^广告$"\n', encoding="utf-8")
    assert not load_file(path).builtin
    assert not SiteRule(name="code").builtin
    assert not [rule for rule in RuleSet.load([tmp_path]).rules if rule.name == "mine" and rule.builtin]
