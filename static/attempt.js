// Attempt pages: a countdown to the server's deadline, and saving answers as they change.
// Both are extras: without JavaScript the page shows the deadline and the buttons save.
(function () {
  "use strict";

  var timer = document.querySelector(".timer[data-deadline]");
  if (timer) {
    var deadline = Date.parse(timer.dataset.deadline);
    var left = timer.querySelector(".timer-left");
    var tick = function () {
      var seconds = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      var minutes = Math.floor(seconds / 60);
      left.textContent = minutes + " min " + String(seconds % 60).padStart(2, "0") + " s";
      if (seconds === 0) {
        left.textContent = "time is up";
        window.clearInterval(handle);
        window.location.reload();
      }
    };
    var handle = window.setInterval(tick, 1000);
    tick();
  }

  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch) { return; }
  var status = form.querySelector(".autosave-status");
  form.addEventListener("change", function () {
    var data = new FormData(form);
    data.set("action", "autosave");
    fetch(form.action || window.location.href, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-Autosave": "1", "X-CSRFToken": data.get("csrf_token") }
    }).then(function (reply) {
      return reply.json().then(function (body) {
        status.textContent = body.saved ? "Answer saved." : (body.error || "Not saved.");
      });
    }).catch(function () {
      status.textContent = "Could not save just now; your answer is saved when you press a button.";
    });
  });
})();
