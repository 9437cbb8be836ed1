// Reading sources: file paths (Node), URLs, Responses and bytes, within size limits, with HTML fallback pages caught.
import { MovieNetError, ErrorCodes, describe } from './errors.js';
import { badInput, checkNotDetached } from './checks.js';

// ---- platform: how bytes are read. index.node.js installs a file reader.
export const platform = { readFile: null };

/** @internal Used by index.node.js to let strings and file: URLs name files. */
export function setFileReader(readFile) {
  platform.readFile = readFile;
}

export const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;
const WINDOWS_PATH = /^[a-zA-Z]:[\\/]/;

// Where a string source points: a file for Node (paths and file: URLs), a
// URL for fetch otherwise.
export function isFileSource(text) {
  return platform.readFile !== null && (!SCHEME.test(text) || WINDOWS_PATH.test(text) || text.startsWith('file:'));
}

async function fetchBytes(url, what) {
  if (typeof fetch !== 'function') throw new MovieNetError(ErrorCodes.IO, `${what}: cannot fetch ${url}: no fetch() here`);
  let response;
  try {
    response = await fetch(url);
  } catch (cause) {
    throw new MovieNetError(ErrorCodes.IO, `${what}: cannot fetch ${url}: ${cause?.message ?? cause}`, { cause });
  }
  return responseBytes(response, what, response.url || String(url));
}

// ---- wrong answers: a server that sends its HTML fallback page (single-page
// app routing, a dev server that does not know the file) answers HTTP 200 with
// text/html. Detected from the Content-Type and from the first bytes, so it
// works for any file format.
const MARKUP = /^(?:\ufeff)?\s*<(?:!doctype|html|head|body|script|meta|title|link|!--|\?xml|pre|div|h1|p\b)/i;

/** The first bytes as text for a message: "<!doctype html><html lang…". */
export function preview(bytes) {
  let text = '';
  for (const b of bytes.subarray(0, 40)) text += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : b <= 0x0d && b >= 0x09 ? ' ' : '.';
  return JSON.stringify(text.replace(/\s+/g, ' ').trim() + (bytes.length > 40 ? '…' : ''));
}

export const hex = (bytes) => Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');

export function looksLikeMarkup(bytes) {
  let head = '';
  for (const b of bytes.subarray(0, 64)) head += String.fromCharCode(b);
  return MARKUP.test(head);
}

const isHtmlType = (type) => /^\s*(text\/html|application\/xhtml\+xml)\b/i.test(type ?? '');

// The error for an HTML page where a movienet file was expected.
export function htmlError(what, label, bytes, response) {
  const how = response
    ? `HTTP ${response.status}${response.headers.get('content-type') ? `, Content-Type ${response.headers.get('content-type')}` : ''}, `
    : '';
  const hint =
    what === 'movienet.wasm'
      ? 'serve the package\'s dist/movienet.wasm at that URL (as application/wasm) or pass options.wasmUrl'
      : 'check the URL; with a bundler, import the file\'s URL from the package (Vite: import modelUrl from \'movienet/models/<file>?url\')';
  return new MovieNetError(
    ErrorCodes.IO,
    `${what}: ${label} is an HTML page (${how}starting ${preview(bytes)}), not a ${what === 'movienet.wasm' ? 'WebAssembly' : what} file:` +
      ` the server probably answered with its fallback page because nothing is at that URL; ${hint}`,
  );
}

export async function responseBytes(response, what, label) {
  if (!response.ok) {
    throw new MovieNetError(ErrorCodes.IO, `${what}: ${label}: HTTP ${response.status} ${response.statusText}`.trim());
  }
  if (response.bodyUsed) throw badInput(`${what}: the Response body was already read`);
  let bytes;
  try {
    bytes = await boundedBody(response, what, label);
  } catch (cause) {
    if (cause instanceof MovieNetError) throw cause;
    throw new MovieNetError(ErrorCodes.IO, `${what}: ${label}: ${cause?.message ?? cause}`, { cause });
  }
  if (isHtmlType(response.headers.get('content-type')) || looksLikeMarkup(bytes)) throw htmlError(what, label, bytes, response);
  return bytes;
}

