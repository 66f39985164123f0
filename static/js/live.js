/* Live updates over one websocket (/ws/live/): the unread count in the navigation, the
   supports, comments and stage of an open idea page, and news in the moderation queues.
   Everything works without it: the pages are complete when served, this only spares a
   reload. After a dropped connection it reconnects, waiting longer each time. */
(function () {
  "use strict";

  var meta = document.querySelector('meta[name="multitude-live"]');
  if (!meta) return;
  var french = (document.documentElement.lang || "").indexOf("fr") === 0;
  var words = french
    ? { reload: "Recharger", newComment: "Nouveau commentaire publié.", queue: "Du nouveau dans la file : rechargez pour le voir.",
        changed: "Cette idée a changé : rechargez la page pour la voir telle qu'elle est." }
    : { reload: "Reload", newComment: "A new comment was posted.", queue: "Something new in the queue: reload to see it.",
        changed: "This idea has changed: reload the page to see it as it is now." };

  // --- The bell -----------------------------------------------------------------------
  function showUnread(count) {
    document.querySelectorAll("[data-live-bell]").forEach(function (bell) {
      var badge = bell.querySelector("[data-unread-count]");
      var figure = bell.querySelector("[data-unread-figure]");
      if (!badge || !figure) return;
      figure.textContent = count > 99 ? "99+" : String(count);
      badge.hidden = !count;
    });
  }

  function fetchUnread() {
    fetch(meta.dataset.unreadUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) showUnread(data.count); })
      .catch(function () { /* the page still shows everything; the bell stays as it is */ });
  }

  // --- A polite announcement for screen readers, and a banner with a reload button -----
  var announcer = null;
  function announce(text) {
    if (!announcer) {
      announcer = document.createElement("p");
      announcer.className = "visually-hidden";
      announcer.setAttribute("role", "status");
      document.body.appendChild(announcer);
    }
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }

  function banner(anchor, text, id) {
    if (!anchor || !text) return;
    var existing = document.getElementById(id);
    if (existing) {
      existing.querySelector("span").textContent = text;
      return;
    }
    var box = document.createElement("div");
    box.className = "live-banner";
    box.id = id;
    box.setAttribute("role", "status");
    var label = document.createElement("span");
    label.textContent = text;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.textContent = words.reload;
    button.addEventListener("click", function () { window.location.reload(); });
    box.appendChild(label);
    box.appendChild(document.createTextNode(" "));
    box.appendChild(button);
    anchor.parentNode.insertBefore(box, anchor);
  }

  // --- The idea page ---------------------------------------------------------------------
  var ideaRoot = document.querySelector("[data-live-idea]");
  var ideaId = ideaRoot ? parseInt(ideaRoot.dataset.liveIdea, 10) : null;

  function commentUrl(id) {
    return meta.dataset.commentUrl.replace(/\/0\/$/, "/" + id + "/");
  }

  function fetchComment(id) {
    return fetch(commentUrl(id), { credentials: "same-origin", headers: { "HX-Request": "true" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) return null;
        var template = document.createElement("template");
        template.innerHTML = html.trim();
        return template.content.querySelector("article.comment");
      });
  }

  function setCommentTitle(label) {
    var title = document.getElementById("comments-title");
    if (title && label) title.textContent = label;
  }

  function addComment(message) {
    if (document.getElementById("comment-" + message.comment)) return;  // this page sent it
    fetchComment(message.comment).then(function (article) {
      if (!article || document.getElementById("comment-" + message.comment)) return;
      var item = document.createElement("li");
      item.appendChild(article);
      var list = null;
      if (message.parent) {
        var parent = document.getElementById("comment-" + message.parent);
        var parentItem = parent && parent.closest("li");
        if (!parentItem) return;
        list = parentItem.querySelector(":scope > ol.replies");
        if (!list) {
          list = document.createElement("ol");
          list.className = "replies";
          parentItem.appendChild(list);
        }
      } else {
        list = document.querySelector("#comment-thread ol.comments");
        if (!list) return;
        var empty = list.querySelector(":scope > li.empty");
        if (empty) empty.remove();
      }
      list.appendChild(item);
      if (window.htmx) window.htmx.process(item);
      setCommentTitle(message.comment_count_label);
      announce(words.newComment);
    });
  }

  function replaceComment(message) {
    setCommentTitle(message.comment_count_label);
    if (!document.getElementById("comment-" + message.comment)) return;
    fetchComment(message.comment).then(function (article) {
      var current = document.getElementById("comment-" + message.comment);
      if (article && current) current.replaceWith(article);
    });
  }

  function showSupports(message) {
    var box = document.getElementById("support-" + message.idea);
    var figure = box && box.querySelector("[data-support-count]");
    if (!figure) return;
    figure.textContent = String(message.count);
    // The word after the figure ("support"/"supports") follows the count.
    var word = figure.nextSibling;
    if (word && word.nodeType === Node.TEXT_NODE && message.label) word.textContent = " " + message.label + " ";
  }

  function showStage(message) {
    var badge = ideaRoot.querySelector(".idea-head .stage");
    if (badge) {
      badge.className = "stage stage-" + message.stage;
      badge.textContent = message.label;
    }
    banner(ideaRoot, message.notice, "live-idea-notice");
  }

  // --- The socket -------------------------------------------------------------------------
  var socket = null;
  var attempts = 0;
  var stopped = false;

  function handle(message) {
    switch (message.type) {
      case "unread": showUnread(message.count); break;
      case "support": showSupports(message); break;
      case "comment.posted": addComment(message); break;
      case "comment.changed": replaceComment(message); break;
      case "stage": showStage(message); break;
      case "idea.hidden":
      case "idea.restored":
      case "merged":
        // Someone who may no longer see the idea is told no more than that it changed.
        banner(ideaRoot, message.notice || words.changed, "live-idea-notice"); break;
      case "queue.submitted":
      case "queue.decided":
      case "queue.flagged":
        banner(document.querySelector("[data-live-queue]"), message.notice || words.queue, "live-queue-notice"); break;
    }
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    try {
      socket = new WebSocket(scheme + window.location.host + meta.getAttribute("content"));
    } catch (error) {
      fetchUnread();
      return;
    }
    var opened = false;
    socket.addEventListener("open", function () {
      opened = true;
      attempts = 0;
      socket.send(JSON.stringify({ lang: document.documentElement.lang }));
      if (ideaId) socket.send(JSON.stringify({ action: "subscribe", idea: ideaId }));
      if (document.querySelector("[data-live-queue]")) socket.send(JSON.stringify({ action: "subscribe", queue: true }));
    });
    socket.addEventListener("message", function (event) {
      try { handle(JSON.parse(event.data)); } catch (error) { /* ignore a message we cannot read */ }
    });
    socket.addEventListener("close", function (event) {
      socket = null;
      if (!opened && attempts === 0) fetchUnread();
      if (stopped || event.code === 4401) return;  // leaving the page, or signed out
      // 1 s, 2 s, 4 s ... up to 30 s, with jitter so that a restarted server is not stormed.
      var delay = Math.min(30000, 1000 * Math.pow(2, attempts)) * (0.5 + Math.random() / 2);
      attempts += 1;
      window.setTimeout(connect, delay);
    });
  }

  window.addEventListener("pagehide", function () { stopped = true; if (socket) socket.close(); });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && !socket) { stopped = false; attempts = 0; connect(); }
  });

  function init() {
    if (!("WebSocket" in window)) { fetchUnread(); return; }
    connect();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
