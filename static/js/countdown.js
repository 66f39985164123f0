// Ticks the countdown of a challenge page. The server already wrote the remaining time;
// without JavaScript the page shows that figure, which is right to the minute when served.
(function () {
  "use strict";
  var node = document.querySelector("[data-countdown]");
  if (!node) { return; }
  var text = node.querySelector("[data-countdown-text]");
  var end = Date.now() + 1000 * parseInt(node.getAttribute("data-countdown-seconds"), 10);
  var fr = document.documentElement.lang === "fr";
  function render() {
    var left = Math.max(0, Math.floor((end - Date.now()) / 1000));
    var days = Math.floor(left / 86400), hours = Math.floor((left % 86400) / 3600);
    var minutes = Math.floor((left % 3600) / 60), seconds = left % 60;
    text.textContent = days + (fr ? " j " : " d ") + hours + " h " + minutes + " min " + seconds + " s";
    if (left === 0) { window.clearInterval(timer); }
  }
  var timer = window.setInterval(render, 1000);
  render();
})();
