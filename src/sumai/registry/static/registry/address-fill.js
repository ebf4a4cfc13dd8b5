// The postal code fills the building form's own fields: the prefecture, the municipality (its list is
// loaded for the prefecture, then the municipality chosen), the start of the address, and moves the pin to
// the municipal office until the landlord places it exactly. Without JavaScript the fields are chosen by hand.
(function () {
  "use strict";
  var help = document.getElementById("address-help");
  if (!help || typeof htmx === "undefined") { return; }
  var prefecture = document.getElementById("id_prefecture");
  var municipality = document.getElementById("id_municipality_code");
  var address = document.getElementById("id_address");
  var lastFilled = "";

  function chooseMunicipality(code) {
    municipality.value = code;
    municipality.dispatchEvent(new Event("change", { bubbles: true }));
  }

  help.addEventListener("htmx:afterSwap", function () {
    var found = document.getElementById("postal-found");
    if (!found) { return; }
    var data = found.dataset;
    if (address && (!address.value || address.value === lastFilled)) {
      address.value = data.address;
      lastFilled = data.address;
    }
    if (prefecture && municipality && data.municipality) {
      if (prefecture.value === data.prefecture && municipality.querySelector('option[value="' + data.municipality + '"]')) {
        chooseMunicipality(data.municipality);
      } else {
        prefecture.value = data.prefecture;
        htmx.ajax("GET", prefecture.getAttribute("hx-get") + "?prefecture=" + encodeURIComponent(data.prefecture),
          { target: municipality, swap: "innerHTML" }).then(function () { chooseMunicipality(data.municipality); });
      }
    }
    if (data.lat && data.lon) {
      var map = document.getElementById("pin-map");
      if (map) {
        map.dispatchEvent(new CustomEvent("sumai:area", { detail: { lat: parseFloat(data.lat), lon: parseFloat(data.lon) } }));
      }
    }
  });
})();
