// newsgraph pages: quote details in the reader, sortable tables. No HTML strings: DOM nodes and textContent only.
"use strict";

(function () {
  function attrCard(id) {
    return document.getElementById("attr-" + id);
  }

  function setupReader() {
    var body = document.getElementById("body");
    var pop = document.getElementById("popover");
    if (!body || !pop) return;
    var pinned = null;
    var hideTimer = null;

    function marksOf(id) {
      return body.querySelectorAll('mark.attr[data-attr="' + CSS.escape(id) + '"]');
    }
    function clearActive() {
      document.querySelectorAll("mark.attr.active, .acard.active").forEach(function (el) { el.classList.remove("active"); });
    }
    function show(mark, pin) {
      var id = mark.getAttribute("data-attr");
      var card = attrCard(id);
      if (!card) return;
      clearTimeout(hideTimer);
      clearActive();
      marksOf(id).forEach(function (m) { m.classList.add("active"); });
      card.classList.add("active");
      var copy = card.cloneNode(true);
      copy.removeAttribute("id");
      var close = document.createElement("button");
      close.type = "button";
      close.className = "close";
      close.setAttribute("aria-label", "Close");
      close.textContent = "\u00d7";
      close.addEventListener("click", hide);
      pop.replaceChildren(close, copy);
      pop.hidden = false;
      pop.setAttribute("data-attr", id);
      var host = pop.offsetParent || pop.parentElement;
      var hostBox = host.getBoundingClientRect();
      var box = mark.getBoundingClientRect();
      var left = Math.max(8, Math.min(box.left - hostBox.left, hostBox.width - pop.offsetWidth - 8));
      pop.style.left = left + "px";
      pop.style.top = (box.bottom - hostBox.top + 8) + "px";
      if (pin) pinned = id;
    }
    function hide() {
      pinned = null;
      pop.hidden = true;
      pop.removeAttribute("data-attr");
      clearActive();
    }
    function hideSoon() {
      if (pinned) return;
      hideTimer = setTimeout(hide, 250);
    }

    body.addEventListener("click", function (ev) {
      var mark = ev.target.closest("mark.attr");
      if (!mark) return;
      var id = mark.getAttribute("data-attr");
      if (pinned === id) { hide(); return; }
      show(mark, true);
      ev.stopPropagation();
    });
    body.addEventListener("keydown", function (ev) {
      var mark = ev.target.closest && ev.target.closest("mark.attr");
      if (mark && (ev.key === "Enter" || ev.key === " ")) { ev.preventDefault(); show(mark, true); }
    });
    if (window.matchMedia("(hover: hover)").matches) {
      body.addEventListener("mouseover", function (ev) {
        var mark = ev.target.closest("mark.attr");
        if (mark && !pinned) show(mark, false);
      });
      body.addEventListener("mouseout", function (ev) {
        if (ev.target.closest("mark.attr")) hideSoon();
      });
      pop.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
      pop.addEventListener("mouseleave", hideSoon);
    }
    document.addEventListener("click", function (ev) {
      if (!pop.hidden && !pop.contains(ev.target) && !ev.target.closest("mark.attr")) hide();
    });
    document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") hide(); });

    // A card in the side list (or a link to one) scrolls to its words in the text.
    function focusQuote(id) {
      var mark = marksOf(id)[0];
      if (!mark) return;
      mark.scrollIntoView({ block: "center", behavior: "smooth" });
      show(mark, true);
    }
    document.querySelectorAll(".side .acard[data-attr]").forEach(function (card) {
      card.addEventListener("click", function (ev) {
        if (ev.target.closest("a")) return;
        ev.stopPropagation();
        focusQuote(card.getAttribute("data-attr"));
      });
    });
    document.querySelectorAll("[data-focus]").forEach(function (link) {
      link.addEventListener("click", function (ev) {
        ev.preventDefault();
        ev.stopPropagation();
        focusQuote(link.getAttribute("data-focus"));
      });
    });
    var hash = decodeURIComponent(location.hash.slice(1));
    if (hash) {
      var id = hash.indexOf("attr-") === 0 ? hash.slice(5) : hash;
      if (attrCard(id)) setTimeout(function () { focusQuote(id); }, 50);
    }
  }

  function setupSortableTables() {
    document.querySelectorAll("table.sortable").forEach(function (table) {
      var heads = table.querySelectorAll("th[data-sort]");
      heads.forEach(function (th, col) {
        var button = th.querySelector("button") || th;
        button.addEventListener("click", function () {
          var ascending = th.getAttribute("aria-sort") !== "ascending";
          heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
          th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
          var tbody = table.tBodies[0];
          var rows = Array.prototype.slice.call(tbody.rows);
          var key = function (row) {
            var cell = row.cells[col];
            return (cell.getAttribute("data-value") || cell.textContent).trim().toLowerCase();
          };
          rows.sort(function (a, b) {
            var x = key(a), y = key(b);
            return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
          });
          rows.forEach(function (row) { tbody.appendChild(row); });
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupReader();
    setupSortableTables();
  });
})();
