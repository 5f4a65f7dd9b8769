// The memory snapshot the page's worker starts from (docs/performance.md): made once at build
// time by the pinned Pyodide under Node, then checked by restoring it, also under Node.
//
//   1. start Pyodide on the site's trimmed standard library with `_makeSnapshot`, set it up
//      exactly as the page's worker does (python-setup.mjs: the wheel and the build-time
//      bytecode unpacked), then import every module the tools load, read the rulebook and
//      the training cases, and record which build this is (build_tools/snapshot_in_pyodide.py);
//   2. zero the memory the allocator holds free (zeroFreeMemory) and take the snapshot of
//      Python's memory (`makeMemorySnapshot`);
//   3. start a second Pyodide from it and stop it before it restores the snapshot, to see
//      the memory as the WebAssembly module was instantiated (initialMemory: Python's static
//      data, from the module's data segments);
//   4. store the snapshot without its zeros and as a difference from that memory
//      (memory-snapshot.mjs's storeSnapshot), twice: gzip-compressed (the worker inflates it
//      with the browser's DecompressionStream; the offline copy keeps this one) and
//      brotli-compressed, about a third smaller, for a server that sends it with
//      Content-Encoding: br (build_tools/serve.py), which the browser decodes as it arrives,
//      off the worker's thread (build_site.py adds a zstd copy of the same bytes, which such a
//      server prefers: Node has no zstd);
//   5. read both back as the worker does, and start a third Pyodide from the stored snapshot
//      as the worker does (memory-snapshot.mjs's restoring, then python-setup.mjs's
//      checkSnapshot: the build's record checked), and answer every worked example, case and
//      refusal before the wheel is unpacked again (restoreFiles), as a worker may: the digest
//      of the answers must equal the ordinary start's (from build_tools/precompile.mjs), or
//      the build fails.
//
//   node build_tools/snapshot.mjs CONFIG_JSON_FILE
// CONFIG: {pyodideDir, stdlib, wheel, bytecode, stdlibDir, moduleNames, key, out, outBrotli, answersSha256}.
// Prints one line of JSON: sizes, the rulebook's facts, the requests answered from the snapshot.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { brotliCompress, brotliDecompressSync, constants, gzipSync } from "node:zlib";

const here = path.dirname(fileURLToPath(import.meta.url));
const config = JSON.parse(readFileSync(process.argv[2], "utf8"));
const indexURL = path.resolve(config.pyodideDir) + path.sep;
const { loadPyodide } = await import(pathToFileURL(path.join(indexURL, "pyodide.mjs")).href);
const { default: createModule } = await import(pathToFileURL(path.join(indexURL, "pyodide.asm.mjs")).href);
const scripts = path.join(here, "..", "docs", "assets", "javascripts");
const setup = await import(pathToFileURL(path.join(scripts, "python-setup.mjs")).href);
const memorySnapshot = await import(pathToFileURL(path.join(scripts, "memory-snapshot.mjs")).href);
const wheels = [{ name: path.basename(config.wheel), bytes: new Uint8Array(readFileSync(config.wheel)) }];
const wheelSha256 = await setup.sha256Hex(wheels[0].bytes);
const stdLibURL = path.resolve(config.stdlib);
const quiet = { stdout: () => {}, stderr: () => {} };

/** Zero the memory that C's allocator holds free, so that the snapshot compresses better.
    A snapshot is the whole of Python's memory, and the free parts still hold what was there
    (the wheel and the bytecode zip as they were unpacked: compressed data, which does not
    compress again). Every free block is asked of the allocator (malloc), zeroed and given
    back (free): nothing in use is touched. The top of the heap first, then every smaller
    block the allocator can give without growing the heap's break (a block that moves it
    came from fresh memory, and is given back at once). About 1.3 MB less to download. */
function zeroFreeMemory(M) {
  const info = () => {
    const p = M._malloc(64);
    M._mallinfo(p); // dlmalloc's: [arena, ordblks, smblks, hblks, hblkhd, usmblks, fsmblks, uordblks, fordblks, keepcost]
    const values = Array.from(M.HEAPU32.subarray(p >> 2, (p >> 2) + 10));
    M._free(p);
    return values;
  };
  const brk = () => M.HEAPU32[M._emscripten_get_sbrk_ptr() >> 2];
  const memory = M.HEAP8.length;
  const held = [];
  let zeroed = 0;
  const take = (size) => {
    const before = brk();
    const p = M._malloc(size);
    if (!p) return false;
    if (brk() !== before || M.HEAP8.length !== memory) {
      M._free(p);
      return false;
    }
    M.HEAP8.fill(0, p, p + size);
    held.push(p);
    zeroed += size;
    return true;
  };
  const top = info()[9] - 256;
  if (top > 0) take(top);
  for (let size = 1 << 18; size >= 32; size >>= 1) while (take(size));
  for (const p of held) M._free(p);
  if (M.HEAP8.length !== memory) throw new Error("zeroing the free memory grew the heap");
  return zeroed;
}

/** Python's memory as the WebAssembly module was instantiated (its data segments): the base
    the stored snapshot is a difference from (memory-snapshot.mjs). Seen by starting a Pyodide
    from the snapshot, as the worker does, and stopping it before it restores the snapshot. */
async function initialMemory(snapshot) {
  let initial = null;
  const stop = new Error("stopped before the restore");
  const createPyodideModule = async (settings) => {
    const module = await createModule(memorySnapshot.keepingInitialMemory(settings, (memory) => (initial = memory.slice())));
    module.API.restoreSnapshot = () => {
      throw stop;
    };
    return module;
  };
  try {
    await loadPyodide({ indexURL, stdLibURL, env: setup.PYODIDE_ENV, _loadSnapshot: snapshot, createPyodideModule, ...quiet });
  } catch (e) {
    if (e !== stop) throw e;
  }
  if (!initial) throw new Error("Pyodide started from the snapshot without showing its memory as instantiated");
  return initial;
}

