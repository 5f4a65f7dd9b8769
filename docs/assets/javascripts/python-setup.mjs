/* How the handbook's Python is set up in a Pyodide that has just started. One module,
   imported by the page's worker (tool-worker.mjs) and by the build's check of the trimmed
   standard library (build_tools/precompile.mjs), so the build checks exactly the set-up
   the page uses. */

/** Pyodide's environment. PYTHONTZPATH is empty: zoneinfo need not ask sysconfig where
    system zone files are; there are none in the browser, and the London file comes in the wheel. */
export const PYODIDE_ENV = { HOME: "/home/pyodide", PYTHONTZPATH: "" };

/** Unpack the wheels (and the build-time bytecode, if given) into site-packages.
    wheels: [{name, bytes}]; bytecode: {bytes, stdlibDir} or null. A wheel that cannot be
    unpacked throws an Error whose message starts with its name. Returns whether the
    bytecode is in use (an archive that cannot be unpacked only costs the time it saves). */
export function install(pyodide, wheels, bytecode) {
  const sitePackages = pyodide.runPython("import sys\nnext(p for p in sys.path if p.endswith('site-packages'))");
  // One wheel with no dependencies needs nothing of Pyodide's package loader (loadPackage):
  // unpacking it is enough, and much quicker.
  for (const { name, bytes } of wheels) {
    try {
      pyodide.unpackArchive(bytes, "wheel", { extractDir: sitePackages });
    } catch (e) {
      throw new Error(`${name}: ${e.message}`);
    }
  }
  let withBytecode = false;
  if (bytecode) {
    try {
      pyodide.unpackArchive(bytecode.bytes, "zip", { extractDir: sitePackages });
      withBytecode = true;
    } catch {
      // Python compiles the sources instead.
    }
  }
  pyodide.globals.set("_sdh_site_packages", sitePackages);
  pyodide.globals.set("_sdh_stdlib_bytecode", withBytecode ? `${sitePackages}/${bytecode.stdlibDir}` : null);
  // The finder of site-packages may hold a listing from before the unpacking: drop it.
  // (importlib.invalidate_caches would do it too, but imports importlib.metadata to do so.)
  pyodide.runPython(
    "import sys\n" +
      "if _sdh_stdlib_bytecode:\n    sys.path.insert(0, _sdh_stdlib_bytecode)\n" +
      "sys.path_importer_cache.pop(_sdh_site_packages, None)\n" +
      "del _sdh_site_packages, _sdh_stdlib_bytecode",
  );
  return withBytecode;
}
