/* @mentions in the comment box: type "@" and two letters of a colleague's name, pick them
   in the list (arrows, Enter or Tab; Escape closes) and "@[Their Name](id)" is written,
   which the page shows as a link to their profile. Without JavaScript the same text
   can be typed by hand. The list follows the ARIA combobox-with-listbox pattern. */
(function () {
  "use strict";

  var meta = document.querySelector('meta[name="multitude-live"]');
  if (!meta || !meta.dataset.peopleUrl) return;
  var SELECTOR = ".comment-form textarea, form[action*='/comments/'] textarea[name='body']";
  var TOKEN = /(^|\s)@([^\s@\[\]()]{2,30}(?: [^\s@\[\]()]{0,30})?)$/;
  var french = (document.documentElement.lang || "").indexOf("fr") === 0;
  var counter = 0;
  var state = null;  // {textarea, list, status, people, active, start, controller, timer}

  function describe(count) {
    if (french) return count ? count + " suggestion" + (count > 1 ? "s" : "") + ", flèches pour choisir" : "Aucune personne trouvée";
    return count ? count + " suggestion" + (count > 1 ? "s" : "") + ", use the arrows to choose" : "Nobody found";
  }

  function setUp(textarea) {
    if (textarea.dataset.mentionsReady) return;
    textarea.dataset.mentionsReady = "1";
    counter += 1;
    var list = document.createElement("ul");
    list.id = "mention-list-" + counter;
    list.className = "mention-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", french ? "Personnes à mentionner" : "People to mention");
    list.hidden = true;
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    textarea.insertAdjacentElement("afterend", list);
    list.insertAdjacentElement("afterend", status);
    textarea.setAttribute("aria-autocomplete", "list");
    textarea.setAttribute("aria-controls", list.id);
    textarea.setAttribute("aria-expanded", "false");
    textarea.mentions = { list: list, status: status };
  }

  function close() {
    if (!state) return;
    state.list.hidden = true;
    state.list.replaceChildren();
    state.textarea.setAttribute("aria-expanded", "false");
    state.textarea.removeAttribute("aria-activedescendant");
    if (state.controller) state.controller.abort();
    state = null;
  }

  function highlight(index) {
    var options = state.list.querySelectorAll("[role=option]");
    if (!options.length) return;
    state.active = (index + options.length) % options.length;
    options.forEach(function (option, i) { option.setAttribute("aria-selected", i === state.active ? "true" : "false"); });
    state.textarea.setAttribute("aria-activedescendant", options[state.active].id);
    options[state.active].scrollIntoView({ block: "nearest" });
  }

  function choose(index) {
    var person = state.people[index];
    if (!person) return;
    var textarea = state.textarea;
    var caret = textarea.selectionStart;
    var name = person.name.replace(/[\[\]()]/g, "");
    var insert = "@[" + name + "](" + person.id + ") ";
    textarea.value = textarea.value.slice(0, state.start) + insert + textarea.value.slice(caret);
    var position = state.start + insert.length;
    textarea.setSelectionRange(position, position);
    close();
    textarea.focus();
  }

  function show(textarea, start, people) {
    var parts = textarea.mentions;
    state = state && state.textarea === textarea ? state : { textarea: textarea, list: parts.list, status: parts.status };
    state.people = people;
    state.start = start;
    state.active = -1;
    state.list.replaceChildren();
    people.forEach(function (person, i) {
      var option = document.createElement("li");
      option.id = state.list.id + "-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.textContent = person.entity ? person.name + " · " + person.entity : person.name;
      // mousedown, not click: the textarea keeps the focus.
      option.addEventListener("mousedown", function (event) { event.preventDefault(); choose(i); });
      state.list.appendChild(option);
    });
    state.list.hidden = !people.length;
    textarea.setAttribute("aria-expanded", people.length ? "true" : "false");
    state.status.textContent = describe(people.length);
  }

  function search(textarea) {
    var before = textarea.value.slice(0, textarea.selectionStart);
    var match = TOKEN.exec(before);
    if (!match) { close(); return; }
    var start = before.length - match[2].length - 1;
    if (state && state.controller) state.controller.abort();
    var controller = new AbortController();
    fetch(meta.dataset.peopleUrl + "?q=" + encodeURIComponent(match[2]), {
      credentials: "same-origin", headers: { "Accept": "application/json" }, signal: controller.signal
    }).then(function (response) {
      return response.ok ? response.json() : { results: [] };
    }).then(function (data) {
      show(textarea, start, data.results || []);
    }).catch(function () { /* a newer search replaced this one */ });
    if (state) state.controller = controller;
  }

  var timer = null;
  document.addEventListener("input", function (event) {
    var textarea = event.target.closest && event.target.closest(SELECTOR);
    if (!textarea) return;
    setUp(textarea);
    window.clearTimeout(timer);
    // Wait for a pause in typing: one request per word, not per key.
    timer = window.setTimeout(function () { search(textarea); }, 250);
  });

  document.addEventListener("keydown", function (event) {
    if (!state || event.target !== state.textarea || state.list.hidden) return;
    if (event.key === "ArrowDown") { event.preventDefault(); highlight(state.active + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); highlight(state.active - 1); }
    else if ((event.key === "Enter" || event.key === "Tab") && state.active >= 0) { event.preventDefault(); choose(state.active); }
    else if (event.key === "Escape") { event.preventDefault(); close(); }
  });

  document.addEventListener("focusout", function (event) {
    if (state && event.target === state.textarea) window.setTimeout(function () {
      if (state && document.activeElement !== state.textarea) close();
    }, 100);
  });
})();
