"""Decide whether a lead's regex is safe to run on every draft.

Plain phrases are the norm; a cue may carry a regex for shapes phrases cannot say ("17:00",
"3pm"). Patterns are matched against single tokens only, and here we refuse the constructs
that make backtracking explode: a repeat inside a repeat, alternation under a repeat,
backreferences and lookarounds.
"""

from __future__ import annotations

import re
import re._parser as sre_parse  # type: ignore[import-not-found]  # the parser `re` itself runs
from typing import Any

MAX_PATTERN = 100
_REPEATS = {sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, sre_parse.POSSESSIVE_REPEAT}
_FORBIDDEN = {
    sre_parse.GROUPREF: "backreferences",
    sre_parse.GROUPREF_EXISTS: "conditional groups",
    sre_parse.ASSERT: "lookahead or lookbehind",
    sre_parse.ASSERT_NOT: "lookahead or lookbehind",
}


def problem_with(pattern: Any) -> str | None:
    """Say what is wrong with a pattern, or None when it is safe to use."""
    if not isinstance(pattern, str) or not pattern:
        return "a pattern must be non-empty text"
    if len(pattern) > MAX_PATTERN:
        return f"longer than {MAX_PATTERN} characters"
    try:
        parsed = sre_parse.parse(pattern)
    except re.error as err:
        return f"not a valid regex ({err})"
    return _walk(list(parsed), inside_repeat=False)


def _walk(items: list[tuple[Any, Any]], inside_repeat: bool) -> str | None:
    for op, arg in items:
        if op in _FORBIDDEN:
            return f"{_FORBIDDEN[op]} are not allowed"
        if op in _REPEATS:
            if inside_repeat:
                return "a repeat inside a repeat can backtrack for ever"
            found = _walk(list(arg[2]), inside_repeat=True)
        elif op is sre_parse.BRANCH:
            if inside_repeat:
                return "alternatives under a repeat can backtrack for ever"
            found = next((p for b in arg[1] if (p := _walk(list(b), inside_repeat))), None)
        elif op is sre_parse.SUBPATTERN:
            found = _walk(list(arg[3]), inside_repeat)
        else:
            found = None
        if found:
            return found
    return None
