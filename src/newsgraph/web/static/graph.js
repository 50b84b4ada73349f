// Graph page: speakers (left) -> claims (right), edges coloured by stance, dashed arcs for contradictions.
// Data comes from a <script type="application/json"> block; every label is set with textContent.
"use strict";

(function () {
  var SVG = "http://www.w3.org/2000/svg";
  var ROW = 28;
  var TOP = 24;

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(node);
    return node;
  }
  function clip(text, chars) {
    text = String(text || "");
    return text.length <= chars ? text : text.slice(0, Math.max(1, chars - 1)).trimEnd() + "\u2026";
  }

  function draw(host, data) {
    var width = Math.max(340, host.clientWidth || 900);
    var narrow = width < 640;
    var speakerX = Math.round(width * (narrow ? 0.36 : 0.28));
    var claimX = speakerX + (narrow ? 56 : 150);
    var charsLeft = Math.floor((speakerX - 16) / 8.2);
    var charsRight = Math.floor((width - claimX - 14) / 6.4);

    // Claims grouped by speaker, speakers by how much they said: fewer crossings.
    var order = data.speakers.slice().sort(function (a, b) { return b.count - a.count; });
    var claimsBySpeaker = {};
    data.edges.forEach(function (e) {
      if (e.kind === "said") (claimsBySpeaker[e.source] = claimsBySpeaker[e.source] || []).push(e.target);
    });
    var claimById = {};
    data.claims.forEach(function (c) { claimById[c.id] = c; });
    var claimY = {};
    var row = 0;
    order.forEach(function (s) {
      (claimsBySpeaker[s.id] || []).forEach(function (cid) { claimY[cid] = TOP + ROW * row++; });
    });
    var speakerY = {};
    order.forEach(function (s) {
      var ys = (claimsBySpeaker[s.id] || []).map(function (cid) { return claimY[cid]; });
      speakerY[s.id] = ys.length ? ys.reduce(function (a, b) { return a + b; }, 0) / ys.length : TOP;
    });
    var height = TOP * 2 + ROW * Math.max(row - 1, 0);

    var svg = el("svg", { viewBox: "0 0 " + width + " " + height, width: width, height: height, role: "img" });
    var edges = el("g", { "class": "edges" }, svg);
    var edgeNodes = [];
    data.edges.forEach(function (e) {
      var path;
      if (e.kind === "said") {
        var y1 = speakerY[e.source], y2 = claimY[e.target];
        var mid = (speakerX + claimX) / 2;
        path = el("path", {
          d: "M" + (speakerX + 6) + "," + y1 + " C" + mid + "," + y1 + " " + mid + "," + y2 + " " + (claimX - 6) + "," + y2,
          "class": "edge st-" + e.stance
        }, edges);
      } else {
        var a = claimY[e.source], b = claimY[e.target];
        var bulge = claimX - 24 - Math.min(Math.abs(b - a) * 0.25, (claimX - speakerX) * 0.8);
        path = el("path", {
          d: "M" + (claimX - 6) + "," + a + " Q" + bulge + "," + (a + b) / 2 + " " + (claimX - 6) + "," + b,
          "class": "edge counter st-" + e.stance
        }, edges);
        var t = el("title", {}, path);
        t.textContent = "countered" + (e.why ? ": " + e.why : "");
      }
      path.dataset.source = e.source;
      path.dataset.target = e.target;
      edgeNodes.push(path);
    });

    var speakers = el("g", { "class": "speakers" }, svg);
    order.forEach(function (s) {
      var g = el("g", { "class": "speaker" + (s.anonymous ? " anonymous" : ""), tabindex: "0" }, speakers);
      g.dataset.id = s.id;
      el("circle", { cx: speakerX, cy: speakerY[s.id], r: 5 }, g);
      var label = el("text", { x: speakerX - 10, y: speakerY[s.id] + 4, "text-anchor": "end" }, g);
      label.textContent = clip(s.label, charsLeft);
      var title = el("title", {}, g);
      title.textContent = s.label + " (" + s.count + (s.count === 1 ? " statement)" : " statements)");
      function focus(on) {
        edgeNodes.forEach(function (p) {
          p.classList.toggle("dim", on && p.dataset.source !== s.id);
        });
      }
      g.addEventListener("mouseenter", function () { focus(true); });
      g.addEventListener("mouseleave", function () { focus(false); });
      g.addEventListener("focus", function () { focus(true); });
      g.addEventListener("blur", function () { focus(false); });
    });

    var claims = el("g", { "class": "claims" }, svg);
    data.claims.forEach(function (c) {
      var link = el("a", {
        href: "/articles/" + encodeURIComponent(c.article_id) + "#attr-" + encodeURIComponent(c.attribution_id),
        "class": "claim st-" + c.stance
      }, claims);
      el("rect", { x: claimX - 6, y: claimY[c.id] - 6, width: 6, height: 12, rx: 2 }, link);
      var label = el("text", { x: claimX + 6, y: claimY[c.id] + 4 }, link);
      label.textContent = clip(c.label, charsRight);
      var title = el("title", {}, link);
      title.textContent = c.stance + ": " + c.label + (c.outlet ? " (" + c.outlet + (c.published ? ", " + c.published : "") + ")" : "");
    });
    host.replaceChildren(svg);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var host = document.getElementById("graph");
    var source = document.getElementById("graph-data");
    if (!host || !source) return;
    var data = JSON.parse(source.textContent);
    if (!data.claims.length) return;
    draw(host, data);
    var timer = null;
    var lastWidth = host.clientWidth;
    window.addEventListener("resize", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        if (host.clientWidth !== lastWidth) { lastWidth = host.clientWidth; draw(host, data); }
      }, 150);
    });
  });
})();
