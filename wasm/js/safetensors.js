// The safetensors container: the header parsed and checked, packed into the table the wasm side takes, tensors found by name.
import { formatError, isCount } from './checks.js';

// ---- safetensors: the header is JSON, read here with JSON.parse; the wasm
// side gets the bytes (one copy into its memory) and this table, and checks
// offsets (every data byte in one tensor, none after the last), dtypes,
// shapes and values (safetensors.h): the native reader's checks and messages.
// The longest safetensors header, limits::kMaxHeaderBytes (safetensors.h):
// refused before JSON.parse. The other limits are checked on the C++ side.
const MAX_HEADER_BYTES = 8 * 1024 * 1024;

// safetensors dtypes in the order of TensorDtype (safetensors.h).
const DTYPES = ['F64', 'F32', 'F16', 'I64', 'I32', 'I16', 'I8', 'U8', 'BOOL'];

export function parseSafetensors(bytes, label) {
  // A safetensors header starts with '{' right after its length; JSON starts with '{' itself.
  let first = 0;
  while (first < bytes.length && first < 64 && (bytes[first] === 0x20 || bytes[first] === 0x0a || bytes[first] === 0x0d || bytes[first] === 0x09)) first++;
  const length = bytes.length >= 8 ? new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true) : 0n;
  const looksSafetensors = bytes.length > 8 && bytes[8] === 0x7b && length <= BigInt(bytes.length - 8);
  if (!looksSafetensors && bytes[first] === 0x7b) {
    throw formatError(label, 'is a version-1 JSON file; this build reads safetensors (version 2): convert it with `movienet convert OLD.json NEW.safetensors`');
  }
  if (bytes.length < 8) throw formatError(label, `truncated: ${bytes.length} bytes, too short for the 8-byte header length`);
  if (length > BigInt(bytes.length - 8)) {
    throw formatError(label, `header length ${length} runs past the end of the ${bytes.length}-byte file`);
  }
  if (length > BigInt(MAX_HEADER_BYTES)) {
    throw formatError(label, `header length ${length} is larger than the limit of ${MAX_HEADER_BYTES} bytes`);
  }
  let header;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + Number(length))));
  } catch {
    throw formatError(label, 'header: not valid JSON (truncated?)');
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) throw formatError(label, 'header: expected a JSON object');
  const table = { dataOffset: 8 + Number(length), names: [], dtypes: [], shapes: [], begins: [], ends: [], metaKeys: [], metaValues: [], index: new Map() };
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') {
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw formatError(label, '__metadata__: expected an object of strings');
      for (const [key, value] of Object.entries(entry)) {
        if (typeof value !== 'string') throw formatError(label, `__metadata__.${key}: expected a string`);
        if (key.includes('\0') || value.includes('\0')) throw formatError(label, `__metadata__.${key}: a 0 character`);
        table.metaKeys.push(key);
        table.metaValues.push(value);
      }
      continue;
    }
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw formatError(label, `${name}: expected an object`);
    if (typeof entry.dtype !== 'string') throw formatError(label, `${name}.dtype: expected a string`);
    if (!DTYPES.includes(entry.dtype)) throw formatError(label, `${name}.dtype: unknown dtype ${JSON.stringify(entry.dtype)}`);
    if (!Array.isArray(entry.shape) || !entry.shape.every(isCount)) throw formatError(label, `${name}.shape: expected non-negative integers`);
    const offsets = entry.data_offsets;
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) throw formatError(label, `${name}.data_offsets: expected [begin, end]`);
    if (name.includes('\0')) throw formatError(label, `${JSON.stringify(name)}: a 0 character in a name`);
    table.index.set(name, table.names.length);
    table.names.push(name);
    table.dtypes.push(entry.dtype);
    table.shapes.push(entry.shape);
    table.begins.push(offsets[0]);
    table.ends.push(offsets[1]);
  }
  return table;
}

// The table as the wasm side takes it (bindings.cpp, safetensors_from_js).
export function packTable(t) {
  const text = new TextEncoder().encode([...t.names, ...t.metaKeys, ...t.metaValues].map((s) => s + '\0').join(''));
  const numbers = [t.dataOffset, t.names.length, t.metaKeys.length];
  for (let i = 0; i < t.names.length; i++) numbers.push(DTYPES.indexOf(t.dtypes[i]), t.shapes[i].length, ...t.shapes[i], t.begins[i], t.ends[i]);
  return { text, numbers: new Uint8Array(Float64Array.from(numbers).buffer) };
}

// A tensor's bytes (a view into the file), or null when absent.
export function tensorBytes(bytes, table, name) {
  const i = table.index.get(name);
  return i === undefined ? null : bytes.subarray(table.dataOffset + table.begins[i], table.dataOffset + table.ends[i]);
}
