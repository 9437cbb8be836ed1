// movienet for Node >= 20: the browser API, plus file paths and file: URLs
// as sources (and the .wasm read from disk rather than fetched).
import { open } from 'node:fs/promises';
import { setFileReader } from './sources.js';

// Reads at most maxBytes: a regular file's size is checked before reading, a
// stream (a FIFO, /dev/zero) is read until one byte past the limit.
// Resolves to { bytes }, or { size } (null for a stream) when over the limit.
async function readBounded(pathOrUrl, maxBytes) {
  const file = await open(pathOrUrl, 'r');
  try {
    const stat = await file.stat();
    if (stat.isFile() && stat.size > maxBytes) return { size: stat.size };
    const chunks = [];
    let total = 0;
    for (;;) {
      const chunk = new Uint8Array(stat.isFile() ? Math.max(1, stat.size - total + 1) : 1 << 20);
      const { bytesRead } = await file.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) return { size: stat.isFile() ? total : null };
      chunks.push(chunk.subarray(0, bytesRead));
    }
    if (chunks.length === 1) return { bytes: chunks[0] };
    return { bytes: Buffer.concat(chunks, total) };
  } finally {
    await file.close();
  }
}

setFileReader(readBounded);

export * from './index.js';
