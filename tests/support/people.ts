/**
 * A fresh tenant with named people in it (for browser tests: each test its own tenant, so
 * assignments never cross tests).
 */
import { type CreatedTenant, createAgent } from '../../src/accounts/index.ts';
import type { TestKefu } from './kefu.ts';
import { TestSocket } from './ws-client.ts';

export const PASSWORD = 'correct horse battery';

export interface Person {
  id: string;
  name: string;
  email: string;
  password: string;
  token: string;
  /** A plain agent socket (hello received): this person online without a browser. */
  connect(): Promise<TestSocket>;
}

export async function tenantWith(
  k: TestKefu,
  people: { name: string; role?: string; capacity?: number; skills?: string[] }[],
): Promise<{ tenant: CreatedTenant; people: Person[] }> {
  const tenant = await k.addTenant();
  const made: Person[] = [];
  for (const p of people) {
    const email = `${p.name.toLowerCase().replace(/\W+/g, '.')}.${Bun.randomUUIDv7()}@example.com`;
    const user = await createAgent(k.kefu.store, {
      tenantId: tenant.tenantId,
      email,
      password: PASSWORD,
      name: p.name,
      role: (p.role ?? 'agent') as never,
      capacity: p.capacity,
      skills: p.skills,
    });
    const { token } = (await (
      await k.api('/api/v1/auth/login', { method: 'POST', json: { email, password: PASSWORD } })
    ).json()) as { token: string };
    made.push({
      id: user.id,
      name: p.name,
      email,
      password: PASSWORD,
      token,
      async connect() {
        const socket = await TestSocket.open(`${k.wsUrl}/ws/agent?token=${token}`);
        await socket.nextOf('hello');
        return socket;
      },
    });
  }
  return { tenant, people: made };
}

/** A customer over a plain WebSocket who has written `text` (acked). */
export async function customerWrites(k: TestKefu, widgetKey: string, text: string) {
  const socket = await TestSocket.open(`${k.wsUrl}/ws/customer?widgetKey=${widgetKey}`);
  const welcome = await socket.nextOf('welcome');
  socket.send({ t: 'msg', clientMsgId: `c-${crypto.randomUUID()}`, text });
  await socket.nextOf('ack');
  return { socket, conversationId: welcome.conversationId as string };
}

/** GET with a token, as JSON. */
export async function getJson<T = Record<string, any>>(
  k: TestKefu,
  path: string,
  token: string,
): Promise<T> {
  const res = await k.api(path, { token });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
