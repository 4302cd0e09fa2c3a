"""The Web API methods the app calls, answered from the sandbox's workspace as Slack would.

Each method changes the workspace (a message posted, a modal opened, App Home published) and
answers with Slack's shape, or Slack's error code for what Slack would refuse: an unknown
channel, a stale view hash, an expired trigger_id, more blocks than a surface holds. Each call
lands in the Requests panel as it was sent, with its fields decoded and the answer.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from bot.sandbox.webapi import RESPONSE_URL, Answer, Call, WebApi
from bot.sandbox.workspace import (
    APP_ID,
    BOT_ID,
    BOT_USER,
    BY_ID,
    TEAM,
    TEAM_DOMAIN,
    TEAM_NAME,
    Message,
    Workspace,
    dm_of,
    with_ids,
)

Args = dict[str, Any]
MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
MODAL_STACK = 3
FROM_APP = "from the app"


class SlackApi(WebApi):
    """The sandbox's Web API: every method answered from `workspace`."""

    def __init__(self, workspace: Workspace, *, avatars: str = "") -> None:
        super().__init__()
        self.workspace = workspace
        self.avatars = avatars  # the page's URL for avatars, given to users.info
        workspace.respond_base = self.url + "respond/"

    def answer(self, method: str, args: Args, path: str, token: str = "") -> Answer:
        if method == RESPONSE_URL:
            return Answer(respond(self.workspace, path, args))
        known = METHODS.get(method)
        if known is None:
            return Answer({"ok": False, "error": "unknown_method"})
        return Answer(known(self, args))

    def recorded(self, call: Call) -> None:
        """Put the call in the Requests panel, and tie what it made to that entry."""
        head = f"POST {call.path}\nContent-Type: {call.content_type}\n\n"
        title = call.method if call.method != RESPONSE_URL else "response_url"
        entry = self.workspace.record(
            FROM_APP,
            title,
            head + call.raw,
            json.dumps(call.answer, ensure_ascii=False, indent=2),
            decoded=json.dumps(call.args, ensure_ascii=False, indent=2),
            status=call.status,
            warning=_warning(call),
        )
        made = call.answer.get("ts") or call.answer.get("message_ts")
        if made:
            channel = str(call.answer.get("channel") or call.args.get("channel") or "")
            message = self.workspace.find(_channel(channel), str(made))
            if message is not None:
                self.workspace.replace(message, exchange=entry.id)

    # -- methods -------------------------------------------------------------------------------

    def auth_test(self, args: Args) -> Args:
        return {
            "ok": True,
            "url": f"https://{TEAM_DOMAIN}.invalid/",
            "team": TEAM_NAME,
            "user": "phrasebot",
            "team_id": TEAM,
            "user_id": BOT_USER,
            "bot_id": BOT_ID,
            "is_enterprise_install": False,
        }

    def post_message(self, args: Args) -> Args:
        channel = _channel(str(args.get("channel") or ""))
        refused = _refuse_message(self.workspace, channel, args)
        if refused:
            return refused
        message = self.workspace.post(
            channel,
            str(args.get("text") or ""),
            blocks=with_ids(args.get("blocks")),
            thread_ts=_text(args.get("thread_ts")),
            username=_text(args.get("username")),
            icon_url=_text(args.get("icon_url")),
        )
        return {"ok": True, "channel": channel, "ts": message.ts, "message": _shape(message)}

    def post_ephemeral(self, args: Args) -> Args:
        channel = _channel(str(args.get("channel") or ""))
        user = str(args.get("user") or "")
        if user not in BY_ID:
            return _error("user_not_found")
        refused = _refuse_message(self.workspace, channel, args)
        if refused:
            return refused
        message = self.workspace.post(
            channel,
            str(args.get("text") or ""),
            blocks=with_ids(args.get("blocks")),
            thread_ts=_text(args.get("thread_ts")),
            only_for=user,
        )
        return {"ok": True, "message_ts": message.ts}

    def update_message(self, args: Args) -> Args:
        message, refused = self._own_message(args)
        if message is None:
            return refused
        fields: Args = {"text": str(args.get("text") or message.text)}
        if "blocks" in args:
            fields["blocks"] = with_ids(args.get("blocks"))
        self.workspace.replace(message, **fields)
        return {"ok": True, "channel": message.channel, "ts": message.ts, "text": message.text}

    def delete_message(self, args: Args) -> Args:
        message, refused = self._own_message(args)
        if message is None:
            return refused
        self.workspace.delete(message)
        return {"ok": True, "channel": message.channel, "ts": message.ts}

    def _own_message(self, args: Args) -> tuple[Message | None, Args]:
        channel = _channel(str(args.get("channel") or ""))
        message = self.workspace.find(channel, str(args.get("ts") or ""))
        if message is None:
            return None, _error("message_not_found")
        if not message.bot or message.only_for:
            return None, _error("cant_update_message")
        return message, {}

    def open_conversation(self, args: Args) -> Args:
        users = [u for u in str(args.get("users") or "").split(",") if u]
        if len(users) != 1 or users[0] not in BY_ID or users[0] == BOT_USER:
            return _error("user_not_found")
        return {"ok": True, "channel": {"id": dm_of(users[0]).id, "is_im": True}}

    def conversation_info(self, args: Args) -> Args:
        found = self.workspace.conversation(_channel(str(args.get("channel") or "")))
        if found is None:
            return _error("channel_not_found")
        kind = {"is_im": True} if found.kind == "im" else {"is_channel": True, "is_member": True}
        return {"ok": True, "channel": {"id": found.id, "name": found.name, **kind}}

    def user_info(self, args: Args) -> Args:
        person = BY_ID.get(str(args.get("user") or ""))
        if person is None:
            return _error("user_not_found")
        profile: Args = {"display_name": person.real_name, "real_name": person.real_name}
        if self.avatars:
            profile["image_72"] = f"{self.avatars}{person.id}.svg"
        return {
            "ok": True,
            "user": {
                "id": person.id,
                "team_id": TEAM,
                "name": person.name,
                "real_name": person.real_name,
                "is_bot": person.role == "app",
                "profile": profile,
            },
        }

    def usergroup_users(self, args: Args) -> Args:
        return _error("no_such_subteam")  # the sandbox has no user groups

    def open_view(self, args: Args) -> Args:
        view, refused = _view_arg(args)
        if view is None:
            return refused
        trigger, error = self.workspace.take_trigger(str(args.get("trigger_id") or ""))
        if trigger is None or error:
            return _error(error)
        return {"ok": True, "view": self.workspace.open_modal(trigger.user, view, trigger.channel)}

    def push_view(self, args: Args) -> Args:
        view, refused = _view_arg(args)
        if view is None:
            return refused
        trigger, error = self.workspace.take_trigger(str(args.get("trigger_id") or ""))
        if trigger is None or error:
            return _error(error)
        if len(self.workspace.modals.get(trigger.user) or []) >= MODAL_STACK:
            return _error("push_limit_reached")
        if self.workspace.top_modal(trigger.user) is None:
            return _error("not_found")
        return {"ok": True, "view": self.workspace.push_modal(trigger.user, view)}

    def update_view(self, args: Args) -> Args:
        view, refused = _view_arg(args)
        if view is None:
            return refused
        view_id = str(args.get("view_id") or "") or self.workspace.by_external_id(
            str(args.get("external_id") or "")
        )
        held = self.workspace.views.get(view_id or "")
        if view_id is None or held is None:
            return _error("not_found")
        if args.get("hash") and args["hash"] != held.view.get("hash"):
            return _error("hash_conflict")
        return {"ok": True, "view": self.workspace.update_view(view_id, view)}

    def publish_view(self, args: Args) -> Args:
        view, refused = _view_arg(args)
        if view is None:
            return refused
        user = str(args.get("user_id") or "")
        if user not in BY_ID:
            return _error("user_not_found")
        if view.get("type") != "home":
            return _error("invalid_arguments")
        current = self.workspace.homes.get(user)
        held = self.workspace.views.get(current or "")
        if args.get("hash") and held and args["hash"] != held.view.get("hash"):
            return _error("hash_conflict")
        return {"ok": True, "view": self.workspace.publish(user, view)}


