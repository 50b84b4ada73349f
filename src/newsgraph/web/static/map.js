// Map page: a marker shows its place's events in the list below.
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  function select(marker) {
    var section = document.getElementById("place-" + marker.getAttribute("data-place"));
    document.querySelectorAll(".marker.active, .place.active").forEach(function (el) { el.classList.remove("active"); });
    marker.classList.add("active");
    if (section) {
      section.classList.add("active");
      section.scrollIntoView({ block: "nearest", behavior: "smooth" });
    }
  }
  document.querySelectorAll("#map .marker").forEach(function (marker) {
    marker.addEventListener("click", function () { select(marker); });
    marker.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); select(marker); }
    });
  });
});
