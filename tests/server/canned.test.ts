/** Canned responses over REST: shortcuts in any script, refused when they hold spaces. */
import { afterAll, beforeAll, describe, expect, it } from 'bun:test';
import { startTestKefu, type TestKefu } from '../support/kefu.ts';

let k: TestKefu;
beforeAll(async () => {
  k = await startTestKefu();
}, 60_000);
afterAll(() => k.stop());

const create = (shortcut: string) =>
  k.api('/api/v1/canned-responses', {
    method: 'POST',
    token: k.tenant.apiKey,
    json: { shortcut, title: 'Title', body: 'Hello {{agent.name}}' },
  });

describe('canned responses', () => {
  it('accepts shortcuts of letters in any script, digits, _ and -', async () => {
    for (const shortcut of ['thanks', '退款', 'order_2-b'])
      expect((await create(shortcut)).status).toBe(201);
    const list = (await (
      await k.api('/api/v1/canned-responses', { token: k.tenant.apiKey })
    ).json()) as { responses: { shortcut: string }[] };
    expect(list.responses.map((r) => r.shortcut).sort()).toEqual(['order_2-b', 'thanks', '退款']);
  });

  it('refuses a shortcut with spaces or a slash, on create and on change', async () => {
    expect((await create('two words')).status).toBe(422);
    expect((await create('a/b')).status).toBe(422);
    const made = (await (await create('edit-me')).json()) as { id: string };
    const patched = await k.api(`/api/v1/canned-responses/${made.id}`, {
      method: 'PATCH',
      token: k.tenant.apiKey,
      json: { shortcut: 'no good' },
    });
    expect(patched.status).toBe(422);
  });
});
