/** The HTTP application: every route, the docs, one error mapping. */
import { Elysia } from 'elysia';
import type { HttpDeps } from './deps.ts';
import { docsRoutes } from './docs.ts';
import { httpError } from './errors.ts';
import { agentRoutes } from './routes/agents.ts';
import { authRoutes } from './routes/auth.ts';
import { conversationRoutes } from './routes/conversations.ts';
import { healthRoutes } from './routes/health.ts';

export function createHttpApp(deps: HttpDeps) {
  return new Elysia({ normalize: true })
    .onError(httpError(deps.log))
    .use(docsRoutes())
    .use(healthRoutes(deps))
    .use(authRoutes(deps))
    .use(conversationRoutes(deps))
    .use(agentRoutes(deps));
}

export type HttpApp = ReturnType<typeof createHttpApp>;
