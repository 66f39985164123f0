// Small progressive enhancements: every action also works without JavaScript.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Filters start open on wide screens, folded on phones.
  if (window.matchMedia("(min-width: 641px)").matches) {
    document.querySelectorAll("details[data-open-wide]").forEach(function (details) { details.open = true; });
  }

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest(".nav-toggle");
    if (toggle) {
      var nav = document.getElementById(toggle.getAttribute("aria-controls"));
      var open = nav.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      return;
    }
    // Demo mode: a demo login fills the sign-in form.
    var demo = event.target.closest("[data-demo-login]");
    if (demo) {
      var login = document.querySelector("input[name=login]");
      var password = document.querySelector("input[name=password]");
      if (login && password) {
        login.value = demo.dataset.demoLogin;
        password.value = demo.dataset.demoPassword;
        password.form.querySelector("button[type=submit]").focus();
      }
      return;
    }
    // "Reply" fills the comment form's parent and moves the focus there.
    var reply = event.target.closest("[data-reply-to]");
    if (reply) {
      var thread = reply.closest("#comment-thread");
      var form = thread && thread.querySelector(".comment-form");
      if (!form) return;
      form.querySelector("[data-reply-parent]").value = reply.dataset.replyTo;
      var label = form.querySelector("[data-reply-label]");
      label.textContent = (document.documentElement.lang === "fr" ? "Réponse à " : "Replying to ") + reply.dataset.replyName;
      label.hidden = false;
      form.querySelector("textarea").focus();
    }
  });

  // Escape folds the person menu and the phone menu, and gives the focus back to their button.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var menu = document.querySelector("details[data-person-menu][open]");
    if (menu) {
      menu.open = false;
      menu.querySelector("summary").focus();
      return;
    }
    var toggle = document.querySelector(".nav-toggle[aria-expanded=true]");
    if (toggle) {
      document.getElementById(toggle.getAttribute("aria-controls")).classList.remove("open");
      toggle.setAttribute("aria-expanded", "false");
      toggle.focus();
    }
  });
  // A click elsewhere folds the person menu.
  document.addEventListener("click", function (event) {
    var menu = document.querySelector("details[data-person-menu][open]");
    if (menu && !menu.contains(event.target)) menu.open = false;
  });

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("[data-confirm]");
    if (form && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  }, true);

  // A limited text field shows its count as one types; past the limit it says by how
  // much (the form refuses it with the same figures: nothing is cut silently).
  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_match, key) { return values[key]; });
  }
  function updateCount(input) {
    var counter = document.getElementById(input.id + "-count");
    var max = parseInt(input.dataset.maxLength, 10);
    var count = Array.from(input.value).length;
    var over = count > max;
    counter.textContent = fill(over ? input.dataset.overLabel : input.dataset.countLabel,
                               {count: count, max: max, over: count - max});
    counter.classList.toggle("char-count-over", over);
    // Read out only when crossing the limit, not at every key.
    if (over !== (input.dataset.over === "true")) {
      input.dataset.over = over ? "true" : "false";
      input.setAttribute("aria-invalid", over || input.dataset.invalidOnLoad === "true" ? "true" : "false");
      document.getElementById(input.id + "-count-alert").textContent = over ? counter.textContent : "";
    }
  }
  document.querySelectorAll("input[data-max-length]").forEach(function (input) {
    var counter = document.createElement("p");
    counter.className = "char-count help";
    counter.id = input.id + "-count";
    var alert = document.createElement("p");
    alert.className = "visually-hidden";
    alert.id = input.id + "-count-alert";
    alert.setAttribute("aria-live", "assertive");
    input.insertAdjacentElement("afterend", alert);
    input.insertAdjacentElement("afterend", counter);
    var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    input.setAttribute("aria-describedby", described.concat([counter.id]).join(" "));
    input.dataset.invalidOnLoad = input.getAttribute("aria-invalid") === "true" ? "true" : "false";
    updateCount(input);
    input.addEventListener("input", function () { updateCount(input); });
  });
})();
