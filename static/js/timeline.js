// Timeline questions: sliders over the strip of years (and months) that set the plain selects
// the form sends. Without this script the selects are the answer; with it they are hidden and
// the sliders (keyboard: arrow keys, Home, End; mouse; touch) set them, the choice said as text
// beside each slider and to screen readers through aria-valuetext. The sliders are made here,
// from the selects (their labels, their range, their hint): sent by the server they were
// hidden markup in every answer's response.
(function () {
  "use strict";

  function setUpSlider(box, name) {
    var slider = box.querySelector('[data-slider="' + name + '"]');
    var select = box.querySelector('[data-selects] select[name="' + name + '"]');
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

  // A slider for a select: "Year: <output>" then the range input, as a label around both.
  function addSlider(box, sliders, name) {
    var select = box.querySelector('[data-selects] select[name="' + name + '"]');
    if (!select) return;
    var values = Array.prototype.filter
      .call(select.options, function (option) { return option.value; })
      .map(function (option) { return option.value; });
    if (!values.length) return;
    var caption = box.querySelector('label[for="' + select.id + '"]');
    var label = document.createElement("label");
    label.className = "slider";
    label.appendChild(document.createTextNode((caption ? caption.textContent.trim() : name) + ": "));
    var output = document.createElement("output");
    output.dataset.output = name;
    output.setAttribute("aria-hidden", "true");
    output.textContent = "\u2014";
    var input = document.createElement("input");
    input.type = "range";
    input.min = values[0];
    input.max = values[values.length - 1];
    input.step = "1";
    input.value = select.value || values[0];
    input.dataset.slider = name;
    var hint = select.getAttribute("aria-describedby");
    if (hint) input.setAttribute("aria-describedby", hint);
    label.appendChild(output);
    label.appendChild(input);
    sliders.appendChild(label);
  }

  function setUpTimeline(root) {
    (root || document).querySelectorAll("[data-timeline]").forEach(function (box) {
      if (box.dataset.ready) return;
      var selects = box.querySelector("[data-selects]");
      var strip = box.querySelector(".strip-box");
      if (!selects || !strip) return;
      box.dataset.ready = "1";
      var sliders = document.createElement("div");
      sliders.className = "sliders";
      sliders.dataset.sliders = "";
      addSlider(box, sliders, "year");
      addSlider(box, sliders, "month");
      strip.appendChild(sliders);
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
