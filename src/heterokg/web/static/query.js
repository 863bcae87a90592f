// The query editor: YASGUI on this server's /sparql, the example queries as tabs and buttons.
// (A static file, so that pages can run under a Content-Security-Policy without inline scripts.)
(function () {
  var examples = JSON.parse(document.getElementById("examples-data").textContent);
  var defaultQuery = JSON.parse(document.getElementById("default-query").textContent);
  // absolute, from the page's own address (right behind a TLS-terminating proxy too)
  var endpoint = new URL(document.getElementById("yasgui").dataset.endpoint, window.location.href).href;
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    persistenceId: null,
    populateFromUrl: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    yasqe: { autocompleters: ["prefixes", "variables"], value: defaultQuery }
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
