// detente web view: the timeline's type toggles (the only script; no inline script anywhere).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.body.setAttribute("data-js", "ready");
  var lanes = document.getElementById("lanes");
  if (!lanes) { return; }
  lanes.addEventListener("change", function (event) {
    var box = event.target;
    var lane = box.getAttribute("data-lane");
    if (!lane) { return; }
    document.querySelectorAll("[data-lane]").forEach(function (node) {
      if (node !== box && node.getAttribute("data-lane") === lane) {
        node.classList.toggle("hidden", !box.checked);
      }
    });
  });
});
