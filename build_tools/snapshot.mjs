// The memory snapshot the page's worker starts from (docs/performance.md): made once at build
// time by the pinned Pyodide under Node, then checked by restoring it, also under Node.
//
//   1. start Pyodide on the site's trimmed standard library with `_makeSnapshot`, set it up
//      exactly as the page's worker does (python-setup.mjs: the wheel and the build-time
//      bytecode unpacked), then import every module the tools load, read the rulebook and
//      the training cases, and record which build this is (build_tools/snapshot_in_pyodide.py);
//   2. zero the memory the allocator holds free (zeroFreeMemory), take the snapshot of Python's
//      memory (`makeMemorySnapshot`) and write it without its zeros (sparse) twice: gzip-compressed
//      (the worker inflates it with the browser's DecompressionStream: python-setup.mjs's
//      readSnapshot; the offline copy keeps this one) and brotli-compressed, about a third
//      smaller, for a server that sends it with Content-Encoding: br (build_tools/serve.py),
//      which the browser decodes as it arrives, off the worker's thread;
//   3. start a second Pyodide from that snapshot, as the worker does (`_loadSnapshot`, then
//      python-setup.mjs's checkSnapshot: the build's record checked), and answer every worked
//      example, case and refusal before the wheel is unpacked again (restoreFiles), as a worker
//      may: the digest of the answers must equal the ordinary start's (from
//      build_tools/precompile.mjs), or the build fails.
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
const setup = await import(
  pathToFileURL(path.join(here, "..", "docs", "assets", "javascripts", "python-setup.mjs")).href
);
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

/** The snapshot as stored (python-setup.mjs's readSnapshot reads it): a 4-byte length, a
    JSON header {total, runs: [[offset, length], ...]} of the parts that are not all zeros
    (in pages of 4 KiB), then those parts; gzip-compressed by the caller. */
function sparse(memory, page = 4096) {
  const words = new Uint32Array(memory.buffer, memory.byteOffset, memory.byteLength >> 2);
  const runs = [];
  for (let at = 0; at < memory.length; at += page) {
    const end = Math.min(at + page, memory.length);
    let zero = true;
    for (let w = at >> 2; w < end >> 2; w++) {
      if (words[w]) {
        zero = false;
        break;
      }
    }
    for (let b = end & ~3; zero && b < end; b++) zero = memory[b] === 0;
    if (zero) continue;
    const last = runs[runs.length - 1];
    if (last && last[0] + last[1] === at) last[1] += end - at;
    else runs.push([at, end - at]);
  }
  const header = Buffer.from(JSON.stringify({ total: memory.length, runs }));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  return Buffer.concat([length, header, ...runs.map(([at, n]) => memory.subarray(at, at + n))]);
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
async function answerFromSnapshot(snapshot) {
  const pyodide = await loadPyodide({ indexURL, stdLibURL, env: setup.PYODIDE_ENV, _loadSnapshot: snapshot, ...quiet });
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
  const stored = sparse(snapshot);
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
  // Restored from the file as written, read as the worker reads it.
  const read = await setup.readSnapshot(new Blob([packed]).stream());
  if (Buffer.compare(Buffer.from(read), Buffer.from(snapshot)) !== 0) throw new Error("the stored snapshot does not read back");
  const restored = await answerFromSnapshot(read);
  if (restored.digest !== config.answersSha256) {
    throw new Error(`from the snapshot, ${restored.answered} requests gave other answers than the ordinary start`);
  }
  if (!restored.refused) throw new Error("a snapshot of another build was not refused");
  if (restored.facts.version !== facts.version) throw new Error("the restored rulebook is not the snapshot's");
  const compressed = await brotli;
  // Read back as the worker reads it, once the browser has decoded it.
  const expanded = setup.expandSnapshot(new Uint8Array(brotliDecompressSync(compressed)));
  if (Buffer.compare(Buffer.from(expanded), Buffer.from(snapshot)) !== 0) throw new Error("the brotli copy does not read back");
  writeFileSync(config.outBrotli, compressed);
  console.log(JSON.stringify({
    raw_bytes: snapshot.length,
    gzip_bytes: packed.length,
    brotli_bytes: compressed.length,
    version: facts.version,
    date: facts.date,
    modules_in_memory: facts.modules,
    free_bytes_zeroed: facts.zeroed,
    requests_answered_from_snapshot: restored.answered,
  }));
} catch (e) {
  console.error(`snapshot.mjs: ${e && e.message ? e.message : e}`);
  process.exit(1);
}
