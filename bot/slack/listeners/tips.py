"""Tips after posting: check each new or edited human message and tip its author privately;
and the tip's buttons: Helpful, False alarm, Mute; and sharing a flagged sentence with the leads.

Slack shows a bot nothing of a message still being typed, so the tip comes right after the
message is posted (or edited): ephemeral, to the author only, in the message's thread. A tip's
buttons carry {"r": rule ids, "l": language, "f": fix ids}, so feedback is counted by rule
without any message text. ("Show known fixes" is in listeners/fixes.py.)

Only False alarm may also carry one sentence of the draft: the first the meaning tier flagged.
Its thanks offers the agent to share that sentence with the team leads as a harmless example;
only Share sends it, as a DM to each lead (bot.slack.blocks.share). The sentence is never
written to the store or the logs.

Delivery goes through the store's outbox: the listener accepts the event (one committed write,
the event id its key) before Bolt acks it, and a worker, this one or another (the outbox pump,
bot/slack/outbox.py), claims the job, checks, posts and marks it done, with the bot token of
the workspace the event came from. Jobs left by a crash or a killed worker are claimed again,
so an acked event is never lost; a retry of an accepted event gets no second tip.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from functools import partial
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.knowledge.alternatives import fixes_for
from bot.model import Job
from bot.problems import CheckTooSlow
from bot.slack import ids, metrics, texts
from bot.slack.blocks import kit
from bot.slack.blocks.kit import Message, notice
from bot.slack.blocks.share import for_the_leads, read_offer, read_shared, thanks_for_false_alarm
from bot.slack.blocks.tips import clean, read_tip_value, tip
from bot.slack.deliver import POSSIBLY_DELIVERED
from bot.slack.deps import Deps, findings_of, where

log = logging.getLogger("phrasebot.slack")

FEEDBACK = {ids.HELPFUL: "helpful", ids.FALSE_ALARM: "false_alarm"}
# Rounds of delivery for a tip Slack keeps refusing as busy (429, 5xx) or unreachable, each
# of four tries and deps.retry_after (5 minutes) apart, about 20 minutes in all; then dropped.
MAX_CLAIMS = 5


def register(app: App, deps: Deps) -> None:
    app.event("message")(partial(message, deps))
    for action_id in FEEDBACK:
        app.action(action_id)(partial(feedback, deps))
    app.action(ids.MUTE)(partial(mute, deps))
    app.action(ids.SHARE_SENTENCE)(partial(share, deps))
    app.action(ids.NO_SHARE)(partial(no_share, deps))


# -- a message posted or edited ------------------------------------------------------------------

# Subtypes that are a person saying something; joins, deletions, topics and the like are not.
SPOKEN = frozenset({"thread_broadcast", "file_share", "me_message"})
EDITED = "message_changed"


@dataclass(frozen=True)
class Posted:
    """A human's message worth checking, from any of the shapes a message event takes."""

    user: str
    channel: str
    channel_type: str
    text: str
    ts: str
    thread_ts: str | None
    previous: str | None = None  # the text before an edit, when Slack sent it

    @property
    def direct(self) -> bool:
        return self.channel_type == "im" or self.channel.startswith("D")


