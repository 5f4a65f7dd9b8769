/* The gate of Material's search worker on a page with a tool (build_tools/theme/main.html).

   Loaded before Material's own script, it keeps each worker this page makes from
   search-when-ready.js (Material's search worker on such a page) and lets it go when
   tool-start.js calls sdhSearchGo(): once the tool is ready or has failed, or once the reader
   turns to search. The word goes to this page's worker only: another open page of the
   handbook, with its own tool still starting, keeps its search waiting.

   Until then it also holds Material's download of the search index (search/search_index.json,
   about 160 kB, which Material asks for on the page's own thread, with XMLHttpRequest): on a
   slow network it would share the line with the tool's files (docs/performance.md). */
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

  var heldSends = [];
  var XHR = window.XMLHttpRequest;
  if (typeof XHR === "function") {
    var nativeOpen = XHR.prototype.open;
    var nativeSend = XHR.prototype.send;
    XHR.prototype.open = function (method, url) {
      this.sdhSearchIndex = /\/search\/search_index\.json(\?|$)/.test(String(url));
      return nativeOpen.apply(this, arguments);
    };
    XHR.prototype.send = function () {
      if (this.sdhSearchIndex && !open) heldSends.push([this, arguments]);
      else return nativeSend.apply(this, arguments);
    };
  }

  window.sdhSearchGo = function () {
    if (open) return;
    open = true;
    waiting.splice(0).forEach(function (worker) {
      worker.postMessage(GO);
    });
    heldSends.splice(0).forEach(function (held) {
      nativeSend.apply(held[0], held[1]);
    });
  };
})();
