/* Pipeline decision forms: show the benefit fields only for a deployment, and suggest
   owners as you type (the forms work without this: type the e-mail address). */
(function () {
  "use strict";

  function toggleBenefit(form) {
    var stage = form.querySelector("[data-pipeline-stage]");
    var benefit = form.querySelector("[data-pipeline-benefit]");
    if (!stage || !benefit) return;
    var deployed = stage.value === "deployed";
    benefit.hidden = !deployed;
    benefit.disabled = !deployed;
  }

  var pending = null;
  function suggestOwners(input, url) {
    var list = document.getElementById("pipeline-people");
    var search = input.value.trim();
    if (!list || search.length < 2 || search.indexOf("@") !== -1) return;
    if (pending) pending.abort();
    pending = new AbortController();
    fetch(url + "?q=" + encodeURIComponent(search), {
      credentials: "same-origin", headers: { "Accept": "application/json" }, signal: pending.signal
    }).then(function (response) {
      return response.ok ? response.json() : { results: [] };
    }).then(function (data) {
      list.replaceChildren();
      data.results.forEach(function (person) {
        var option = document.createElement("option");
        option.value = person.email;
        option.label = person.entity ? person.name + " · " + person.entity : person.name;
        list.appendChild(option);
      });
    }).catch(function () { /* a newer search replaced this one */ });
  }

  function setUp(form) {
    if (form.dataset.pipelineReady) return;
    form.dataset.pipelineReady = "1";
    toggleBenefit(form);
    var stage = form.querySelector("[data-pipeline-stage]");
    if (stage) stage.addEventListener("change", function () { toggleBenefit(form); });
    var owner = form.querySelector(".owner-picker");
    var timer = null;
    if (owner) owner.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { suggestOwners(owner, form.dataset.peopleUrl); }, 200);
    });
  }

  function init() {
    document.querySelectorAll("[data-pipeline-form]").forEach(setUp);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
