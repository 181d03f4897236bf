// Question editor: choosing a type shows that type's answer fields at once. Without this
// script the "Change type" button asks the server for the same page with them shown.
(function () {
  "use strict";
  var form = document.querySelector("[data-question-editor]");
  var select = form && form.querySelector("select[name=type]");
  if (!select) {
    return;
  }
  var button = form.querySelector("[data-change-type]");
  if (button) {
    button.hidden = true;
  }
  function show() {
    form.querySelectorAll("[data-for]").forEach(function (part) {
      part.hidden = part.getAttribute("data-for").split(" ").indexOf(select.value) < 0;
    });
  }
  select.addEventListener("change", show);
  show();
})();
