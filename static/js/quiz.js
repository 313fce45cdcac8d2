// Quiz pages: move focus after a swap, count the time down, let chronology items be moved
// with buttons (keyboard or mouse), and show the next question the answer's response brought
// along without asking the server again. Everything here is an extra: the forms and the
// "Next question" link work without it.
(function () {
  "use strict";

  function focusMarked(root) {
    var target = (root || document).querySelector("[data-focus]");
    if (target) {
      // Once focused, a marker must not pull focus back after a later swap.
      target.removeAttribute("data-focus");
      target.focus({ preventScroll: false });
    }
  }

  // The address and title follow the question card on screen, so reloading, sharing or going
  // back lands on the question the learner sees.
  function followCard(card) {
    if (!card || !card.dataset.url) return;
    if (card.dataset.url !== window.location.pathname) {
      window.history.pushState({ quizCard: true }, "", card.dataset.url);
    }
    if (card.dataset.title) document.title = card.dataset.title;
  }

  // "Next question": swap in the card the answer's response left waiting, if it is that one.
  function showWaiting(link) {
    var slot = document.getElementById("next-slot");
    var template = slot && slot.querySelector("template");
    var card = document.getElementById("card");
    var waiting = template && template.content.querySelector("#card");
    if (!waiting || !card || waiting.dataset.url !== new URL(link.href).pathname) return false;
    var next = document.importNode(waiting, true);
    card.replaceWith(next);
    slot.replaceChildren();
    document.getElementById("feedback").replaceChildren();
    var live = document.getElementById("verdict-live");
    if (live) live.replaceChildren();
    if (window.htmx) window.htmx.process(next);
    setUp(next);
    followCard(next);
    focusMarked(next);
    return true;
  }

  function renumber(list) {
    var items = list.querySelectorAll("[data-order-item]");
    items.forEach(function (item, index) {
      var select = item.querySelector("[data-order-rank]");
      if (select) select.value = String(index + 1);
      // The first event can't move earlier, nor the last later.
      var up = item.querySelector("[data-move=up]");
      var down = item.querySelector("[data-move=down]");
      if (up) up.disabled = index === 0;
      if (down) down.disabled = index === items.length - 1;
    });
  }

  function announce(list, item) {
    var status = list.parentNode.querySelector("[data-order-status]");
    var items = Array.prototype.slice.call(list.querySelectorAll("[data-order-item]"));
    if (!status || !list.dataset.moved) return;
    status.textContent = list.dataset.moved
      .replace("{event}", item.querySelector(".event-name").textContent.trim())
      .replace("{place}", String(items.indexOf(item) + 1))
      .replace("{total}", String(items.length));
  }

  // Each event's two move buttons, labelled from the list's patterns: the server sends the
  // patterns once instead of the buttons, which are of no use without this script.
  function addMoveButtons(list, item) {
    var name = item.querySelector(".event-name").textContent.trim();
    var move = document.createElement("span");
    move.className = "move";
    [["up", "\u2191", list.dataset.up], ["down", "\u2193", list.dataset.down]].forEach(
      function (spec, index) {
        var button = document.createElement("button");
        button.type = "button";
        button.dataset.move = spec[0];
        button.setAttribute("aria-describedby", "order-hint");
        button.setAttribute("aria-label", (spec[2] || "").replace("{event}", name));
        button.textContent = spec[1];
        if (index) move.appendChild(document.createTextNode(" "));
        move.appendChild(button);
      }
    );
    item.appendChild(move);
  }

  function setUpOrdering(root) {
    (root || document).querySelectorAll("[data-order]").forEach(function (list) {
      if (list.dataset.ready) return;
      list.dataset.ready = "1";
      list.querySelectorAll("[data-order-item]").forEach(function (item) {
        addMoveButtons(list, item);
      });
      renumber(list);
      list.addEventListener("click", function (event) {
        var button = event.target.closest("[data-move]");
        if (!button) return;
        var item = button.closest("[data-order-item]");
        if (button.dataset.move === "up" && item.previousElementSibling) {
          list.insertBefore(item, item.previousElementSibling);
        } else if (button.dataset.move === "down" && item.nextElementSibling) {
          list.insertBefore(item.nextElementSibling, item);
        }
        renumber(list);
        announce(list, item);
        // At either end the button is now disabled: keep focus on its enabled twin.
        (button.disabled ? item.querySelector("[data-move]:not([disabled])") : button).focus();
      });
      // Choosing a place from a list puts the item there, so the list always reads in order.
      list.addEventListener("change", function (event) {
        var select = event.target.closest("[data-order-rank]");
        if (!select) return;
        var item = select.closest("[data-order-item]");
        var items = Array.prototype.slice.call(list.querySelectorAll("[data-order-item]"));
        items.splice(items.indexOf(item), 1);
        items.splice(Number(select.value) - 1, 0, item);
        items.forEach(function (i) { list.appendChild(i); });
        renumber(list);
        announce(list, item);
        select.focus();
      });
    });
  }

  function setUpCountdown(root) {
    (root || document).querySelectorAll("[data-countdown]").forEach(function (el) {
      if (el.dataset.ready) return;
      el.dataset.ready = "1";
      var end = Date.now() + Number(el.dataset.countdown) * 1000;
      function tick() {
        var left = Math.max(0, Math.round((end - Date.now()) / 1000));
        el.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
        if (left > 0 && document.body.contains(el)) setTimeout(tick, 1000);
      }
      tick();
    });
  }

  function setUp(root) {
    setUpOrdering(root);
    setUpCountdown(root);
    // Timeline questions' sliders (static/js/timeline.js).
    if (window.quizTimeline) window.quizTimeline(root);
  }

  document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  document.addEventListener("htmx:afterSettle", function () {
    setUp(document);
    followCard(document.getElementById("card"));
    focusMarked(document);
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-next]");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (showWaiting(link)) event.preventDefault();
  });
  // Back and forward between cards shown here: load the question the address names.
  window.addEventListener("popstate", function () {
    var card = document.getElementById("card");
    if (card && card.dataset.url && card.dataset.url !== window.location.pathname) {
      window.location.reload();
    }
  });
})();
