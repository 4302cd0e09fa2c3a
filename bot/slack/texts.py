"""Every plain string the Slack app says to people, in one place (Block Kit lives in blocks/)."""

from __future__ import annotations

from bot.phrasebook.edit import Change

# -- /check, /fixes, /draft ---------------------------------------------------------------------

CHECK_USAGE = (
    "Paste your draft after the command, e.g. `/check Honestly I don't know, we'll get back to "
    "you soon.` Only you will see what I flag and a better wording."
)
FIXES_USAGE = (
    "Describe the customer's problem after the command, e.g. `/fixes card declined at the "
    "reader`. Only you will see the known fixes; each has a Share button."
)
NO_FIXES = "No known fix matches that yet. Try other words, or ask a lead to add one."
NOT_SHARED = (
    "I could not share it here ({reason}). If this is a private channel, invite me with "
    "`/invite @phrasebot` and try again."
)

# -- buttons on a tip ---------------------------------------------------------------------------

THANKS_HELPFUL = "Thanks! Glad it helped."
THANKS_FALSE_ALARM = "Thanks for saying so: the leads see false alarms and tune the phrasebook."
SHARE_OFFER = (
    "Was this sentence harmless? You can share it with the team leads as an example of harmless"
    " wording: if a lead adds it, the rule stops flagging it. Nothing is sent or kept unless you"
    " press Share."
)
SHARE_BUTTON = "Share this sentence with the team leads as a harmless example"
NO_THANKS = "No thanks"
SHARE_TOO_LONG = (
    "The flagged sentence is too long to share as an example: a rule learns from single"
    " sentences, under 400 characters."
)
SHARED = "Shared with {leads}. Thank you! A lead decides whether the rule learns from it."
NO_LEADS = "This workspace has no team leads to share it with, so nothing was sent."
NOT_SENT_TO_LEADS = "I could not reach the team leads just now, so nothing was sent. Thank you!"
SHARE_DECLINED = "OK: the sentence was not shared, and nothing was kept."
SHARE_UNREADABLE = "I could not read which sentence to share, so nothing was sent."

# -- a sentence an agent shared, in a lead's DM --------------------------------------------------

SHARED_WITH_YOU = (
    "{user} pressed False alarm on a tip and shares this sentence as a harmless example for"
    " `{rule}`:"
)
SHARED_FALLBACK = "phrasebot: {user} shares a sentence `{rule}` flagged, as harmless: “{sentence}”"
ADD_AS_HARMLESS = "Add to {rule} as harmless"
ADD_AS_HARMLESS_NOTE = (
    "Add files it under good: in meaning/{rule}.yaml, checked like any edit; from then on the rule"
    " no longer flags this sentence. Dismiss keeps nothing."
)
DISMISS = "Dismiss"
SAMPLE_ADDED = "Added to `{rule}` as harmless by {user}."
SAMPLE_DISMISSED = "Dismissed by {user}: nothing was added."
SAMPLE_REFUSED = "I could not add it: {reason}. Nothing was written."
MUTED = "Muted {rules}: you will not get tips for it any more."

# -- the compose modal --------------------------------------------------------------------------

EMPTY_DRAFT = "Write your reply first."
CHOOSE_CONVERSATION = "Choose where to send your reply."
SENT_BY = "sent by <@{user}> with phrasebot"
NOT_POSTED = (
    "I could not post your reply in <#{channel}> ({reason}). "
    "If it is a private channel, invite me with `/invite @phrasebot`. Your reply, to paste "
    "yourself:"
)

# -- leads --------------------------------------------------------------------------------------

NOT_LEAD = (
    "Only team leads can change the phrasebook. Ask a lead to make this change, or to add you "
    "to `leads:` in rules.yaml."
)
PHRASEBOOK_USAGE = (
    "Change the phrasebook (leads only):\n"
    "• `/phrasebook phrase`: add a phrase to a rule\n"
    "• `/phrasebook exception`: add an exception to a rule\n"
    "• `/phrasebook rule`: add a new rule\n"
    "• `/phrasebook sample`: teach a rule a sentence, one it must flag or a harmless one\n"
    "• `/phrasebook toggle`: turn a rule on or off\n"
    "• `/phrasebook settings`: this workspace's leads, quiet channels, level and tip cap\n"
    "• `/phrasebook reload`: load the phrasebook from disk again\n"
    "App Home has the same buttons."
)
CHANGE_LIVE = "Done: {what}. It is live now."
EDIT_LOST = (
    "Your phrasebook change from before phrasebot restarted could not be made: {reason}. "
    "Nothing was written; make it again if you still want it."
)
CHANGE_REFUSED = (
    "Your change was not applied, for the reasons below; nothing was written and the last good"
    " phrasebook stays live."
)
RELOADED = "Reloaded from disk: {rules} rules live."
RELOAD_REFUSED = "The files on disk have problems, so the last good phrasebook stays live:"
KNOWLEDGE_PROBLEMS = "The knowledge base has problems; entries that cannot be read are left out:"
CHECK_CUT_OFF = (
    "This draft took too long to check (over {seconds:g} s), so I stopped; the team leads have"
    " been told. Try a shorter part of it."
)
SLOW_CHECK = (
    "A draft's check was cut off after {seconds:g} s while {where}. Its tip was not sent; every"
    " other tip went on. A check this slow usually comes from a rule's `unless` cue patterns:"
    " look at that rule's file, and run `phrasebot lint`. You are told once per rule."
)
DISK_PROBLEMS = (
    "Someone edited the phrasebook, rules.yaml or the knowledge base on disk, and it has problems. "
    "The last good phrasebook stays live until they are fixed:"
)

