// Suggestions for the search box from /api/autocomplete (labels, synonyms, formulas).
(function () {
  var input = document.getElementById("q");
  var list = document.getElementById("q-suggestions");
  if (!input || !list || !window.fetch) { return; }
  var timer = null, last = "";
  input.addEventListener("input", function () {
    var term = input.value.trim();
    if (timer) { clearTimeout(timer); }
    if (term.length < 2 || term === last) { return; }
    timer = setTimeout(function () {
      last = term;
      fetch("/api/autocomplete?q=" + encodeURIComponent(term))
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (hits) {
          while (list.firstChild) { list.removeChild(list.firstChild); }
          hits.forEach(function (h) {
            var o = document.createElement("option");
            o.value = h.label;  // textContent/value: never parsed as HTML
            o.label = h.kind + (h.synonym ? " (" + h.synonym + ")" : "");
            list.appendChild(o);
          });
        })
        .catch(function () {});
    }, 150);
  });
})();
