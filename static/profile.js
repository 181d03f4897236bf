// Profile page: an account that has never chosen a time zone gets the browser's as a
// suggestion. Nothing is stored until the profile is saved.
(function () {
  "use strict";
  var note = document.querySelector("[data-guess-zone]");
  var select = document.getElementById("time_zone");
  if (!note || !select || !window.Intl) {
    return;
  }
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var known = zone && Array.prototype.some.call(select.options, function (option) {
    return option.value === zone;
  });
  if (!known || select.value === zone) {
    return;
  }
  select.value = zone;
  note.textContent = "Your browser says you are in " + zone.replace(/_/g, " ") +
    ": save your profile to keep it.";
  note.hidden = false;
})();
