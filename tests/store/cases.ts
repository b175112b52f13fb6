/**
 * The store's behaviour, written once; `sqlite.test.ts` and `mysql.test.ts` run it against
 * a real SQLite file and the real MariaDB on this machine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { sql } from 'drizzle-orm';
import {
  type AppendItem,
  appendMessages,
  findTenantByWidgetKey,
  getConversation,
  insertTenant,
  listConversations,
  listMessages,
  type Store,
} from '../../src/store/index.ts';
import { execute } from '../../src/store/ops.ts';
import { ENGINES, type EngineName, type TestDatabase } from '../support/databases.ts';
import { customerMessage, newConversation, tenantRow } from './fixtures.ts';

export function storeSuite(engine: EngineName) {
  describe(`store on ${engine}`, () => {
    let database: TestDatabase;
    let store: Store;
    const tenant = tenantRow('Acme');
    const other = tenantRow('Other');

    // Hooks time out after 5 s whatever bunfig says; MariaDB DDL here can take longer.
    const append = async (items: AppendItem[]) => (await store.commit(items, [])).appended;
    beforeAll(async () => {
      database = await ENGINES[engine]();
      store = database.open();
      await store.migrate();
      await store.tx((c) => insertTenant(c, tenant));
      await store.tx((c) => insertTenant(c, other));
    }, 60_000);
    afterAll(async () => {
      await store.close();
      await database.drop();
    });

    it('migrates again as a no-op', async () => {
      await store.migrate();
      const found = await store.read((c) => findTenantByWidgetKey(c, tenant.widgetKey));
      expect(found?.id).toBe(tenant.id);
    });

    it('creates the conversation with its first message and numbers messages from 1', async () => {
      const fresh = newConversation(tenant.id);
      const results = await append([
        customerMessage(fresh.conversation, 'a1', 'where is my order?', fresh),
        customerMessage(fresh.conversation, 'a2', '我的快递到哪了 📦', fresh),
      ]);
      expect(results.map((r) => r.ok && r.message.seq)).toEqual([1, 2]);
      const stored = await store.read((c) =>
        listMessages(c, tenant.id, fresh.conversation.id, 0, 10),
      );
      expect(stored.map((m) => m.text)).toEqual(['where is my order?', '我的快递到哪了 📦']);
      const conversation = await store.read((c) =>
        getConversation(c, tenant.id, fresh.conversation.id),
      );
      expect(conversation?.lastSeq).toBe(2);
    });

    it('stores a retried clientMsgId once and answers with the original', async () => {
      const fresh = newConversation(tenant.id);
      const [first] = await append([
        customerMessage(fresh.conversation, 'retry-1', 'hello', fresh),
      ]);
      const again = await append([
        customerMessage(fresh.conversation, 'retry-1', 'hello'),
        customerMessage(fresh.conversation, 'retry-2', 'second'),
        customerMessage(fresh.conversation, 'retry-2', 'second'),
      ]);
      expect(first?.ok && first.duplicate).toBe(false);
      expect(again.map((r) => r.ok && [r.message.seq, r.duplicate])).toEqual([
        [1, true],
        [2, false],
        [2, true],
      ]);
      if (first?.ok && again[0]?.ok) expect(again[0].message.id).toBe(first.message.id);
      const stored = await store.read((c) =>
        listMessages(c, tenant.id, fresh.conversation.id, 0, 10),
      );
      expect(stored).toHaveLength(2);
    });

    it('compares clientMsgId byte for byte', async () => {
      const fresh = newConversation(tenant.id);
      const results = await append([
        customerMessage(fresh.conversation, 'abc', 'one', fresh),
        customerMessage(fresh.conversation, 'ABC', 'two'),
      ]);
      expect(results.map((r) => r.ok && r.duplicate)).toEqual([false, false]);
    });

    it('keeps seq gap-free per conversation when batches interleave conversations', async () => {
      const a = newConversation(tenant.id);
      const b = newConversation(tenant.id);
      const batch: AppendItem[] = [];
      for (let i = 0; i < 30; i++) {
        const target = i % 3 === 0 ? a : b;
        batch.push(customerMessage(target.conversation, `m${i}`, `text ${i}`, target));
      }
      await append(batch.slice(0, 17));
      await append(batch.slice(17));
      for (const target of [a, b]) {
        const stored = await store.read((c) =>
          listMessages(c, tenant.id, target.conversation.id, 0, 100),
        );
        expect(stored.map((m) => m.seq)).toEqual(stored.map((_, i) => i + 1));
      }
    });

    it('refuses a message for a conversation of another tenant and stores nothing', async () => {
      const fresh = newConversation(tenant.id);
      await append([customerMessage(fresh.conversation, 'x', 'mine', fresh)]);
      const intruder = {
        ...customerMessage(fresh.conversation, 'y', 'not yours'),
        tenantId: other.id,
      };
      const [result] = await append([intruder]);
      expect(result).toEqual({ ok: false, reason: 'not_found' });
      expect(
        await store.read((c) => getConversation(c, other.id, fresh.conversation.id)),
      ).toBeUndefined();
      expect(
        await store.read((c) => listMessages(c, other.id, fresh.conversation.id, 0, 10)),
      ).toEqual([]);
      const stored = await store.read((c) =>
        listMessages(c, tenant.id, fresh.conversation.id, 0, 10),
      );
      expect(stored.map((m) => m.text)).toEqual(['mine']);
    });

    it('pages messages by seq', async () => {
      const fresh = newConversation(tenant.id);
      const items = Array.from({ length: 12 }, (_, i) =>
        customerMessage(fresh.conversation, `p${i}`, `#${i + 1}`, fresh),
      );
      await append(items);
      const page = await store.read((c) => listMessages(c, tenant.id, fresh.conversation.id, 5, 4));
      expect(page.map((m) => m.seq)).toEqual([6, 7, 8, 9]);
    });

    it('rolls back the whole transaction when its body throws', async () => {
      const fresh = newConversation(tenant.id);
      await expect(
        store.tx(function* (c) {
          yield* appendMessages(c, [customerMessage(fresh.conversation, 'r1', 'lost', fresh)]);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(
        await store.read((c) => getConversation(c, tenant.id, fresh.conversation.id)),
      ).toBeUndefined();
    });

    it('lists conversations newest first with a cursor, only of the tenant', async () => {
      const theirs = newConversation(other.id);
      await append([customerMessage(theirs.conversation, 'o', 'other tenant', theirs)]);
      const firstPage = await store.read((c) => listConversations(c, tenant.id, { limit: 3 }));
      expect(firstPage).toHaveLength(3);
      const last = firstPage.at(-1)!;
      const next = await store.read((c) =>
        listConversations(c, tenant.id, {
          limit: 100,
          before: { updatedAt: last.updatedAt, id: last.id },
        }),
      );
      const all = [...firstPage, ...next];
      expect(new Set(all.map((x) => x.id)).size).toBe(all.length);
      expect(all.every((x) => x.tenantId === tenant.id)).toBe(true);
      const theirsListed = await store.read((c) => listConversations(c, other.id, { limit: 100 }));
      expect(theirsListed.map((x) => x.id)).toEqual([theirs.conversation.id]);
    });

    it('refuses to open a database migrated by a newer kefu', async () => {
      const future = Date.now() + 365 * 24 * 3600 * 1000;
      await store.tx((c) =>
        execute(
          c,
          sql`INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('future', ${future})`,
        ),
      );
      await expect(store.migrate()).rejects.toThrow(/newer than this kefu build/);
      await store.tx((c) =>
        execute(c, sql`DELETE FROM __drizzle_migrations WHERE hash = 'future'`),
      );
      await store.migrate();
    });
  });
}
