/**
 * The bot measured in the running server: a spawned `kefu serve` (bot on, SQLite), N
 * customers over the widget WebSocket sending the questions of models/data/eval.jsonl
 * (a fresh visitor per question), and the time from sending a message to the bot's
 * reply (its message, or the conversation turning `queued` when it hands over without
 * words). Twice: a tenant on the shipped model, and a tenant whose own model was trained
 * and activated through the API (what the training job costs is measured too).
 * The server is started and stopped with the bench harness's `lib/kefu` (fresh data dir,
 * `bun src/cli.ts serve`, ready on /readyz), latencies go to its HdrHistograms.
 * `run.ts` includes it (`server_*` metrics); alone: `bun bench/intent/server.ts
 * [--customers 1,50] [--rounds 2]` (prints JSON). See README.md beside this file.
 */
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir, parseLabelledJsonl } from '../../src/intent/index.ts';
import { type Histogram, newHistogram } from '../lib/histogram.ts';
import { kefuCli, kefuEnv, startKefu } from '../lib/kefu/server.ts';
import type { SuiteContext } from '../lib/types.ts';

const ROOT = resolve(import.meta.dir, '../..');
const round = (x: number, digits = 2) => Number(x.toFixed(digits));

interface Tenant {
  tenantId: string;
  apiKey: string;
  widgetKey: string;
}

interface Outcome {
  kind: 'reply' | 'handoff';
  ms: number;
}

export interface ServerBenchOptions {
  /** Concurrency levels to measure, e.g. [1, 50]. */
  customers: number[];
  rounds: number;
}

export async function runServerBench(
  options: ServerBenchOptions,
): Promise<{ metrics: Record<string, number>; notes: string[] }> {
  const ctx: SuiteContext = {
    quick: false,
    root: ROOT,
    bun: process.execPath,
    mysqlUrl: undefined,
    overrides: {},
    progress: () => {},
    earlier: () => undefined,
  };
  const k = kefuEnv();
  k.env.KEFU_BOT = 'on';
  k.env.ORT_DISABLE_TELEMETRY = '1';
  const notes: string[] = [];
  const metrics: Record<string, number> = {};
  const shipped = (await kefuCli(ctx, k, [
    'tenant',
    'create',
    '--name',
    'bench shipped',
    '--json',
  ])) as unknown as Tenant;
  const own = (await kefuCli(ctx, k, [
    'tenant',
    'create',
    '--name',
    'bench own model',
    '--json',
  ])) as unknown as Tenant;
  const kefu = await startKefu(ctx, k);
  const server = { url: kefu.baseUrl, wsUrl: kefu.baseUrl.replace('http', 'ws') };
  try {
    const questions = parseLabelledJsonl(
      await readFile(join(defaultDataDir(), 'eval.jsonl'), 'utf8'),
      'eval.jsonl',
    ).map((q) => q.text);
    notes.push(
      `${options.customers.join(' and ')} customers at once, ${options.rounds} × ${questions.length} questions of models/data/eval.jsonl per tenant, a fresh visitor per question; load average at start ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`,
    );

    const training = await trainThroughApi(server.url, own);
    Object.assign(metrics, training);
    notes.push(
      'own model: models/data/train.jsonl uploaded as JSONL, trained with preset fast and activated through the API; train_job_seconds is POST /train → status ready (evaluation split + final model, in a worker)',
    );

    // Warm-up: the first messages open SQLite pages, JIT paths and the tenant's model.
    await ask(server.wsUrl, shipped, questions.slice(0, 20), 10);
    await ask(server.wsUrl, own, questions.slice(0, 20), 10);

    for (const customers of options.customers) {
      for (const [name, tenant] of [
        ['shipped', shipped],
        ['own', own],
      ] as const) {
        const prefix = `${name}_c${customers}_`;
        const all = Array.from({ length: options.rounds }, () => questions).flat();
        const stagesBefore = await pipelineStages(server.url);
        const started = performance.now();
        const outcomes = await ask(server.wsUrl, tenant, all, customers);
        const seconds = (performance.now() - started) / 1000;
        const stages = await pipelineStages(server.url);
        const replies = histogramOf(outcomes, 'reply');
        const handoffs = histogramOf(outcomes, 'handoff');
        Object.assign(metrics, {
          [`${prefix}messages`]: outcomes.length,
          [`${prefix}bot_replies`]: replies.totalCount,
          [`${prefix}silent_handoffs`]: handoffs.totalCount,
          [`${prefix}reply_p50_ms`]: percentile(replies, 50),
          [`${prefix}reply_p90_ms`]: percentile(replies, 90),
          [`${prefix}reply_p99_ms`]: percentile(replies, 99),
          [`${prefix}reply_max_ms`]: percentile(replies, 100),
          [`${prefix}handoff_p50_ms`]: percentile(handoffs, 50),
          [`${prefix}handoff_p99_ms`]: percentile(handoffs, 99),
          [`${prefix}questions_per_s`]: round(outcomes.length / seconds, 1),
        });
        for (const stage of ['persist', 'classify', 'decide']) {
          const count = (stages[`${stage}_count`] ?? 0) - (stagesBefore[`${stage}_count`] ?? 0);
          const sum = (stages[`${stage}_sum`] ?? 0) - (stagesBefore[`${stage}_sum`] ?? 0);
          metrics[`${prefix}server_${stage}_mean_ms`] = count ? round((1000 * sum) / count, 3) : 0;
        }
      }
    }
    notes.push(
      'reply_*: send → the bot message (answer, rephrase request, or words said while handing over); handoff_*: send → the conversation frame saying queued, for handoffs without words; connection set-up is not counted; questions_per_s includes it (a new visitor connection per question)',
    );
    notes.push(
      "server_*_mean_ms: the server's own /metrics pipeline stages over the same messages (persist counts both the question and the bot reply; classify is the intent model; decide is rules + bot + routing, including persisting the reply)",
    );
  } finally {
    await kefu.stop();
  }
  return { metrics, notes };
}

