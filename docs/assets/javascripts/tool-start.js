/* Creates the handbook's Python worker as early as the page allows, and lets it start
   Python no earlier than the first paint of the text.

   Pyodide's start-up is the slowest thing a tool page does, so it should not wait until
   the whole page has been parsed and Material's own scripts have run (where tool.mjs
   runs). build_tools/theme/main.html loads this plain script at the very top of the head
   of pages that hold a tool, before the style sheets, so that it runs before the page's text
   is even read in: it creates the worker at once (the worker fetches its files and Pyodide's
   JavaScript, no Python) and tells it to start Python as soon as the first text has been
   painted, so the text is never held up by Python. tool.mjs reaches the same worker through
   `window.sdhToolWorker` ({connect, post}), so a page never starts two workers. (A module
   script, even `async`, ran only once the browser had read the page in, about 100 ms later.)

   It also fetches the memory snapshot the worker starts Python from (tool-worker.mjs), before
   the worker has even loaded, and hands it to the worker. On a first
   visit it asks for wheels/python-memory.bin, which a server that can sends zstd- or
   brotli-compressed (the browser decodes it as it arrives, off the worker's thread;
   build_tools/serve.py) and
   any other answers 404: then, and from the offline copy, which keeps only that one, it asks
   for wheels/python-memory.gz, which the worker inflates.

   Both directions are buffered: requests sent before the worker exists wait for it, and
   the worker's messages that arrive before tool.mjs has connected are kept for it. */

(function () {
"use strict";

const here = document.currentScript.src;
const held = [];
const outbox = [];
let handler = null;
let worker = null;
let startError = null;
let started = false;

// Material's search index is built only once the tool is ready or has failed, or once the
// reader turns to search, whichever comes first (build_tools/theme/assets/javascripts/
// search-gate.js holds this page's search worker until told), so that it does not take a
// core from Python's start.
let searchAllowed = false;

function allowSearch() {
  if (searchAllowed || typeof window.sdhSearchGo !== "function") return;
  searchAllowed = true;
  window.sdhSearchGo();
}

{
  const toSearch = (event) => event.target.closest && event.target.closest(".md-search, [for='__search']") && allowSearch();
  for (const type of ["focusin", "pointerover", "pointerdown"]) document.addEventListener(type, toSearch, true);
  document.addEventListener("change", (event) => event.target.id === "__search" && allowSearch(), true);
}

function pass(kind, event) {
  const type = kind === "message" && event.data ? event.data.type : kind;
  if (type === "ready" || type === "failed" || type === "error") allowSearch();
  if (handler) handler(kind, event);
  else held.push([kind, event]);
}

function create() {
  try {
    // The name tells the worker that this page fetches the snapshot for it (offerSnapshot).
    worker = new Worker(new URL("tool-worker.mjs", here), { type: "module", name: "sdh-snapshot-from-page" });
  } catch (e) {
    startError = e;
    allowSearch();
    pass("error", { message: e.message });
    return;
  }
  worker.addEventListener("message", (event) => pass("message", event));
  worker.addEventListener("error", (event) => {
    // The page reports the failure in words; the console need not repeat it.
    event.preventDefault();
    pass("error", event);
  });
}

function start() {
  if (started || !worker) return;
  started = true;
  worker.postMessage({ type: "start" });
  for (const message of outbox.splice(0)) worker.postMessage(message);
}

// Start once the browser reports the first contentful paint: then the text is on the
// screen, and Python takes nothing from it. (A frame painted earlier may hold no text
// yet, so "after the first frame" is not enough.) A hidden tab paints nothing: there
// Python starts at once. A browser without paint timing starts it after the first frame
// of the parsed page. The long timer is only a safety net should no paint ever be reported.
function afterFirstText() {
  if (document.visibilityState === "hidden") return start();
  document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && start());
  if (typeof PerformanceObserver !== "undefined" && (PerformanceObserver.supportedEntryTypes || []).includes("paint")) {
    const observer = new PerformanceObserver((list) => {
      if (list.getEntriesByName("first-contentful-paint").length) {
        observer.disconnect();
        start();
      }
    });
    observer.observe({ type: "paint", buffered: true });
    setTimeout(start, 5000);
  } else {
    const afterFrame = () => requestAnimationFrame(() => setTimeout(start, 0));
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", afterFrame);
    else afterFrame();
  }
}

/** The memory snapshot's download, or null: zstd- or brotli-compressed where the server can send it so,
    else gzip-compressed; from the offline copy, always the latter. */
async function snapshotDownload() {
  const ask = async (name) => {
    const url = new URL(`../../wheels/${name}`, here).href;
    const response = await fetch(url);
    return response.ok ? { url, response } : null;
  };
  try {
    const controlled = navigator.serviceWorker && navigator.serviceWorker.controller;
    return (!controlled && (await ask("python-memory.bin"))) || (typeof DecompressionStream === "function" ? await ask("python-memory.gz") : null);
  } catch {
    return null;
  }
}

/** Hand the worker the memory snapshot, once it is all here. Always sends the worker one
    {type: "snapshot"} message: with the snapshot as a Blob ({url, blob}), or without it if
    anything failed ({url: null}), and the worker then fetches it itself (or starts the
    ordinary way). The browser gathers the download into a Blob without passing it through
    this page's thread (busy reading the page in), and the worker reads it whole: handed
    over as a stream instead, and read chunk by chunk, it took longer than the download
    (the worker needs all of it before Python can start in any case). */
async function offerSnapshot() {
  const download = await snapshotDownload();
  try {
    if (download) {
      worker.postMessage({ type: "snapshot", url: download.url, blob: await download.response.blob() });
      return;
    }
  } catch {
    // the worker fetches it itself
  }
  worker.postMessage({ type: "snapshot", url: null });
}

// The worker itself is created at once: fetching its files and loading Pyodide's
// JavaScript cost the text nothing, and are done by the time the text is painted.
create();
if (worker) offerSnapshot();
afterFirstText();

/** Receive the worker's messages (held ones first): onEvent(kind, event), kind "message" or "error". */
function connect(onEvent) {
  handler = onEvent;
  for (const [kind, event] of held.splice(0)) onEvent(kind, event);
}

/** Send a message to the worker, now or once it has been told to start. */
function post(message) {
  if (started) worker.postMessage(message);
  else if (!startError) outbox.push(message);
}

window.sdhToolWorker = { connect, post };
})();
