// The language switch swaps in the whole #page in the other language (htmx, no reload):
// make the document's language and title follow it, and give focus back to the switch
// rather than letting it fall to the body.
(function () {
  "use strict";
  let pageBefore = null;

  document.addEventListener("htmx:beforeRequest", function (event) {
    const source = event.detail.elt;
    if (source && source.closest && source.closest(".language-switch")) {
      pageBefore = document.getElementById("page");
    }
  });

  document.addEventListener("htmx:afterSettle", function () {
    const page = document.getElementById("page");
    if (!page) return;
    const lang = page.getAttribute("lang");
    if (lang && document.documentElement.lang !== lang) {
      document.documentElement.lang = lang;
    }
    if (pageBefore && page !== pageBefore) {
      pageBefore = null;
      const pressed = page.querySelector('.language-switch [aria-pressed="true"]');
      if (pressed) pressed.focus();
    }
  });
})();

// The language switch sends the address now shown (HTMX may have changed it since the page
// was drawn), so the reader stays where they are. Without JavaScript the form's own hidden
// field does the same.
(function () {
  "use strict";
  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.elt.closest && event.detail.elt.closest(".language-switch")) {
      event.detail.parameters.next = window.location.pathname + window.location.search;
    }
  });
})();
