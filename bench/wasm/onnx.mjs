// A minimal ONNX (protobuf) encoder for the benchmark: a stack of Gemm (+Relu)
// layers with float32 initializers, written field by field from onnx.proto3
// so no Python/onnx package is needed.

// ---- protobuf wire format
function varint(n) {
  const out = [];
  let v = BigInt(n);
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) byte |= 0x80;
    out.push(byte);
  } while (v !== 0n);
  return out;
}
const key = (field, wire) => varint((field << 3) | wire);
const concat = (parts) => {
  const total = parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};
const int = (field, n) => Uint8Array.from([...key(field, 0), ...varint(n)]);
const bytes = (field, data) => concat([Uint8Array.from([...key(field, 2), ...varint(data.length)]), data]);
const str = (field, s) => bytes(field, new TextEncoder().encode(s));
const msg = (field, parts) => bytes(field, concat(parts));

// ---- onnx.proto3 messages (field numbers from the spec)
const FLOAT = 1; // TensorProto.DataType.FLOAT
const ATTR_INT = 2; // AttributeProto.AttributeType.INT

function tensor(name, dims, data) {
  const raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return [...dims.map((d) => int(1, d)), int(2, FLOAT), str(8, name), bytes(9, raw)];
}

function node(opType, inputs, outputs, attributes = []) {
  return [
    ...inputs.map((i) => str(1, i)),
    ...outputs.map((o) => str(2, o)),
    str(3, `${opType}_${outputs[0]}`),
    str(4, opType),
    ...attributes.map(([name, value]) => msg(5, [str(1, name), int(3, value), int(20, ATTR_INT)])),
  ];
}

function valueInfo(name, dims) {
  const shape = dims.map((d) => msg(1, [typeof d === 'string' ? str(2, d) : int(1, d)]));
  return [str(1, name), msg(2, [msg(1, [int(1, FLOAT), msg(2, shape)])])];
}

/**
 * ONNX model bytes for x[N, input] -> Gemm -> (Relu) -> ... -> y[N, out].
 * layers: [{ units, relu, W (input x units, row-major = movienet's column-major units x input), b }]
 */
export function denseStackOnnx(input, layers) {
  const graph = [];
  let prev = 'x';
  layers.forEach((l, i) => {
    graph.push(msg(5, tensor(`W${i}`, [l.W.length / l.units, l.units], l.W)));
    graph.push(msg(5, tensor(`b${i}`, [l.units], l.b)));
    const gemm = `g${i}`;
    graph.push(msg(1, node('Gemm', [prev, `W${i}`, `b${i}`], [gemm], [['transB', 0]])));
    prev = gemm;
    if (l.relu) {
      graph.push(msg(1, node('Relu', [gemm], [`r${i}`])));
      prev = `r${i}`;
    }
  });
  graph.push(str(2, 'movienet_bench'));
  graph.push(msg(11, valueInfo('x', ['N', input])));
  // The last op writes `prev`; expose it under its own name.
  graph.push(msg(12, valueInfo(prev, ['N', layers.at(-1).units])));
  return {
    bytes: concat([int(1, 8), str(2, 'movienet-bench'), msg(7, graph), msg(8, [str(1, ''), int(2, 13)])]),
    output: prev,
  };
}
