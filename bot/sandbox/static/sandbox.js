// The sandbox page: a Slack look-alike for one person at a time ("You are"), kept up to date by
// a long poll of /sandbox/state, and every action posted to /sandbox/<what>, which the server
// turns into the signed request Slack would send the app. Nothing here talks to the app
// directly, and nothing is fetched from anywhere but this page's own server.
"use strict";

(function () {
  const BK = window.BlockKit;
  const M = window.Mrkdwn;
  const view = {
    me: sessionStorage.getItem("phrasebot-sandbox-me") || "U0001",
    version: -1,
    logSeen: 0,
    data: null,
    open: { kind: "channel", id: "C0001" },
    tab: "messages",
    seen: {}, // conversation id: the newest ts the person has seen there
    values: new Map(), // what was typed and picked, by scope|block_id|action_id
    thread: null, // the ts of the thread the composer replies in
    editing: null, // the ts of the message being edited
    drawn: { log: "", modal: "", home: "", conversations: "" },
  };
  let poller = null;
  let queue = Promise.resolve();

  // -- small helpers ----------------------------------------------------------------------------

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function button(label, className, onClick) {
    const b = el("button", className, label);
    b.type = "button";
    if (onClick) b.addEventListener("click", onClick);
    return b;
  }

  function people() {
    return (view.data && view.data.people) || {};
  }

  function conversations() {
    return (view.data && view.data.conversations) || [];
  }

  function conversation(id) {
    return conversations().find((c) => c.id === id);
  }

  function dm() {
    return conversations().find((c) => c.kind === "im");
  }

  function appName() {
    return (view.data && view.data.app && view.data.app.name) || "phrasebot";
  }

  function clock(ts) {
    const when = new Date(Number(ts) * 1000);
    return when.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
  }

  function say(text) {
    const status = document.getElementById("status");
    status.textContent = text;
    status.hidden = !text;
  }

  // -- talking to the server --------------------------------------------------------------------

  async function poll() {
    for (;;) {
      poller = new AbortController();
      const url = `/sandbox/state?user=${view.me}&since=${view.version}&log=${view.logSeen}`;
      try {
        const answer = await fetch(url, { cache: "no-store", signal: poller.signal });
        if (!answer.ok) throw new Error(`HTTP ${answer.status}`);
        apply(await answer.json());
        say("");
      } catch (err) {
        if (err.name === "AbortError") continue;
        say("The sandbox is not answering: is `make run` still running?");
        await new Promise((done) => setTimeout(done, 1500));
      }
    }
  }

  // Actions go one at a time, in order: keystrokes must reach the app as they were typed.
  function send(what, body) {
    const payload = JSON.stringify({ user: view.me, ...body });
    queue = queue
      .then(() =>
        fetch(`/sandbox/${what}`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: payload,
        })
      )
      .then((answer) => {
        if (!answer.ok) say(`The sandbox refused that (HTTP ${answer.status}).`);
      })
      .catch(() => say("The sandbox is not answering: is `make run` still running?"));
    return queue;
  }

  function become(user) {
    view.me = user;
    sessionStorage.setItem("phrasebot-sandbox-me", user);
    view.version = -1;
    view.thread = view.editing = null;
    view.drawn = { log: "", modal: "", home: "", conversations: "" };
    view.seen = {};
    if (view.open.kind === "app") view.open = { kind: "app" };
    if (poller) poller.abort();
    draw();
  }

  // -- applying a new state ---------------------------------------------------------------------

  function apply(data) {
    const first = !view.data;
    view.data = data;
    view.version = data.version;
    if (data.log.length) {
      view.logSeen = data.log[data.log.length - 1].id;
      addRequests(data.log);
    }
    if (first) drawYou();
    draw();
  }

  function draw() {
    if (!view.data) return;
    drawSidebar();
    drawMain();
    drawModal();
  }

  // -- "You are" and the sidebar ----------------------------------------------------------------

  function drawYou() {
    const select = document.getElementById("you");
    select.textContent = "";
    view.data.you_can_be.forEach((id) => {
      const person = people()[id];
      const option = el("option", "", `${person.real_name} (${person.role === "lead" ? "lead" : "agent"})`);
      option.value = id;
      select.appendChild(option);
    });
    select.value = view.me;
    select.addEventListener("change", () => become(select.value));
  }

  function unread(id) {
    const since = view.seen[id];
    return view.data.messages.filter(
      (m) => m.channel === id && m.user !== view.me && (since === undefined ? false : m.ts > since)
    ).length;
  }

  function drawSidebar() {
    const channels = document.getElementById("channels");
    const apps = document.getElementById("apps");
    channels.textContent = "";
    apps.textContent = "";
    conversations().forEach((c) => {
      if (view.seen[c.id] === undefined) markSeen(c.id);
    });
    conversations()
      .filter((c) => c.kind === "channel")
      .forEach((c) => {
        const current = view.open.kind === "channel" && view.open.id === c.id;
        channels.appendChild(navItem(`#${c.name}`, current, unread(c.id), () => openChannel(c.id)));
      });
    const current = view.open.kind === "app";
    const im = dm();
    apps.appendChild(navItem(appName(), current, im ? unread(im.id) : 0, () => openApp()));
  }

  function navItem(label, current, count, onClick) {
    const li = el("li");
    const b = button(label, "nav-item", onClick);
    if (current) b.setAttribute("aria-current", "page");
    li.appendChild(b);
    if (count && !current) {
      const badge = el("span", "badge", String(count));
      badge.setAttribute("aria-hidden", "true");
      const said = el("span", "sr-only", `${count} new`);
      said.id = `badge-${label.replace(/\W/g, "")}`;
      b.setAttribute("aria-describedby", said.id);
      li.appendChild(badge);
      li.appendChild(said);
    }
    return li;
  }

  function markSeen(id) {
    const newest = view.data.messages.filter((m) => m.channel === id).map((m) => m.ts);
    view.seen[id] = newest.length ? newest.sort().pop() : "0";
  }

  function openChannel(id) {
    view.open = { kind: "channel", id };
    view.thread = view.editing = null;
    view.drawn.log = "";
    draw();
    document.querySelector(".composer textarea")?.focus();
  }

  function openApp(tab) {
    view.open = { kind: "app" };
    view.tab = tab || view.tab;
    view.thread = view.editing = null;
    view.drawn.log = view.drawn.home = "";
    draw();
    if (view.tab !== "about") send("home", { tab: view.tab });
  }

  // -- the main pane ------------------------------------------------------------------------------

  function drawMain() {
    const main = document.getElementById("main");
    const key = view.open.kind === "channel" ? `c:${view.open.id}` : `a:${view.tab}`;
    if (main.dataset.showing !== `${view.me}|${key}`) {
      main.dataset.showing = `${view.me}|${key}`;
      main.textContent = "";
      view.drawn.log = view.drawn.home = "";
      if (view.open.kind === "channel") buildChannel(main, conversation(view.open.id));
      else buildApp(main);
    }
    if (view.open.kind === "channel" || view.tab === "messages") {
      const id = view.open.kind === "channel" ? view.open.id : (dm() || {}).id;
      drawLog(id);
      markSeen(id);
    } else if (view.tab === "home") {
      drawHome();
    }
  }

  function buildChannel(main, c) {
    const head = el("header", "conv-head");
    head.appendChild(el("h1", "", `#${c.name}`));
    head.appendChild(hint());
    main.appendChild(head);
    main.appendChild(logBox(`Messages in #${c.name}`));
    main.appendChild(composer(`Message #${c.name}`, c.id));
  }

  function hint() {
    const p = el("p", "try");
    p.appendChild(el("strong", "", "Try: "));
    p.appendChild(
      document.createTextNode(
        "post “I don't know, sorry.” · /check Я не знаю · /draft · /fixes card reader won't turn on · " +
          "⋯ on a customer's message → Reply with phrasebot · switch “You are” to the lead"
      )
    );
    return p;
  }

  function buildApp(main) {
    const head = el("header", "conv-head app-head");
    const title = el("h1", "", appName());
    title.appendChild(el("span", "app-badge", "APP"));
    head.appendChild(title);
    const tabs = el("div", "tabs");
    tabs.setAttribute("role", "tablist");
    tabs.setAttribute("aria-label", appName());
    [
      ["home", "Home"],
      ["messages", "Messages"],
      ["about", "About"],
    ].forEach(([name, label]) => {
      const tab = button(label, "tab", () => openApp(name));
      tab.setAttribute("role", "tab");
      tab.id = `tab-${name}`;
      tab.setAttribute("aria-controls", "tab-panel");
      tab.setAttribute("aria-selected", String(view.tab === name));
      tabs.appendChild(tab);
    });
    head.appendChild(tabs);
    main.appendChild(head);
    const panel = el("div", "tab-panel");
    panel.id = "tab-panel";
    panel.setAttribute("role", "tabpanel");
    panel.setAttribute("aria-labelledby", `tab-${view.tab}`);
    main.appendChild(panel);
    if (view.tab === "messages") {
      panel.appendChild(logBox(`Messages with ${appName()}`));
      panel.appendChild(composer(`Message ${appName()}`, (dm() || {}).id));
    } else if (view.tab === "home") {
      panel.appendChild(el("div", "home"));
    } else {
      panel.appendChild(about());
    }
  }

  function about() {
    const box = el("div", "about");
    const app = view.data.app;
    box.appendChild(el("h2", "", "Slash commands"));
    const commands = el("ul");
    app.commands.forEach((c) => {
      const li = el("li");
      li.appendChild(el("code", "", `${c.name} ${c.usage_hint}`.trim()));
      li.appendChild(document.createTextNode(` · ${c.description}`));
      commands.appendChild(li);
    });
    box.appendChild(commands);
    box.appendChild(el("h2", "", "Shortcuts"));
    const shortcuts = el("ul");
    app.shortcuts.forEach((s) => {
      const where = s.kind === "message" ? "on a message's ⋯ menu" : "from the composer's Shortcuts";
      shortcuts.appendChild(el("li", "", `${s.name} (${where}) · ${s.description}`));
    });
    box.appendChild(shortcuts);
    box.appendChild(el("p", "note", "Read from manifest.yaml, as Slack does when the app is created."));
    return box;
  }

  function logBox(label) {
    const log = el("div", "log");
    log.setAttribute("role", "log");
    log.setAttribute("aria-label", label);
    log.tabIndex = 0;
    return log;
  }

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

  // -- App Home -----------------------------------------------------------------------------------

  function drawHome() {
    const box = document.querySelector("#main .home");
    if (!box) return;
    const home = view.data.home;
    const signature = JSON.stringify([view.me, home && home.hash]);
    if (signature === view.drawn.home) return;
    view.drawn.home = signature;
    const focus = focused(box);
    box.textContent = "";
    if (!home) {
      box.appendChild(el("p", "empty", `${appName()} has not published a Home tab for you yet.`));
      return;
    }
    const ctx = viewContext(home, null);
    box.appendChild(BK.render(home.blocks, ctx));
    restore(box, focus);
  }

  function viewContext(v, channel, errors) {
    const ctx = {
      people: people(),
      conversations: conversations(),
      channel,
      scope: `v:${v.root_view_id || v.id}`,
      values: view.values,
      state: (v.state && v.state.values) || {},
      errors: errors || {},
      controls: [],
      surface: v.type,
    };
    ctx.act = (action) =>
      send("action", { where: { kind: "view", view_id: v.id }, action, values: BK.stateOf(ctx) });
    return ctx;
  }

  // -- modals -------------------------------------------------------------------------------------

  function drawModal() {
    const holder = document.getElementById("modals");
    const stack = view.data.modals || [];
    const top = stack[stack.length - 1];
    const signature = top ? JSON.stringify([view.me, top.view.id, top.view.hash, top.errors]) : "";
    if (signature === view.drawn.modal) return;
    const sameView = top && holder.dataset.viewId === top.view.id;
    const focus = sameView ? focused(holder) : null;
    const scrolled = sameView ? holder.querySelector(".modal-body")?.scrollTop : 0;
    view.drawn.modal = signature;
    holder.textContent = "";
    holder.dataset.viewId = top ? top.view.id : "";
    document.body.classList.toggle("modal-open", !!top);
    if (!top) return;
    const v = top.view;
    const overlay = el("div", "overlay");
    const dialog = el("div", "modal");
    dialog.setAttribute("role", "dialog");
    dialog.setAttribute("aria-modal", "true");
    dialog.setAttribute("aria-labelledby", "modal-title");
    dialog.tabIndex = -1;
    const head = el("header", "modal-head");
    if (stack.length > 1) {
      const back = button("←", "back", () => send("close", { view_id: v.id, everything: false }));
      back.setAttribute("aria-label", "Back");
      head.appendChild(back);
    }
    const title = el("h2", "", BK.plain(v.title));
    title.id = "modal-title";
    title.dir = "auto";
    head.appendChild(title);
    const x = button("×", "x", () => send("close", { view_id: v.id, everything: true }));
    x.setAttribute("aria-label", "Close");
    head.appendChild(x);
    dialog.appendChild(head);
    const body = el("div", "modal-body");
    if (top.errors && top.errors[""]) {
      const trouble = el("p", "bk-error", top.errors[""]);
      trouble.setAttribute("role", "alert");
      body.appendChild(trouble);
    }
    const ctx = viewContext(v, top.channel, top.errors);
    body.appendChild(BK.render(v.blocks, ctx));
    dialog.appendChild(body);
    const foot = el("footer", "modal-foot");
    foot.appendChild(
      button(v.close ? BK.plain(v.close) : "Cancel", "cancel", () =>
        send("close", { view_id: v.id, everything: stack.length === 1 })
      )
    );
    if (v.submit) {
      const go = button(BK.plain(v.submit), "submit primary", () =>
        send("submit", { view_id: v.id, values: BK.stateOf(ctx) })
      );
      foot.appendChild(go);
    }
    dialog.appendChild(foot);
    dialog.addEventListener("keydown", (event) => {
      if (event.key === "Escape") send("close", { view_id: v.id, everything: true });
    });
    overlay.appendChild(dialog);
    holder.appendChild(overlay);
    body.scrollTop = scrolled || 0;
    if (focus) restore(dialog, focus);
    else {
      const first =
        dialog.querySelector("[data-focus]") ||
        body.querySelector("textarea, input, select") ||
        dialog;
      first.focus();
    }
  }

  // -- keeping focus and the caret across a redraw ----------------------------------------------

  function focused(region) {
    const active = document.activeElement;
    if (!active || !region.contains(active)) return null;
    const found = { key: active.dataset.key, id: active.id, text: active.textContent };
    if ("selectionStart" in active && typeof active.selectionStart === "number") {
      found.start = active.selectionStart;
      found.end = active.selectionEnd;
    }
    return found;
  }

  function restore(region, found) {
    if (!found) return;
    let target = null;
    if (found.key) target = region.querySelector(`[data-key="${CSS.escape(found.key)}"]`);
    if (!target && found.text) {
      target = [...region.querySelectorAll("button")].find((b) => b.textContent === found.text);
    }
    if (!target) return;
    target.focus();
    if (found.start !== undefined && "setSelectionRange" in target) {
      try {
        target.setSelectionRange(found.start, found.end);
      } catch (err) {
        /* not a text field */
      }
    }
  }

  // -- the Requests panel -------------------------------------------------------------------------

  function addRequests(entries) {
    const list = document.getElementById("request-list");
    entries.forEach((entry) => {
      const item = el("details", "exchange");
      item.id = `request-${entry.id}`;
      if (entry.warning) item.classList.add("warn");
      const summary = el("summary");
      const arrow = entry.direction === "to the app" ? "→ app" : "← app";
      summary.appendChild(el("span", "dir", arrow));
      summary.appendChild(el("span", "title", entry.title));
      summary.appendChild(el("span", "code", String(entry.status)));
      item.appendChild(summary);
      if (entry.warning) item.appendChild(el("p", "bk-warning", `⚠ ${entry.warning}`));
      [
        ["Request", entry.request],
        ["Fields", entry.decoded],
        ["Response", entry.response],
      ].forEach(([name, value]) => {
        if (!value) return;
        item.appendChild(el("h3", "", name));
        const pre = el("pre", "", value);
        pre.dir = "ltr";
        item.appendChild(pre);
      });
      list.appendChild(item);
    });
    while (list.children.length > 300) list.removeChild(list.firstChild);
    const count = document.getElementById("request-count");
    count.textContent = String(list.children.length);
  }

  function toggleRequests(open) {
    const panel = document.getElementById("requests");
    const toggle = document.getElementById("requests-toggle");
    panel.hidden = open === undefined ? !panel.hidden : !open;
    toggle.setAttribute("aria-expanded", String(!panel.hidden));
    document.body.classList.toggle("requests-open", !panel.hidden);
  }

  function showRequest(id) {
    toggleRequests(true);
    const entry = document.getElementById(`request-${id}`);
    if (!entry) return;
    entry.open = true;
    entry.scrollIntoView({ block: "nearest" });
    entry.querySelector("summary").focus();
  }

  // -- start --------------------------------------------------------------------------------------

  document.getElementById("requests-toggle").addEventListener("click", () => toggleRequests());
  document.getElementById("requests-clear").addEventListener("click", () => {
    document.getElementById("request-list").textContent = "";
    document.getElementById("request-count").textContent = "0";
  });
  document.addEventListener("click", (event) => {
    if (!event.target.closest(".menu")) closeMenus();
  });
  poll();
})();
