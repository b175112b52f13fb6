/**
 * Tickets through the REST API, on SQLite and on the real MariaDB: lifecycle, audit,
 * concurrency, comments reaching the customer, merge, search, filters, SLA, CSAT.
 */
import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { assignedTo, customerSays } from '../routing/helpers.ts';
import type { EngineName } from '../support/databases.ts';
import { startTestKefu, type TestKefu } from '../support/kefu.ts';

export function ticketsSuite(engine: EngineName) {
  describe(`tickets on ${engine}`, () => {
    let k: TestKefu;
    let key: string;
    const api = async (
      path: string,
      init: { method?: string; json?: unknown; token?: string } = {},
    ) => {
      const res = await k.api(path, { token: key, ...init });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as any) : undefined };
    };
    // Hooks time out after 5 s whatever bunfig says; MariaDB DDL here can take longer.
    beforeAll(async () => {
      k = await startTestKefu(engine);
      key = k.tenant.apiKey;
    }, 60_000);
    afterAll(() => k.stop());

    it('creates, moves through allowed statuses only, and logs every change', async () => {
      const created = await api('/api/v1/tickets', {
        method: 'POST',
        json: { subject: 'Printer on fire', priority: 'high', tags: ['Hardware'] },
      });
      expect(created.status).toBe(201);
      const t = created.body;
      expect(t).toMatchObject({
        number: 1001,
        status: 'new',
        priority: 'high',
        tags: ['hardware'],
        version: 1,
      });
      const open = await api(`/api/v1/tickets/${t.id}`, {
        method: 'PATCH',
        json: { version: 1, status: 'open' },
      });
      expect(open.body).toMatchObject({ status: 'open', version: 2 });
      const solved = await api(`/api/v1/tickets/${t.id}`, {
        method: 'PATCH',
        json: { version: 2, status: 'solved' },
      });
      expect(solved.body.solvedAt).toBeNumber();
      const closed = await api(`/api/v1/tickets/${t.id}`, {
        method: 'PATCH',
        json: { version: 3, status: 'closed' },
      });
      expect(closed.body.nextStatuses).toEqual([]);
      const illegal = await api(`/api/v1/tickets/${t.id}`, {
        method: 'PATCH',
        json: { version: 4, status: 'open' },
      });
      expect(illegal.status).toBe(422);
      expect(illegal.body.error.message).toBe('status cannot go from closed to open');
      const events = await api(`/api/v1/tickets/${t.id}/events`);
      expect(events.body.events.map((e: any) => e.kind)).toEqual([
        'created',
        'updated',
        'updated',
        'updated',
      ]);
      expect(events.body.events[1].data).toEqual({ status: { from: 'new', to: 'open' } });
      const again = await api(`/api/v1/tickets/${t.id}`);
      expect(again.body).toMatchObject({ status: 'closed', version: 4 });
    });

    it('refuses a concurrent edit and applies nothing of it', async () => {
      const t = (await api('/api/v1/tickets', { method: 'POST', json: { subject: 'Race' } })).body;
      const [a, b] = await Promise.all([
        api(`/api/v1/tickets/${t.id}`, {
          method: 'PATCH',
          json: { version: 1, priority: 'urgent' },
        }),
        api(`/api/v1/tickets/${t.id}`, {
          method: 'PATCH',
          json: { version: 1, priority: 'low', tags: ['b'] },
        }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const now = (await api(`/api/v1/tickets/${t.id}`)).body;
      expect(now.version).toBe(2);
      expect(now.priority === 'urgent' ? now.tags : now.tags).toEqual(
        now.priority === 'urgent' ? [] : ['b'],
      );
    });

    it('refuses an assignee of another tenant or without the group skill', async () => {
      const group = (
        await api('/api/v1/groups', { method: 'POST', json: { key: 'billing', name: 'Billing' } })
      ).body;
      const unskilled = await k.addAgent();
      const skilled = await k.addAgent({ skills: ['billing'] });
      const t = (
        await api('/api/v1/tickets', {
          method: 'POST',
          json: { subject: 'Invoice', groupId: group.id },
        })
      ).body;
      const wrongSkill = await api(`/api/v1/tickets/${t.id}`, {
        method: 'PATCH',
        json: { version: 1, assigneeId: unskilled.id },
      });
      expect(wrongSkill.status).toBe(422);
      expect(wrongSkill.body.error.message).toContain('billing');
      const other = await k.addTenant();
      const foreign = (
        await api('/api/v1/agents', {
          method: 'POST',
          token: other.apiKey,
          json: { email: `x${Date.now()}@other.test`, password: 'password123' },
        })
      ).body;
      expect(
        (
          await api(`/api/v1/tickets/${t.id}`, {
            method: 'PATCH',
            json: { version: 1, assigneeId: foreign.id },
          })
        ).status,
      ).toBe(422);
      expect(
        (
          await api(`/api/v1/tickets/${t.id}`, {
            method: 'PATCH',
            json: { version: 1, assigneeId: skilled.id },
          })
        ).body.assigneeId,
      ).toBe(skilled.id);
      // The other tenant cannot see it at all.
      expect((await api(`/api/v1/tickets/${t.id}`, { token: other.apiKey })).status).toBe(404);
    });

    it('delivers a public reply to the customer and keeps an internal note internal', async () => {
      const agent = await k.addAgent({ capacity: 50 });
      const socket = await agent.connect();
      const chat = await customerSays(k, 'Where is my refund?');
      await assignedTo(socket, chat.conversationId);
      socket.send({ t: 'close', conversationId: chat.conversationId });
      const request = await chat.socket.nextOf('csat_request');
      const ticket = (await api(`/api/v1/tickets/${request.ticketId}`)).body;
      expect(ticket).toMatchObject({
        status: 'solved',
        conversationId: chat.conversationId,
        assigneeId: agent.id,
        subject: 'Where is my refund?',
      });

      const note = await api(`/api/v1/tickets/${ticket.id}/comments`, {
        method: 'POST',
        token: agent.token,
        json: { body: 'customer sounds upset', public: false },
      });
      expect(note.status).toBe(201);
      await chat.socket.expectNone((f) => f.t === 'msg' && f.text === 'customer sounds upset', 200);
      const reply = await api(`/api/v1/tickets/${ticket.id}/comments`, {
        method: 'POST',
        token: agent.token,
        json: { body: 'Your refund was sent today.', public: true },
      });
      expect(reply.body.sla.firstRespondedAt).toBeNumber();
      expect(
        await chat.socket.nextOf('msg', (f) => f.text === 'Your refund was sent today.'),
      ).toMatchObject({ author: { kind: 'agent', id: agent.id } });

      // CSAT from the customer lands on the ticket.
      chat.socket.send({
        t: 'csat',
        conversationId: chat.conversationId,
        score: 5,
        comment: 'fast!',
      });
      await Bun.sleep(200);
      expect((await api(`/api/v1/tickets/${ticket.id}`)).body.csat).toEqual({
        score: 5,
        comment: 'fast!',
      });
      chat.socket.send({ t: 'csat', conversationId: chat.conversationId, score: 9 });
      expect((await chat.socket.nextOf('error')).code).toBe('invalid_frame');
      const comments = await api(`/api/v1/tickets/${ticket.id}/comments`);
      expect(comments.body.comments.map((c: any) => [c.public, c.body])).toEqual([
        [false, 'customer sounds upset'],
        [true, 'Your refund was sent today.'],
      ]);
      chat.socket.close();
      socket.close();
    });

    it('merges one ticket into another', async () => {
      const a = (
        await api('/api/v1/tickets', {
          method: 'POST',
          json: { subject: 'Duplicate A', tags: ['x'] },
        })
      ).body;
      const b = (
        await api('/api/v1/tickets', {
          method: 'POST',
          json: { subject: 'Original B', tags: ['y'] },
        })
      ).body;
      const merged = await api(`/api/v1/tickets/${a.id}/merge`, {
        method: 'POST',
        json: { intoId: b.id },
      });
      expect(merged.body).toMatchObject({ id: b.id, tags: ['y', 'x'] });
      expect((await api(`/api/v1/tickets/${a.id}`)).body).toMatchObject({
        status: 'closed',
        mergedIntoId: b.id,
      });
      expect(
        (await api(`/api/v1/tickets/${a.id}/merge`, { method: 'POST', json: { intoId: b.id } }))
          .status,
      ).toBe(409);
      expect(
        (await api(`/api/v1/tickets/${b.id}/merge`, { method: 'POST', json: { intoId: b.id } }))
          .status,
      ).toBe(422);
      // Merged tickets leave the list; searching the source's words finds the target.
      const found = await api('/api/v1/tickets?q=duplicate');
      expect(found.body.tickets.map((t: any) => t.id)).toEqual([b.id]);
    });

    it('searches subjects, comments and chat messages, in Chinese and English', async () => {
      const zh = (
        await api('/api/v1/tickets', {
          method: 'POST',
          json: {
            subject: '快递丢失了怎么办',
            comment: { body: '订单号 A-778899', public: false },
          },
        })
      ).body;
      const en = (
        await api('/api/v1/tickets', {
          method: 'POST',
          json: { subject: 'Broken zipper on jacket' },
        })
      ).body;
      const ids = async (q: string) =>
        (await api(`/api/v1/tickets?q=${encodeURIComponent(q)}`)).body.tickets.map(
          (t: any) => t.id,
        );
      expect(await ids('快递')).toEqual([zh.id]);
      expect(await ids('丢失')).toEqual([zh.id]);
      expect(await ids('778899')).toEqual([zh.id]);
      expect(await ids('ZIPPER jacket')).toEqual([en.id]);
      expect(await ids('zipper refund')).toEqual([]);
      expect(await ids('Where is my refund')).not.toContain(en.id);
    });

    it('filters by status, priority, tag and assignee, sorts and pages with a cursor', async () => {
      for (let i = 0; i < 5; i++) {
        await api('/api/v1/tickets', {
          method: 'POST',
          json: { subject: `Paged ${i}`, priority: i % 2 ? 'urgent' : 'low', tags: ['paged'] },
        });
      }
      const urgent = await api('/api/v1/tickets?tag=paged&priority=urgent');
      expect(urgent.body.tickets.map((t: any) => t.subject).sort()).toEqual(['Paged 1', 'Paged 3']);
      const seen: string[] = [];
      let cursor = '';
      do {
        const page = await api(
          `/api/v1/tickets?tag=paged&sort=created&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        seen.push(...page.body.tickets.map((t: any) => t.subject));
        cursor = page.body.nextCursor ?? '';
      } while (cursor);
      expect(seen).toEqual(['Paged 4', 'Paged 3', 'Paged 2', 'Paged 1', 'Paged 0']);
      const byPriority = await api('/api/v1/tickets?tag=paged&sort=priority');
      expect(byPriority.body.tickets.slice(0, 2).every((t: any) => t.priority === 'urgent')).toBe(
        true,
      );
      const unassigned = await api('/api/v1/tickets?tag=paged&assigneeId=none&status=new');
      expect(unassigned.body.tickets).toHaveLength(5);
      expect((await api('/api/v1/tickets?cursor=@@')).status).toBe(400);
      expect((await api('/api/v1/tickets?sort=sideways')).status).toBe(422);
    });

    it('computes SLA due times and records breaches from stored due times', async () => {
      const policy = await api('/api/v1/sla-policies', {
        method: 'POST',
        json: {
          name: 'Standard',
          targets: {
            urgent: { firstResponseMin: 30, resolutionMin: 240 },
            normal: { firstResponseMin: 60, resolutionMin: 1440 },
          },
        },
      });
      expect(policy.status).toBe(201);
      const t = (
        await api('/api/v1/tickets', {
          method: 'POST',
          json: { subject: 'SLA please', priority: 'urgent' },
        })
      ).body;
      expect(t.sla.firstResponseDueAt - t.createdAt).toBe(30 * 60_000);
      expect(t.sla.resolutionDueAt - t.createdAt).toBe(240 * 60_000);
      // An hour later (as the scheduler sees it): the first response is late, resolution is not.
      const breaches = await k.kefu.engine.sla.tick(t.createdAt + 61 * 60_000);
      expect(breaches.find((b) => b.ticket.id === t.id)?.kinds).toEqual(['first_response']);
      expect(await k.kefu.engine.sla.tick(t.createdAt + 62 * 60_000)).toEqual([]);
      const later = (await api(`/api/v1/tickets/${t.id}`)).body;
      expect(later.sla.breaches).toEqual(['first_response']);
      expect(
        (await api('/api/v1/tickets?sla=breached')).body.tickets.map((x: any) => x.id),
      ).toContain(t.id);
      expect((await api(`/api/v1/tickets/${t.id}/events`)).body.events.at(-1)).toMatchObject({
        kind: 'sla_breached',
        data: { kinds: ['first_response'] },
      });
      await api(`/api/v1/sla-policies/${policy.body.id}`, {
        method: 'PATCH',
        json: { active: false },
      });
    });
  });
}
