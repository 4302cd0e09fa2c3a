"""Leads change the phrasebook from Slack; everyone else is refused and nothing changes.

Edits run on a copy of the shipped phrasebook with its own coach, built once for this module
(building and checking a phrasebook takes seconds): the tests that change it use phrases no
other test here relies on.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.coach import Coach
from bot.knowledge.search import KnowledgeBase
from bot.store.sqlite import SqliteStore
from tests.slack.conftest import (
    AGENT,
    LEAD,
    ROOT,
    Bot,
    action_ids,
    button,
    dm_button,
    home_button,
    lead_view,
    make_bot,
    submission,
    value_of,
    write_rules,
)
from tests.slack.fakeslack import FakeSlack


@pytest.fixture(scope="module")
def lead_coach(tmp_path_factory: pytest.TempPathFactory) -> Coach:
    folder = tmp_path_factory.mktemp("lead-edits")
    shutil.copytree(ROOT / "phrasebook", folder / "phrasebook")
    return Coach(write_rules(folder, folder / "phrasebook"))


@pytest.fixture
def lead_bot(fake: FakeSlack, lead_coach: Coach, kb: KnowledgeBase) -> Iterator[Bot]:
    made = make_bot(fake, lead_coach, kb)
    yield made
    made.close()


def flags(coach: Coach, text: str) -> list[str]:
    return [f.rule for f in coach.check(text).findings]


def dm_texts(bot: Bot) -> list[str]:
    return [c.args["text"] for c in bot.calls("chat.postMessage")]


def test_an_agent_asking_for_the_phrasebook_is_refused(bot: Bot) -> None:
    bot.command("/phrasebook", "phrase", user=AGENT)

    [answer] = bot.answers()
    assert answer["text"].startswith("Only team leads can change the phrasebook.")
    assert bot.calls("views.open") == []


def test_an_agent_pressing_a_lead_button_is_refused_in_a_dm(bot: Bot) -> None:
    bot.interact(home_button("lead_add_rule", user=AGENT))

    assert dm_texts(bot)[0].startswith("Only team leads can change the phrasebook.")
    assert bot.calls("views.open") == []


def test_a_lead_gets_the_add_phrase_form(bot: Bot) -> None:
    bot.command("/phrasebook", "phrase", user=LEAD)

    [opened] = bot.calls("views.open")
    assert opened.args["view"]["callback_id"] == "lead_add_phrase_view"


def test_a_lead_gets_the_toggle_form_from_app_home(bot: Bot) -> None:
    bot.interact(home_button("lead_toggle_rule", user=LEAD))

    [opened] = bot.calls("views.open")
    assert opened.args["view"]["callback_id"] == "lead_toggle_rule_view"


def test_phrasebook_with_no_word_lists_what_it_can_do(bot: Bot) -> None:
    bot.command("/phrasebook", user=LEAD)

    [answer] = bot.answers()
    assert answer["text"].startswith("Change the phrasebook (leads only):")


def test_a_form_sent_by_an_agent_changes_nothing(lead_bot: Bot, lead_coach: Coach) -> None:
    before = Path(lead_coach.settings.phrasebook, "dont-know.yaml").read_text(encoding="utf-8")
    values = {"rule": "dont-know", "lang": "en", "phrase": "no clue at all"}
    response = lead_bot.interact(submission(lead_view("lead_add_phrase_view", values), user=AGENT))

    assert json.loads(response.body)["errors"]["rule"].startswith("Only team leads can change")
    assert lead_bot.methods() == ["usergroups.users.list"]  # is the agent in the leads' group?
    after = Path(lead_coach.settings.phrasebook, "dont-know.yaml").read_text(encoding="utf-8")
    assert after == before


def test_a_phrase_already_there_is_refused_on_its_field(lead_bot: Bot) -> None:
    values = {"rule": "dont-know", "lang": "en", "phrase": "I don't know"}
    response = lead_bot.interact(submission(lead_view("lead_add_phrase_view", values), user=LEAD))

    assert json.loads(response.body) == {
        "response_action": "errors",
        "errors": {
            "phrase": '"I don\'t know" is already in the phrases of dont-know (en): nothing to '
            "add; check a draft with it to see what fires"
        },
    }


def test_a_leads_new_phrase_goes_live(lead_bot: Bot, lead_coach: Coach) -> None:
    assert flags(lead_coach, "Search me, sorry.") == []
    values = {"rule": "dont-know", "lang": "en", "phrase": "search me"}

    response = lead_bot.interact(submission(lead_view("lead_add_phrase_view", values), user=LEAD))

    assert (response.status, response.body) == (200, "")
    lead_bot.settle()
    assert flags(lead_coach, "Search me, sorry.") == ["dont-know"]
    assert dm_texts(lead_bot) == [
        "Done: “search me” (en) is now flagged by dont-know. It is live now."
    ]
    [entry] = lead_bot.store.audit_log()
    assert (entry.user, entry.action, entry.rule, entry.detail) == (
        LEAD,
        "add-phrase",
        "dont-know",
        'en: "search me"',
    )
    assert lead_bot.calls("views.publish")[0].args["user_id"] == LEAD


def test_the_done_message_quotes_a_phrase_with_quotes_in_it_as_typed(lead_bot: Bot) -> None:
    values = {"rule": "dont-know", "lang": "en", "phrase": 'no "clue"'}

    lead_bot.interact(submission(lead_view("lead_add_phrase_view", values), user=LEAD))

    assert dm_texts(lead_bot) == [
        'Done: “no "clue"” (en) is now flagged by dont-know. It is live now.'
    ]


def test_a_new_rule_goes_live_and_the_done_message_names_its_level_and_phrases(
    lead_bot: Bot, lead_coach: Coach
) -> None:
    values = {**NEW_RULE, "id": "yo-greeting", "phrases": "yo\nwassup"}

    lead_bot.interact(submission(lead_view("lead_add_rule_view", values), user=LEAD))

    assert dm_texts(lead_bot) == [
        "Done: the rule yo-greeting (warning) was added, flagging “yo”, “wassup” (en)."
        " It is live now."
    ]
    assert flags(lead_coach, "yo, what now") == ["yo-greeting"]


def test_an_edit_that_breaks_the_phrasebook_is_refused_and_the_old_one_stays(
    lead_bot: Bot, lead_coach: Coach
) -> None:
    before = Path(lead_coach.settings.phrasebook, "dont-know.yaml").read_text(encoding="utf-8")
    # Its own better wording would then be flagged: the phrasebook refuses that.
    values = {"rule": "dont-know", "lang": "en", "phrase": "let me find out"}

    lead_bot.interact(submission(lead_view("lead_add_phrase_view", values), user=LEAD))

    [dm] = dm_texts(lead_bot)
    assert dm.startswith("Your change was not applied, for the reasons below; nothing was written")
    assert Path(lead_coach.settings.phrasebook, "dont-know.yaml").read_text(encoding="utf-8") == (
        before
    )
    assert flags(lead_coach, "I don't know.") == ["dont-know"]
    assert flags(lead_coach, "Let me find out.") == []
    assert lead_bot.store.audit_log() == []


def test_reload_from_app_home_reports_the_rules_live(lead_bot: Bot, lead_coach: Coach) -> None:
    lead_bot.interact(home_button("lead_reload", user=LEAD))

    rules = len(lead_coach.engine.phrasebook.rules)
    assert dm_texts(lead_bot) == [f"Reloaded from disk: {rules} rules live."]


def test_a_new_rule_with_an_unusable_id_is_refused_on_the_id_field(lead_bot: Bot) -> None:
    values = {
        "id": "Rude Greeting",
        "level": "warning",
        "message": "A rude greeting",
        "why": "It sets the wrong tone.",
        "lang": "en",
        "phrases": "yo",
        "better_wording": "Hello",
        "replace_with": "hello",
        "bad": "yo, what now",
        "good": "",
    }
    response = lead_bot.interact(submission(lead_view("lead_add_rule_view", values), user=LEAD))

    errors = json.loads(response.body)["errors"]
    assert list(errors) == ["id"]
    assert errors["id"].startswith('"Rude Greeting" is not a usable rule id')


def test_turning_on_a_rule_that_is_on_is_refused_on_the_state_field(lead_bot: Bot) -> None:
    values = {"rule": "dont-know", "state": "on"}
    response = lead_bot.interact(submission(lead_view("lead_toggle_rule_view", values), user=LEAD))

    assert json.loads(response.body)["errors"] == {
        "state": "dont-know is already on: nothing to change"
    }


NEW_RULE = {
    "id": "rude-greeting",
    "level": "warning",
    "message": "A rude greeting",
    "why": "It sets the wrong tone.",
    "lang": "en",
    "phrases": "yo",
    "better_wording": "Hello",
    "replace_with": "hello",
    "bad": "yo, what now",
    "good": "",
}


def test_a_new_rule_without_better_wording_is_refused_on_that_field(lead_bot: Bot) -> None:
    values = {**NEW_RULE, "better_wording": "  "}
    response = lead_bot.interact(submission(lead_view("lead_add_rule_view", values), user=LEAD))

    assert json.loads(response.body)["errors"] == {
        "better_wording": "the better wording is empty: write the better wording"
    }


def test_a_new_rule_without_replace_with_is_refused_on_that_field(lead_bot: Bot) -> None:
    values = {**NEW_RULE, "replace_with": ""}
    response = lead_bot.interact(submission(lead_view("lead_add_rule_view", values), user=LEAD))

    assert json.loads(response.body)["errors"] == {
        "replace_with": "the wording to replace with is empty: write the wording to replace with"
    }


def test_an_error_about_a_field_the_form_lacks_goes_under_its_first_field(lead_bot: Bot) -> None:
    values = {"rule": "dont-know", "lang": "en"}  # no phrase input at all
    response = lead_bot.interact(submission(lead_view("lead_add_phrase_view", values), user=LEAD))

    assert json.loads(response.body)["errors"] == {
        "rule": "the phrase is empty: type the words agents write, e.g. beats me"
    }


def test_an_edit_is_kept_from_the_ack_until_it_is_live(lead_bot: Bot) -> None:
    values = {"rule": "dont-know", "lang": "en", "phrase": "clueless as ever"}
    lead_bot.interact(submission(lead_view("lead_add_phrase_view", values), user=LEAD))
    lead_bot.settle()
    assert lead_bot.store.pending_edits() == []


def test_an_edit_a_crash_left_goes_live_when_the_app_starts(
    fake: FakeSlack, lead_coach: Coach, kb: KnowledgeBase
) -> None:
    store = SqliteStore(":memory:")
    values = {"rule": "dont-know", "lang": "en", "phrase": "beats me entirely"}
    store.accept_edit(LEAD, "lead_add_phrase_view", values)
    bot = make_bot(fake, lead_coach, kb, store=store)
    try:
        bot.settle()
        assert flags(lead_coach, "Beats me entirely.") == ["dont-know"]
        assert dm_texts(bot) == [
            "Done: “beats me entirely” (en) is now flagged by dont-know. It is live now."
        ]
        assert store.pending_edits() == []
    finally:
        bot.close()


def test_an_edit_a_crash_left_that_cannot_be_made_is_told_to_its_lead(
    fake: FakeSlack, lead_coach: Coach, kb: KnowledgeBase
) -> None:
    store = SqliteStore(":memory:")
    store.accept_edit(
        LEAD, "lead_add_phrase_view", {"rule": "no-such", "lang": "en", "phrase": "x"}
    )
    bot = make_bot(fake, lead_coach, kb, store=store)
    try:
        bot.settle()
        [said] = dm_texts(bot)
        assert said.startswith(
            "Your phrasebook change from before phrasebot restarted could not be made:"
            ' no rule "no-such" in the phrasebook'
        )
        assert store.pending_edits() == []
    finally:
        bot.close()


def test_an_edit_a_crash_left_is_made_once_by_workers_starting_together(
    fake: FakeSlack, lead_coach: Coach, kb: KnowledgeBase, tmp_path: Path
) -> None:
    path = tmp_path / "store.sqlite"
    kept = SqliteStore(path)
    values = {"rule": "dont-know", "lang": "en", "phrase": "no earthly idea"}
    kept.accept_edit(LEAD, "lead_add_phrase_view", values)
    kept.close()
    first = make_bot(fake, lead_coach, kb, store=SqliteStore(path))
    second = make_bot(fake, lead_coach, kb, store=SqliteStore(path))
    try:
        first.settle()
        second.settle()
        assert flags(lead_coach, "No earthly idea.") == ["dont-know"]
        assert dm_texts(first) == [
            "Done: “no earthly idea” (en) is now flagged by dont-know. It is live now."
        ]
        assert first.store.pending_edits() == []
    finally:
        first.close()
        second.close()


# -- teaching a rule a sentence: the form ----------------------------------------------------------


def how(coach: Coach, text: str) -> list[tuple[str, str]]:
    return [(f.rule, f.how) for f in coach.check(text).findings]


def test_a_lead_gets_the_sample_form_from_phrasebook_and_from_app_home(bot: Bot) -> None:
    bot.command("/phrasebook", "sample", user=LEAD)
    bot.interact(home_button("lead_add_sample", user=LEAD))

    opened = [c.args["view"]["callback_id"] for c in bot.calls("views.open")]
    assert opened == ["lead_add_sample_view", "lead_add_sample_view"]


def test_phrasebook_usage_names_the_sample_form(bot: Bot) -> None:
    bot.command("/phrasebook", user=LEAD)

    [answer] = bot.answers()
    assert "• `/phrasebook sample`: teach a rule a sentence" in answer["text"]


def test_a_sentence_a_lead_files_as_good_stops_its_similar_finding_at_once(
    lead_bot: Bot, lead_coach: Coach
) -> None:
    draft = "The weather forecast is a mystery to me."
    assert how(lead_coach, draft) == [("dont-know", "similar")]
    values = {"rule": "dont-know", "lang": "en", "sentence": draft, "side": "good"}

    response = lead_bot.interact(submission(lead_view("lead_add_sample_view", values), user=LEAD))

    assert (response.status, response.body) == (200, "")
    lead_bot.settle()
    assert how(lead_coach, draft) == []
    assert dm_texts(lead_bot) == [
        f"Done: “{draft}” (en) is now a good sample of dont-know. It is live now."
    ]
    [entry] = lead_bot.store.audit_log()
    assert (entry.action, entry.rule, entry.detail) == (
        "add-sample",
        "dont-know",
        f'en: "{draft}" (good)',
    )
    bank = Path(lead_coach.settings.phrasebook, "meaning", "dont-know.yaml")
    assert f"    - {draft}\n" in bank.read_text(encoding="utf-8")


def test_a_sentence_already_in_the_bank_is_refused_on_the_sentence_field(lead_bot: Bot) -> None:
    values = {"rule": "dont-know", "lang": "en", "sentence": "No idea.", "side": "bad"}
    response = lead_bot.interact(submission(lead_view("lead_add_sample_view", values), user=LEAD))

    assert json.loads(response.body)["errors"] == {
        "sentence": '"No idea." is already a bad sample of dont-know (en): nothing to add'
    }


def test_a_sample_form_without_a_side_is_refused_on_that_field(lead_bot: Bot) -> None:
    values = {"rule": "dont-know", "lang": "en", "sentence": "Search me, pal.", "side": ""}
    response = lead_bot.interact(submission(lead_view("lead_add_sample_view", values), user=LEAD))

    assert json.loads(response.body)["errors"] == {
        "side": "say whether it is bad or good: pick one"
    }


def test_a_sample_form_sent_by_an_agent_changes_nothing(lead_bot: Bot, lead_coach: Coach) -> None:
    bank = Path(lead_coach.settings.phrasebook, "meaning", "dont-know.yaml")
    before = bank.read_text(encoding="utf-8")
    values = {"rule": "dont-know", "lang": "en", "sentence": "Search me, pal.", "side": "bad"}
    response = lead_bot.interact(submission(lead_view("lead_add_sample_view", values), user=AGENT))

    assert json.loads(response.body)["errors"]["rule"].startswith("Only team leads can change")
    assert bank.read_text(encoding="utf-8") == before


# -- a sentence an agent shared: the lead adds it as harmless, or dismisses it --------------------


def shared_with_the_lead(bot: Bot, draft: str) -> dict[str, Any]:
    """An agent posts `draft`, presses False alarm on its tip and Share: the lead's DM."""
    bot.post(draft)
    [tip] = bot.tips()
    bot.interact(button("tip_false_alarm", value_of(tip.args, "tip_false_alarm")))
    bot.interact(button("share_sentence", value_of(bot.answers()[-1], "share_sentence")))
    [dm] = bot.calls("chat.postMessage")
    bot.fake.reset()
    return dm.args


