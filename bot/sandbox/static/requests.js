// The Requests panel: each request between Slack and the app, raw, with its fields and answer.
"use strict";

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
