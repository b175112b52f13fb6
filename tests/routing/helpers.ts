import type { TestKefu } from '../support/kefu.ts';
import type { TestSocket } from '../support/ws-client.ts';

export async function createGroup(k: TestKefu, body: Record<string, unknown>) {
  const res = await k.api('/api/v1/groups', { method: 'POST', token: k.tenant.apiKey, json: body });
  if (res.status !== 201) throw new Error(`group: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string; key: string };
}

/** A customer who says `text` and waits for the ack. */
export async function customerSays(k: TestKefu, text: string, token?: string) {
  const socket = await k.customer({ token });
  const welcome = await socket.nextOf('welcome');
  socket.send({ t: 'msg', clientMsgId: `m-${crypto.randomUUID()}`, text });
  await socket.nextOf('ack');
  return { socket, welcome, conversationId: welcome.conversationId as string };
}

export function assignedTo(socket: TestSocket, conversationId: string, timeoutMs = 5000) {
  return socket.nextOf(
    'conversation',
    (f) => f.conversation.id === conversationId && f.conversation.state === 'assigned',
    timeoutMs,
  );
}

export async function conversation(k: TestKefu, id: string) {
  const res = await k.api(`/api/v1/conversations/${id}`, { token: k.tenant.apiKey });
  return ((await res.json()) as { conversation: Record<string, any> }).conversation;
}

export async function routingEvents(k: TestKefu, id: string) {
  const res = await k.api(`/api/v1/conversations/${id}/events`, { token: k.tenant.apiKey });
  return (
    (await res.json()) as {
      events: { kind: string; detail: Record<string, any>; ruleId: string | null }[];
    }
  ).events;
}

export async function saveRules(k: TestKefu, rules: unknown[]) {
  const current = (await (await k.api('/api/v1/rules', { token: k.tenant.apiKey })).json()) as {
    version: number;
  };
  return k.api('/api/v1/rules', {
    method: 'PUT',
    token: k.tenant.apiKey,
    json: { baseVersion: current.version, rules },
  });
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await Bun.sleep(50);
  }
}
