// Brotli-compressed copies of large files, at brotli's best (quality 11, a 16 MB window):
//   node build_tools/brotli.mjs IN OUT [IN OUT ...]
// Each OUT is written only once its copy decompresses to IN byte for byte. Called by
// build_tools/precompressed.py, which keeps what this writes in the build's cache: at its best,
// brotli takes about 25 s for Pyodide's WebAssembly, and the copies change only with the pin.
import { brotliCompress, brotliDecompressSync, constants } from "node:zlib";
import { readFileSync, writeFileSync } from "node:fs";
import { promisify } from "node:util";

const compress = promisify(brotliCompress);
const args = process.argv.slice(2);
if (args.length === 0 || args.length % 2) {
  console.error("usage: node build_tools/brotli.mjs IN OUT [IN OUT ...]");
  process.exit(2);
}
const jobs = [];
for (let i = 0; i < args.length; i += 2) {
  const [input, output] = [args[i], args[i + 1]];
  const data = readFileSync(input);
  // On libuv's threads: the files are compressed side by side.
  jobs.push(compress(data, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_LGWIN]: 24,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  }).then((packed) => {
    if (Buffer.compare(brotliDecompressSync(packed), data) !== 0) throw new Error(`${input}: the brotli copy does not read back`);
    writeFileSync(output, packed);
  }));
}
await Promise.all(jobs);
