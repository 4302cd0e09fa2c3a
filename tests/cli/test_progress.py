"""The progress bar: drawn for a person at a terminal, silent in a pipe."""

from __future__ import annotations

import io

from bot.cli.progress import Bar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_sees_the_bar_fill_and_the_line_end() -> None:
    screen = Terminal()
    bar = Bar("phrasebot check", screen)
    bar(0, 4)
    bar(4, 4)
    bar.close()

    drawn = screen.getvalue()
    assert drawn.startswith("\rphrasebot check [")
    assert drawn.endswith(f"[{'#' * 30}] 4/4\n")


def test_a_pipe_sees_nothing() -> None:
    pipe = io.StringIO()
    bar = Bar("phrasebot check", pipe)
    bar(1, 2)
    bar.close()
    assert pipe.getvalue() == ""
