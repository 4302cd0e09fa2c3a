"""Every id the app and Slack agree on, in one place, and the counts several surfaces share.

Command names and shortcut callback ids must match manifest.yaml (tests/slack/test_manifest.py
checks that they do). Action, view, block and field ids are ours alone: the builders in
bot.slack.blocks put them on what they build, and the listeners in bot.slack.listeners are
registered on them.
"""

from __future__ import annotations

# -- slash commands (manifest.yaml: features.slash_commands) ----------------------------------

CHECK = "/check"
DRAFT = "/draft"
FIXES = "/fixes"
PHRASEBOOK = "/phrasebook"
COMMANDS = (CHECK, DRAFT, FIXES, PHRASEBOOK)

# -- shortcut callback ids (manifest.yaml: features.shortcuts) --------------------------------

COMPOSE = "compose"  # global: "Draft a reply"
CHECK_WORDING = "check_wording"  # on a message: "Check wording"
REPLY = "reply_with_phrasebot"  # on a message: "Reply with phrasebot"
GLOBAL_SHORTCUTS = (COMPOSE,)
MESSAGE_SHORTCUTS = (CHECK_WORDING, REPLY)

# -- a tip's buttons, and sharing a fix --------------------------------------------------------

TIP_ACTIONS = "tip_actions"  # the block holding a tip's buttons
HELPFUL = "tip_helpful"
FALSE_ALARM = "tip_false_alarm"
MUTE = "tip_mute"
SHOW_FIXES = "tip_show_fixes"
SHARE_FIX = "fix_share"

# -- the compose modal -------------------------------------------------------------------------

COMPOSE_VIEW = "compose"  # its callback id
COMPOSE_BLOCK = "compose_draft"  # the reply box's block ...
COMPOSE_INPUT = "compose_input"  # ... and its action: every keystroke arrives under it
COMPOSE_TARGET_BLOCK = "compose_target"  # where to send the reply: the block ...
COMPOSE_TARGET = "compose_target_select"  # ... and its conversations_select

# -- App Home ----------------------------------------------------------------------------------

UNMUTE = "home_unmute"  # beside each rule under "Muted for you"; its value is the rule id


LEAD_ACTIONS = "lead_actions"  # the block holding the lead buttons
LEAD_ADD_PHRASE = "lead_add_phrase"
LEAD_ADD_EXCEPTION = "lead_add_exception"
LEAD_ADD_RULE = "lead_add_rule"
LEAD_TOGGLE_RULE = "lead_toggle_rule"
LEAD_RELOAD = "lead_reload"

# -- lead modals: callback ids, and their fields -----------------------------------------------

ADD_PHRASE_VIEW = "lead_add_phrase_view"
ADD_EXCEPTION_VIEW = "lead_add_exception_view"
ADD_RULE_VIEW = "lead_add_rule_view"
TOGGLE_RULE_VIEW = "lead_toggle_rule_view"
LEAD_VIEWS = (ADD_PHRASE_VIEW, ADD_EXCEPTION_VIEW, ADD_RULE_VIEW, TOGGLE_RULE_VIEW)

# Each field is both the input's block_id and its action_id, so a value sits at
# view["state"]["values"][FIELD][FIELD], and lead_form_values() returns {FIELD: value}.
FIELD_RULE = "rule"  # static_select: a rule id
FIELD_LANG = "lang"  # static_select: one of bot.model.LANGUAGES
FIELD_PHRASE = "phrase"  # plain_text_input: one phrase or exception
FIELD_ID = "id"  # plain_text_input: the new rule's id
FIELD_LEVEL = "level"  # static_select: info, warning or error
FIELD_MESSAGE = "message"
FIELD_WHY = "why"
FIELD_PHRASES = "phrases"  # multiline, one phrase per line
FIELD_SUGGESTION = "suggestion"
FIELD_INSTEAD = "instead"
FIELD_BAD = "bad"  # multiline, one example per line
FIELD_GOOD = "good"  # multiline, one example per line; optional
FIELD_STATE = "state"  # radio_buttons: "on" or "off"

# -- counts several surfaces share -------------------------------------------------------------

FIXES_SHOWN = 5  # known fixes listed by /fixes and by a tip's "Show known fixes"
