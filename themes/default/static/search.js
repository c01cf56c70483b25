// The search page: starts Pagefind's search box in #search, and runs the
// query of the address (`/search/?q=word`, as the header's form sends it).
// A file of its own, as the site's Content-Security-Policy runs no inline
// script.
(function () {
  "use strict";
  var root = document.getElementById("search");
  if (!root || typeof PagefindUI === "undefined") {
    return;
  }
  var ui = new PagefindUI({
    element: "#search",
    bundlePath: root.getAttribute("data-bundle"),
    showImages: false,
    showSubResults: true,
    resetStyles: false
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query && query.trim()) {
    ui.triggerSearch(query.trim());
  }
})();
