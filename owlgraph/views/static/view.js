/* owlgraph network view. Every string from the data is shown with textContent or as a
   DOM property; nothing from the data is ever parsed as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("owlgraph-data").textContent);
  var $ = function (id) { return document.getElementById(id); };
  var FADED = { background: "rgba(203,210,217,0.35)", border: "rgba(159,179,200,0.45)",
    highlight: { background: "rgba(203,210,217,0.35)", border: "rgba(159,179,200,0.45)" },
    hover: { background: "rgba(203,210,217,0.35)", border: "rgba(159,179,200,0.45)" } };
  var FADED_FONT = "rgba(97,110,124,0.25)";
  var FADED_EDGE = { color: "rgba(188,204,220,0.25)", highlight: "rgba(188,204,220,0.25)",
    hover: "rgba(188,204,220,0.25)", inherit: false };
  var EDGE_COLOR = data.options.edges.color;
  var FONT_COLOR = data.options.nodes.font.color;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function safeUrl(u) { return typeof u === "string" && /^https?:\/\/[^\s]+$/i.test(u) ? u : null; }

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var info = data.info;
  var baseColor = data.nodes.map(function (n) { return n.color; });
  function fontOf(id, color) {
    var f = { color: color }, base = data.nodes[id].font;
    if (base && base.size) f.size = base.size;
    return f;
  }
  var view = window.owlgraphView = { nodes: nodes, edges: edges, network: null, info: info, legend: data.legend,
    tier: data.tier, drawn: false, ready: false, readyAt: null };

  var container = $("network");
  // Bind the data only after the handlers below are attached, so no early event is missed.
  var network = new vis.Network(container, { nodes: [], edges: [] }, data.options);
  view.network = network;

  var physicsOn = !!data.options.physics.enabled;
  var freezeBtn = $("freeze");
  function setPhysics(on) {
    physicsOn = on;
    network.setOptions({ physics: { enabled: on } });
    freezeBtn.textContent = on ? "Freeze" : "Unfreeze";
    freezeBtn.setAttribute("aria-pressed", on ? "false" : "true");
  }
  function markReady() {
    view.ready = true;
    view.readyAt = performance.now();
    $("status").textContent = "";
    document.documentElement.setAttribute("data-ready", "true");
  }
  network.once("afterDrawing", function () { view.drawn = true; view.drawnAt = performance.now(); });
  if (physicsOn) {
    $("status").textContent = "Laying out " + data.counts.nodes.toLocaleString("en") + " nodes…";
    network.once("stabilizationIterationsDone", function () {
      if (data.freezeAfterStabilization) setPhysics(false);
      network.once("afterDrawing", markReady);
      network.redraw();
    });
  } else {
    network.once("afterDrawing", markReady);
  }
  freezeBtn.textContent = physicsOn ? "Freeze" : "Unfreeze";
  freezeBtn.setAttribute("aria-pressed", physicsOn ? "false" : "true");
  if (!data.physicsAllowed) {
    freezeBtn.disabled = true;
    freezeBtn.title = "Physics is off for networks of this size: positions were computed in Python";
  }
  freezeBtn.addEventListener("click", function () { setPhysics(!physicsOn); });
  $("fit").addEventListener("click", function () { network.fit({ animation: { duration: 300 } }); });
  $("png").addEventListener("click", function () {
    var src = container.querySelector("canvas");
    var c = document.createElement("canvas");
    c.width = src.width; c.height = src.height;
    var ctx = c.getContext("2d");
    ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, c.width, c.height); ctx.drawImage(src, 0, 0);
    c.toBlob(function (blob) {
      var url = URL.createObjectURL(blob), a = document.createElement("a");
      a.href = url; a.download = data.fileStem + ".png";
      document.body.appendChild(a); a.click(); a.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 2000);
    }, "image/png");
  });

  /* ---- legend and filters ---- */
  var hiddenTypes = new Set(), hiddenLegend = new Set(), sector = "";
  var legendByType = data.colorBy === "type";
  var legendButtons = [], typeBoxes = [];
  data.legend.forEach(function (entry, i) {
    var b = el("button", null, "legend-item");
    b.type = "button"; b.id = "legend-" + i; b.dataset.index = String(i);
    var sw = el("span", null, "swatch"); sw.style.background = entry.color;
    b.appendChild(sw); b.appendChild(el("span", entry.label, "legend-label")); b.appendChild(el("span", entry.count, "count"));
    b.title = entry.keys.length > 1 ? entry.keys.join(", ") : entry.label;
    b.addEventListener("click", function () {
      if (legendByType) {
        var hide = !entry.keys.every(function (k) { return hiddenTypes.has(k); });
        entry.keys.forEach(function (k) { if (hide) hiddenTypes.add(k); else hiddenTypes.delete(k); });
      } else if (hiddenLegend.has(i)) hiddenLegend.delete(i); else hiddenLegend.add(i);
      applyFilters();
    });
    var li = el("li"); li.appendChild(b); $("legend").appendChild(li); legendButtons.push(b);
  });
  $("legend-caption").textContent = "colour = " + data.colorBy + (data.sizeBy ? ", size = " + data.sizeBy : "");
  data.types.forEach(function (t, i) {
    var lab = el("label"), box = el("input");
    box.type = "checkbox"; box.checked = true; box.id = "type-filter-" + i; box.dataset.type = t.key;
    box.addEventListener("change", function () {
      if (box.checked) hiddenTypes.delete(t.key); else hiddenTypes.add(t.key);
      applyFilters();
    });
    lab.appendChild(box); lab.appendChild(el("span", t.key)); lab.appendChild(el("span", t.count, "count"));
    $("type-filter").appendChild(lab); typeBoxes.push(box);
  });
  var sel = $("sector-filter");
  var all = el("option", "All sectors"); all.value = ""; sel.appendChild(all);
  data.sectors.forEach(function (s) { var o = el("option", s.key + " (" + s.count + ")"); o.value = s.key; sel.appendChild(o); });
  sel.disabled = data.sectors.length === 0;
  sel.addEventListener("change", function () { sector = sel.value; applyFilters(); });
  $("reset-filters").addEventListener("click", function () {
    hiddenTypes.clear(); hiddenLegend.clear(); sector = ""; sel.value = ""; applyFilters();
  });

  function isVisible(n) {
    return !hiddenTypes.has(n.t) && !hiddenLegend.has(n.c) && (sector === "" || n.s.indexOf(sector) >= 0);
  }
  function applyFilters() {
    var updates = [], shown = 0;
    nodes.forEach(function (n) {
      var v = isVisible(n);
      if (v) shown++;
      if (!!n.hidden === v) updates.push({ id: n.id, hidden: !v });
    });
    if (updates.length) nodes.update(updates);
    view.shown = shown;
    $("shown-count").textContent = shown.toLocaleString("en") + " of " + data.counts.nodes.toLocaleString("en") + " nodes shown";
    typeBoxes.forEach(function (b) { b.checked = !hiddenTypes.has(b.dataset.type); });
    legendButtons.forEach(function (b, i) {
      var entry = data.legend[i];
      var off = legendByType ? entry.keys.every(function (k) { return hiddenTypes.has(k); }) : hiddenLegend.has(i);
      b.setAttribute("aria-pressed", off ? "false" : "true");
    });
  }

  /* ---- neighbourhood highlight ---- */
  var fadedNodes = [], fadedEdges = [];
  function unhighlight() {
    if (fadedNodes.length) nodes.update(fadedNodes.map(function (id) { return { id: id, color: baseColor[id], font: fontOf(id, FONT_COLOR) }; }));
    if (fadedEdges.length) edges.update(fadedEdges.map(function (id) { return { id: id, color: EDGE_COLOR }; }));
    fadedNodes = []; fadedEdges = [];
  }
  function highlight(id) {
    unhighlight();
    var keep = new Set(network.getConnectedNodes(id)); keep.add(id);
    var keepEdges = new Set(network.getConnectedEdges(id));
    nodes.getIds().forEach(function (n) { if (!keep.has(n)) fadedNodes.push(n); });
    edges.getIds().forEach(function (e) { if (!keepEdges.has(e)) fadedEdges.push(e); });
    nodes.update(fadedNodes.map(function (n) { return { id: n, color: FADED, font: fontOf(n, FADED_FONT) }; }));
    edges.update(fadedEdges.map(function (e) { return { id: e, color: FADED_EDGE }; }));
  }
  function reset() {
    unhighlight(); network.unselectAll(); showPlaceholder(); closeResults();
  }

  /* ---- details panel ---- */
  var details = $("details");
  function showPlaceholder() {
    clear(details);
    details.appendChild(el("h2", "Details"));
    details.appendChild(el("p", "Click a node or an edge to see its attributes, relations and evidence. Esc or a click on empty space resets.", "placeholder"));
  }
  function labelOf(id) { return info[id].label; }
  function badge(id) {
    var n = nodes.get(id), b = el("span", null, "badge"), sw = el("span", null, "swatch");
    sw.style.background = baseColor[id].background; b.appendChild(sw); b.appendChild(el("span", info[id].type)); return b;
  }
  function addEvidence(list) {
    if (!list || !list.length) return;
    details.appendChild(el("h4", "Evidence"));
    list.forEach(function (q) { details.appendChild(el("blockquote", q)); });
  }
  function showNode(id) {
    var inf = info[id];
    clear(details);
    details.appendChild(el("h3", inf.label));
    details.appendChild(badge(id));
    if (inf.iri) details.appendChild(el("p", inf.iri, "iri"));
    var url = safeUrl(inf.website);
    if (url) {
      var p = el("p"), a = el("a", url);
      a.href = url; a.target = "_blank"; a.rel = "noopener noreferrer";
      p.appendChild(a); details.appendChild(p);
    }
    if (inf.attrs.length) {
      details.appendChild(el("h4", "Attributes"));
      var dl = el("dl", null, "attrs");
      inf.attrs.forEach(function (kv) { dl.appendChild(el("dt", kv[0])); dl.appendChild(el("dd", kv[1])); });
      details.appendChild(dl);
    }
    var eids = network.getConnectedEdges(id);
    details.appendChild(el("h4", "Relations (" + eids.length + ")"));
    var ul = el("ul", null, "relations"), max = 200;
    eids.slice(0, max).forEach(function (eid) {
      var e = edges.get(eid), out = e.from === id, other = out ? e.to : e.from;
      var li = el("li"), b = el("button");
      b.type = "button";
      var arrow = !data.directed ? e.rel + " —" : out ? e.rel + " →" : "← " + e.rel;
      b.appendChild(el("span", arrow, "rel"));
      b.appendChild(el("span", " " + labelOf(other), "other"));
      b.addEventListener("click", function () { choose(other); });
      li.appendChild(b); ul.appendChild(li);
    });
    if (eids.length > max) ul.appendChild(el("li", "… and " + (eids.length - max) + " more", "hint"));
    details.appendChild(ul);
    addEvidence(inf.evidence);
  }
  function showEdge(eid) {
    var e = edges.get(eid);
    clear(details);
    details.appendChild(el("h3", e.rel));
    var p = el("p");
    p.appendChild(el("span", labelOf(e.from))); p.appendChild(el("span", data.directed ? " → " : " — ", "rel"));
    p.appendChild(el("span", labelOf(e.to))); details.appendChild(p);
    if (e.w !== undefined && e.w !== null) {
      var dl = el("dl", null, "attrs"); dl.appendChild(el("dt", "weight")); dl.appendChild(el("dd", e.w)); details.appendChild(dl);
    }
    addEvidence(e.ev);
  }
  function choose(id) {
    if (nodes.get(id).hidden) { $("status").textContent = "“" + labelOf(id) + "” is hidden by the filters"; }
    network.selectNodes([id]);
    highlight(id);
    showNode(id);
    network.focus(id, { scale: Math.max(network.getScale(), 1.1), animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    closeResults();
  }
  view.choose = choose;

  network.on("click", function (p) {
    if (p.nodes.length) { highlight(p.nodes[0]); showNode(p.nodes[0]); }
    else if (p.edges.length) { unhighlight(); showEdge(p.edges[0]); }
    else reset();
  });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") reset(); });

  /* ---- search ---- */
  var search = $("search"), results = $("search-results"), matches = [], active = 0;
  var lower = info.map(function (n) { return n.label.toLowerCase(); });
  function closeResults() { results.hidden = true; clear(results); matches = []; }
  function findMatches(q) {
    var exact = [], prefix = [], part = [];
    for (var i = 0; i < lower.length && exact.length + prefix.length < 12; i++) {
      var s = lower[i];
      if (s === q) exact.push(i); else if (s.lastIndexOf(q, 0) === 0) prefix.push(i);
      else if (part.length < 12 && s.indexOf(q) >= 0) part.push(i);
    }
    return exact.concat(prefix, part).slice(0, 12);
  }
  function renderResults() {
    clear(results);
    matches.forEach(function (id, i) {
      var li = el("li"), b = el("button");
      b.type = "button"; b.setAttribute("role", "option");
      if (i === active) b.className = "active";
      b.appendChild(el("span", labelOf(id))); b.appendChild(el("span", info[id].type, "kind"));
      b.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(id); });
      li.appendChild(b); results.appendChild(li);
    });
    if (!matches.length) results.appendChild(el("li", "No match", "hint"));
    results.hidden = false;
  }
  search.addEventListener("input", function () {
    var q = search.value.trim().toLowerCase();
    if (!q) { closeResults(); return; }
    matches = findMatches(q); active = 0; renderResults();
  });
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { if (matches.length) choose(matches[active]); ev.preventDefault(); }
    else if (ev.key === "ArrowDown" && matches.length) { active = (active + 1) % matches.length; renderResults(); ev.preventDefault(); }
    else if (ev.key === "ArrowUp" && matches.length) { active = (active + matches.length - 1) % matches.length; renderResults(); ev.preventDefault(); }
  });
  search.addEventListener("blur", function () { setTimeout(closeResults, 150); });

  /* ---- footer ---- */
  var footer = $("footer");
  footer.appendChild(el("span", data.counts.nodes.toLocaleString("en") + " nodes · " + data.counts.edges.toLocaleString("en") + " edges"));
  if (data.viewName) footer.appendChild(el("span", "view: " + data.viewName));
  if (data.dataVersion) footer.appendChild(el("span", "data: " + data.dataVersion));
  footer.appendChild(el("span", null, "sep"));
  footer.appendChild(el("span", data.generator));

  showPlaceholder();
  applyFilters();
  network.setData({ nodes: nodes, edges: edges });
})();
