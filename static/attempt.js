// Attempt pages: a countdown to the server's deadline, answers saved as they change, and what is
// on screen sent when time runs out. All extras: without JavaScript the page shows the deadline
// and the buttons save.
(function () {
  "use strict";

  var form = document.querySelector("form.question-form");

  // A link to #feedback or #q3 moves focus there, not only the scroll position.
  var focusTarget = function () {
    var id = window.location.hash.slice(1);
    var target = id && document.getElementById(id);
    if (target) {
      target.focus({ preventScroll: true });
      target.scrollIntoView({ block: "start" });
    }
  };
  window.addEventListener("hashchange", focusTarget);
  focusTarget();

  // The address answers go to: the form's own attribute (form.action would return a control
  // named "action" instead, and autosave once posted to "[object RadioNodeList]").
  var saveUrl = form && (form.getAttribute("data-save-url") || form.getAttribute("action"));

  var timer = document.querySelector(".timer[data-deadline]");
  if (timer) {
    // The server's clock decides; the page corrects for the difference with this device's clock.
    var offset = Date.parse(timer.dataset.now) - Date.now() || 0;
    var deadline = Date.parse(timer.dataset.deadline);
    var left = timer.querySelector(".timer-left");
    var announce = document.querySelector(".timer-announce");
    var announced = {};
    var handle;
    var timeUp = function () {
      left.textContent = "time is up";
      window.clearInterval(handle);
      if (announce) { announce.textContent = "Time is up: your answers on this page are being sent."; }
      if (form && saveUrl) {
        // Send what is on screen, chosen or typed, saved or not; the server grades it.
        var action = document.createElement("input");
        action.type = "hidden";
        action.name = "action";
        action.value = "timeup";
        form.querySelectorAll("button[name=action]").forEach(function (b) { b.disabled = true; });
        form.appendChild(action);
        form.submit();
      } else {
        window.location.reload();
      }
    };
    var tick = function () {
      var seconds = Math.max(0, Math.round((deadline - (Date.now() + offset)) / 1000));
      var minutes = Math.floor(seconds / 60);
      var hours = Math.floor(minutes / 60);
      // A quiz that closes days away reads in days and hours, not in thousands of minutes.
      if (hours >= 48) {
        left.textContent = Math.floor(hours / 24) + " days " + (hours % 24) + " h";
      } else if (hours >= 1) {
        left.textContent = hours + " h " + String(minutes % 60).padStart(2, "0") + " min";
      } else {
        left.textContent = minutes + " min " + String(seconds % 60).padStart(2, "0") + " s";
      }
      [5, 1].forEach(function (mark) {
        if (seconds <= mark * 60 && seconds > 0 && !announced[mark]) {
          announced[mark] = true;
          if (announce && seconds > mark * 60 - 5) {
            announce.textContent = mark + (mark === 1 ? " minute left." : " minutes left.");
          }
        }
      });
      if (seconds === 0) { timeUp(); }
    };
    handle = window.setInterval(tick, 1000);
    tick();
  }

  if (!form || !saveUrl || !form.hasAttribute("data-autosave") || !window.fetch) { return; }
  var status = document.querySelector(".autosave-status");
  var count = document.querySelector(".answered-count");

  // Each question's own line says what could not be read, where the student is looking.
  var showErrors = function (errors) {
    form.querySelectorAll(".autosave-error").forEach(function (line) {
      line.textContent = (errors && errors[line.dataset.question]) || "";
    });
  };
  var state = { timer: null, sending: false, again: false, retry: 0, dirty: false };

  var show = function (text, kind) {
    status.textContent = text;
    status.className = "autosave-status" + (kind ? " autosave-status--" + kind : "");
  };

  var body = function () {
    var data = new FormData(form);
    data.set("action", "autosave");
    return data;
  };

  var send = function () {
    state.timer = null;
    if (state.sending) { state.again = true; return; }
    state.sending = true;
    state.again = false;
    var data = body();
    show("Saving…");
    fetch(saveUrl, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-Autosave": "1", "X-CSRFToken": data.get("csrf_token"), "Accept": "application/json" }
    }).then(function (reply) {
      return reply.json().then(function (answer) {
        state.retry = 0;
        showErrors(answer.errors);
        if (count && typeof answer.answered === "number") { count.textContent = answer.answered; }
        if (answer.saved) {
          state.dirty = state.again;
          show(answer.draft ? "Saved, not checked yet" : "Saved", "saved");
        } else {
          // The server read the answer and refused it: say why; retrying would not help.
          state.dirty = false;
          show(answer.error || "Not saved.", "error");
        }
      });
    }).catch(function () {
      // Offline or the server unreachable: keep the answer on screen, say so, and try again.
      state.retry = Math.min(state.retry + 1, 4);
      var wait = Math.pow(2, state.retry);  // 2, 4, 8, then every 16 s
      show("Not saved yet: no connection. Trying again in " + wait + " s; keep this page open.", "error");
      schedule(wait * 1000);
    }).then(function () {
      state.sending = false;
      if (state.again) { schedule(0); }
    });
  };

  var schedule = function (delay) {
    state.dirty = true;
    if (state.timer) { window.clearTimeout(state.timer); }
    state.timer = window.setTimeout(send, delay);
  };

  form.addEventListener("change", function () { schedule(100); });
  form.addEventListener("input", function (event) {
    if (event.target.matches("input[type=text], textarea")) { schedule(600); }
  });
  window.addEventListener("online", function () { if (state.dirty) { schedule(0); } });
  // Leaving with an answer not yet saved (a closed tab, a link): hand it to the browser to send.
  window.addEventListener("pagehide", function () {
    if (state.dirty && navigator.sendBeacon) { navigator.sendBeacon(saveUrl, body()); }
  });
  form.addEventListener("submit", function () {
    state.dirty = false;
    if (state.timer) { window.clearTimeout(state.timer); }
  });
})();
