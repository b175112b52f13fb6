/**
 * Builds the ONNX graph (opset 13, IR 8) of a trained model with onnx-proto:
 *
 *   ids int64[N,L] ─Gather(remap)→ rows ─Gather(idf)→ idf   tf float[N,L]
 *   x = tf·idf / (‖tf·idf‖₂ + 1e-6)          (TF-IDF, L2 per row; padding has tf 0)
 *   h = Σ_L Gather(w1, rows) · x + b1         (embedding bag = the sparse matmul)
 *   [hidden > 0: h = ReLU(h) · w2 + b2]
 *   [ensemble: h = mean over members of LogSoftmax(h_k)]
 *   probabilities = Softmax(h / temperature)
 */
import { onnx } from 'onnx-proto';
import type { NetworkParams } from './network.ts';
import type { TrainedModel } from './types.ts';

const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT32 = onnx.TensorProto.DataType.INT32;
const INT64 = onnx.TensorProto.DataType.INT64;

function tensor(
  name: string,
  dataType: number,
  dims: number[],
  data: Float32Array | Int32Array | BigInt64Array,
): onnx.ITensorProto {
  const rawData = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  return { name, dataType, dims, rawData };
}

function node(
  opType: string,
  input: string[],
  output: string[],
  attrs: onnx.IAttributeProto[] = [],
) {
  return { opType, input, output, name: output[0], attribute: attrs };
}

function io(name: string, elemType: number, dims: (string | number)[]): onnx.IValueInfoProto {
  const dim = dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d }));
  return { name, type: { tensorType: { elemType, shape: { dim } } } };
}

/** Row of each hash bucket (0 = unseen), as the graph's first lookup table. */
function remapTable(model: TrainedModel): Int32Array {
  const remap = new Int32Array(model.featurizer.buckets);
  model.featureBuckets.forEach((bucket, r) => {
    remap[bucket] = r + 1;
  });
  return remap;
}

/** Nodes and weights of network `k`, from the shared `rows`/`x3`; returns its logits name. */
function networkNodes(
  network: NetworkParams,
  k: number,
  rows: number,
  initializer: onnx.ITensorProto[],
  nodes: onnx.INodeProto[],
): string {
  // The first network keeps the plain names, so a one-member model's graph never changed.
  const name = (base: string) => (k === 0 ? base : `${base}_${k}`);
  const labels = network.labels;
  const width = network.hidden || labels;
  initializer.push(tensor(name('w1'), FLOAT, [rows, width], network.w1));
  initializer.push(tensor(name('b1'), FLOAT, [width], network.b1));
  nodes.push(
    node('Gather', [name('w1'), 'rows'], [name('embedded')]),
    node('Mul', [name('embedded'), 'x3'], [name('weighted')]),
    node(
      'ReduceSum',
      [name('weighted'), 'axis1'],
      [name('bag')],
      [{ name: 'keepdims', type: 2, i: 0 }],
    ),
    node('Add', [name('bag'), name('b1')], [name('h1')]),
  );
  if (network.hidden === 0) return name('h1');
  initializer.push(tensor(name('w2'), FLOAT, [network.hidden, labels], network.w2));
  initializer.push(tensor(name('b2'), FLOAT, [labels], network.b2));
  nodes.push(
    node('Relu', [name('h1')], [name('a1')]),
    node('MatMul', [name('a1'), name('w2')], [name('z2')]),
    node('Add', [name('z2'), name('b2')], [name('h2')]),
  );
  return name('h2');
}

/** Serialises `model` to ONNX bytes. */
export function buildOnnx(model: TrainedModel): Uint8Array {
  const labels = model.labels.length;
  const rows = model.featureBuckets.length + 1;
  const initializer = [
    tensor('remap', INT32, [model.featurizer.buckets], remapTable(model)),
    tensor('idf', FLOAT, [rows], model.idf),
    tensor('axis1', INT64, [1], BigInt64Array.of(1n)),
    tensor('axis2', INT64, [1], BigInt64Array.of(2n)),
    tensor('eps', FLOAT, [], Float32Array.of(1e-6)),
    tensor('temperature', FLOAT, [], Float32Array.of(model.temperature)),
  ];
  const nodes: onnx.INodeProto[] = [
    node('Gather', ['remap', 'ids'], ['rows']),
    node('Gather', ['idf', 'rows'], ['idf_rows']),
    node('Mul', ['tf', 'idf_rows'], ['tfidf']),
    node('Mul', ['tfidf', 'tfidf'], ['squares']),
    node('ReduceSum', ['squares', 'axis1'], ['sum_squares']),
    node('Sqrt', ['sum_squares'], ['norm']),
    node('Add', ['norm', 'eps'], ['norm_eps']),
    node('Div', ['tfidf', 'norm_eps'], ['x']),
    node('Unsqueeze', ['x', 'axis2'], ['x3']),
  ];
  const outputs = model.networks.map((network, k) =>
    networkNodes(network, k, rows, initializer, nodes),
  );
  let logits = outputs[0]!;
  if (outputs.length > 1) {
    // Log-linear pool: the mean of the members' log-softmax, as `pooledLogits` computes.
    const logProbs = outputs.map((name) => `${name}_logsoftmax`);
    outputs.forEach((name, k) => {
      nodes.push(node('LogSoftmax', [name], [logProbs[k]!], [{ name: 'axis', type: 2, i: -1 }]));
    });
    initializer.push(tensor('members', FLOAT, [], Float32Array.of(outputs.length)));
    nodes.push(
      node('Sum', logProbs, ['log_prob_sum']),
      node('Div', ['log_prob_sum', 'members'], ['pooled']),
    );
    logits = 'pooled';
  }
  nodes.push(node('Div', [logits, 'temperature'], ['scaled']));
  nodes.push(node('Softmax', ['scaled'], ['probabilities'], [{ name: 'axis', type: 2, i: -1 }]));
  const graph: onnx.IGraphProto = {
    name: 'kefu_intent',
    node: nodes,
    initializer,
    input: [io('ids', INT64, ['batch', 'features']), io('tf', FLOAT, ['batch', 'features'])],
    output: [io('probabilities', FLOAT, ['batch', labels])],
  };
  const proto = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'kefu',
    producerVersion: '1',
    opsetImport: [{ domain: '', version: 13 }],
    graph,
    metadataProps: [{ key: 'labels', value: JSON.stringify(model.labels) }],
  });
  return onnx.ModelProto.encode(proto).finish();
}
