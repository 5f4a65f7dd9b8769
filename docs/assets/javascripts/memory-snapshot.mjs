/* Python's memory snapshot as the build stores it (build_tools/snapshot.mjs) and as the worker
   (tool-worker.mjs) puts it back into Pyodide's memory. One module for both, so the build
   checks exactly the reading the page does.

   Pyodide's own snapshot (`makeMemorySnapshot`) is a header of its own (a magic number, its
   length, the runtime's build id and a little JSON) followed by the whole of Python's memory,
   31.5 MB. Two things make most of that memory cheap to send:
   - most of it is zeros, which are not stored;
   - the first 4 MB are Python's static data, written into the memory by the WebAssembly
     module itself as it is instantiated (its data segments: the same in every browser, since
     they are in the .wasm), and mostly unchanged since. That part is stored as its difference
     (exclusive or) from the memory as instantiated (the base), which is mostly zeros too:
     about 1 MB less to download, brotli-compressed. The worker keeps a copy of the memory as
     instantiated (keepingInitialMemory: Pyodide's start-up changes a few bytes of it before
     the restore, some at random), and refuses the snapshot, and starts the ordinary way, if
     it is not the base the build saw (a fingerprint).

   Stored, the file is a 4-byte little-endian length, a JSON header of that length (padded with
   spaces to a multiple of 4 bytes, so that every run's bytes start on a 4-byte boundary),
   {"total", "header", "base": {"length", "fingerprint"}, "runs": [[offset, length], ...]},
   then the bytes of each run in turn. Offsets are those of Pyodide's snapshot: its header is
   the first `header` bytes, Python's memory the rest; within the base's length of the memory,
   a run's bytes are the difference from the base, elsewhere the memory itself.

   The worker writes the runs straight into Pyodide's memory (restoring), where Pyodide itself
   would copy a 31.5 MB array that the worker first had to fill: Pyodide's own restore is
   still what reads its header (the magic number, the build id: "Snapshot build id mismatch"). */

const PAGE = 4096;

/** A fingerprint of some memory (FNV-1a over its 32-bit words; the length must be a multiple
    of 4). Not a cryptographic hash: it only tells whether the memory as instantiated is the
    one the build saw. */
export function fingerprint(bytes) {
  const words = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 2);
  let hash = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) hash = Math.imul(hash ^ words[i], 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, "0");
}

/** The stored form of Pyodide's snapshot (a Uint8Array), given the memory as the WebAssembly
    module was instantiated (initial: a Uint8Array from address 0, keepingInitialMemory). */
export function storeSnapshot(snapshot, initial) {
  const header = new DataView(snapshot.buffer, snapshot.byteOffset).getUint32(4, true);
  let length = Math.min(initial.length, snapshot.length - header);
  while (length > 0 && !initial[length - 1]) length--;
  length = Math.min(Math.ceil(length / PAGE) * PAGE, snapshot.length - header) & ~3;
  const delta = snapshot.slice();
  for (let i = 0; i < length; i++) delta[header + i] ^= initial[i];
  const words = new Int32Array(delta.buffer, 0, delta.length >> 2);
  const runs = [];
  for (let at = 0; at < delta.length; at += PAGE) {
    const end = Math.min(at + PAGE, delta.length);
    let zero = true;
    for (let w = at >> 2; zero && w < end >> 2; w++) zero = words[w] === 0;
    for (let b = end & ~3; zero && b < end; b++) zero = delta[b] === 0;
    if (zero) continue;
    const last = runs[runs.length - 1];
    if (last && last[0] + last[1] === at) last[1] += end - at;
    else runs.push([at, end - at]);
  }
  let json = JSON.stringify({ total: snapshot.length, header, base: { length, fingerprint: fingerprint(initial.subarray(0, length)) }, runs });
  json = json.padEnd(Math.ceil((4 + json.length) / 4) * 4 - 4, " ");
  const size = runs.reduce((sum, [, n]) => sum + n, 4 + json.length);
  const stored = new Uint8Array(size);
  new DataView(stored.buffer).setUint32(0, json.length, true);
  stored.set(new TextEncoder().encode(json), 4);
  let to = 4 + json.length;
  for (const [at, n] of runs) {
    stored.set(delta.subarray(at, at + n), to);
    to += n;
  }
  return stored;
}

/** The stored snapshot read and checked: {total, header, base, runs, bytes, from}, where
    `from` is where the first run's bytes start in `bytes`. Throws if it is not one. */
export function parseSnapshot(bytes) {
  const broken = () => new Error("the snapshot's header is not one");
  if (bytes.length < 4) throw new Error("the snapshot is cut short");
  const length = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  if (length > 1 << 20) throw broken();
  if (4 + length > bytes.length) throw new Error("the snapshot is cut short");
  let parsed;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + length)));
  } catch {
    throw broken();
  }
  const { total, header, base, runs } = parsed;
  const whole = (n) => Number.isInteger(n) && n >= 0;
  if (!(whole(total) && total <= 2 ** 31 && whole(header) && header % 4 === 0 && header < total)) throw broken();
  if (!(base && whole(base.length) && base.length % 4 === 0 && header + base.length <= total)) throw broken();
  if (!Array.isArray(runs) || runs.some((run) => !(Array.isArray(run) && whole(run[0]) && run[1] > 0 && run[0] + run[1] <= total))) {
    throw broken();
  }
  // Pyodide's header must be stored whole, in the first run: the worker hands it to Pyodide.
  if (!(runs.length && runs[0][0] === 0 && runs[0][1] >= header)) throw broken();
  const size = runs.reduce((sum, [, n]) => sum + n, 4 + length);
  if (size > bytes.length) throw new Error("the snapshot is cut short");
  if (size < bytes.length) throw new Error("the snapshot is longer than its header says");
  return { total, header, base, runs, bytes, from: 4 + length };
}

