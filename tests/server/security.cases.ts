/**
 * Security of the HTTP API through a running kefu, on SQLite and on MariaDB: sessions
 * (refresh rotation, reuse, logout, disabling), the password policy, login throttling,
 * API keys and their scopes, the audit log and the widget's allowed origins.
 */
import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { purgeAuth } from '../../src/ops/retention.ts';
import type { EngineName } from '../support/databases.ts';
import { startTestKefu, type TestKefu } from '../support/kefu.ts';

type Json = Record<string, any>;

export function securitySuite(engine: EngineName) {
  describe(`security on ${engine}`, () => {
    let k: TestKefu;
    beforeAll(async () => {
      k = await startTestKefu(engine);
    }, 60_000);
    afterAll(() => k.stop());

    const call = async (
      path: string,
      init: { method?: string; token?: string; json?: unknown; headers?: HeadersInit } = {},
    ) => {
      const res = await k.api(path, { method: init.method ?? 'GET', ...init });
      const text = await res.text();
      return {
        status: res.status,
        headers: res.headers,
        body: (text ? JSON.parse(text) : null) as Json,
      };
    };
    const login = (email: string, password: string, headers?: HeadersInit) =>
      call('/api/v1/auth/login', { method: 'POST', json: { email, password }, headers });

    it('documents the new routes in the OpenAPI document', async () => {
      const spec = await call('/docs/json');
      expect(Object.keys(spec.body.paths)).toEqual(
        expect.arrayContaining([
          '/api/v1/auth/refresh',
          '/api/v1/auth/logout',
          '/api/v1/auth/password',
          '/api/v1/api-keys/',
          '/api/v1/api-keys/{id}',
          '/api/v1/audit/',
        ]),
      );
    });

    describe('sessions', () => {
      it('gives a short-lived access token and a refresh token, and keeps the old fields', async () => {
        const agent = await k.addAgent();
        const res = await login(agent.email, agent.password);
        const token = res.body.token as string;
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({
          token: expect.any(String),
          expiresIn: 3600,
          refreshToken: expect.stringMatching(/^kefu_rt_/),
          agent: { id: agent.id, email: agent.email, role: 'agent' },
        });
        expect(res.body.refreshExpiresAt).toBeGreaterThan(Date.now());
        expect((await call('/api/v1/agents/me', { token })).body).toMatchObject({
          id: agent.id,
        });
      });

      it('rotates the refresh token; reusing an old one revokes the whole session', async () => {
        const agent = await k.addAgent();
        const first = (await login(agent.email, agent.password)).body;
        const refresh = (token: string) =>
          call('/api/v1/auth/refresh', { method: 'POST', json: { refreshToken: token } });
        const second = await refresh(first.refreshToken);
        expect(second.status).toBe(200);
        expect(second.body.refreshToken).not.toBe(first.refreshToken);
        expect((await call('/api/v1/agents/me', { token: second.body.token })).status).toBe(200);

        const reused = await refresh(first.refreshToken);
        expect(reused).toMatchObject({ status: 401, body: { error: { code: 'invalid_token' } } });
        // The family is gone: the newest refresh token and every access token of it.
        expect((await refresh(second.body.refreshToken)).status).toBe(401);
        expect((await call('/api/v1/agents/me', { token: second.body.token })).status).toBe(401);
        expect((await call('/api/v1/agents/me', { token: first.token })).status).toBe(401);
        // Other sessions of the same agent live on.
        expect((await call('/api/v1/agents/me', { token: agent.token })).status).toBe(200);
      });

      it('refuses unknown refresh tokens and bad bodies with typed errors', async () => {
        const unknown = await call('/api/v1/auth/refresh', {
          method: 'POST',
          json: { refreshToken: 'kefu_rt_nope' },
        });
        expect(unknown).toMatchObject({ status: 401, body: { error: { code: 'invalid_token' } } });
        const bad = await call('/api/v1/auth/refresh', { method: 'POST', json: { token: 1 } });
        expect(bad).toMatchObject({ status: 422, body: { error: { code: 'validation_failed' } } });
      });

      it('logs out: the access token, the refresh token and the agent socket stop working', async () => {
        const agent = await k.addAgent();
        const session = (await login(agent.email, agent.password)).body;
        const { TestSocket } = await import('../support/ws-client.ts');
        const socket = await TestSocket.open(`${k.wsUrl}/ws/agent?token=${session.token}`);
        await socket.nextOf('hello');
        const out = await call('/api/v1/auth/logout', { method: 'POST', token: session.token });
        expect(out.status).toBe(204);
        expect((await socket.closed).code).toBe(4401);
        expect((await call('/api/v1/agents/me', { token: session.token })).status).toBe(401);
        const again = await call('/api/v1/auth/refresh', {
          method: 'POST',
          json: { refreshToken: session.refreshToken },
        });
        expect(again.status).toBe(401);
        const ws = await fetch(`${k.url}/ws/agent?token=${session.token}`);
        expect(ws.status).toBe(401);
        // Logging out with only the refresh token works too.
        const other = (await login(agent.email, agent.password)).body;
        const byRefresh = await call('/api/v1/auth/logout', {
          method: 'POST',
          json: { refreshToken: other.refreshToken },
        });
        expect(byRefresh.status).toBe(204);
        expect((await call('/api/v1/agents/me', { token: other.token })).status).toBe(401);
      });

      it('ends every session of an agent who is disabled, and refuses their login', async () => {
        const admin = await k.addAgent({ role: 'admin' });
        const agent = await k.addAgent();
        const res = await call(`/api/v1/agents/${agent.id}`, {
          method: 'PATCH',
          token: admin.token,
          json: { disabled: true },
        });
        expect(res).toMatchObject({ status: 200, body: { disabled: true } });
        expect((await call('/api/v1/agents/me', { token: agent.token })).status).toBe(401);
        expect((await login(agent.email, agent.password)).status).toBe(401);
        const self = await call(`/api/v1/agents/${admin.id}`, {
          method: 'PATCH',
          token: admin.token,
          json: { disabled: true },
        });
        expect(self.status).toBe(403);
        const enabled = await call(`/api/v1/agents/${agent.id}`, {
          method: 'PATCH',
          token: admin.token,
          json: { disabled: false },
        });
        expect(enabled).toMatchObject({ status: 200, body: { disabled: false } });
        expect((await login(agent.email, agent.password)).status).toBe(200);
      });
    });

    it('forgets ended sessions and stale login counters after a day', async () => {
      const agent = await k.addAgent();
      const live = (await login(agent.email, agent.password)).body;
      const ended = (await login(agent.email, agent.password)).body;
      await call('/api/v1/auth/logout', { method: 'POST', token: ended.token });
      await login(agent.email, 'wrong password');
      const later = Date.now() + 2 * 86_400_000;
      const purged = await purgeAuth(k.kefu.store, later);
      expect(purged.sessions).toBeGreaterThanOrEqual(1);
      expect(purged.loginFailures).toBeGreaterThanOrEqual(2);
      // The live session is untouched (it ends in 30 days).
      const refreshed = await call('/api/v1/auth/refresh', {
        method: 'POST',
        json: { refreshToken: live.refreshToken },
      });
      expect(refreshed.status).toBe(200);
      const gone = await call('/api/v1/auth/refresh', {
        method: 'POST',
        json: { refreshToken: ended.refreshToken },
      });
      expect(gone.body.error.message).toBe('unknown refresh token');
    });

    describe('passwords', () => {
      it('refuses weak passwords on create with 422 weak_password, creating nothing', async () => {
        const cases = [
          ['short1A', 'at least 10'],
          ['aaaaaaaaaaaa', 'two of'],
          ['12345678901', 'two of'],
          ['weak1@example.com', 'email'],
        ];
        for (const [password, words] of cases) {
          const res = await call('/api/v1/agents', {
            method: 'POST',
            token: k.tenant.apiKey,
            json: { email: 'weak1@example.com', password },
          });
          expect(res).toMatchObject({ status: 422, body: { error: { code: 'weak_password' } } });
          expect(res.body.error.message).toContain(words);
        }
        const list = await call('/api/v1/agents', { token: k.tenant.apiKey });
        expect(list.body.agents.some((a: Json) => a.email === 'weak1@example.com')).toBe(false);
      });

      it('changes a password: the current one must match, other sessions end', async () => {
        const agent = await k.addAgent();
        const mine = (await login(agent.email, agent.password)).body;
        const change = (json: unknown) =>
          call('/api/v1/auth/password', { method: 'POST', token: mine.token, json });
        expect(
          (await change({ currentPassword: 'wrong password 1', newPassword: 'N3w password!' }))
            .status,
        ).toBe(401);
        const weak = await change({ currentPassword: agent.password, newPassword: 'short' });
        expect(weak).toMatchObject({ status: 422, body: { error: { code: 'weak_password' } } });
        expect((await login(agent.email, agent.password)).status).toBe(200);
        const ok = await change({ currentPassword: agent.password, newPassword: 'N3w password!' });
        expect(ok.status).toBe(204);
        expect((await call('/api/v1/agents/me', { token: mine.token })).status).toBe(200);
        expect((await call('/api/v1/agents/me', { token: agent.token })).status).toBe(401);
        expect((await login(agent.email, agent.password)).status).toBe(401);
        expect((await login(agent.email, 'N3w password!')).status).toBe(200);
      });
    });

    describe('login throttling', () => {
      it('locks an email from an address after 5 failures: 429 with Retry-After', async () => {
        const agent = await k.addAgent();
        for (let i = 0; i < 5; i++) {
          const res = await login(agent.email, `wrong password ${i}`);
          expect(res.body.error.code).toBe('invalid_credentials');
        }
        const locked = await login(agent.email, agent.password);
        expect(locked).toMatchObject({ status: 429, body: { error: { code: 'login_locked' } } });
        const retryAfter = Number(locked.headers.get('retry-after'));
        expect(retryAfter).toBeGreaterThan(800);
        expect(retryAfter).toBeLessThanOrEqual(900);
        // Unknown emails are counted the same way, so a lock tells nothing about existence.
        for (let i = 0; i < 5; i++) await login('ghost.locked@example.com', 'wrong password');
        const ghost = await login('ghost.locked@example.com', 'wrong password');
        expect(ghost.status).toBe(429);
        // Another account from the same address is not locked.
        const other = await k.addAgent();
        expect((await login(other.email, other.password)).status).toBe(200);
      });

      it('counts wrong current passwords on a password change as failed logins', async () => {
        const agent = await k.addAgent();
        const change = () =>
          call('/api/v1/auth/password', {
            method: 'POST',
            token: agent.token,
            json: { currentPassword: 'a wrong guess 1', newPassword: 'N3w password!' },
          });
        for (let i = 0; i < 5; i++) expect((await change()).status).toBe(401);
        expect((await change()).status).toBe(429);
        expect((await login(agent.email, agent.password)).status).toBe(429);
      });

      it('forgets failures after a successful login', async () => {
        const agent = await k.addAgent();
        for (let i = 0; i < 4; i++) await login(agent.email, 'wrong password');
        expect((await login(agent.email, agent.password)).status).toBe(200);
        for (let i = 0; i < 4; i++) await login(agent.email, 'wrong password');
        expect((await login(agent.email, agent.password)).status).toBe(200);
      });

      it('keeps the lock across a restart', async () => {
        const agent = await k.addAgent();
        for (let i = 0; i < 5; i++) await login(agent.email, 'wrong password');
        await k.restart();
        expect((await login(agent.email, agent.password)).status).toBe(429);
      });
    });

    describe('API keys', () => {
      const createKey = (token: string, json: unknown) =>
        call('/api/v1/api-keys', { method: 'POST', token, json });

      it('creates a key shown once, lists it without the secret, revokes it at once', async () => {
        const admin = await k.addAgent({ role: 'admin' });
        const created = await createKey(admin.token, {
          name: 'CRM sync',
          scopes: ['tickets:read', 'conversations:read'],
        });
        expect(created.status).toBe(201);
        const key = created.body.key as string;
        expect(key).toStartWith('kefu_sk_');
        expect(created.body.apiKey).toMatchObject({
          name: 'CRM sync',
          scopes: ['conversations:read', 'tickets:read'],
          lastUsedAt: null,
          revokedAt: null,
        });
        expect(key.startsWith(created.body.apiKey.prefix)).toBe(true);
        const id = created.body.apiKey.id as string;

        expect((await call('/api/v1/tickets', { token: key })).status).toBe(200);
        const list = await call('/api/v1/api-keys', { token: admin.token });
        expect(list.status).toBe(200);
        const listed = list.body.apiKeys.find((a: Json) => a.id === id);
        expect(Object.keys(listed).sort()).toEqual(
          ['createdAt', 'id', 'lastUsedAt', 'name', 'prefix', 'revokedAt', 'scopes'].sort(),
        );
        expect(listed.lastUsedAt).toBeGreaterThan(0);
        expect(JSON.stringify(list.body)).not.toContain(key);

        const revoked = await call(`/api/v1/api-keys/${id}`, {
          method: 'DELETE',
          token: admin.token,
        });
        expect(revoked.status).toBe(200);
        expect(revoked.body.apiKey.revokedAt).toBeGreaterThan(0);
        expect((await call('/api/v1/tickets', { token: key })).status).toBe(401);
        const missing = await call('/api/v1/api-keys/nope', {
          method: 'DELETE',
          token: admin.token,
        });
        expect(missing.status).toBe(404);
      });

      it('enforces scopes: read is not write, configuration needs admin', async () => {
        const reader = (
          await createKey(k.tenant.apiKey, { name: 'reader', scopes: ['conversations:read'] })
        ).body.key as string;
        expect((await call('/api/v1/conversations', { token: reader })).status).toBe(200);
        const write = await call('/api/v1/channels/api/messages', {
          method: 'POST',
          token: reader,
          json: { clientKey: 'x1', customer: { externalId: 'c1' }, text: 'hi' },
        });
        expect(write).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
        expect((await call('/api/v1/tickets', { token: reader })).status).toBe(403);
        expect((await call('/api/v1/agents', { token: reader })).status).toBe(403);
        expect((await call('/api/v1/api-keys', { token: reader })).status).toBe(403);
        expect((await call('/api/v1/audit', { token: reader })).status).toBe(403);

        const admin = (await createKey(k.tenant.apiKey, { name: 'ops', scopes: ['admin'] })).body
          .key as string;
        expect((await call('/api/v1/agents', { token: admin })).status).toBe(200);
        expect((await call('/api/v1/tickets', { token: admin })).status).toBe(403);
        // The key `tenant create` makes has every scope.
        expect((await call('/api/v1/tickets', { token: k.tenant.apiKey })).status).toBe(200);
      });

      it('refuses bad input with typed errors and creates nothing', async () => {
        const before = (await call('/api/v1/api-keys', { token: k.tenant.apiKey })).body.apiKeys
          .length;
        for (const json of [
          { name: 'x', scopes: ['root'] },
          { name: 'x', scopes: [] },
          { name: '', scopes: ['admin'] },
          { name: '   ', scopes: ['admin'] },
        ]) {
          const res = await createKey(k.tenant.apiKey, json);
          expect(res).toMatchObject({
            status: 422,
            body: { error: { code: 'validation_failed' } },
          });
        }
        const agent = await k.addAgent({ role: 'supervisor' });
        expect((await createKey(agent.token, { name: 'x', scopes: ['admin'] })).status).toBe(403);
        const after = (await call('/api/v1/api-keys', { token: k.tenant.apiKey })).body.apiKeys
          .length;
        expect(after).toBe(before);
      });

      it('keeps tenants apart', async () => {
        const other = await k.addTenant('Other Co');
        const mine = await createKey(k.tenant.apiKey, { name: 'mine', scopes: ['admin'] });
        const theirs = await call('/api/v1/api-keys', { token: other.apiKey });
        expect(theirs.body.apiKeys.some((a: Json) => a.id === mine.body.apiKey.id)).toBe(false);
        const revoke = await call(`/api/v1/api-keys/${mine.body.apiKey.id}`, {
          method: 'DELETE',
          token: other.apiKey,
        });
        expect(revoke.status).toBe(404);
      });
    });

    describe('audit log', () => {
      it('records admin actions with who did what, filters and pages them', async () => {
        const tenant = await k.addTenant('Audited Co');
        const key = tenant.apiKey;
        const since = Date.now();
        const agent = await call('/api/v1/agents', {
          method: 'POST',
          token: key,
          json: { email: `audited.${Date.now()}@example.com`, password: 'correct horse battery' },
        });
        expect(agent.status).toBe(201);
        const agentId = agent.body.id as string;
        await call(`/api/v1/agents/${agentId}`, {
          method: 'PATCH',
          token: key,
          json: { capacity: 7 },
        });
        await call(`/api/v1/agents/${agentId}`, {
          method: 'PATCH',
          token: key,
          json: { disabled: true },
        });
        const created = await call('/api/v1/api-keys', {
          method: 'POST',
          token: key,
          json: { name: 'audit me', scopes: ['tickets:read'] },
        });
        await call(`/api/v1/api-keys/${created.body.apiKey.id}`, { method: 'DELETE', token: key });
        await call('/api/v1/tenant', {
          method: 'PATCH',
          token: key,
          json: { name: 'Audited Co 2' },
        });

        const log = await call('/api/v1/audit', { token: key });
        expect(log.status).toBe(200);
        const actions = log.body.entries.map((e: Json) => e.action);
        expect(actions).toEqual([
          'tenant.update',
          'api_key.revoke',
          'api_key.create',
          'agent.disable',
          'agent.update',
          'agent.create',
        ]);
        const create = log.body.entries.at(-1);
        expect(create).toMatchObject({
          actor: { kind: 'apiKey' },
          target: { type: 'agent', id: agentId },
          details: { role: 'agent' },
        });
        expect(create.at).toBeGreaterThanOrEqual(since);
        expect(log.body.entries[3].details).toEqual({});
        expect(log.body.entries[4].details).toEqual({ capacity: 7 });

        const filtered = await call('/api/v1/audit?action=api_key.create', { token: key });
        expect(filtered.body.entries.map((e: Json) => e.action)).toEqual(['api_key.create']);
        const page1 = await call('/api/v1/audit?limit=4', { token: key });
        expect(page1.body.entries).toHaveLength(4);
        const page2 = await call(`/api/v1/audit?limit=4&cursor=${page1.body.nextCursor}`, {
          token: key,
        });
        expect(page2.body.entries.map((e: Json) => e.action)).toEqual([
          'agent.update',
          'agent.create',
        ]);
        expect(page2.body.nextCursor).toBeNull();
        const none = await call(`/api/v1/audit?until=${since - 1}`, { token: key });
        expect(none.body.entries).toEqual([]);
        const bad = await call('/api/v1/audit?limit=0', { token: key });
        expect(bad).toMatchObject({ status: 422, body: { error: { code: 'validation_failed' } } });
        // Another tenant sees none of it.
        const theirs = await call('/api/v1/audit', { token: k.tenant.apiKey });
        expect(theirs.body.entries.some((e: Json) => e.target?.id === agentId)).toBe(false);
        // Agents below admin may not read it.
        const sup = await k.addAgent({ role: 'supervisor' });
        expect((await call('/api/v1/audit', { token: sup.token })).status).toBe(403);
      });

      it('records rules, channel and webhook changes, never their secrets', async () => {
        const tenant = await k.addTenant('Configured Co');
        const key = tenant.apiKey;
        const rules = await call('/api/v1/rules', {
          method: 'PUT',
          token: key,
          json: { baseVersion: 0, rules: [] },
        });
        expect(rules.status).toBe(200);
        const mailbox = await call('/api/v1/channels/email', {
          method: 'POST',
          token: key,
          json: {
            fromAddress: 'help@configured.example',
            smtp: {
              host: 'smtp.configured.example',
              port: 587,
              secure: false,
              pass: 's3cret-smtp',
            },
          },
        });
        expect(mailbox.status).toBe(201);
        await call(`/api/v1/channels/${mailbox.body.channelId}`, { method: 'DELETE', token: key });
        const hook = await call('/api/v1/webhooks', {
          method: 'POST',
          token: key,
          json: { url: 'https://hooks.configured.example/in', events: ['message.created'] },
        });
        expect(hook.status).toBe(201);
        const hookId = hook.body.webhook.id as string;
        await call(`/api/v1/webhooks/${hookId}`, {
          method: 'PATCH',
          token: key,
          json: { active: false },
        });
        await call(`/api/v1/webhooks/${hookId}`, { method: 'DELETE', token: key });

        const log = await call('/api/v1/audit', { token: key });
        expect(log.body.entries.map((e: Json) => e.action)).toEqual([
          'webhook.delete',
          'webhook.update',
          'webhook.create',
          'channel.delete',
          'channel.create',
          'rules.publish',
        ]);
        expect(log.body.entries.at(-1)).toMatchObject({
          target: { type: 'rules', id: '1' },
          details: { version: 1 },
        });
        expect(log.body.entries[1].details).toEqual({ active: false });
        const text = JSON.stringify(log.body);
        expect(text).not.toContain('s3cret-smtp');
        expect(text).not.toContain(hook.body.secret);
      });

      it('records an identity secret rotation without the secret', async () => {
        const tenant = await k.addTenant('Rotating Co');
        const rotated = await call('/api/v1/channels/web/identity-secret/rotate', {
          method: 'POST',
          token: tenant.apiKey,
        });
        expect(rotated.status).toBe(200);
        const log = await call('/api/v1/audit', { token: tenant.apiKey });
        expect(log.body.entries).toMatchObject([
          { action: 'tenant.update', details: { identitySecret: 'rotated' } },
        ]);
        expect(JSON.stringify(log.body)).not.toContain(rotated.body.identitySecret);
      });

      it('writes nothing when the change is refused', async () => {
        const tenant = await k.addTenant('Quiet Co');
        await call('/api/v1/agents', {
          method: 'POST',
          token: tenant.apiKey,
          json: { email: 'quiet@example.com', password: 'short' },
        });
        await call('/api/v1/tenant', {
          method: 'PATCH',
          token: tenant.apiKey,
          json: { allowedOrigins: ['not an origin'] },
        });
        const log = await call('/api/v1/audit', { token: tenant.apiKey });
        expect(log.body.entries).toEqual([]);
      });
    });

    describe('widget origins', () => {
      const open = (path: string, widgetKey: string, origin?: string) =>
        new Promise<{ opened: boolean; status?: number }>((resolve) => {
          const ws = new WebSocket(`${k.wsUrl}${path}?widgetKey=${widgetKey}`, {
            headers: origin ? { Origin: origin } : {},
          } as unknown as string[]);
          ws.onopen = () => {
            ws.close();
            resolve({ opened: true });
          };
          ws.onerror = () => resolve({ opened: false });
        });
      const upgradeStatus = async (path: string, widgetKey: string, origin?: string) =>
        (
          await fetch(`${k.url}${path}?widgetKey=${widgetKey}`, {
            headers: {
              ...(origin ? { origin } : {}),
              connection: 'Upgrade',
              upgrade: 'websocket',
              'sec-websocket-version': '13',
              'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
            },
          })
        ).status;

      it('takes any origin until the tenant lists some, then only those', async () => {
        const tenant = await k.addTenant('Shop');
        const patch = (json: unknown) =>
          call('/api/v1/tenant', { method: 'PATCH', token: tenant.apiKey, json });
        expect((await open('/ws/customer', tenant.widgetKey, 'https://evil.example')).opened).toBe(
          true,
        );
        const set = await patch({
          allowedOrigins: ['https://Shop.example.com/', 'http://localhost:8080'],
        });
        expect(set).toMatchObject({
          status: 200,
          body: { allowedOrigins: ['https://shop.example.com', 'http://localhost:8080'] },
        });
        expect(
          (await open('/ws/customer', tenant.widgetKey, 'https://shop.example.com')).opened,
        ).toBe(true);
        expect((await open('/ws/customer', tenant.widgetKey, 'http://localhost:8080')).opened).toBe(
          true,
        );
        expect((await open('/ws/customer', tenant.widgetKey, 'https://evil.example')).opened).toBe(
          false,
        );
        expect(await upgradeStatus('/ws/customer', tenant.widgetKey, 'https://evil.example')).toBe(
          403,
        );
        expect(await upgradeStatus('/ws/customer', tenant.widgetKey)).toBe(403);
        // Apps send no Origin: they still connect; a page using the app socket is checked.
        expect((await open('/ws/app', tenant.widgetKey)).opened).toBe(true);
        expect(await upgradeStatus('/ws/app', tenant.widgetKey, 'https://evil.example')).toBe(403);
        // Other tenants are unaffected.
        expect(
          (await open('/ws/customer', k.tenant.widgetKey, 'https://evil.example')).opened,
        ).toBe(true);
        // Emptying the list allows every origin again.
        expect((await patch({ allowedOrigins: [] })).body.allowedOrigins).toEqual([]);
        expect((await open('/ws/customer', tenant.widgetKey, 'https://evil.example')).opened).toBe(
          true,
        );
      });

      it('refuses values that are not origins, changing nothing', async () => {
        const tenant = await k.addTenant('Strict');
        const patch = (json: unknown) =>
          call('/api/v1/tenant', { method: 'PATCH', token: tenant.apiKey, json });
        await patch({ allowedOrigins: ['https://a.example'] });
        for (const bad of [
          'a.example',
          'https://a.example/path',
          'ftp://a.example',
          'javascript:alert(1)',
          '*',
        ]) {
          const res = await patch({ allowedOrigins: [bad], name: 'Renamed' });
          expect(res).toMatchObject({
            status: 422,
            body: { error: { code: 'validation_failed' } },
          });
        }
        const now = await call('/api/v1/tenant', { token: tenant.apiKey });
        expect(now.body).toMatchObject({ name: 'Strict', allowedOrigins: ['https://a.example'] });
      });
    });
  });
}
