/* How the handbook's Python is set up in a Pyodide that has just started, or that has just
   been restored from the build's memory snapshot. One module, imported by the page's worker
   (tool-worker.mjs) and by the build (build_tools/precompile.mjs checks the trimmed standard
   library, build_tools/snapshot.mjs makes and checks the snapshot), so the build checks
   exactly the set-up the page uses. */

/** Pyodide's environment. PYTHONTZPATH is empty: zoneinfo need not ask sysconfig where
    system zone files are; there are none in the browser, and the London file comes in the wheel.
    LANG is fixed, where Pyodide would take it from the browser's language: Python started from
    the snapshot has the environment of the build, and an ordinary start in any browser has
    the same. */
export const PYODIDE_ENV = { HOME: "/home/pyodide", PYTHONTZPATH: "", LANG: "C.UTF-8" };

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

/** Python that reads the rulebook (once; it is cached) and gives its version and date as JSON. */
export const FACTS =
  "import json\nfrom calculators.rulebook import load\n_rb = load()\n" +
  "json.dumps({'version': _rb.version, 'date': _rb.date.isoformat()})";

/** The SHA-256 of some bytes, in hex (Web Crypto: the browser's and Node's). */
export async function sha256Hex(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Inflate a zip member stored with method 8 (deflate). */
async function inflateRaw(data) {
  const stream = new Blob([data]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The files of a zip (a wheel): [[name, bytes], ...], inflated with the browser's own
    inflater, without running any Python (after a start from a snapshot Python's code is not
    yet compiled by the browser, and zipfile's first run would cost more than this). */
export async function readZip(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = bytes.length - 22;
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end--;
  if (end < 0) throw new Error("not a zip archive");
  const members = [];
  for (let i = 0, at = view.getUint32(end + 16, true); i < view.getUint16(end + 10, true); i++) {
    if (view.getUint32(at, true) !== 0x02014b50) throw new Error("a damaged zip archive");
    const [method, size, nameLength] = [view.getUint16(at + 10, true), view.getUint32(at + 20, true), view.getUint16(at + 28, true)];
    const local = view.getUint32(at + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    if (name.endsWith("/")) continue;
    if (name.startsWith("/") || name.split("/").includes("..")) throw new Error(`${name}: a path outside the archive`);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const data = bytes.subarray(start, start + size);
    if (method !== 0 && method !== 8) throw new Error(`${name}: compression method ${method}`);
    members.push(Promise.all([name, method === 8 ? inflateRaw(data) : data]));
  }
  return Promise.all(members);
}

/** Write files read by readZip into dir of Pyodide's file system. */
export function writeFiles(FS, dir, files) {
  for (const [name, content] of files) {
    const slash = name.lastIndexOf("/");
    if (slash > 0) FS.mkdirTree(`${dir}/${name.slice(0, slash)}`);
    FS.writeFile(`${dir}/${name}`, content);
  }
}

/** What a start from the snapshot will need of the wheels and the bytecode, begun before
    Pyodide restores the snapshot (so it overlaps the waiting): the first wheel's SHA-256 and
    every file inflated. */
export function prepareFiles(wheels, bytecode) {
  const none = Promise.resolve(null);
  const prepared = {
    wheelSha256: sha256Hex(wheels[0].bytes),
    wheelFiles: Promise.all(wheels.map(({ bytes }) => readZip(bytes))),
    bytecodeFiles: bytecode ? readZip(bytecode).catch(() => null) : none,
  };
  for (const promise of Object.values(prepared)) promise.catch(() => {}); // seen where awaited
  return prepared;
}

/** After Pyodide was restored from the build's memory snapshot (build_tools/snapshot.mjs),
    the snapshot's own record (build_tools/snapshot_in_pyodide.py), checked against this build:
    the manifest's key (a hash of the runtime, the standard library and the wheel the snapshot
    was made with) and the SHA-256 of the standard library zip Pyodide has just installed
    (zipimport holds its table of contents in memory). As little Python as possible runs here:
    the browser compiles each part of Python's WebAssembly the first time it runs.
    Returns {record, facts: {version, date}, run, warmUp}; throws an Error saying why when the
    snapshot does not belong to this build. warmUp lists [tool, request] pairs to answer in the
    background, so the browser compiles what answering runs before the reader asks. */
export async function checkSnapshot(pyodide, key) {
  const held = pyodide.globals.get("_sdh_snapshot");
  if (!held || typeof held.toJs !== "function") throw new Error("the snapshot has no record of its build");
  const record = held.toJs({ dict_converter: Object.fromEntries });
  held.destroy();
  if (record.key !== key) throw new Error(`the snapshot is of build ${record.key}, the manifest names ${key}`);
  const stdlib = await sha256Hex(pyodide.FS.readFile(record.stdlib_zip));
  if (stdlib !== record.stdlib_sha256) throw new Error("the snapshot was made with another standard library zip");
  const listed = pyodide.globals.get("_sdh_warm_up_requests");
  let warmUp;
  try {
    warmUp = listed().toJs();
  } finally {
    listed.destroy();
  }
  return { record, facts: record.facts, run: pyodide.globals.get("_sdh_run"), warmUp };
}

/** The files a snapshot does not keep, put back: the wheels, and the build-time bytecode the
    snapshot's modules were imported from, so that anything the tools read from their files
    later, or a module imported later, is there as after an ordinary start (Python compiles
    the sources if the bytecode cannot be unpacked). Every module the tools use is imported
    and every file they read is read in the snapshot already (the build answers all its
    requests from the snapshot before this is done, build_tools/snapshot.mjs), so a worker may
    say "ready" before this. `prepared` is prepareFiles(wheels, bytecode). Returns whether the
    bytecode was put back; throws if the wheel is not the one the snapshot was made with. */
export async function restoreFiles(pyodide, record, { wheelSha256, wheelFiles, bytecodeFiles }) {
  if ((await wheelSha256) !== record.wheel_sha256) throw new Error("the snapshot was made with another calculators wheel");
  for (const files of await wheelFiles) writeFiles(pyodide.FS, record.site_packages, files);
  const compiled = record.bytecode ? await bytecodeFiles : null;
  if (compiled) writeFiles(pyodide.FS, record.site_packages, compiled);
  const after = pyodide.globals.get("_sdh_after_restore");
  try {
    after(Boolean(compiled));
  } finally {
    after.destroy();
  }
  return Boolean(compiled);
}
