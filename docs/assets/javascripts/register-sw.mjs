/* Registers the service worker (sw.js at the site's root, written by Workbox at build
   time), which precaches the whole site so that it keeps working offline after the
   first visit. A new build brings a new sw.js; it takes over at once and replaces the
   files whose content changed, so an old rule never lingers.

   When: the offline copy is about 15 MB. On a page with a tool, it waits until the tool
   is ready (or has failed), so that on a first visit it does not compete with Pyodide's
   own start for the network and the processor; elsewhere it waits for the page's load. */
let registered = false;

function register() {
  if (registered) return;
  registered = true;
  const root = new URL("../../", import.meta.url);
  navigator.serviceWorker
    .register(new URL("sw.js", root), { scope: root.pathname })
    .catch((error) => console.warn("Offline copy unavailable:", error.message));
}

if ("serviceWorker" in navigator && window.isSecureContext) {
  if (document.querySelector(".sdh-tool[data-tool]")) {
    // tool.mjs announces "sdh-tool-settled" once; the mark shows it happened already.
    if (performance.getEntriesByName("sdh-tool-ready").length) register();
    else {
      document.addEventListener("sdh-tool-settled", register, { once: true });
      setTimeout(register, 60000); // a tool that never settles must not cost the offline copy
    }
  } else if (document.readyState === "complete") register();
  else window.addEventListener("load", register, { once: true });
}
