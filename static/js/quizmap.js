// Map questions: make each place on the map a radio of its own, mirroring the form's radio
// buttons (the real field). A click or tap picks a place; Tab reaches the map, the arrow keys
// move between places and Enter or Space picks one. Without this file the map is a picture
// and the radio buttons beside it are the answer.
(function () {
  "use strict";

  function radioFor(box, pin) {
    return box.querySelector('input[name="choice"][value="' + pin.dataset.pin + '"]');
  }

  function pinsOf(box) {
    return Array.prototype.slice.call(box.querySelectorAll("[data-pin]"));
  }

  // Show the radio that is checked on its pin, and keep one pin in the tab order: the
  // checked one, or the first.
  function sync(box, focused) {
    var pins = pinsOf(box);
    var checked = box.querySelector('input[name="choice"]:checked');
    pins.forEach(function (pin) {
      var on = Boolean(checked) && checked.value === pin.dataset.pin;
      pin.setAttribute("aria-checked", on ? "true" : "false");
    });
    var current = focused || box.querySelector('[data-pin][aria-checked="true"]') || pins[0];
    pins.forEach(function (pin) {
      pin.setAttribute("tabindex", pin === current ? "0" : "-1");
    });
  }

  function pick(box, pin) {
    var radio = radioFor(box, pin);
    if (!radio || radio.disabled) return;
    radio.checked = true;
    radio.dispatchEvent(new Event("change", { bubbles: true }));
    sync(box, pin);
    pin.focus();
  }

  function move(box, pin, step) {
    var pins = pinsOf(box);
    var next = pins[(pins.indexOf(pin) + step + pins.length) % pins.length];
    sync(box, next);
    next.focus();
  }

  function setUp(box) {
    box.dataset.ready = "1";
    var svg = box.querySelector("[data-qmap-pins]");
    if (!svg) return;
    // Now the pins work: show them to assistive technology as one group of radios.
    svg.removeAttribute("aria-hidden");
    svg.removeAttribute("focusable");
    svg.setAttribute("role", "radiogroup");
    svg.setAttribute("aria-label", svg.dataset.label || "");
    pinsOf(box).forEach(function (pin) {
      // Under the dot: the ring shown on focus and hover, and the wider disc a tap must hit.
      // Only a working pin needs them, so they are not sent with the page.
      [["ring", 19], ["hit", 32]].forEach(function (spec) {
        var circle = document.createElementNS("http://www.w3.org/2000/svg", "circle");
        circle.setAttribute("class", spec[0]);
        circle.setAttribute("r", String(spec[1]));
        pin.insertBefore(circle, pin.firstChild);
      });
      var label = pin.querySelector("text");
      pin.setAttribute("role", "radio");
      pin.setAttribute("aria-label", label ? label.textContent.trim() : "");
      if (label) label.setAttribute("aria-hidden", "true");
    });
    box.classList.add("is-live");
    sync(box);
    svg.addEventListener("click", function (event) {
      var pin = event.target.closest("[data-pin]");
      if (pin) pick(box, pin);
    });
    svg.addEventListener("keydown", function (event) {
      var pin = event.target.closest("[data-pin]");
      if (!pin) return;
      var key = event.key;
      if (key === "ArrowRight" || key === "ArrowDown") move(box, pin, 1);
      else if (key === "ArrowLeft" || key === "ArrowUp") move(box, pin, -1);
      else if (key === "Home") move(box, pinsOf(box)[0], 0);
      else if (key === "End") move(box, pinsOf(box)[pinsOf(box).length - 1], 0);
      else if (key === "Enter" || key === " ") pick(box, pin);
      else return;
      event.preventDefault();
    });
    box.addEventListener("change", function (event) {
      if (event.target.name === "choice") sync(box);
    });
  }

  function setUpAll() {
    document.querySelectorAll("[data-qmap]:not([data-ready])").forEach(setUp);
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpAll();
    // The next question's card comes in by HTMX or from the waiting slot (quiz.js).
    new MutationObserver(setUpAll).observe(document.body, { childList: true, subtree: true });
  });
})();
