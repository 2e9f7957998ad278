/* hzkg views: one graph page. Positions come precomputed; physics stays off.
 * Tooltips and panels are built from plain data with textContent — never innerHTML.
 * A review page (kg diff) also carries a status per node and edge, the changes behind it,
 * and no links to other pages. */
"use strict";
(function () {
  var el = KG.el;
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var meta = data.meta;
  var emeta = data.emeta;
  var base = data.base;
  var page = data.page;
  var typeOf = {};
  data.types.forEach(function (t) { typeOf[t.type] = t; });
  var statusOf = {};
  (data.statuses || []).forEach(function (s) { statusOf[s.type] = s; });
  /* Legend groups, each a filter: by change (review pages), by type (every page). */
  var facets = [{key: "type", zh: "类型", en: "Type", items: data.types}];
  if (data.statuses) facets.unshift({key: "status", zh: "变更", en: "Change", items: data.statuses});
  var lang = "zh";
  var FADED = 0.12;

  function L(zh, en) { return lang === "en" ? en : zh; }
  function nodeLabel(id) {
    var m = meta[id];
    var text = m["label_" + lang];
    return m.mark ? "★ " + text : text;
  }
  function name(id) { return lang === "en" ? meta[id].name_en : meta[id].name; }

  var container = document.getElementById("graph");
  var tip = document.getElementById("tip");
  var details = document.getElementById("details");
  var status = document.getElementById("status");
  var nodes, edges, network;
  var hidden = {type: {}, status: {}};
  var selected = null;

  /* ---- tooltip and details content, all text nodes ---- */
  function quoteBlock(q) {
    return el("blockquote", null, el("q", {text: q[0]}), el("cite", {text: "— " + L(q[1], q[2])}));
  }
  function factRows(facts) {
    return facts.map(function (f) {
      return el("div", {class: "fact"}, el("b", {text: L(f[0], f[1]) + L("：", ": ")}), L(f[2], f[3]));
    });
  }
  function changeRows(changes, limit) {
    var rows = (changes || []).slice(0, limit).map(function (c) { return el("div", {class: "change", text: c}); });
    if (changes && changes.length > limit) rows.push(el("div", {class: "note", text: "… +" + (changes.length - limit)}));
    return rows;
  }
  function flagRows(flags) {
    return (flags || []).map(function (f) { return el("div", {class: "flag", text: "⚠ " + f}); });
  }
  function statusBadge(status) {
    var s = statusOf[status];
    return s ? el("span", {class: "status", style: "color:" + s.colour, text: " · " + L(s.zh, s.en)}) : null;
  }
  function figureRow(f, withQuote) {
    var when = f.period ? " (" + f.period + ")" : "";
    var target = f.target ? L("（目标）", " (target)") : "";
    var row = el("div", {class: "figure"}, el("b", {text: L(f.zh, f.en) + L("：", ": ")}),
      f.value + target + when, f.note ? el("span", {class: "note", text: " " + f.note}) : null);
    if (withQuote && f.quotes.length) row.append(quoteBlock(f.quotes[0]));
    return row;
  }
  function nodeHeader(id) {
    var m = meta[id];
    var type = typeOf[m.type];
    return el("header", null,
      el("div", {class: "kind"}, KG.swatch(type), " " + L(m.type_zh, m.type_en),
        m.mark ? el("span", {class: "mark", text: " ★ " + L(m.mark[0], m.mark[1])}) : null, statusBadge(m.status)),
      el("div", {class: "name", text: m.name}),
      el("div", {class: "name-en", text: m.name_en}));
  }
  function moreNote(id) {
    var n = meta[id].more;
    if (!n) return "";  /* append(null) would print "null" */
    return el("p", {class: "more", text: L("另有 " + n + " 个关联记录未在此图显示，见其页面。",
      n + " more related records are not drawn here; see its own page.")});
  }
  function nodeTip(id) {
    var m = meta[id];
    var box = el("div", null, nodeHeader(id));
    flagRows(m.flags).concat(changeRows(m.changes, 6)).forEach(function (r) { box.append(r); });
    factRows(m.facts).forEach(function (r) { box.append(r); });
    m.figures.slice(0, 5).forEach(function (f) { box.append(figureRow(f, false)); });
    if (m.figures.length > 5) box.append(el("div", {class: "note", text: "… +" + (m.figures.length - 5)}));
    m.quotes.slice(0, 2).forEach(function (q) { box.append(quoteBlock(q)); });
    box.append(moreNote(id));
    box.append(el("p", {class: "hint", text: m.href ? L("单击查看详情，双击打开其页面", "Click for details, double-click to open its page")
      : L("单击查看详情", "Click for details")}));
    return box;
  }
  function edgeTitle(e) {
    var m = emeta[e];
    return el("header", null,
      el("div", {class: "kind"}, L(m.zh, m.en), statusBadge(m.status)),
      el("div", {class: "name", text: name(m.from) + " → " + name(m.to)}));
  }
  function edgeTip(e) {
    var m = emeta[e];
    var box = el("div", null, edgeTitle(e));
    changeRows(m.changes, 6).forEach(function (r) { box.append(r); });
    factRows(m.facts).forEach(function (r) { box.append(r); });
    m.quotes.slice(0, 3).forEach(function (q) { box.append(quoteBlock(q)); });
    return box;
  }
  function relationList(id) {
    var list = el("ul", {class: "relations"});
    network.getConnectedEdges(id).forEach(function (e) {
      var m = emeta[e];
      var out = m.from === id;
      var other = out ? m.to : m.from;
      var link = el("a", {href: "#", text: name(other)});
      link.addEventListener("click", function (event) { event.preventDefault(); choose(other); });
      list.append(el("li", null, el("span", {class: "rel", text: (out ? "→ " : "← ") + L(m.zh, m.en) + " "}), link));
    });
    return list;
  }
  function showDetails(id) {
    var m = meta[id];
    var close = el("button", {type: "button", class: "close", text: "×", "aria-label": "close"});
    close.addEventListener("click", clearSelection);
    details.replaceChildren(close, nodeHeader(id));
    if (m.href && m.href !== page.path) {
      details.append(el("a", {class: "open", href: base + m.href, text: L("打开其页面 →", "Open its page →")}));
    }
    flagRows(m.flags).forEach(function (r) { details.append(r); });
    if (m.changes && m.changes.length) {
      details.append(el("h3", {text: L("变更", "Changes")}));
      changeRows(m.changes, m.changes.length).forEach(function (r) { details.append(r); });
    }
    factRows(m.facts).forEach(function (r) { details.append(r); });
    if (m.figures.length) {
      details.append(el("h3", {text: L("数据", "Figures")}));
      m.figures.forEach(function (f) { details.append(figureRow(f, true)); });
    }
    details.append(el("h3", {text: L("来源引文", "Quotes")}));
    m.quotes.forEach(function (q) { details.append(quoteBlock(q)); });
    if (m.note) details.append(el("p", {class: "note", text: L("注：", "Note: ") + m.note}));
    details.append(moreNote(id));
    details.append(el("h3", {text: L("本图中的关系", "Relations on this page")}), relationList(id));
    details.hidden = false;
  }
  function showEdgeDetails(e) {
    var m = emeta[e];
    var close = el("button", {type: "button", class: "close", text: "×", "aria-label": "close"});
    close.addEventListener("click", clearSelection);
    details.replaceChildren(close, edgeTitle(e));
    changeRows(m.changes, (m.changes || []).length).forEach(function (r) { details.append(r); });
    factRows(m.facts).forEach(function (r) { details.append(r); });
    details.append(el("h3", {text: L("来源引文", "Quotes")}));
    m.quotes.forEach(function (q) { details.append(quoteBlock(q)); });
    details.hidden = false;
  }

  function placeTip(content, pointer) {
    tip.replaceChildren(content);
    tip.hidden = false;
    var box = container.getBoundingClientRect();
    var x = pointer.x + 16, y = pointer.y + 16;
    if (x + tip.offsetWidth > box.width - 8) x = Math.max(8, pointer.x - tip.offsetWidth - 16);
    if (y + tip.offsetHeight > box.height - 8) y = Math.max(8, box.height - tip.offsetHeight - 8);
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }
  function hideTip() { tip.hidden = true; tip.replaceChildren(); }

  /* ---- highlighting, filtering, labels ---- */
  function restyle() {
    var near = null, nearEdges = null;
    if (selected !== null) {
      near = new Set([selected].concat(network.getConnectedNodes(selected)));
      nearEdges = new Set(network.getConnectedEdges(selected));
    }
    /* An update without a colour puts a node back in its group's colours, and a partial edge
     * colour resets the rest: each update repeats the item's own colours. */
    nodes.update(data.nodes.map(function (n) {
      var show = !isHidden(meta[n.id]);
      var update = {id: n.id, hidden: !show, label: nodeLabel(n.id), opacity: near && !near.has(n.id) ? FADED : 1};
      if (n.color) update.color = n.color;
      return update;
    }));
    edges.update(data.edges.map(function (e) {
      var m = emeta[e.id];
      var show = !isHidden(meta[m.from]) && !isHidden(meta[m.to]) && !isHidden(m);
      var dim = nearEdges && !nearEdges.has(e.id);
      return {id: e.id, hidden: !show, label: L(m.zh, m.en),
              color: Object.assign({}, e.color, {opacity: dim ? FADED : 1}), font: {size: dim ? 0 : nearEdges ? 13 : 11}};
    }));
    var shown = nodes.get({filter: function (n) { return !n.hidden; }}).length;
    status.textContent = L("显示 " + shown + " / " + data.nodes.length + " 个节点，" + data.edges.length + " 条关系",
      "Showing " + shown + " of " + data.nodes.length + " nodes, " + data.edges.length + " relations");
  }
  /* Hidden when any legend group has its value unticked (an edge has a status, no type). */
  function isHidden(m) {
    return facets.some(function (f) { return m[f.key] !== undefined && hidden[f.key][m[f.key]]; });
  }
  function choose(id) {
    if (!meta[id]) return;
    if (isHidden(meta[id])) {
      facets.forEach(function (f) { hidden[f.key][meta[id][f.key]] = false; });
      syncLegend();
    }
    selected = id;
    network.selectNodes([id]);
    network.focus(id, {scale: Math.max(network.getScale(), 0.9), animation: false});
    restyle();
    showDetails(id);
  }
  function clearSelection() {
    selected = null;
    network.unselectAll();
    details.hidden = true;
    restyle();
  }

  var legendItems = [];
  function buildLegend() {
    var list = document.querySelector("#legend ul");
    facets.forEach(function (facet) {
      if (facets.length > 1) {
        var heading = el("span");
        list.append(el("li", {class: "facet"}, heading));
        legendItems.push({heading: heading, facet: facet});
      }
      facet.items.forEach(function (item) {
        var box = el("input", {type: "checkbox", "data-type": item.type});
        box.checked = true;
        box.addEventListener("change", function () {
          hidden[facet.key][item.type] = !box.checked;
          if (selected !== null && isHidden(meta[selected])) clearSelection();
          else restyle();
        });
        var text = el("span", {class: "type-name"});
        list.append(el("li", null, el("label", {title: item.title},
          box, KG.swatch(item), text, el("span", {class: "count", text: String(item.count)}))));
        legendItems.push({box: box, text: text, item: item, facet: facet});
      });
    });
  }
  function syncLegend() {
    legendItems.forEach(function (entry) {
      if (entry.heading) { entry.heading.textContent = L(entry.facet.zh, entry.facet.en); return; }
      entry.box.checked = !hidden[entry.facet.key][entry.item.type];
      entry.text.textContent = " " + L(entry.item.zh, entry.item.en) + " ";
    });
  }

  function drawBands(ctx) {
    page.bands.forEach(function (band) {
      ctx.fillStyle = band.colour;
      ctx.fillRect(band.x, band.y, band.w, band.h);
      ctx.fillStyle = "rgba(16,42,67,0.55)";
      ctx.font = "600 26px " + data.font;
      ctx.textBaseline = "top";
      ctx.fillText(L(band.zh, band.en), band.x + 14, band.y + 14);
    });
  }

  function start() {
    lang = KG.lang();
    nodes = new vis.DataSet(data.nodes.map(function (n) {
      return Object.assign({}, n, {label: nodeLabel(n.id)});
    }));
    edges = new vis.DataSet(data.edges.map(function (e) {
      return Object.assign({}, e, {label: L(emeta[e.id].zh, emeta[e.id].en)});
    }));
    network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);
    window.kgNetwork = network;
    window.kgNodes = nodes;
    window.kgEdges = edges;
    network.once("afterDrawing", function () {
      /* On a small screen the whole graph fits only at a small scale; lower the threshold
       * below which labels are hidden just enough that the largest (the hubs') still show. */
      var threshold = data.options.nodes.scaling.label.drawThreshold;
      var largest = Math.max.apply(null, data.nodes.map(function (n) { return n.font ? n.font.size : 14; }));
      var shown = largest * network.getScale();
      if (shown < threshold) {
        network.setOptions({nodes: {scaling: {label: {drawThreshold: Math.max(4, shown - 0.5)}}}});
      }
      window.kgReadyAt = performance.now();
      document.body.dataset.ready = "1";
    });
    if (page.bands.length) network.on("beforeDrawing", drawBands);
    network.on("hoverNode", function (p) { placeTip(nodeTip(p.node), p.pointer.DOM); });
    network.on("blurNode", hideTip);
    network.on("hoverEdge", function (p) { placeTip(edgeTip(p.edge), p.pointer.DOM); });
    network.on("blurEdge", hideTip);
    network.on("dragStart", hideTip);
    network.on("zoom", hideTip);
    network.on("click", function (p) {
      hideTip();
      if (p.nodes.length) choose(p.nodes[0]);
      else if (p.edges.length) { selected = null; restyle(); showEdgeDetails(p.edges[0]); }
      else clearSelection();
    });
    network.on("doubleClick", function (p) {
      var href = p.nodes.length ? meta[p.nodes[0]].href : "";
      if (href && href !== page.path) window.location.href = base + href;
    });
    buildLegend();
    document.getElementById("fit").addEventListener("click", function () { network.fit({animation: false}); });
    var entries = data.nodes.map(function (n) { return {id: n.id, search: meta[n.id].search}; });
    KG.searchBox(document.getElementById("search"), document.getElementById("results"), entries,
      function (entry) {
        var m = meta[entry.id];
        return el("span", null, KG.swatch(typeOf[m.type]), " ", el("b", {text: m.name}), " ",
          el("span", {class: "sub", text: m.name_en}));
      },
      function (entry) { choose(entry.id); });
    KG.onLang(function (value) {
      lang = value;
      syncLegend();
      restyle();
      if (selected !== null) showDetails(selected);
    });
    KG.initLang();
    if (page.focus) network.selectNodes([page.focus]);
  }

  KG.loadFont().then(start);
})();
