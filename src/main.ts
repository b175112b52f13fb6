/**
 * Start-up: config → store (migrated) → bus → engine → gateway + HTTP on one Bun server.
 * `startKefu` is what `kefu serve` runs and what tests start on port 0.
 */

import { join } from 'node:path';
import type { Server } from 'bun';
import { TenantDirectory } from './accounts/index.ts';
import { loadSecret, TokenSigner } from './auth/index.ts';
import { type Bus, InProcessBus } from './bus/index.ts';
import type { Config } from './config.ts';
import { Engine } from './engine/index.ts';
import type { SocketData } from './gateway/conn.ts';
import { Hub } from './gateway/hub.ts';
import { createGateway } from './gateway/ws.ts';
import type { Logger } from './log.ts';
import { Authenticator, createHttpApp } from './server/index.ts';
import { openStore, type Store } from './store/index.ts';

export interface Kefu {
  server: Server<SocketData>;
  url: string;
  engine: Engine;
  store: Store;
  hub: Hub;
  /** Graceful stop: no new connections, pending commits flushed, sockets closed with 1001. */
  stop(): Promise<void>;
}

export async function startKefu(config: Config, log: Logger): Promise<Kefu> {
  const store = openStore({ dbUrl: config.dbUrl, sqlitePath: join(config.dataDir, 'kefu.db') });
  await store.migrate();
  const signer = new TokenSigner(loadSecret(config.secret, config.dataDir), config.jwtTtlSec);
  const bus: Bus = new InProcessBus();
  const hub = new Hub();
  bus.onDeliver((envelope) => hub.deliver(envelope));

  const engine = new Engine({
    store,
    bus,
    log: log.child({ module: 'engine' }),
    maxTextChars: config.maxTextChars,
    commitMaxBatch: config.commitMaxBatch,
    agentOfflineGraceMs: config.agentOfflineGraceSec * 1000,
    slaScanMs: config.slaScanSec * 1000,
  });
  await engine.start();

  const gateway = createGateway({
    engine,
    hub,
    signer,
    tenants: new TenantDirectory(store),
    log: log.child({ module: 'gateway' }),
    limits: config,
  });
  const app = createHttpApp({
    engine,
    store,
    signer,
    authn: new Authenticator(store, signer, engine),
    log: log.child({ module: 'http' }),
    readiness: async () => ({}),
  });
  const handle = app.fetch;

  const server = Bun.serve<SocketData>({
    port: config.port,
    hostname: config.host,
    idleTimeout: 30,
    fetch(req, srv) {
      const path = new URL(req.url).pathname;
      if (path === '/ws/customer' || path === '/ws/app' || path === '/ws/agent') {
        return gateway.upgrade(req, srv, path);
      }
      return handle(req);
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
      await Promise.race([engine.stop(), grace]);
      for (const conn of hub.conns) conn.close(1001, 'server shutting down');
      await bus.close();
      await store.close();
      server.stop(true);
      log.info('stopped');
    })());

  return { server, url, engine, store, hub, stop };
}
