// A conversation on the sandbox page: its messages (threads under their first message, private
// ones marked "Only visible to you", each with its ⋯ menu) and the composer (Enter sends,
// slash commands offered from the manifest, Shortcuts, replying in a thread, editing).
"use strict";

// -- messages -----------------------------------------------------------------------------------

function drawLog(channel) {
  const log = document.querySelector("#main .log");
  if (!log) return;
  const shown = view.data.messages.filter((m) => m.channel === channel);
  const signature = JSON.stringify([view.me, view.thread, view.editing, shown]);
  if (signature === view.drawn.log) return;
  view.drawn.log = signature;
  const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 60;
  const focus = focused(log);
  const before = log.scrollTop;
  log.textContent = "";
  const replies = {};
  const top = [];
  const stamps = new Set(shown.map((m) => m.ts));
  shown.forEach((m) => {
    if (m.thread_ts && m.thread_ts !== m.ts && stamps.has(m.thread_ts)) {
      (replies[m.thread_ts] = replies[m.thread_ts] || []).push(m);
    } else top.push(m);
  });
  if (!top.length) log.appendChild(el("p", "empty", "No messages yet. Say hello below."));
  top.forEach((m) => {
    log.appendChild(messageNode(m));
    if (replies[m.ts]) {
      const thread = el("div", "thread");
      thread.setAttribute("aria-label", "Replies in the thread");
      thread.setAttribute("role", "group");
      replies[m.ts].forEach((r) => thread.appendChild(messageNode(r)));
      log.appendChild(thread);
    }
  });
  restore(log, focus);
  log.scrollTop = atBottom ? log.scrollHeight : before;
}

function author(m) {
  const person = people()[m.user];
  if (m.bot) return m.username || appName();
  return person ? person.real_name : m.user;
}

function avatarFor(m) {
  if (m.bot && m.icon_url) {
    try {
      const url = new URL(m.icon_url, location.href);
      const local = ["127.0.0.1", "localhost", location.hostname].includes(url.hostname);
      if (local && url.pathname.startsWith("/avatar/")) return url.pathname;
    } catch (err) {
      /* not a URL: the app's icon stands in */
    }
  }
  return `/avatar/${m.bot ? "UBOT0001" : m.user}.svg`;
}

function messageNode(m) {
  const item = el("article", "msg");
  item.dataset.ts = m.ts;
  if (m.only_for) item.classList.add("ephemeral");
  if (m.ts === view.thread || m.ts === view.editing) item.classList.add("selected");
  const img = el("img", "avatar");
  img.src = avatarFor(m);
  img.alt = "";
  item.appendChild(img);
  const body = el("div", "msg-body");
  if (m.only_for) {
    const note = el("div", "only-you");
    note.appendChild(el("span", "eye", "👁"));
    note.lastChild.setAttribute("aria-hidden", "true");
    note.appendChild(document.createTextNode(" Only visible to you"));
    body.appendChild(note);
  }
  const meta = el("div", "meta");
  meta.appendChild(el("span", "author", author(m)));
  if (m.bot) meta.appendChild(el("span", "app-badge", "APP"));
  const time = el("time", "when", clock(m.ts));
  time.dateTime = new Date(Number(m.ts) * 1000).toISOString();
  meta.appendChild(time);
  body.appendChild(meta);
  const content = el("div", "content");
  const ctx = messageContext(m);
  if (Array.isArray(m.blocks) && m.blocks.length) content.appendChild(BK.render(m.blocks, ctx));
  else if (m.blocks && !Array.isArray(m.blocks)) content.appendChild(BK.unknown(m.blocks, "blocks is not a list"));
  else {
    const text = el("div", "mrkdwn");
    text.dir = "auto";
    text.appendChild(M.render(m.text || "", ctx));
    content.appendChild(text);
  }
  if (m.edited) content.appendChild(el("span", "edited", "(edited)"));
  body.appendChild(content);
  item.appendChild(body);
  item.appendChild(messageMenu(m));
  return item;
}

function messageContext(m) {
  const ctx = {
    people: people(),
    conversations: conversations(),
    channel: m.channel,
    scope: `m:${m.channel}:${m.ts}`,
    values: view.values,
    controls: [],
    surface: "message",
  };
  ctx.act = (action) =>
    send("action", { where: { kind: "message", channel: m.channel, ts: m.ts }, action, values: BK.stateOf(ctx) });
  return ctx;
}

function messageMenu(m) {
  const tools = el("div", "msg-tools");
  const more = button("⋯", "more", null);
  more.setAttribute("aria-label", "More actions");
  more.setAttribute("aria-haspopup", "menu");
  more.setAttribute("aria-expanded", "false");
  const menu = el("div", "menu");
  menu.setAttribute("role", "menu");
  menu.setAttribute("aria-label", "Message actions");
  menu.hidden = true;
  const item = (label, caption, onClick) => {
    const entry = button("", "menu-item", () => {
      closeMenus();
      onClick();
    });
    entry.setAttribute("role", "menuitem");
    entry.appendChild(el("span", "", label));
    if (caption) {
      const small = el("span", "caption", caption);
      small.setAttribute("aria-hidden", "true");
      entry.appendChild(small);
    }
    menu.appendChild(entry);
  };
  (view.data.app.shortcuts || [])
    .filter((s) => s.kind === "message")
    .forEach((s) => item(s.name, appName(), () => send("shortcut", { callback_id: s.callback_id, channel: m.channel, ts: m.ts })));
  if (!m.only_for) item("Reply in thread", "", () => startThread(m));
  if (m.user === view.me) item("Edit message", "", () => startEdit(m));
  if (m.exchange) item("Show the request", "Requests", () => showRequest(m.exchange));
  more.addEventListener("click", (event) => {
    event.stopPropagation();
    const opening = menu.hidden;
    closeMenus();
    menu.hidden = !opening;
    more.setAttribute("aria-expanded", String(opening));
    if (opening) menu.querySelector("button")?.focus();
  });
  menu.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      closeMenus();
      more.focus();
    }
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      const items = [...menu.querySelectorAll("button")];
      const at = items.indexOf(document.activeElement);
      const next = (at + (event.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
      items[next].focus();
      event.preventDefault();
    }
  });
  tools.appendChild(more);
  tools.appendChild(menu);
  return tools;
}

