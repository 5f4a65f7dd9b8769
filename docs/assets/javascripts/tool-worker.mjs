/* The handbook's Python, in a Web Worker: starts Pyodide from the site itself with the
   calculators wheel (the rulebook inside, and the one time zone file it needs: Europe/London,
   taken from the pinned tzdata wheel at build time), then answers each request with
   calculators.web.run_for_page(tool, request_json).

   Two ways to start, with the same answers (docs/performance.md):
   - from the build's memory snapshot (build_tools/snapshot.mjs): Python as it was at build
     time with every module the tools use imported and the rulebook read, so Pyodide skips
     Python's own start and the handbook's. The snapshot is named in wheels/wheels.json,
     stored gzip-compressed, without its zeros and as a difference from the memory Pyodide
     starts with (memory-snapshot.mjs), inflated here with DecompressionStream and written
     straight into Pyodide's memory. Pyodide itself refuses a snapshot of another runtime
     ("Snapshot build id mismatch"), memory-snapshot.mjs one made against other memory, and
     python-setup.mjs's checkSnapshot checks that it belongs to this build (the manifest's
     key, the standard library zip). Then the worker says "ready", and only then fetches the
     wheel and the bytecode and unpacks them again (restoreFiles), since a snapshot keeps no
     files: every module is imported and every file read already, so they are only for what
     might be read later, and on a slow network their 0.4 MB would delay "ready"; a request
     that comes meanwhile waits for them. It also answers a few requests of its own in the
     background (warm), so that the browser has compiled what answering runs before the
     reader asks.
   - the ordinary start, whenever the snapshot is missing, cannot be fetched or inflated, or
     does not match: silently, the only trace is `snapshot: false` and the reason in the ready
     message's timings. The wheel and the build-time bytecode are fetched while Pyodide starts
     and unpacked straight into site-packages.

   The page may create the worker before its text is painted: the worker then fetches what it
   needs and loads Pyodide's JavaScript, but starts Python (loadPyodide) only when the page
   sends {type: "start"}, so the text never waits for Python. A worker named
   "sdh-snapshot-from-page" (tool-start.js) receives the snapshot's download from the page,
   whose head starts it before this worker has even loaded: {type: "snapshot", url, blob} with
   the whole download (the zstd- or brotli-compressed copy, decoded by the browser, or the gzip one,
   inflated here), or {type: "snapshot", url: null} when the page could not (this worker then
   fetches it itself). A worker with no name (a training case's) fetches it itself.

   Messages from the page: {type: "start"} once; then {id, tool, request} where request
   is a JSON string.
   Messages to the page: {type: "ready", version, date, timings} once, or {type: "failed",
   message}; then {type: "answer", id, response} for each request (response is a JSON string).
   Nothing is stored and nothing leaves the site: every URL below is the site's own. */

import { inflateSnapshot, parseSnapshot, restoring, zerosOf } from "./memory-snapshot.mjs";
import { FACTS, PYODIDE_ENV, checkSnapshot, install, prepareFiles, restoreFiles } from "./python-setup.mjs";

const siteRoot = new URL("../../", import.meta.url);
const t0 = performance.now();
const timings = {};
let allowStart;
const startAllowed = new Promise((resolve) => (allowStart = resolve));
let offerSnapshot;
const offeredByPage = new Promise((resolve) => (offerSnapshot = resolve));
if (self.name !== "sdh-snapshot-from-page") offerSnapshot(null);
const mark = (step) => (timings[step] = Math.round(performance.now() - t0));

function fail(message) {
  const error = new Error(message);
  error.userMessage = message;
  return error;
}

async function fetchOk(name) {
  const response = await fetch(new URL(name, siteRoot));
  if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
  return response;
}

const bytesOf = async (name) => new Uint8Array(await (await fetchOk(`wheels/${name}`)).arrayBuffer());

