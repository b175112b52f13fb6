/**
 * A tenant's webhooks: create (the secret is shown once), list, change, delete, rotate.
 * Active webhooks are cached per tenant (every event looks them up); changes through this
 * node apply at once, other nodes see them within the cache's lifetime.
 */
import { KefuError, notFound } from '../errors.ts';
import type { Outbox } from '../outbox/index.ts';
import {
  type Body,
  type Ctx,
  deleteWebhook,
  insertWebhook,
  killPendingDeliveries,
  listWebhooks,
  type Store,
  updateWebhook,
  type Webhook,
} from '../store/index.ts';
import { newWebhookSecret } from './sign.ts';

/** More writes in the transaction of a change (its audit entry). */
export type AlsoWrite = (c: Ctx, hook: Webhook) => Body<unknown>;

/** Events a webhook can subscribe to (`*`: all of them). */
export const WEBHOOK_EVENTS = [
  'message.created',
  'conversation.created',
  'conversation.assigned',
  'conversation.closed',
  'ticket.created',
  'ticket.updated',
  'ticket.sla_breached',
  'csat.received',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

const CACHE_MS = 30_000;
const MAX_WEBHOOKS_PER_TENANT = 50;

export interface WebhookInput {
  url: string;
  events: string[];
  description?: string | null;
  active?: boolean;
}

export class Webhooks {
  private readonly cache = new Map<string, { hooks: Webhook[]; at: number }>();

  constructor(
    private readonly store: Store,
    private readonly outbox: Outbox,
  ) {}

  /** A new webhook and its signing secret (returned this once). */
  async create(
    tenantId: string,
    input: WebhookInput,
    alsoWrite?: AlsoWrite,
  ): Promise<{ webhook: Webhook; secret: string }> {
    const existing = await this.all(tenantId, true);
    if (existing.length >= MAX_WEBHOOKS_PER_TENANT) {
      throw new KefuError('conflict', `at most ${MAX_WEBHOOKS_PER_TENANT} webhooks per tenant`);
    }
    const now = Date.now();
    const webhook: Webhook = {
      id: Bun.randomUUIDv7(),
      tenantId,
      url: checkUrl(input.url),
      events: checkEvents(input.events),
      description: input.description ?? null,
      secret: newWebhookSecret(),
      active: input.active ?? true,
      createdAt: now,
      updatedAt: now,
    };
    await this.store.tx(function* (c) {
      yield* insertWebhook(c, webhook);
      if (alsoWrite) yield* alsoWrite(c, webhook);
    });
    this.cache.delete(tenantId);
    return { webhook, secret: webhook.secret };
  }

  list(tenantId: string): Promise<Webhook[]> {
    return this.all(tenantId, true);
  }

  async get(tenantId: string, id: string): Promise<Webhook> {
    const hook = (await this.all(tenantId)).find((h) => h.id === id);
    if (!hook) throw notFound('webhook');
    return hook;
  }

  /** Live webhooks of the tenant subscribed to `event`. */
  async subscribed(tenantId: string, event: string): Promise<Webhook[]> {
    return (await this.all(tenantId)).filter(
      (h) => h.active && (h.events.includes(event) || h.events.includes('*')),
    );
  }

  /** The webhook registered for exactly this URL (rule `webhook` actions are signed with it). */
  async byUrl(tenantId: string, url: string): Promise<Webhook | undefined> {
    return (await this.all(tenantId)).find((h) => h.url === url);
  }

  async update(
    tenantId: string,
    id: string,
    patch: Partial<WebhookInput>,
    alsoWrite?: AlsoWrite,
  ): Promise<Webhook> {
    const hook = await this.get(tenantId, id);
    const changes = {
      ...(patch.url !== undefined ? { url: checkUrl(patch.url) } : {}),
      ...(patch.events !== undefined ? { events: checkEvents(patch.events) } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.active !== undefined ? { active: patch.active } : {}),
      updatedAt: Date.now(),
    };
    await this.store.tx(function* (c) {
      yield* updateWebhook(c, tenantId, id, changes);
      if (alsoWrite) yield* alsoWrite(c, hook);
    });
    this.cache.delete(tenantId);
    if (patch.active) this.outbox.kick();
    return this.get(tenantId, id);
  }

  async rotateSecret(tenantId: string, id: string, alsoWrite?: AlsoWrite): Promise<string> {
    const hook = await this.get(tenantId, id);
    const secret = newWebhookSecret();
    await this.store.tx(function* (c) {
      yield* updateWebhook(c, tenantId, id, { secret, updatedAt: Date.now() });
      if (alsoWrite) yield* alsoWrite(c, hook);
    });
    this.cache.delete(tenantId);
    return secret;
  }

  /** Deletes the webhook; its pending deliveries are dead-lettered. */
  async remove(tenantId: string, id: string, alsoWrite?: AlsoWrite): Promise<void> {
    const hook = await this.get(tenantId, id);
    const now = Date.now();
    await this.store.tx(function* (c) {
      yield* deleteWebhook(c, tenantId, id);
      if (alsoWrite) yield* alsoWrite(c, hook);
      yield* killPendingDeliveries(c, tenantId, id, 'webhook deleted', now);
    });
    this.cache.delete(tenantId);
  }

  private async all(tenantId: string, fresh = false): Promise<Webhook[]> {
    const hit = this.cache.get(tenantId);
    if (!fresh && hit && Date.now() - hit.at < CACHE_MS) return hit.hooks;
    const hooks = await this.store.read((c) => listWebhooks(c, tenantId));
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(tenantId, { hooks, at: Date.now() });
    return hooks;
  }
}

function checkUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new KefuError('validation_failed', 'url: not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new KefuError('validation_failed', 'url: http or https only');
  if (raw.length > 2000) throw new KefuError('validation_failed', 'url: at most 2000 characters');
  return raw;
}

function checkEvents(events: string[]): string[] {
  const unique = [...new Set(events)];
  if (unique.length === 0) throw new KefuError('validation_failed', 'events: at least one');
  const unknown = unique.filter(
    (e) => e !== '*' && !(WEBHOOK_EVENTS as readonly string[]).includes(e),
  );
  if (unknown.length > 0) {
    throw new KefuError(
      'validation_failed',
      `events: unknown ${unknown.join(', ')} (known: ${WEBHOOK_EVENTS.join(', ')}, or *)`,
    );
  }
  return unique;
}
