"""What can be wrong in a file a person edits, told so that they can fix it.

Every check collects `Problem`s instead of stopping at the first, and each one names the file,
the line and column, the rule (or "-"), what is wrong, and a `fix:` that says what to write.
Like Vale's config errors, a problem can quote the line it is about:

    phrasebook/dont-know.yaml:12:9: dont-know: example not flagged: "Не знала" (uk)
       12 |       - Не знала
          |         ^
      fix: add the phrase it uses to phrases:, or move the example to good:
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Problem:
    """Something wrong in a phrasebook, rules.yaml or knowledge file."""

    file: str
    line: int  # 1-based
    rule: str  # the rule or entry id it is about, "-" for the file as a whole
    message: str
    fix: str = ""
    column: int = 0  # 1-based; 0 when only the line is known
    source: str = ""  # the offending line as written, for the quote
    note: bool = False  # advice only: it does not keep a phrasebook from going live

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" + (f":{self.column}" if self.column else "")

    @property
    def headline(self) -> str:
        """One line: where, which rule, what is wrong."""
        kind = "note: " if self.note else ""
        return f"{self.where}: {self.rule}: {kind}{self.message}"

    def __str__(self) -> str:
        lines = [self.headline]
        if self.source.strip():
            number = str(self.line)
            lines.append(f"  {number} | {self.source.rstrip()}")
            if self.column:
                lines.append(f"  {' ' * len(number)} | {' ' * (self.column - 1)}^")
        if self.fix:
            lines.append(f"  fix: {self.fix}")
        return "\n".join(lines)


class PhrasebookError(Exception):
    """The phrasebook or rules.yaml has problems; `problems` lists them all."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(map(str, self.problems)))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean "level"?)' when one of `choices` is close to `word`, else ""."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


def blocking(problems: Iterable[Problem]) -> list[Problem]:
    """The problems that keep a phrasebook from going live (notes do not)."""
    return [p for p in problems if not p.note]


def quoted(problems: Iterable[Problem], text_of: Callable[[str], str | None]) -> list[Problem]:
    """Give each problem without a quote the line it names, from `text_of(file)`."""
    texts: dict[str, list[str] | None] = {}
    out = []
    for p in problems:
        if p.source or p.line < 1:
            out.append(p)
            continue
        if p.file not in texts:
            text = text_of(p.file)
            texts[p.file] = text.splitlines() if text is not None else None
        lines = texts[p.file]
        out.append(replace(p, source=lines[p.line - 1]) if lines and p.line <= len(lines) else p)
    return out


class EditError(Exception):
    """An edit cannot be made as asked: `message` says why, `fix` what to do instead, and
    `field` which part of the request it is about ("" for the request as a whole), so a form
    can show it beside the right input."""

    def __init__(self, message: str, fix: str, field: str = "") -> None:
        super().__init__(f"{message}\n  fix: {fix}")
        self.message = message
        self.fix = fix
        self.field = field


class CheckTooSlow(Exception):
    """A draft's check ran past its time budget and was cut off.

    `rule` and `file` name the rule being worked on at that moment ("" while the draft itself
    was being read), so the leads can look at that rule's patterns and cues.
    """

    def __init__(self, seconds: float, rule: str = "", file: str = "") -> None:
        where = f"rule {rule} ({file})" if rule else "reading the draft"
        super().__init__(f"the check was cut off after {seconds:g} s, while {where}")
        self.seconds = seconds
        self.rule = rule
        self.file = file
