/**
 * Start-up: config → store (migrated) → bus → engine → gateway + HTTP on one Bun server.
 * `startKefu` is what `kefu serve` runs and what tests start on port 0.
 */

import { join } from 'node:path';
import type { Server } from 'bun';
import { LoginThrottle, Sessions, TenantDirectory } from './accounts/index.ts';
import { loadSecret, TokenSigner } from './auth/index.ts';
import { Brain } from './bot/brain.ts';
import { BotAdmin } from './bot-admin/index.ts';
import { type Cluster, RedisCluster, SoloCluster } from './bus/index.ts';
import { type Channels, createChannels } from './channels/index.ts';
import type { Config } from './config.ts';
import { Customers } from './customers/index.ts';
import { Dashboard } from './dashboard/index.ts';
import { type Bot, type Classifier, Engine } from './engine/index.ts';
import { errorResponse } from './errors.ts';
import { type SocketData, setConnNode } from './gateway/conn.ts';
import { Hub } from './gateway/hub.ts';
import { createGateway, resyncSockets } from './gateway/ws.ts';
import { checkBodySize, Limits } from './limits/index.ts';
import type { Logger } from './log.ts';
import { createMetrics } from './metrics/index.ts';
import { startRetention } from './ops/retention.ts';
import { Outbox } from './outbox/index.ts';
import { shippedPath } from './paths.ts';
import {
  Authenticator,
  createHttpApp,
  wireRevocations,
  withSecurityHeaders,
} from './server/index.ts';
import { PageCache } from './server/page-cache.ts';
import { openStore, type Store } from './store/index.ts';
import { webRoutes } from './web/index.ts';
import { subscribeWebhooks, Webhooks, webhookSender } from './webhooks/index.ts';

/** Health, readiness and metrics: probes are never rate limited. */
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Every authenticated API request also counts against its tenant's rate (after the
 * credential is checked, so nobody can spend another tenant's budget).
 */
function limitTenants(authn: Authenticator, limits: Limits): Authenticator {
  const resolve = authn.principal.bind(authn);
  authn.principal = async (...args: Parameters<Authenticator['principal']>) => {
    const principal = await resolve(...args);
    await limits.tenant(principal.tenantId);
    return principal;
  };
  return authn;
}

/** Largest trained model kept (bigger ones fail their job). */
const MAX_MODEL_BYTES = 256 * 1024 * 1024;

export interface Kefu {
  server: Server<SocketData>;
  url: string;
  engine: Engine;
  store: Store;
  hub: Hub;
  /** Tenants' intent models, answers and FAQ (undefined with KEFU_BOT=off). */
  bot: BotAdmin | undefined;
  outbox: Outbox;
  channels: Channels;
  customers: Customers;
  webhooks: Webhooks;
  /** Every HTTP route (method and path pattern), as the app registered them. */
  routes: readonly { method: string; path: string }[];
  /** Graceful stop: no new connections, pending commits flushed, sockets closed with 1001. */
  stop(): Promise<void>;
}

/** What a deployment (or a test) plugs in beyond the config: the intent model and the bot. */
export interface KefuExtras {
  classifier?: Classifier;
  bot?: Bot;
}

