/* Registers the service worker (sw.js at the site's root, written by Workbox at build
   time), which precaches the whole site so that it keeps working offline after the
   first visit. A new build brings a new sw.js; it takes over at once and replaces the
   files whose content changed, so an old rule never lingers. */
if ("serviceWorker" in navigator && window.isSecureContext) {
  const root = new URL("../../", import.meta.url);
  navigator.serviceWorker
    .register(new URL("sw.js", root), { scope: root.pathname })
    .catch((error) => console.warn("Offline copy unavailable:", error.message));
}
