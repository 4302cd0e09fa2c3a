"""Every id the app and Slack agree on, in one place, and the counts several surfaces share.

Command names and shortcut callback ids must match manifest.yaml (tests/slack/test_manifest.py
checks that they do). Action, view, block and field ids are ours alone: the builders in
bot.slack.blocks put them on what they build, and the listeners in bot.slack.listeners are
registered on them.
"""

from __future__ import annotations

from bot.phrasebook import edit

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

# -- a False alarm's thanks: sharing the flagged sentence with the leads, and their DM ---------

SHARE_ACTIONS = "share_actions"  # the block holding Share and No thanks
SHARE_SENTENCE = "share_sentence"  # its value: {"r": rule, "l": language, "s": sentence, "k": like}
NO_SHARE = "share_no_thanks"
SAMPLE_ACTIONS = "sample_actions"  # in a lead's DM: the block holding Add and Dismiss
SAMPLE_ADD = "sample_add_good"  # its value: {"r": rule, "l": language, "s": sentence}
SAMPLE_DISMISS = "sample_dismiss"

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
LEAD_ADD_SAMPLE = "lead_add_sample"  # a sentence for a rule's meaning bank
LEAD_TOGGLE_RULE = "lead_toggle_rule"
LEAD_RELOAD = "lead_reload"
LEAD_SETTINGS = "lead_settings"

# -- lead modals: callback ids, and their fields -----------------------------------------------

ADD_PHRASE_VIEW = "lead_add_phrase_view"
ADD_EXCEPTION_VIEW = "lead_add_exception_view"
ADD_RULE_VIEW = "lead_add_rule_view"
ADD_SAMPLE_VIEW = "lead_add_sample_view"
TOGGLE_RULE_VIEW = "lead_toggle_rule_view"
SETTINGS_VIEW = "lead_settings_view"  # the workspace's leads, quiet channels, level and cap
LEAD_VIEWS = (
    ADD_PHRASE_VIEW,
    ADD_EXCEPTION_VIEW,
    ADD_RULE_VIEW,
    ADD_SAMPLE_VIEW,
    TOGGLE_RULE_VIEW,
    SETTINGS_VIEW,
)

# Each field is both the input's block_id and its action_id, so a value sits at
# view["state"]["values"][FIELD][FIELD], and lead_form_values() returns {FIELD: value}. They are
# the names bot.phrasebook.edit gives EditError.field, so an error lands under its own input.
FIELD_RULE = edit.RULE  # static_select: a rule id
FIELD_LANG = edit.LANG  # static_select: one of bot.model.LANGUAGES
FIELD_PHRASE = edit.PHRASE  # plain_text_input: one phrase or exception
FIELD_ID = edit.NEW_ID  # plain_text_input: the new rule's id
FIELD_LEVEL = edit.LEVEL  # static_select: info, warning or error
FIELD_MESSAGE = edit.MESSAGE
FIELD_WHY = edit.WHY
FIELD_PHRASES = edit.PHRASES  # multiline, one phrase per line
FIELD_BETTER_WORDING = edit.BETTER_WORDING  # shown to the agent
FIELD_REPLACE_WITH = edit.REPLACE_WITH  # what the rewrite puts in place of a phrase
FIELD_BAD = edit.BAD  # multiline, one example per line
FIELD_GOOD = edit.GOOD  # multiline, one example per line; optional
FIELD_STATE = edit.STATE  # radio_buttons: "on" or "off"
FIELD_SENTENCE = edit.SENTENCE  # plain_text_input: one sentence for a meaning bank
FIELD_SIDE = edit.SIDE  # radio_buttons: "bad" or "good"
FIELD_LEADS = "leads"  # multi_users_select: the workspace's leads
FIELD_QUIET = "quiet_channels"  # multi_conversations_select: no tips after posting there
FIELD_MIN_LEVEL = "min_level"  # static_select: info, warning or error
FIELD_TIPS = "tips_per_hour"  # plain_text_input: a whole number, 0 for no cap

# -- counts several surfaces share -------------------------------------------------------------

FIXES_SHOWN = 5  # known fixes listed by /fixes and by a tip's "Show known fixes"

# -- installing into many workspaces ------------------------------------------------------------

# The bot scopes the OAuth install asks for: manifest.yaml's oauth_config.scopes.bot.
BOT_SCOPES = (
    "chat:write",
    "chat:write.customize",
    "commands",
    "channels:history",
    "groups:history",
    "im:history",
    "mpim:history",
    "users:read",
    "usergroups:read",
    "im:write",
)
