// Argument checks every API module shares: option objects, bad input, format errors, counts, detached buffers.
import { MovieNetError, ErrorCodes, describe } from './errors.js';

export const badInput = (message) => new MovieNetError(ErrorCodes.BAD_INPUT, message);

export function checkOptions(options, name, allowed) {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw badInput(`${name} must be an object, got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw badInput(`${name}.${key} is not a known option (expected ${allowed.join(', ')})`);
    }
  }
  return options;
}

export const formatError = (label, message) => new MovieNetError(ErrorCodes.MODEL_FORMAT, `${label}: ${message}`);
export const isCount = (v) => Number.isSafeInteger(v) && v >= 0;

// A transferred (detached) buffer reads as empty; say so instead of a TypeError.
function isDetached(buffer) {
  if (typeof buffer.detached === 'boolean') return buffer.detached;
  if (buffer.byteLength !== 0) return false;
  try {
    new Uint8Array(buffer);
    return false;
  } catch {
    return true;
  }
}

export function checkNotDetached(buffer, what) {
  if (isDetached(buffer)) throw badInput(`${what}: the ArrayBuffer is detached (transferred or closed), so its bytes are gone`);
}
