// Finding homes (/cases/<case>/homes/): going back from the results must show the search as it was typed,
// not the household's defaults again. The page is never cached (no-store: it shows a household's needs), so
// the browser cannot keep what was typed; when the search is sent, the form's values are written into this
// history entry's address (?municipality=…&ceiling=…), and the server fills the form from them when the
// browser comes back. Nothing is stored on the way back: only sending the form stores a search.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || !form.hasAttribute || !form.hasAttribute("data-homes-search")) { return; }
    try {
      var params = new URLSearchParams();
      new FormData(form).forEach(function (value, name) {
        if (name !== "csrfmiddlewaretoken") { params.append(name, value); }
      });
      history.replaceState(history.state, "", window.location.pathname + "?" + params.toString());
    } catch (e) { /* an old browser: Back shows the household's defaults, the results page links the search */ }
  });
})();
