// Every page: the language switch sends the address now shown (HTMX may have changed it since
// the page was drawn), so the reader stays where they are. Without JavaScript the form's own
// hidden field does the same.
(function () {
  "use strict";
  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.elt.closest && event.detail.elt.closest(".language-switch")) {
      event.detail.parameters.next = window.location.pathname + window.location.search;
    }
  });
})();
