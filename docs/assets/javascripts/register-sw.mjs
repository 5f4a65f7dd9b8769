/* Registers the service worker (sw.js at the site's root, written by Workbox at build
   time), which precaches the whole site so that it keeps working offline after the
   first visit. A new build brings a new sw.js; it takes over at once and replaces the
   files whose content changed, so an old rule never lingers.

   When: the offline copy is about 15 MB. On a page with a tool, it waits until the tool
   is ready (or has failed), so that on a first visit it does not compete with Pyodide's
   own start for the network and the processor; elsewhere it waits for the page's load.

   Two notes, in the words the page carries (build_tools/site_pages.py, placed by the theme
   as data on the polite live region .sdh-app-note): "ready to use offline" once a service
   worker this page saw installing has finished (Workbox precaches everything while it
   installs), and "reload" when the site's version.json (never precached: build_tools/sw.mjs)
   names another version than this page's (the foot of the page, data-handbook-version). */
let registered = false;
const root = new URL("../../", import.meta.url);
const note = document.querySelector(".sdh-app-note");

function say(key) {
  const words = note && note.dataset[key];
  if (words && note.textContent !== words) note.textContent = words;
}

function watch(worker) {
  if (!worker) return;
  const done = () => {
    if (worker.state === "activated") {
      say("offlineReady");
      document.documentElement.dataset.sdhOfflineReady = "";
    }
  };
  worker.addEventListener("statechange", done);
  done();
}

function register() {
  if (registered) return;
  registered = true;
  navigator.serviceWorker
    .register(new URL("sw.js", root), { scope: root.pathname })
    .then((registration) => {
      watch(registration.installing);
      registration.addEventListener("updatefound", () => watch(registration.installing));
    })
    .catch((error) => console.warn("Offline copy unavailable:", error.message));
}

async function checkVersion() {
  const mine = document.querySelector("[data-handbook-version]");
  if (!mine) return;
  try {
    // Past every cache: a tab open across a new build must hear of it.
    const response = await fetch(new URL("version.json", root), { cache: "no-store" });
    if (!response.ok) return;
    const { version } = await response.json();
    if (version && version !== mine.dataset.handbookVersion) say("reload");
  } catch {
    // Offline, or no version.json (a page built without the site build): nothing to say.
  }
}

checkVersion();
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible") checkVersion();
});

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
