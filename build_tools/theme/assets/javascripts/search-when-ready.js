/* Material's search worker, started late on a page with a tool (build_tools/theme/main.html).

   On every page Material starts its search worker at once and sends it the whole search
   index to build (about 0.7 MB), which takes a core of a two-core laptop while the tool's
   Python starts. On a page with a tool, Material is given this script as its search worker
   instead: it holds the index (and any query) and loads Material's real worker, named in its
   address, only when its page says "go" (search-gate.js posts {sdhSearch: "go"} to this
   worker, and to no other page's: once the tool is ready or has failed, or as soon as the
   reader moves to the search box, whichever comes first). Then it hands the real worker what
   it held, in order, as if it had just arrived. A safety timer lets it go on its own should
   no word ever come. */
(function () {
  "use strict";
  var held = [];
  var started = false;

  function hold(event) {
    if (event.data && event.data.sdhSearch === "go") go();
    else held.push(event.data);
  }
  self.addEventListener("message", hold);

  function go() {
    if (started) return;
    started = true;
    self.removeEventListener("message", hold);
    var name = new URLSearchParams(location.search).get("worker") || "";
    importScripts(new URL(name.replace(/^.*assets\/javascripts\//, ""), location.href).href);
    held.splice(0).forEach(function (data) {
      self.dispatchEvent(new MessageEvent("message", { data: data }));
    });
  }

  setTimeout(go, 20000);
})();
