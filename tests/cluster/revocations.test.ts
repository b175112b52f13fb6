/**
 * Revocations across a cluster of two kefu processes (real MariaDB and Redis): a logout on
 * one node ends the session on the other at once (its agent socket closes), a revoked API
 * key stops working there, and new widget origins apply there, all without waiting for
 * the caches to expire.
 */
import { afterAll, beforeAll, expect, it } from 'bun:test';
import { cli } from '../support/process.ts';
import { TestSocket } from '../support/ws-client.ts';
import { startCluster, type TestCluster } from './support.ts';

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startCluster(2);
}, 90_000);
afterAll(() => cluster.stop());

const api = async (base: string, path: string, token: string, init: RequestInit = {}) => {
  const res = await fetch(`${base}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  });
  return { status: res.status, body: (await res.text()) || null };
};

it('ends a session on every node when it is revoked on one', async () => {
  const { env, tenant, nodes } = cluster;
  const [a, b] = [nodes[0]!, nodes[1]!];
  cli(
    [
      'agent',
      'create',
      '--tenant',
      tenant.tenantId,
      '--email',
      'eve@cluster.test',
      '--password',
      'correct horse battery',
    ],
    env,
  );
  const login = (await (
    await fetch(`${a.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'eve@cluster.test', password: 'correct horse battery' }),
    })
  ).json()) as { token: string };
  // Node b has seen the session live (cached), and holds the agent's socket.
  expect((await api(b.url, '/api/v1/agents/me', login.token)).status).toBe(200);
  const socket = await TestSocket.open(
    `${b.url.replace('http', 'ws')}/ws/agent?token=${login.token}`,
  );
  await socket.nextOf('hello');

  expect((await api(a.url, '/api/v1/auth/logout', login.token, { method: 'POST' })).status).toBe(
    204,
  );
  expect((await socket.closed).code).toBe(4401);
  expect((await api(b.url, '/api/v1/agents/me', login.token)).status).toBe(401);
});

it('stops a revoked API key and applies new widget origins on every node', async () => {
  const { tenant, nodes } = cluster;
  const [a, b] = [nodes[0]!, nodes[1]!];
  const created = await api(a.url, '/api/v1/api-keys', tenant.apiKey, {
    method: 'POST',
    body: JSON.stringify({ name: 'sync', scopes: ['tickets:read'] }),
  });
  const { key, apiKey } = JSON.parse(created.body!) as { key: string; apiKey: { id: string } };
  expect((await api(b.url, '/api/v1/tickets', key)).status).toBe(200);
  await api(a.url, `/api/v1/api-keys/${apiKey.id}`, tenant.apiKey, { method: 'DELETE' });
  await Bun.sleep(200);
  expect((await api(b.url, '/api/v1/tickets', key)).status).toBe(401);

  // Node b caches the tenant once a widget connects there.
  const widget = `${b.url.replace('http', 'ws')}/ws/customer?widgetKey=${tenant.widgetKey}`;
  const first = await TestSocket.open(widget);
  first.close();
  await api(a.url, '/api/v1/tenant', tenant.apiKey, {
    method: 'PATCH',
    body: JSON.stringify({ allowedOrigins: ['https://shop.cluster.test'] }),
  });
  await Bun.sleep(200);
  const refused = await fetch(widget.replace('ws', 'http'), {
    headers: {
      origin: 'https://evil.example',
      connection: 'Upgrade',
      upgrade: 'websocket',
      'sec-websocket-version': '13',
      'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
    },
  });
  expect(refused.status).toBe(403);
});
