// Asking for help (/help/): going back to the form after a request was sent must not show it still filled
// in, as if unsent (an invitation to send it twice). "What happens next" notes the reference in this tab's
// sessionStorage; the form page, when the browser shows it again from its history (back/forward cache, or
// reloaded with the fields it restores), replaces itself with an empty form that says the request was sent.
(function () {
  "use strict";
  var KEY = "sumai.help.sent";

  function fromHistory(event) {
    if (event.persisted) { return true; }
    var entries = window.performance && performance.getEntriesByType ? performance.getEntriesByType("navigation") : [];
    return entries.length > 0 && entries[0].type === "back_forward";
  }

  window.addEventListener("pageshow", function (event) {
    var sent = document.querySelector("[data-help-sent]");
    try {
      if (sent) { sessionStorage.setItem(KEY, sent.getAttribute("data-help-sent")); return; }
      var form = document.querySelector("form[data-help-form]");
      var reference = form && sessionStorage.getItem(KEY);
      if (!reference || !fromHistory(event)) { return; }
      sessionStorage.removeItem(KEY);
      form.reset();
      window.location.replace(form.getAttribute("data-help-form") + "?sent=" + encodeURIComponent(reference));
    } catch (e) { /* storage refused (private mode): the form stays as the browser keeps it */ }
  });
})();
