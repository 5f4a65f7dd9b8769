/* The one client of the handbook's Python worker (tool-worker.mjs), for the tools and the
   training cases alike: it follows the worker's readiness and sends it questions.

   Two ways to reach the worker, with the same client:
   - a tool's page (tool.mjs) connects to the worker that tool-start.js created from the
     page's head, which starts Python after the first paint: `fromToolStart(connect, post)`;
   - a training case (training.mjs) creates its own worker when the learner turns to the
     case, and tells it to start Python at once: `ownWorker`. A worker with no name fetches
     the memory snapshot itself (tool-worker.mjs).

   The protocol is the worker's: {id, tool, request} out (request a JSON string), and
   {type: "ready" | "failed" | "answer"} back. A worker that cannot load at all is reported
   with the page's own words for it (`noWorker`, written by the build): nothing here is
   worded. */

/** Reach tool-start.js's worker: open(onEvent) returns the function that posts to it. */
export function fromToolStart(connect, post) {
  return (onEvent) => {
    connect(onEvent);
    return post;
  };
}

/** Create a worker of this page's own and start its Python at once. */
export function ownWorker(onEvent) {
  let worker;
  try {
    worker = new Worker(new URL("tool-worker.mjs", import.meta.url), { type: "module" });
  } catch (e) {
    onEvent("error", { message: e.message });
    return () => {};
  }
  worker.addEventListener("message", (event) => onEvent("message", event));
  worker.addEventListener("error", (event) => {
    // The page reports the failure in words; the console need not repeat it.
    event.preventDefault();
    onEvent("error", event);
  });
  worker.postMessage({ type: "start" });
  return (message) => worker.postMessage(message);
}

/** A client of the worker reached by `open`: {ask(tool, request), onReadiness(listener), readiness}.
    `noWorker` is the page's words for a worker that could not load. */
export function workerClient(open, noWorker) {
  let nextId = 1;
  const pending = new Map();
  const listeners = [];
  const readiness = { state: "starting", message: "" };

  function settle(state, detail) {
    Object.assign(readiness, { state }, detail);
    for (const listener of listeners) listener(readiness);
  }
  const refusal = () => ({ ok: false, errors: [{ field: null, message: readiness.message }] });

  const post = open((kind, event) => {
    if (kind === "message") {
      const data = event.data || {};
      if (data.type === "ready") settle("ready", { version: data.version, date: data.date, timings: data.timings });
      else if (data.type === "failed") settle("failed", { message: data.message });
      else if (data.type === "answer" && pending.has(data.id)) {
        pending.get(data.id)(data.response);
        pending.delete(data.id);
      }
      return;
    }
    settle("failed", { message: [noWorker, event.message].filter(Boolean).join(" ") });
    for (const [id, resolve] of pending) {
      resolve(JSON.stringify(refusal()));
      pending.delete(id);
    }
  });

  return {
    readiness,
    /** listener(readiness) on "ready" or "failed"; at once if that has happened already. */
    onReadiness(listener) {
      listeners.push(listener);
      if (readiness.state !== "starting") listener(readiness);
    },
    /** Python's answer to one request, parsed: {ok: true, ...} or {ok: false, errors}. */
    ask(tool, request) {
      if (readiness.state === "failed") return Promise.resolve(refusal());
      return new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, (text) => resolve(JSON.parse(text)));
        post({ id, tool, request: JSON.stringify(request) });
      });
    },
  };
}
