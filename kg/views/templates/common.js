/* hzkg views: helpers shared by every page.
 * User text only ever reaches the page through textContent, createTextNode or canvas
 * fillText; nothing here parses a string as HTML. */
"use strict";
window.KG = (function () {
  var LANG_KEY = "hzkg-lang";

  /* el("a", {class: "x", href: url, text: "label"}, child, ...) — children may be strings. */
  function el(tag, props) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      var value = props[key];
      if (value === undefined || value === null) return;
      if (key === "text") node.textContent = value;
      else if (key === "class") node.className = value;
      else if (key === "href") node.href = value;
      else if (key === "style") node.style.cssText = value;
      else node.setAttribute(key, value);
    });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === undefined || child === null || child === false) continue;
      node.append(child);
    }
    return node;
  }

  /* The page's CJK glyphs travel as base64 in a text/plain script element; loading them
   * through FontFace needs no URL, so the strict CSP allows it and no request is made. */
  function loadFont() {
    var holder = document.getElementById("kg-font");
    var text = holder ? holder.textContent.trim() : "";
    if (!text || !window.FontFace) return Promise.resolve(false);
    var binary = atob(text);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    var face = new FontFace("KG CJK", bytes.buffer);
    document.fonts.add(face);
    return face.load().then(function () { return true; }, function () { return false; });
  }

  var listeners = [];
  function lang() {
    try {
      var stored = window.localStorage.getItem(LANG_KEY);
      if (stored === "en" || stored === "zh") return stored;
    } catch (e) { /* storage may be off for file: pages */ }
    return "zh";
  }
  function applyLang(value) {
    document.documentElement.lang = value === "zh" ? "zh-Hans" : "en";
    document.body.dataset.lang = value;
    document.querySelectorAll(".t").forEach(function (node) {
      node.textContent = node.dataset[value];
    });
    var button = document.getElementById("lang");
    if (button) button.textContent = value === "zh" ? "English" : "中文";
    listeners.forEach(function (fn) { fn(value); });
  }
  function setLang(value) {
    try { window.localStorage.setItem(LANG_KEY, value); } catch (e) { /* ignore */ }
    applyLang(value);
  }
  function onLang(fn) { listeners.push(fn); }
  function initLang() {
    var button = document.getElementById("lang");
    if (button) button.addEventListener("click", function () {
      setLang(document.body.dataset.lang === "zh" ? "en" : "zh");
    });
    applyLang(lang());
  }

  /* Lowercase, without quotes, title marks, brackets or spaces — as kg.names.plain. */
  var PUNCTUATION = /[\u201c\u201d\u2018\u2019"'《》「」〈〉()（）·・\s]/g;
  function plain(text) { return text.toLowerCase().replace(PUNCTUATION, ""); }

  /* 0 exact, 1 prefix, 2 elsewhere, -1 no match; pinyin forms match only at syllable starts. */
  function matchForm(form, query) {
    var text = form[0], starts = form[1];
    if (text === query) return 0;
    for (var at = text.indexOf(query); at >= 0; at = text.indexOf(query, at + 1)) {
      if (starts === null || starts.indexOf(at) >= 0) return at === 0 ? 1 : 2;
    }
    return -1;
  }

  /* Rank entries whose forms (names, aliases, English, Traditional, pinyin — built by
   * kg.names.search_forms) match the query as kg.query.KnowledgeGraph.find does. */
  function search(query, entries, limit) {
    var q = plain(query);
    if (!q) return [];
    var found = [];
    entries.forEach(function (entry) {
      var best = null;
      entry.search.forEach(function (form) {
        var rank = matchForm(form, q);
        if (rank < 0) return;
        var score = [rank, form[0].length];
        if (!best || score[0] < best[0] || (score[0] === best[0] && score[1] < best[1])) best = score;
      });
      if (best) found.push({entry: entry, score: best});
    });
    found.sort(function (a, b) {
      return a.score[0] - b.score[0] || a.score[1] - b.score[1] ||
        (a.entry.id < b.entry.id ? -1 : a.entry.id > b.entry.id ? 1 : 0);
    });
    return found.slice(0, limit || 12).map(function (f) { return f.entry; });
  }

  /* A type marker: the symbol's shape in the type's colour. */
  var GLYPHS = {dot: "●", hexagon: "⬢", diamond: "◆", square: "■", triangle: "▲", triangleDown: "▼", star: "★",
                line: "━", ring: "○"};
  function swatch(type) {
    if (!type) return "";  /* an id with no record (a review page) has no type */
    return el("span", {class: "swatch", style: "color:" + type.colour, text: GLYPHS[type.shape] || "●"});
  }

  /* A search box with a drop-down of results, driven by the keyboard or the mouse. */
  function searchBox(input, list, entries, render, choose) {
    var shown = [];
    var active = -1;
    function close() { list.hidden = true; list.replaceChildren(); shown = []; active = -1; }
    function mark() {
      Array.prototype.forEach.call(list.children, function (item, i) {
        item.classList.toggle("active", i === active);
      });
    }
    function update() {
      shown = search(input.value, entries, 12);
      list.replaceChildren();
      active = shown.length ? 0 : -1;
      shown.forEach(function (entry, i) {
        var item = el("li", {role: "option"}, render(entry));
        item.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(entry);
          close();
        });
        item.addEventListener("mouseenter", function () { active = i; mark(); });
        list.append(item);
      });
      if (input.value.trim() && !shown.length) {
        list.append(el("li", {class: "none", text: document.body.dataset.lang === "en" ? "No match" : "无匹配结果"}));
      }
      list.hidden = !input.value.trim();
      mark();
    }
    input.addEventListener("input", update);
    input.addEventListener("focus", function () { if (input.value.trim()) update(); });
    input.addEventListener("blur", close);
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && shown.length) { active = (active + 1) % shown.length; mark(); event.preventDefault(); }
      else if (event.key === "ArrowUp" && shown.length) { active = (active + shown.length - 1) % shown.length; mark(); event.preventDefault(); }
      else if (event.key === "Enter" && active >= 0) { choose(shown[active]); close(); event.preventDefault(); }
      else if (event.key === "Escape") { close(); }
    });
  }

  return {el: el, loadFont: loadFont, lang: lang, setLang: setLang, onLang: onLang, initLang: initLang,
          search: search, swatch: swatch, searchBox: searchBox};
})();
