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

// A request that gets no answer (a busy site answers 503, a phone loses its connection) would
// leave a pressed button doing nothing: say so, until a request succeeds again. The page's
// own 4xx answers (a form error, a refusal) are swapped in as usual and need no notice.
(function () {
  "use strict";
  function notice(show) {
    const box = document.getElementById("send-error");
    if (box) box.hidden = !show;
  }
  document.addEventListener("htmx:sendError", function () { notice(true); });
  document.addEventListener("htmx:responseError", function (event) {
    if (event.detail.xhr && event.detail.xhr.status >= 500) notice(true);
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful) notice(false);
  });
})();
