// Block Kit, drawn as Slack draws it, closely enough to judge a tip: blocks, elements, texts.
//
// render(blocks, ctx) gives a fragment. ctx carries who is looking (people, conversations,
// the channel), what the person has typed or picked so far (ctx.values, kept across a redraw
// as Slack keeps input when a view is updated), the errors a form got, and ctx.act(action),
// called with the action payload's `actions[0]` when a button is pressed, an option picked or
// a key typed in an input that dispatches actions. Each stateful control is listed in
// ctx.controls with read(), which gives its entry of Slack's `state.values`.
//
// What it cannot draw (an unknown block or element) it shows as the JSON the app sent, with a
// warning: the sandbox never hides what the app sent. Images are never loaded: their alt text
// stands in for them, since the page fetches nothing from other hosts.
"use strict";

(function () {
  const M = window.Mrkdwn;
  let serial = 0;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function uid(prefix) {
    serial += 1;
    return `${prefix}-${serial}`;
  }

  // -- text objects -----------------------------------------------------------------------------

  function text(obj, ctx, className) {
    const box = el("div", className || "bk-text");
    box.dir = "auto";
    if (!obj || typeof obj !== "object") return box;
    if (obj.type === "mrkdwn") {
      box.classList.add("mrkdwn");
      box.appendChild(M.render(obj.verbatim ? escapeOff(obj.text) : obj.text || "", ctx));
    } else {
      plainInto(box, obj);
    }
    return box;
  }

  // verbatim mrkdwn still draws bold and the like; only its auto-linking would differ.
  function escapeOff(value) {
    return value || "";
  }

  function plainInto(parent, obj) {
    const raw = String((obj && obj.text) || "");
    const shown = obj && obj.emoji === false ? raw : M.emojify(raw);
    shown.split("\n").forEach((piece, n) => {
      if (n) parent.appendChild(document.createElement("br"));
      parent.appendChild(document.createTextNode(piece));
    });
    return parent;
  }

  function plain(obj) {
    const raw = String((obj && obj.text) || "");
    return obj && obj.emoji === false ? raw : M.emojify(raw);
  }

  // -- what could not be drawn ------------------------------------------------------------------

  function unknown(value, why) {
    const box = el("div", "bk-unknown");
    box.setAttribute("role", "note");
    box.appendChild(el("p", "bk-warning", `⚠ ${why}. What the app sent:`));
    const pre = el("pre", "bk-json", JSON.stringify(value, null, 2));
    box.appendChild(pre);
    return box;
  }

  function warn(parent, why) {
    parent.appendChild(el("p", "bk-warning", `⚠ ${why}`));
  }

  // -- blocks -----------------------------------------------------------------------------------

  function render(blocks, ctx) {
    const out = document.createDocumentFragment();
    if (!Array.isArray(blocks)) {
      out.appendChild(unknown(blocks, "blocks is not a list"));
      return out;
    }
    blocks.forEach((block) => {
      let drawn;
      try {
        drawn = drawBlock(block, ctx);
      } catch (err) {
        drawn = unknown(block, `This block could not be drawn (${err.message})`);
      }
      out.appendChild(drawn);
    });
    return out;
  }

  function drawBlock(block, ctx) {
    if (!block || typeof block !== "object") return unknown(block, "A block that is not an object");
    const draw = BLOCKS[block.type];
    if (!draw) {
      return unknown(block, `The sandbox cannot draw a "${block.type}" block; Slack may`);
    }
    const node = draw(block, ctx);
    node.classList.add("bk-block");
    if (block.block_id) node.dataset.blockId = block.block_id;
    return node;
  }

  const BLOCKS = {
    header(block, ctx) {
      const node = el("div", "bk-header");
      node.setAttribute("role", "heading");
      node.setAttribute("aria-level", "3");
      node.dir = "auto";
      if (!block.text || block.text.type !== "plain_text") {
        warn(node, "A header's text must be plain_text");
      }
      plainInto(node, block.text);
      return node;
    },

    section(block, ctx) {
      const node = el("div", "bk-section");
      const body = el("div", "bk-section-body");
      if (block.text) body.appendChild(text(block.text, ctx));
      if (Array.isArray(block.fields)) {
        const fields = el("div", "bk-fields");
        block.fields.forEach((f) => fields.appendChild(text(f, ctx, "bk-field")));
        body.appendChild(fields);
      }
      if (!block.text && !block.fields) warn(body, "A section needs text or fields");
      node.appendChild(body);
      if (block.accessory) {
        const side = el("div", "bk-accessory");
        side.appendChild(element(block.accessory, block, ctx, null));
        node.appendChild(side);
      }
      return node;
    },

    context(block, ctx) {
      const node = el("div", "bk-context");
      (block.elements || []).forEach((item) => {
        if (item && item.type === "image") node.appendChild(image(item, "bk-context-image"));
        else node.appendChild(text(item, ctx, "bk-context-text"));
      });
      return node;
    },

    divider() {
      return el("hr", "bk-divider");
    },

    actions(block, ctx) {
      const node = el("div", "bk-actions");
      (block.elements || []).forEach((item) => node.appendChild(element(item, block, ctx, null)));
      return node;
    },

    input(block, ctx) {
      const node = el("div", "bk-input");
      const id = uid("bk-input");
      const error = (ctx.errors || {})[block.block_id];
      const group = ["radio_buttons", "checkboxes"].includes((block.element || {}).type);
      const label = el(group ? "div" : "label", "bk-label");
      label.id = `${id}-label`;
      label.dir = "auto";
      label.textContent = plain(block.label);
      if (block.optional) label.appendChild(el("span", "bk-optional", " (optional)"));
      if (!group) label.htmlFor = id;
      node.appendChild(label);
      const control = element(block.element || {}, block, ctx, id);
      node.appendChild(control);
      const described = [];
      if (block.hint) {
        const hint = el("div", "bk-hint");
        hint.id = `${id}-hint`;
        hint.dir = "auto";
        hint.textContent = plain(block.hint);
        node.appendChild(hint);
        described.push(hint.id);
      }
      if (error) {
        node.classList.add("has-error");
        const said = el("div", "bk-error", error);
        said.id = `${id}-error`;
        said.setAttribute("role", "alert");
        said.dir = "auto";
        node.appendChild(said);
        described.push(said.id);
      }
      const target = node.querySelector(`#${id}`) || control;
      if (described.length) target.setAttribute("aria-describedby", described.join(" "));
      if (error) target.setAttribute("aria-invalid", "true");
      if (group) target.setAttribute("aria-labelledby", label.id);
      return node;
    },

    image(block) {
      const node = el("figure", "bk-image");
      if (block.title) node.appendChild(el("figcaption", "", plain(block.title)));
      node.appendChild(image(block, "bk-image-frame"));
      return node;
    },

    rich_text(block, ctx) {
      const node = el("div", "bk-rich-text");
      (block.elements || []).forEach((part) => node.appendChild(richPart(part, ctx)));
      return node;
    },
  };

  function image(item, className) {
    const alt = item.alt_text || "image";
    const node = el("span", `bk-image-placeholder ${className}`, `🖼 ${alt}`);
    node.setAttribute("role", "img");
    node.setAttribute("aria-label", alt);
    node.title = "Images are not loaded in the sandbox: it fetches nothing from other hosts.";
    return node;
  }

  // -- rich text (what people's messages are made of) -------------------------------------------

  function richPart(part, ctx) {
    if (part.type === "rich_text_section") return richLine(part.elements, ctx, "div");
    if (part.type === "rich_text_quote") {
      const q = el("blockquote");
      q.appendChild(richLine(part.elements, ctx, "div"));
      return q;
    }
    if (part.type === "rich_text_preformatted") {
      const pre = el("pre", "code-block");
      pre.dir = "auto";
      (part.elements || []).forEach((item) => pre.appendChild(richInline(item, ctx)));
      return pre;
    }
    if (part.type === "rich_text_list") {
      const list = el(part.style === "ordered" ? "ol" : "ul", "rich-list");
      if (part.indent) list.classList.add(`indent-${Math.min(part.indent, 6)}`);
      (part.elements || []).forEach((item) => list.appendChild(richLine(item.elements, ctx, "li")));
      return list;
    }
    return unknown(part, `The sandbox cannot draw a "${part.type}" part of rich text`);
  }

  function richLine(items, ctx, tag) {
    const node = el(tag, "line");
    node.dir = "auto";
    (items || []).forEach((item) => node.appendChild(richInline(item, ctx)));
    return node;
  }

  function richInline(item, ctx) {
    let node;
    const people = ctx.people || {};
    switch (item.type) {
      case "text":
        node = document.createTextNode(item.text || "");
        break;
      case "link": {
        node = el("a", "", item.text || item.url);
        node.href = item.url;
        node.target = "_blank";
        node.rel = "noopener noreferrer";
        break;
      }
      case "emoji":
        node = el("span", "emoji", M.emojify(`:${item.name}:`));
        break;
      case "user": {
        const who = people[item.user_id];
        node = el("span", "mention", "@" + (who ? who.real_name : item.user_id));
        break;
      }
      case "channel": {
        const found = (ctx.conversations || []).find((c) => c.id === item.channel_id);
        node = el("span", "mention channel", "#" + (found ? found.name : item.channel_id));
        break;
      }
      case "usergroup":
        node = el("span", "mention", "@" + item.usergroup_id);
        break;
      case "broadcast":
        node = el("span", "mention", "@" + item.range);
        break;
      case "date":
        node = el("span", "date", M.formatDate(`!date^${item.timestamp}^${item.format}`, item.fallback));
        break;
      default:
        return unknown(item, `The sandbox cannot draw a "${item.type}" in rich text`);
    }
    const style = item.style || {};
    const wraps = [
      ["code", "code"],
      ["strike", "s"],
      ["italic", "em"],
      ["bold", "strong"],
    ];
    wraps.forEach(([key, tag]) => {
      if (style[key]) {
        const wrap = el(tag);
        wrap.appendChild(node);
        node = wrap;
      }
    });
    return node;
  }

  // -- interactive elements -----------------------------------------------------------------------

  function key(ctx, block, item) {
    return `${ctx.scope}|${block.block_id}|${item.action_id}`;
  }

  function remember(ctx, block, item, read) {
    const entry = { block_id: block.block_id, action_id: item.action_id, type: item.type, read };
    (ctx.controls = ctx.controls || []).push(entry);
    return entry;
  }

  function element(item, block, ctx, id) {
    if (!item || typeof item !== "object") return unknown(item, "An element that is not an object");
    const draw = ELEMENTS[item.type];
    if (!draw) return unknown(item, `The sandbox cannot draw a "${item.type}" element; Slack may`);
    const node = draw(item, block, ctx, id || uid("bk-el"));
    if (item.action_id) node.dataset.key = key(ctx, block, item);
    return node;
  }

  function act(ctx, block, item, extra) {
    if (!ctx.act) return;
    ctx.act({ type: item.type, action_id: item.action_id, block_id: block.block_id, ...extra });
  }

  // Inputs in an input block send nothing unless the block dispatches actions.
  function dispatches(block, item, trigger) {
    if (block.type !== "input") return true;
    if (!block.dispatch_action) return false;
    const config = item.dispatch_action_config || {};
    const on = config.trigger_actions_on || ["on_enter_pressed"];
    return on.includes(trigger);
  }

  function options(item) {
    if (Array.isArray(item.option_groups)) {
      return item.option_groups.flatMap((g) => g.options || []);
    }
    return item.options || [];
  }

  function optionsInto(select, item) {
    const add = (parent, option) => {
      const o = el("option", "", plain(option.text));
      o.value = option.value;
      parent.appendChild(o);
    };
    if (Array.isArray(item.option_groups)) {
      item.option_groups.forEach((g) => {
        const group = el("optgroup");
        group.label = plain(g.label);
        (g.options || []).forEach((o) => add(group, o));
        select.appendChild(group);
      });
    } else {
      (item.options || []).forEach((o) => add(select, o));
    }
  }

  function placeholderOption(select, item) {
    const first = el("option", "", item.placeholder ? plain(item.placeholder) : "Select an item");
    first.value = "";
    select.appendChild(first);
  }

  function conversationsFor(item, ctx) {
    const people = ctx.people || {};
    const filter = item.filter || {};
    const include = filter.include || ["public", "private", "im", "mpim"];
    return (ctx.conversations || []).filter((c) => {
      if (c.kind === "im") {
        if (!include.includes("im")) return false;
        return !filter.exclude_bot_users; // every DM here is with the app
      }
      return include.includes("public");
    }).map((c) => ({
      value: c.id,
      label: c.kind === "im" ? (people[c.user] ? "phrasebot" : c.name) : `#${c.name}`,
    }));
  }

  const SELECTS = {
    static_select: (item) => options(item).map((o) => ({ value: o.value, label: plain(o.text) })),
    external_select: (item) => options(item).map((o) => ({ value: o.value, label: plain(o.text) })),
    conversations_select: conversationsFor,
    channels_select: (item, ctx) =>
      (ctx.conversations || [])
        .filter((c) => c.kind === "channel")
        .map((c) => ({ value: c.id, label: `#${c.name}` })),
    users_select: (item, ctx) =>
      Object.values(ctx.people || {})
        .filter((p) => ["agent", "lead", "customer"].includes(p.role))
        .map((p) => ({ value: p.id, label: p.real_name })),
  };

  function initialSelected(item, ctx) {
    if (item.initial_option) return item.initial_option.value;
    if (item.initial_conversation) return item.initial_conversation;
    if (item.initial_channel) return item.initial_channel;
    if (item.initial_user) return item.initial_user;
    if (item.default_to_current_conversation && ctx.channel) return ctx.channel;
    return "";
  }

  function fromState(ctx, block, item) {
    const values = (ctx.state && ctx.state[block.block_id]) || {};
    return values[item.action_id];
  }

  function selectElement(item, block, ctx, id) {
    const select = el("select", "bk-select");
    select.id = id;
    const list = SELECTS[item.type](item, ctx);
    placeholderOption(select, item);
    if (item.type === "static_select" || item.type === "external_select") optionsInto(select, item);
    else list.forEach((o) => select.appendChild(Object.assign(el("option", "", o.label), { value: o.value })));
    const k = key(ctx, block, item);
    const kept = ctx.values.get(k);
    const saved = stateSelected(fromState(ctx, block, item));
    const chosen = kept !== undefined ? kept : saved !== undefined ? saved : initialSelected(item, ctx);
    select.value = list.some((o) => o.value === chosen) ? chosen : "";
    if (!block.label && item.placeholder) select.setAttribute("aria-label", plain(item.placeholder));
    const read = () => readSelect(item, select.value);
    remember(ctx, block, item, read);
    select.addEventListener("change", () => {
      ctx.values.set(k, select.value);
      if (dispatches(block, item, "on_select")) act(ctx, block, item, read());
    });
    return select;
  }

  function stateSelected(entry) {
    if (!entry) return undefined;
    if (entry.selected_option) return entry.selected_option.value;
    for (const name of ["selected_conversation", "selected_channel", "selected_user"]) {
      if (entry[name]) return entry[name];
    }
    return undefined;
  }

  function readSelect(item, value) {
    const chosen = value || null;
    switch (item.type) {
      case "conversations_select":
        return { selected_conversation: chosen };
      case "channels_select":
        return { selected_channel: chosen };
      case "users_select":
        return { selected_user: chosen };
      default: {
        const found = options(item).find((o) => o.value === value);
        return { selected_option: found ? { text: found.text, value: found.value } : null };
      }
    }
  }

  function textInput(item, block, ctx, id) {
    const multiline = !!item.multiline;
    const input = el(multiline ? "textarea" : "input", "bk-text-input");
    input.id = id;
    input.dir = "auto";
    if (!multiline) input.type = { email_text_input: "email", url_text_input: "url", number_input: "number" }[item.type] || "text";
    if (multiline) input.rows = 4;
    if (item.max_length) input.maxLength = item.max_length;
    if (item.min_length) input.minLength = item.min_length;
    if (item.placeholder) input.placeholder = plain(item.placeholder);
    if (item.focus_on_load) input.dataset.focus = "1";
    const k = key(ctx, block, item);
    const kept = ctx.values.get(k);
    const saved = (fromState(ctx, block, item) || {}).value;
    input.value = kept !== undefined ? kept : saved != null ? saved : item.initial_value || "";
    input.dataset.key = k;
    const read = () => ({ value: input.value === "" ? null : input.value });
    remember(ctx, block, item, read);
    input.addEventListener("input", () => {
      ctx.values.set(k, input.value);
      if (dispatches(block, item, "on_character_entered")) act(ctx, block, item, { value: input.value });
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !multiline && dispatches(block, item, "on_enter_pressed")) {
        event.preventDefault();
        act(ctx, block, item, { value: input.value });
      }
    });
    return input;
  }

  function choices(item, block, ctx, id, kind) {
    const group = el("div", `bk-${kind}`);
    group.id = id;
    group.setAttribute("role", kind === "radio" ? "radiogroup" : "group");
    const k = key(ctx, block, item);
    const kept = ctx.values.get(k);
    const state = fromState(ctx, block, item) || {};
    const initial = kind === "radio"
      ? [((state.selected_option || item.initial_option) || {}).value]
      : (state.selected_options || item.initial_options || []).map((o) => o.value);
    const picked = new Set(kept !== undefined ? kept : initial);
    const boxes = [];
    options(item).forEach((option) => {
      const row = el("label", "bk-choice");
      const box = el("input");
      box.type = kind === "radio" ? "radio" : "checkbox";
      box.name = k;
      box.value = option.value;
      box.checked = picked.has(option.value);
      row.appendChild(box);
      row.appendChild(text(option.text, ctx, "bk-choice-text"));
      if (option.description) row.appendChild(text(option.description, ctx, "bk-choice-description"));
      boxes.push(box);
      group.appendChild(row);
    });
    const read = () => {
      const chosen = options(item).filter((o, n) => boxes[n].checked).map((o) => ({ text: o.text, value: o.value }));
      return kind === "radio" ? { selected_option: chosen[0] || null } : { selected_options: chosen };
    };
    remember(ctx, block, item, read);
    group.addEventListener("change", () => {
      ctx.values.set(k, boxes.filter((b) => b.checked).map((b) => b.value));
      if (dispatches(block, item, "on_select")) act(ctx, block, item, read());
    });
    return group;
  }

  function overflow(item, block, ctx, id) {
    const wrap = el("div", "bk-overflow");
    const button = el("button", "bk-button bk-overflow-button", "⋯");
    button.type = "button";
    button.id = id;
    button.setAttribute("aria-label", "More options");
    button.setAttribute("aria-haspopup", "menu");
    const menu = el("div", "menu");
    menu.setAttribute("role", "menu");
    menu.hidden = true;
    options(item).forEach((option) => {
      const entry = el("button", "menu-item", plain(option.text));
      entry.type = "button";
      entry.setAttribute("role", "menuitem");
      entry.addEventListener("click", () => {
        menu.hidden = true;
        act(ctx, block, item, { selected_option: { text: option.text, value: option.value } });
      });
      menu.appendChild(entry);
    });
    button.addEventListener("click", () => {
      menu.hidden = !menu.hidden;
      button.setAttribute("aria-expanded", String(!menu.hidden));
    });
    wrap.appendChild(button);
    wrap.appendChild(menu);
    return wrap;
  }

  function picker(item, block, ctx, id, type, field, initial) {
    const input = el("input", "bk-picker");
    input.type = type;
    input.id = id;
    const k = key(ctx, block, item);
    const kept = ctx.values.get(k);
    const saved = (fromState(ctx, block, item) || {})[field];
    input.value = kept !== undefined ? kept : saved || item[initial] || "";
    const read = () => ({ [field]: input.value || null });
    remember(ctx, block, item, read);
    input.addEventListener("change", () => {
      ctx.values.set(k, input.value);
      if (dispatches(block, item, "on_select")) act(ctx, block, item, read());
    });
    return input;
  }

  const ELEMENTS = {
    button(item, block, ctx, id) {
      const button = el("button", "bk-button");
      button.type = "button";
      button.id = id;
      if (item.style === "primary" || item.style === "danger") button.classList.add(item.style);
      button.dir = "auto";
      button.textContent = plain(item.text);
      if (!item.text) warn(button, "A button needs text");
      if (item.accessibility_label) button.setAttribute("aria-label", item.accessibility_label);
      button.addEventListener("click", () => {
        if (item.url) window.open(item.url, "_blank", "noopener");
        const extra = { text: item.text };
        if (item.value !== undefined) extra.value = item.value;
        if (item.style) extra.style = item.style;
        if (item.confirm && !window.confirm(confirmText(item.confirm))) return;
        act(ctx, block, item, extra);
      });
      return button;
    },
    static_select: selectElement,
    external_select: selectElement,
    conversations_select: selectElement,
    channels_select: selectElement,
    users_select: selectElement,
    plain_text_input: textInput,
    email_text_input: textInput,
    url_text_input: textInput,
    number_input: textInput,
    radio_buttons: (item, block, ctx, id) => choices(item, block, ctx, id, "radio"),
    checkboxes: (item, block, ctx, id) => choices(item, block, ctx, id, "checkbox"),
    overflow,
    datepicker: (item, block, ctx, id) => picker(item, block, ctx, id, "date", "selected_date", "initial_date"),
    timepicker: (item, block, ctx, id) => picker(item, block, ctx, id, "time", "selected_time", "initial_time"),
    image: (item) => image(item, "bk-accessory-image"),
  };

  function confirmText(confirm) {
    return [plain(confirm.title), M.decode((confirm.text || {}).text || "")].filter(Boolean).join("\n\n");
  }

  // The state.values Slack would send for the controls drawn with ctx.
  function stateOf(ctx) {
    const values = {};
    (ctx.controls || []).forEach((c) => {
      if (!c.block_id || !c.action_id) return;
      values[c.block_id] = values[c.block_id] || {};
      values[c.block_id][c.action_id] = { type: c.type, ...c.read() };
    });
    return values;
  }

  window.BlockKit = { render, text, plain, stateOf, unknown };
})();
