/**
 * Request ids and access logs: every response carries `x-request-id` (the caller's, if it
 * sent one, else a new one), and every request is logged at debug level with it; errors
 * logged elsewhere name it through `requestIdOf`.
 */
import { Elysia } from 'elysia';
import type { Logger } from '../log.ts';

const started = new WeakMap<Request, { id: string; at: number }>();

export function requestIdOf(request: Request): string | undefined {
  return started.get(request)?.id;
}

export function requestLog(log: Logger) {
  return new Elysia({ name: 'request-log' })
    .onRequest(({ request, set }) => {
      const given = request.headers.get('x-request-id');
      const id = given && /^[\w.:-]{1,100}$/.test(given) ? given : crypto.randomUUID();
      started.set(request, { id, at: performance.now() });
      set.headers['x-request-id'] = id;
    })
    .onAfterResponse({ as: 'global' }, ({ request, set }) => {
      const entry = started.get(request);
      if (!entry || !log.isLevelEnabled('debug')) return;
      const { pathname } = new URL(request.url);
      log.debug(
        {
          reqId: entry.id,
          method: request.method,
          path: pathname,
          status: set.status,
          ms: Math.round((performance.now() - entry.at) * 100) / 100,
        },
        'request',
      );
    });
}