async function readManifest() {
  try {
    return await (await fetchOk("wheels/wheels.json")).json();
  } catch (e) {
    throw fail(`The list of the tool's Python packages could not be read (${e.message}).`);
  }
}

/** The stored snapshot, inflated and parsed (memory-snapshot.mjs). */
async function snapshotBytes(snapshot) {
  // The page offers either name of the snapshot (tool-start.js): the zstd or brotli one arrives decoded.
  const names = [snapshot.file, snapshot.brotli].filter(Boolean).map((name) => new URL(`wheels/${name}`, siteRoot).href);
  const offered = await offeredByPage;
  const ours = offered && names.includes(offered.url);
  // Which copy it came from, for the tests and the benchmark.
  timings.snapshotFile = ours ? offered.url.split("/").pop() : snapshot.file;
  const blob = ours ? offered.blob : await (await fetchOk(`wheels/${snapshot.file}`)).blob();
  const parsed = parseSnapshot(await inflateSnapshot(blob));
  mark("snapshotInflated");
  return parsed;
}

/** A promise Pyodide awaits once, then forgets: Pyodide keeps its options, and what it is
    given as the snapshot (31 MB, zeros: memory-snapshot.mjs) need not outlive the start. */
function once(promise) {
  return {
    then(resolve, reject) {
      const held = promise;
      promise = null;
      return held.then(resolve, reject);
    },
  };
}

async function loadPython({ loadPyodide, createPyodideModule }, problems, snapshot) {
  return loadPyodide({
    indexURL: new URL("pyodide/", siteRoot).href,
    createPyodideModule,
    env: PYODIDE_ENV,
    stdout: () => {},
    stderr: (line) => problems.push(line),
    // From a snapshot, Pyodide's memory is written by memory-snapshot.mjs's restoring.
    ...(snapshot
      ? { createPyodideModule: restoring(createPyodideModule, snapshot), _loadSnapshot: once(snapshot.then(zerosOf)) }
      : {}),
  });
}

/** Pyodide compiles its WebAssembly only once the snapshot is there (loadPyodide awaits
    `_loadSnapshot` before it instantiates). Compiled here instead, as soon as Python may start,
    while the snapshot is still arriving and being inflated, the compiling is off the critical
    path. For the time of loadPyodide, Pyodide's own request for its .wasm gets an empty reply
    and its WebAssembly.instantiateStreaming(reply, imports) instantiates the module compiled
    here with Pyodide's imports; both are put back at once. (Like the snapshot options, this
    follows the pinned Pyodide; if the compiling fails, the snapshot is refused and the
    ordinary start, which this does not touch, follows.) */
async function withCompiledWasm(url, compiled, load) {
  const realFetch = self.fetch;
  const realInstantiate = WebAssembly.instantiateStreaming;
  self.fetch = (input, init) =>
    String(input instanceof Request ? input.url : input) === url
      ? Promise.resolve(new Response(new Uint8Array(0), { headers: { "Content-Type": "application/wasm" } }))
      : realFetch(input, init);
  WebAssembly.instantiateStreaming = async (reply, imports) => {
    const module = await compiled;
    mark("wasmCompiled");
    return { module, instance: await WebAssembly.instantiate(module, imports) };
  };
  try {
    return await load();
  } finally {
    self.fetch = realFetch;
    WebAssembly.instantiateStreaming = realInstantiate;
  }
}

/** Python from the snapshot, checked: {pyodide, record, facts, run, warmUp}; null (and why,
    in the timings) when the snapshot cannot be used. */
async function fromSnapshot(runtime, manifest, snapshot) {
  try {
    if (!snapshot) throw new Error("the site has no snapshot");
    const early = await wasmCompiled;
    if (!early) throw new Error("the site has no snapshot");
    const [compiled] = early;
    const pyodide = await withCompiledWasm(WASM, compiled, () => loadPython(runtime, [], snapshot));
    mark("restored");
    return { pyodide, ...(await checkSnapshot(pyodide, manifest.snapshot.key)) };
  } catch (e) {
    timings.snapshotRefused = String((e && e.message) || e).split("\n")[0];
    return null;
  }
}

