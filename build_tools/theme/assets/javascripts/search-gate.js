/* The gate of Material's search worker on a page with a tool (build_tools/theme/main.html).

   Loaded before Material's own script, it keeps each worker this page makes from
   search-when-ready.js (Material's search worker on such a page) and lets it go when
   tool-start.js calls sdhSearchGo(): once the tool is ready or has failed, or once the reader
   turns to search. The word goes to this page's worker only: another open page of the
   handbook, with its own tool still starting, keeps its search waiting. */
(function () {
  "use strict";
  var Native = window.Worker;
  if (typeof Native !== "function") return;
  var waiting = [];
  var open = false;
  var GO = { sdhSearch: "go" };

  function Gated(url, options) {
    var worker = new Native(url, options);
    if (String(url).indexOf("search-when-ready.js") !== -1) {
      if (open) worker.postMessage(GO);
      else waiting.push(worker);
    }
    return worker;
  }
  Gated.prototype = Native.prototype;
  window.Worker = Gated;

  window.sdhSearchGo = function () {
    if (open) return;
    open = true;
    waiting.splice(0).forEach(function (worker) {
      worker.postMessage(GO);
    });
  };
})();
