"""Every sentence the command line says to people, in one place (reports: render.py)."""

PHRASEBOOK_BROKEN = "phrasebot: the phrasebook has problems; `phrasebot lint` lists them."
NO_SUCH_FILE = "phrasebot check: no such file: {path}; give a file that exists, or the draft itself"
CHECK_USAGE = "phrasebot check: give a draft, a file, or --jsonl FILE (- for stdin)"
FIXES_USAGE = (
    'phrasebot fixes: say what the problem is, e.g. `phrasebot fixes "refund not showing"`'
)
CANNOT_READ = "phrasebot {command}: cannot read {source}: {reason}"
NOT_JSON = "line {n} is not JSON: {reason}"
NO_FIELD = 'line {n} needs a "{field}" string'
NOT_UTF8 = "line {n} is not UTF-8 text (at byte {at})"
TOO_DEEP = "line {n} is nested too deeply to be an answerable line"
FAILED = "line {n} could not be answered ({kind}); the batch goes on"
CUT_OFF = "line {n}: {why} (check_seconds in rules.yaml); the batch goes on"
NO_KNOWLEDGE_FOLDER = "phrasebot: no knowledge folder at {path}; check --kb or rules.yaml"
ENTRIES_LEFT_OUT = "phrasebot: entries with problems are left out; `phrasebot kb lint`"
FIXES_THAT_MAY_HELP = "\nKnown fixes that may help:\n"
NO_FIX = (
    "No known fix matches that ({entries} entries searched). Try other words, or ask a\n"
    "lead to add one to {folder}."
)
NOTHING_RECORDED = "Nothing recorded yet: {store} does not exist until the Slack app runs."
DEMO_END = (
    'Those were sample drafts. Check your own with `phrasebot check "text"`, and edit the\n'
    "rules in phrasebook/ (see phrasebook/README.md; `phrasebot lint` checks them).\n"
    'Known fixes: `phrasebot fixes "reader won\'t turn on"` searches knowledge/.\n'
    "Slack: set SLACK_BOT_TOKEN and SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET\n"
    "(HTTP) in the environment or in .env, and `make run` starts the app (README: Slack)."
)
PROBLEMS_IN = "\n{count} in {where}"
KB_OK = "ok: {count} known fixes ({folder})"
LINT_OK = "ok: {rules} rules, {phrases} phrases, {examples} examples pass{samples} ({folder})"
LINT_SAMPLES = ", {count} meaning samples"
EMBEDDING = "embedding meaning samples"
PROGRESS = "phrasebot {command}"
EMBEDDED = "wrote {count} vectors to {path}"
NO_BANK = "phrasebot: no meaning bank in {folder}/meaning (or the phrasebook has problems)"
KB_BUILT = "ok: {count} known fixes indexed, {vectors} ({folder}, {seconds:.1f} s)"
KB_VECTORS = "every one with its vectors ({n})"
KB_NO_VECTORS = "searched by words alone (PHRASEBOT_MEANING=off)"
NOTES_ABOVE = "; {count} above"
