/* The handbook's Python, in a Web Worker: starts Pyodide from the site itself, installs
   the calculators wheel (the rulebook inside, and the one time zone file it needs:
   Europe/London, taken from the pinned tzdata wheel at build time), then answers
   each request with calculators.web.run(tool, request_json).

   What the handbook adds to Pyodide's own start is kept small (docs/performance.md):
   the wheels and the build-time bytecode are fetched while Pyodide starts, not after;
   they are unpacked straight into site-packages (the package loader's bookkeeping is not
   needed for one wheel with no dependencies); and the bytecode compiled at build time by
   the same Pyodide (build_tools/precompile.mjs) spares compiling the modules here.

   The page may create the worker before its text is painted: the worker then fetches
   what it needs and loads Pyodide's JavaScript, but starts Python (loadPyodide) only
   when the page sends {type: "start"}, so the text never waits for Python.

   Messages from the page: {type: "start"} once; then {id, tool, request} where request
   is a JSON string.
   Messages to the page: {type: "ready", version, date, timings} once, or {type: "failed",
   message}; then {type: "answer", id, response} for each request (response is a JSON string).
   Nothing is stored and nothing leaves the site: every URL below is the site's own. */

import { PYODIDE_ENV, install } from "./python-setup.mjs";

const siteRoot = new URL("../../", import.meta.url);
const t0 = performance.now();
const timings = {};
let allowStart;
const startAllowed = new Promise((resolve) => (allowStart = resolve));
const mark = (step) => (timings[step] = Math.round(performance.now() - t0));

function fail(message) {
  const error = new Error(message);
  error.userMessage = message;
  return error;
}

async function bytesOf(name) {
  const response = await fetch(new URL(`wheels/${name}`, siteRoot));
  if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function readManifest() {
  try {
    const response = await fetch(new URL("wheels/wheels.json", siteRoot));
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return await response.json();
  } catch (e) {
    throw fail(`The list of the tool's Python packages could not be read (${e.message}).`);
  }
}

async function start() {
  // Started before Pyodide, awaited after it: the downloads overlap Pyodide's start-up.
  const manifest = readManifest();
  const files = manifest.then((m) =>
    Promise.all([
      Promise.all(m.wheels.map(bytesOf)),
      // The bytecode only saves time: if it cannot be fetched, the sources are compiled.
      m.bytecode ? bytesOf(m.bytecode.file).catch(() => null) : null,
    ]),
  );
  files.catch(() => {}); // reported below, once Pyodide is up
  let loadPyodide;
  try {
    ({ loadPyodide } = await import(new URL("pyodide/pyodide.mjs", siteRoot).href));
  } catch (e) {
    throw fail(`The Python runtime (Pyodide) could not be loaded (${e.message}).`);
  }
  await startAllowed;
  mark("start");
  // The same moment on the clock pages share (ms since 1970), so a page can check it
  // against its own first paint.
  timings.startEpoch = performance.timeOrigin + performance.now();
  const problems = [];
  const pyodide = await loadPyodide({
    indexURL: new URL("pyodide/", siteRoot).href,
    env: PYODIDE_ENV,
    stdout: () => {},
    stderr: (line) => problems.push(line),
  });
  mark("pyodide");
  const { wheels: wanted, bytecode } = await manifest;
  let wheels, compiled;
  try {
    [wheels, compiled] = await files;
  } catch (e) {
    throw fail(`The tool's Python packages could not be installed (${e.message}).`);
  }
  // Bytecode is only for the exact Python it was compiled by; any other is ignored.
  const useBytecode = compiled && bytecode.python === pyodide.runPython("import sys\nsys.version");
  let withBytecode;
  try {
    withBytecode = install(
      pyodide,
      wheels.map((bytes, i) => ({ name: wanted[i], bytes })),
      useBytecode ? { bytes: compiled, stdlibDir: bytecode.stdlib_dir } : null,
    );
  } catch (e) {
    throw fail(`The tool's Python packages could not be installed (${e.message}). ${problems.slice(-3).join(" ")}`);
  }
  if (withBytecode) timings.bytecode = true;
  mark("installed");
  const facts = pyodide.runPython(
    "import json\nfrom calculators.rulebook import load\n_rb = load()\n" +
      "json.dumps({'version': _rb.version, 'date': _rb.date.isoformat()})",
  );
  const run = pyodide.pyimport("calculators.web").run;
  mark("imported");
  return { run, ...JSON.parse(facts) };
}

const started = start();

started.then(
  ({ version, date }) => postMessage({ type: "ready", version, date, timings }),
  (e) =>
    postMessage({
      type: "failed",
      message: e.userMessage || `The tool could not start (${e && e.message ? e.message : e}).`,
    }),
);

self.onmessage = async (event) => {
  if (event.data && event.data.type === "start") {
    allowStart();
    return;
  }
  const { id, tool, request } = event.data || {};
  let response;
  try {
    const { run } = await started;
    response = run(String(tool), String(request));
  } catch (e) {
    response = JSON.stringify({
      ok: false,
      errors: [{ field: null, message: e.userMessage || "The tool could not answer. Reload the page to try again." }],
    });
  }
  postMessage({ type: "answer", id, response });
};
