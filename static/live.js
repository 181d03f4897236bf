// Live sessions: the page asks the server every second whether the session moved on (a small
// JSON with a version, 304 while nothing changed) and reloads when it did; the server draws
// every screen. The host's page also keeps its counts current. A countdown ticks to the
// server's deadline. Without JavaScript the pages work by reloading them.
(function () {
  "use strict";

  var root = document.querySelector("[data-poll]");
  if (!root) { return; }
  var url = root.getAttribute("data-poll");
  var version = root.getAttribute("data-version");
  var host = root.hasAttribute("data-host");
  var lobby = host && document.querySelector(".live-names");
  var etag = null;
  // The count the page was drawn with: a join between drawing and the first poll still shows.
  var players = root.hasAttribute("data-players") ? Number(root.getAttribute("data-players")) : null;
  var delay = 1000;

  var setCounts = function (data) {
    document.querySelectorAll("[data-count]").forEach(function (el) {
      var value = data[el.getAttribute("data-count")];
      if (value !== undefined) { el.textContent = String(value); }
    });
  };

  var poll = function () {
    var headers = etag ? { "If-None-Match": etag } : {};
    fetch(url, { headers: headers, cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 304) { return null; }
        if (!response.ok) { throw new Error("status " + response.status); }
        etag = response.headers.get("ETag");
        return response.json();
      })
      .then(function (data) {
        delay = 1000;
        if (!data) { return; }
        // A new lobby name brings its Remove button: the server draws the list again.
        var joined = lobby && players !== null && data.players !== players;
        if (String(data.version) !== version || joined) {
          window.location.reload();
          return;
        }
        players = data.players;
        if (host) { setCounts(data); }
      })
      .catch(function () {
        delay = Math.min(delay * 2, 8000); // offline: try less often until the network is back
      })
      .then(function () { window.setTimeout(poll, delay); });
  };
  // Phones that loaded together spread their polls over the first second.
  window.setTimeout(poll, Math.floor(Math.random() * 1000));

  var timer = document.querySelector(".live-timer[data-deadline]");
  if (timer) {
    var offset = Date.parse(timer.getAttribute("data-now")) - Date.now() || 0;
    var deadline = Date.parse(timer.getAttribute("data-deadline"));
    var left = timer.querySelector(".live-timer-left");
    var tick = function () {
      var seconds = Math.max(0, Math.ceil((deadline - (Date.now() + offset)) / 1000));
      left.textContent = seconds + " s";
      if (seconds === 0) {
        window.clearInterval(handle);
        // The server closes the question at its deadline: show what it says now.
        window.setTimeout(function () { window.location.reload(); }, 300);
      }
    };
    var handle = window.setInterval(tick, 1000);
    tick();
  }
})();
