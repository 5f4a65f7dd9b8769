// Work done once at build time, by the pinned Pyodide under Node, so the browser does not
// do it at every start or carry what it never uses (build_tools/precompile_in_pyodide.py
// says what and why):
//   1. answer every worked example, case and error through calculators.web, then write the
//      bytecode of every module that loaded, and a standard library zip of only what loaded;
//   2. start a second Pyodide on that trimmed library, set up exactly as the page's worker
//      does (docs/assets/javascripts/tool-worker.mjs), and answer everything again: the build
//      fails if the trimmed library lacks anything the tools use.
//
//   node build_tools/precompile.mjs PYODIDE_DIR WHEEL OUT_BYTECODE_ZIP OUT_STDLIB_ZIP
// Prints one line of JSON: the Python version, the modules compiled (and loaded, by name), the
// library kept, and a digest of the answers given on the trimmed library.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const [pyodideDir, wheel, outBytecode, outStdlib] = process.argv.slice(2);
if (!pyodideDir || !wheel || !outBytecode || !outStdlib) {
  console.error("usage: node build_tools/precompile.mjs PYODIDE_DIR WHEEL OUT_BYTECODE_ZIP OUT_STDLIB_ZIP");
  process.exit(2);
}
const here = path.dirname(fileURLToPath(import.meta.url));
const indexURL = path.resolve(pyodideDir) + path.sep;
const { loadPyodide } = await import(pathToFileURL(path.join(indexURL, "pyodide.mjs")).href);
const { PYODIDE_ENV, install } = await import(
  pathToFileURL(path.join(here, "..", "docs", "assets", "javascripts", "python-setup.mjs")).href
);
const passCode = readFileSync(path.join(here, "precompile_in_pyodide.py"), "utf8");
const wheelBytes = new Uint8Array(readFileSync(wheel));

// Set up as the page's worker does (the same module does it).
async function pyodideLikeThePage(stdLibURL, bytecode) {
  const pyodide = await loadPyodide({ indexURL, stdLibURL, env: PYODIDE_ENV });
  install(pyodide, [{ name: path.basename(wheel), bytes: wheelBytes }], bytecode);
  pyodide.runPython(passCode);
  return pyodide;
}

// An error is printed as its message (a Python traceback, for Python's): Node's own report
// would quote a line of Pyodide's minified JavaScript, thousands of characters long.
try {
  const first = await pyodideLikeThePage(undefined, null);
  const summary = JSON.parse(first.globals.get("main")("/tmp/sdh-bytecode.zip", "/tmp/sdh-stdlib.zip"));
  writeFileSync(outBytecode, first.FS.readFile("/tmp/sdh-bytecode.zip"));
  writeFileSync(outStdlib, first.FS.readFile("/tmp/sdh-stdlib.zip"));

  const bytecode = { bytes: new Uint8Array(readFileSync(outBytecode)), stdlibDir: summary.stdlib_dir };
  const second = await pyodideLikeThePage(path.resolve(outStdlib), bytecode);
  if (!second.runPython("import sys\nsys.path[0]").endsWith(`/${summary.stdlib_dir}`)) {
    throw new Error("the bytecode was not put on sys.path in the check of the trimmed library");
  }
  summary.requests_answered_on_trimmed = second.globals.get("exercise")();
  // The answers of this start, set up as the page's ordinary start: build_tools/snapshot.mjs
  // checks that a start from the memory snapshot gives the same, request for request.
  summary.answers_sha256 = second.runPython("ANSWERS.hexdigest()");
  console.log(JSON.stringify(summary));
} catch (e) {
  console.error(`precompile.mjs: ${e && e.message ? e.message : e}`);
  process.exit(1);
}