# -- what each lead action did, for CHANGE_LIVE (see change_done) --------------------------------

DID_ADD_PHRASE = "{phrases} ({lang}) is now flagged by {rule}"
DID_ADD_EXCEPTION = "{phrases} ({lang}) is now an exception to {rule}"
DID_ADD_RULE = "the rule {rule} ({level}) was added, flagging {phrases} ({lang})"
DID_RULE_ON = "the rule {rule} is on"
DID_RULE_OFF = "the rule {rule} is off"
DID_SETTINGS = "the workspace's settings were saved: {phrases}"
DID_ADD_SAMPLE = "{phrases} ({lang}) is now a {side} sample of {rule}"
DID = {
    "add-phrase": DID_ADD_PHRASE,
    "add-exception": DID_ADD_EXCEPTION,
    "add-rule": DID_ADD_RULE,
    "rule-on": DID_RULE_ON,
    "rule-off": DID_RULE_OFF,
    "settings": DID_SETTINGS,
    "add-sample": DID_ADD_SAMPLE,
}


def change_done(change: Change) -> str:
    """What a lead's change did, from its fields: “beats me” (en) is now flagged by dont-know."""
    template = DID.get(change.action)
    if template is None:
        return f"{change.action} {change.rule}"
    phrases = ", ".join(quoted(p) for p in change.phrases)
    return template.format(
        rule=change.rule, lang=change.lang, level=change.level, side=change.side, phrases=phrases
    )


def quoted(text: str) -> str:
    """What a person typed, quoted as every text here quotes it: “…”."""
    return f"“{text}”"


# -- phrasebot serve ----------------------------------------------------------------------------

TOKEN_WHERE = {
    "SLACK_BOT_TOKEN": (
        "the Bot User OAuth Token, xoxb-…: api.slack.com/apps → your app → OAuth & Permissions"
    ),
    "SLACK_APP_TOKEN": (
        "an App-Level Token with the connections:write scope, xapp-…: api.slack.com/apps → "
        "your app → Basic Information → App-Level Tokens"
    ),
    "SLACK_SIGNING_SECRET": (
        "the Signing Secret, 32 hexadecimal characters: api.slack.com/apps → your app → "
        "Basic Information → App Credentials → Signing Secret"
    ),
    "SLACK_CLIENT_ID": (
        "the Client ID, digits with a dot: api.slack.com/apps → your app → Basic Information → "
        "App Credentials → Client ID"
    ),
    "SLACK_CLIENT_SECRET": (
        "the Client Secret, 32 hexadecimal characters: api.slack.com/apps → your app → "
        "Basic Information → App Credentials → Client Secret"
    ),
}
TOKEN_MISSING = "phrasebot: {name} is not set. It should be {where}."
TOKEN_MALFORMED = "phrasebot: {name} does not look right. It should be {where}."
TOKEN_REFUSED = "phrasebot: Slack refused {name} ({code}). It should be {where}."
SLACK_UNREACHABLE = "phrasebot: cannot reach Slack to check the bot token ({error}); going on."
TOKEN_HINT = (
    "Put it in the environment or in a .env file in this folder (a line `{name}=…`). "
    "Socket Mode needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN; HTTP mode (--http) needs "
    "SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET; many workspaces (OAuth) need SLACK_CLIENT_ID, "
    "SLACK_CLIENT_SECRET and SLACK_SIGNING_SECRET, and no SLACK_BOT_TOKEN."
)
SERVING_SOCKET = "phrasebot: connected to Slack over Socket Mode; Ctrl-C stops it."
SERVING_HTTP = (
    "phrasebot: {workers} listening on http://{host}:{port}/slack/events "
    "(/healthz, /readyz, /metrics); Ctrl-C stops it."
)
SERVING_OAUTH = "phrasebot: install it into a workspace from http://{host}:{port}/slack/install"
STORE_UNREACHABLE = (
    "phrasebot: cannot open the store at {where} ({error}). Check PHRASEBOT_DATABASE_URL "
    "(or `database:` in rules.yaml) and that the database server is running."
)
STOPPED = "phrasebot: stopped."

CANNOT_LISTEN = (
    "phrasebot: cannot listen on {host}:{port} ({error}). Is another phrasebot running there?"
    " Stop it, or pick another port with --port."
)