/** The wheels and the bytecode, fetched once, when first asked for: at once for the ordinary
    start, after "ready" for a start from the snapshot. */
let fetched = null;
function files(manifest) {
  if (!fetched) {
    const wheelFiles = manifest.then((m) => Promise.all(m.wheels.map(bytesOf)));
    wheelFiles.catch(() => {}); // reported where awaited
    // The bytecode only saves time: if it cannot be fetched, the sources are compiled.
    const bytecodeFile = manifest.then((m) => (m.bytecode ? bytesOf(m.bytecode.file) : null)).catch(() => null);
    fetched = { wheelFiles, bytecodeFile };
  }
  return fetched;
}

/** After a start from the snapshot: its files back (restoreFiles). Never fails: a request
    waits for this, and without the files the snapshot still answers. */
let filesBack = Promise.resolve();
async function putFilesBack({ pyodide, record }, manifest) {
  try {
    const { wheelFiles, bytecodeFile } = files(manifest);
    const names = (await manifest).wheels;
    const wheels = (await wheelFiles).map((bytes, i) => ({ name: names[i], bytes }));
    await restoreFiles(pyodide, record, prepareFiles(wheels, await bytecodeFile));
  } catch {
    // Only what might be read later is missing; the answers come from the snapshot's memory.
  }
}

/** The .wasm, compiled as soon as Python may start (not before: the text comes first), when
    the site has a snapshot: see withCompiledWasm. A promise of a promise, so that a failure
    is seen only where the compiled module is used. */
const WASM = new URL("pyodide/pyodide.asm.wasm", siteRoot).href;
const wasmCompiled = Promise.all([startAllowed, fetch(new URL("wheels/wheels.json", siteRoot)).then((r) => r.json())])
  .then(([, m]) => {
    if (!m.snapshot) return null;
    const compiled = WebAssembly.compileStreaming(fetch(WASM));
    compiled.catch(() => {}); // reported through loadPyodide, which then fails
    return [compiled];
  })
  .catch(() => null);

async function start() {
  // Started before Pyodide, awaited after it: the downloads overlap Pyodide's start-up.
  const manifest = readManifest();
  let snapshot = null;
  try {
    const m = await manifest;
    if (m.snapshot && typeof DecompressionStream === "function" && self.crypto && crypto.subtle) {
      snapshot = snapshotBytes(m.snapshot);
      snapshot.catch(() => {}); // a snapshot that cannot be had only means the ordinary start
    }
  } catch {
    // reported below
  }
  if (!snapshot) {
    offeredByPage.then((offer) => offer && offer.body && offer.body.cancel().catch(() => {}));
    files(manifest); // the ordinary start needs them: fetched while Pyodide starts
  }
  // Pyodide's JavaScript, both parts, loaded before Python may start (it costs the text nothing).
  let runtime;
  try {
    const [{ loadPyodide }, asm] = await Promise.all([
      import(new URL("pyodide/pyodide.mjs", siteRoot).href),
      import(new URL("pyodide/pyodide.asm.mjs", siteRoot).href),
    ]);
    runtime = { loadPyodide, createPyodideModule: asm.default };
  } catch (e) {
    throw fail(`The Python runtime (Pyodide) could not be loaded (${e.message}).`);
  }
  await startAllowed;
  mark("start");
  // The same moment on the clock pages share (ms since 1970), so a page can check it
  // against its own first paint.
  timings.startEpoch = performance.timeOrigin + performance.now();
  const m = await manifest;
  const restored = await fromSnapshot(runtime, m, snapshot);
  timings.snapshot = Boolean(restored);
  if (restored) {
    mark("pyodide");
    mark("installed");
    mark("imported");
    filesBack = putFilesBack(restored, manifest);
    return { run: restored.run, warmUp: restored.warmUp, ...restored.facts };
  }
  const { wheelFiles, bytecodeFile } = files(manifest);
  return ordinaryStart(runtime, m, wheelFiles, bytecodeFile);
}