function closeMenus() {
  document.querySelectorAll(".menu").forEach((menu) => (menu.hidden = true));
  document.querySelectorAll("[aria-haspopup=menu]").forEach((b) => b.setAttribute("aria-expanded", "false"));
}

function startThread(m) {
  view.thread = m.thread_ts || m.ts;
  view.editing = null;
  view.drawn.log = "";
  drawMain();
  composerMode();
}

function startEdit(m) {
  view.editing = m.ts;
  view.thread = null;
  view.drawn.log = "";
  drawMain();
  composerMode(m.text);
}

// -- the composer -------------------------------------------------------------------------------

function composer(label, channel) {
  const form = el("form", "composer");
  form.dataset.channel = channel;
  const mode = el("div", "composer-mode");
  mode.hidden = true;
  form.appendChild(mode);
  const suggest = el("ul", "suggest");
  suggest.setAttribute("aria-label", "Slash commands");
  suggest.hidden = true;
  form.appendChild(suggest);
  const row = el("div", "composer-row");
  const box = el("textarea");
  box.rows = 1;
  box.dir = "auto";
  box.placeholder = label;
  box.setAttribute("aria-label", label);
  row.appendChild(box);
  const shortcuts = button("", "shortcuts", null);
  const bolt = el("span", "", "⚡ ");
  bolt.setAttribute("aria-hidden", "true");
  shortcuts.append(bolt, "Shortcuts");
  shortcuts.setAttribute("aria-haspopup", "menu");
  shortcuts.setAttribute("aria-expanded", "false");
  const menu = el("div", "menu up");
  menu.setAttribute("role", "menu");
  menu.hidden = true;
  (view.data.app.shortcuts || [])
    .filter((s) => s.kind === "global")
    .forEach((s) => {
      const entry = button(s.name, "menu-item", () => {
        closeMenus();
        send("shortcut", { callback_id: s.callback_id, channel });
      });
      entry.setAttribute("role", "menuitem");
      menu.appendChild(entry);
    });
  shortcuts.addEventListener("click", (event) => {
    event.stopPropagation();
    const opening = menu.hidden;
    closeMenus();
    menu.hidden = !opening;
    shortcuts.setAttribute("aria-expanded", String(opening));
    if (opening) menu.querySelector("button")?.focus();
  });
  const tools = el("div", "composer-tools");
  tools.appendChild(shortcuts);
  tools.appendChild(menu);
  const sendButton = el("button", "send", "Send");
  sendButton.type = "submit";
  tools.appendChild(sendButton);
  row.appendChild(tools);
  form.appendChild(row);
  box.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit(form, box, channel);
    } else if (event.key === "Escape" && (view.thread || view.editing)) {
      view.thread = view.editing = null;
      box.value = "";
      view.drawn.log = "";
      drawMain();
      composerMode();
    } else if (event.key === "Tab" && !suggest.hidden && suggest.firstChild) {
      event.preventDefault();
      suggest.firstChild.firstChild.click();
    }
  });
  box.addEventListener("input", () => {
    grow(box);
    suggestions(suggest, box);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit(form, box, channel);
  });
  return form;
}

function grow(box) {
  box.style.height = "auto";
  box.style.height = `${Math.min(box.scrollHeight, 200)}px`;
}

function suggestions(list, box) {
  list.textContent = "";
  const typed = box.value;
  const matching = /^\/\S*$/.test(typed)
    ? view.data.app.commands.filter((c) => c.name.startsWith(typed))
    : [];
  matching.forEach((c) => {
    const li = el("li");
    const pick = button("", "suggestion", () => {
      box.value = `${c.name} `;
      list.hidden = true;
      box.focus();
    });
    pick.appendChild(el("code", "", c.name));
    pick.appendChild(el("span", "usage", ` ${c.usage_hint}`));
    pick.appendChild(el("span", "caption", c.description));
    li.appendChild(pick);
    list.appendChild(li);
  });
  list.hidden = !matching.length;
}

function submit(form, box, channel) {
  const text = box.value;
  if (!text.trim()) return;
  if (view.editing) {
    send("edit", { channel, ts: view.editing, text });
    view.editing = null;
  } else {
    const body = { channel, text };
    if (view.thread) body.thread_ts = view.thread;
    send("say", body);
  }
  box.value = "";
  grow(box);
  form.querySelector(".suggest").hidden = true;
  view.drawn.log = "";
  composerMode();
}

function composerMode(text) {
  const form = document.querySelector(".composer");
  if (!form) return;
  const mode = form.querySelector(".composer-mode");
  const box = form.querySelector("textarea");
  mode.textContent = "";
  const what = view.editing ? "Editing your message" : view.thread ? "Replying in the thread" : "";
  mode.hidden = !what;
  if (what) {
    mode.appendChild(el("span", "", `${what} · Esc to stop`));
    mode.appendChild(
      button("Stop", "link", () => {
        view.thread = view.editing = null;
        box.value = "";
        view.drawn.log = "";
        drawMain();
        composerMode();
      })
    );
  }
  if (text !== undefined) box.value = text;
  box.focus();
}