def test_a_shared_sentence_added_by_a_lead_is_flagged_no_more(
    lead_bot: Bot, lead_coach: Coach
) -> None:
    draft = "Honestly the courier route is a mystery to me."
    dm = shared_with_the_lead(lead_bot, draft)
    assert action_ids(dm) == ["sample_add_good", "sample_dismiss"]

    lead_bot.interact(dm_button("sample_add_good", value_of(dm, "sample_add_good")))

    lead_bot.settle()
    assert how(lead_coach, draft) == []
    lead_bot.post(draft, ts="1700000100.000100")
    assert lead_bot.tips() == []  # the same draft gets no tip now
    assert dm_texts(lead_bot) == [
        f"Done: “{draft}” (en) is now a good sample of dont-know. It is live now."
    ]
    replaced = lead_bot.answers()[-1]
    assert replaced["replace_original"] is True
    assert replaced["blocks"][0]["text"]["text"] == "Added to `dont-know` as harmless by <@U0900>."
    assert action_ids(replaced) == []
    [entry] = lead_bot.store.audit_log()
    assert (entry.user, entry.action, entry.detail) == (LEAD, "add-sample", f'en: "{draft}" (good)')


def test_a_shared_sentence_is_kept_nowhere_while_it_waits_for_a_lead(lead_bot: Bot) -> None:
    dm = shared_with_the_lead(lead_bot, "Take your business somewhere else.")
    lead_bot.interact(dm_button("sample_add_good", value_of(dm, "sample_add_good")))
    lead_bot.settle()
    assert lead_bot.store.pending_edits() == []  # the DM's button is where it waits, not here


