// The search page's maps. Progressive enhancement: without JavaScript, or when tiles cannot load, the
// latitude/longitude fields and the list of results carry everything.
(function () {
  "use strict";
  // htmx swaps only 2xx answers. The search answers its htmx request with a results fragment also when the
  // rate limit (429) or the query time limit (503) stops it: show that message in the results, not nothing.
  document.addEventListener("htmx:beforeSwap", function (e) {
    var d = e.detail;
    if (d && d.xhr && (d.xhr.status === 429 || d.xhr.status === 503) && d.target && d.target.id === "results") {
      d.shouldSwap = true;
      d.isError = false;
    }
  });

  // htmx swaps only the results: mark the form's controls as the page without JavaScript does
  // (search/search.html, field_aria) — aria-invalid on each control with an error, its aria-describedby
  // naming its message first — and clear the marks of the search before.
  function markFields() {
    var form = document.getElementById("search-form");
    if (!form) { return; }
    var messages = {};
    document.querySelectorAll("#search-errors [data-field]").forEach(function (li) {
      messages[li.dataset.field] = li.id;
    });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.id !== "id_" + el.name) { return; }
      var ids = (el.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (id) {
        return id && id.indexOf("search-error-") !== 0;
      });
      var message = messages[el.name];
      if (message) {
        ids.unshift(message);
        el.setAttribute("aria-invalid", "true");
        var details = el.closest("details");
        if (details) { details.open = true; }
      } else {
        el.removeAttribute("aria-invalid");
      }
      if (ids.length) { el.setAttribute("aria-describedby", ids.join(" ")); } else { el.removeAttribute("aria-describedby"); }
    });
  }
  document.addEventListener("htmx:afterSwap", function (e) {
    var target = e.detail && e.detail.target;
    if (target && (target.id === "results" || target.tagName === "BODY")) { markFields(); }
  });
})();

(function () {
  "use strict";
  if (typeof L === "undefined") { return; }
  var maps = [];

  function tiles(el, map) {
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { maxZoom: 18, attribution: el.dataset.attribution }).addTo(map);
    }
  }

  function pointMap() {
    var el = document.getElementById("search-map");
    if (!el || el.dataset.ready) { return; }
    var details = el.closest("details");
    if (details && !details.open) {
      details.addEventListener("toggle", function once() {
        details.removeEventListener("toggle", once);
        pointMap();
      });
      return;
    }
    el.dataset.ready = "1";
    var lat = document.getElementById("id_lat");
    var lon = document.getElementById("id_lon");
    var has = lat.value && lon.value;
    var start = has ? [parseFloat(lat.value), parseFloat(lon.value)] : [35.681, 139.767];
    var map = L.map(el, { keyboard: true }).setView(start, has ? 13 : 9);
    tiles(el, map);
    var marker = has ? L.marker(start).addTo(map) : null;
    map.on("click", function (e) {
      lat.value = e.latlng.lat.toFixed(6);
      lon.value = e.latlng.lng.toFixed(6);
      if (marker) { marker.setLatLng(e.latlng); } else { marker = L.marker(e.latlng).addTo(map); }
      var status = document.getElementById("point-status");
      if (status) { status.textContent = el.dataset.chosen + " " + lat.value + ", " + lon.value; }
    });
    maps.push(map);
  }

  function resultsMap() {
    var el = document.getElementById("results-map");
    // once per results element: a swap brings a new element, a settle after it must not draw it twice
    if (!el || el.dataset.ready) { return; }
    el.dataset.ready = "1";
    var points = [];
    document.querySelectorAll(".result[data-lat]").forEach(function (li) {
      var ll = [parseFloat(li.dataset.lat), parseFloat(li.dataset.lon)];
      if (!isNaN(ll[0]) && !isNaN(ll[1])) { points.push({ ll: ll, name: li.dataset.name, link: li.querySelector("a") }); }
    });
    if (!points.length) { return; }
    var map = L.map(el, { keyboard: true });
    tiles(el, map);
    var bounds = [];
    points.forEach(function (p) {
      var m = L.marker(p.ll, { title: p.name, alt: p.name }).addTo(map);
      if (p.link) { m.on("click", function () { window.location.href = p.link.href; }); }
      bounds.push(p.ll);
    });
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
  }

  function init() { pointMap(); resultsMap(); }
  document.addEventListener("DOMContentLoaded", init);
  // After a search (or Back to one): draw the new results' map and move the focus to what happened —
  // the errors when the search could not be done, else the number of homes found.
  document.addEventListener("htmx:afterSettle", function (e) {
    var target = e.detail && e.detail.target;
    if (!target || (target.id !== "results" && target.tagName !== "BODY")) { return; }
    pointMap();
    resultsMap();
    var focus = document.getElementById("search-errors") || document.getElementById("results-heading");
    if (focus) { focus.focus(); }
  });
})();
