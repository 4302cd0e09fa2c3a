// App Home and modals on the sandbox page: drawn from the views the app published or opened,
// with what the person typed kept across an update, and focus and caret kept across a redraw.
"use strict";

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
