"""A wheel built from the repo runs on its own: installed in a clean venv, from another folder.

The venv gets the locked dependencies from the project's .venv through a .pth line (the same
pinned packages, without downloading them again) and the wheel itself with --no-deps, so what
is tested is the wheel's own contents: the package, its data and the shipped phrasebook and
knowledge base. No network is used: the build runs without isolation on the pinned setuptools.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT

TIMEOUT = 120
LEFTOVERS = (
    ".git",
    ".venv",
    "build",
    "dist",
    "*.egg-info",
    ".phrasebot",
    "__pycache__",
    ".*_cache",
)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin folder of a fresh venv with only the wheel installed in it."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"  # a clean copy: no build/ or egg-info left by earlier builds
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*LEFTOVERS))
    built = tmp / "dist"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(built), str(source)])
    [wheel] = built.glob("phrasebot-*.whl")
    venv = tmp / "venv"
    run([sys.executable, "-m", "venv", str(venv)])
    python = venv / "bin" / "python"
    site = run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"])
    locked = sysconfig.get_path("purelib")  # the project's .venv, which holds the pins
    (Path(site.strip()) / "locked-deps.pth").write_text(locked + "\n", encoding="utf-8")
    run([str(python), "-m", "pip", "-q", "install", "--no-deps", "--no-index", str(wheel)])
    return venv / "bin"


def run(argv: list[str], cwd: Path | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    done = subprocess.run(
        argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False
    )
    assert done.returncode in (0, 1), f"{argv[:4]} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def test_the_wheel_carries_the_package_data(installed: Path, tmp_path: Path) -> None:
    code = "import bot.config, pathlib; print(pathlib.Path(bot.config.__file__).parent)"
    package = Path(run([str(installed / "python"), "-c", code], cwd=tmp_path).strip())
    assert package.parent.name == "site-packages"  # the installed copy, not this checkout
    assert (package / "data" / "samples.txt").is_file()
    assert (package / "data" / "synonyms.yaml").is_file()


def test_check_runs_from_another_folder(installed: Path, tmp_path: Path) -> None:
    line = json.dumps({"id": 1, "text": "Honestly I don't know, we'll get back to you soon."})
    out = subprocess.run(
        [str(installed / "phrasebot"), "check", "--jsonl", "-"],
        cwd=tmp_path,
        input=line + "\n",
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=True,
    ).stdout
    answer = json.loads(out)
    assert [f["rule"] for f in answer["findings"]] == ["dont-know", "vague-timeline"]


def test_demo_runs_from_another_folder(installed: Path, tmp_path: Path) -> None:
    out = run([str(installed / "phrasebot"), "demo"], cwd=tmp_path)
    assert "Rewrite:" in out and "SLACK_BOT_TOKEN" in out


def test_fixes_runs_from_another_folder(installed: Path, tmp_path: Path) -> None:
    out = run([str(installed / "phrasebot"), "fixes", "card reader won't turn on"], cwd=tmp_path)
    assert out.startswith("1. ")
    assert not list(tmp_path.iterdir())  # the index lives with the installed data, not here


def test_the_sandbox_runs_from_the_wheel_with_its_page_and_the_manifest(
    installed: Path, tmp_path: Path
) -> None:
    scratch = tmp_path / "scratch"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    argv = [str(installed / "phrasebot"), "sandbox", "--port", "0", "--scratch", str(scratch)]
    process = subprocess.Popen(
        argv, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().split("open ", 1)[1].split(" ", 1)[0]
        with urllib.request.urlopen(url + "static/blockkit.js", timeout=TIMEOUT) as script:
            assert b"window.BlockKit" in script.read()
        with urllib.request.urlopen(url + "sandbox/state?user=U0001", timeout=TIMEOUT) as state:
            commands = [c["name"] for c in json.loads(state.read())["app"]["commands"]]
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=TIMEOUT)
    assert commands == [
        "/check",
        "/draft",
        "/fixes",
        "/phrasebook",
    ]  # share/phrasebot/manifest.yaml
    assert (scratch / "phrasebook" / "dont-know.yaml").is_file()
