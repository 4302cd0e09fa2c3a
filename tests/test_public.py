"""The small public surface in bot/__init__.py: every name there, and only those."""

import subprocess
import sys

import bot


def test_every_public_name_resolves() -> None:
    for name in bot.__all__:
        assert getattr(bot, name).__name__ == name


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        bot.Nope  # noqa: B018
    except AttributeError as err:
        assert str(err) == "module 'bot' has no attribute 'Nope'"
    else:
        raise AssertionError("bot.Nope resolved")


def test_importing_bot_loads_no_engine() -> None:
    code = "import sys, bot; print('spacy' in sys.modules, 'slack_bolt' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_the_readme_example_runs() -> None:
    coach = bot.Coach()
    report = coach.check("idk, maybe soon")
    assert [f.rule for f in report.findings] == ["dont-know", "vague-timeline"]