async function trainThroughApi(url: string, tenant: Tenant): Promise<Record<string, number>> {
  const call = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    const res = await fetch(`${url}/api/v1/bot${path}`, {
      ...init,
      headers: { authorization: `Bearer ${tenant.apiKey}`, ...init.headers },
    });
    const body = (await res.json()) as T;
    if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  };
  const upload = await call<{ dataset: { id: string; exampleCount: number } }>('/datasets', {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson' },
    body: await readFile(join(defaultDataDir(), 'train.jsonl'), 'utf8'),
  });
  const started = performance.now();
  const job = await call<{ id: string }>('/train', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ datasetId: upload.dataset.id, activate: true }),
  });
  for (;;) {
    const state = await call<{ status: string; error: string | null }>(`/jobs/${job.id}`);
    if (state.status === 'failed') throw new Error(`training failed: ${state.error}`);
    if (state.status === 'active') break;
    await Bun.sleep(100);
  }
  const seconds = (performance.now() - started) / 1000;
  const version = await call<{
    evaluation: { accuracy: number; top1Accuracy: number; macroF1: number };
  }>('/models/1');
  return {
    train_job_seconds: round(seconds, 1),
    own_model_examples: upload.dataset.exampleCount,
    own_model_holdout_accuracy: round(version.evaluation.accuracy, 4),
    own_model_holdout_top1_accuracy: round(version.evaluation.top1Accuracy, 4),
    own_model_holdout_macro_f1: round(version.evaluation.macroF1, 4),
  };
}

/** `concurrency` customers work through `questions`, each on a fresh visitor connection. */
async function ask(
  wsUrl: string,
  tenant: Tenant,
  questions: string[],
  concurrency: number,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let next = 0;
  const customer = async () => {
    for (let i = next++; i < questions.length; i = next++) {
      outcomes.push(await oneQuestion(wsUrl, tenant, questions[i]!));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, customer));
  return outcomes;
}

function oneQuestion(wsUrl: string, tenant: Tenant, text: string): Promise<Outcome> {
  return new Promise((resolveOutcome, reject) => {
    const ws = new WebSocket(`${wsUrl}/ws/customer?widgetKey=${tenant.widgetKey}`);
    let sentAt = 0;
    const timer = setTimeout(() => {
      ws.close();
      reject(new Error(`no reply to "${text}" within 30 s`));
    }, 30_000);
    const done = (kind: Outcome['kind']) => {
      clearTimeout(timer);
      resolveOutcome({ kind, ms: performance.now() - sentAt });
      ws.close();
    };
    ws.onerror = () => reject(new Error('websocket error'));
    ws.onmessage = (event) => {
      const frame = JSON.parse(String(event.data)) as {
        t: string;
        author?: { kind: string };
        conversation?: { state: string };
      };
      if (frame.t === 'welcome') {
        sentAt = performance.now();
        ws.send(JSON.stringify({ t: 'msg', clientMsgId: 'q', text }));
      } else if (frame.t === 'msg' && frame.author?.kind === 'bot') done('reply');
      else if (frame.t === 'conversation' && frame.conversation?.state === 'queued')
        done('handoff');
    };
  });
}

/** Sums and counts of `kefu_pipeline_stage_seconds` by stage, from the server's /metrics. */
async function pipelineStages(url: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const out: Record<string, number> = {};
  for (const match of text.matchAll(
    /^kefu_pipeline_stage_seconds_(sum|count)\{stage="(\w+)"\} ([\d.e+-]+)$/gm,
  )) {
    out[`${match[2]}_${match[1]}`] = Number(match[3]);
  }
  return out;
}

/** Latencies (µs) of the outcomes of one kind. */
function histogramOf(outcomes: Outcome[], kind: Outcome['kind']): Histogram {
  const histogram = newHistogram();
  for (const o of outcomes) if (o.kind === kind) histogram.recordValue(Math.round(o.ms * 1000));
  return histogram;
}

/** A percentile (100: the maximum) in ms, 0 without samples. */
function percentile(histogram: Histogram, p: number): number {
  if (histogram.totalCount === 0) return 0;
  const us = p >= 100 ? histogram.maxValue : histogram.getValueAtPercentile(p);
  return round(us / 1000, 2);
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { customers: { type: 'string' }, rounds: { type: 'string' } },
  });
  const result = await runServerBench({
    customers: (values.customers ?? '1,50').split(',').map(Number),
    rounds: Number(values.rounds ?? 2),
  });
  console.log(JSON.stringify(result, null, 2));
}
