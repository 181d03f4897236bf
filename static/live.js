// Live sessions: the page asks the server every second whether the session moved on (a small
// JSON with a version, 304 while nothing changed) and reloads when it did; the server draws
// every screen. The host's page also keeps its counts current, and its lobby adds who joined
// in place. A countdown ticks to the server's deadline. Without JavaScript the pages work by
// reloading them.
(function () {
  "use strict";

  var root = document.querySelector("[data-poll]");
  if (!root) { return; }
  var url = root.getAttribute("data-poll");
  var version = root.getAttribute("data-version");
  var host = root.hasAttribute("data-host");
  var lobby = host && document.querySelector(".live-names");
  var etag = null;
  var delay = 1000;

  var setCounts = function (data) {
    document.querySelectorAll("[data-count]").forEach(function (el) {
      var value = data[el.getAttribute("data-count")];
      if (value !== undefined) { el.textContent = String(value); }
    });
  };

  // The lobby: a screen reader hears how many joined, at most every few seconds, never thirty
  // names at once; the first news is said at once.
  var news = document.querySelector("[data-joined-news]");
  var pending = 0;
  var inRoom = 0;
  var saidAt = 0;
  var saying = null;
  var announce = function (joined, total) {
    pending += joined;
    inRoom = total;
    if (saying || !news) { return; }
    saying = window.setTimeout(function () {
      news.textContent = pending + (pending === 1 ? " player" : " players") + " joined; " +
        inRoom + " in the room.";
      pending = 0;
      saidAt = Date.now();
      saying = null;
    }, Math.max(0, saidAt + 5000 - Date.now()));
  };

  // Add the players the poll names that the list lacks, each with its Remove button.
  var drawLobby = function (players) {
    var shown = {};
    lobby.querySelectorAll("li[data-player]").forEach(function (li) {
      shown[li.getAttribute("data-player")] = li;
    });
    var blank = document.getElementById("live-name");
    var joined = 0;
    players.forEach(function (player) {
      var id = String(player.id);
      if (shown[id]) { delete shown[id]; return; }
      var li = blank.content.firstElementChild.cloneNode(true);
      li.setAttribute("data-player", id);
      li.querySelector(".live-name").textContent = player.name;
      li.querySelector(".visually-hidden").textContent = " " + player.name;
      var form = li.querySelector("form");
      form.setAttribute("action", form.getAttribute("action").replace(/\/players\/0\/remove$/, "/players/" + id + "/remove"));
      lobby.appendChild(li);
      joined += 1;
    });
    Object.keys(shown).forEach(function (id) { shown[id].remove(); });
    if (joined) { announce(joined, players.length); }
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
        if (String(data.version) !== version) {
          window.location.reload();
          return;
        }
        if (lobby && data.lobby) { drawLobby(data.lobby); }
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
