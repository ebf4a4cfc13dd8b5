// Phone-first header, and the focus on a form's error summary. Loaded in <head> (not deferred) so that the page is drawn once: with JavaScript the
// main menu folds behind a "Menu" button on narrow screens; without it the menu is simply shown.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  document.addEventListener("DOMContentLoaded", function () {
    // A form answered with errors: the summary of what to correct gets the focus (and is scrolled to),
    // wherever on the page the form is — a reviewer's decision at the bottom of a long review page too.
    var summary = document.getElementById("error-summary");
    if (summary && !window.location.hash) { summary.focus(); }
    // A page that answers a form's POST (its errors) names the form's own page: that page's address takes
    // the POST's place in the history, so Back and reload later fetch it instead of asking to send the form
    // again (Chrome's "Confirm Form Resubmission": such pages are not stored).
    var formPage = document.querySelector('meta[name="sumai-form-page"]');
    if (formPage && window.history.replaceState) {
      window.history.replaceState(window.history.state, "", formPage.getAttribute("content"));
    }
    // "Print" buttons (a printable report): shown only where a script can print
    Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    var toggle = document.querySelector(".menu-toggle");
    var menu = document.getElementById("site-menu");
    if (!toggle || !menu) { return; }
    function set(open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("open", open);
    }
    toggle.addEventListener("click", function () { set(toggle.getAttribute("aria-expanded") !== "true"); });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") { set(false); toggle.focus(); }
    });
  });
})();
