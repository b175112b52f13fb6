/**
 * The suites `bun bench` knows, in the order they run. Each lives in `bench/<name>/` with a
 * README; `intent` is another engineer's `bench/intent/run.ts`, loaded only if it exists.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Suite, type SuiteContext, type SuiteResult, skipped } from './types.ts';

type Runner = { run: (ctx: SuiteContext) => Promise<SuiteResult> };

function lazy(
  name: string,
  describe: string,
  load: () => Promise<Runner>,
  needs?: string[],
): Suite {
  return { name, describe, needs, run: async (ctx) => (await load()).run(ctx) };
}

/** The intent suite's own contract: `run({quick}) → {metrics: Record<string, number>, notes}`. */
interface IntentModule {
  run: (opts: { quick: boolean }) => Promise<{ metrics: Record<string, number>; notes: string[] }>;
}

const intentPath = join(import.meta.dir, '../intent/run.ts');

/** A unit guessed from a metric name's suffix (the intent suite reports bare numbers). */
function unitOf(key: string): string {
  const units: [RegExp, string][] = [
    [/_ms$/, 'ms'],
    [/_us$/, 'µs'],
    [/_seconds$/, 's'],
    [/_mb$/i, 'MB'],
    [/_bytes$/, 'B'],
    [/_per_sec(ond)?$|_per_s$/, '/s'],
    [/accuracy|_f1|recall|precision|coverage/, 'ratio'],
    [/_n$|_count$/, 'count'],
  ];
  return units.find(([re]) => re.test(key))?.[1] ?? '';
}

async function runIntent(ctx: SuiteContext): Promise<SuiteResult> {
  if (!existsSync(intentPath)) {
    return skipped('bench/intent/run.ts does not exist yet (the intent engineer provides it)');
  }
  const module = (await import(intentPath)) as IntentModule;
  const result = await module.run({ quick: ctx.quick });
  const metrics = Object.fromEntries(
    Object.entries(result.metrics).map(([k, v]) => [k, { value: v, unit: unitOf(k) }]),
  );
  return { status: 'ok', metrics, notes: result.notes };
}

/** Every suite, in run order. */
export const SUITES: Suite[] = [
  lazy(
    'baseline',
    'bare Bun WebSocket echo server: connections, latency at the offered rate, maximum throughput',
    () => import('../baseline/run.ts'),
  ),
  lazy(
    'connections',
    'N idle customers on one kefu process: RSS per connection, ramp, reconnect storm',
    () => import('../connections/run.ts'),
    ['baseline'],
  ),
  lazy(
    'e2e',
    'customer msg → bot reply (and → durable ack) at a fixed offered rate, and the maximum',
    () => import('../e2e/run.ts'),
    ['baseline'],
  ),
  lazy(
    'handoff',
    'customer msg → agent socket delivery at a fixed offered rate',
    () => import('../handoff/run.ts'),
    ['baseline'],
  ),
  lazy(
    'ingest',
    'most durable (acked) messages per second, closed loop, SQLite and MySQL',
    () => import('../ingest/run.ts'),
  ),
  lazy(
    'http',
    'REST routes under autocannon: req/s, p99, and whether the client saturated',
    () => import('../http/run.ts'),
  ),
  lazy(
    'abuse',
    'customer ack p99 alone and while one client floods, churns and sends oversized frames',
    () => import('../abuse/run.ts'),
  ),
  lazy(
    'cluster',
    'kefu serve --workers N: 50,000 idle customers on 4 workers (RSS, ramp); e2e on 1 vs 2 workers',
    () => import('../cluster/run.ts'),
  ),
  lazy(
    'web',
    'widget and agent app sizes (raw, gzip) and first load in headless Chromium (cold, warm)',
    () => import('../web/run.ts'),
  ),
  {
    name: 'intent',
    describe: 'intent model: accuracy, inference latency, training time (bench/intent/run.ts)',
    run: runIntent,
    once: true,
  },
];

/**
 * The suites to run for the names asked (all when none), with every `needs` added before
 * the suite that needs it. Throws on an unknown name.
 */
export function selectSuites(names: string[]): Suite[] {
  for (const name of names) {
    if (!SUITES.some((s) => s.name === name)) {
      throw new Error(`unknown suite "${name}" (have: ${SUITES.map((s) => s.name).join(', ')})`);
    }
  }
  const wanted = new Set(names.length ? names : SUITES.map((s) => s.name));
  for (const suite of SUITES)
    if (wanted.has(suite.name)) for (const n of suite.needs ?? []) wanted.add(n);
  return SUITES.filter((s) => wanted.has(s.name));
}
