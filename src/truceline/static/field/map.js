// Truceline field form: the offline map. Leaflet (served by Truceline from node_modules) draws the
// conflict's territories, lines and gazetteer places from /field/map.json, with no tile layer, so
// that it works without a connection once the service worker has kept both. Tapping the map sets
// the report's latitude and longitude as a point picked on the map (an exact point).
"use strict";
(() => {
  const host = document.getElementById("field-map");
  const form = document.getElementById("field-form");
  if (!host || !form) return;
  const output = document.getElementById("field-position");
  const language = document.documentElement.lang || "en";
  const words = JSON.parse((document.getElementById("field-words") || {}).textContent || "{}");
  const word = (message) => words[message] || message; // in the page's language (#field-words)

  function unavailable(text) {
    const notice = document.createElement("p");
    notice.className = "notice";
    notice.id = "field-map-missing";
    notice.textContent = text;
    host.replaceWith(notice);
  }

  if (typeof L === "undefined") {
    unavailable(word("The map's script is not on this device: pick a place from the list or use the device's position."));
    return;
  }

  function nameOf(place) {
    return place.names[language] || Object.values(place.names)[0] || place.id;
  }

  function draw(doc) {
    const map = L.map(host, { zoomSnap: 0.5, minZoom: 5, maxZoom: 17, attributionControl: true });
    map.attributionControl.setPrefix(false);
    if (doc.attribution) map.attributionControl.addAttribution(doc.attribution);
    map.fitBounds(doc.bounds, { padding: [6, 6] });
    const fills = ["#eef2e6", "#f3ece1", "#e8eef3"]; // each side of the line its own ground
    L.geoJSON(doc.territories, {
      interactive: false,
      style: (feature) => ({ color: "#a6acaf", weight: 0.5, fillOpacity: 1,
        fillColor: fills[doc.territories.features.indexOf(feature) % fills.length] }),
    }).addTo(map);
    L.geoJSON(doc.lines, { interactive: false, style: { color: "#6c3483", weight: 2.5, dashArray: "6 3" } }).addTo(map);
    const places = L.layerGroup();
    for (const place of doc.places) {
      L.circleMarker([place.lat, place.lon], { radius: 3, color: "#17202a", weight: 1, fillColor: "#fff",
        fillOpacity: 1, interactive: false })
        .bindTooltip(nameOf(place), { permanent: true, direction: "right", className: "place-label", offset: [4, 0] })
        .addTo(places);
    }
    const showPlaces = () => (map.getZoom() >= 9 ? places.addTo(map) : map.removeLayer(places));
    map.on("zoomend", showPlaces);
    showPlaces();

    let picked = null;
    map.on("click", (event) => {
      const { lat, lng } = event.latlng;
      form.elements.lat.value = lat.toFixed(6);
      form.elements.lon.value = lng.toFixed(6);
      form.elements.accuracy_m.value = "";
      form.elements.position_from.value = "map";
      if (picked) picked.setLatLng(event.latlng);
      else picked = L.circleMarker(event.latlng, { radius: 8, color: "#c0392b", weight: 3, fillOpacity: 0.3 }).addTo(map);
      output.textContent = `${lat.toFixed(5)}, ${lng.toFixed(5)} ${word("(picked on the map)")}`;
    });
    form.addEventListener("reset", () => {
      if (picked) picked.remove();
      picked = null;
    });
    host.dataset.ready = "true";
  }

  fetch(host.dataset.src, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then((response) => {
      if (!response.ok) throw new Error(`the map's data: ${response.status}`);
      return response.json();
    })
    .then(draw)
    .catch(() => unavailable(word("The map's data is not on this device yet: open this page once while connected.")));
})();