def posted(event: dict[str, Any], bot_user: str | None) -> Posted | None:
    """The message to check, or None for what is not a person's new words."""
    subtype = event.get("subtype")
    previous = None
    if subtype == EDITED:
        inner = event.get("message") or {}
        before = event.get("previous_message")
        previous = before.get("text") if isinstance(before, dict) else None
        if "edited" not in inner or (previous is not None and previous == inner.get("text")):
            return None  # an unfurl or a reaction count changed the message, not its author
        event = {
            **inner,
            "channel": event.get("channel"),
            "channel_type": event.get("channel_type"),
        }
        if inner.get("subtype") not in (None, *SPOKEN):
            return None
    elif subtype is not None and subtype not in SPOKEN:
        return None
    user, text = event.get("user"), event.get("text")
    if event.get("bot_id") or event.get("bot_profile") or not user or user == bot_user:
        return None
    if not isinstance(text, str) or not text.strip() or not event.get("channel"):
        return None
    return Posted(
        user=str(user),
        channel=str(event["channel"]),
        channel_type=str(event.get("channel_type") or ""),
        text=text,
        ts=str(event.get("ts") or ""),
        thread_ts=_text_or_none(event.get("thread_ts")),
        previous=previous,
    )


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def message(deps: Deps, body: dict[str, Any], event: dict[str, Any], context: BoltContext) -> None:
    """Bolt acks events itself, after this returns: accept the event durably, tip after."""
    msg = posted(event, context.bot_user_id)
    if msg is None:
        metrics.event("ignored")
        return
    deps = deps.at(context)
    if not msg.direct and not deps.coach.settings.channel(msg.channel).tips:
        metrics.event("ignored")
        return
    # Slack sends an event again when the ack was late or lost; one event gets one tip.
    event_id = str(body.get("event_id") or f"{msg.channel}:{msg.ts}:{event.get('ts')}")
    accepted = deps.store.accept(
        event_id,
        user=msg.user,
        channel=msg.channel,
        channel_type=msg.channel_type,
        ts=msg.ts,
        thread_ts=msg.thread_ts,
        text=msg.text,
        previous=msg.previous,
        team=deps.team,
    )
    if not accepted:
        metrics.event("retry")
        log.info("event %s: seen before, no second tip", event_id)
        return
    metrics.event("accepted")
    if deps.outbox is not None:
        deps.outbox.poke()


def deliver_claimed(deps: Deps, job: Job) -> None:
    """Check a claimed job's message, tip its author if it trips the phrasebook (within the
    hourly cap), then mark the job done, deleting its text; the tip counts once delivered."""
    deps = deps.of(job.team)
    msg = Posted(
        job.user, job.channel, job.channel_type, job.text, job.ts, job.thread_ts, job.previous
    )
    shown = None
    later = False
    outcome = "clean"
    try:
        if deps.deliver.token is None and deps.workspaces is not None and deps.workspaces.many:
            outcome = "no_token"
            log.warning(
                "event %s: workspace %s is not installed: tip dropped", job.event_id, job.team
            )
            return
        # No lock around the check: each tip runs on its own worker, so a slow draft holds up
        # only its own tip, never the others.
        tipped = _tip_for(deps, job.event_id, msg)
        if tipped is None:
            return
        message, findings = tipped
        if msg.direct:
            sent = deps.deliver.post(msg.channel, message)
        else:
            sent = deps.deliver.ephemeral(msg.channel, msg.user, message, msg.thread_ts or msg.ts)
        if sent.ok:
            shown = findings
            outcome = "delivered"
        elif sent.transient and job.claims < MAX_CLAIMS:
            later = deps.store.retry_later(job.event_id, delay=deps.retry_after)
            outcome = "later"
            log.warning(
                "event %s: %s, tip tried again in %.0f s (round %d of %d)",
                job.event_id,
                sent.error,
                deps.retry_after,
                job.claims,
                MAX_CLAIMS,
            )
        elif sent.error == POSSIBLY_DELIVERED:
            outcome = "maybe_delivered"
        else:
            outcome = "refused"
            log.warning("event %s: tip dropped (%s)", job.event_id, sent.error)
    except CheckTooSlow:
        outcome = "too_slow"
    finally:  # delivered, dropped or failed: the text goes, unless it is tried again later
        if not later:
            deps.store.finish_job(job.event_id, shown)
        metrics.tip(outcome, time.time() - job.accepted if outcome == "delivered" else None)