def test_a_non_lead_pressing_add_is_refused_and_nothing_changes(
    lead_bot: Bot, lead_coach: Coach
) -> None:
    bank = Path(lead_coach.settings.phrasebook, "meaning", "dont-know.yaml")
    before = bank.read_text(encoding="utf-8")
    value = json.dumps({"r": "dont-know", "l": "en", "s": "Search me, pal."})

    lead_bot.interact(dm_button("sample_add_good", value, user=AGENT))

    [answer] = lead_bot.answers()
    assert answer["text"].startswith("Only team leads can change the phrasebook.")
    assert answer.get("replace_original") is False
    assert bank.read_text(encoding="utf-8") == before
    assert lead_bot.store.audit_log() == []


def test_dismiss_adds_nothing_and_the_dm_loses_its_buttons(
    lead_bot: Bot, lead_coach: Coach
) -> None:
    bank = Path(lead_coach.settings.phrasebook, "meaning", "dont-know.yaml")
    before = bank.read_text(encoding="utf-8")
    dm = shared_with_the_lead(lead_bot, "You clearly didn't read the instructions.")

    lead_bot.interact(dm_button("sample_dismiss", ""))

    replaced = lead_bot.answers()[-1]
    assert replaced["replace_original"] is True
    assert replaced["blocks"][0]["text"]["text"] == "Dismissed by <@U0900>: nothing was added."
    assert action_ids(replaced) == []
    assert bank.read_text(encoding="utf-8") == before
    assert "sample_add_good" in action_ids(dm)


