/**
 * Gives the REST routes something to read: a few customers each send one message (which
 * stores their conversation), then the list route names a conversation to get and post to.
 */
import type { Kefu } from '../lib/kefu/setup.ts';
import type { LoadGenerator } from '../lib/loadgen/driver.ts';

function firstId(body: unknown): string | undefined {
  if (Array.isArray(body)) return (body[0] as { id?: string } | undefined)?.id;
  if (body && typeof body === 'object') {
    for (const value of Object.values(body)) {
      const id = Array.isArray(value) ? firstId(value) : undefined;
      if (id) return id;
    }
  }
  return undefined;
}

/** Seeds `count` conversations; returns one conversation id from the list route. */
export async function seedConversations(
  lg: LoadGenerator,
  kefu: Kefu,
  count: number,
): Promise<{ conversationId: string | undefined; notes: string[] }> {
  await lg.connect('seed', 'web', count, { urls: kefu.customerUrls('web'), ratePerSec: 1000 });
  await lg.sendOne('seed', 'hello from the http bench', 200);
  await Bun.sleep(1500);
  const response = await fetch(`${kefu.server.baseUrl}/api/v1/conversations?limit=20`, {
    headers: { authorization: `Bearer ${kefu.apiKey}` },
  });
  const body = await response.json().catch(() => undefined);
  const conversationId = response.ok ? firstId(body) : undefined;
  const notes = [`seeded ${count} conversations; list answered HTTP ${response.status}`];
  if (!conversationId) notes.push('no conversation id from the list route: get and send skipped');
  return { conversationId, notes };
}
