/**
 * Several real kefu processes sharing the real MariaDB and Redis of this machine, each
 * cluster with its own database and Redis key prefix.
 */
import { ENGINES, type TestDatabase } from '../support/databases.ts';
import { cli, type KefuProcess, spawnKefu } from '../support/process.ts';
import type { Frame, TestSocket } from '../support/ws-client.ts';

export interface TestCluster {
  db: TestDatabase;
  env: Record<string, string | undefined>;
  nodes: KefuProcess[];
  tenant: { tenantId: string; widgetKey: string; apiKey: string };
  start(i: number): Promise<KefuProcess>;
  stop(): Promise<void>;
}

export async function startCluster(
  size: number,
  extraEnv: Record<string, string> = {},
): Promise<TestCluster> {
  const db = await ENGINES.mysql();
  const env = {
    KEFU_DB_URL: db.dbUrl,
    KEFU_DATA_DIR: db.dataDir,
    KEFU_REDIS_URL: process.env.KEFU_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    KEFU_REDIS_PREFIX: `kefu-test-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}:`,
    KEFU_SECRET: 'a-shared-cluster-secret-of-at-least-32-chars',
    KEFU_RATE_LIMIT_PER_SEC: '1000',
    KEFU_RATE_LIMIT_BURST: '1000',
    KEFU_HTTP_RATE_PER_IP: '0',
    KEFU_HTTP_RATE_PER_TENANT: '0',
    KEFU_MAX_CONNS_PER_IP: '1000000',
    KEFU_WS_RATE_PER_IP: '0',
    ...extraEnv,
  };
  const tenant = cli(['tenant', 'create', '--name', 'Cluster Co'], env) as TestCluster['tenant'];
  const nodes: KefuProcess[] = [];
  const self: TestCluster = {
    db,
    env,
    nodes,
    tenant,
    async start(i) {
      nodes[i] = await spawnKefu(env);
      return nodes[i]!;
    },
    async stop() {
      for (const node of nodes) {
        if (node && node.proc.exitCode === null) {
          node.proc.kill('SIGTERM');
          await node.proc.exited;
        }
      }
      await db.drop();
    },
  };
  for (let i = 0; i < size; i++) await self.start(i);
  return self;
}

export async function login(node: KefuProcess, email: string, password: string): Promise<string> {
  const res = await fetch(`${node.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return ((await res.json()) as { token: string }).token;
}

/**
 * Sends a message and waits for its ack, resending with the same clientMsgId on
 * `unavailable` (the conversation's owner may have just died), as the SDK does.
 */
export async function sendReliably(
  socket: TestSocket,
  frame: Frame,
  timeoutMs = 30_000,
): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    socket.send(frame);
    const reply = await socket.next(
      (f) =>
        (f.t === 'ack' && f.clientMsgId === frame.clientMsgId) ||
        (f.t === 'error' && f.ref === frame.clientMsgId),
      10_000,
    );
    if (reply.t === 'ack') return reply;
    if (reply.code !== 'unavailable' || Date.now() > deadline)
      throw new Error(`send failed: ${JSON.stringify(reply)}`);
    await Bun.sleep(500);
  }
}

/** Every msg frame the socket received for the conversation, in arrival order. */
export function seqsSeen(socket: TestSocket, conversationId: string): number[] {
  return socket.received
    .filter((f) => f.t === 'msg' && f.conversationId === conversationId)
    .map((f) => f.seq);
}
