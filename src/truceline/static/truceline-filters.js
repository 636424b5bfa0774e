/* The dashboard's filter (form#filters): changing it puts the filter in the address (a link to
   share or bookmark; back and forward work) and redraws the map, the timeline and the list from
   the page that address serves. Without this script the form is an ordinary GET form and the
   same address gives the same page. */
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form || !window.fetch || !window.DOMParser || !window.history || !window.AbortController) { return; }
  var pending = null;
  var typing = null;

  function queryOf() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) { if (value !== "") { params.append(name, value); } });
    return params.toString();
  }

  function swap(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html");
    document.querySelectorAll("[data-filtered]").forEach(function (old) {
      var next = fresh.getElementById(old.id);
      if (next) { old.replaceWith(document.importNode(next, true)); }
    });
    var data = fresh.getElementById("map-data");
    var mine = document.getElementById("map-data");
    if (data && mine) {
      mine.textContent = data.textContent;
      if (window.trucelineMapShow) { window.trucelineMapShow(JSON.parse(data.textContent)); }
    }
  }

  function load(query, remember) {
    var url = window.location.pathname + (query ? "?" + query : "");
    if (pending) { pending.abort(); }
    pending = new AbortController();
    document.body.setAttribute("data-filter", "loading");
    fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin", signal: pending.signal })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.text();
      })
      .then(function (html) {
        if (remember) { window.history.pushState({ filter: query }, "", url); }
        swap(html);
        document.body.setAttribute("data-filter", "ready");
      })
      .catch(function (error) {
        if (error.name !== "AbortError") { window.location.assign(url); }  // the page says what is wrong
      });
  }

  function changed() {
    var query = queryOf();
    var now = window.location.search.replace(/^\?/, "");
    if (query !== now) { load(query, true); }
  }

  form.addEventListener("change", changed);
  form.addEventListener("input", function (event) {
    if (event.target.name !== "q") { return; }
    window.clearTimeout(typing);
    typing = window.setTimeout(changed, 400);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); changed(); });
  // back and forward: the address changed under the page, so show what it says
  window.addEventListener("popstate", function () { window.location.reload(); });
}());
