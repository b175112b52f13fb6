import { afterAll, describe, expect, it } from 'bun:test';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runIntentCommand } from '../../src/intent/index.ts';
import { SMALL_DATA } from './fixtures.ts';

const work = mkdtempSync(join(tmpdir(), 'kefu-intent-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function run(argv: string[], stdinText = '') {
  let out = '';
  let err = '';
  const code = await runIntentCommand(argv, {
    stdout: (s) => {
      out += s;
    },
    stderr: (s) => {
      err += s;
    },
    stdin: (async function* () {
      yield stdinText;
    })(),
  });
  return { code, out, err };
}

function file(name: string, content: string): string {
  const path = join(work, name);
  writeFileSync(path, content);
  return path;
}

const trainFile = () => file('train.jsonl', SMALL_DATA.map((d) => JSON.stringify(d)).join('\n'));

describe('intent train', () => {
  it('writes model.onnx and model.json and prints a JSON summary', async () => {
    const out = join(work, 'model');
    const result = await run([
      'intent',
      'train',
      '--data',
      trainFile(),
      '--out',
      out,
      '--seed',
      '3',
      '--json',
    ]);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.out);
    expect(summary.examples).toBe(SMALL_DATA.length);
    expect(readdirSync(out).sort()).toEqual(['model.json', 'model.onnx']);
    expect(JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')).training.seed).toBe(3);
  });

  it('keeps other files of the output folder, such as answers.json', async () => {
    const out = join(work, 'keep');
    await run(['train', '--data', trainFile(), '--out', out, '--json']);
    writeFileSync(join(out, 'answers.json'), '{}');
    expect((await run(['train', '--data', trainFile(), '--out', out, '--json'])).code).toBe(0);
    expect(readFileSync(join(out, 'answers.json'), 'utf8')).toBe('{}');
  });

  const bad: [string, string, RegExp][] = [
    ['bad JSON', '{"text":"a","label":"x"}\n{oops\n', /bad\.jsonl:2: not valid JSON/],
    [
      'a missing label',
      '{"text":"a","label":"x"}\n{"text":"b"}\n',
      /bad\.jsonl:2: missing "label"/,
    ],
    [
      'a one-example label',
      '{"text":"a","label":"x"}\n{"text":"b","label":"x"}\n{"text":"c","label":"y"}\n',
      /label "y" has only one example \(line 3\)/,
    ],
    ['an empty file', '', /no examples/],
  ];
  for (const [what, content, message] of bad) {
    it(`refuses ${what} with exit code 2 and writes nothing`, async () => {
      const out = join(work, `never-${what.replace(/\W/g, '')}`);
      const result = await run(['train', '--data', file('bad.jsonl', content), '--out', out]);
      expect(result.code).toBe(2);
      expect(result.err).toMatch(message);
      expect(existsSync(out)).toBe(false);
      expect(readdirSync(work).some((name) => name.includes('.tmp-'))).toBe(false);
    });
  }

  it('refuses --data without --out and unknown options', async () => {
    expect((await run(['train', '--data', trainFile()])).code).toBe(2);
    expect((await run(['train', '--bogus'])).code).toBe(2);
    expect((await run(['frobnicate'])).code).toBe(2);
  });
});

describe('intent eval and predict', () => {
  const modelDir = join(work, 'eval-model');

  it('prints one JSON object with accuracy, macroF1, inScopeAccuracy, oosRecall and n', async () => {
    await run(['train', '--data', trainFile(), '--out', modelDir, '--json']);
    const data = [
      { text: '我的快递到哪了', label: 'order_status' },
      { text: 'i want to return this', label: 'return_exchange' },
      { text: 'what is the capital of france', label: 'oos' },
    ];
    const result = await run([
      'eval',
      '--model',
      modelDir,
      '--data',
      file('eval.jsonl', data.map((d) => JSON.stringify(d)).join('\n')),
      '--json',
    ]);
    expect(result.code).toBe(0);
    expect(result.out.trim().split('\n')).toHaveLength(1);
    const report = JSON.parse(result.out);
    expect(report.n).toBe(3);
    for (const key of ['accuracy', 'macroF1', 'inScopeAccuracy', 'oosRecall']) {
      expect(report[key]).toBeGreaterThanOrEqual(0);
      expect(report[key]).toBeLessThanOrEqual(1);
    }
    expect(report.perIntent.order_status.support).toBe(1);
  });

  it('predicts JSONL lines from stdin', async () => {
    const result = await run(
      ['predict', '--model', modelDir],
      '{"text":"我的快递到哪了"}\n\n{"text":"hello"}\n',
    );
    expect(result.code).toBe(0);
    const lines = result.out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ text: '我的快递到哪了', label: 'order_status' });
    expect(Object.keys(lines[1]).sort()).toEqual(['confidence', 'declined', 'label', 'text']);
  });

  it('refuses a bad stdin line with exit code 2 and prints no predictions', async () => {
    const result = await run(['predict', '--model', modelDir], '{"text":"ok"}\nnot json\n');
    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    expect(result.err).toMatch(/stdin:2: not valid JSON/);
  });

  it('refuses a corrupt model folder with exit code 2', async () => {
    const broken = join(work, 'broken');
    await run(['train', '--data', trainFile(), '--out', broken, '--json']);
    writeFileSync(join(broken, 'model.onnx'), 'garbage');
    const result = await run(['predict', '--model', broken], '{"text":"hi"}\n');
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/onnxSha256/);
  });
});