/** The memory the stored snapshot gives, written as the worker writes it over memory that
    Pyodide's start-up has changed: Pyodide's header, then Python's memory (to compare with
    the snapshot as made). */
function readBack(parsed, initial) {
  const memory = new Uint8Array(parsed.total - parsed.header);
  memory.set(initial.subarray(0, Math.min(initial.length, memory.length)));
  for (let at = 0; at < memory.length; at += 997) memory[at] ^= 0x5a;
  memorySnapshot.writeMemory(memory, parsed, initial);
  return Buffer.concat([parsed.bytes.subarray(parsed.from, parsed.from + parsed.header), memory]);
}

async function makeSnapshot() {
  const pyodide = await loadPyodide({ indexURL, stdLibURL, env: setup.PYODIDE_ENV, _makeSnapshot: true, ...quiet });
  const bytecode = { bytes: new Uint8Array(readFileSync(config.bytecode)), stdlibDir: config.stdlibDir };
  if (!setup.install(pyodide, wheels, bytecode)) throw new Error("the build-time bytecode could not be unpacked");
  pyodide.runPython(readFileSync(path.join(here, "snapshot_in_pyodide.py"), "utf8"));
  const prepare = pyodide.globals.get("prepare");
  const record = { key: config.key, wheel_sha256: wheelSha256 };
  const facts = JSON.parse(prepare(JSON.stringify(config.moduleNames), JSON.stringify(record)));
  prepare.destroy();
  facts.zeroed = zeroFreeMemory(pyodide._module);
  return { snapshot: pyodide.makeMemorySnapshot(), facts };
}

// Restored as the worker restores it; then every request of the build-time pass, answered
// before the files a snapshot does not keep are put back (a worker says "ready" and answers
// meanwhile: python-setup.mjs's restoreFiles), then the files put back.
async function answerFromSnapshot(parsed) {
  const pyodide = await loadPyodide({
    indexURL, stdLibURL, env: setup.PYODIDE_ENV, ...quiet,
    createPyodideModule: memorySnapshot.restoring(createModule, parsed),
    _loadSnapshot: memorySnapshot.zerosOf(parsed),
  });
  const bytecode = new Uint8Array(readFileSync(config.bytecode));
  const { record, facts, run, warmUp } = await setup.checkSnapshot(pyodide, config.key);
  if (!warmUp.length) throw new Error("the warm-up after a restore asks nothing");
  for (const [tool, request] of warmUp) {
    if (!JSON.parse(run(tool, request)).ok) throw new Error(`the warm-up request ${tool} ${request} is refused`);
  }
  pyodide.runPython(readFileSync(path.join(here, "precompile_in_pyodide.py"), "utf8"));
  const answered = pyodide.globals.get("exercise")();
  const digest = pyodide.runPython("ANSWERS.hexdigest()");
  if (!(await setup.restoreFiles(pyodide, record, setup.prepareFiles(wheels, bytecode)))) {
    throw new Error("the build-time bytecode was not put back after the restore");
  }
  // A snapshot that does not belong to the build must be refused, not used.
  let refused = false;
  try {
    await setup.checkSnapshot(pyodide, "another-build");
  } catch {
    refused = true;
  }
  return { facts, answered, digest, refused };
}

try {
  const { snapshot, facts } = await makeSnapshot();
  const base = await initialMemory(snapshot);
  const stored = memorySnapshot.storeSnapshot(snapshot, base);
  const packed = gzipSync(stored, { level: 9 });
  writeFileSync(config.out, packed);
  // Brotli at its best takes half a minute: done on libuv's threads while the snapshot is
  // restored and every request answered again, below (build_site.py keeps what this writes
  // in the build's cache, so that it is done again only when the snapshot's inputs change).
  const brotli = promisify(brotliCompress)(stored, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_LGWIN]: 24,
      [constants.BROTLI_PARAM_SIZE_HINT]: stored.length,
    },
  });
  // Read back from the file as written, as the worker reads it.
  const parsed = memorySnapshot.parseSnapshot(await memorySnapshot.inflateSnapshot(new Blob([packed])));
  if (Buffer.compare(readBack(parsed, base), Buffer.from(snapshot)) !== 0) throw new Error("the stored snapshot does not read back");
  const restored = await answerFromSnapshot(parsed);
  if (restored.digest !== config.answersSha256) {
    throw new Error(`from the snapshot, ${restored.answered} requests gave other answers than the ordinary start`);
  }
  if (!restored.refused) throw new Error("a snapshot of another build was not refused");
  if (restored.facts.version !== facts.version) throw new Error("the restored rulebook is not the snapshot's");
  const compressed = await brotli;
  // Read back as the worker reads it, once the browser has decoded it.
  const decoded = memorySnapshot.parseSnapshot(new Uint8Array(brotliDecompressSync(compressed)));
  if (Buffer.compare(readBack(decoded, base), Buffer.from(snapshot)) !== 0) throw new Error("the brotli copy does not read back");
  writeFileSync(config.outBrotli, compressed);
  console.log(JSON.stringify({
    raw_bytes: snapshot.length,
    gzip_bytes: packed.length,
    brotli_bytes: compressed.length,
    version: facts.version,
    date: facts.date,
    modules_in_memory: facts.modules,
    free_bytes_zeroed: facts.zeroed,
    stored_bytes: stored.length,
    base_bytes: parsed.base.length,
    requests_answered_from_snapshot: restored.answered,
  }));
} catch (e) {
  console.error(`snapshot.mjs: ${e && e.message ? e.message : e}`);
  process.exit(1);
}
