/**
 * Security of the HTTP API through a running kefu, on SQLite and on MariaDB: sessions
 * (refresh rotation, reuse, logout, disabling), the password policy, login throttling,
 * API keys and their scopes, the audit log and the widget's allowed origins.
 */
import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
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
  });
}
