// Live lessons: when a poll brings in a new stage and the old one had the focus, put the
// focus on the new stage's heading (or its main button), so keyboard and screen-reader
// users follow the room.
(function () {
  let hadFocus = false;
  let opened = [];
  document.addEventListener("htmx:beforeSwap", function () {
    // A list the teacher opened stays open while the counts under it change.
    opened = Array.from(document.querySelectorAll("details[id][open]"), (d) => d.id);
    const active = document.activeElement;
    hadFocus = !active || active === document.body || !!active.closest("#live-stage, #projector-stage");
  });
  document.addEventListener("htmx:afterSettle", function () {
    opened.forEach((id) => document.getElementById(id)?.setAttribute("open", ""));
    if (!hadFocus) return;
    const active = document.activeElement;
    if (active && active !== document.body && document.contains(active)) return;
    const stage = document.querySelector("#live-stage, #projector-stage");
    if (!stage) return;
    const target = stage.querySelector("[data-focus-after-swap]") || stage.querySelector("h1");
    if (target) target.focus({ preventScroll: true });
  });
})();