export async function readLocal(pathOrUrl, label, what) {
  let read;
  try {
    read = await platform.readFile(pathOrUrl, maxBytesOf(what));
  } catch (cause) {
    throw new MovieNetError(ErrorCodes.IO, `${what}: cannot read ${label}: ${cause?.message ?? cause}`, { cause });
  }
  if (read.bytes === undefined) throw tooLarge(what, label, read.size);
  return read.bytes;
}

// The file reader (index.node.js) and responses stop at the limit: a FIFO,
// /dev/zero or an endless response costs at most the limit, never the machine.
const maxBytesOf = (what) => (what === 'movienet.wasm' ? MAX_WASM_BYTES : MAX_LOAD_BYTES);
function tooLarge(what, label, size) {
  const limit = maxBytesOf(what);
  const found = size === null ? 'the stream is larger than' : `${size} bytes is larger than`;
  return badInput(`${what}: ${label}: ${found} the limit of ${limit} bytes for a ${what === 'movienet.wasm' ? 'wasm' : what} file`);
}

// A Response's body, read chunk by chunk up to the limit (Content-Length is
// checked first when the server sends it).
async function boundedBody(response, what, label) {
  const limit = maxBytesOf(what);
  const declared = Number(response.headers.get('content-length'));
  if (declared > limit) throw tooLarge(what, label, declared);
  if (!response.body?.getReader) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      reader.cancel().catch(() => {});
      throw tooLarge(what, label, null);
    }
    chunks.push(value);
  }
  return chunks.length === 1 ? chunks[0] : joinBytes(chunks);
}

export function joinBytes(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * The largest model or network file loadModel()/loadNetwork() accept: 256 MiB.
 * The bytes and the model built from them share one wasm heap of at most
 * 2 GiB (wasm32); a larger source is ERR_BAD_INPUT before anything is copied.
 */
export const MAX_LOAD_BYTES = 256 * 1024 * 1024;
// movienet.wasm is some 130 KB; anything past 16 MiB is not it.
const MAX_WASM_BYTES = 16 * 1024 * 1024;

export const isResponse = (v) => typeof Response !== 'undefined' && v instanceof Response;

// Bytes fetched elsewhere (movienet/worker fetches on the page while its
// worker starts) with the URL they came from, for error messages. Internal:
// model-worker.js makes these; the public API takes plain bytes.
class LabelledBytes {
  constructor(bytes, label) {
    this.bytes = bytes;
    this.label = label;
  }
}
export const labelledBytes = (bytes, label) => new LabelledBytes(bytes, label);

// Bytes and a label for error messages from any accepted source.
export async function readSource(source, what) {
  if (source instanceof LabelledBytes) {
    const bytes = new Uint8Array(source.bytes);
    if (looksLikeMarkup(bytes)) throw htmlError(what, source.label, bytes, null);
    return { bytes, label: source.label };
  }
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
    checkNotDetached(source instanceof ArrayBuffer ? source : source.buffer, what);
    const bytes = source instanceof ArrayBuffer ? new Uint8Array(source) : new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
    if (looksLikeMarkup(bytes)) {
      throw new MovieNetError(ErrorCodes.MODEL_FORMAT, `${what}: the bytes given are an HTML page (starting ${preview(bytes)}), not a ${what} file: were they fetched from a wrong URL?`);
    }
    return { bytes, label: what };
  }
  if (isResponse(source)) return { bytes: await responseBytes(source, what, source.url || 'response'), label: source.url || what };
  if (source instanceof URL) {
    if (source.protocol === 'file:' && platform.readFile) return { bytes: await readLocal(source, source.href, what), label: source.href };
    return { bytes: await fetchBytes(source, what), label: source.href };
  }
  if (typeof source === 'string' && source.length > 0) {
    if (isFileSource(source)) {
      const target = source.startsWith('file:') ? new URL(source) : source;
      return { bytes: await readLocal(target, source, what), label: source };
    }
    return { bytes: await fetchBytes(source, what), label: source };
  }
  throw badInput(
    `source must be a URL string, URL, Response, ArrayBuffer or Uint8Array${platform.readFile ? ' (or a file path)' : ''}, got ${describe(source)}`,
  );
}
