/* Similar ideas while typing: as the title (and description) of an idea is written, the
   form lists up to five existing ideas that resemble it, so the author may support or
   comment on one of them instead. The form works without this script. */
(function () {
  "use strict";

  var WAIT_MS = 450;
  var MIN_LENGTH = 4;

  function setUp(box) {
    var form = box.closest("form");
    var title = form && form.querySelector("[name=title]");
    var body = form && form.querySelector("[name=body]");
    var list = box.querySelector("[data-similar-list]");
    var panel = box.querySelector("[data-similar-panel]");
    var status = box.querySelector("[data-similar-status]");
    if (!title || !list || !panel || !status) return;
    var timer = null;
    var pending = null;
    var lastAsked = "";

    function render(results) {
      list.replaceChildren();
      results.forEach(function (idea) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = idea.url;
        link.textContent = idea.title;
        var meta = document.createElement("span");
        meta.className = "hint";
        meta.textContent = " · " + idea.stage_label + " · " + idea.supports_label;
        item.appendChild(link);
        item.appendChild(meta);
        list.appendChild(item);
      });
      panel.hidden = results.length === 0;
      status.textContent = results.length ? box.dataset.foundText : "";
    }

    function ask() {
      var params = new URLSearchParams();
      params.set("title", title.value.trim());
      if (body) params.set("body", body.value.trim().slice(0, 600));
      if (box.dataset.exclude) params.set("exclude", box.dataset.exclude);
      var query = params.toString();
      if (query === lastAsked) return;
      lastAsked = query;
      if (title.value.trim().length < MIN_LENGTH) { render([]); return; }
      if (pending) pending.abort();
      pending = new AbortController();
      fetch(box.dataset.similarUrl + "?" + query, {
        credentials: "same-origin", headers: { "Accept": "application/json" }, signal: pending.signal
      }).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (data) {
        if (data) render(data.results);
      }).catch(function () { /* a newer request replaced this one */ });
    }

    function later() {
      clearTimeout(timer);
      timer = setTimeout(ask, WAIT_MS);
    }

    title.addEventListener("input", later);
    if (body) body.addEventListener("input", later);
    if (title.value.trim()) ask();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-similar-url]").forEach(setUp);
  });
})();
