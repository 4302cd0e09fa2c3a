"""Build the Bolt app: one coach, one knowledge base, one store; bot.slack.listeners registers the rest."""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from slack_bolt import App, BoltResponse
from slack_bolt.authorization.authorize import Authorize
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient

from bot.coach import Coach
from bot.knowledge.search import KnowledgeBase
from bot.slack import listeners
from bot.slack.deliver import Deliverer
from bot.slack.deps import RETRY_AFTER, Deps, Leads
from bot.slack.listeners import leads, tips
from bot.slack.outbox import LEASE, POLL, Outbox
from bot.slack.workspaces import Workspaces
from bot.store import Store

log = logging.getLogger("phrasebot.slack")


def build_app(
    *,
    coach: Coach,
    kb: KnowledgeBase,
    store: Store,
    client: WebClient | None = None,
    signing_secret: str,
    token: str | None = None,
    process_before_response: bool = True,
    deliverer: Deliverer | None = None,
    lease: float = LEASE,
    poll: float = POLL,
    workspaces: Workspaces | None = None,
    oauth: OAuthSettings | None = None,
    authorize: Authorize | None = None,
    outbox: Outbox | None = None,
    retry_after: float = RETRY_AFTER,
) -> App:
    """The Slack app. Listeners ack first and leave Web API calls to `deliverer`'s pools.

    Tips of events accepted before a crash (the store's outbox) are delivered at once, and
    the outbox is watched for jobs any worker left. With `oauth` the app serves every
    workspace that installed it, each with its own token (`workspaces` says which).
    """
    if client is None:
        client = WebClient(token=token)
    bolt_log = logging.getLogger("phrasebot.bolt")
    # Bolt reads SLACK_BOT_TOKEN from the environment even when given a client, then warns
    # that the token is unused; the client carries that same token, so the warning misleads.
    quiet = _Drop("`token` will be unused")
    bolt_log.addFilter(quiet)
    try:
        app = App(
            client=client,
            signing_secret=signing_secret,
            token_verification_enabled=False,
            process_before_response=process_before_response,
            logger=bolt_log,
            oauth_settings=oauth,
            authorize=authorize,  # type: ignore[arg-type]  # an Authorize is what it takes
        )
    finally:
        bolt_log.removeFilter(quiet)
    if oauth is not None:
        app.enable_token_revocation_listeners()  # app_uninstalled, tokens_revoked
    deliver = deliverer or Deliverer(client)
    outbox = outbox or Outbox(store, deliver, lease=lease, poll=poll)
    deps = Deps(
        coach=coach,
        kb=kb,
        store=store,
        deliver=deliver,
        leads=Leads(deliver),
        workspaces=workspaces,
        outbox=outbox,
        retry_after=retry_after,
    )
    listeners.register(app, deps)
    app.error(_error)
    outbox.start(partial(tips.deliver_claimed, deps))
    leads.resume_edits(deps)
    return app


class _Drop(logging.Filter):
    def __init__(self, words: str) -> None:
        super().__init__()
        self.words = words

    def filter(self, record: logging.LogRecord) -> bool:
        return self.words not in record.getMessage()


def _error(error: Exception, body: dict[str, Any], logger: logging.Logger) -> BoltResponse:
    """A listener failed: log what and where (never the payload's text); Slack gets a 500."""
    kind = body.get("type") or body.get("command") or "request"
    event = (body.get("event") or {}).get("type")
    logger.error(
        "listener failed on %s%s: %s", kind, f"/{event}" if event else "", type(error).__name__
    )
    return BoltResponse(status=500, body="")
