/* The handbook's Python, in a Web Worker: starts Pyodide from the site itself, installs
   the calculators wheel by URL (the rulebook inside, and the one time zone file it needs:
   Europe/London, taken from the pinned tzdata wheel at build time), then answers
   each request with calculators.web.run(tool, request_json).

   Messages from the page: {id, tool, request} where request is a JSON string.
   Messages to the page: {type: "ready", version, date} once, or {type: "failed", message};
   then {type: "answer", id, response} for each request (response is a JSON string).
   Nothing is stored and nothing leaves the site: every URL below is the site's own. */

const siteRoot = new URL("../../", import.meta.url);

function fail(message) {
  const error = new Error(message);
  error.userMessage = message;
  return error;
}

async function start() {
  let manifest;
  try {
    const response = await fetch(new URL("wheels/wheels.json", siteRoot));
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    manifest = await response.json();
  } catch (e) {
    throw fail(`The list of the tool's Python packages could not be read (${e.message}).`);
  }
  let loadPyodide;
  try {
    ({ loadPyodide } = await import(new URL("pyodide/pyodide.mjs", siteRoot).href));
  } catch (e) {
    throw fail(`The Python runtime (Pyodide) could not be loaded (${e.message}).`);
  }
  const problems = [];
  const pyodide = await loadPyodide({
    indexURL: new URL("pyodide/", siteRoot).href,
    stdout: () => {},
    stderr: (line) => problems.push(line),
  });
  const urls = manifest.wheels.map((name) => new URL(`wheels/${name}`, siteRoot).href);
  // loadPackage does not throw when a package fails: it resolves to the packages it did
  // install. Anything missing is a failure the user must be told about.
  const loaded = await pyodide.loadPackage(urls, {
    messageCallback: () => {},
    errorCallback: (message) => problems.push(message),
  });
  if (!Array.isArray(loaded) || loaded.length !== urls.length) {
    const got = Array.isArray(loaded) ? loaded.map((p) => p.name).join(", ") || "none" : "none";
    throw fail(
      `The tool's Python packages could not be installed (installed: ${got}; expected ${urls.length}). ` +
        problems.slice(-3).join(" "),
    );
  }
  const facts = pyodide.runPython(
    "import json\nfrom calculators.rulebook import load\n_rb = load()\n" +
      "json.dumps({'version': _rb.version, 'date': _rb.date.isoformat()})",
  );
  const run = pyodide.pyimport("calculators.web").run;
  return { run, ...JSON.parse(facts) };
}

const started = start();

started.then(
  ({ version, date }) => postMessage({ type: "ready", version, date }),
  (e) =>
    postMessage({
      type: "failed",
      message: e.userMessage || `The tool could not start (${e && e.message ? e.message : e}).`,
    }),
);

self.onmessage = async (event) => {
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
