// Quiz pages: move focus after a swap, count the time down, and let chronology items be
// moved with buttons (keyboard or mouse). Everything here is an extra: the forms work without it.
(function () {
  "use strict";

  function focusMarked(root) {
    var target = (root || document).querySelector("[data-focus]");
    if (target) {
      target.focus({ preventScroll: false });
    }
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

  function setUpOrdering(root) {
    (root || document).querySelectorAll("[data-order]").forEach(function (list) {
      if (list.dataset.ready) return;
      list.dataset.ready = "1";
      list.querySelectorAll(".move").forEach(function (m) { m.hidden = false; });
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
  }

  document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  document.addEventListener("htmx:afterSettle", function (event) {
    setUp(document);
    focusMarked(document);
  });
})();
