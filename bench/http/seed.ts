/**
 * Gives the REST routes something to read: the agent comes online (its socket stays open),
 * a few customers each send one message (which stores their conversation; the bot answers
 * them), then one conversation is transferred to the agent (agents may only post to
 * conversations assigned to them) for the get and send routes.
 */
import type { Kefu } from '../lib/kefu/setup.ts';
import type { LoadGenerator } from '../lib/loadgen/driver.ts';

type Row = { id?: string; assignedAgentId?: string | null };

/** The rows of a list answer, whether it is an array or an object holding one. */
function rows(body: unknown): Row[] {
  if (Array.isArray(body)) return body as Row[];
  if (body && typeof body === 'object') {
    const list = Object.values(body).find(Array.isArray);
    if (list) return list as Row[];
  }
  return [];
}

/** Seeds `count` conversations; returns one conversation id from the list route. */
export async function seedConversations(
  lg: LoadGenerator,
  kefu: Kefu,
  count: number,
): Promise<{ conversationId: string | undefined; notes: string[] }> {
  await lg.connect('agents', 'agent', 1, { urls: kefu.agentUrls(), ratePerSec: 10 });
  await lg.connect('seed', 'web', count, { urls: kefu.customerUrls('web'), ratePerSec: 1000 });
  await lg.sendOne('seed', 'hello from the http bench', 200);
  await Bun.sleep(500);
  await lg.drain(1000, 10_000);
  const response = await fetch(`${kefu.server.baseUrl}/api/v1/conversations?limit=20`, {
    headers: { authorization: `Bearer ${kefu.apiKey}` },
  });
  const body = await response.json().catch(() => undefined);
  const list = response.ok ? rows(body) : [];
  const agentId = kefu.agents[0]?.agentId;
  let mine = list.find((row) => agentId && row.assignedAgentId === agentId);
  // The bot answers the seed messages, so nothing is assigned: hand one to the bench agent.
  if (!mine && list[0]?.id && agentId) {
    const moved = await fetch(
      `${kefu.server.baseUrl}/api/v1/conversations/${list[0].id}/transfer`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${kefu.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ toAgentId: agentId, reason: 'http bench' }),
      },
    );
    if (moved.ok) mine = list[0];
  }
  const conversationId = (mine ?? list[0])?.id;
  const notes = [
    `seeded ${count} conversations; list answered HTTP ${response.status}; the conversation used is ${mine ? 'assigned to the bench agent' : 'not assigned to the bench agent (send will be refused)'}`,
  ];
  if (!conversationId) notes.push('no conversation id from the list route: get and send skipped');
  return { conversationId, notes };
}
