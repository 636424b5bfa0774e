// Truceline field form: keep each report on the device (IndexedDB) with its photos and their
// SHA-256, and send it once a connection is there, under the key chosen when it was kept.
"use strict";
(() => {
  const DB_NAME = "truceline-field";
  const STORE = "outbox";
  const ENDPOINT = "/api/v1/field-reports";
  const form = document.getElementById("field-form");
  const statusLine = document.getElementById("field-status");
  const countLine = document.getElementById("field-count");
  const list = document.getElementById("field-outbox");
  let sending = false;
  const words = JSON.parse((document.getElementById("field-words") || {}).textContent || "{}");

  // A message in the page's language (#field-words), with its {names} filled in from `values`.
  function word(message, values = {}) {
    return (words[message] || message).replace(/\{(\w+)\}/g,
      (whole, name) => (Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole));
  }

  function kindWords(kind) {
    const option = Array.from(form.elements.kind.options).find((o) => o.value === kind);
    return option ? option.textContent : kind.replaceAll("_", " ");
  }

  function openStore() {
    return new Promise((resolve, reject) => {
      const opening = indexedDB.open(DB_NAME, 1);
      opening.onupgradeneeded = () => opening.result.createObjectStore(STORE, { keyPath: "key" });
      opening.onsuccess = () => resolve(opening.result);
      opening.onerror = () => reject(opening.error);
    });
  }

  async function withStore(mode, work) {
    const db = await openStore();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const result = work(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(result && "result" in result ? result.result : undefined);
      tx.onerror = () => reject(tx.error);
    });
  }

  const allKept = () => withStore("readonly", (store) => store.getAll());
  const keep = (report) => withStore("readwrite", (store) => store.put(report));
  const forget = (key) => withStore("readwrite", (store) => store.delete(key));

  async function sha256(buffer) {
    const digest = await crypto.subtle.digest("SHA-256", buffer);
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function newKey() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function say(text) {
    statusLine.textContent = text;
  }

  async function show() {
    const reports = await allKept();
    list.replaceChildren();
    for (const report of reports) {
      const item = document.createElement("li");
      item.dataset.key = report.key;
      const label = `${report.fields.occurred_at.replace("T", " ")} · ${kindWords(report.fields.kind)}` +
        ` · ${word("{n} photo(s)", { n: report.photos.length })}`;
      item.textContent = report.problem ? word("{report} — not sent: {problem}", { report: label, problem: report.problem })
        : word("{report} — waiting", { report: label });
      list.append(item);
    }
    countLine.textContent = reports.length === 0 ? word("No report waiting.") :
      word("{n} report(s) waiting to be sent.", { n: reports.length });
  }

  async function keepForm(event) {
    event.preventDefault();
    const data = new FormData(form);
    if (!data.get("occurred_at")) {
      say(word("Give the date and time it happened."));
      return;
    }
    const fields = {};
    for (const name of ["occurred_at", "kind", "place_id", "place_name", "lat", "lon", "accuracy_m",
      "position_from", "party", "killed", "injured", "note"]) {
      fields[name] = String(data.get(name) || "");
    }
    const photos = [];
    for (const file of form.elements.photos.files) {
      const buffer = await file.arrayBuffer();
      photos.push({ name: file.name, type: file.type || "application/octet-stream",
        blob: new Blob([buffer], { type: file.type }), sha256: await sha256(buffer) });
    }
    await keep({ key: newKey(), saved_at: new Date().toISOString(), fields, photos, problem: null });
    form.reset();
    for (const name of ["lat", "lon", "accuracy_m"]) form.elements[name].value = "";
    form.elements.position_from.value = "device";
    document.getElementById("field-position").textContent = word("not taken");
    say(word("Kept on this device."));
    await show();
    sendKept();
  }

  async function sendOne(report) {
    const body = new FormData();
    body.append("key", report.key);
    body.append("saved_at", report.saved_at);
    for (const [name, value] of Object.entries(report.fields)) body.append(name, value);
    for (const photo of report.photos) {
      body.append("photos", photo.blob, photo.name);
      body.append("photo_sha256", photo.sha256);
    }
    const token = document.querySelector('meta[name="csrf-token"]').content;
    return fetch(ENDPOINT, { method: "POST", body, credentials: "same-origin",
      headers: { "X-CSRF-Token": token, "Accept": "application/json" } });
  }

  async function sendKept() {
    if (sending || !navigator.onLine) {
      if (!navigator.onLine) say(word("No connection: reports stay on this device until it returns."));
      return;
    }
    sending = true;
    try {
      let sent = 0;
      for (const report of await allKept()) {
        if (report.problem) continue;
        let response;
        try {
          response = await sendOne(report);
        } catch {
          say(word("The connection dropped: the reports stay on this device."));
          return;
        }
        if (response.ok) {
          await forget(report.key);
          sent += 1;
        } else if (response.status === 401 || response.status === 403) {
          say(word("Log in again (while connected) and reopen this page to send the reports kept here."));
          return;
        } else if (response.status === 503 || response.status === 429) {
          say(word("The server is busy: sending again shortly."));
          return;
        } else {
          let message = word("refused ({status})", { status: response.status });
          try {
            message = (await response.json()).error.message;
          } catch { /* keep the status */ }
          report.problem = message;
          await keep(report);
        }
      }
      if (sent) say(word("{n} report(s) sent to the review queue.", { n: sent }));
    } finally {
      sending = false;
      await show();
    }
  }

  function locate() {
    const output = document.getElementById("field-position");
    if (!navigator.geolocation) {
      output.textContent = word("this device cannot give its position");
      return;
    }
    output.textContent = word("finding the position…");
    navigator.geolocation.getCurrentPosition((position) => {
      const { latitude, longitude, accuracy } = position.coords;
      form.elements.lat.value = latitude.toFixed(6);
      form.elements.lon.value = longitude.toFixed(6);
      form.elements.accuracy_m.value = Math.round(accuracy);
      form.elements.position_from.value = "device";
      output.textContent = `${latitude.toFixed(5)}, ${longitude.toFixed(5)} (±${Math.round(accuracy)} m)`;
    }, (error) => { output.textContent = word("no position: {why}", { why: error.message }); },
    { enableHighAccuracy: true, timeout: 20000 });
  }

  if (form) {
    form.addEventListener("submit", keepForm);
    document.getElementById("field-locate").addEventListener("click", locate);
    window.addEventListener("online", sendKept);
    window.addEventListener("offline", () => say(word("No connection: reports stay on this device until it returns.")));
    setInterval(sendKept, 30000);
    show().then(sendKept);
  }
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/field/sw.js", { scope: "/field/" }).catch(() => {
      say(word("This browser cannot keep the form for offline use; reports are still kept on the device."));
    });
  }
})();
