// Writes the service worker of the built site with Workbox (workbox-build's generateSW,
// pinned in package.json): it precaches every file of the site (pages, search index,
// assets, Pyodide, the wheels), each under a revision hash of its content. A new build
// gives a new sw.js that installs at once (skipWaiting, clientsClaim) and drops the
// files that changed or went away, so no old rule stays in the cache. Workbox's downloads
// go through the HTTP cache, revalidated (sw-precache-fetch.js).
//
//   node build_tools/sw.mjs SITE_DIR
import { generateSW } from "workbox-build";
import { copyFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const site = path.resolve(process.argv[2] || "site");
// Precache through the HTTP cache, so a first visit does not download twice what the page
// has just downloaded (build_tools/sw-precache-fetch.js says how).
const FETCH_SHIM = "sw-precache-fetch.js";
copyFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), FETCH_SHIM), path.join(site, FETCH_SHIM));
const { count, size, warnings } = await generateSW({
  globDirectory: site,
  globPatterns: ["**/*"],
  // Compressed copies (NAME.zst, NAME.br) are for a server to send with a Content-Encoding: the
  // offline copy keeps the files themselves, and the gzip-compressed memory snapshot.
  // version.json says which build is published: an open tab fetches it from the network to
  // learn of a newer one (register-sw.mjs), so the offline copy must never answer for it.
  globIgnores: ["sw.js", "sw.js.map", "workbox-*.js", "**/*.map", "**/*.br", "**/*.zst", "version.json"],
  importScripts: [FETCH_SHIM],
  swDest: path.join(site, "sw.js"),
  maximumFileSizeToCacheInBytes: 32 * 1024 * 1024,
  cacheId: "strategy-discussion-handbook",
  cleanupOutdatedCaches: true,
  clientsClaim: true,
  skipWaiting: true,
  directoryIndex: "index.html",
  ignoreURLParametersMatching: [/.*/],
  inlineWorkboxRuntime: true,
  mode: "production",
  sourcemap: false,
  disableDevLogs: true,
});
for (const warning of warnings) console.error(`sw.mjs: ${warning}`);
if (warnings.length) process.exit(1);
console.log(`sw.mjs: ${count} files precached (${(size / 1048576).toFixed(1)} MB)`);