METHODS: dict[str, Callable[[SlackApi, Args], Args]] = {
    "auth.test": SlackApi.auth_test,
    "chat.postMessage": SlackApi.post_message,
    "chat.postEphemeral": SlackApi.post_ephemeral,
    "chat.update": SlackApi.update_message,
    "chat.delete": SlackApi.delete_message,
    "conversations.open": SlackApi.open_conversation,
    "conversations.info": SlackApi.conversation_info,
    "users.info": SlackApi.user_info,
    "usergroups.users.list": SlackApi.usergroup_users,
    "views.open": SlackApi.open_view,
    "views.push": SlackApi.push_view,
    "views.update": SlackApi.update_view,
    "views.publish": SlackApi.publish_view,
}


def respond(workspace: Workspace, path: str, args: Args) -> Args:
    """A post to a response_url: a new message, or the one whose button was pressed replaced
    or deleted (replace_original, delete_original)."""
    origin = workspace.origin(path)
    if origin is None:
        return _error("expired_url")
    source = workspace.find(origin.channel, origin.message_ts) if origin.message_ts else None
    text = str(args.get("text") or "")
    blocks = with_ids(args.get("blocks"))
    if _true(args.get("delete_original")):
        if source is not None:
            workspace.delete(source)
        return {"ok": True}
    if _true(args.get("replace_original")) and source is not None:
        workspace.replace(source, text=text, blocks=blocks)
        return {"ok": True}
    if not text and not blocks:
        return _error("no_text")
    public = args.get("response_type") == "in_channel"
    workspace.post(
        origin.channel,
        text,
        blocks=blocks,
        thread_ts=_text(args.get("thread_ts")) or origin.thread_ts,
        only_for=None if public else origin.user,
    )
    return {"ok": True}