/** The ordinary start: Pyodide starts Python, then the wheel and the build-time bytecode
    (fetched meanwhile) are unpacked, the tools imported and the rulebook read. */
async function ordinaryStart(runtime, { wheels: wanted, bytecode }, wheelFiles, compiled) {
  const problems = [];
  const pyodide = await loadPython(runtime, problems, null);
  mark("pyodide");
  let wheels;
  try {
    wheels = await wheelFiles;
  } catch (e) {
    throw fail(`The tool's Python packages could not be installed (${e.message}).`);
  }
  // Bytecode is only for the exact Python it was compiled by; any other is ignored.
  const code = await compiled;
  const useBytecode = code && bytecode.python === pyodide.runPython("import sys\nsys.version");
  try {
    const withBytecode = install(
      pyodide,
      wheels.map((bytes, i) => ({ name: wanted[i], bytes })),
      useBytecode ? { bytes: code, stdlibDir: bytecode.stdlib_dir } : null,
    );
    if (withBytecode) timings.bytecode = true;
  } catch (e) {
    throw fail(`The tool's Python packages could not be installed (${e.message}). ${problems.slice(-3).join(" ")}`);
  }
  mark("installed");
  const facts = pyodide.runPython(FACTS);
  const run = pyodide.pyimport("calculators.web").run_for_page;
  mark("imported");
  return { run, ...JSON.parse(facts) };
}

/** From a snapshot, the browser compiles Python's WebAssembly as it first runs it, and well
    only once it has run for a while: answer the build's few warm-up requests (python-setup.mjs)
    a dozen times, one per task, while the reader reads, so that a request of theirs waits for at
    most one of them and their answers come at full speed. The answers are thrown away.
    Four rounds left a page's first few answers up to twice as slow as its later ones (the
    browser was still compiling); twelve take about 0.6 s of the worker's time on the 2-core
    machine the benchmark runs on, over within about a second of "ready" (docs/performance.md). The time cap keeps
    a slow phone from spending long on it. */
const WARM_ROUNDS = 12;
const WARM_BUDGET_MS = 3000;

function warm(run, requests, round = 0, i = 0, spent = 0) {
  const begun = performance.now();
  try {
    run(requests[i][0], requests[i][1]);
  } catch {
    return; // only a head start: the reader's own requests do the same work
  }
  spent += performance.now() - begun;
  const [nextRound, next] = i + 1 < requests.length ? [round, i + 1] : [round + 1, 0];
  if (nextRound < WARM_ROUNDS && spent < WARM_BUDGET_MS) setTimeout(() => warm(run, requests, nextRound, next, spent), 0);
}

const started = start();

started.then(
  ({ version, date, run, warmUp }) => {
    postMessage({ type: "ready", version, date, timings });
    if (warmUp && warmUp.length) setTimeout(() => warm(run, warmUp), 0);
  },
  (e) =>
    postMessage({
      type: "failed",
      message: e.userMessage || `The tool could not start (${e && e.message ? e.message : e}).`,
    }),
);

self.onmessage = async (event) => {
  const data = event.data || {};
  if (data.type === "start") {
    allowStart();
    return;
  }
  if (data.type === "snapshot") {
    offerSnapshot(data);
    return;
  }
  const { id, tool, request } = data;
  let response;
  try {
    const { run } = await started;
    await filesBack;
    response = run(String(tool), String(request));
  } catch (e) {
    response = JSON.stringify({
      ok: false,
      errors: [{ field: null, message: e.userMessage || "The tool could not answer. Reload the page to try again." }],
    });
  }
  postMessage({ type: "answer", id, response });
};
