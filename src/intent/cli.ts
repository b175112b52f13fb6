/**
 * `kefu intent …` commands, for the CLI dispatcher:
 *   intent train [--data FILE.jsonl --out DIR] [--seed N] [--json]
 *   intent eval --model DIR --data FILE.jsonl [--json]
 *   intent predict --model DIR   (JSONL {"text"} on stdin → {"text","label","confidence","declined"})
 * Exit codes: 0 done, 2 bad input or usage (message names the file and line), 1 other.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KefuError } from '../errors.ts';
import { evaluate } from './evaluate.ts';
import { exportModel, writeModelDir } from './export.ts';
import { defaultDataDir, defaultModelDir } from './paths.ts';
import { IntentRuntime } from './runtime.ts';
import { trainModel } from './train.ts';
import { parseLabelledJsonl, parseTextJsonl } from './training-data.ts';

export interface CliIo {
  stdout: (text: string) => void;
  /** Error messages; defaults to `stdout`. */
  stderr?: (text: string) => void;
  /** Raw text (or byte) chunks; lines are separated by "\n". */
  stdin: AsyncIterable<string | Uint8Array> | ReadableStream;
}

const USAGE = `usage:
  intent train [--data FILE.jsonl --out DIR] [--seed N] [--json]
  intent eval --model DIR --data FILE.jsonl [--json]
  intent predict --model DIR < lines.jsonl`;

/** Runs one `intent` sub-command; resolves with the process exit code. */
export async function runIntentCommand(argv: string[], io: CliIo): Promise<number> {
  const args = argv[0] === 'intent' ? argv.slice(1) : argv;
  const stderr = io.stderr ?? io.stdout;
  try {
    const [command, ...rest] = args;
    const flags = parseFlags(rest);
    if (command === 'train') return await train(flags, io);
    if (command === 'eval') return await evalCommand(flags, io);
    if (command === 'predict') return await predict(flags, io);
    throw usage(command ? `unknown command "${command}"` : 'missing command');
  } catch (error) {
    if (error instanceof KefuError) {
      stderr(`error: ${error.message}\n`);
      return error.code === 'internal' ? 1 : 2;
    }
    stderr(`error: ${(error as Error)?.message ?? String(error)}\n`);
    return 1;
  }
}

type Flags = Map<string, string | true>;

function parseFlags(rest: string[]): Flags {
  const flags: Flags = new Map();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (!arg.startsWith('--')) throw usage(`unexpected argument "${arg}"`);
    const name = arg.slice(2);
    if (name === 'json') flags.set(name, true);
    else if (['data', 'out', 'seed', 'model'].includes(name)) {
      const value = rest[++i];
      if (value === undefined) throw usage(`--${name} needs a value`);
      flags.set(name, value);
    } else throw usage(`unknown option --${name}`);
  }
  return flags;
}

function usage(message: string): KefuError {
  return new KefuError('bad_request', `${message}\n${USAGE}`);
}

function str(flags: Flags, name: string): string | undefined {
  const value = flags.get(name);
  return typeof value === 'string' ? value : undefined;
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    throw new KefuError('bad_request', `cannot read ${path}`);
  }
}

async function train(flags: Flags, io: CliIo): Promise<number> {
  const dataPath = str(flags, 'data') ?? join(defaultDataDir(), 'train.jsonl');
  const out = str(flags, 'out') ?? (flags.has('data') ? undefined : defaultModelDir());
  if (!out) throw usage('--out DIR is required with --data');
  const seedText = str(flags, 'seed') ?? '1';
  if (!/^\d{1,9}$/.test(seedText)) throw usage('--seed must be a non-negative integer');
  const data = parseLabelledJsonl(await readText(dataPath), dataPath);
  const json = flags.has('json');
  const started = performance.now();
  const model = trainModel(data, { seed: Number(seedText) }, (p) => {
    if (!json) io.stdout(`${p.phase} epoch ${p.epoch}/${p.epochs} loss ${p.loss.toFixed(4)}\n`);
  });
  const trainMs = Math.round(performance.now() - started);
  const exported = exportModel(model);
  await writeModelDir(out, exported);
  const summary = {
    out,
    trainMs,
    onnxBytes: exported.onnx.length,
    threshold: model.threshold,
    temperature: model.temperature,
    ...model.metrics,
  };
  io.stdout(json ? `${JSON.stringify(summary)}\n` : `wrote ${out} (${JSON.stringify(summary)})\n`);
  return 0;
}

async function evalCommand(flags: Flags, io: CliIo): Promise<number> {
  const modelDir = str(flags, 'model');
  const dataPath = str(flags, 'data');
  if (!modelDir || !dataPath) throw usage('eval needs --model DIR and --data FILE.jsonl');
  const data = parseLabelledJsonl(await readText(dataPath), dataPath);
  const runtime = await IntentRuntime.load(modelDir);
  try {
    const report = await evaluate(runtime, data);
    if (flags.has('json')) io.stdout(`${JSON.stringify(report)}\n`);
    else {
      const { perIntent, ...headline } = report;
      io.stdout(`${JSON.stringify(headline, null, 2)}\n`);
    }
  } finally {
    await runtime.close();
  }
  return 0;
}

async function predict(flags: Flags, io: CliIo): Promise<number> {
  const modelDir = str(flags, 'model');
  if (!modelDir) throw usage('predict needs --model DIR');
  // Read and check every line first, so a bad line leaves no half-written output.
  const texts = parseTextJsonl(await readAll(io.stdin), 'stdin');
  const runtime = await IntentRuntime.load(modelDir);
  try {
    const predictions = await runtime.predictBatch(texts);
    const lines = predictions.map((p, i) => JSON.stringify({ text: texts[i], ...p }));
    io.stdout(lines.length ? `${lines.join('\n')}\n` : '');
  } finally {
    await runtime.close();
  }
  return 0;
}

async function readAll(stdin: CliIo['stdin']): Promise<string> {
  if (stdin instanceof ReadableStream) return new Response(stdin).text();
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of stdin) {
    text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  }
  return text + decoder.decode();
}