def _refuse_message(workspace: Workspace, channel: str, args: Args) -> Args:
    if workspace.conversation(channel) is None:
        return _error("channel_not_found")
    blocks = args.get("blocks")
    if not args.get("text") and not blocks:
        return _error("no_text")
    if blocks is not None and not isinstance(blocks, list):
        return _error("invalid_blocks")
    if isinstance(blocks, list) and len(blocks) > MESSAGE_BLOCKS:
        return _too_many("/blocks", MESSAGE_BLOCKS)
    return {}


def _view_arg(args: Args) -> tuple[Args | None, Args]:
    view = args.get("view")
    if isinstance(view, str):
        try:
            view = json.loads(view)
        except ValueError:
            view = None
    if not isinstance(view, dict):
        return None, _error("invalid_arguments")
    blocks = view.get("blocks")
    if isinstance(blocks, list) and len(blocks) > VIEW_BLOCKS:
        return None, _too_many("/view/blocks", VIEW_BLOCKS)
    return view, {}


def _too_many(pointer: str, limit: int) -> Args:
    said = f"[ERROR] no more than {limit} items allowed [json-pointer:{pointer}]"
    return {"ok": False, "error": "invalid_blocks", "response_metadata": {"messages": [said]}}


def _warning(call: Call) -> str:
    """What Slack accepts but a reader should know: blocks with no fallback text."""
    if call.args.get("blocks") and not call.args.get("text") and call.method != RESPONSE_URL:
        return "blocks without fallback text: notifications and screen readers get nothing"
    if not call.answer.get("ok", True):
        return f"Slack would refuse this: {call.answer.get('error')}"
    return ""


def _shape(message: Message) -> Args:
    """A message as chat.postMessage echoes it."""
    return {
        "type": "message",
        "subtype": "bot_message",
        "text": message.text,
        "ts": message.ts,
        "bot_id": BOT_ID,
        "app_id": APP_ID,
        "user": BOT_USER,
        "team": TEAM,
        "blocks": message.blocks or [],
    }


def _channel(channel: str) -> str:
    """A user id given as the channel means the DM with that person."""
    return dm_of(channel).id if channel.startswith(("U", "W")) and channel in BY_ID else channel


def _text(value: Any) -> str | None:
    return str(value) if value else None


def _true(value: Any) -> bool:
    return value is True or str(value).lower() == "true"


def _error(code: str) -> Args:
    return {"ok": False, "error": code}