@pytest.fixture
def banks(lead_coach: Coach) -> Iterator[Path]:
    """The meaning banks' folder; each bank is put back as it was after the test."""
    folder = Path(lead_coach.settings.phrasebook, "meaning")
    before = {path: path.read_bytes() for path in folder.glob("*.yaml")}
    yield folder
    for path, data in before.items():
        path.write_bytes(data)


def test_an_add_when_the_bank_is_broken_on_disk_is_refused_with_the_reason(
    lead_bot: Bot, banks: Path
) -> None:
    bank_on_disk = banks / "dont-know.yaml"
    bank_on_disk.write_text("bad:\n  en: [No clue\n", encoding="utf-8")
    value = json.dumps({"r": "dont-know", "l": "en", "s": "Search me, pal."})

    lead_bot.interact(dm_button("sample_add_good", value))

    assert dm_texts(lead_bot) == [
        "I could not add it: meaning/dont-know.yaml:3: not valid YAML: did not find expected"
        " ',' or ']': fix the file first (`phrasebot lint` shows every problem). Nothing was"
        " written."
    ]
    assert bank_on_disk.read_text(encoding="utf-8") == "bad:\n  en: [No clue\n"


def test_an_add_when_the_bank_changed_on_disk_and_fails_lint_is_refused_naming_the_line(
    lead_bot: Bot, banks: Path
) -> None:
    bank_on_disk = banks / "dont-know.yaml"
    text = bank_on_disk.read_text(encoding="utf-8")
    bank_on_disk.write_text(text + '    - "No idea."\n', encoding="utf-8")  # listed twice
    value = json.dumps({"r": "dont-know", "l": "en", "s": "Search me, pal."})

    lead_bot.interact(dm_button("sample_add_good", value))

    [dm] = lead_bot.calls("chat.postMessage")
    assert dm.args["text"].startswith("Your change was not applied, for the reasons below")
    assert "meaning/dont-know.yaml" in dm.args["blocks"][1]["text"]["text"]
    assert 'sample "No idea." is listed twice' in dm.args["blocks"][1]["text"]["text"]
    assert "Search me, pal." not in bank_on_disk.read_text(encoding="utf-8")
    assert lead_bot.answers() == []
    assert lead_bot.store.audit_log() == []


