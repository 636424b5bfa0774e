// Truceline field form: keeps the form's own files so that it opens without a connection.
// Network first (a fresh page carries a fresh CSRF token), the kept copy when offline.
// The map's files are kept too where the server has them: without Leaflet (no `npm ci`) the form
// works without its map.
"use strict";
const CACHE = "truceline-field-v2";
const SHELL = ["/field/", "/field/app.js", "/field/map.js", "/field/manifest.webmanifest", "/field/icon.svg",
  "/static/truceline.css"];
const MAP = ["/static/vendor/leaflet/leaflet.js", "/static/vendor/leaflet/leaflet.css", "/field/map.json"];
const KEPT = SHELL.concat(MAP);

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(SHELL).then(() => Promise.all(MAP.map((path) => cache.add(path).catch(() => null)))))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || !KEPT.includes(url.pathname)) {
    return; // the API and everything else go to the network as usual
  }
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(url.pathname, copy));
        }
        return response;
      })
      .catch(() => caches.match(url.pathname).then((kept) => kept || Response.error()))
  );
});
