// Live lessons.
// 1. When a new stage comes in and the old one had the focus, put the focus on the new
//    stage's heading (or its main button), so keyboard and screen-reader users follow the room.
// 2. Where the server offers an event stream (data-events), changes are pushed: the stage is
//    fetched when the stream says it changed, and the once-a-second polls stand down while
//    the stream is heard from. When it goes quiet or fails, the polls take over again.
// 3. A new question comes with its stage in the event ("stage": the version, then the HTML,
//    the same for every phone of the room that has not answered): it is swapped in at once,
//    with no fetch, when it is newer than the stage shown.
// 4. The reveal comes with a stage per answer given ("reveal": JSON of the version, the
//    question's position and the stages by answer key). The stage shown says which question
//    it is of and which answer this phone gave (data-question, data-answer); the stage for
//    that answer is swapped in. When the phone is not sure (another question shown, no key,
//    no stage for its answer), it fetches as before; while its own answer is on its way, the
//    reveal waits for the answer's stage to come back.
//    A wrong order nobody else gave is put together from the parts the event carries.
(function () {
  const STAGE = "#live-stage, #projector-stage";
  const QUIET_MS = 20000; // the server says something at least every 10 s
  let hadFocus = false;
  let opened = [];
  let source = null;
  let heard = 0; // when the stream last said anything
  let wanted = false; // a fetch the stream asked for, let through
  let timer = null;
  let sending = 0; // answers posted from the stage and not yet answered
  let held = null; // a reveal that came while an answer was on its way

  const stage = () => document.querySelector(STAGE);
  const streaming = () => source !== null && Date.now() - heard < QUIET_MS;

  function pull(delay) {
    if (timer) return;
    timer = setTimeout(function () {
      timer = null;
      const current = stage();
      if (!current || !window.htmx) return;
      wanted = true;
      window.htmx.trigger(current, "live:changed");
    }, delay);
  }

  function connect() {
    const current = stage();
    const url = current && current.dataset.events;
    if (!url || !window.EventSource) {
      if (source) source.close();
      source = null;
      return;
    }
    if (source) return;
    source = new EventSource(url);
    source.onmessage = function (event) {
      heard = Date.now();
      const now = stage();
      if (!now || event.data === "ping") return;
      if (event.data.startsWith("v:")) {
        if (event.data.slice(2) !== now.dataset.version) pull(0);
      } else {
        // Joins and answers: the projector's counts, at most a few times a second.
        pull(300);
      }
    };
    source.addEventListener("stage", function (event) {
      heard = Date.now();
      const now = stage();
      const cut = event.data.indexOf("\n");
      if (!now || !now.matches("#live-stage") || cut < 0 || !window.htmx) return;
      // Only forward: an older or the same version is already shown (or its answer is).
      if (!(Number(event.data.slice(0, cut)) > Number(now.dataset.version))) return;
      remember();
      window.htmx.swap(now, event.data.slice(cut + 1), {
        swapStyle: "outerHTML",
        swapDelay: 0,
        settleDelay: 0,
      });
    });
    source.addEventListener("reveal", function (event) {
      heard = Date.now();
      let revealed;
      try {
        revealed = JSON.parse(event.data);
      } catch (error) {
        pull(0);
        return;
      }
      if (sending > 0) {
        // Which answer this phone gave is known once the answer's stage is back.
        held = revealed;
        return;
      }
      reveal(revealed);
    });
    source.onerror = function () {
      // The browser reconnects by itself (or gives up on a 204); the polls go on meanwhile.
      heard = 0;
      if (source && source.readyState === EventSource.CLOSED) source = null;
    };
  }

  // The stage for this phone's own answer, from a reveal's event; fetched when not sure.
  function reveal(revealed) {
    const now = stage();
    if (!now || !now.matches("#live-stage") || !window.htmx) return;
    if (!(Number(revealed.v) > Number(now.dataset.version))) return;
    const key = now.dataset.answer;
    let html;
    if (key && now.dataset.question === String(revealed.q)) {
      html = Object.prototype.hasOwnProperty.call(revealed.stages, key)
        ? revealed.stages[key]
        : wrongOrder(revealed.order, key);
    }
    if (typeof html !== "string") {
      pull(0);
      return;
    }
    remember();
    window.htmx.swap(now, html, { swapStyle: "outerHTML", swapDelay: 0, settleDelay: 0 });
  }

  // An ordering question's stage for a wrong order nobody else gave: a wrong order's stage,
  // in parts, joined around this phone's key and its events (each event once, all of them).
  function wrongOrder(order, key) {
    if (!order || !key.startsWith("o:") || key === order.right) return;
    const ids = key.slice(2).split("-");
    const all = Object.keys(order.items);
    if (ids.length !== all.length || new Set(ids).size !== ids.length) return;
    if (!ids.every((id) => Object.prototype.hasOwnProperty.call(order.items, id))) return;
    const [head, middle, end] = order.parts;
    return head + key + middle + ids.map((id) => order.items[id]).join("") + end;
  }

  // An answer on its way: until its stage is back, the phone is not sure which answer it gave.
  // (Counted down by the request itself: the form that sent it is gone after the swap.)
  document.addEventListener("htmx:beforeRequest", function (event) {
    const elt = event.detail.elt;
    const config = event.detail.requestConfig;
    const xhr = event.detail.xhr;
    if (!elt || !elt.closest || !elt.closest("#live-stage") || !xhr) return;
    if (!config || config.verb !== "post") return;
    sending += 1;
    xhr.addEventListener("loadend", function () {
      sending = Math.max(0, sending - 1);
      if (sending > 0 || !held) return;
      // After the answer's own stage is swapped in (or refused, the revealed stage is).
      const revealed = held;
      held = null;
      // Its stage came back (saved, refused as invalid, or too late: then it is the reveal's
      // stage itself); anything else, and the answer may or may not be saved: fetch.
      if ([200, 400, 409].includes(xhr.status)) setTimeout(() => reveal(revealed), 0);
      else pull(0);
    });
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    const elt = event.detail.elt;
    if (!elt || !elt.matches || !elt.matches(STAGE)) return;
    if (event.detail.requestConfig && event.detail.requestConfig.verb !== "get") return;
    if (streaming() && !wanted) {
      event.preventDefault();
      return;
    }
    wanted = false;
  });

  // Before a stage is replaced (fetched, or pushed in an event): what to give back after.
  function remember() {
    // A list the teacher opened stays open while the counts under it change.
    opened = Array.from(document.querySelectorAll("details[id][open]"), (d) => d.id);
    const active = document.activeElement;
    hadFocus = !active || active === document.body || !!active.closest(STAGE);
  }

  document.addEventListener("htmx:beforeSwap", remember);
  document.addEventListener("htmx:afterSettle", function () {
    connect();
    opened.forEach((id) => document.getElementById(id)?.setAttribute("open", ""));
    if (!hadFocus) return;
    const active = document.activeElement;
    if (active && active !== document.body && document.contains(active)) return;
    const current = stage();
    if (!current) return;
    const target = current.querySelector("[data-focus-after-swap]") || current.querySelector("h1");
    if (target) target.focus({ preventScroll: true });
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", connect);
  } else {
    connect();
  }
})();
