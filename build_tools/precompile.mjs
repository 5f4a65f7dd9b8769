// Compiles, at build time, the Python the page's worker would otherwise compile at every
// start (build_tools/precompile_in_pyodide.py says what and why). Runs the pinned Pyodide
// from node_modules, so the bytecode is for exactly the Python the site ships.
//
//   node build_tools/precompile.mjs PYODIDE_DIR WHEEL OUT_ZIP
// Prints one line of JSON: the Python version, its cache tag and the modules compiled.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const [pyodideDir, wheel, outZip] = process.argv.slice(2);
if (!pyodideDir || !wheel || !outZip) {
  console.error("usage: node build_tools/precompile.mjs PYODIDE_DIR WHEEL OUT_ZIP");
  process.exit(2);
}
const here = path.dirname(fileURLToPath(import.meta.url));
const indexURL = path.resolve(pyodideDir) + path.sep;
const { loadPyodide } = await import(pathToFileURL(path.join(indexURL, "pyodide.mjs")).href);
// The same environment as the page's worker (docs/assets/javascripts/tool-worker.mjs).
const pyodide = await loadPyodide({ indexURL, env: { HOME: "/home/pyodide", PYTHONTZPATH: "" } });
const sitePackages = pyodide.runPython("import sys\nnext(p for p in sys.path if p.endswith('site-packages'))");
pyodide.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel", { extractDir: sitePackages });
pyodide.runPython(readFileSync(path.join(here, "precompile_in_pyodide.py"), "utf8"));
const summary = pyodide.globals.get("main")("/tmp/sdh-bytecode.zip");
writeFileSync(outZip, pyodide.FS.readFile("/tmp/sdh-bytecode.zip"));
console.log(summary);
