// Timeline questions: sliders over the strip of years (and months) that set the plain selects
// the form sends. Without this script the selects are the answer; with it they are hidden and
// the sliders (keyboard: arrow keys, Home, End; mouse; touch) set them, the choice said as text
// beside each slider and to screen readers through aria-valuetext.
(function () {
  "use strict";

  function setUpSlider(box, name) {
    var slider = box.querySelector('[data-slider="' + name + '"]');
    var select = box.querySelector('[data-select="' + name + '"]');
    var output = box.querySelector('[data-output="' + name + '"]');
    if (!slider || !select) return;

    function label() {
      var option = select.querySelector('option[value="' + slider.value + '"]');
      return option ? option.textContent.trim() : slider.value;
    }
    function show() {
      var text = select.value ? label() : box.dataset.unset || "—";
      if (output) output.textContent = select.value ? text : "—";
      slider.setAttribute("aria-valuetext", text);
    }
    function pick() {
      select.value = slider.value;
      show();
    }

    if (select.value) {
      slider.value = select.value;
    } else {
      // Nothing picked yet: the thumb waits in the middle, and nothing is sent until it moves.
      var min = Number(slider.min), max = Number(slider.max);
      slider.value = String(Math.round((min + max) / 2));
    }
    slider.addEventListener("input", pick);
    slider.addEventListener("change", pick);
    // A tap or click on the thumb without moving it is a choice too.
    slider.addEventListener("pointerup", pick);
    slider.addEventListener("keydown", function (event) {
      if (event.key === " " || event.key === "Spacebar") pick();
    });
    // The server checks the answer; a hidden required select would block the form silently.
    select.required = false;
    show();
  }

  function setUpTimeline(root) {
    (root || document).querySelectorAll("[data-timeline]").forEach(function (box) {
      if (box.dataset.ready) return;
      var sliders = box.querySelector("[data-sliders]");
      var selects = box.querySelector("[data-selects]");
      if (!sliders || !selects) return;
      box.dataset.ready = "1";
      setUpSlider(box, "year");
      setUpSlider(box, "month");
      sliders.hidden = false;
      selects.hidden = true;
    });
  }

  // quiz.js calls this wherever it sets up a card: on load, after a swap, and for the next
  // question it shows without a round trip.
  window.quizTimeline = setUpTimeline;
})();
