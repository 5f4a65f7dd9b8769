/* Creates the handbook's Python worker as early as the page allows, and lets it start
   Python no earlier than the first paint of the text.

   Pyodide's start-up is the slowest thing a tool page does, so it should not wait until
   the whole page has been parsed and Material's own scripts have run (where tool.mjs
   runs). build_tools/theme/main.html loads this module with `async` in the head of pages
   that hold a tool. It creates the worker at once (the worker fetches its files and
   Pyodide's JavaScript, no Python) and tells it to start Python as soon as the first
   text has been painted, so the text is never held up by Python. tool.mjs imports the same module (one URL, one
   instance), so a page never starts two workers.

   Both directions are buffered: requests sent before the worker exists wait for it, and
   the worker's messages that arrive before tool.mjs has connected are kept for it. */

const held = [];
const outbox = [];
let handler = null;
let worker = null;
let startError = null;
let started = false;

function pass(kind, event) {
  if (handler) handler(kind, event);
  else held.push([kind, event]);
}

function create() {
  try {
    worker = new Worker(new URL("tool-worker.mjs", import.meta.url), { type: "module" });
  } catch (e) {
    startError = e;
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

// The worker itself is created at once: fetching its files and loading Pyodide's
// JavaScript cost the text nothing, and are done by the time the text is painted.
create();
afterFirstText();

/** Receive the worker's messages (held ones first): onEvent(kind, event), kind "message" or "error". */
export function connect(onEvent) {
  handler = onEvent;
  for (const [kind, event] of held.splice(0)) onEvent(kind, event);
}

/** Send a message to the worker, now or once it has been told to start. */
export function post(message) {
  if (started) worker.postMessage(message);
  else if (!startError) outbox.push(message);
}