def test_an_add_when_the_bank_changed_since_the_dm_is_refused_with_the_reason(
    lead_bot: Bot, banks: Path
) -> None:
    sentence = "You plainly got the dates wrong."
    dm = shared_with_the_lead(lead_bot, sentence)
    bank_on_disk = banks / "youre-wrong.yaml"
    # Meanwhile someone filed the very sentence as bad, in the file on disk (a git pull).
    text = bank_on_disk.read_text(encoding="utf-8")
    bank_on_disk.write_text(text.replace("bad:\n  en:\n", f"bad:\n  en:\n    - {sentence}\n"))

    lead_bot.interact(dm_button("sample_add_good", value_of(dm, "sample_add_good")))

    assert dm_texts(lead_bot) == [
        f'I could not add it: "{sentence}" is already a bad sample of youre-wrong (en): a'
        " sentence cannot be both: take it out of meaning/youre-wrong.yaml. Nothing was written."
    ]
    assert lead_bot.answers() == []  # the DM keeps its buttons
    assert lead_bot.store.audit_log() == []


def test_a_second_lead_adding_a_sentence_already_added_is_told_so(lead_bot: Bot) -> None:
    sentence = "Pay up now or we cut the line."
    value = json.dumps({"r": "hurry-up", "l": "en", "s": sentence})
    lead_bot.interact(dm_button("sample_add_good", value))
    lead_bot.settle()
    lead_bot.fake.reset()

    lead_bot.interact(dm_button("sample_add_good", value))

    assert dm_texts(lead_bot) == [
        f'I could not add it: "{sentence}" is already a good sample of hurry-up (en): nothing to'
        " add. Nothing was written."
    ]
