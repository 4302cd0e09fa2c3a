"""texts.change_done: what a lead's change did, in words, from the Change's own fields."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.phrasebook.edit import Change
from bot.slack import texts


def change(action: str, **fields: Any) -> Change:
    return Change({Path("rules.yaml"): ""}, action, "dont-know", **fields)


def test_an_added_phrase_is_quoted_as_typed() -> None:
    done = texts.change_done(change("add-phrase", lang="en", phrases=('say "no": never',)))
    assert done == '“say "no": never” (en) is now flagged by dont-know'


def test_an_added_exception_names_its_rule() -> None:
    done = texts.change_done(change("add-exception", lang="he", phrases=("לא יודע עדיין",)))
    assert done == "“לא יודע עדיין” (he) is now an exception to dont-know"


def test_an_added_rule_names_its_level_and_phrases() -> None:
    done = texts.change_done(change("add-rule", lang="en", phrases=("yo", "sup"), level="info"))
    assert done == "the rule dont-know (info) was added, flagging “yo”, “sup” (en)"


def test_a_rule_turned_off() -> None:
    assert texts.change_done(change("rule-off")) == "the rule dont-know is off"


def test_a_rule_turned_on() -> None:
    assert texts.change_done(change("rule-on")) == "the rule dont-know is on"


def test_an_action_without_words_of_its_own_says_what_it_was() -> None:
    assert texts.change_done(change("rename")) == "rename dont-know"
