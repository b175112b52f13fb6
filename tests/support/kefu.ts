/**
 * A real kefu server for tests: in-process on port 0, on a fresh SQLite file or a fresh
 * MariaDB database, with a tenant and agents ready.
 */
import { type CreatedTenant, createAgent, createTenant } from '../../src/accounts/index.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { type Kefu, type KefuExtras, startKefu } from '../../src/main.ts';
import { ENGINES, type EngineName, type TestDatabase } from './databases.ts';
import { TestSocket } from './ws-client.ts';

export interface TestKefu {
  kefu: Kefu;
  /** Stops the server (keeping its database) and starts a new one on the same data and port. */
  restart(): Promise<void>;
  url: string;
  wsUrl: string;
  database: TestDatabase;
  tenant: CreatedTenant;
  stop(): Promise<void>;
  addAgent(opts?: {
    email?: string;
    role?: string;
    capacity?: number;
    skills?: string[];
  }): Promise<TestAgent>;
  addTenant(name?: string): Promise<CreatedTenant>;
  customer(opts?: {
    widgetKey?: string;
    token?: string;
    afterSeq?: number;
    app?: boolean;
  }): Promise<TestSocket>;
  api(path: string, init?: RequestInit & { token?: string; json?: unknown }): Promise<Response>;
}

export interface TestAgent {
  id: string;
  email: string;
  password: string;
  token: string;
  connect(): Promise<TestSocket>;
}

let agentCounter = 0;

export async function startTestKefu(
  engine: EngineName = 'sqlite',
  env: Record<string, string> = {},
  extras: KefuExtras = {},
): Promise<TestKefu> {
  const database = await ENGINES[engine]();
  let config = loadConfig({
    KEFU_PORT: '0',
    KEFU_HOST: '127.0.0.1',
    KEFU_DATA_DIR: database.dataDir,
    KEFU_DB_URL: database.dbUrl,
    KEFU_LOG_LEVEL: 'silent',
    KEFU_SHUTDOWN_GRACE_SEC: '2',
    // Engine tests talk to people; the bot's own tests turn it on.
    KEFU_BOT: 'off',
    // Every test talks from 127.0.0.1: the abuse limits' own tests turn them on.
    KEFU_HTTP_RATE_PER_IP: '0',
    KEFU_HTTP_RATE_PER_TENANT: '0',
    KEFU_MAX_CONNS_PER_IP: '1000000',
    KEFU_WS_RATE_PER_IP: '0',
    ...env,
  });
  let kefu = await startKefu(config, silentLogger, extras);
  const url = kefu.url;
  const wsUrl = url.replace('http', 'ws');
  const tenant = await createTenant(kefu.store, { name: 'Test tenant' });

  const api: TestKefu['api'] = (path, init = {}) => {
    const headers = new Headers(init.headers);
    if (init.token) headers.set('authorization', `Bearer ${init.token}`);
    if (init.json !== undefined) headers.set('content-type', 'application/json');
    return fetch(`${url}${path}`, {
      ...init,
      headers,
      body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
    });
  };

  const self: TestKefu = {
    kefu,
    async restart() {
      const port = kefu.server.port ?? 0;
      await kefu.stop();
      config = { ...config, port };
      kefu = await startKefu(config, silentLogger, extras);
      self.kefu = kefu;
    },
    url,
    wsUrl,
    database,
    tenant,
    api,
    async stop() {
      await self.kefu.stop();
      await database.drop();
    },
    addTenant: (name = 'Other tenant') => createTenant(self.kefu.store, { name }),
    async addAgent(opts = {}) {
      const email = opts.email ?? `agent${++agentCounter}.${Date.now()}@example.com`;
      const password = 'correct horse battery';
      const user = await createAgent(self.kefu.store, {
        tenantId: tenant.tenantId,
        email,
        password,
        role: (opts.role ?? 'agent') as never,
        capacity: opts.capacity,
        skills: opts.skills,
      });
      const login = (await (
        await api('/api/v1/auth/login', { method: 'POST', json: { email, password } })
      ).json()) as {
        token: string;
      };
      return {
        id: user.id,
        email,
        password,
        token: login.token,
        async connect() {
          const socket = await TestSocket.open(`${wsUrl}/ws/agent?token=${login.token}`);
          await socket.nextOf('hello');
          return socket;
        },
      };
    },
    async customer(opts = {}) {
      const params = new URLSearchParams({ widgetKey: opts.widgetKey ?? tenant.widgetKey });
      if (opts.token) params.set('token', opts.token);
      if (opts.afterSeq !== undefined) params.set('afterSeq', String(opts.afterSeq));
      const path = opts.app ? '/ws/app' : '/ws/customer';
      return TestSocket.open(`${wsUrl}${path}?${params}`, opts.app ? 'msgpack' : 'json');
    },
  };
  return self;
}
