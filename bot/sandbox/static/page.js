// The sandbox page: a Slack look-alike for one person at a time ("You are"), kept up to date by
// a long poll of /sandbox/state, and every action posted to /sandbox/<what>, which the server
// turns into the signed request Slack would send the app. Nothing here talks to the app
// directly, and nothing is fetched from anywhere but this page's own server.
//
// Four classic scripts share one global scope, loaded in this order: page.js (the state, the
// server, the sidebar and the main pane), messages.js (a conversation and its composer),
// views.js (App Home and modals), requests.js (the Requests panel). Each draws with BlockKit.
"use strict";

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

// -- start --------------------------------------------------------------------------------------

function start() {
  document.getElementById("requests-toggle").addEventListener("click", () => toggleRequests());
  document.getElementById("requests-clear").addEventListener("click", () => {
    document.getElementById("request-list").textContent = "";
    document.getElementById("request-count").textContent = "0";
  });
  document.addEventListener("click", (event) => {
    if (!event.target.closest(".menu")) closeMenus();
  });
  poll();
}

document.addEventListener("DOMContentLoaded", start);
