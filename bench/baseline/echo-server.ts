/**
 * The bare reference server: Bun.serve echoing every WebSocket frame back unchanged on `/ws`,
 * `GET /readyz` and `GET /` answering "ok". Port from `BENCH_PORT` (0 = any); prints
 * `{"port":N}` on stdout once listening. Exits with its parent.
 */
import { exitWithParent } from '../lib/procs.ts';

const server = Bun.serve({
  port: Number(process.env.BENCH_PORT ?? 0),
  hostname: '0.0.0.0',
  fetch(request, srv) {
    if (new URL(request.url).pathname === '/ws' && srv.upgrade(request)) return undefined;
    return new Response('ok');
  },
  websocket: {
    idleTimeout: 120,
    perMessageDeflate: false,
    message(ws, message) {
      ws.send(message);
    },
  },
});

process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
exitWithParent();
process.on('SIGTERM', () => {
  server.stop(true);
  process.exit(0);
});
