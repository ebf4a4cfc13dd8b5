// Pin a building on a map. Progressive enhancement: without JavaScript, or when the map tiles cannot
// load, the latitude and longitude fields still work, and an empty position falls back to the
// municipal office when saved.
(function () {
  "use strict";
  var el = document.getElementById("pin-map");
  if (!el || typeof L === "undefined") { return; }
  var lat = document.getElementById("id_lat");
  var lon = document.getElementById("id_lon");
  var start = [parseFloat(lat.value) || 35.681, parseFloat(lon.value) || 139.767];
  var map = L.map(el, { keyboard: true }).setView(start, lat.value ? 16 : 12);
  L.tileLayer(el.dataset.tiles, {
    maxZoom: 18,
    attribution: el.dataset.attribution
  }).addTo(map);
  var marker = lat.value ? L.marker(start).addTo(map) : null;
  function place(latlng) {
    lat.value = latlng.lat.toFixed(6);
    lon.value = latlng.lng.toFixed(6);
    if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng).addTo(map); }
    var status = document.getElementById("pin-status");
    if (status) { status.textContent = el.dataset.placed + " " + lat.value + ", " + lon.value; }
  }
  map.on("click", function (e) { place(e.latlng); });
  function fromInputs() {
    var a = parseFloat(lat.value), b = parseFloat(lon.value);
    if (!isNaN(a) && !isNaN(b)) {
      var ll = L.latLng(a, b);
      if (marker) { marker.setLatLng(ll); } else { marker = L.marker(ll).addTo(map); }
      map.setView(ll, 16);
    }
  }
  // The postal code found an area: the pin goes to its municipal office (an approximate position) unless the
  // landlord has placed it; a click on the map places it exactly.
  var approximate = !lat.value;
  el.addEventListener("sumai:area", function (e) {
    if (!approximate) { return; }
    var ll = L.latLng(e.detail.lat, e.detail.lon);
    lat.value = ll.lat.toFixed(6);
    lon.value = ll.lng.toFixed(6);
    if (marker) { marker.setLatLng(ll); } else { marker = L.marker(ll).addTo(map); }
    map.setView(ll, 14);
    var status = document.getElementById("pin-status");
    if (status) { status.textContent = el.dataset.approximate; }
  });
  map.on("click", function () { approximate = false; });
  lat.addEventListener("change", function () { approximate = false; });
  lon.addEventListener("change", function () { approximate = false; });
  lat.addEventListener("change", fromInputs);
  lon.addEventListener("change", fromInputs);
})();
