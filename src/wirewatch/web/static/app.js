// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // "/" focuses the search box (unless typing in a field already).
  document.addEventListener("keydown", function (event) {
    var tag = (event.target && event.target.tagName) || "";
    if (event.key === "/" && tag !== "INPUT" && tag !== "TEXTAREA") {
      var box = document.getElementById("q");
      if (box) { event.preventDefault(); box.focus(); }
    }
  });
  // Date filters submit as soon as they change.
  document.querySelectorAll("form.filters input[type=date]").forEach(function (input) {
    input.addEventListener("change", function () { if (input.form) { input.form.submit(); } });
  });
  document.documentElement.classList.add("js");
})();
