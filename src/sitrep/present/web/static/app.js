// sitrep web app: zoom and pan the map frames, brush the timeline, notice new reports.
// Loaded from /static (the CSP allows no inline script). Text from the server arrives as SVG
// markup the server escaped, parsed with DOMParser; nothing here builds markup from strings.
(function () {
  "use strict";

  // ---- map frames: zoom (wheel, +/−) and pan (drag); then the server draws the new box ------
  function Frame(holder) {
    this.holder = holder;
    this.idx = holder.getAttribute("data-idx");
    this.svg = holder.querySelector("svg.mapframe");
    this.home = this.svg.cloneNode(true);
    this.timer = null;
    this.bind();
  }
  Frame.prototype.bind = function () {
    var self = this, svg = this.svg;
    var vb = svg.viewBox.baseVal;
    this.base = { w: vb.width, h: vb.height, bbox: svg.getAttribute("data-bbox").split(" ").map(Number) };
    svg.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      var p = self.point(ev);
      self.zoom(ev.deltaY < 0 ? 1 / 1.5 : 1.5, p.x, p.y);
    }, { passive: false });
    var drag = null;
    svg.addEventListener("pointerdown", function (ev) {
      if (ev.button !== 0) { return; }
      drag = { x: ev.clientX, y: ev.clientY, vx: svg.viewBox.baseVal.x, vy: svg.viewBox.baseVal.y, moved: false };
    });
    svg.addEventListener("pointermove", function (ev) {
      if (!drag) { return; }
      var r = svg.getBoundingClientRect(), v = svg.viewBox.baseVal;
      var dx = (ev.clientX - drag.x) * v.width / r.width, dy = (ev.clientY - drag.y) * v.height / r.height;
      if (!drag.moved && Math.abs(ev.clientX - drag.x) + Math.abs(ev.clientY - drag.y) < 4) { return; }
      if (!drag.moved) { drag.moved = true; svg.setPointerCapture(ev.pointerId); svg.classList.add("dragging"); }
      v.x = drag.vx - dx; v.y = drag.vy - dy;
    });
    function end() {
      if (drag && drag.moved) { svg.classList.remove("dragging"); self.schedule(); }
      drag = null;
    }
    svg.addEventListener("pointerup", end);
    svg.addEventListener("pointercancel", end);
    svg.addEventListener("click", function (ev) { if (svg.classList.contains("dragging")) { ev.preventDefault(); } }, true);
  };
  Frame.prototype.point = function (ev) {
    var r = this.svg.getBoundingClientRect(), v = this.svg.viewBox.baseVal;
    return { x: v.x + (ev.clientX - r.left) * v.width / r.width, y: v.y + (ev.clientY - r.top) * v.height / r.height };
  };
  Frame.prototype.zoom = function (k, cx, cy) {
    var v = this.svg.viewBox.baseVal;
    if (cx === undefined) { cx = v.x + v.width / 2; cy = v.y + v.height / 2; }
    v.x = cx - (cx - v.x) * k; v.y = cy - (cy - v.y) * k;
    v.width *= k; v.height *= k;
    this.schedule();
  };
  Frame.prototype.bbox = function () {
    // a frame is linear in lon/lat: the viewBox maps straight back to degrees
    var v = this.svg.viewBox.baseVal, b = this.base.bbox;
    var lonPer = (b[2] - b[0]) / this.base.w, latPer = (b[3] - b[1]) / this.base.h;
    return [b[0] + v.x * lonPer, b[3] - (v.y + v.height) * latPer, b[0] + (v.x + v.width) * lonPer, b[3] - v.y * latPer];
  };
  Frame.prototype.schedule = function () {
    var self = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.redraw(); }, 280);
  };
  Frame.prototype.redraw = function () {
    var self = this, box = this.bbox();
    var params = new URLSearchParams(window.location.search);
    params.set("bbox", box.map(function (x) { return x.toFixed(4); }).join(","));
    params.set("width", String(Math.round(this.base.w)));
    this.svg.classList.add("loading");
    fetch("/map/" + encodeURIComponent(this.idx) + ".svg?" + params.toString(), { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.text(); })
      .then(function (text) {
        var doc = new DOMParser().parseFromString(text, "image/svg+xml");
        var fresh = document.importNode(doc.documentElement, true);
        if (fresh.nodeName.toLowerCase() !== "svg") { throw new Error("not svg"); }
        self.replace(fresh);
      })
      .catch(function () { self.svg.classList.remove("loading"); });
  };
  Frame.prototype.replace = function (fresh) {
    this.svg.replaceWith(fresh);
    this.svg = fresh;
    this.bind();
    this.holder.setAttribute("data-zoomed", "1");
  };
  Frame.prototype.reset = function () {
    clearTimeout(this.timer);
    this.replace(this.home.cloneNode(true));
    this.holder.removeAttribute("data-zoomed");
  };
  document.querySelectorAll(".zoomable").forEach(function (holder) {
    if (!holder.querySelector("svg.mapframe")) { return; }
    var frame = new Frame(holder);
    holder.querySelectorAll("button[data-zoom]").forEach(function (b) {
      b.addEventListener("click", function () {
        var what = b.getAttribute("data-zoom");
        if (what === "reset") { frame.reset(); } else { frame.zoom(what === "in" ? 1 / 2 : 2); }
      });
    });
  });

  // ---- timeline brush: drag across days to filter on them ---------------------------------
  function dayOf(x, knots) {
    // knots: [[x, Date]] in order; linear between them, clamped at the ends
    if (x <= knots[0][0]) { return knots[0][1]; }
    for (var i = 1; i < knots.length; i++) {
      if (x <= knots[i][0]) {
        var a = knots[i - 1], b = knots[i], t = (x - a[0]) / ((b[0] - a[0]) || 1);
        return new Date(a[1].getTime() + t * (b[1].getTime() - a[1].getTime()));
      }
    }
    return knots[knots.length - 1][1];
  }
  function iso(d) { return d.toISOString().slice(0, 10); }
  document.querySelectorAll(".brushable svg.timeline").forEach(function (svg) {
    var knots = svg.getAttribute("data-scale").split(" ").map(function (kv) {
      var i = kv.indexOf(":");
      return [Number(kv.slice(0, i)), new Date(kv.slice(i + 1) + "T00:00:00Z")];
    });
    var top = Number(svg.getAttribute("data-top")), bottom = Number(svg.getAttribute("data-bottom"));
    var ns = "http://www.w3.org/2000/svg", rect = null, start = null;
    function x(ev) {
      var r = svg.getBoundingClientRect();
      return (ev.clientX - r.left) * svg.viewBox.baseVal.width / r.width;
    }
    svg.addEventListener("pointerdown", function (ev) {
      if (ev.button !== 0 || ev.target.closest("a")) { return; }
      start = x(ev);
      rect = document.createElementNS(ns, "rect");
      rect.setAttribute("class", "brush");
      rect.setAttribute("y", String(top));
      rect.setAttribute("height", String(bottom - top));
      rect.setAttribute("fill", "#1a5276");
      rect.setAttribute("fill-opacity", "0.15");
      rect.setAttribute("stroke", "#1a5276");
      svg.appendChild(rect);
      svg.setPointerCapture(ev.pointerId);
    });
    svg.addEventListener("pointermove", function (ev) {
      if (start === null) { return; }
      var now = x(ev);
      rect.setAttribute("x", String(Math.min(start, now)));
      rect.setAttribute("width", String(Math.abs(now - start)));
    });
    svg.addEventListener("pointerup", function (ev) {
      if (start === null) { return; }
      var a = Math.min(start, x(ev)), b = Math.max(start, x(ev));
      start = null;
      if (b - a < 4) { rect.remove(); return; }
      var params = new URLSearchParams(window.location.search);
      params.set("from", iso(dayOf(a, knots)));
      params.set("to", iso(dayOf(b, knots)));
      window.location.assign("/?" + params.toString());
    });
  });

  // ---- filters apply as soon as one changes -------------------------------------------------
  var form = document.getElementById("filters");
  if (form) {
    form.querySelectorAll("select, input").forEach(function (el) {
      el.addEventListener("change", function () {
        // leave empty fields out of the URL
        form.querySelectorAll("select, input").forEach(function (f) { f.disabled = !f.value || (f.type === "checkbox" && !f.checked); });
        form.submit();
      });
    });
  }

  // ---- live: tell the reader when the store has changed ------------------------------------
  var version = document.body.getAttribute("data-version");
  var banner = document.getElementById("live");
  function poll() {
    fetch("/api/status", { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (s) {
      if (s.version !== version && banner) { banner.hidden = false; }
    }).catch(function () {});
  }
  if (banner) { setInterval(poll, 5000); }
})();
