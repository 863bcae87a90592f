// The query editor: YASGUI on this server's /sparql, the example queries as tabs and buttons.
// (A static file, so that pages can run under a Content-Security-Policy without inline scripts.)
(function () {
  var examples = JSON.parse(document.getElementById("examples-data").textContent);
  var defaultQuery = JSON.parse(document.getElementById("default-query").textContent);
  // absolute, from the page's own address (right behind a TLS-terminating proxy too)
  var endpoint = new URL(document.getElementById("yasgui").dataset.endpoint, window.location.href).href;
  var labelsUrl = document.getElementById("yasgui").dataset.labels;
  var LABEL_BATCH = 500;  // the most IRIs /api/labels answers per request
  var known = {};  // IRI -> {label, url}, kept across queries

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // A link only to this server's pages or to http(s) addresses: an IRI in a result may be
  // any scheme (javascript: included), and must never become a live link.
  function safeHref(url) {
    return /^(\/(?!\/)|https?:\/\/)/i.test(url) ? url : null;
  }

  // Labels and local page addresses of the result's IRIs, from the server, in batches.
  function fetchLabels(iris) {
    var missing = iris.filter(function (i) { return !known[i]; });
    var batches = [];
    for (var k = 0; k < missing.length; k += LABEL_BATCH) {
      batches.push(missing.slice(k, k + LABEL_BATCH));
    }
    return Promise.all(batches.map(function (batch) {
      return fetch(labelsUrl, { method: "POST", headers: { "Content-Type": "application/json" },
                                body: JSON.stringify({ iris: batch }) })
        .then(function (r) { return r.ok ? r.json() : {}; })
        .then(function (found) { Object.assign(known, found); })
        .catch(function () {});  // no labels: the table shows the IRIs
    }));
  }

  // A variable ?x shown with the label in ?xLabel / ?x_label / ?xlabel when the query has one.
  function labelVariables(vars) {
    var out = {};
    vars.forEach(function (v) {
      [v + "Label", v + "_label", v + "label"].forEach(function (l) {
        if (!out[v] && vars.indexOf(l) >= 0) { out[v] = l; }
      });
    });
    return out;
  }

  // YASR's table, showing what a researcher reads: IRIs as their labels linked to this
  // server's /resource pages, literals as their plain values, long cells wrapped, not cut.
  var Table = Yasgui.Yasr.plugins.table;
  class ReadableTable extends Table {
    constructor(yasr) {
      super(yasr);
      this.label = "Readable table";
      this.priority = 20;
    }

    initialize() {
      var iris = [];
      (this.yasr.results.getBindings() || []).forEach(function (row) {
        Object.keys(row).forEach(function (v) {
          if (row[v].type === "uri") { iris.push(row[v].value); }
        });
      });
      return fetchLabels(Array.from(new Set(iris)));
    }

    getRows() {
      var vars = this.yasr.results.getVariables();
      var byVar = labelVariables(vars);
      return super.getRows().map(function (row) {
        return row.map(function (cell, i) {
          var labelVar = byVar[vars[i - 1]];
          var label = labelVar ? row[1 + vars.indexOf(labelVar)] : null;
          return cell && cell.type === "uri" && label && label.value
            ? Object.assign({}, cell, { label: label.value }) : cell;
        });
      });
    }

    getColumns() {
      // filter and sort by what the cell shows
      return super.getColumns().map(function (col, i) {
        if (i === 0) { return col; }
        var render = col.render;
        col.render = function (cell, type, row, meta) {
          if (cell && (type === "filter" || type === "sort")) { return displayText(cell); }
          return render(cell, type, row, meta);
        };
        return col;
      });
    }

    getCellContent(binding) {
      if (binding.type !== "uri") {
        return "<div><span class='nonIri'>" + escapeHtml(binding.value) + "</span></div>";
      }
      var info = known[binding.value] || {};
      var href = safeHref(info.url || binding.value);
      var text = escapeHtml(displayText(binding));
      var title = escapeHtml(binding.value);
      return "<div>" + (href ? "<a class='iri' href='" + escapeHtml(href) + "' title='" + title + "'>" + text + "</a>"
                              : "<span class='iri' title='" + title + "'>" + text + "</span>") + "</div>";
    }

    draw(config) {
      super.draw(Object.assign({}, config, { isEllipsed: false }));
      // the column resizer fixes widths measured before the cells wrap: let the browser
      // lay the table out within the page instead
      this.destroyResizer();
      [this.tableEl].concat(Array.from(this.tableEl.querySelectorAll("th, col"))).forEach(function (el) {
        el.style.removeProperty("width");
      });
    }
  }

  function displayText(binding) {
    if (binding.type !== "uri") { return binding.value; }
    return binding.label || (known[binding.value] || {}).label || binding.value;
  }

  Yasgui.Yasr.registerPlugin("readable", ReadableTable);
  Yasgui.Yasr.defaults.pluginOrder = ["readable", "table", "response"];
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    persistenceId: null,
    populateFromUrl: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    yasqe: { autocompleters: ["prefixes", "variables"], value: defaultQuery },
    yasr: { defaultPlugin: "readable" }
  });
  var first = yasgui.getTab();
  if (first) {
    first.setQuery(defaultQuery);
    first.setName(examples.length ? examples[0].title : "Query");
  }
  var tabIds = examples.map(function (ex, i) {
    if (i === 0 && first) { return first.getId(); }
    var t = yasgui.addTab(false, { name: ex.title, yasqe: { value: ex.query },
                                   requestConfig: { endpoint: endpoint, method: "POST" } });
    return t.getId();
  });
  window.heterokgYasgui = yasgui;
  document.querySelectorAll("button.example").forEach(function (b) {
    b.addEventListener("click", function () {
      var i = parseInt(b.dataset.index, 10);
      yasgui.selectTabId(tabIds[i]);
      var tab = yasgui.getTab(tabIds[i]);
      tab.setQuery(examples[i].query);
      tab.query();
    });
  });
})();
