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

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("[data-confirm]");
    if (form && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  }, true);
})();
