"""bot.dotenv: a .env file fills in what the environment lacks."""

from __future__ import annotations

from pathlib import Path

from bot.dotenv import load_dotenv


def test_a_dotenv_file_fills_in_what_the_environment_lacks(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(
        "# tokens\nexport SLACK_BOT_TOKEN=xoxb-from-file\n"
        "SLACK_SIGNING_SECRET='abc'  \nSLACK_APP_TOKEN=xapp-file # comment\nnot a line\n",
        encoding="utf-8",
    )
    env = {"SLACK_APP_TOKEN": "xapp-real"}

    load_dotenv(tmp_path / ".env", env)

    assert env == {
        "SLACK_APP_TOKEN": "xapp-real",
        "SLACK_BOT_TOKEN": "xoxb-from-file",
        "SLACK_SIGNING_SECRET": "abc",
    }
