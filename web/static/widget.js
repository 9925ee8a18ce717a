/*
 * 海外知財支援ナビ chat widget.
 *
 * Paste one tag into a page:
 *   <script src="https://navi.example.jp/widget.js" data-rasa-url="https://navi.example.jp" defer></script>
 *
 * It adds a chat button and panel that talk to Rasa's REST channel with fetch. Every piece of
 * user or bot text goes into the page with textContent / text nodes, never as HTML, so a
 * message like <img src=x onerror=alert(1)> is shown as the characters it is.
 * The UI lives in an open shadow root, so the host page's CSS neither breaks it nor is
 * touched by it. No build step, no third-party code.
 */
(function () {
  "use strict";

  if (window.NaviChat) return; // pasted twice: keep the first one

  var script = document.currentScript;
  var scriptUrl = new URL((script && script.src) || "widget.js", document.baseURI);
  var data = (script && script.dataset) || {};

  var CONFIG = {
    rasaUrl: (data.rasaUrl || scriptUrl.origin).replace(/\/+$/, ""),
    // Sent (without a user bubble) the first time the panel opens: the bot greets and shows
    // its menu, as LINE does on follow. data-greeting="" turns it off.
    greeting: data.greeting === undefined ? "/greet" : data.greeting,
    title: data.title || "海外知財支援ナビ",
    subtitle: data.subtitle || "特許庁の海外展開支援策をご案内します",
    storageKey: data.storageKey || "navi-chat:v1",
    startOpen: data.open === "true",
  };
  var ENDPOINT = CONFIG.rasaUrl + "/webhooks/rest/webhook";
  var RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 16000]; // then give up and offer 再送信
  var REQUEST_TIMEOUT_MS = 45000;
  var MAX_HISTORY = 200;

  var TEXT = {
    launcher: "チャットで相談",
    launcherLabel: "海外知財支援ナビのチャットを開く",
    dialogLabel: "海外知財支援ナビ チャット",
    close: "チャットを閉じる",
    reset: "新しい相談",
    resetConfirm: "これまでの会話を消して、新しい相談を始めますか？",
    log: "会話の履歴",
    placeholder: "ご質問を入力してください（Shift+Enterで改行）",
    inputLabel: "メッセージ",
    send: "送信",
    typing: "回答を準備しています",
    unsent: "未送信",
    empty: "海外での出願、模倣品、警告状、商標の抜け駆け出願などについて、ご質問を入力してください。",
    retry: "再送信",
    retrying: function (seconds, n, total) {
      return (
        "サーバーに接続できません。" + seconds + "秒後にもう一度接続します（" + n + "/" + total + "回目）。"
      );
    },
    busy: function (seconds, n, total) {
      return (
        "ただいま混み合っています。" + seconds + "秒後に自動でもう一度送信します（" + n + "/" + total + "回目）。"
      );
    },
    busyGaveUp: "ただいま混み合っているため送信できませんでした。少し時間をおいて「再送信」を押してください。",
    offline:
      "サーバーに接続できませんでした。通信環境をご確認のうえ、「再送信」を押してください。",
    timeout: "応答に時間がかかっています。しばらく待ってから「再送信」を押してください。",
    httpError: function (status) {
      return "サーバーでエラーが発生しました（コード " + status + "）。時間をおいて「再送信」を押してください。";
    },
    restoredUnsent: "送信できていないメッセージがあります。「再送信」を押すと送信します。",
    rateLabel: "この回答の評価",
    rateUp: "役に立った",
    rateDown: "役に立たなかった",
  };

  // ---------------------------------------------------------------- text → safe DOM nodes

  var DIGIT = "[0-9０-９]";
  var DASH = "[-‐‑–−－]";
  var URL_RE = /https?:\/\/[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+/g;
  var PHONE_RE = new RegExp(
    "(?:[+＋]81" + DASH + "?)?" + DIGIT + "{1,5}(?:" + DASH + DIGIT + "{1,6}){1,2}|" + DIGIT + "{10,11}",
    "g"
  );

  function asciiDigits(s) {
    return s.replace(/[０-９]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    });
  }

  /** The tel: href for a Japanese phone number, or null if `raw` is not one. */
  function telHref(raw) {
    var s = asciiDigits(raw).replace(/＋/g, "+");
    var digits = s.replace(/\D/g, "");
    if (/^\+81/.test(s)) {
      digits = "0" + digits.slice(2);
    }
    if (digits.charAt(0) !== "0" || digits.length < 10 || digits.length > 11) return null;
    return "tel:" + digits;
  }

  /** Trim sentence punctuation that the URL pattern swallowed, keeping balanced parens. */
  function trimUrl(url) {
    for (;;) {
      var last = url.charAt(url.length - 1);
      if (".,;:!?'".indexOf(last) >= 0) {
        url = url.slice(0, -1);
      } else if (last === ")" && url.split("(").length < url.split(")").length) {
        url = url.slice(0, -1);
      } else {
        return url;
      }
    }
  }

  function link(href, label, external) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = label;
    if (external) {
      a.target = "_blank";
      a.rel = "noopener noreferrer";
    }
    return a;
  }

  function appendPhones(parent, text) {
    var last = 0;
    PHONE_RE.lastIndex = 0;
    var m;
    while ((m = PHONE_RE.exec(text)) !== null) {
      var before = text.charAt(m.index - 1);
      var after = text.charAt(m.index + m[0].length);
      var href = telHref(m[0]);
      // Part of a longer number (an amount, a date, a URL path) is not a phone number.
      if (!href || /[0-9０-９\-－.,]/.test(before) || /[0-9０-９]/.test(after)) continue;
      parent.appendChild(document.createTextNode(text.slice(last, m.index)));
      parent.appendChild(link(href, m[0], false));
      last = m.index + m[0].length;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  /** Fill `parent` with `text`, turning URLs and phone numbers into links. */
  function appendLinkified(parent, text) {
    var last = 0;
    URL_RE.lastIndex = 0;
    var m;
    while ((m = URL_RE.exec(text)) !== null) {
      var url = trimUrl(m[0]);
      appendPhones(parent, text.slice(last, m.index));
      parent.appendChild(link(url, url, true));
      last = m.index + url.length;
      URL_RE.lastIndex = last;
    }
    appendPhones(parent, text.slice(last));
  }

  /** createElement with attributes and children; strings become text nodes. */
  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === true) el.setAttribute(name, "");
      else if (value !== false && value != null) el.setAttribute(name, String(value));
    });
    (children || []).forEach(function (child) {
      el.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return el;
  }

  // ---------------------------------------------------------------- persisted state

  var memoryStore = null; // when localStorage is blocked, the conversation lives for this page

  function newSessionId() {
    var bytes = new Uint8Array(16);
    if (window.crypto && window.crypto.getRandomValues) {
      window.crypto.getRandomValues(bytes);
    } else {
      for (var i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
    }
    return (
      "web-" +
      Array.prototype.map
        .call(bytes, function (b) {
          return ("0" + b.toString(16)).slice(-2);
        })
        .join("")
    );
  }

  function freshState() {
    return { sessionId: newSessionId(), messages: [], open: false, greeted: false, nextId: 1 };
  }

  function str(value) {
    return typeof value === "string" ? value : "";
  }

  /** Accept only the shape this script writes; anything else starts a new conversation. */
  function cleanState(raw) {
    if (!raw || typeof raw !== "object" || typeof raw.sessionId !== "string" || !raw.sessionId) {
      return null;
    }
    var messages = Array.isArray(raw.messages) ? raw.messages : [];
    var seen = {};
    var clean = messages
      .filter(function (m) {
        var ok = m && (m.from === "user" || m.from === "bot") && m.id > 0 && !seen[m.id];
        if (ok) seen[m.id] = true;
        return ok;
      })
      .slice(-MAX_HISTORY)
      .map(function (m) {
        var msg = { id: Math.floor(m.id), from: m.from, text: str(m.text) };
        if (m.from === "user") {
          msg.payload = str(m.payload) || msg.text;
          msg.status = ["sent", "pending", "failed"].indexOf(m.status) >= 0 ? m.status : "failed";
        } else {
          msg.buttons = cleanButtons(m.buttons);
          msg.rate = m.rate === true;
        }
        return msg;
      });
    var nextId = clean.reduce(function (max, m) {
      return Math.max(max, m.id + 1);
    }, 1);
    return {
      sessionId: raw.sessionId,
      messages: clean,
      open: raw.open === true,
      greeted: raw.greeted === true,
      nextId: Math.max(nextId, Number(raw.nextId) || 1),
    };
  }

  function cleanButtons(buttons) {
    if (!Array.isArray(buttons)) return [];
    return buttons
      .filter(function (b) {
        return b && typeof b.title === "string" && typeof b.payload === "string" && b.title;
      })
      .map(function (b) {
        return { title: b.title, payload: b.payload };
      });
  }

  function loadState() {
    try {
      var raw = window.localStorage.getItem(CONFIG.storageKey);
      return (raw && cleanState(JSON.parse(raw))) || freshState();
    } catch (e) {
      return memoryStore || freshState();
    }
  }

  function saveState() {
    state.messages = state.messages.slice(-MAX_HISTORY);
    try {
      window.localStorage.setItem(CONFIG.storageKey, JSON.stringify(state));
    } catch (e) {
      memoryStore = state;
    }
  }

  // ---------------------------------------------------------------- DOM

  var state = loadState();
  var host = h("div", { id: "navi-chat", "data-navi-chat": "" });
  var shadow = host.attachShadow({ mode: "open" });
  var stylesheet = h("link", { rel: "stylesheet", href: new URL("widget.css", scriptUrl).href });

  var launcher = h(
    "button",
    {
      type: "button",
      class: "navi-launcher",
      "aria-label": TEXT.launcherLabel,
      "aria-expanded": "false",
      "aria-controls": "navi-panel",
    },
    [h("span", { class: "navi-launcher-icon", "aria-hidden": "true" }), TEXT.launcher]
  );
  var resetButton = h("button", { type: "button", class: "navi-reset" }, [TEXT.reset]);
  var closeButton = h("button", { type: "button", class: "navi-close", "aria-label": TEXT.close }, [
    h("span", { "aria-hidden": "true" }, ["×"]),
  ]);
  var log = h("div", { class: "navi-log", role: "log", "aria-live": "polite", "aria-label": TEXT.log });
  var typing = h("div", { class: "navi-row navi-row-bot navi-typing", hidden: true }, [
    h("div", { class: "navi-bubble" }, [
      h("span", { class: "navi-dot", "aria-hidden": "true" }),
      h("span", { class: "navi-dot", "aria-hidden": "true" }),
      h("span", { class: "navi-dot", "aria-hidden": "true" }),
      h("span", { class: "navi-sr" }, [TEXT.typing]),
    ]),
  ]);
  var statusText = h("span", { class: "navi-status-text" });
  var retryButton = h("button", { type: "button", class: "navi-retry", hidden: true }, [TEXT.retry]);
  var status = h("div", { class: "navi-status", role: "status", hidden: true }, [statusText, retryButton]);
  var input = h("textarea", {
    class: "navi-input",
    rows: "1",
    placeholder: TEXT.placeholder,
    "aria-label": TEXT.inputLabel,
    enterkeyhint: "send",
  });
  var sendButton = h("button", { type: "submit", class: "navi-send" }, [TEXT.send]);
  var composer = h("form", { class: "navi-composer" }, [input, sendButton]);
  var panel = h(
    "section",
    { class: "navi-panel", id: "navi-panel", role: "dialog", "aria-label": TEXT.dialogLabel, hidden: true },
    [
      h("header", { class: "navi-header" }, [
        h("div", { class: "navi-titles" }, [
          h("h2", { class: "navi-title" }, [CONFIG.title]),
          h("p", { class: "navi-subtitle" }, [CONFIG.subtitle]),
        ]),
        resetButton,
        closeButton,
      ]),
      log,
      status,
      composer,
    ]
  );
  // Hidden until widget.css has loaded, so the page never shows an unstyled flash.
  var root = h("div", { class: "navi", hidden: true }, [launcher, panel]);
  shadow.appendChild(stylesheet);
  shadow.appendChild(root);
  stylesheet.addEventListener("load", function () {
    root.hidden = false;
    autosize();
    scrollToEnd();
  });
  stylesheet.addEventListener("error", function () {
    root.hidden = false;
  });

  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
  }

  function lastUserIndex() {
    for (var i = state.messages.length - 1; i >= 0; i--) {
      if (state.messages[i].from === "user") return i;
    }
    return -1;
  }

  function messageNode(msg, withButtons) {
    var bubble = h("div", { class: "navi-bubble" });
    if (msg.from === "bot") appendLinkified(bubble, msg.text);
    else bubble.textContent = msg.text;
    var row = h("div", { class: "navi-row navi-row-" + msg.from, "data-id": msg.id });
    if (msg.text) row.appendChild(bubble);
    if (msg.from === "user" && msg.status === "failed") {
      row.appendChild(h("span", { class: "navi-unsent" }, [TEXT.unsent]));
    }
    if (withButtons && msg.buttons && msg.buttons.length) {
      var group = h("div", { class: "navi-buttons" });
      msg.buttons.forEach(function (b) {
        var button = h("button", { type: "button", class: "navi-quick" }, [b.title]);
        button.addEventListener("click", function () {
          send(b.payload, b.title);
        });
        group.appendChild(button);
      });
      row.appendChild(group);
    }
    if (withButtons && msg.from === "bot" && msg.rate) row.appendChild(rateButtons());
    return row;
  }

  /** 👍/👎 under the latest answer; sent through Rasa like any button, so every channel
   *  records feedback the same way (the support desk counts them per answer). */
  function rateButtons() {
    var group = h("div", { class: "navi-rate", role: "group", "aria-label": TEXT.rateLabel });
    [["up", "👍", TEXT.rateUp], ["down", "👎", TEXT.rateDown]].forEach(function (r) {
      var button = h(
        "button",
        { type: "button", class: "navi-rate-button navi-rate-" + r[0], "aria-label": r[2], title: r[2] },
        [r[1]]
      );
      button.addEventListener("click", function () {
        send('/feedback{"rating":"' + r[0] + '"}', r[1]);
      });
      group.appendChild(button);
    });
    return group;
  }

  /** Redraw the whole log from state (start-up, another tab's change, reset). */
  function renderAll() {
    while (log.firstChild) log.removeChild(log.firstChild);
    var cut = lastUserIndex();
    state.messages.forEach(function (msg, i) {
      log.appendChild(messageNode(msg, i > cut));
    });
    if (!state.messages.length && !CONFIG.greeting) {
      log.appendChild(h("p", { class: "navi-empty" }, [TEXT.empty]));
    }
    log.appendChild(typing);
    scrollToEnd();
  }

  function addMessage(msg) {
    msg.id = state.nextId++;
    state.messages.push(msg);
    saveState();
    var empty = log.querySelector(".navi-empty");
    if (empty) empty.remove();
    if (msg.from === "user") {
      // Quick replies answer the latest question only; once the user speaks they go.
      Array.prototype.forEach.call(log.querySelectorAll(".navi-buttons, .navi-rate"), function (g) {
        g.remove();
      });
    }
    log.insertBefore(messageNode(msg, true), typing);
    scrollToEnd();
    return msg;
  }

  function setMessageStatus(id, value) {
    var msg = state.messages.filter(function (m) {
      return m.id === id;
    })[0];
    if (!msg || msg.status === value) return;
    msg.status = value;
    saveState();
    var row = log.querySelector('[data-id="' + id + '"]');
    if (row) row.replaceWith(messageNode(msg, false));
  }

  function setStatus(text, offerRetry) {
    status.hidden = !text;
    statusText.textContent = text || "";
    retryButton.hidden = !offerRetry;
  }

  function setTyping(on) {
    typing.hidden = !on;
    if (on) scrollToEnd();
  }

  // ---------------------------------------------------------------- talking to Rasa

  var queue = []; // {payload, msgId|null}; sent one at a time, in order
  var busy = false;
  var paused = false; // gave up after retries; the user resumes with 再送信 or a new message
  var wake = null; // cuts a retry wait short (back online, 再送信)

  function sleep(ms) {
    return new Promise(function (resolve) {
      var timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });
  }

  function post(message) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller && setTimeout(function () { controller.abort(); }, REQUEST_TIMEOUT_MS);
    // The conversation id in the query too: the edge keeps a conversation on one process.
    return fetch(ENDPOINT + "?sender=" + encodeURIComponent(state.sessionId), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: state.sessionId, message: message }),
      credentials: "omit",
      signal: controller ? controller.signal : undefined,
    })
      .then(function (response) {
        if (response.status === 502 || response.status === 503 || response.status === 504) {
          return { kind: "unreachable" };
        }
        // 429: the edge's per-address limit (an office behind one NAT address can reach
        // it). Waiting and sending again is what the limit asks for.
        if (response.status === 429) return { kind: "busy" };
        if (!response.ok) return { kind: "http", status: response.status };
        return response.json().then(
          function (body) {
            return { kind: "ok", messages: Array.isArray(body) ? body : [] };
          },
          function () {
            return { kind: "http", status: response.status };
          }
        );
      })
      .catch(function (error) {
        return { kind: error && error.name === "AbortError" ? "timeout" : "unreachable" };
      })
      .finally(function () {
        if (timer) clearTimeout(timer);
      });
  }

  /** Show the bot's messages; returns the first one's row, or null. ``rateable`` adds
   *  👍/👎 under the last one (not for the greeting or the thanks for a rating). */
  function showReplies(messages, rateable) {
    var first = null;
    var last = null;
    messages.forEach(function (m) {
      if (!m || typeof m !== "object") return;
      var text = str(m.text);
      var buttons = cleanButtons(m.buttons);
      if (!text && !buttons.length && typeof m.image === "string" && /^https?:\/\//.test(m.image)) {
        text = m.image; // shown as a link, never loaded as an <img>
      }
      if (text || buttons.length) {
        var msg = addMessage({ from: "bot", text: text, buttons: buttons });
        first = first || log.querySelector('[data-id="' + msg.id + '"]');
        last = msg;
      }
    });
    if (rateable && last) {
      last.rate = true;
      saveState();
      var row = log.querySelector('[data-id="' + last.id + '"]');
      var rated = messageNode(last, true);
      if (row) row.replaceWith(rated);
      if (first === row) first = rated;
    }
    return first;
  }

  /** Long answers: show their start (with the question above it), not their last line. */
  function scrollToReply(row) {
    if (!row) return;
    var anchor = row.previousElementSibling || row;
    log.scrollTop = Math.max(0, anchor.offsetTop - 8);
  }

  /** Send one queued item, retrying with backoff while the server cannot be reached. */
  function deliver(item) {
    var attempt = 0;
    function tryOnce() {
      if (item.cancelled) return Promise.resolve(true);
      setTyping(true);
      return post(item.payload).then(function (outcome) {
        setTyping(false);
        if (item.cancelled) return true; // 新しい相談 was pressed meanwhile: drop the answer
        if (outcome.kind === "ok") {
          setStatus(null);
          if (item.msgId) setMessageStatus(item.msgId, "sent");
          if (item.greeting) {
            state.greeted = true;
            saveState();
          }
          var rateable = !item.greeting && item.payload.indexOf("/feedback") !== 0;
          scrollToReply(showReplies(outcome.messages, rateable));
          return true;
        }
        var retryable = outcome.kind === "unreachable" || outcome.kind === "busy";
        if (retryable && attempt < RETRY_DELAYS_MS.length) {
          var delay = RETRY_DELAYS_MS[attempt++];
          var notice = outcome.kind === "busy" ? TEXT.busy : TEXT.retrying;
          setStatus(notice(delay / 1000, attempt, RETRY_DELAYS_MS.length), false);
          return sleep(delay).then(tryOnce);
        }
        if (item.msgId) setMessageStatus(item.msgId, "failed");
        if (outcome.kind === "timeout") setStatus(TEXT.timeout, true);
        else if (outcome.kind === "http") setStatus(TEXT.httpError(outcome.status), true);
        else if (outcome.kind === "busy") setStatus(TEXT.busyGaveUp, true);
        else setStatus(TEXT.offline, true);
        return false;
      });
    }
    return tryOnce();
  }

  function pump() {
    if (busy || paused || !queue.length) return;
    busy = true;
    var item = queue[0];
    deliver(item).then(function (ok) {
      busy = false;
      var index = queue.indexOf(item);
      if (ok && index >= 0) queue.splice(index, 1);
      else if (!ok && index >= 0) paused = true;
      pump();
    });
  }

  function resume() {
    paused = false;
    if (wake) wake();
    pump();
  }

  /** Send `payload` to the bot; `shown` is the user's bubble (null sends silently). */
  function send(payload, shown) {
    var item = { payload: payload, msgId: null };
    if (shown !== null) {
      item.msgId = addMessage({ from: "user", text: shown, payload: payload, status: "pending" }).id;
    }
    queue.push(item);
    resume();
  }

  function greetIfNew() {
    var queued = queue.some(function (item) {
      return item.greeting;
    });
    if (CONFIG.greeting && !state.greeted && !state.messages.length && !queued) {
      queue.push({ payload: CONFIG.greeting, msgId: null, greeting: true });
      pump();
    }
  }

  // ---------------------------------------------------------------- interaction

  function setOpen(open, focus) {
    state.open = open;
    saveState();
    panel.hidden = !open;
    root.classList.toggle("is-open", open);
    launcher.setAttribute("aria-expanded", String(open));
    if (open) {
      autosize(); // the placeholder may need two lines on a narrow screen
      scrollToEnd();
      greetIfNew();
      if (focus) input.focus();
    } else if (focus) {
      launcher.focus();
    }
  }

  function autosize() {
    if (!input.offsetWidth) return; // not laid out yet: panel closed or CSS still loading
    input.style.height = "auto";
    // border-box sizing: add the 1px top and bottom borders to the content's height.
    input.style.height = Math.min(input.scrollHeight + 2, 140) + "px";
  }

  function submit() {
    var text = input.value.replace(/^\s+|\s+$/g, "");
    if (!text) return;
    input.value = "";
    autosize();
    send(text, text);
    input.focus();
  }

  var composing = false;
  input.addEventListener("compositionstart", function () {
    composing = true;
  });
  input.addEventListener("compositionend", function () {
    composing = false;
  });
  input.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    // Enter that confirms a kana→kanji conversion belongs to the IME, not to us. Safari
    // reports it after compositionend, with keyCode 229.
    if (event.isComposing || composing || event.keyCode === 229) return;
    if (event.shiftKey) return; // Shift+Enter: the textarea inserts a newline
    event.preventDefault();
    submit();
  });
  input.addEventListener("input", autosize);
  composer.addEventListener("submit", function (event) {
    event.preventDefault();
    submit();
  });
  launcher.addEventListener("click", function () {
    setOpen(true, true);
  });
  closeButton.addEventListener("click", function () {
    setOpen(false, true);
  });
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") setOpen(false, true);
  });
  retryButton.addEventListener("click", function () {
    setStatus(null);
    queue.forEach(function (item) {
      if (item.msgId) setMessageStatus(item.msgId, "pending");
    });
    resume();
  });
  resetButton.addEventListener("click", function () {
    if (state.messages.length && !window.confirm(TEXT.resetConfirm)) return;
    queue.forEach(function (item) {
      item.cancelled = true;
    });
    queue = [];
    paused = false;
    if (wake) wake();
    setStatus(null);
    state = freshState();
    state.open = true;
    saveState();
    renderAll();
    greetIfNew();
    input.focus();
  });
  window.addEventListener("resize", function () {
    if (!panel.hidden) autosize();
  });
  window.addEventListener("online", function () {
    if (wake) wake(); // retry now rather than after the rest of the backoff
  });
  // Another tab of the same site talked to the bot: show the same conversation here.
  window.addEventListener("storage", function (event) {
    if (event.key !== CONFIG.storageKey || !event.newValue) return;
    try {
      var next = cleanState(JSON.parse(event.newValue));
      if (next && next.sessionId === state.sessionId) {
        next.open = state.open;
        state = next;
        renderAll();
      }
    } catch (e) {
      /* ignore a value this script did not write */
    }
  });

  function start() {
    document.body.appendChild(host);
    // Messages that never reached the bot before the reload: keep them and offer to resend.
    state.messages.forEach(function (m) {
      if (m.from === "user" && m.status !== "sent") {
        m.status = "failed";
        queue.push({ payload: m.payload, msgId: m.id });
      }
    });
    renderAll();
    if (queue.length) {
      paused = true;
      setStatus(TEXT.restoredUnsent, true);
    }
    setOpen(state.open || CONFIG.startOpen, false);
  }

  window.NaviChat = {
    open: function () {
      setOpen(true, true);
    },
    close: function () {
      setOpen(false, true);
    },
  };

  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
