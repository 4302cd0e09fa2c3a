// Slack's mrkdwn, drawn as DOM nodes (never as HTML strings, so nothing the app sends can run).
//
// Code blocks (```), block quotes (lines starting ">"), list lines ("• ", "- ", "1. "), and in a
// line: `code`, *bold*, _italic_, ~strike~, <links|labels>, <@user>, <#channel>, <!here>,
// <!date^…|fallback>, and :emoji: short names (with :skin-tone-N:). &amp; &lt; &gt; are the
// only entities Slack uses. Every line and block gets dir="auto": Slack lays out each line by
// its first strong character, so a Hebrew line reads right to left in an English message.
"use strict";

(function () {
  const EMOJI_NAME = /^:([a-z0-9_+'-]+):(?::(skin-tone-[2-6]):)?/;
  // Characters after which *, _ and ~ may open (and before which they may close) a span.
  const EDGE = /[\s.,!?;:()[\]{}"'“”‘’«»<>\/\\|\-–—\u200e\u200f\u2066-\u2069]/;

  function decode(text) {
    return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function emojiFor(name, tone) {
    const base = window.EMOJI && window.EMOJI[name];
    if (!base) return null;
    return tone && window.SKIN_TONES ? base + window.SKIN_TONES[tone] : base;
  }

  // Turn :name: into emoji in plain text (plain_text objects with emoji: true).
  function emojify(text) {
    return text.replace(/:([a-z0-9_+'-]+):(?::(skin-tone-[2-6]):)?/g, (whole, name, tone) => {
      return emojiFor(name, tone) || whole;
    });
  }

  function opens(s, i, mark) {
    const before = i === 0 ? " " : s[i - 1];
    const after = s[i + 1];
    return EDGE.test(before) && after !== undefined && !/\s/.test(after) && after !== mark;
  }

  function closing(s, i, mark) {
    for (let j = i + 2; j < s.length; j++) {
      if (s[j] !== mark || /\s/.test(s[j - 1])) continue;
      const after = j + 1 === s.length ? " " : s[j + 1];
      if (EDGE.test(after)) return j;
    }
    return -1;
  }

  const SPAN = { "*": "strong", _: "em", "~": "s" };

  // One line (no line breaks) of mrkdwn into `parent`.
  function inline(s, parent, ctx) {
    let buf = "";
    const flush = () => {
      if (buf) parent.appendChild(document.createTextNode(decode(buf)));
      buf = "";
    };
    let i = 0;
    while (i < s.length) {
      const c = s[i];
      if (c === "`") {
        const j = s.indexOf("`", i + 1);
        if (j > i + 1) {
          flush();
          parent.appendChild(el("code", "", decode(s.slice(i + 1, j))));
          i = j + 1;
          continue;
        }
      }
      if (c === "<") {
        const j = s.indexOf(">", i + 1);
        if (j > i + 1) {
          flush();
          parent.appendChild(angle(s.slice(i + 1, j), ctx));
          i = j + 1;
          continue;
        }
      }
      if (SPAN[c] && opens(s, i, c)) {
        const j = closing(s, i, c);
        if (j > 0) {
          flush();
          const span = el(SPAN[c]);
          inline(s.slice(i + 1, j), span, ctx);
          parent.appendChild(span);
          i = j + 1;
          continue;
        }
      }
      if (c === ":") {
        const m = EMOJI_NAME.exec(s.slice(i));
        const found = m && emojiFor(m[1], m[2]);
        if (found) {
          flush();
          const span = el("span", "emoji", found);
          span.title = m[0];
          parent.appendChild(span);
          i += m[0].length;
          continue;
        }
      }
      buf += c;
      i += 1;
    }
    flush();
  }

  // <…>: a link, a mention, a channel, a special mention or a date; else the text as typed.
  function angle(inner, ctx) {
    const [target, label] = splitOnce(inner, "|");
    const people = (ctx && ctx.people) || {};
    if (target.startsWith("@")) {
      const id = target.slice(1);
      const who = people[id];
      return el("span", "mention", "@" + (label || (who ? who.real_name : id)));
    }
    if (target.startsWith("#")) {
      const id = target.slice(1);
      const found = ((ctx && ctx.conversations) || []).find((c) => c.id === id);
      return el("span", "mention channel", "#" + (label || (found ? found.name : id)));
    }
    if (target.startsWith("!subteam^")) {
      return el("span", "mention", label || "@" + target.slice(9));
    }
    if (target.startsWith("!date^")) {
      return el("span", "date", formatDate(target, label));
    }
    if (target.startsWith("!")) {
      return el("span", "mention", "@" + target.slice(1));
    }
    if (/^(https?:\/\/|mailto:)/.test(target)) {
      const a = el("a", "", decode(label || target));
      a.href = decode(target);
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      return a;
    }
    return document.createTextNode(decode("<" + inner + ">"));
  }

  function splitOnce(text, mark) {
    const at = text.indexOf(mark);
    return at < 0 ? [text, ""] : [text.slice(0, at), text.slice(at + 1)];
  }

  // <!date^1700000000^{date_short_pretty} {time}|fallback>, in the reader's time zone.
  function formatDate(target, fallback) {
    const parts = target.split("^");
    const when = new Date(Number(parts[1]) * 1000);
    if (!parts[2] || isNaN(when.getTime())) return decode(fallback || target);
    const day = (d) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
    const diff = Math.round((day(when) - day(new Date())) / 86400000);
    const pretty = { 0: "today", [-1]: "yesterday", 1: "tomorrow" }[diff];
    const fmt = (options) => when.toLocaleDateString("en-US", options);
    const tokens = {
      date_num: when.toISOString().slice(0, 10),
      date: fmt({ year: "numeric", month: "long", day: "numeric" }),
      date_short: fmt({ year: "numeric", month: "short", day: "numeric" }),
      date_long: fmt({ weekday: "long", year: "numeric", month: "long", day: "numeric" }),
      time: when.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" }),
      time_secs: when.toLocaleTimeString("en-GB"),
    };
    tokens.date_pretty = pretty || tokens.date;
    tokens.date_short_pretty = pretty || tokens.date_short;
    tokens.date_long_pretty = pretty || tokens.date_long;
    return parts[2].replace(/\{(\w+)\}/g, (whole, name) => tokens[name] || whole);
  }

  function line(text, ctx, tag) {
    const node = el(tag || "div", "line");
    node.dir = "auto";
    if (text === "") node.appendChild(document.createElement("br"));
    inline(text, node, ctx);
    return node;
  }

  // Lines into quotes, lists and plain lines.
  function lines(text, parent, ctx) {
    const all = text.split("\n");
    let i = 0;
    while (i < all.length) {
      const current = all[i];
      if (current.startsWith(">")) {
        const quote = el("blockquote");
        while (i < all.length && all[i].startsWith(">")) {
          quote.appendChild(line(all[i].replace(/^> ?/, ""), ctx));
          i += 1;
        }
        parent.appendChild(quote);
        continue;
      }
      const bullet = /^\s*[•◦▪-] +\S/;
      const numbered = /^\s*\d+[.)] +\S/;
      if (bullet.test(current)) {
        parent.appendChild(list("ul", all, i, bullet, ctx));
        while (i < all.length && bullet.test(all[i])) i += 1;
        continue;
      }
      if (numbered.test(current)) {
        parent.appendChild(list("ol", all, i, numbered, ctx));
        while (i < all.length && numbered.test(all[i])) i += 1;
        continue;
      }
      parent.appendChild(line(current, ctx));
      i += 1;
    }
  }

  function list(tag, all, start, pattern, ctx) {
    const node = el(tag, "mrkdwn-list");
    for (let i = start; i < all.length && pattern.test(all[i]); i++) {
      node.appendChild(line(all[i].trim(), ctx, "li"));
    }
    return node;
  }

  // A whole mrkdwn text into a fragment of nodes.
  function render(text, ctx) {
    const out = document.createDocumentFragment();
    const pieces = String(text).split("```");
    pieces.forEach((piece, n) => {
      const fenced = n % 2 === 1 && n < pieces.length - 1;
      if (fenced) {
        const pre = el("pre", "code-block", decode(piece.replace(/^\n/, "").replace(/\n$/, "")));
        pre.dir = "auto";
        out.appendChild(pre);
      } else if (piece !== "" || pieces.length === 1) {
        lines(n % 2 === 1 ? "```" + piece : piece.replace(/^\n/, "").replace(/\n$/, ""), out, ctx);
      }
    });
    return out;
  }

  window.Mrkdwn = { render, emojify, decode, formatDate };
})();
