/**
 * Tenant isolation, generated from the server's own route table: with tenant A's
 * credentials (an admin's token, the tenant API key) every route is called on tenant B's
 * resources. A must be refused (403/404), see nothing of B, and change nothing of B. Every
 * WebSocket frame type is tried on B's conversation too, and an agent (and a supervisor)
 * must be refused on the routes above their role.
 */
import { afterAll, beforeAll, describe, expect, it, setDefaultTimeout } from 'bun:test';
import { createAgent } from '../../src/accounts/index.ts';
import { agentCheckers, customerCheckers } from '../../src/gateway/frames.ts';
import type { EngineName } from '../support/databases.ts';
import { startTestKefu, type TestKefu } from '../support/kefu.ts';
import { type Frame, TestSocket } from '../support/ws-client.ts';
import { type Case, type Entry, fillPath, ROUTES } from './route-matrix.ts';
import { buildWorld, secretsOf, snapshot, type World } from './world.ts';

export function isolationSuite(engine: EngineName) {
  describe(`tenant isolation on ${engine}`, () => {
    // bun 1.4.5 applies the preload's default timeout to the first file only.
    setDefaultTimeout(120_000);

    let k: TestKefu;
    let a: World;
    let b: World;
    let secrets: string[];
    let supervisorToken: string;

    const key = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

    beforeAll(async () => {
      k = await startTestKefu(engine, { KEFU_BOT: 'on', KEFU_DELIVERY_MAX_ATTEMPTS: '1' });
      const tenantB = await k.addTenant('Tenant B');
      const suffix = Math.random().toString(36).slice(2, 8);
      a = await buildWorld(k, k.tenant, `ATAG${suffix}`);
      b = await buildWorld(k, tenantB, `BSECRET${suffix}`);
      // B gets a rules version and a model version A does not have, so that A naming them by
      // number cannot hit A's own.
      const bCall = async (method: string, path: string, json?: unknown) => {
        const res = await k.api(`/api/v1${path}`, { method, json, token: b.apiKey });
        expect(res.status).toBeLessThan(300);
        return (await res.json()) as any;
      };
      const rules = await bCall('GET', '/rules');
      const saved = await bCall('PUT', '/rules', {
        baseVersion: rules.version,
        rules: rules.rules.map((r: any) => ({ ...r, name: `${b.tag} rule three` })),
      });
      b.rulesVersion = saved.version;
      const job = await bCall('POST', '/bot/train', { datasetId: b.datasetId, seed: 2 });
      for (;;) {
        const state = await bCall('GET', `/bot/jobs/${job.id}`);
        if (state.status !== 'training') break;
        await Bun.sleep(50);
      }
      b.modelVersion = job.version;
      const identity = await bCall('GET', '/channels/web/identity-secret');
      secrets = [
        ...secretsOf(b),
        b.apiKey,
        b.widgetKey,
        b.visitorToken,
        b.adminToken,
        identity.identitySecret,
      ];
      const email = `supervisor.${Date.now()}@a.example.com`;
      await createAgent(k.kefu.store, {
        tenantId: a.tenantId,
        email,
        password: 'correct horse battery',
        role: 'supervisor',
      });
      const login = await k.api('/api/v1/auth/login', {
        method: 'POST',
        json: { email, password: 'correct horse battery' },
      });
      supervisorToken = ((await login.json()) as { token: string }).token;
    }, 180_000);

    afterAll(() => k?.stop());

    /** The secrets of B found in `text`, leaving out those the request itself carried. */
    function leaked(text: string, request: string): string[] {
      return secrets.filter((s) => text.includes(s) && !request.includes(s));
    }

    async function call(
      method: string,
      path: string,
      c: Case,
      target: World,
      caller: World,
      token: string,
    ): Promise<{ status: number; text: string; request: string }> {
      let url = fillPath(path, c.params?.(target, caller));
      const query = c.query?.(target, caller);
      if (query) url += `?${new URLSearchParams(query)}`;
      const raw = c.raw?.(target, caller);
      const json = raw ? undefined : c.body?.(target, caller);
      const res = await k.api(url, {
        method,
        token,
        json,
        body: raw?.body,
        headers: raw ? { 'content-type': raw.type } : undefined,
      });
      return {
        status: res.status,
        text: await res.text(),
        request: `${url} ${raw?.body ?? JSON.stringify(json ?? null)}`,
      };
    }

    /** Calls every route as A on B; returns what went wrong, one line per problem. */
    async function crossTenant(token: string): Promise<string[]> {
      const problems: string[] = [];
      let before = await snapshot(k, b);
      for (const route of k.kefu.routes) {
        const entry = ROUTES[key(route)];
        if (!entry || entry.role === 'public') continue;
        for (const c of entry.cases) {
          const name = `${key(route)} [${c.kind}]`;
          const { status, text, request } = await call(route.method, route.path, c, b, a, token);
          if (status >= 500) problems.push(`${name}: ${status} ${text.slice(0, 200)}`);
          if (c.kind === 'foreign' && status !== 403 && status !== 404)
            problems.push(`${name}: expected 403/404, got ${status} ${text.slice(0, 200)}`);
          // An accepted request must not carry B's ids, even those it was sent.
          const found = status < 300 ? leaked(text, '') : leaked(text, request);
          if (found.length) problems.push(`${name}: ${status}, body shows B's ${found.join(', ')}`);
          if (route.method !== 'GET') {
            const after = await snapshot(k, b);
            for (const [path, value] of Object.entries(after)) {
              if (before[path] !== value) problems.push(`${name}: changed B's ${path}`);
            }
            before = after;
          }
        }
      }
      return problems;
    }

    describe('the isolation matrix', () => {
      it('has an entry for every route the server serves, and none for routes it does not', () => {
        const served = k.kefu.routes.map(key);
        expect(served.filter((r) => !(r in ROUTES))).toEqual([]);
        expect(Object.keys(ROUTES).filter((r) => !served.includes(r))).toEqual([]);
      });

      it('refuses an admin of tenant A everything of tenant B', async () => {
        expect(await crossTenant(a.adminToken)).toEqual([]);
      });

      it('refuses the API key of tenant A everything of tenant B', async () => {
        expect(await crossTenant(a.apiKey)).toEqual([]);
      });
    });

    describe('WebSocket frames naming another tenant', () => {
      const agentFrames: Record<string, (b: World, a: World) => Frame[]> = {
        msg: (b) => [
          { t: 'msg', conversationId: b.conversationId, clientMsgId: 'x-msg', text: 'hi' },
        ],
        resume: (b) => [{ t: 'resume', conversationId: b.conversationId, afterSeq: 0 }],
        typing: (b) => [{ t: 'typing', conversationId: b.conversationId }],
        read: (b) => [{ t: 'read', conversationId: b.conversationId, seq: 1 }],
        close: (b) => [{ t: 'close', conversationId: b.conversationId }],
        transfer: (b, a) => [
          { t: 'transfer', conversationId: b.conversationId, toGroup: 'billing', reason: 'x' },
          { t: 'transfer', conversationId: a.conversationId, toAgentId: b.agentId, reason: 'x' },
        ],
        takeover: (b) => [{ t: 'takeover', conversationId: b.conversationId }],
        note: (b) => [
          { t: 'note', conversationId: b.conversationId, clientMsgId: 'x-note', text: 'psst' },
        ],
        // Frames that name no conversation: nothing of B to refuse.
        presence: () => [],
        ping: () => [],
      };
      const customerFrames: Record<string, (b: World) => Frame[]> = {
        csat: (b) => [{ t: 'csat', conversationId: b.conversationId, score: 1 }],
        // Customer frames other than csat name no conversation; one that tries is refused.
        msg: (b) => [
          { t: 'msg', clientMsgId: 'x-cmsg', text: 'hi', conversationId: b.conversationId },
        ],
        resume: (b) => [{ t: 'resume', afterSeq: 0, conversationId: b.conversationId }],
        typing: (b) => [{ t: 'typing', conversationId: b.conversationId }],
        read: (b) => [{ t: 'read', seq: 1, conversationId: b.conversationId }],
        ping: () => [],
      };

      it('has an entry for every frame type', () => {
        expect([...agentCheckers.keys()].filter((t) => !(t in agentFrames))).toEqual([]);
        expect([...customerCheckers.keys()].filter((t) => !(t in customerFrames))).toEqual([]);
      });

      async function refusedAll(socket: TestSocket, frames: Frame[]): Promise<string[]> {
        const problems: string[] = [];
        for (const frame of frames) {
          socket.send(frame);
          const ref = frame.clientMsgId as string | undefined;
          const error = await socket
            .next((f) => f.t === 'error' && (ref === undefined || f.ref === ref), 3000)
            .catch(() => undefined);
          if (!error) problems.push(`${JSON.stringify(frame)}: no error frame`);
          else if (error.code === 'internal')
            problems.push(`${JSON.stringify(frame)}: error ${error.code}`);
        }
        return problems;
      }

      it('answers A’s agent frames on B’s conversation with errors and shows nothing of B', async () => {
        const socket = await TestSocket.open(`${k.wsUrl}/ws/agent?token=${a.adminToken}`);
        await socket.nextOf('hello');
        const problems: string[] = [];
        for (const [type, make] of Object.entries(agentFrames)) {
          problems.push(...(await refusedAll(socket, make(b, a))).map((p) => `${type}: ${p}`));
        }
        // B's customer writes again: nothing of it may reach A's socket.
        const customer = await TestSocket.open(
          `${k.wsUrl}/ws/customer?widgetKey=${b.widgetKey}&token=${b.visitorToken}`,
        );
        await customer.nextOf('welcome');
        customer.send({ t: 'msg', clientMsgId: 'later', text: `${b.tag} later` });
        await customer.nextOf('ack');
        socket.send({ t: 'ping' });
        await socket.nextOf('pong');
        await Bun.sleep(200);
        const seen = JSON.stringify(socket.received);
        const sent = JSON.stringify(Object.values(agentFrames).flatMap((make) => make(b, a)));
        problems.push(...leaked(seen, sent).map((s) => `A's agent socket saw B's ${s}`));
        customer.close();
        socket.close();
        expect(problems).toEqual([]);
      });

      it('answers A’s customer frames naming B’s conversation with errors', async () => {
        for (const app of [false, true]) {
          const socket = await k.customer({ widgetKey: a.widgetKey, app });
          await socket.nextOf('welcome');
          const problems: string[] = [];
          for (const [type, make] of Object.entries(customerFrames)) {
            problems.push(...(await refusedAll(socket, make(b))).map((p) => `${type}: ${p}`));
          }
          const seen = JSON.stringify(socket.received);
          const sent = JSON.stringify(Object.values(customerFrames).flatMap((make) => make(b)));
          problems.push(...leaked(seen, sent).map((s) => `A's customer saw B's ${s}`));
          socket.close();
          expect(problems).toEqual([]);
        }
      });

      it('refuses B’s visitor token on A’s widget before the upgrade', async () => {
        const res = await fetch(
          `${k.url}/ws/customer?widgetKey=${a.widgetKey}&token=${encodeURIComponent(b.visitorToken)}`,
          { headers: { upgrade: 'websocket', connection: 'upgrade' } },
        );
        expect(res.status).toBe(401);
        expect(leaked(await res.text(), '')).toEqual([]);
      });
    });

    describe('the role matrix', () => {
      const RANK = { agent: 1, supervisor: 2, admin: 3, apiKey: 4 } as const;

      /** Calls, on A's own resources, every route above `role`; each must answer 403. */
      async function aboveRole(role: 'agent' | 'supervisor', token: string): Promise<string[]> {
        const problems: string[] = [];
        for (const route of k.kefu.routes) {
          const entry: Entry | undefined = ROUTES[key(route)];
          if (!entry || entry.role === 'public' || RANK[entry.role] <= RANK[role]) continue;
          for (const c of entry.cases) {
            const { status, text } = await call(route.method, route.path, c, a, a, token);
            if (status !== 403) problems.push(`${key(route)}: ${status} ${text.slice(0, 160)}`);
          }
        }
        return problems;
      }

      it('refuses an agent every supervisor and admin route', async () => {
        expect(await aboveRole('agent', a.agentToken)).toEqual([]);
      });

      it('refuses a supervisor every admin route', async () => {
        expect(await aboveRole('supervisor', supervisorToken)).toEqual([]);
      });
    });
  });
}
