/* The dashboard's interactive map: Leaflet and leaflet.markercluster (served from node_modules
   under /static/vendor), drawing the JSON document the page carries (#map-data). No tiles: the
   territories, lines, places and incidents are all the map shows. Every word it shows comes from
   the document's `labels`, in the reader's language (truceline.publish.mapdata.MAP_WORDS, and each
   incident's day as the reader's language writes dates), with the names in braces ({n}, {km} …)
   filled in here. */
(function () {
  "use strict";
  var host = document.getElementById("live-map");
  var data = document.getElementById("map-data");
  if (!host || !data || typeof L === "undefined") { return; }
  var doc = JSON.parse(data.textContent);
  var map = L.map(host, { zoomSnap: 0.5, minZoom: 5, maxZoom: 16, attributionControl: true });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(doc.attribution);
  map.fitBounds(doc.bounds, { padding: [10, 10] });

  var territoryFill = ["#eef2e6", "#f3ece1", "#e8eef3"];
  L.geoJSON(doc.territories, {
    interactive: false,
    style: function (f) {
      var i = doc.territories.features.indexOf(f) % territoryFill.length;
      return { color: "#a6acaf", weight: 0.5, fillColor: territoryFill[i], fillOpacity: 1 };
    }
  }).addTo(map);
  L.geoJSON(doc.lines, {
    style: { color: "#6c3483", weight: 2.5, dashArray: "6 3" },
    onEachFeature: function (f, layer) { layer.bindTooltip(f.properties.name, { sticky: true }); }
  }).addTo(map);

  /* A label with its {names} filled in from `values`. */
  function fill(label, values) {
    return label.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }
  var labels = doc.labels;
  function text(s) { var d = document.createElement("div"); d.textContent = s; return d.innerHTML; }
  function placeLabel(p) {
    var order = Object.keys(p.names);
    return order.map(function (lang) {
      return '<span lang="' + lang + '">' + text(p.names[lang]) + "</span>";
    }).join("<br>");
  }
  /* Place names: the most important places (provinces, then cities and districts, then towns) are
     named from a wider view than the rest (doc.places[].min_zoom); where two names would overlap,
     the more important one is shown. */
  var places = L.layerGroup();
  var ranked = doc.places.slice().sort(function (a, b) { return a.rank - b.rank || (a.id < b.id ? -1 : 1); });
  ranked.forEach(function (p) {
    p.layer = L.circleMarker([p.lat, p.lon], { radius: 3, color: "#17202a", weight: 1, fillColor: "#fff", fillOpacity: 1 })
      .bindTooltip(placeLabel(p), {
        permanent: true, direction: "right", offset: [4, 0], className: "place-label place-rank-" + p.rank
      });
  });
  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }
  function showPlaces() {
    if (!map.hasLayer(places)) { return; }
    var zoom = map.getZoom();
    var kept = [];
    ranked.forEach(function (p) {
      if (zoom < p.min_zoom) { places.removeLayer(p.layer); return; }
      places.addLayer(p.layer);
      var tip = p.layer.getTooltip() && p.layer.getTooltip().getElement();
      if (!tip) { return; }
      var box = tip.getBoundingClientRect();
      if (kept.some(function (k) { return overlaps(k, box); })) { places.removeLayer(p.layer); return; }
      kept.push(box);
      tip.setAttribute("data-place", p.id);
    });
    host.setAttribute("data-places-shown", String(kept.length));
  }
  places.addTo(map);
  map.on("zoomend", showPlaces);
  map.on("overlayadd", function (e) { if (e.layer === places) { showPlaces(); } });

  function figures(i) {
    var parts = [];
    if (i.killed !== null) { parts.push(fill(labels.killed, { n: i.killed })); }
    if (i.injured !== null) { parts.push(fill(labels.injured, { n: i.injured })); }
    return parts.length ? " · " + parts.join(", ") : "";
  }
  function popup(i) {
    return '<a href="/incidents/' + encodeURIComponent(i.id) + '">' + text((labels.dates[i.date] || i.date) + " · " + (labels.kinds[i.kind] || i.kind_label)) +
      "</a><br>" + text(i.place + (i.radius_km ? " " + fill(labels.within_km, { km: i.radius_km }) : "") + figures(i));
  }
  var clusters = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 });
  var areas = L.layerGroup().addTo(map);
  var byId = {};
  /* Draw the incidents of a map document (the page's own, or a new filter's: see truceline-filters.js). */
  function showIncidents(next) {
    if (next.labels) { labels = next.labels; }
    clusters.clearLayers();
    areas.clearLayers();
    byId = {};
    next.incidents.forEach(function (i) {
      var layer;
      if (i.radius_km) {
        layer = L.circle([i.lat, i.lon], {
          radius: i.radius_km * 1000, color: i.colour, weight: 1, fillColor: i.colour, fillOpacity: 0.08,
          className: "incident-area"
        }).bindPopup(popup(i)).addTo(areas);
      } else {
        layer = L.circleMarker([i.lat, i.lon], {
          radius: 7, color: "#17202a", weight: 1, fillColor: i.colour, fillOpacity: 0.9, className: "incident-point"
        }).bindPopup(popup(i));
        clusters.addLayer(layer);
      }
      layer.on("add", function () { var el = layer.getElement(); if (el) { el.setAttribute("data-id", i.id); } });
      byId[i.id] = layer;
    });
    Object.keys(byId).forEach(function (id) {
      var el = byId[id].getElement && byId[id].getElement();
      if (el) { el.setAttribute("data-id", id); }
    });
    host.setAttribute("data-incidents", String(next.incidents.length));
    host.setAttribute("data-unplaced", String(next.unplaced.length));
    host.setAttribute("aria-label", fill(labels.region, {
      title: host.getAttribute("data-title"), placed: next.incidents.length, unplaced: next.unplaced.length
    }));
  }
  map.addLayer(clusters);
  showIncidents(doc);
  var overlays = {};
  overlays[labels.place_names] = places;
  overlays[labels.at_a_point] = clusters;
  overlays[labels.in_an_area] = areas;
  L.control.layers(null, overlays, { collapsed: window.innerWidth < 600 }).addTo(map);
  L.control.scale({ imperial: false }).addTo(map);
  showPlaces();

  var focus = new URLSearchParams(window.location.search).get("focus");
  if (focus && byId[focus]) {
    var target = byId[focus];
    if (target instanceof L.Circle) {
      map.fitBounds(target.getBounds());
      target.openPopup();
    } else {
      clusters.zoomToShowLayer(target, function () { target.openPopup(); });
    }
  }
  host.setAttribute("data-ready", "1");
  window.trucelineMap = map;
  window.trucelineMapShow = showIncidents;
}());
