/**
 * One kefu under test with what a suite needs: a tenant (widget key, API key), agents that
 * have logged in, and the URLs to reach it on the nine loopback addresses.
 */
import { loopbackUrls } from '../servers.ts';
import type { SuiteContext } from '../types.ts';
import { scratchDatabase } from './mysql.ts';
import { type KefuEnv, type KefuServer, kefuCli, kefuEnv, startKefu } from './server.ts';

/** An agent created for the run, with its login JWT. */
export interface Agent {
  agentId: string;
  email: string;
  token: string;
}

/** A kefu under test with its tenant, agents and endpoint URLs. */
export interface Kefu {
  server: KefuServer;
  tenantId: string;
  apiKey: string;
  widgetKey: string;
  agents: Agent[];
  /** Customer endpoint URLs, one per destination address (`web`: JSON, `app`: msgpack). */
  customerUrls: (channel?: 'web' | 'app') => string[];
  /** One URL per agent, destination addresses in turn. */
  agentUrls: () => string[];
  stop: () => Promise<void>;
}

const PASSWORD = 'bench-password-1234';

/** Logs an agent in over REST and returns the JWT. */
export async function login(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = (await response.json().catch(() => ({}))) as { token?: string };
  if (!response.ok || !body.token) throw new Error(`login ${email}: HTTP ${response.status}`);
  return body.token;
}

/**
 * `agent create`, with `--capacity` (conversations an agent takes at once) when asked: it is
 * not in the bench contract, so if the CLI refuses it the agent keeps the default capacity.
 */
async function createAgent(ctx: SuiteContext, k: KefuEnv, args: string[], capacity?: number) {
  if (!capacity) return kefuCli(ctx, k, args);
  try {
    return await kefuCli(ctx, k, [
      ...args,
      '--capacity',
      String(Math.min(100, Math.max(1, capacity))),
    ]);
  } catch {
    return kefuCli(ctx, k, args);
  }
}

/** Creates a tenant and `agents` agents, starts the server, logs the agents in. */
export async function setupKefu(
  ctx: SuiteContext,
  o: {
    agents?: number;
    skills?: string;
    capacity?: number;
    mysql?: boolean;
    /** Settings of the server beyond the bench defaults (e.g. the abuse suite's limits). */
    env?: Record<string, string>;
    /** `serve --workers N` (N > 1 needs KEFU_REDIS_URL in `env`). */
    workers?: number;
  } = {},
): Promise<Kefu> {
  const scratch = o.mysql && ctx.mysqlUrl ? await scratchDatabase(ctx.mysqlUrl) : undefined;
  const k = kefuEnv(scratch?.url);
  Object.assign(k.env, o.env);
  ctx.progress('creating tenant and agents');
  const tenant = await kefuCli(ctx, k, [
    'tenant',
    'create',
    '--name',
    `bench-${Date.now()}`,
    '--json',
  ]);
  const created: { agentId: string; email: string }[] = [];
  for (let i = 0; i < (o.agents ?? 0); i++) {
    const email = `agent${i}@bench.example`;
    const args = [
      'agent',
      'create',
      '--tenant',
      String(tenant.tenantId),
      '--email',
      email,
      '--password',
      PASSWORD,
      '--json',
    ];
    if (o.skills) args.push('--skills', o.skills);
    created.push({ agentId: String((await createAgent(ctx, k, args, o.capacity)).agentId), email });
  }
  ctx.progress('starting kefu');
  const server = await startKefu(ctx, k, o.workers);
  const stop = async () => {
    await server.stop();
    await scratch?.drop();
  };
  try {
    const agents: Agent[] = [];
    for (const a of created)
      agents.push({ ...a, token: await login(server.baseUrl, a.email, PASSWORD) });
    const widgetKey = String(tenant.widgetKey);
    return {
      server,
      tenantId: String(tenant.tenantId),
      apiKey: String(tenant.apiKey),
      widgetKey,
      agents,
      customerUrls: (channel = 'web') =>
        loopbackUrls(
          server.port,
          `/ws/${channel === 'web' ? 'customer' : 'app'}?widgetKey=${encodeURIComponent(widgetKey)}`,
        ),
      agentUrls: () =>
        agents.map(
          (a, i) =>
            `ws://127.0.0.${(i % 9) + 1}:${server.port}/ws/agent?token=${encodeURIComponent(a.token)}`,
        ),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