/** The stored snapshot, inflated, from a Blob of its bytes: gzip-compressed as stored, or
    already decoded (a server that sent it with Content-Encoding: br or gzip). */
export async function inflateSnapshot(blob) {
  const magic = new Uint8Array(await blob.slice(0, 2).arrayBuffer());
  if (magic.length < 2) throw new Error("the snapshot is empty");
  // The browser reads a Blob whole off this thread; only gzip needs inflating here.
  if (!(magic[0] === 0x1f && magic[1] === 0x8b)) return new Uint8Array(await blob.arrayBuffer());
  return new Uint8Array(await new Response(blob.stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer());
}

/** dst[to + i] ^= src[from + i], for n bytes; a word at a time when all are 4-aligned. */
function exclusiveOr(dst, to, src, from, n) {
  if ((dst.byteOffset + to) % 4 === 0 && (src.byteOffset + from) % 4 === 0 && n % 4 === 0) {
    const d = new Int32Array(dst.buffer, dst.byteOffset + to, n >> 2);
    const s = new Int32Array(src.buffer, src.byteOffset + from, n >> 2);
    for (let i = 0; i < d.length; i++) d[i] ^= s[i];
  } else {
    for (let i = 0; i < n; i++) dst[to + i] ^= src[from + i];
  }
}

/** Put Python's memory back from the parsed snapshot into `memory` (a Uint8Array over all of
    Pyodide's memory), as Pyodide's own restore would: every byte of the snapshot's memory
    written, zeros included. `initial` is the memory as the WebAssembly module was instantiated
    (keepingInitialMemory), at least the base's length of it. Throws, before writing anything,
    if it is not the base the build saw. */
export function writeMemory(memory, { total, header, base, runs, bytes, from }, initial) {
  const size = total - header;
  if (memory.length < size) throw new Error("Pyodide's memory is smaller than the snapshot's");
  if (initial.length < base.length || fingerprint(initial.subarray(0, base.length)) !== base.fingerprint) {
    throw new Error("Pyodide's memory as instantiated is not the one the snapshot was made against");
  }
  memory.set(initial.subarray(0, base.length));
  // Below the base's length a page with no run is the base, which is right; above it, the
  // memory between runs must be zeros, and everything up to `zeroed` is written already.
  let zeroed = base.length;
  for (const [offset, length] of runs) {
    let at = offset - header; // in Python's memory
    let source = from;
    let left = length;
    from += length;
    if (at < 0) {
      // Pyodide's header: read by Pyodide itself (restoring), not part of the memory.
      source -= at;
      left += at;
      at = 0;
    }
    if (left <= 0) continue;
    const xored = Math.max(0, Math.min(left, base.length - at));
    if (xored) exclusiveOr(memory, at, bytes, source, xored);
    if (left > xored) {
      const start = at + xored;
      if (start > zeroed) memory.fill(0, zeroed, start);
      memory.set(bytes.subarray(source + xored, source + left), start);
      zeroed = at + left;
    }
  }
  if (zeroed < size) memory.fill(0, zeroed, size);
}

/** Emscripten's settings for Pyodide (as createPyodideModule is given them), with Pyodide's own
    instantiateWasm wrapped so that keep(memory) is given the memory as the WebAssembly module
    was instantiated, before any of its code ran: a Uint8Array over it, to copy at once. */
export function keepingInitialMemory(settings, keep) {
  const instantiate = settings.instantiateWasm;
  if (typeof instantiate !== "function") throw new Error("this Pyodide instantiates its WebAssembly another way");
  settings.instantiateWasm = (imports, done) =>
    instantiate(imports, (instance, module) => {
      const memory = instance.exports.memory || (imports.env && imports.env.memory);
      if (memory instanceof WebAssembly.Memory) keep(new Uint8Array(memory.buffer));
      done(instance, module);
    });
  return settings;
}

/** Pyodide's createPyodideModule, made to restore the parsed snapshot (or a promise of it)
    through writeMemory: Pyodide's own restoreSnapshot (private to the pinned Pyodide) is given
    only its header, which it checks and reads; the memory is written here. Use with
    loadPyodide's `_loadSnapshot` given zerosOf(parsed), which only tells Pyodide its size. */
export function restoring(createPyodideModule, snapshot) {
  return async (settings) => {
    // Pyodide keeps its options, this function with them: the snapshot need not outlive the start.
    const parsed = await snapshot;
    snapshot = null;
    let initial = null;
    const module = await createPyodideModule(
      keepingInitialMemory(settings, (memory) => (initial = memory.slice(0, parsed.base.length))),
    );
    const api = module.API;
    const own = api && api.restoreSnapshot;
    if (typeof own !== "function") throw new Error("this Pyodide has no snapshot restore to hook");
    if (!initial) throw new Error("the memory as instantiated was not seen");
    api.restoreSnapshot = () => {
      api.restoreSnapshot = own;
      const info = own(parsed.bytes.slice(parsed.from, parsed.from + parsed.header));
      writeMemory(new Uint8Array(module.HEAP8.buffer), parsed, initial);
      initial = null;
      return info;
    };
    return module;
  };
}

/** What loadPyodide's `_loadSnapshot` is given with restoring: an array of the snapshot's size
    (zeros, which cost nothing until written, and are not). */
export function zerosOf(parsed) {
  return new Uint8Array(parsed.total);
}
