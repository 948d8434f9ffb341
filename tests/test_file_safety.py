"""Files are never half-written: a run killed midway leaves every file as it was or as
the run meant it to be, and a walk never writes outside the tree it was given."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import article_with

import cleanpage

SPAM = "澳门百家乐|威尼斯人娱乐|皇冠足球比分|六合彩开奖结果"
N_FILES = 300


def _pages(directory: Path) -> dict[Path, tuple[bytes, bytes]]:
    """N_FILES junk pages: path -> (old bytes, the bytes fix writes)."""
    directory.mkdir()
    out = {}
    for i in range(N_FILES):
        text = article_with([SPAM, f"第{i}期 " + SPAM])
        path = directory / f"{i:04d}.txt"
        path.write_text(text, encoding="utf-8")
        out[path] = (text.encode("utf-8"), (cleanpage.clean(text).text + "\n").encode("utf-8"))
    return out


def _start(*args: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "cleanpage.cli", *map(str, args)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _kill_when(proc: subprocess.Popen[bytes], ready: object, sig: int) -> None:
    """Send ``sig`` as soon as ``ready()`` holds (or the run ends by itself)."""
    deadline = time.monotonic() + 120  # a safety net, not a measurement
    while proc.poll() is None and not ready() and time.monotonic() < deadline:  # type: ignore[operator]
        time.sleep(0.01)
    if proc.poll() is None:
        os.kill(proc.pid, sig)
    proc.wait(timeout=60)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_fix_killed_midway_leaves_every_file_old_or_new(tmp_path: Path, sig: int) -> None:
    pages = _pages(tmp_path / "pages")
    proc = _start("fix", "-j", "2", tmp_path / "pages")
    _kill_when(proc, lambda: any(p.read_bytes() == new for p, (_, new) in list(pages.items())[:20]), sig)
    states = {"old": 0, "new": 0}
    for path, (old, new) in pages.items():
        data = path.read_bytes()
        assert data in (old, new), f"{path.name} is neither the old nor the new version"
        states["old" if data == old else "new"] += 1
    assert states["new"] > 0  # the run did get going
    leftovers = [p.name for p in (tmp_path / "pages").iterdir() if p.name.startswith(".")]
    if sig != signal.SIGKILL:  # a killed process cannot clean up; the others do
        assert leftovers == []
    # a later run finishes the job whatever was left, stale temporary files included
    done = subprocess.run(
        [sys.executable, "-m", "cleanpage.cli", "fix", tmp_path / "pages"], capture_output=True
    )
    assert done.returncode in (0, 1), done.stderr
    assert all(path.read_bytes() == new for path, (_, new) in pages.items())


def test_clean_to_a_directory_killed_midway_writes_only_whole_files(tmp_path: Path) -> None:
    pages = _pages(tmp_path / "pages")
    out = tmp_path / "out"
    proc = _start("clean", "-j", "2", "-o", out, tmp_path / "pages")
    _kill_when(proc, lambda: out.exists() and any(out.iterdir()), signal.SIGKILL)
    for path, (_, new) in pages.items():
        target = out / path.name
        if target.exists():
            assert target.read_bytes() == new


def test_a_walk_does_not_follow_a_link_out_of_its_tree(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text(article_with([SPAM]), encoding="utf-8")
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "page.txt").write_text(article_with([SPAM]), encoding="utf-8")
    (tree / "link.txt").symlink_to(outside)
    before = outside.read_bytes()
    proc = subprocess.run(
        [sys.executable, "-m", "cleanpage.cli", "fix", tree], capture_output=True, text=True
    )
    assert outside.read_bytes() == before
    assert (tree / "link.txt").is_symlink()
    assert "symbolic link out of" in proc.stderr and "Traceback" not in proc.stderr
    assert SPAM not in (tree / "page.txt").read_text(encoding="utf-8")


def test_fix_on_a_link_inside_the_tree_keeps_the_link(tmp_path: Path) -> None:
    (tmp_path / "real.txt").write_text(article_with([SPAM]), encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "real.txt")
    proc = subprocess.run(
        [sys.executable, "-m", "cleanpage.cli", "fix", link], capture_output=True, text=True
    )
    assert proc.returncode == 1, proc.stderr
    assert link.is_symlink()
    assert SPAM not in (tmp_path / "real.txt").read_text(encoding="utf-8")


class _Interrupt(BaseException):
    """Stands for Ctrl-C (KeyboardInterrupt) arriving at one exact point."""


@pytest.mark.parametrize("where", ["after-create", "at-fdopen", "at-write", "at-replace"])
def test_an_interrupt_at_any_step_of_an_atomic_write_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """write_bytes_atomic names its temporary file before creating it, so an interrupt
    even right after the creation (where mkstemp had not yet returned the name) removes
    it; the target keeps its old bytes."""
    from cleanpage.corpus import atomic

    target = tmp_path / "page.txt"
    target.write_bytes(b"old")
    real_open, real_fdopen = os.open, os.fdopen

    def open_then_interrupt(*args: object, **kwargs: object) -> int:
        real_open(*args, **kwargs)  # type: ignore[arg-type]
        raise _Interrupt

    class BrokenFile:
        def __init__(self, fd: int) -> None:
            self.fh = real_fdopen(fd, "wb")

        def __enter__(self) -> BrokenFile:
            return self

        def __exit__(self, *exc: object) -> None:
            self.fh.close()

        def write(self, data: bytes) -> int:
            raise _Interrupt

    def replace_interrupted(*args: object) -> None:
        raise _Interrupt

    if where == "after-create":
        monkeypatch.setattr(atomic.os, "open", open_then_interrupt)
    elif where == "at-fdopen":
        monkeypatch.setattr(atomic.os, "fdopen", lambda fd, mode: (_ for _ in ()).throw(_Interrupt()))
    elif where == "at-write":
        monkeypatch.setattr(atomic.os, "fdopen", lambda fd, mode: BrokenFile(fd))
    else:
        monkeypatch.setattr(atomic.os, "replace", replace_interrupted)
    with pytest.raises(_Interrupt):
        atomic.write_bytes_atomic(target, b"new")
    monkeypatch.undo()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.txt"]
    assert target.read_bytes() == b"old"
    atomic.write_bytes_atomic(target, b"new")
    assert target.read_bytes() == b"new"


def test_an_interrupt_right_after_a_sink_creates_its_file_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cleanpage.corpus import atomic

    real_open = os.open

    def open_then_interrupt(*args: object, **kwargs: object) -> int:
        real_open(*args, **kwargs)  # type: ignore[arg-type]
        raise _Interrupt

    monkeypatch.setattr(atomic.os, "open", open_then_interrupt)
    with pytest.raises(_Interrupt):
        atomic.Sink.to_file(tmp_path / "out.jsonl")
    assert list(tmp_path.iterdir()) == []
