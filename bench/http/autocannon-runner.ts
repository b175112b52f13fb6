/**
 * Runs autocannon in its own process (so its CPU can be read apart from the server's):
 * `bun autocannon-runner.ts '<json RunSpec>'`, prints one JSON line with the result.
 * Requests with `uniqueClientMsgId` get a fresh `clientMsgId` each (no dedupe hits).
 */
import autocannon from 'autocannon';
import { exitWithParent } from '../lib/procs.ts';

/** What to load: one route. */
export interface RunSpec {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: Record<string, unknown>;
  uniqueClientMsgId?: boolean;
  connections: number;
  durationS: number;
}

exitWithParent();
const spec = JSON.parse(process.argv[2] ?? '{}') as RunSpec;
let n = 0;
const request: Parameters<typeof autocannon>[0]['requests'] = [
  { method: spec.method, headers: spec.headers },
];
if (spec.body) request[0]!.body = JSON.stringify(spec.body);
// autocannon calls setupRequest whenever the key exists, so set it only when needed.
if (spec.uniqueClientMsgId) {
  request[0]!.setupRequest = (r) => ({
    ...r,
    body: JSON.stringify({ ...spec.body, clientMsgId: `ac-${process.pid}-${++n}` }),
  });
}
const result = await autocannon({
  url: spec.url,
  connections: spec.connections,
  duration: spec.durationS,
  requests: request,
});
process.stdout.write(
  `${JSON.stringify({
    rps: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statuses: Object.fromEntries(
      Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, stat.count]),
    ),
  })}\n`,
);
