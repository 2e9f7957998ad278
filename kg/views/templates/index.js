/* hzkg views: the index page — search over every record, language toggle. */
"use strict";
(function () {
  var el = KG.el;
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var typeOf = {};
  data.types.forEach(function (t) { typeOf[t.type] = t; });
  KG.searchBox(document.getElementById("search"), document.getElementById("results"), data.entries,
    function (entry) {
      var type = typeOf[entry.type];
      var lang = document.body.dataset.lang;
      return el("a", {href: entry.href}, KG.swatch(type), " ", el("b", {text: entry.name}), " ",
        el("span", {class: "sub", text: entry.name_en + " · " + (lang === "en" ? type.en : type.zh)}));
    },
    function (entry) { window.location.href = entry.href; });
  KG.initLang();
  KG.loadFont().then(function () { document.body.dataset.ready = "1"; });
})();