def _tip_for(
    deps: Deps, event_id: str, msg: Posted
) -> tuple[Message, list[tuple[str, str]] | None] | None:
    """The tip to send and what it counts, or None: clean, nothing new since the edit, or over
    the cap."""
    where = None if msg.direct else msg.channel
    report = deps.check(msg.text, user=msg.user, channel=where)
    if msg.previous is not None and report.findings:
        before = {f.rule for f in deps.check(msg.previous, user=msg.user, channel=where).findings}
        if {f.rule for f in report.findings} <= before:
            return None  # the edit added nothing new to flag; the first tip said it all
    if msg.direct:  # a draft sent to the app directly asks for a check: always answered
        if report.clean:
            return clean(report), None
        return tip(report, fixes_for(deps.kb, report)), findings_of(report)
    if report.clean:
        return None
    findings = findings_of(report)
    if not deps.coach.settings.channel(msg.channel).tips:  # switched off since it was accepted
        return None
    if not deps.store.reserve_tip(event_id, deps.coach.settings.tips_per_hour):
        log.info("event %s: %s is over the tip cap", event_id, msg.user)
        metrics.tip("over_cap")
        return None
    log.info(
        "event %s: tip to %s in %s for %s, text %s",
        event_id,
        msg.user,
        msg.channel,
        ",".join(rule for rule, _ in findings),
        deps.text_for_log(msg.text),
    )
    return tip(report, fixes_for(deps.kb, report)), findings


# -- the tip's buttons ---------------------------------------------------------------------------


def feedback(
    deps: Deps,
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Respond,
    context: BoltContext,
) -> None:
    ack()
    deps = deps.at(context)
    kind = FEEDBACK[str(action["action_id"])]
    rules, lang, _ = read_tip_value(action.get("value"))
    user, channel = where(body)
    for rule in rules:
        deps.store.record_feedback(user, channel, rule, lang, kind, team=deps.team)
    log.info("feedback %s from %s on %s", kind, user, ",".join(rules))
    if kind == "helpful":
        thanks = notice(texts.THANKS_HELPFUL)
    else:  # and, when the meaning tier flagged a sentence, the offer to share it
        thanks = thanks_for_false_alarm(*read_offer(action.get("value"), lang))
    deps.deliver.soon(partial(deps.deliver.respond, respond, thanks), what="thanks")


def mute(
    deps: Deps,
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Respond,
    context: BoltContext,
) -> None:
    ack()
    deps = deps.at(context)
    rules, lang, _ = read_tip_value(action.get("value"))
    user, channel = where(body)
    for rule in rules:  # one write each: the count and the mute land together
        deps.store.record_feedback(user, channel, rule, lang, "muted", team=deps.team)
    log.info("%s muted %s", user, ",".join(rules))
    said = texts.MUTED.format(rules=", ".join(f"`{r}`" for r in rules))
    deps.deliver.soon(partial(deps.deliver.respond, respond, notice(said)), what="muted")


# -- sharing the flagged sentence with the leads, only when the agent says so -----------------------


def share(
    deps: Deps,
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Respond,
    context: BoltContext,
) -> None:
    """The agent pressed Share: DM the sentence to each lead, then say so in place of the offer."""
    ack()
    deps = deps.at(context)
    shared = read_shared(action.get("value"))
    user, _ = where(body)

    def work() -> None:
        if shared is None:
            said = texts.SHARE_UNREADABLE
        elif not (leads := deps.lead_users()):
            said = texts.NO_LEADS
        else:
            message = for_the_leads(shared, user)
            sent = sum(deps.deliver.dm(lead, message).ok for lead in leads)
            log.info("%s shared a sentence %s flagged with %d leads", user, shared.rule, sent)
            said = texts.SHARED.format(leads=kit.plural(sent, "team lead"))
            said = said if sent else texts.NOT_SENT_TO_LEADS
        deps.deliver.respond(respond, notice(said), replace_original=True)

    deps.deliver.soon(work, what="share")


def no_share(deps: Deps, ack: Ack, respond: Respond, context: BoltContext) -> None:
    """The agent declined: the offer goes, and with it the sentence."""
    ack()
    deps = deps.at(context)
    declined = notice(texts.SHARE_DECLINED)
    work = partial(deps.deliver.respond, respond, declined, replace_original=True)
    deps.deliver.soon(work, what="no share")
