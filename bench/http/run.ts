/**
 * http: autocannon (its own process) on the REST routes — conversation list, conversation
 * get, send message — plus a bare Bun route that shows the client's own ceiling.
 * See README.md.
 */

import { kefuMissing } from '../lib/kefu/server.ts';
import { setupKefu } from '../lib/kefu/setup.ts';
import { LoadGenerator } from '../lib/loadgen/driver.ts';
import { startEchoServer } from '../lib/servers.ts';
import { knob, type Metric, type SuiteContext, type SuiteResult, skipped } from '../lib/types.ts';
import { loadRoute, type RouteResult } from './load-route.ts';
import { seedConversations } from './seed.ts';

/** Runs the http suite against a fresh kefu. */
export async function run(ctx: SuiteContext): Promise<SuiteResult> {
  const missing = kefuMissing(ctx);
  if (missing) return skipped(missing);
  const durationS = knob(ctx, 'http_duration_s', 3, 10);
  const connections = knob(ctx, 'http_connections', 50, 50);
  const settings = { durationS, connections, seedConversations: 20 };
  const kefu = await setupKefu(ctx, { agents: 1 });
  const echo = await startEchoServer(ctx.bun);
  const lg = await LoadGenerator.start({ bun: ctx.bun, workers: 1, onProgress: ctx.progress });
  try {
    const base = kefu.server.baseUrl;
    const apiKey = { authorization: `Bearer ${kefu.apiKey}` };
    const agent = {
      authorization: `Bearer ${kefu.agents[0]!.token}`,
      'content-type': 'application/json',
    };
    ctx.progress('seeding conversations');
    const seed = await seedConversations(lg, kefu, 20);
    const common = { connections, durationS };
    const routes: [string, number, Parameters<typeof loadRoute>[3]][] = [
      [
        'bare',
        echo.pid,
        { ...common, url: `http://127.0.0.1:${echo.port}/`, method: 'GET', headers: {} },
      ],
      [
        'list',
        kefu.server.pid,
        { ...common, url: `${base}/api/v1/conversations?limit=20`, method: 'GET', headers: apiKey },
      ],
    ];
    if (seed.conversationId) {
      const one = `${base}/api/v1/conversations/${seed.conversationId}`;
      routes.push([
        'get',
        kefu.server.pid,
        { ...common, url: one, method: 'GET', headers: apiKey },
      ]);
      routes.push([
        'send',
        kefu.server.pid,
        {
          ...common,
          url: `${one}/messages`,
          method: 'POST',
          headers: agent,
          body: { text: 'bench reply' },
          uniqueClientMsgId: true,
        },
      ]);
    }
    const metrics: Record<string, Metric> = {};
    const notes = [...seed.notes];
    const results = new Map<string, RouteResult>();
    for (const [name, pid, spec] of routes) {
      ctx.progress(`autocannon ${name} (${durationS} s)`);
      const result = await loadRoute(ctx.bun, name, pid, spec);
      results.set(name, result);
      Object.assign(metrics, result.metrics);
      notes.push(result.note);
    }
    const reads = ['list', 'get']
      .map((n) => [n, results.get(n)] as const)
      .filter(([, r]) => r && r.okShare >= 0.99);
    const best = reads.sort((a, b) => b[1]!.rps - a[1]!.rps)[0];
    if (best) {
      metrics['read_best.rps'] = {
        value: best[1]!.rps,
        unit: 'req/s',
        label: `best read route (${best[0]}) req/s`,
      };
      metrics['read_best.p99_ms'] = {
        value: best[1]!.p99,
        unit: 'ms',
        label: `best read route (${best[0]}) p99`,
      };
      notes.push(`best read route: ${best[0]}`);
    } else notes.push('no read route answered ≥ 99 % 2xx: read_best not reported');
    return { status: 'ok', settings, metrics, notes };
  } finally {
    await lg.stop();
    await echo.stop();
    await kefu.stop();
  }
}
