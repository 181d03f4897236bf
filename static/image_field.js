// The question form's images (the question's and each option's): a preview of the chosen
// file before saving, and a word at once when it is larger than the server accepts (the
// server checks it again, and cleans it).
(function () {
  "use strict";
  if (!window.FileReader) {
    return;
  }
  document.querySelectorAll(".image-field").forEach(function (box) {
    var input = box.querySelector("input[type=file][data-max-bytes]");
    var preview = box.querySelector(".image-field__preview");
    if (!input || !preview) {
      return;
    }
    var img = preview.querySelector("img");
    var note = document.createElement("p");
    note.className = "error";
    note.setAttribute("role", "status");
    input.insertAdjacentElement("afterend", note);

    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      // The server's word was about the file chosen before: a new choice makes it stale.
      var stale = document.getElementById(input.id + "-error");
      if (stale) {
        stale.remove();
        input.removeAttribute("aria-invalid");
        input.setAttribute("aria-describedby", input.id + "-hint");
      }
      note.textContent = "";
      preview.hidden = true;
      if (!file) {
        return;
      }
      if (file.size > Number(input.dataset.maxBytes)) {
        note.textContent = "This file is larger than 1 MB: the server will refuse it. Choose a smaller one.";
        return;
      }
      var reader = new FileReader();
      reader.addEventListener("load", function () {
        img.src = reader.result; // a data: URL, which the page's policy allows for images
        preview.hidden = false;
      });
      reader.readAsDataURL(file);
    });
  });
})();
