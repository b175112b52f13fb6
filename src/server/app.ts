/** The HTTP application: every route, the docs, one error mapping. */
import { Elysia } from 'elysia';
import type { HttpDeps } from './deps.ts';
import { docsRoutes } from './docs.ts';
import { httpError } from './errors.ts';
import { requestLog } from './request-log.ts';
import { agentRoutes } from './routes/agents.ts';
import { agentAdminRoutes } from './routes/agents-admin.ts';
import { apiKeyRoutes } from './routes/api-keys.ts';
import { auditRoutes } from './routes/audit.ts';
import { authRoutes } from './routes/auth.ts';
import { botRoutes } from './routes/bot.ts';
import { channelRoutes } from './routes/channels.ts';
import { conversationRoutes } from './routes/conversations.ts';
import { customerRoutes } from './routes/customers.ts';
import { dashboardRoutes } from './routes/dashboard.ts';
import { groupRoutes } from './routes/groups.ts';
import { healthRoutes } from './routes/health.ts';
import { ruleRoutes } from './routes/rules.ts';
import { cannedRoutes, slaRoutes } from './routes/sla-and-canned.ts';
import { tenantRoutes } from './routes/tenant.ts';
import { ticketRoutes } from './routes/tickets.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { wechatCallbackRoutes } from './routes/wechat-callback.ts';

export function createHttpApp(deps: HttpDeps) {
  return new Elysia({ normalize: true })
    .use(requestLog(deps.log))
    .onError(httpError(deps.log))
    .use(docsRoutes())
    .use(healthRoutes(deps))
    .use(authRoutes(deps))
    .use(conversationRoutes(deps))
    .use(agentRoutes(deps))
    .use(agentAdminRoutes(deps))
    .use(groupRoutes(deps))
    .use(ruleRoutes(deps))
    .use(ticketRoutes(deps))
    .use(slaRoutes(deps))
    .use(cannedRoutes(deps))
    .use(customerRoutes(deps))
    .use(botRoutes(deps))
    .use(dashboardRoutes(deps))
    .use(tenantRoutes(deps))
    .use(channelRoutes(deps))
    .use(webhookRoutes(deps))
    .use(apiKeyRoutes(deps))
    .use(auditRoutes(deps))
    .use(wechatCallbackRoutes(deps));
}

export type HttpApp = ReturnType<typeof createHttpApp>;