export async function startKefu(
  config: Config,
  log: Logger,
  extras: KefuExtras = {},
): Promise<Kefu> {
  const store = openStore({ dbUrl: config.dbUrl, sqlitePath: join(config.dataDir, 'kefu.db') });
  await store.migrate();
  const signer = new TokenSigner(loadSecret(config.secret, config.dataDir), config.jwtTtlSec);
  const cluster: Cluster = config.redisUrl
    ? new RedisCluster({
        url: config.redisUrl,
        prefix: config.redisPrefix,
        log: log.child({ module: 'cluster' }),
      })
    : new SoloCluster();
  const bus = cluster.bus;
  setConnNode(cluster.nodeId);
  const hub = new Hub((topic, on) => bus.interest(topic, on));

  const brain =
    config.bot === 'off' || extras.bot
      ? undefined
      : await Brain.load({
          store,
          cluster,
          log: log.child({ module: 'bot' }),
          defaultModelDir: config.modelDir ?? shippedPath('models/default'),
          maxTextChars: config.maxTextChars,
          cache: { maxTenants: config.botModelCache, maxBytes: config.botModelCacheBytes },
        }).catch((error: unknown) => {
          // Without a model the bot hands every conversation to people: chat still works.
          log.error({ err: error }, 'intent model not loaded: the bot is off');
          return undefined;
        });
  const botAdmin =
    brain &&
    new BotAdmin({
      store,
      bus,
      nodeId: cluster.nodeId,
      brain,
      log: log.child({ module: 'bot-admin' }),
      jobs: {
        concurrency: config.botTrainConcurrency,
        timeoutMs: config.botTrainTimeoutSec * 1000,
        maxModelBytes: MAX_MODEL_BYTES,
      },
      maxExamples: config.botDatasetMaxExamples,
    });
  const engine = new Engine({
    store,
    cluster,
    log: log.child({ module: 'engine' }),
    maxTextChars: config.maxTextChars,
    commitMaxBatch: config.commitMaxBatch,
    agentOfflineGraceMs: config.agentOfflineGraceSec * 1000,
    classifier: extras.classifier ?? brain?.classifier,
    bot: extras.bot ?? brain?.bot,
    slaScanMs: config.slaScanSec * 1000,
    conversationContinueMs: config.conversationContinueSec * 1000,
  });
  bus.onDeliver((envelope) => {
    engine.mirror(envelope.frame);
    hub.deliver(envelope);
  });
  cluster.onLost((ids) => {
    for (const id of ids) engine.ctx.sessions.drop(id);
  });
  cluster.onReconnect(() => resyncSockets(hub, engine, log));
  await cluster.start();
  await engine.start();
  const dashboard = new Dashboard(engine, log.child({ module: 'dashboard' }));
  dashboard.start();

  const tenants = new TenantDirectory(store);
  const customers = new Customers(store, engine, tenants);
  const outbox = new Outbox(
    store,
    {
      timeoutMs: config.deliveryTimeoutMs,
      maxAttempts: config.deliveryMaxAttempts,
      backoffMs: config.deliveryBackoffMs,
      backoffMaxMs: config.deliveryBackoffMaxMs,
      concurrency: config.deliveryConcurrency,
      perTarget: config.deliveryPerTargetConcurrency,
      pollMs: config.deliveryPollMs,
    },
    log.child({ module: 'outbox' }),
  );
  const webhooks = new Webhooks(store, outbox);
  outbox.handle('webhook', webhookSender(webhooks));
  subscribeWebhooks(engine, webhooks, outbox, log.child({ module: 'webhooks' }));
  const channels = createChannels({
    engine,
    customers,
    store,
    outbox,
    log: log.child({ module: 'channels' }),
    wechatApiBaseUrl: config.wechatApiBaseUrl,
    deliveryTimeoutMs: config.deliveryTimeoutMs,
    email: {
      maxAttachments: config.emailMaxAttachments,
      maxAttachmentBytes: config.emailMaxAttachmentBytes,
    },
  });
  outbox.start();

  const sessions = new Sessions(store, signer, config.refreshTtlSec);
  const limits = new Limits(config, log.child({ module: 'limits' }));
  const gateway = createGateway({
    engine,
    hub,
    signer,
    sessions,
    tenants,
    customers,
    log: log.child({ module: 'gateway' }),
    perIp: limits,
    limits: config,
  });
  engine.ctx.events.on('customer.erased', ({ tenantId, customerId }) => {
    for (const conn of hub.conns) {
      const p = conn.principal;
      if (p.kind === 'customer' && p.tenantId === tenantId && p.customerId === customerId)
        conn.close(4401, 'customer data erased');
    }
  });
  const stopRetention = startRetention(store, cluster, log.child({ module: 'retention' }));
  const metrics = createMetrics(engine, hub, cluster, limits);
  const authn = limitTenants(new Authenticator(store, signer, engine, sessions), limits);
  const app = createHttpApp({
    metrics,
    metricsToken: config.metricsToken,
    pages: new PageCache(),
    engine,
    store,
    signer,
    authn,
    sessions,
    throttle: new LoginThrottle(store),
    tenants,
    trustProxy: config.trustProxy,
    dashboard,
    log: log.child({ module: 'http' }),
    customers,
    channels,
    webhooks,
    outbox,
    limits: { emailMaxBytes: config.emailMaxBytes },
    readiness: async () => cluster.health(),
    bot: botAdmin,
  });
  wireRevocations(cluster, { sessions, authn, tenants, hub });
  const handle = app.fetch;

  const server = Bun.serve<SocketData>({
    port: config.port,
    hostname: config.host,
    reusePort: config.reusePort,
    // Also bounds how long a client may take to send its request (slow-loris).
    idleTimeout: config.httpIdleTimeoutSec,
    // Inbound email is the largest body kefu takes; routes enforce their own limits.
    maxRequestBodySize: config.emailMaxBytes + 64 * 1024,
    // The web apps (agent SPA, widget, demo); everything else goes to `fetch`.
    routes: webRoutes({
      lookupWidget: async (widgetKey) => (await tenants.byWidget(widgetKey)) !== undefined,
      log: log.child({ module: 'web' }),
    }),
    async fetch(req, srv) {
      const path = new URL(req.url).pathname;
      const ip = srv.requestIP(req)?.address ?? 'unknown';
      try {
        if (!PROBES.has(path)) await limits.ip(ip);
        checkBodySize(req, path, config.maxBodyBytes);
      } catch (error) {
        return withSecurityHeaders(errorResponse(error));
      }
      if (path === '/ws/customer' || path === '/ws/app' || path === '/ws/agent') {
        const refused = await gateway.upgrade(req, srv, path, ip);
        return refused && withSecurityHeaders(refused);
      }
      return withSecurityHeaders(await handle(req));
    },
    websocket: gateway.websocket,
  });
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${server.port}`;
  log.info({ url, dialect: store.dialect, dataDir: config.dataDir }, 'kefu listening');

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      log.info('shutting down');
      server.stop(false);
      const grace = new Promise((resolve) =>
        setTimeout(resolve, config.shutdownGraceSec * 1000).unref(),
      );
      dashboard.stop();
      stopRetention();
      await Promise.race([engine.stop(), grace]);
      await outbox.stop();
      channels.close();
      for (const conn of hub.conns) conn.close(1001, 'server shutting down');
      await botAdmin?.stop();
      await cluster.close();
      await limits.close();
      await brain?.close();
      await store.close();
      server.stop(true);
      log.info('stopped');
    })());

  return {
    server,
    url,
    engine,
    store,
    hub,
    outbox,
    channels,
    customers,
    webhooks,
    routes: app.routes.map(({ method, path }) => ({ method, path })),
    bot: botAdmin,
    stop,
  };
}
