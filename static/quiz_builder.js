// The quiz builder's question picker. All extras: without JavaScript every button here submits
// the form and the server does the same (filter, add ticked, move, remove, preview, count).
// With it: the bank is searched as you type, a tick adds at once, buttons and drags reorder in
// place, the preview and the draw's counts update without leaving the page.
(function () {
  "use strict";

  var form = document.querySelector("form.quiz-builder");
  if (!form) {
    return;
  }
  var chosenList = document.getElementById("chosen-list");
  var bankList = document.getElementById("bank-list");
  var bankCount = document.getElementById("bank-count");
  var status = document.getElementById("picker-status");
  var previewBody = document.getElementById("preview-body");
  var empty = form.querySelector("[data-chosen-empty]");
  var chosenCount = form.querySelector("[data-chosen-count]");

  var say = function (text) {
    // Cleared first so the same words twice are read twice.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  };

  var debounce = function (fn, wait) {
    var timer = null;
    return function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fn, wait);
    };
  };

  var getJSON = function (url, params) {
    var query = new URLSearchParams(params).toString();
    return fetch(url + "?" + query, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      });
  };

  // Buttons that only made the server filter or count again: the page does both live now.
  form.querySelectorAll("[data-filter-button]").forEach(function (button) { button.hidden = true; });
  var dragHint = form.querySelector("[data-drag-hint]");
  if (dragHint) {
    dragHint.hidden = false;
  }

  // Fixed questions or a random draw: show the part that applies.
  var modes = form.querySelectorAll("input[name=mode]");
  var showMode = function () {
    var checked = form.querySelector("input[name=mode]:checked");
    var mode = checked ? checked.value : "fixed";
    form.querySelectorAll("[data-mode]").forEach(function (part) {
      // A part with a field to correct stays in view whichever mode is chosen.
      part.hidden = part.getAttribute("data-mode") !== mode && !part.querySelector(".field--error");
    });
  };
  modes.forEach(function (radio) { radio.addEventListener("change", showMode); });
  showMode();

  // ---- The chosen list -------------------------------------------------------------------

  var items = function () { return Array.prototype.slice.call(chosenList.children); };
  var labelOf = function (item) { return item.querySelector(".chosen-text").firstChild.textContent.trim(); };

  var renumber = function () {
    var count = items().length;
    chosenCount.textContent = String(count);
    empty.hidden = count > 0;
  };

  var button = function (text, label, attrs) {
    var b = document.createElement("button");
    b.type = "submit";
    b.name = "picker";
    b.className = "button button--small button--secondary";
    b.appendChild(document.createTextNode(text));
    var hidden = document.createElement("span");
    hidden.className = "visually-hidden";
    hidden.textContent = ": " + label;
    b.appendChild(hidden);
    Object.keys(attrs).forEach(function (key) { b.setAttribute(key, attrs[key]); });
    return b;
  };

  var chosenItem = function (row) {
    var label = row.title;
    var li = document.createElement("li");
    li.className = "chosen-item";
    li.setAttribute("data-id", row.id);
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = "question_ids";
    input.value = row.id;
    var text = document.createElement("span");
    text.className = "chosen-text";
    text.appendChild(document.createTextNode(label + " "));
    var meta = document.createElement("span");
    meta.className = "meta";
    meta.textContent = "· " + row.type + " · " + row.state;
    text.appendChild(meta);
    var actions = document.createElement("span");
    actions.className = "chosen-actions";
    actions.appendChild(button("Move up", label, { value: "up:" + row.id, "data-move": "up" }));
    actions.appendChild(button("Move down", label, { value: "down:" + row.id, "data-move": "down" }));
    actions.appendChild(button("Preview", label, { value: "preview:" + row.id, "data-preview": row.id }));
    actions.appendChild(button("Remove", label, { value: "remove:" + row.id, "data-move": "remove" }));
    li.appendChild(input);
    li.appendChild(text);
    li.appendChild(actions);
    makeDraggable(li);
    return li;
  };

  var findChosen = function (id) {
    return items().filter(function (item) { return item.getAttribute("data-id") === id; })[0];
  };

  var bankBox = function (id) {
    return Array.prototype.filter.call(bankList.querySelectorAll("input[name=pick]"), function (box) {
      return box.value === id;
    })[0];
  };

  var add = function (row) {
    if (findChosen(row.id)) {
      return;
    }
    chosenList.appendChild(chosenItem(row));
    renumber();
    say("Added as question " + items().length + ": " + row.title);
  };

  var remove = function (item, moveFocus) {
    var id = item.getAttribute("data-id");
    var next = item.nextElementSibling || item.previousElementSibling;
    var label = labelOf(item);
    item.remove();
    var box = bankBox(id);
    if (box) {
      box.checked = false;
    }
    renumber();
    if (moveFocus) {
      var target = next ? next.querySelector("[data-move=remove]") : document.getElementById("chosen-heading");
      if (target === document.getElementById("chosen-heading")) {
        target.setAttribute("tabindex", "-1");
      }
      target.focus();
    }
    say("Removed: " + label + ". " + items().length + " left.");
  };

  var move = function (item, direction, focusSelector) {
    var list = items();
    var at = list.indexOf(item);
    var to = direction === "up" ? at - 1 : at + 1;
    if (to < 0 || to >= list.length) {
      say(direction === "up" ? "Already first." : "Already last.");
      return;
    }
    if (direction === "up") {
      chosenList.insertBefore(item, list[to]);
    } else {
      chosenList.insertBefore(item, list[to].nextElementSibling);
    }
    if (focusSelector) {
      item.querySelector(focusSelector).focus();
    }
    say("Moved " + labelOf(item) + " to position " + (to + 1) + " of " + list.length + ".");
  };

  chosenList.addEventListener("click", function (event) {
    var target = event.target.closest("button");
    if (!target) {
      return;
    }
    var item = target.closest(".chosen-item");
    var action = target.getAttribute("data-move");
    if (action === "remove") {
      event.preventDefault();
      remove(item, true);
    } else if (action) {
      event.preventDefault();
      move(item, action, "[data-move=" + action + "]");
    }
  });

  // Drag to reorder, for a mouse; the buttons do the same from the keyboard.
  var dragged = null;
  function makeDraggable(item) {
    item.setAttribute("draggable", "true");
    item.addEventListener("dragstart", function (event) {
      dragged = item;
      item.classList.add("is-dragged");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", item.getAttribute("data-id"));
    });
    item.addEventListener("dragend", function () {
      item.classList.remove("is-dragged");
      if (dragged) {
        say("Moved " + labelOf(dragged) + " to position " + (items().indexOf(dragged) + 1) + " of " + items().length + ".");
      }
      dragged = null;
    });
  }
  items().forEach(makeDraggable);
  chosenList.addEventListener("dragover", function (event) {
    if (!dragged) {
      return;
    }
    event.preventDefault();
    var over = event.target.closest(".chosen-item");
    if (!over || over === dragged) {
      return;
    }
    var box = over.getBoundingClientRect();
    var after = event.clientY > box.top + box.height / 2;
    chosenList.insertBefore(dragged, after ? over.nextElementSibling : over);
  });
  chosenList.addEventListener("drop", function (event) { event.preventDefault(); });

  // ---- The bank ----------------------------------------------------------------------------

  var rowsById = {};

  var bankItem = function (row) {
    rowsById[row.id] = row;
    var li = document.createElement("li");
    li.className = "bank-item";
    li.setAttribute("data-id", row.id);
    var shown = document.createElement("input");
    shown.type = "hidden";
    shown.name = "shown";
    shown.value = row.id;
    var label = document.createElement("label");
    label.className = "choice";
    var box = document.createElement("input");
    box.type = "checkbox";
    box.name = "pick";
    box.value = row.id;
    box.checked = Boolean(findChosen(row.id));
    var text = document.createElement("span");
    text.textContent = row.title;
    label.appendChild(box);
    label.appendChild(document.createTextNode(" "));
    label.appendChild(text);
    var meta = document.createElement("p");
    meta.className = "meta";
    var words = [row.type];
    if (row.status) {
      words.push(row.status);
    }
    words.push(row.state);
    if (row.tags.length) {
      words.push("tags: " + row.tags.join(", "));
    }
    meta.textContent = words.join(" · ") + " ";
    meta.appendChild(button("Preview", row.title, { value: "preview:" + row.id, "data-preview": row.id }));
    li.appendChild(shown);
    li.appendChild(label);
    li.appendChild(meta);
    return li;
  };

  var filters = function () {
    var params = new URLSearchParams();
    ["q", "type", "status", "state", "tag"].forEach(function (name) {
      var input = document.getElementById("pick_" + name);
      if (input && input.value.trim()) {
        params.append(name, input.value.trim());
      }
    });
    return params;
  };

  var searched = 0;
  var listedFor = null;
  var pendingFor = null;
  var search = function () {
    var params = filters();
    if (params.toString() === listedFor || params.toString() === pendingFor) {
      return; // the list shows (or is about to show) these results: keep its boxes and focus
    }
    pendingFor = params.toString();
    var ticket = ++searched;
    getJSON(form.getAttribute("data-bank-url"), params).then(function (data) {
      if (ticket !== searched) {
        return; // an older answer arriving late
      }
      listedFor = params.toString();
      pendingFor = null;
      bankList.textContent = "";
      data.questions.forEach(function (row) { bankList.appendChild(bankItem(row)); });
      var words = data.total + (data.total === 1 ? " question matches" : " questions match");
      if (data.total > data.shown) {
        words += "; the first " + data.shown + " are listed, search to narrow them";
      }
      bankCount.textContent = words + ".";
    }).catch(function () {
      pendingFor = null;
      bankCount.textContent = "The bank could not be searched just now; try again, or use Save to search on the server.";
    });
  };
  var searchSoon = debounce(search, 250);
  ["q", "tag"].forEach(function (name) {
    var input = document.getElementById("pick_" + name);
    input.addEventListener("input", searchSoon);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault(); // search, do not save the quiz
        search();
      }
    });
  });
  ["type", "status", "state"].forEach(function (name) {
    document.getElementById("pick_" + name).addEventListener("change", search);
  });

  bankList.addEventListener("change", function (event) {
    var box = event.target;
    if (box.name !== "pick") {
      return;
    }
    var item = box.closest(".bank-item");
    var row = rowsById[box.value] || {
      id: box.value,
      title: item.getAttribute("data-title"),
      prompt: item.getAttribute("data-prompt"),
      type: item.getAttribute("data-type"),
      state: item.getAttribute("data-state")
    };
    if (box.checked) {
      add(row);
    } else {
      var chosen = findChosen(box.value);
      if (chosen) {
        remove(chosen, false);
      }
    }
  });

  // ---- Preview -----------------------------------------------------------------------------

  form.addEventListener("click", function (event) {
    var target = event.target.closest("button[data-preview]");
    if (!target) {
      return;
    }
    event.preventDefault();
    var id = target.getAttribute("data-preview");
    getJSON(form.getAttribute("data-bank-url"), { id: id }).then(function (data) {
      if (!data.questions.length) {
        return;
      }
      // Rendered and escaped by the server's template, as on every page.
      previewBody.innerHTML = data.questions[0].preview;
      say("Preview shown beside the list: " + data.questions[0].prompt.slice(0, 80));
    });
  });

  // ---- Live counts of a random draw ----------------------------------------------------------

  var available = form.querySelector("[data-available]");
  var needs = Array.prototype.slice.call(form.querySelectorAll("[data-need]"));
  var count = function () {
    var params = new URLSearchParams();
    params.append("quiz_id", form.getAttribute("data-quiz-id"));
    Array.prototype.forEach.call(form.querySelectorAll("#draw_types option:checked"), function (o) { params.append("draw_types", o.value); });
    Array.prototype.forEach.call(form.querySelectorAll("#draw_statuses option:checked"), function (o) { params.append("draw_statuses", o.value); });
    params.append("draw_tags", document.getElementById("draw_tags").value);
    params.append("exam_pool", document.getElementById("exam_pool").checked ? "y" : "");
    needs.forEach(function (need) {
      params.append("need_kind", need.querySelector("select").value);
      params.append("need_values", need.querySelector("input[name$='-values']").value);
    });
    getJSON(form.getAttribute("data-counts-url"), params).then(function (data) {
      available.textContent = String(data.available);
      needs.forEach(function (need, n) {
        var found = data.needs[n];
        need.querySelector("[data-need-count]").textContent =
          found === null || found === undefined ? "" : found + " of them meet this need.";
      });
    });
  };
  var countSoon = debounce(count, 300);
  form.querySelectorAll(".draw input, .draw select, #exam_pool").forEach(function (input) {
    input.addEventListener("input", countSoon);
    input.addEventListener("change", countSoon);
  });
})();
