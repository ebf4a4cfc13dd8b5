// The "Print" button of the recovery codes page: shown only when scripts run (printing works from the
// browser's menu anyway).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
});
