/* Imported by the service worker (sw.js, written by build_tools/sw.mjs) before Workbox's code.

   Workbox downloads each file it precaches with `cache: "reload"`, which passes by the
   browser's HTTP cache: on a first visit, everything the page has just downloaded to start
   its tool (Pyodide's WebAssembly, the memory snapshot, the standard library) would travel a
   second time, about 11 MB. Here such a request is made with `cache: "no-cache"` instead: the
   HTTP cache's copy is used once the server has confirmed it is current (a 304 reply, no
   body), and the file is downloaded only when it is not there or has changed. Workbox still
   checks nothing less and stores each file under its revision from the build's manifest, so
   an update fetches exactly what changed, as before. */
(function () {
  "use strict";
  var fetchFromNetwork = self.fetch.bind(self);
  self.fetch = function (input, init) {
    if (input instanceof Request && input.cache === "reload") {
      return fetchFromNetwork(new Request(input, { cache: "no-cache" }), init);
    }
    return fetchFromNetwork(input, init);
  };
})();
